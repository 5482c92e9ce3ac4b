# Blue/green only (CodeDeploy): the second target group and the test listener. aws_lb_target_group.app
# is the blue one, so a rolling stack keeps its resources and names.
locals {
  blue_green          = var.deployment_strategy == "blue_green"
  test_listener_cidrs = coalesce(var.test_listener_cidrs, [var.vpc_cidr_block])
}

resource "aws_lb_target_group" "green" {
  count = local.blue_green ? 1 : 0

  name                 = "${var.prefix}-tg-green"
  port                 = 80
  protocol             = "HTTP"
  target_type          = "instance"
  vpc_id               = var.vpc_id
  deregistration_delay = var.deregistration_delay_seconds

  health_check {
    path                = var.healthcheck_path
    matcher             = "200"
    interval            = var.health_check.interval_seconds
    timeout             = var.health_check.timeout_seconds
    healthy_threshold   = var.health_check.healthy_threshold
    unhealthy_threshold = 3
  }
}

# CodeDeploy points the test listener at the new (replacement) tasks before production traffic moves.
resource "aws_lb_listener" "test" {
  count = local.blue_green ? 1 : 0

  load_balancer_arn = aws_lb.this.arn
  port              = var.test_listener_port
  protocol          = "HTTP"

  default_action {
    type             = "forward"
    target_group_arn = local.production_target_group_arn
  }

  lifecycle {
    # CodeDeploy moves this listener between blue and green on every deployment; this resource exists
    # only in blue_green, so ignoring it here never hides a change of a rolling stack.
    ignore_changes = [default_action]
  }
}

# Not the world: the test port admits only the listed networks (the VPC by default).
resource "aws_vpc_security_group_ingress_rule" "test_listener" {
  for_each = local.blue_green ? toset(local.test_listener_cidrs) : toset([])

  security_group_id = aws_security_group.alb.id
  description       = "Blue/green test listener"
  ip_protocol       = "tcp"
  from_port         = var.test_listener_port
  to_port           = var.test_listener_port
  cidr_ipv4         = strcontains(each.value, ":") ? null : each.value
  cidr_ipv6         = strcontains(each.value, ":") ? each.value : null
}
