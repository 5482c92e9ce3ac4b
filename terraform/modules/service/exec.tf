# ECS Exec: what the SSM agent inside each task needs, on the task role, only while exec_enabled.
# "IAM permissions required for ECS Exec" in https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html
data "aws_iam_policy_document" "exec" {
  count = var.exec_enabled ? 1 : 0

  statement {
    # The ssmmessages actions have no resource types: AWS accepts only "*" for them
    # (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonmessagegatewayservice.html).
    actions = [
      "ssmmessages:CreateControlChannel",
      "ssmmessages:CreateDataChannel",
      "ssmmessages:OpenControlChannel",
      "ssmmessages:OpenDataChannel",
    ]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "exec" {
  count = var.exec_enabled ? 1 : 0

  name   = "ecs-exec"
  role   = aws_iam_role.task.name
  policy = data.aws_iam_policy_document.exec[0].json
}

# Session logging (the cluster's execute command configuration, logging OVERRIDE to the app's group):
# the agent checks the group exists, then writes one stream per session (same document).
data "aws_iam_policy_document" "exec_logging" {
  count = var.exec_session_logging ? 1 : 0

  statement {
    # DescribeLogGroups has no resource type: IAM authorises it only on "*"
    # (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatchlogs.html).
    actions   = ["logs:DescribeLogGroups"]
    resources = ["*"]
  }
  statement {
    # CreateLogStream and PutLogEvents are authorised on the log-stream resource type.
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = [local.log_streams_arn]
  }
}

resource "aws_iam_role_policy" "exec_logging" {
  count = var.exec_session_logging ? 1 : 0

  name   = "ecs-exec-session-logging"
  role   = aws_iam_role.task.name
  policy = data.aws_iam_policy_document.exec_logging[0].json
}
