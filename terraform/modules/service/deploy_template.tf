# Blue/green: the task definition the pipeline deploys is Terraform's, published here with the
# CodePipeline image placeholder. The build (apps/flask-app/buildspec.yml) copies it into taskdef.json
# and writes imageDetail.json with the approved image's digest; the CodeDeployToECS action puts that
# image in place of <IMAGE1_NAME> and registers the result. So a pipeline deploy keeps every Terraform
# setting, and an apply keeps the deployed image (deployed_image.tf).
locals {
  image_placeholder = "IMAGE1_NAME"

  # RegisterTaskDefinition's input, as Terraform's own revision (main.tf) has it.
  task_definition_template = {
    family                  = local.family
    taskRoleArn             = aws_iam_role.task.arn
    executionRoleArn        = aws_iam_role.execution.arn
    networkMode             = "bridge"
    requiresCompatibilities = ["EC2"]
    volumes                 = [{ name = "host-metadata", host = { sourcePath = var.host_metadata_dir } }]
    containerDefinitions    = [merge(local.app_container, { image = "<${local.image_placeholder}>" })]
    # The provider's default tags, as on Terraform's revisions (the pipeline role may tag on register).
    tags = [for key, value in try(data.aws_default_tags.current[0].tags, {}) : { key = key, value = value }]
  }
  task_definition_template_json = jsonencode(local.task_definition_template)
}

data "aws_default_tags" "current" {
  count = local.blue_green ? 1 : 0
}

resource "aws_ssm_parameter" "task_definition_template" {
  count = local.blue_green ? 1 : 0

  name        = "/challenge/${var.prefix}/deploy/task-definition-template"
  description = "Written by Terraform: the app's task definition with the image placeholder <${local.image_placeholder}>; the blue/green build renders taskdef.json from it."
  type        = "String"
  value       = local.task_definition_template_json

  lifecycle {
    precondition {
      # A standard-tier parameter holds 4 KB.
      condition     = length(local.task_definition_template_json) <= 4096
      error_message = "The task definition template is ${length(local.task_definition_template_json)} characters; a standard SSM parameter holds 4096. Fix: shorten the container environment or tags."
    }
  }
}
