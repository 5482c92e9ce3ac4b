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
  description = "EC2 instance type of the ECS hosts (x86_64: the AMI and the app image are x86_64)."
  type        = string
  default     = "t3.micro"

  validation {
    condition     = contains(keys(local.instance_memory_mib), var.instance_type)
    error_message = "instance_type ${jsonencode(var.instance_type)} is not one of the x86_64 types this stack sizes tasks for (the ECS AMI and the app image are x86_64; Graviton types such as t4g or m7g would not start them). Use t2/t3/t3a nano..2xlarge, or large..4xlarge of m5, m5a, m6i, m6a, m7i, m7a, c5, c5a, c6i, c6a, c7i, c7a, r5, r5a, r6i, r6a, r7i, r7a, e.g. t3.small."
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

  # A rolling deploy starts the new tasks before it stops the old ones (deployment maximum 200 %):
  # the hosts must hold twice desired_tasks, or tasks stay pending and the deploy action times out.
  # With no hosts (desired_instance_capacity = 0, the stack parked) nothing runs and nothing is checked.
  validation {
    condition     = !contains(keys(local.instance_memory_mib), var.instance_type) || var.desired_instance_capacity == 0 || 2 * var.desired_tasks <= local.task_slots
    error_message = "desired_tasks = ${var.desired_tasks} needs room for ${2 * var.desired_tasks} tasks during a deploy (200 %), but ${var.desired_instance_capacity} x ${var.instance_type} hold ${local.task_slots} (${local.tasks_per_host} per host at ${var.task_memory_mib} MiB each). Fix: desired_tasks <= ${floor(local.task_slots / 2)}, a larger instance_type, more hosts (desired_instance_capacity), or a smaller task_memory_mib."
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

variable "ssh_ingress_cidrs" {
  description = "Networks (CIDR) allowed to SSH to the ECS hosts on TCP 22; none by default (use SSM Session Manager)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for cidr in var.ssh_ingress_cidrs : can(cidrhost(cidr, 0)) && !contains(["0.0.0.0/0", "::/0"], cidr)])
    error_message = "ssh_ingress_cidrs must hold CIDR blocks such as 203.0.113.7/32, and never the whole internet (0.0.0.0/0, ::/0); leave it empty and use SSM Session Manager."
  }
}

variable "dynamodb_encryption" {
  description = "Key of the table's encryption at rest: aws_owned (free), aws_managed (aws/dynamodb, KMS charges) or a KMS key ARN."
  type        = string
  default     = "aws_owned"

  validation {
    condition     = contains(["aws_owned", "aws_managed"], var.dynamodb_encryption) || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[0-9a-f-]{36}$", var.dynamodb_encryption))
    error_message = "dynamodb_encryption must be aws_owned, aws_managed or a KMS key ARN (arn:aws:kms:<region>:<account>:key/<key id>)."
  }
}

variable "dynamodb_deletion_protection" {
  description = "Whether AWS refuses to delete the candidates table (deletion protection); challenge destroy backs the table up and lifts it with -var=dynamodb_deletion_protection=false."
  type        = bool
  default     = true
  nullable    = false
}

variable "task_memory_mib" {
  description = "Memory (MiB) each app task reserves on its host (the container's memoryReservation)."
  type        = number
  default     = 256

  validation {
    condition     = var.task_memory_mib >= 128 && var.task_memory_mib <= 30720 && floor(var.task_memory_mib) == var.task_memory_mib
    error_message = "task_memory_mib must be a whole number of MiB from 128 to 30720."
  }
}

variable "health_check_interval_seconds" {
  description = "Seconds between two target group health checks of a task."
  type        = number
  default     = 5

  validation {
    condition     = var.health_check_interval_seconds >= 5 && var.health_check_interval_seconds <= 300 && floor(var.health_check_interval_seconds) == var.health_check_interval_seconds
    error_message = "health_check_interval_seconds must be a whole number from 5 to 300 (the ALB limits)."
  }
}

variable "health_check_timeout_seconds" {
  description = "Seconds a health check waits for /gtg before it counts as failed; less than the interval."
  type        = number
  default     = 3

  validation {
    condition     = var.health_check_timeout_seconds >= 2 && var.health_check_timeout_seconds < var.health_check_interval_seconds && floor(var.health_check_timeout_seconds) == var.health_check_timeout_seconds
    error_message = "health_check_timeout_seconds must be a whole number of at least 2 and less than health_check_interval_seconds (${var.health_check_interval_seconds})."
  }
}

variable "health_check_healthy_threshold" {
  description = "Consecutive passed health checks before a new task receives traffic."
  type        = number
  default     = 2

  validation {
    condition     = var.health_check_healthy_threshold >= 2 && var.health_check_healthy_threshold <= 10 && floor(var.health_check_healthy_threshold) == var.health_check_healthy_threshold
    error_message = "health_check_healthy_threshold must be a whole number from 2 to 10."
  }
}

variable "deregistration_delay_seconds" {
  description = "Seconds the load balancer drains a stopping task's connections (the app's requests take well under a second)."
  type        = number
  default     = 5

  validation {
    condition     = var.deregistration_delay_seconds >= 0 && var.deregistration_delay_seconds <= 3600 && floor(var.deregistration_delay_seconds) == var.deregistration_delay_seconds
    error_message = "deregistration_delay_seconds must be a whole number from 0 to 3600."
  }
}

variable "container_stop_timeout_seconds" {
  description = "ECS_CONTAINER_STOP_TIMEOUT: seconds from SIGTERM to SIGKILL when a task stops; gunicorn drains within 3."
  type        = number
  default     = 5

  validation {
    condition     = var.container_stop_timeout_seconds >= 4 && var.container_stop_timeout_seconds <= 120 && floor(var.container_stop_timeout_seconds) == var.container_stop_timeout_seconds
    error_message = "container_stop_timeout_seconds must be a whole number from 4 (more than gunicorn's 3 s graceful timeout) to 120."
  }
}

variable "image_pull_behavior" {
  description = "ECS_IMAGE_PULL_BEHAVIOR: once starts a task from an image already on the host and keeps the agent's image cleanup on."
  type        = string
  default     = "once"

  # prefer-cached turns the agent's automated image cleanup off, so images would pile up on the hosts' disk
  # (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/pull-behavior.html).
  validation {
    condition     = contains(["default", "always", "once"], var.image_pull_behavior)
    error_message = "image_pull_behavior must be default, always or once (prefer-cached turns the ECS agent's image cleanup off, filling the hosts' disk; once reuses cached images and keeps cleanup on)."
  }
}

variable "build_cache" {
  description = "Whether CodeBuild keeps a local Docker layer, source and pip cache between builds."
  type        = bool
  default     = true
}

variable "test_stage_enabled" {
  description = "Whether the pipeline runs its Test stage (the built image against a temporary DynamoDB table, checked with the app's contract) between Build and Approval."
  type        = bool
  default     = true
}

variable "exec_enabled" {
  description = "Whether `challenge exec` (ECS Exec) may open a shell or run a command in the app's tasks: the service's enable_execute_command and the task role's ssmmessages permissions. Tasks started before a change keep their setting until replaced."
  type        = bool
  default     = true
  nullable    = false
}

variable "exec_session_logging" {
  description = "Whether ECS Exec sessions (commands and output) are logged to the app's log group (needs exec_enabled)."
  type        = bool
  default     = false
  nullable    = false

  validation {
    condition     = !var.exec_session_logging || var.exec_enabled
    error_message = "exec_session_logging logs ECS Exec sessions: set exec_enabled = true too, or exec_session_logging = false."
  }
}

variable "certificate_arn" {
  description = "ACM certificate ARN (same region) for HTTPS on 443; port 80 then redirects to it. null: HTTP only."
  type        = string
  default     = null

  validation {
    condition     = var.certificate_arn == null || can(regex("^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/[0-9a-f-]{36}$", var.certificate_arn))
    error_message = "certificate_arn must be an ACM certificate ARN such as arn:aws:acm:us-east-2:123456789012:certificate/<id>, or null for HTTP only."
  }
}

variable "app_domain_name" {
  description = "DNS name that points at the ALB (and that the certificate covers); app_url uses it instead of the ALB name."
  type        = string
  default     = null

  validation {
    condition     = var.app_domain_name == null || can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", var.app_domain_name))
    error_message = "app_domain_name must be a lowercase DNS name such as app.example.com, or null."
  }
}

variable "deployment_strategy" {
  description = "How the pipeline deploys: rolling (ECS rolling update, the seed's) or blue_green (CodeDeploy: new tasks behind a second target group, then traffic moves). Switching replaces the ECS service."
  type        = string
  default     = "rolling"

  validation {
    condition     = contains(["rolling", "blue_green"], var.deployment_strategy)
    error_message = "deployment_strategy must be rolling or blue_green."
  }
}

variable "blue_green_test_listener_port" {
  description = "ALB port of the blue/green test listener (the new tasks before traffic moves); reachable only from blue_green_test_listener_cidrs."
  type        = number
  default     = 8080

  validation {
    condition     = var.blue_green_test_listener_port >= 1 && var.blue_green_test_listener_port <= 65535 && floor(var.blue_green_test_listener_port) == var.blue_green_test_listener_port && !contains([80, 443], var.blue_green_test_listener_port)
    error_message = "blue_green_test_listener_port must be a whole number from 1 to 65535 other than 80 and 443 (the production listeners), e.g. 8080."
  }
}

variable "blue_green_test_listener_cidrs" {
  description = "Networks (CIDR) allowed to reach the blue/green test listener; null: the VPC only. Never the whole internet."
  type        = list(string)
  default     = null

  validation {
    condition     = var.blue_green_test_listener_cidrs == null || alltrue([for cidr in coalesce(var.blue_green_test_listener_cidrs, []) : can(cidrhost(cidr, 0)) && !contains(["0.0.0.0/0", "::/0"], cidr)])
    error_message = "blue_green_test_listener_cidrs must hold CIDR blocks such as 203.0.113.7/32 (never 0.0.0.0/0 or ::/0), or be null for the VPC only."
  }
}

variable "blue_green_wait_before_reroute_minutes" {
  description = "Blue/green: 0 moves traffic as soon as the new tasks are healthy; N waits up to N minutes for `challenge approve --continue`, then stops and rolls back."
  type        = number
  default     = 0

  validation {
    condition     = var.blue_green_wait_before_reroute_minutes >= 0 && var.blue_green_wait_before_reroute_minutes <= 2880 && floor(var.blue_green_wait_before_reroute_minutes) == var.blue_green_wait_before_reroute_minutes
    error_message = "blue_green_wait_before_reroute_minutes must be a whole number of minutes from 0 to 2880 (CodeDeploy's limit, two days)."
  }
}

variable "blue_green_terminate_blue_after_minutes" {
  description = "Blue/green: minutes the old tasks keep running after traffic moved (a rollback within them is instant), then they stop."
  type        = number
  default     = 5

  validation {
    condition     = var.blue_green_terminate_blue_after_minutes >= 0 && var.blue_green_terminate_blue_after_minutes <= 2880 && floor(var.blue_green_terminate_blue_after_minutes) == var.blue_green_terminate_blue_after_minutes
    error_message = "blue_green_terminate_blue_after_minutes must be a whole number of minutes from 0 to 2880 (CodeDeploy's limit, two days)."
  }
}
