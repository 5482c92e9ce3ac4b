data "aws_iam_policy_document" "tasks_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}

# The app's own permissions: the calls candidates/store.py makes on its table (PutItem, Query, Scan), nothing else.
resource "aws_iam_role" "task" {
  name_prefix        = "task-"
  assume_role_policy = data.aws_iam_policy_document.tasks_assume.json
}

data "aws_iam_policy_document" "table" {
  statement {
    actions   = ["dynamodb:PutItem", "dynamodb:Query", "dynamodb:Scan"]
    resources = [var.table_arn]
  }
}

resource "aws_iam_role_policy" "table" {
  name   = "candidates-table"
  role   = aws_iam_role.task.name
  policy = data.aws_iam_policy_document.table.json
}

# What the ECS agent needs to start the task: pull from ECR and write logs.
resource "aws_iam_role" "execution" {
  name_prefix        = "exec-"
  assume_role_policy = data.aws_iam_policy_document.tasks_assume.json
}

data "aws_iam_policy_document" "execution" {
  statement {
    # AWS accepts no narrower resource for GetAuthorizationToken.
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }
  statement {
    actions   = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"]
    resources = [var.ecr_repository_arn]
  }
  statement {
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = [local.log_streams_arn]
  }
}

resource "aws_iam_role_policy" "execution" {
  name   = "pull-and-log"
  role   = aws_iam_role.execution.name
  policy = data.aws_iam_policy_document.execution.json
}
