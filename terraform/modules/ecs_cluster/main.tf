# The ECS-optimized Amazon Linux 2023 AMI, from its public SSM parameter.
data "aws_ssm_parameter" "ecs_ami" {
  name = "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id"
}

resource "aws_ecs_cluster" "this" {
  name = var.cluster_name

  setting {
    name  = "containerInsights"
    value = "disabled"
  }

  # ECS Exec session logging. NONE rather than ECS's DEFAULT (the task definition's awslogs group): DEFAULT
  # would log through the task role, which gets the logs permissions only with session logging on.
  # https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html
  configuration {
    execute_command_configuration {
      logging = var.exec_log_group_name == null ? "NONE" : "OVERRIDE"

      dynamic "log_configuration" {
        for_each = var.exec_log_group_name == null ? [] : [var.exec_log_group_name]
        content {
          cloud_watch_log_group_name = log_configuration.value
        }
      }
    }
  }
}

resource "aws_security_group" "hosts" {
  name_prefix = "ecs-"
  description = "ECS hosts: app traffic only from the load balancer"
  vpc_id      = var.vpc_id
  tags        = { Name = "${var.prefix}-ecs-hosts" }

  lifecycle {
    create_before_destroy = true
  }
}

# Dynamic host ports of bridge-mode tasks, reachable only from the ALB.
resource "aws_vpc_security_group_ingress_rule" "from_alb" {
  security_group_id            = aws_security_group.hosts.id
  description                  = "Dynamic host ports from the ALB"
  ip_protocol                  = "tcp"
  from_port                    = 32768
  to_port                      = 65535
  referenced_security_group_id = var.alb_security_group_id
}

# Opt-in SSH from the given networks only (SSM Session Manager needs no ingress at all).
resource "aws_vpc_security_group_ingress_rule" "ssh" {
  for_each = toset(var.ssh_ingress_cidrs)

  security_group_id = aws_security_group.hosts.id
  description       = "SSH from ${each.value}"
  ip_protocol       = "tcp"
  from_port         = 22
  to_port           = 22
  cidr_ipv4         = strcontains(each.value, ":") ? null : each.value
  cidr_ipv6         = strcontains(each.value, ":") ? each.value : null
}

resource "aws_vpc_security_group_egress_rule" "all" {
  security_group_id = aws_security_group.hosts.id
  description       = "ECS agent, ECR, DynamoDB and CloudWatch endpoints (no NAT: public IPs)"
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_launch_template" "hosts" {
  name_prefix            = "${var.prefix}-ecs-"
  image_id               = data.aws_ssm_parameter.ecs_ami.value
  instance_type          = var.instance_type
  key_name               = var.key_pair_name
  vpc_security_group_ids = [aws_security_group.hosts.id]
  user_data = base64encode(templatefile("${path.module}/user_data.sh.tftpl", {
    cluster_name         = aws_ecs_cluster.this.name
    stop_timeout_seconds = var.container_stop_timeout_seconds
    image_pull_behavior  = var.image_pull_behavior
    host_metadata_dir    = var.host_metadata_dir
  }))

  iam_instance_profile {
    arn = aws_iam_instance_profile.hosts.arn
  }

  metadata_options {
    http_endpoint = "enabled"
    http_tokens   = "required"
    # 1 hop: only the host itself gets IMDSv2 tokens; bridge-mode containers (one more hop) cannot,
    # and user data also drops their packets to it. The app reads its instance id from a host file.
    http_put_response_hop_limit = 1
  }

  block_device_mappings {
    device_name = "/dev/xvda"

    ebs {
      volume_size           = 30
      volume_type           = "gp3"
      encrypted             = true
      delete_on_termination = true
    }
  }

  # Provider default_tags reach the launch template itself, not what it launches: the stack's tags
  # go onto the instances, their volumes and network interfaces here.
  dynamic "tag_specifications" {
    for_each = ["instance", "volume", "network-interface"]
    content {
      resource_type = tag_specifications.value
      tags          = merge(var.tags, { Name = "${var.prefix}-ecs-host" })
    }
  }
}

resource "aws_autoscaling_group" "hosts" {
  name_prefix = "${var.prefix}-ecs-"
  min_size    = 0
  # Room for the instance refresh's replacements: it launches up to 200% of the desired hosts (at most 2).
  max_size            = 4
  desired_capacity    = var.desired_capacity
  vpc_zone_identifier = var.subnet_ids
  health_check_type   = "EC2"

  launch_template {
    id      = aws_launch_template.hosts.id
    version = aws_launch_template.hosts.latest_version
  }

  # Hosts are patched: every ECS AMI release (the SSM recommended parameter) and every user data change is
  # a new launch template version, and the apply starts a rolling instance refresh. Launch before
  # terminating (min 100%, max 200% of the desired hosts), and the capacity provider's managed draining
  # (capacity_provider.tf) moves a host's tasks to the new hosts before it is terminated.
  # https://docs.aws.amazon.com/autoscaling/ec2/userguide/asg-instance-refresh.html
  # https://docs.aws.amazon.com/AmazonECS/latest/developerguide/managed-instance-draining.html
  instance_refresh {
    strategy = "Rolling"
    preferences {
      min_healthy_percentage = 100
      max_healthy_percentage = 200
      # A new host is ready once its ECS agent has registered (about a minute after boot).
      instance_warmup = 120
      skip_matching   = true
    }
  }

  tag {
    key                 = "AmazonECSManaged"
    value               = "true"
    propagate_at_launch = true
  }
}
