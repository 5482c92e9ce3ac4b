variable "project_name" {
  description = "Short project name."
  type        = string
}

variable "environment" {
  description = "Environment name (the Terraform workspace)."
  type        = string
}
