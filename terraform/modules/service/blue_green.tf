# Blue/green: CodeDeploy, not Terraform, replaces the service's tasks. UpdateService refuses a new task
# definition or load balancer on a CODE_DEPLOY service, so Terraform keeps the revision the service runs
# (after a deploy: the pipeline's) and the target group that serves (modules/load_balancer/live_routing.tf);
# a change Terraform makes to the task definition reaches the tasks through the template below with the
# next deploy. Rolling: ECS rolls out Terraform's revision as before.
locals {
  blue_green = var.deployment_strategy == "blue_green"

  running_task_definition = try(data.aws_ecs_service.current[0].task_definition, null)
  service_task_definition = local.blue_green ? coalesce(local.running_task_definition, aws_ecs_task_definition.app.arn) : aws_ecs_task_definition.app.arn
}
