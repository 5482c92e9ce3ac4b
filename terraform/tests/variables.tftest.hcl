# Every variable validation rejects a bad value (plan only, mocked provider).
mock_provider "aws" {
  source = "./tests/aws"
}

variables {
  ec2_key_pair_name = "key_pair_name"
  artifact_store    = "artifact-store-bucket-name"
}

run "accepts_the_mock_env" {
  command = plan
}

run "rejects_empty_key_pair" {
  command = plan
  variables { ec2_key_pair_name = " " }
  expect_failures = [var.ec2_key_pair_name]
}

run "rejects_bad_cluster_name" {
  command = plan
  variables { ecs_cluster_name = "my cluster!" }
  expect_failures = [var.ecs_cluster_name]
}

run "rejects_region_typo" {
  command = plan
  variables { region = "us-east2" }
  expect_failures = [var.region]
}

run "rejects_port_out_of_range" {
  command = plan
  variables { app_port = 70000 }
  expect_failures = [var.app_port]
}

run "rejects_bad_instance_type" {
  command = plan
  variables { instance_type = "micro" }
  expect_failures = [var.instance_type]
}

run "rejects_three_instances" {
  command = plan
  variables { desired_instance_capacity = 3 }
  expect_failures = [var.desired_instance_capacity]
}

run "rejects_negative_instances" {
  command = plan
  variables { desired_instance_capacity = -1 }
  expect_failures = [var.desired_instance_capacity]
}

run "rejects_fractional_tasks" {
  command = plan
  variables { desired_tasks = 1.5 }
  expect_failures = [var.desired_tasks]
}

run "rejects_bad_bucket_name" {
  command = plan
  variables { artifact_store = "Bad_Bucket" }
  expect_failures = [var.artifact_store]
}

run "rejects_empty_codebuild_image" {
  command = plan
  variables { codebuild_image = "" }
  expect_failures = [var.codebuild_image]
}

run "rejects_relative_healthcheck_path" {
  command = plan
  variables { healthcheck_path = "gtg" }
  expect_failures = [var.healthcheck_path]
}

run "rejects_long_project_name" {
  command = plan
  variables { project_name = "a-very-long-project-name" }
  expect_failures = [var.project_name]
}

run "rejects_unsupported_log_retention" {
  command = plan
  variables { log_retention_days = 10 }
  expect_failures = [var.log_retention_days]
}

run "rejects_graviton_instance_types" {
  # The ECS AMI and the app image are x86_64: an arm64 host would not start them.
  command = plan
  variables { instance_type = "t4g.micro" }
  expect_failures = [var.instance_type]
}

run "accepts_a_larger_x86_instance_type" {
  command = plan
  variables {
    instance_type = "m6i.large"
    desired_tasks = 20
  }
}

run "rejects_more_tasks_than_two_micro_hosts_hold_during_a_deploy" {
  # 2 x t3.micro hold 6 tasks of 256 MiB; a deploy of 4 needs 8.
  command = plan
  variables { desired_tasks = 4 }
  expect_failures = [var.desired_tasks]
}

run "accepts_the_most_tasks_two_micro_hosts_hold_during_a_deploy" {
  command = plan
  variables { desired_tasks = 3 }
}

run "rejects_tasks_too_big_for_the_host_memory" {
  command = plan
  variables {
    desired_tasks   = 1
    task_memory_mib = 1024
  }
  expect_failures = [var.desired_tasks]
}

run "accepts_tasks_with_no_hosts_when_the_stack_is_parked" {
  command = plan
  variables {
    desired_instance_capacity = 0
    desired_tasks             = 20
  }
}

run "rejects_ssh_from_the_whole_internet" {
  command = plan
  variables { ssh_ingress_cidrs = ["0.0.0.0/0"] }
  expect_failures = [var.ssh_ingress_cidrs]
}

run "rejects_ssh_from_a_malformed_network" {
  command = plan
  variables { ssh_ingress_cidrs = ["203.0.113.7"] }
  expect_failures = [var.ssh_ingress_cidrs]
}

run "rejects_an_unknown_table_encryption" {
  command = plan
  variables { dynamodb_encryption = "alias/aws/dynamodb" }
  expect_failures = [var.dynamodb_encryption]
}

run "rejects_a_health_check_timeout_not_below_the_interval" {
  command = plan
  variables {
    health_check_interval_seconds = 5
    health_check_timeout_seconds  = 5
  }
  expect_failures = [var.health_check_timeout_seconds]
}

run "rejects_a_health_check_interval_below_the_alb_minimum" {
  command = plan
  variables { health_check_interval_seconds = 4 }
  expect_failures = [var.health_check_interval_seconds]
}

run "rejects_a_single_healthy_check" {
  command = plan
  variables { health_check_healthy_threshold = 1 }
  expect_failures = [var.health_check_healthy_threshold]
}

run "rejects_a_negative_deregistration_delay" {
  command = plan
  variables { deregistration_delay_seconds = -1 }
  expect_failures = [var.deregistration_delay_seconds]
}

run "rejects_a_stop_timeout_shorter_than_gunicorns_drain" {
  command = plan
  variables { container_stop_timeout_seconds = 3 }
  expect_failures = [var.container_stop_timeout_seconds]
}

run "rejects_prefer_cached_which_turns_image_cleanup_off" {
  command = plan
  variables { image_pull_behavior = "prefer-cached" }
  expect_failures = [var.image_pull_behavior]
}

run "rejects_an_unknown_image_pull_behavior" {
  command = plan
  variables { image_pull_behavior = "never" }
  expect_failures = [var.image_pull_behavior]
}

run "rejects_tiny_task_memory" {
  command = plan
  variables { task_memory_mib = 64 }
  expect_failures = [var.task_memory_mib]
}

run "rejects_a_certificate_that_is_not_an_acm_arn" {
  command = plan
  variables { certificate_arn = "arn:aws:iam::123456789012:server-certificate/x" }
  expect_failures = [var.certificate_arn]
}

run "rejects_a_domain_with_a_scheme" {
  command = plan
  variables { app_domain_name = "https://app.example.com" }
  expect_failures = [var.app_domain_name]
}

run "rejects_exec_session_logging_without_exec" {
  command = plan
  variables {
    exec_enabled         = false
    exec_session_logging = true
  }
  expect_failures = [var.exec_session_logging]
}
