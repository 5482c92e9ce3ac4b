variable "tags" {
  description = "Tags applied to every resource (provider default_tags)."
  type        = map(string)
  default = {
    project = "project_name"
    env     = "mock"
  }
}

variable "ec2_key_pair_name" {
  description = "Name of an existing EC2 key pair in the region, for SSH to the ECS hosts (never created here)."
  type        = string

  validation {
    condition     = length(trimspace(var.ec2_key_pair_name)) > 0 && length(var.ec2_key_pair_name) <= 255
    error_message = "ec2_key_pair_name must be the name of an existing key pair (1-255 characters)."
  }
}

variable "ecs_cluster_name" {
  description = "ECS cluster name; the environment prefix is prepended."
  type        = string
  default     = "cluster"

  validation {
    condition     = can(regex("^[a-zA-Z0-9_-]{1,64}$", var.ecs_cluster_name))
    error_message = "ecs_cluster_name must be 1-64 letters, digits, hyphens or underscores."
  }
}

variable "region" {
  description = "AWS region to deploy the stack into."
  type        = string
  default     = "us-east-2"

  validation {
    condition     = can(regex("^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]$", var.region))
    error_message = "region must be an AWS region code such as us-east-2 or eu-west-1."
  }
}

variable "app_port" {
  description = "Port the application container listens on."
  type        = number
  default     = 8000

  validation {
    condition     = var.app_port >= 1 && var.app_port <= 65535 && floor(var.app_port) == var.app_port
    error_message = "app_port must be a whole number between 1 and 65535."
  }
}

variable "instance_type" {
  description = "EC2 instance type of the ECS hosts."
  type        = string
  default     = "t3.micro"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]*[0-9][a-z0-9-]*\\.[a-z0-9]+$", var.instance_type))
    error_message = "instance_type must look like t3.micro or m7g.large."
  }
}

variable "desired_instance_capacity" {
  description = "Number of EC2 hosts in the Auto Scaling group [0:2]."
  type        = number
  default     = 2

  validation {
    condition     = var.desired_instance_capacity >= 0 && var.desired_instance_capacity <= 2 && floor(var.desired_instance_capacity) == var.desired_instance_capacity
    error_message = "desired_instance_capacity must be a whole number from 0 to 2."
  }
}

variable "desired_tasks" {
  description = "Number of ECS tasks of the app service."
  type        = number
  default     = 2

  validation {
    condition     = var.desired_tasks >= 0 && var.desired_tasks <= 20 && floor(var.desired_tasks) == var.desired_tasks
    error_message = "desired_tasks must be a whole number from 0 to 20."
  }
}

variable "artifact_store" {
  description = "Existing S3 bucket for CodePipeline artifacts."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.artifact_store))
    error_message = "artifact_store must be an S3 bucket name: 3-63 lowercase letters, digits, dots or hyphens."
  }
}

variable "codebuild_image" {
  description = "CodeBuild image for the build stage (needs Python 3.11+ and Docker)."
  type        = string
  default     = "aws/codebuild/standard:7.0"

  validation {
    condition     = length(trimspace(var.codebuild_image)) > 0
    error_message = "codebuild_image must not be empty."
  }
}

variable "healthcheck_path" {
  description = "Path the target group health check requests."
  type        = string
  default     = "/gtg"

  validation {
    condition     = startswith(var.healthcheck_path, "/")
    error_message = "healthcheck_path must start with /."
  }
}

variable "project_name" {
  description = "Short project name; with the workspace it prefixes every resource name."
  type        = string
  default     = "challenge"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,11}$", var.project_name))
    error_message = "project_name must be 1-12 lowercase letters, digits or hyphens, starting with a letter."
  }
}

variable "log_retention_days" {
  description = "Retention of the app's CloudWatch log group, in days."
  type        = number
  default     = 14

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a CloudWatch retention value such as 7, 14, 30 or 90."
  }
}
