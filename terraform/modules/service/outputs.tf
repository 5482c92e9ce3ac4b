output "service_name" {
  description = "Name of the ECS service."
  value       = aws_ecs_service.app.name
}

output "task_definition_family" {
  description = "Family of the app task definition."
  value       = aws_ecs_task_definition.app.family
}

output "role_arns" {
  description = "Task and execution role ARNs (the pipeline's deploy must be allowed to pass them)."
  value       = [local.task_role_arn, local.execution_role_arn]
}

output "task_definition_arn" {
  description = "ARN of the task definition revision the service runs after this apply."
  value       = aws_ecs_task_definition.app.arn
}

output "image" {
  description = "Image of that revision: the one the pipeline last deployed, or the bootstrap image."
  value       = local.image
}

output "task_definition_template_parameter" {
  description = "Blue/green: name and ARN of the SSM parameter holding the task definition template; null for rolling."
  value = local.blue_green ? {
    name = aws_ssm_parameter.task_definition_template[0].name
    arn  = "arn:${local.partition}:ssm:${var.region}:${local.account_id}:parameter${aws_ssm_parameter.task_definition_template[0].name}"
  } : null
}

output "image_placeholder" {
  description = "Placeholder (without angle brackets) the template carries instead of the image: CodeDeployToECS's Image1ContainerName."
  value       = local.image_placeholder
}

output "log_group_name" {
  description = "CloudWatch log group the app containers write to (awslogs driver)."
  value       = aws_cloudwatch_log_group.app.name
}
