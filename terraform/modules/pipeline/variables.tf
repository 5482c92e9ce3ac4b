variable "prefix" {
  description = "Name prefix of the environment."
  type        = string
}

variable "region" {
  description = "AWS region of the stack."
  type        = string
}

variable "artifact_bucket" {
  description = "Existing S3 bucket for pipeline artifacts."
  type        = string
}

variable "codebuild_image" {
  description = "CodeBuild image."
  type        = string
}

variable "container_name" {
  description = "Container name of the task definition; passed to the build as CONTAINER_NAME."
  type        = string
}

variable "ecs_cluster_name" {
  description = "ECS cluster the Deploy stage updates."
  type        = string
}

variable "ecs_service_name" {
  description = "ECS service the Deploy stage updates."
  type        = string
}

variable "task_role_arns" {
  description = "Roles the Deploy stage may pass to new task definition revisions."
  type        = list(string)
}

variable "log_retention_days" {
  description = "Retention of the CodeBuild log group in days."
  type        = number
}

variable "task_definition_family" {
  description = "Task definition family of the app; the Deploy stage may tag only revisions it registers there."
  type        = string
}

variable "build_cache" {
  description = "Whether CodeBuild keeps a local Docker layer, source and custom (pip) cache between builds."
  type        = bool
  default     = true
}
