# Which target group the production listener forwards to.
#
# Rolling: always the app target group. Blue/green: CodeDeploy moves production traffic between the two
# groups on every deployment (ModifyListener), and the ECS service's load balancer follows it. Terraform
# renders the listeners and the service with the group that serves now, so an apply never moves traffic
# back (same rule as the task definition's image, modules/service/deployed_image.tf).
#
# The listener is read only once it exists: after the first blue/green apply a marker parameter holds
# its ARN (GetParametersByPath lists an empty path without an error, like the service's marker).
locals {
  routing_marker_path = "/challenge/${var.prefix}/load-balancer"
  routing_marker_name = "${local.routing_marker_path}/production-listener"
  # With a certificate, port 80 only redirects and 443 carries production traffic.
  production_listener_arn = local.https ? aws_lb_listener.https[0].arn : aws_lb_listener.http.arn
}

resource "aws_ssm_parameter" "production_listener" {
  count = local.blue_green ? 1 : 0

  name        = local.routing_marker_name
  description = "Written by Terraform: the listener CodeDeploy moves; the next plan keeps the target group it forwards to."
  type        = "String"
  value       = local.production_listener_arn
}

data "aws_ssm_parameters_by_path" "routing_marker" {
  count = local.blue_green ? 1 : 0
  path  = local.routing_marker_path
}

locals {
  routing_marker = local.blue_green ? zipmap(
    data.aws_ssm_parameters_by_path.routing_marker[0].names,
    nonsensitive(data.aws_ssm_parameters_by_path.routing_marker[0].values),
  ) : {}
  recorded_listener_arn = lookup(local.routing_marker, local.routing_marker_name, null)
}

data "aws_lb_listener" "production" {
  count = local.recorded_listener_arn == null ? 0 : 1
  arn   = local.recorded_listener_arn
}

locals {
  live_forward = try(one([for action in data.aws_lb_listener.production[0].default_action : action if action.type == "forward"]), null)
  # CodeDeploy writes either a plain target group or a weighted forward; the heaviest group serves.
  live_weighted_groups  = try(local.live_forward.forward[0].target_group, [])
  live_heaviest_group   = try(sort([for group in local.live_weighted_groups : group.arn if group.weight == max([for g in local.live_weighted_groups : g.weight]...)])[0], null)
  live_target_group_arn = try(coalesce(local.live_forward.target_group_arn, local.live_heaviest_group), null)

  # Only ever one of this stack's two groups (a listener edited by hand to elsewhere is put back on blue).
  own_target_group_arns       = concat([aws_lb_target_group.app.arn], aws_lb_target_group.green[*].arn)
  serving_target_group_arn    = try(contains(local.own_target_group_arns, local.live_target_group_arn), false) ? local.live_target_group_arn : null
  production_target_group_arn = local.blue_green ? coalesce(local.serving_target_group_arn, aws_lb_target_group.app.arn) : aws_lb_target_group.app.arn

  # After a CodeDeploy reroute the production listener holds a weighted forward over both groups (e.g. green
  # 100, blue 0). The listeners (main.tf) render that forward as it is, so the plan right after a deploy
  # shows no change and never moves traffic: CodeDeploy owns this action. Rolling stacks read no listener.
  live_weighted_forward = length(local.live_weighted_groups) > 1 ? (
    alltrue([for group in local.live_weighted_groups : contains(local.own_target_group_arns, group.arn)]) ? {
      target_groups = [for group in local.live_weighted_groups : { arn = group.arn, weight = group.weight }]
      # Stickiness as the listener has it; the provider ignores a missing block for the default (off).
      stickiness = [for s in try(local.live_forward.forward[0].stickiness, []) : s if s.enabled]
    } : null
  ) : null
}
