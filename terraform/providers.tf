# No profile here: the CLI passes the env's AWS profile as AWS_PROFILE.
provider "aws" {
  region = var.region

  default_tags {
    tags = var.tags
  }
}
