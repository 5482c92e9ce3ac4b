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

variable "deployment_strategy" {
  description = "rolling: the Deploy stage is the ECS action (imagedefinitions.json); blue_green: CodeDeployToECS (taskdef.json, appspec.yaml, imageDetail.json)."
  type        = string
  default     = "rolling"

  validation {
    condition     = contains(["rolling", "blue_green"], var.deployment_strategy)
    error_message = "deployment_strategy must be rolling or blue_green."
  }
}

variable "blue_green" {
  description = "Blue/green settings (required with deployment_strategy = blue_green, else null): the load balancer's groups, listeners and alarms, the task definition template, and the timing."
  type = object({
    target_group_names                 = list(string)
    production_listener_arn            = string
    test_listener_arn                  = string
    alarm_names                        = list(string)
    task_definition_template_parameter = object({ name = string, arn = string })
    image_placeholder                  = string
    wait_before_reroute_minutes        = number
    terminate_blue_after_minutes       = number
  })
  default = null

  validation {
    condition     = var.blue_green == null || try(length(var.blue_green.target_group_names) == 2, false)
    error_message = "blue_green.target_group_names must name the blue and the green target group."
  }
}

variable "deployed_images_kept" {
  description = "How many of the most recently deployed images (tagged deployed-<execution id>) the ECR lifecycle policy keeps, besides the 20 most recent builds."
  type        = number
  default     = 10

  validation {
    condition     = var.deployed_images_kept >= 2 && floor(var.deployed_images_kept) == var.deployed_images_kept
    error_message = "deployed_images_kept must be a whole number of at least 2 (the running image and one to roll back to)."
  }
}
