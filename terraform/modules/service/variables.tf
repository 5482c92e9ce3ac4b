variable "prefix" {
  description = "Name prefix of the environment."
  type        = string
}

variable "region" {
  description = "AWS region (passed to the app and to awslogs)."
  type        = string
}

variable "cluster_id" {
  description = "ECS cluster the service runs in."
  type        = string
}

variable "container_name" {
  description = "Name of the app container (CodeBuild writes the same name into imagedefinitions.json)."
  type        = string
}

variable "bootstrap_image" {
  description = "Image of the first revision, used until the pipeline has deployed one (it need not exist yet)."
  type        = string
}

variable "memory_reservation_mib" {
  description = "Memory (MiB) ECS reserves for each app task."
  type        = number
}

variable "ecr_repository_arn" {
  description = "ECR repository the execution role may pull from."
  type        = string
}

variable "app_port" {
  description = "Port the app listens on inside the container."
  type        = number
}

variable "desired_tasks" {
  description = "Number of tasks."
  type        = number
}

variable "target_group_arn" {
  description = "Target group the tasks register in."
  type        = string
}

variable "table_name" {
  description = "DynamoDB table name (TC_DYNAMO_TABLE)."
  type        = string
}

variable "table_arn" {
  description = "DynamoDB table ARN the task role may use."
  type        = string
}

variable "log_retention_days" {
  description = "Retention of the app log group in days."
  type        = number
}

variable "host_metadata_dir" {
  description = "Host folder holding the instance id file (written by the hosts' user data), mounted read-only."
  type        = string
}

variable "deployment_strategy" {
  description = "rolling: ECS rolls out Terraform's revisions; blue_green: CodeDeploy owns the service's task set (deployment controller CODE_DEPLOY)."
  type        = string
  default     = "rolling"

  validation {
    condition     = contains(["rolling", "blue_green"], var.deployment_strategy)
    error_message = "deployment_strategy must be rolling or blue_green."
  }
}

variable "exec_enabled" {
  description = "ECS Exec: the service's enable_execute_command and the task role's ssmmessages permissions."
  type        = bool
  default     = true
  nullable    = false
}

variable "exec_session_logging" {
  description = "ECS Exec sessions log to the app's log group: the task role may write there (the cluster's execute command configuration points at it)."
  type        = bool
  default     = false
  nullable    = false

  validation {
    condition     = !var.exec_session_logging || var.exec_enabled
    error_message = "exec_session_logging needs exec_enabled = true."
  }
}
