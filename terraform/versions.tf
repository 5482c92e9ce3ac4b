terraform {
  required_version = ">= 1.10"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.100"
    }
  }

  # Partial configuration: bucket, key, region, use_lockfile and encrypt come from
  # backends/<env>.s3.tfbackend, written by `challenge init` and passed with -backend-config.
  backend "s3" {}
}
