# ARNs built from names, so a plan shows the policies that name them whole (terraform/test/iam evaluates
# them offline). A role's ARN is "role/<name>" because the roles keep the default path "/".
data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

locals {
  partition  = data.aws_partition.current.partition
  account_id = data.aws_caller_identity.current.account_id

  task_role_arn      = "arn:${local.partition}:iam::${local.account_id}:role/${aws_iam_role.task.name}"
  execution_role_arn = "arn:${local.partition}:iam::${local.account_id}:role/${aws_iam_role.execution.name}"
  log_streams_arn    = "arn:${local.partition}:logs:${var.region}:${local.account_id}:log-group:${aws_cloudwatch_log_group.app.name}:log-stream:*"
}
