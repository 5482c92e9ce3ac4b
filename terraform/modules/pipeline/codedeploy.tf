# Blue/green deployments (deployment_strategy = "blue_green"): CodeDeploy starts the new tasks behind the
# idle target group, points the test listener at them, moves production traffic once they are healthy
# (or when `challenge approve --continue` says so), keeps the old tasks for a while, and rolls back on a
# failure, an alarm or a stop request.
locals {
  blue_green = var.deployment_strategy == "blue_green"

  codedeploy_app_name    = "${var.prefix}-app"
  codedeploy_group_name  = "${var.prefix}-app"
  codedeploy_config_name = "CodeDeployDefault.ECSAllAtOnce"
  codedeploy_app_arn     = "arn:${local.partition}:codedeploy:${var.region}:${local.account_id}:application:${local.codedeploy_app_name}"
  codedeploy_group_arn   = "arn:${local.partition}:codedeploy:${var.region}:${local.account_id}:deploymentgroup:${local.codedeploy_app_name}/${local.codedeploy_group_name}"
  codedeploy_config_arn  = "arn:${local.partition}:codedeploy:${var.region}:${local.account_id}:deploymentconfig:${local.codedeploy_config_name}"
  wait_for_continue      = local.blue_green && try(var.blue_green.wait_before_reroute_minutes > 0, false)
}

resource "aws_codedeploy_app" "app" {
  count = local.blue_green ? 1 : 0

  name             = local.codedeploy_app_name
  compute_platform = "ECS"
}

resource "aws_codedeploy_deployment_group" "app" {
  count = local.blue_green ? 1 : 0

  app_name               = aws_codedeploy_app.app[0].name
  deployment_group_name  = local.codedeploy_group_name
  service_role_arn       = aws_iam_role.codedeploy[0].arn
  deployment_config_name = local.codedeploy_config_name

  deployment_style {
    deployment_type   = "BLUE_GREEN"
    deployment_option = "WITH_TRAFFIC_CONTROL"
  }

  blue_green_deployment_config {
    deployment_ready_option {
      # CONTINUE: reroute as soon as the new tasks are healthy. STOP: wait for ContinueDeployment, and
      # stop (and roll back) when the wait runs out.
      action_on_timeout    = local.wait_for_continue ? "STOP_DEPLOYMENT" : "CONTINUE_DEPLOYMENT"
      wait_time_in_minutes = local.wait_for_continue ? var.blue_green.wait_before_reroute_minutes : null
    }
    terminate_blue_instances_on_deployment_success {
      action                           = "TERMINATE"
      termination_wait_time_in_minutes = var.blue_green.terminate_blue_after_minutes
    }
  }

  ecs_service {
    cluster_name = var.ecs_cluster_name
    service_name = var.ecs_service_name
  }

  load_balancer_info {
    target_group_pair_info {
      prod_traffic_route {
        listener_arns = [var.blue_green.production_listener_arn]
      }
      test_traffic_route {
        listener_arns = [var.blue_green.test_listener_arn]
      }
      dynamic "target_group" {
        for_each = var.blue_green.target_group_names
        content {
          name = target_group.value
        }
      }
    }
  }

  auto_rollback_configuration {
    enabled = true
    events  = ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM", "DEPLOYMENT_STOP_ON_REQUEST"]
  }

  alarm_configuration {
    enabled = true
    alarms  = var.blue_green.alarm_names
  }
}

# CodePipeline's Deploy action, by strategy: the ECS action swaps the image in the service's revision;
# CodeDeployToECS registers taskdef.json (the image from imageDetail.json in place of the placeholder)
# and deploys it with appspec.yaml. All three files come from the build.
locals {
  deploy_action = local.blue_green ? {
    provider = "CodeDeployToECS"
    configuration = {
      ApplicationName                = local.codedeploy_app_name
      DeploymentGroupName            = local.codedeploy_group_name
      TaskDefinitionTemplateArtifact = "build"
      TaskDefinitionTemplatePath     = "taskdef.json"
      AppSpecTemplateArtifact        = "build"
      AppSpecTemplatePath            = "appspec.yaml"
      Image1ArtifactName             = "build"
      Image1ContainerName            = var.blue_green.image_placeholder
    }
    } : {
    provider = "ECS"
    configuration = {
      ClusterName = var.ecs_cluster_name
      ServiceName = var.ecs_service_name
      FileName    = "imagedefinitions.json"
    }
  }
}
