locals {
  family       = "${var.prefix}-app"
  service_name = "${var.prefix}-app"

  # Where the task sees the host's metadata folder (read-only): the instance id, since containers
  # cannot reach the metadata service.
  host_metadata_mount = "/run/host-metadata"

  # The app container: Terraform's revision runs it with local.image; the blue/green template
  # (deploy_template.tf) is the same with the pipeline's image placeholder.
  app_container = {
    name              = var.container_name
    image             = local.image
    essential         = true
    memoryReservation = var.memory_reservation_mib
    # Bridge networking with hostPort 0: each task gets a dynamic host port, so desired_tasks may exceed hosts.
    portMappings = [{ containerPort = var.app_port, hostPort = 0, protocol = "tcp" }]
    mountPoints  = [{ sourceVolume = "host-metadata", containerPath = local.host_metadata_mount, readOnly = true }]
    environment = [
      { name = "PORT", value = tostring(var.app_port) },
      { name = "TC_DYNAMO_TABLE", value = var.table_name },
      { name = "AWS_REGION", value = var.region },
      { name = "AWS_DEFAULT_REGION", value = var.region },
      { name = "INSTANCE_ID_FILE", value = "${local.host_metadata_mount}/instance-id" },
      # The metadata service is blocked for containers: no SDK or app lookup waits on it.
      { name = "AWS_EC2_METADATA_DISABLED", value = "true" },
    ]
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.app.name
        awslogs-region        = var.region
        awslogs-stream-prefix = "app"
      }
    }
  }
}

resource "aws_cloudwatch_log_group" "app" {
  name              = "/ecs/${var.prefix}/app"
  retention_in_days = var.log_retention_days
}

# Terraform's revision of the app; the pipeline registers copies of it with a new image.
resource "aws_ecs_task_definition" "app" {
  family                   = local.family
  requires_compatibilities = ["EC2"]
  network_mode             = "bridge"
  task_role_arn            = aws_iam_role.task.arn
  execution_role_arn       = aws_iam_role.execution.arn
  # Compare with the family's latest revision (the pipeline's copy after a deploy): a plan right after
  # a deploy shows no change, because the revision below renders the same image and settings.
  track_latest = true
  # Old revisions stay ACTIVE: the circuit breaker rolls back to them, and the pipeline's revisions
  # are not Terraform's to delete.
  skip_destroy = true

  volume {
    name      = "host-metadata"
    host_path = var.host_metadata_dir
  }

  container_definitions = jsonencode([local.app_container])

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_ecs_service" "app" {
  name            = local.service_name
  cluster         = var.cluster_id
  task_definition = local.service_task_definition
  desired_count   = var.desired_tasks
  launch_type     = "EC2"

  deployment_minimum_healthy_percent = 50
  deployment_maximum_percent         = 200
  health_check_grace_period_seconds  = 30
  # ECS Exec (challenge exec): tasks started from now on get the agent; running ones keep their setting.
  enable_execute_command = var.exec_enabled

  # ECS cannot change a service's deployment controller: switching the strategy replaces the service
  # (a short outage of the app, none of the data; terraform/README.md).
  deployment_controller {
    type = local.blue_green ? "CODE_DEPLOY" : "ECS"
  }

  # The circuit breaker belongs to ECS rolling updates; CodeDeploy rolls back blue/green deployments.
  dynamic "deployment_circuit_breaker" {
    for_each = local.blue_green ? [] : [1]
    content {
      enable   = true
      rollback = true
    }
  }

  load_balancer {
    target_group_arn = var.target_group_arn
    container_name   = var.container_name
    container_port   = var.app_port
  }

  ordered_placement_strategy {
    type  = "spread"
    field = "attribute:ecs.availability-zone"
  }
}
