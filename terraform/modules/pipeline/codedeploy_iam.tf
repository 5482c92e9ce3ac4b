# --- CodeDeploy's service role: this deployment group only (confused-deputy protection) ------------
# CodeDeploy sends aws:SourceAccount and aws:SourceArn (the deployment group) when it assumes the role:
# https://docs.aws.amazon.com/codedeploy/latest/userguide/security_confused_deputy.html
data "aws_iam_policy_document" "codedeploy_assume" {
  count = local.blue_green ? 1 : 0

  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["codedeploy.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = [local.codedeploy_group_arn]
    }
  }
}

resource "aws_iam_role" "codedeploy" {
  count = local.blue_green ? 1 : 0

  name_prefix        = "deploy-"
  assume_role_policy = data.aws_iam_policy_document.codedeploy_assume[0].json
}

# AWS's documented policy for ECS blue/green, the narrower of its two: task sets of the service, the
# listeners and rules it moves, the alarms it reads; SNS and Lambda only by CodeDeploy's name prefixes.
resource "aws_iam_role_policy_attachment" "codedeploy" {
  count = local.blue_green ? 1 : 0

  role       = aws_iam_role.codedeploy[0].name
  policy_arn = "arn:${local.partition}:iam::aws:policy/AWSCodeDeployRoleForECSLimited"
}

# AWSCodeDeployRoleForECSLimited passes only roles named ecsTaskExecutionRole or ECSTaskExecution*; the
# task set CodeDeploy creates names this service's task and execution roles, so the ECS guide adds
# iam:PassRole for them inline: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/codedeploy_IAM_role.html
data "aws_iam_policy_document" "codedeploy_pass_roles" {
  count = local.blue_green ? 1 : 0

  statement {
    actions   = ["iam:PassRole"]
    resources = var.task_role_arns
    condition {
      test     = "StringEquals"
      variable = "iam:PassedToService"
      values   = ["ecs-tasks.amazonaws.com"]
    }
  }
}

resource "aws_iam_role_policy" "codedeploy_pass_roles" {
  count = local.blue_green ? 1 : 0

  name   = "pass-task-roles"
  role   = aws_iam_role.codedeploy[0].name
  policy = data.aws_iam_policy_document.codedeploy_pass_roles[0].json
}

# --- The pipeline's CodeDeployToECS action (AWS's documented minimum), this app and group only ----
data "aws_iam_policy_document" "codepipeline_codedeploy" {
  count = local.blue_green ? 1 : 0

  statement {
    actions   = ["codedeploy:CreateDeployment", "codedeploy:GetDeployment"]
    resources = [local.codedeploy_group_arn]
  }
  statement {
    actions   = ["codedeploy:GetApplication", "codedeploy:GetApplicationRevision", "codedeploy:RegisterApplicationRevision"]
    resources = [local.codedeploy_app_arn]
  }
  statement {
    actions   = ["codedeploy:GetDeploymentConfig"]
    resources = [local.codedeploy_config_arn]
  }
}

resource "aws_iam_role_policy" "codepipeline_codedeploy" {
  count = local.blue_green ? 1 : 0

  name   = "deploy-blue-green"
  role   = aws_iam_role.codepipeline.name
  policy = data.aws_iam_policy_document.codepipeline_codedeploy[0].json
}

# --- The build reads the task definition template it renders taskdef.json from -------------------
data "aws_iam_policy_document" "codebuild_template" {
  count = local.blue_green ? 1 : 0

  statement {
    actions   = ["ssm:GetParameter"]
    resources = [var.blue_green.task_definition_template_parameter.arn]
  }
}

resource "aws_iam_role_policy" "codebuild_template" {
  count = local.blue_green ? 1 : 0

  name   = "read-task-definition-template"
  role   = aws_iam_role.codebuild.name
  policy = data.aws_iam_policy_document.codebuild_template[0].json
}
