variable "prefix" {
  description = "Name prefix of the environment (<= 24 characters so ALB/target group names fit 32)."
  type        = string

  validation {
    condition     = length(var.prefix) <= 24
    error_message = "prefix must be at most 24 characters."
  }
}

variable "vpc_id" {
  description = "VPC of the load balancer."
  type        = string
}

variable "vpc_cidr_block" {
  description = "CIDR of the VPC; the ALB may only send traffic inside it."
  type        = string
}

variable "subnet_ids" {
  description = "Public subnets (two AZs) of the load balancer."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 2
    error_message = "An ALB needs subnets in at least two availability zones."
  }
}

variable "healthcheck_path" {
  description = "Path of the target group health check."
  type        = string
}

variable "health_check" {
  description = "Target group health check timing: interval, timeout (both seconds) and healthy threshold."
  type = object({
    interval_seconds  = number
    timeout_seconds   = number
    healthy_threshold = number
  })
}

variable "deregistration_delay_seconds" {
  description = "Seconds the target group drains a deregistering task before ECS stops it."
  type        = number
}

variable "certificate_arn" {
  description = "ACM certificate for an HTTPS listener on 443 (port 80 then redirects); null: HTTP only."
  type        = string
  default     = null
}

variable "deployment_strategy" {
  description = "rolling: one target group; blue_green: a second (green) target group, a test listener and the alarms CodeDeploy rolls back on."
  type        = string
  default     = "rolling"

  validation {
    condition     = contains(["rolling", "blue_green"], var.deployment_strategy)
    error_message = "deployment_strategy must be rolling or blue_green."
  }
}

variable "test_listener_port" {
  description = "Blue/green: ALB port of the test listener (CodeDeploy points it at the new tasks first)."
  type        = number
  default     = 8080

  validation {
    condition     = !contains([80, 443], var.test_listener_port)
    error_message = "test_listener_port must differ from the production ports 80 and 443."
  }
}

variable "test_listener_cidrs" {
  description = "Blue/green: networks allowed to reach the test listener; null: the VPC (vpc_cidr_block) only."
  type        = list(string)
  default     = null

  validation {
    condition     = var.test_listener_cidrs == null || alltrue([for cidr in coalesce(var.test_listener_cidrs, []) : !contains(["0.0.0.0/0", "::/0"], cidr)])
    error_message = "The test listener must never be open to the whole internet."
  }
}
