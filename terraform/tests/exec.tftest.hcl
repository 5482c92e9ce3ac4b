# ECS Exec (`challenge exec`): exec_enabled turns the service flag and the task role's ssmmessages
# permissions on and off together; exec_session_logging adds the cluster's session logging to the app's
# group and the task role's right to write there (mocked provider).
mock_provider "aws" {
  source = "./tests/aws"
}

variables {
  prefix                 = "challenge-mock"
  region                 = "us-east-2"
  cluster_id             = "arn:aws:ecs:us-east-2:123456789012:cluster/challenge-mock-cluster"
  container_name         = "app"
  bootstrap_image        = "123456789012.dkr.ecr.us-east-2.amazonaws.com/challenge-mock-app:not-deployed-yet"
  memory_reservation_mib = 256
  host_metadata_dir      = "/var/lib/challenge/host-metadata"
  ecr_repository_arn     = "arn:aws:ecr:us-east-2:123456789012:repository/challenge-mock-app"
  app_port               = 8000
  desired_tasks          = 2
  target_group_arn       = "arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/challenge-mock-tg/0123456789abcdef"
  table_name             = "challenge-mock-candidates"
  table_arn              = "arn:aws:dynamodb:us-east-2:123456789012:table/challenge-mock-candidates"
  log_retention_days     = 14

  # ecs_cluster's
  cluster_name          = "challenge-mock-cluster"
  vpc_id                = "vpc-0123456789abcdef0"
  subnet_ids            = ["subnet-a", "subnet-b"]
  alb_security_group_id = "sg-0a1b2c3d4e5f60718"
  instance_type         = "t3.micro"
  key_pair_name         = "key_pair_name"
  desired_capacity      = 2

  container_stop_timeout_seconds = 5
  image_pull_behavior            = "once"
}

run "on_by_default_the_service_flag_and_exactly_the_four_ssmmessages_actions" {
  command = apply
  module {
    source = "./modules/service"
  }

  assert {
    condition     = aws_ecs_service.app.enable_execute_command
    error_message = "exec_enabled defaults to true: the service starts its tasks with ECS Exec."
  }
  assert {
    condition = (
      length(aws_iam_role_policy.exec) == 1
      && aws_iam_role_policy.exec[0].role == aws_iam_role.task.name
      && length(data.aws_iam_policy_document.exec[0].statement) == 1
      && toset(data.aws_iam_policy_document.exec[0].statement[0].actions) == toset([
        "ssmmessages:CreateControlChannel",
        "ssmmessages:CreateDataChannel",
        "ssmmessages:OpenControlChannel",
        "ssmmessages:OpenDataChannel",
      ])
      && toset(data.aws_iam_policy_document.exec[0].statement[0].resources) == toset(["*"])
    )
    error_message = "The task role (not the execution role) gets exactly the four ssmmessages actions ECS Exec needs."
  }
  assert {
    condition     = length(aws_iam_role_policy.exec_logging) == 0
    error_message = "Without session logging the task role gets no logs permission."
  }
}

run "off_removes_the_flag_and_the_permissions" {
  command = plan
  module {
    source = "./modules/service"
  }
  variables {
    exec_enabled = false
  }

  assert {
    condition     = aws_ecs_service.app.enable_execute_command == false
    error_message = "exec_enabled = false turns ECS Exec off on the service."
  }
  assert {
    condition     = length(aws_iam_role_policy.exec) == 0 && length(aws_iam_role_policy.exec_logging) == 0
    error_message = "Without exec the task role has no ssmmessages permission."
  }
}

run "session_logging_lets_the_task_role_write_only_the_app_group" {
  command = apply
  module {
    source = "./modules/service"
  }
  variables {
    exec_session_logging = true
  }

  assert {
    condition = (
      length(aws_iam_role_policy.exec) == 1
      && aws_iam_role_policy.exec_logging[0].role == aws_iam_role.task.name
      && jsonencode([for s in data.aws_iam_policy_document.exec_logging[0].statement : sort(tolist(s.actions))]) == jsonencode([
        ["logs:DescribeLogGroups"],
        ["logs:CreateLogStream", "logs:PutLogEvents"],
      ])
      && one(data.aws_iam_policy_document.exec_logging[0].statement[0].resources) == "*"
      && one(data.aws_iam_policy_document.exec_logging[0].statement[1].resources) == "arn:aws:logs:us-east-2:123456789012:log-group:${aws_cloudwatch_log_group.app.name}:log-stream:*"
    )
    error_message = "Session logging adds logs:DescribeLogGroups (this account and region) and CreateLogStream/PutLogEvents on the app's log group only, beside the ssmmessages policy."
  }
}

run "session_logging_needs_exec" {
  command = plan
  module {
    source = "./modules/service"
  }
  variables {
    exec_enabled         = false
    exec_session_logging = true
  }
  expect_failures = [var.exec_session_logging]
}

run "cluster_logs_sessions_to_the_given_group" {
  command = plan
  module {
    source = "./modules/ecs_cluster"
  }
  variables {
    prefix              = "challenge-mock"
    host_metadata_dir   = "/var/lib/challenge/host-metadata"
    exec_log_group_name = "/ecs/challenge-mock/app"
  }

  assert {
    condition = (
      aws_ecs_cluster.this.configuration[0].execute_command_configuration[0].logging == "OVERRIDE"
      && aws_ecs_cluster.this.configuration[0].execute_command_configuration[0].log_configuration[0].cloud_watch_log_group_name == "/ecs/challenge-mock/app"
    )
    error_message = "With a group, ECS Exec sessions log there (OVERRIDE)."
  }
}

run "cluster_without_a_group_logs_no_session" {
  command = plan
  module {
    source = "./modules/ecs_cluster"
  }
  variables {
    prefix            = "challenge-mock"
    host_metadata_dir = "/var/lib/challenge/host-metadata"
  }

  assert {
    condition = (
      aws_ecs_cluster.this.configuration[0].execute_command_configuration[0].logging == "NONE"
      && length(aws_ecs_cluster.this.configuration[0].execute_command_configuration[0].log_configuration) == 0
    )
    error_message = "Without session logging the cluster logs no session (NONE, not the task definition's awslogs group)."
  }
}
