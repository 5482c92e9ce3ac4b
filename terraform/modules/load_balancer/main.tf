locals {
  https = var.certificate_arn != null
}

resource "aws_security_group" "alb" {
  name_prefix = "alb-"
  description = "Application load balancer: HTTP from anywhere"
  vpc_id      = var.vpc_id
  tags        = { Name = "${var.prefix}-alb" }

  lifecycle {
    create_before_destroy = true
  }
}

# The only ingress from the internet in the whole stack: HTTP 80, and HTTPS 443 with a certificate.
resource "aws_vpc_security_group_ingress_rule" "https" {
  count = local.https ? 1 : 0

  security_group_id = aws_security_group.alb.id
  description       = "HTTPS from anywhere"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_vpc_security_group_ingress_rule" "http" {
  security_group_id = aws_security_group.alb.id
  description       = "HTTP from anywhere"
  ip_protocol       = "tcp"
  from_port         = 80
  to_port           = 80
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_vpc_security_group_egress_rule" "to_vpc" {
  security_group_id = aws_security_group.alb.id
  description       = "To the targets inside the VPC"
  ip_protocol       = "-1"
  cidr_ipv4         = var.vpc_cidr_block
}

resource "aws_lb" "this" {
  name                       = "${var.prefix}-alb"
  load_balancer_type         = "application"
  security_groups            = [aws_security_group.alb.id]
  subnets                    = var.subnet_ids
  drop_invalid_header_fields = true
}

resource "aws_lb_target_group" "app" {
  name        = "${var.prefix}-tg"
  port        = 80
  protocol    = "HTTP"
  target_type = "instance"
  vpc_id      = var.vpc_id
  # The app's requests finish well under a second: a short drain is enough.
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

# Without a certificate port 80 serves the app; with one it only redirects to HTTPS.
resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.this.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type             = local.https ? "redirect" : "forward"
    target_group_arn = local.https || local.live_weighted_forward != null ? null : local.production_target_group_arn

    dynamic "forward" {
      for_each = !local.https && local.live_weighted_forward != null ? [local.live_weighted_forward] : []
      content {
        dynamic "target_group" {
          for_each = forward.value.target_groups
          content {
            arn    = target_group.value.arn
            weight = target_group.value.weight
          }
        }
        dynamic "stickiness" {
          for_each = forward.value.stickiness
          content {
            enabled  = stickiness.value.enabled
            duration = stickiness.value.duration
          }
        }
      }
    }

    dynamic "redirect" {
      for_each = local.https ? [1] : []
      content {
        protocol    = "HTTPS"
        port        = "443"
        status_code = "HTTP_301"
      }
    }
  }
}

resource "aws_lb_listener" "https" {
  count = local.https ? 1 : 0

  load_balancer_arn = aws_lb.this.arn
  port              = 443
  protocol          = "HTTPS"
  # TLS 1.3 and 1.2 only (AWS's recommended policy).
  ssl_policy      = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn = var.certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = local.live_weighted_forward == null ? local.production_target_group_arn : null

    # A CodeDeploy weighted forward, as the listener has it (live_routing.tf).
    dynamic "forward" {
      for_each = local.live_weighted_forward == null ? [] : [local.live_weighted_forward]
      content {
        dynamic "target_group" {
          for_each = forward.value.target_groups
          content {
            arn    = target_group.value.arn
            weight = target_group.value.weight
          }
        }
        dynamic "stickiness" {
          for_each = forward.value.stickiness
          content {
            enabled  = stickiness.value.enabled
            duration = stickiness.value.duration
          }
        }
      }
    }
  }
}
