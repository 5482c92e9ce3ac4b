# Which image the next task definition revision runs.
#
# Terraform owns the task definition's content; the pipeline only supplies the image (its ECS deploy
# action copies the service's current revision and swaps the image). So every revision Terraform
# registers carries the image the service runs now: the last one the pipeline deployed after approval
# (an image that was only built is never in a revision). Before anything is deployed it is
# var.bootstrap_image.
#
# ECS data sources fail when the service does not exist, so the first apply must not read them. The
# marker parameter below is written once the service exists; GetParametersByPath lists an empty path
# without an error, so the plan reads the service only when the marker says it is there, from the
# cluster and name the marker holds.
locals {
  deployment_marker_path = "/challenge/${var.prefix}/app"
}

resource "aws_ssm_parameter" "deployed_service" {
  name        = local.marker_name
  description = "Written by Terraform once the ECS service exists: the next plan reads the image it runs."
  type        = "String"
  value = jsonencode({
    cluster_arn  = aws_ecs_service.app.cluster
    service_name = aws_ecs_service.app.name
  })
}

data "aws_ssm_parameters_by_path" "deployment_marker" {
  path = local.deployment_marker_path
}

locals {
  marker_name = "${local.deployment_marker_path}/ecs-service"
  marker = zipmap(
    data.aws_ssm_parameters_by_path.deployment_marker.names,
    nonsensitive(data.aws_ssm_parameters_by_path.deployment_marker.values),
  )
  deployed_service = try(jsondecode(local.marker[local.marker_name]), null)
}

data "aws_ecs_service" "current" {
  count        = local.deployed_service == null ? 0 : 1
  cluster_arn  = local.deployed_service.cluster_arn
  service_name = local.deployed_service.service_name
}

data "aws_ecs_task_definition" "current" {
  count           = local.deployed_service == null ? 0 : 1
  task_definition = data.aws_ecs_service.current[0].task_definition
}

locals {
  running_image = try(one([
    for container in jsondecode(data.aws_ecs_task_definition.current[0].container_definitions) :
    container.image if container.name == var.container_name
  ]), null)

  image = coalesce(local.running_image, var.bootstrap_image)
}
