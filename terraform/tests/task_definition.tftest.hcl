# Terraform owns the task definition; the pipeline only supplies the image (README: "Task definition:
# Terraform's content, the pipeline's image"). Rendered container definitions of a first apply and of
# a later one, with the deployment marker and the ECS reads mocked.
mock_provider "aws" {
  source = "./tests/aws"
}

variables {
  prefix             = "challenge-mock"
  region             = "us-east-2"
  cluster_id         = "arn:aws:ecs:us-east-2:123456789012:cluster/challenge-mock-cluster"
  container_name     = "app"
  bootstrap_image    = "123456789012.dkr.ecr.us-east-2.amazonaws.com/challenge-mock-app:latest"
  ecr_repository_arn = "arn:aws:ecr:us-east-2:123456789012:repository/challenge-mock-app"
  app_port           = 8000
  desired_tasks      = 2
  target_group_arn   = "arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/challenge-mock-tg/0123456789abcdef"
  table_name         = "challenge-mock-candidates"
  table_arn          = "arn:aws:dynamodb:us-east-2:123456789012:table/challenge-mock-candidates"
  log_retention_days = 14

  memory_reservation_mib = 256
  host_metadata_dir      = "/var/lib/challenge/host-metadata"
}

run "first_apply_renders_the_bootstrap_image_and_reads_no_service" {
  command = apply
  module {
    source = "./modules/service"
  }

  assert {
    condition     = length(data.aws_ecs_service.current) == 0 && length(data.aws_ecs_task_definition.current) == 0
    error_message = "With no deployment marker (nothing deployed yet) the plan must not read the ECS service: it does not exist."
  }
  assert {
    condition     = jsondecode(aws_ecs_task_definition.app.container_definitions)[0].image == "123456789012.dkr.ecr.us-east-2.amazonaws.com/challenge-mock-app:latest"
    error_message = "The first revision runs the bootstrap image."
  }
  assert {
    condition     = output.log_group_name == jsondecode(aws_ecs_task_definition.app.container_definitions)[0].logConfiguration.options["awslogs-group"]
    error_message = "log_group_name must name the group the app containers write to (challenge logs reads it)."
  }
  assert {
    condition     = aws_ecs_service.app.task_definition == aws_ecs_task_definition.app.arn
    error_message = "The service runs Terraform's revision."
  }
  assert {
    condition = (
      aws_ssm_parameter.deployed_service.name == "/challenge/challenge-mock/app/ecs-service"
      && jsondecode(aws_ssm_parameter.deployed_service.value) == { cluster_arn = "arn:aws:ecs:us-east-2:123456789012:cluster/challenge-mock-cluster", service_name = "challenge-mock-app" }
    )
    error_message = "Once the service exists, the marker records where the next plan finds it."
  }
  assert {
    condition     = aws_ecs_task_definition.app.track_latest && aws_ecs_task_definition.app.skip_destroy
    error_message = "Terraform compares with the family's latest revision (the pipeline's copy) and keeps old revisions for rollbacks."
  }
}

run "later_apply_keeps_the_deployed_image_and_rolls_out_the_new_settings" {
  command = apply
  module {
    source = "./modules/service"
  }
  variables {
    app_port               = 9000
    memory_reservation_mib = 384
  }

  override_data {
    target = data.aws_ssm_parameters_by_path.deployment_marker
    values = {
      names  = ["/challenge/challenge-mock/app/ecs-service"]
      values = ["{\"cluster_arn\":\"arn:aws:ecs:us-east-2:123456789012:cluster/challenge-mock-cluster\",\"service_name\":\"challenge-mock-app\"}"]
    }
  }
  override_data {
    target = data.aws_ecs_service.current
    values = {
      task_definition = "arn:aws:ecs:us-east-2:123456789012:task-definition/challenge-mock-app:7"
    }
  }
  override_data {
    target = data.aws_ecs_task_definition.current
    values = {
      container_definitions = "[{\"name\":\"app\",\"image\":\"123456789012.dkr.ecr.us-east-2.amazonaws.com/challenge-mock-app@sha256:5f1c0c6b7e4b3a2f9d8e7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f\",\"portMappings\":[{\"containerPort\":8000,\"hostPort\":0}],\"memoryReservation\":256}]"
    }
  }

  assert {
    condition = (
      data.aws_ecs_service.current[0].cluster_arn == "arn:aws:ecs:us-east-2:123456789012:cluster/challenge-mock-cluster"
      && data.aws_ecs_service.current[0].service_name == "challenge-mock-app"
      && data.aws_ecs_task_definition.current[0].task_definition == "arn:aws:ecs:us-east-2:123456789012:task-definition/challenge-mock-app:7"
    )
    error_message = "The plan reads the revision the service runs now, found through the marker."
  }
  assert {
    condition     = jsondecode(aws_ecs_task_definition.app.container_definitions)[0].image == "123456789012.dkr.ecr.us-east-2.amazonaws.com/challenge-mock-app@sha256:5f1c0c6b7e4b3a2f9d8e7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f"
    error_message = "A later revision keeps the image the pipeline deployed, not the bootstrap image."
  }
  assert {
    condition = (
      jsondecode(aws_ecs_task_definition.app.container_definitions)[0].portMappings[0].containerPort == 9000
      && contains([for e in jsondecode(aws_ecs_task_definition.app.container_definitions)[0].environment : "${e.name}=${e.value}"], "PORT=9000")
      && jsondecode(aws_ecs_task_definition.app.container_definitions)[0].memoryReservation == 384
      && [for lb in aws_ecs_service.app.load_balancer : lb.container_port] == [9000]
    )
    error_message = "The new revision carries Terraform's new settings (port, memory)."
  }
  assert {
    condition     = aws_ecs_service.app.task_definition == aws_ecs_task_definition.app.arn
    error_message = "The service is updated to the new revision (no ignore_changes keeps the old one)."
  }
}

run "a_service_revision_without_the_app_container_falls_back_to_the_bootstrap_image" {
  command = plan
  module {
    source = "./modules/service"
  }

  override_data {
    target = data.aws_ssm_parameters_by_path.deployment_marker
    values = {
      names  = ["/challenge/challenge-mock/app/ecs-service"]
      values = ["{\"cluster_arn\":\"arn:aws:ecs:us-east-2:123456789012:cluster/challenge-mock-cluster\",\"service_name\":\"challenge-mock-app\"}"]
    }
  }
  override_data {
    target = data.aws_ecs_task_definition.current
    values = {
      container_definitions = "[{\"name\":\"other\",\"image\":\"public.ecr.aws/nginx/nginx:1\"}]"
    }
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.app.container_definitions)[0].image == "123456789012.dkr.ecr.us-east-2.amazonaws.com/challenge-mock-app:latest"
    error_message = "Only the app container's image is carried over."
  }
}
