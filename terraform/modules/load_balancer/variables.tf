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
