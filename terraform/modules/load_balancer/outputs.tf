output "dns_name" {
  description = "DNS name of the load balancer."
  value       = aws_lb.this.dns_name
}

output "security_group_id" {
  description = "Security group of the load balancer (the hosts accept traffic only from it)."
  value       = aws_security_group.alb.id
}

output "target_group_arn" {
  description = "ARN of the target group the production listener forwards to (blue/green: the one CodeDeploy last moved traffic to), once a listener uses it."
  value       = local.production_target_group_arn

  # ECS refuses a service whose target group no listener uses. Ordering through this output rather
  # than a module-level depends_on keeps the service module's data sources readable at plan time.
  depends_on = [aws_lb_listener.http, aws_lb_listener.https, aws_lb_listener.test]
}

output "target_group_names" {
  description = "Names of the app target groups: [blue] for rolling, [blue, green] for blue_green."
  value       = concat([aws_lb_target_group.app.name], aws_lb_target_group.green[*].name)
}

output "target_group_arns" {
  description = "ARNs of the app target groups, in the order of target_group_names."
  value       = concat([aws_lb_target_group.app.arn], aws_lb_target_group.green[*].arn)
}

output "production_listener_arn" {
  description = "Listener that carries production traffic (HTTPS:443 with a certificate, else HTTP:80)."
  value       = local.production_listener_arn
}

output "test_listener_arn" {
  description = "Blue/green: the test listener's ARN; null for rolling."
  value       = one(aws_lb_listener.test[*].arn)
}

output "deployment_alarm_names" {
  description = "Blue/green: alarms that stop and roll back a CodeDeploy deployment; empty for rolling."
  value       = concat([for alarm in aws_cloudwatch_metric_alarm.target_5xx : alarm.alarm_name], [for alarm in aws_cloudwatch_metric_alarm.unhealthy_hosts : alarm.alarm_name])
}
