# Blue/green: CodeDeploy stops and rolls back a deployment when one of these alarms fires. Both target
# groups are watched, since either may hold the new tasks.
locals {
  alarm_target_groups = local.blue_green ? {
    blue  = aws_lb_target_group.app
    green = aws_lb_target_group.green[0]
  } : {}
}

resource "aws_cloudwatch_metric_alarm" "target_5xx" {
  for_each = local.alarm_target_groups

  alarm_name          = "${var.prefix}-tg-${each.key}-5xx"
  alarm_description   = "The app answers 5xx in the ${each.key} target group: CodeDeploy rolls the deployment back."
  namespace           = "AWS/ApplicationELB"
  metric_name         = "HTTPCode_Target_5XX_Count"
  dimensions          = { LoadBalancer = aws_lb.this.arn_suffix, TargetGroup = each.value.arn_suffix }
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  threshold           = 5
  # No requests, no datapoints: not a failure.
  treat_missing_data = "notBreaching"
}

resource "aws_cloudwatch_metric_alarm" "unhealthy_hosts" {
  for_each = local.alarm_target_groups

  alarm_name        = "${var.prefix}-tg-${each.key}-unhealthy"
  alarm_description = "Tasks of the ${each.key} target group fail their health check: CodeDeploy rolls the deployment back."
  namespace         = "AWS/ApplicationELB"
  metric_name       = "UnHealthyHostCount"
  dimensions        = { LoadBalancer = aws_lb.this.arn_suffix, TargetGroup = each.value.arn_suffix }
  statistic         = "Maximum"
  period            = 60
  # Two minutes in a row: a task that is still starting is not a failure.
  evaluation_periods  = 2
  comparison_operator = "GreaterThanOrEqualToThreshold"
  threshold           = 1
  treat_missing_data  = "notBreaching"
}
