variable "prefix" {
  description = "Name prefix of the environment."
  type        = string
}

variable "cluster_name" {
  description = "Name of the ECS cluster."
  type        = string
}

variable "vpc_id" {
  description = "VPC of the hosts."
  type        = string
}

variable "subnet_ids" {
  description = "Subnets the Auto Scaling group spreads the hosts over."
  type        = list(string)
}

variable "alb_security_group_id" {
  description = "Security group of the load balancer, the only source of app traffic."
  type        = string
}

variable "instance_type" {
  description = "EC2 instance type of the hosts."
  type        = string
}

variable "key_pair_name" {
  description = "Existing EC2 key pair for SSH."
  type        = string
}

variable "desired_capacity" {
  description = "Desired number of hosts (0..2)."
  type        = number

  validation {
    condition     = var.desired_capacity >= 0 && var.desired_capacity <= 2
    error_message = "desired_capacity must be between 0 and 2."
  }
}

variable "tags" {
  description = "Tags for the instances, volumes and network interfaces the Auto Scaling group launches."
  type        = map(string)
  default     = {}
}

variable "ssh_ingress_cidrs" {
  description = "Networks allowed to reach the hosts on TCP 22 (none by default)."
  type        = list(string)
  default     = []
}

variable "container_stop_timeout_seconds" {
  description = "ECS_CONTAINER_STOP_TIMEOUT: seconds between SIGTERM and SIGKILL when a task stops."
  type        = number
}

variable "image_pull_behavior" {
  description = "ECS_IMAGE_PULL_BEHAVIOR of the ECS agent."
  type        = string

  validation {
    condition     = var.image_pull_behavior != "prefer-cached"
    error_message = "prefer-cached turns the ECS agent's image cleanup off; use once."
  }
}

variable "host_metadata_dir" {
  description = "Host folder where user data writes the instance id (instance-id) that tasks mount read-only."
  type        = string
}

variable "exec_log_group_name" {
  description = "CloudWatch log group ECS Exec sessions log to (logging OVERRIDE); null: sessions are not logged (NONE)."
  type        = string
  default     = null
}
