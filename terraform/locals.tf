locals {
  # "<project>-<workspace>", e.g. challenge-mock: two environments coexist in one account.
  # Capped so "<prefix>-tg" etc. stay within the 32-character ALB / target group name limit.
  prefix = substr("${var.project_name}-${terraform.workspace}", 0, 24)

  # The one place the container name is decided: the task definition uses it and CodeBuild
  # receives it as CONTAINER_NAME for imagedefinitions.json.
  container_name = "app"

  table_name = "${local.prefix}-candidates"
}
