output "dns_name" {
  description = "DNS name of the load balancer."
  value       = aws_lb.this.dns_name
}

output "security_group_id" {
  description = "Security group of the load balancer (the hosts accept traffic only from it)."
  value       = aws_security_group.alb.id
}

output "target_group_arn" {
  description = "ARN of the app target group, once a listener forwards to it."
  value       = aws_lb_target_group.app.arn

  # ECS refuses a service whose target group no listener uses. Ordering through this output rather
  # than a module-level depends_on keeps the service module's data sources readable at plan time.
  depends_on = [aws_lb_listener.http, aws_lb_listener.https]
}
