data "aws_caller_identity" "current" {}

resource "aws_cloudwatch_log_group" "build" {
  name              = "/codebuild/${var.prefix}-app"
  retention_in_days = var.log_retention_days
}

resource "aws_codebuild_project" "app" {
  name          = local.build_project_name
  description   = "Lint, test, build and push the app image; writes imagedefinitions.json"
  service_role  = aws_iam_role.codebuild.arn
  build_timeout = 30

  artifacts {
    type = "CODEPIPELINE"
  }

  source {
    type      = "CODEPIPELINE"
    buildspec = "buildspec.yml"
  }

  # Local cache on the build host (kept for a short while between builds): Docker layers, the source,
  # and the paths buildspec.yml lists under cache (pip's download cache).
  dynamic "cache" {
    for_each = var.build_cache ? [1] : []
    content {
      type  = "LOCAL"
      modes = ["LOCAL_DOCKER_LAYER_CACHE", "LOCAL_SOURCE_CACHE", "LOCAL_CUSTOM_CACHE"]
    }
  }

  environment {
    compute_type    = "BUILD_GENERAL1_SMALL"
    image           = var.codebuild_image
    type            = "LINUX_CONTAINER"
    privileged_mode = true

    environment_variable {
      name  = "CONTAINER_NAME"
      value = var.container_name
    }
    environment_variable {
      name  = "REPOSITORY_URI"
      value = aws_ecr_repository.app.repository_url
    }
    environment_variable {
      name  = "CACHE_REPOSITORY_URI"
      value = aws_ecr_repository.build_cache.repository_url
    }
    environment_variable {
      name  = "AWS_DEFAULT_REGION"
      value = var.region
    }
    environment_variable {
      name  = "AWS_ACCOUNT_ID"
      value = data.aws_caller_identity.current.account_id
    }
    # Blue/green: the build renders taskdef.json and appspec.yaml from Terraform's template.
    dynamic "environment_variable" {
      for_each = local.blue_green ? [var.blue_green.task_definition_template_parameter.name] : []
      content {
        name  = "TASK_DEFINITION_TEMPLATE_PARAMETER"
        value = environment_variable.value
      }
    }
  }

  logs_config {
    cloudwatch_logs {
      group_name = aws_cloudwatch_log_group.build.name
    }
  }
}
