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
