# The Test stage's CodeBuild project (apps/flask-app/buildspec-test.yml): the image the Build stage pushed, by
# digest, runs against a temporary DynamoDB table and must pass the app's contract checks.
locals {
  test_project_name = "${var.prefix}-app-test"
  test_project_arn  = "arn:${local.partition}:codebuild:${var.region}:${local.account_id}:project/${local.test_project_name}"
  test_log_group    = "/codebuild/${local.test_project_name}"

  # Environment prefixes (modules/naming) never contain "_": no table of any environment matches
  # "<prefix>_test_*" except this stage's temporary ones, and its role may touch only those.
  temporary_table_prefix = "${var.prefix}_test_"
  temporary_tables_arn   = "arn:${local.partition}:dynamodb:${var.region}:${local.account_id}:table/${local.temporary_table_prefix}*"

  # A build never runs longer than its timeout; a table older than that plus a margin is a leftover
  # (a build that was killed before its cleanup), which the next build deletes.
  test_build_timeout_minutes  = 20
  temporary_table_ttl_minutes = local.test_build_timeout_minutes + 10
}

resource "aws_cloudwatch_log_group" "test" {
  count             = var.test_stage_enabled ? 1 : 0
  name              = local.test_log_group
  retention_in_days = var.log_retention_days
}

resource "aws_codebuild_project" "test" {
  count         = var.test_stage_enabled ? 1 : 0
  name          = local.test_project_name
  description   = "Test stage: the built image (by digest) against a temporary DynamoDB table, checked with the app's contract"
  service_role  = aws_iam_role.test[0].arn
  build_timeout = local.test_build_timeout_minutes

  artifacts {
    type = "CODEPIPELINE"
  }

  source {
    type      = "CODEPIPELINE"
    buildspec = "buildspec-test.yml"
  }

  # The pulled image's base layers and pip's download cache (the stage's venv) stay on the build host.
  dynamic "cache" {
    for_each = var.build_cache ? [1] : []
    content {
      type  = "LOCAL"
      modes = ["LOCAL_DOCKER_LAYER_CACHE", "LOCAL_CUSTOM_CACHE"]
    }
  }

  environment {
    compute_type = "BUILD_GENERAL1_SMALL"
    image        = var.codebuild_image
    type         = "LINUX_CONTAINER"
    # Runs the app image with Docker.
    privileged_mode = true

    environment_variable {
      name  = "REPOSITORY_URI"
      value = aws_ecr_repository.app.repository_url
    }
    environment_variable {
      name  = "CONTAINER_NAME"
      value = var.container_name
    }
    environment_variable {
      name  = "TEMP_TABLE_PREFIX"
      value = local.temporary_table_prefix
    }
    environment_variable {
      name  = "TEMP_TABLE_TTL_MINUTES"
      value = tostring(local.temporary_table_ttl_minutes)
    }
    environment_variable {
      name  = "AWS_DEFAULT_REGION"
      value = var.region
    }
  }

  logs_config {
    cloudwatch_logs {
      group_name = aws_cloudwatch_log_group.test[0].name
    }
  }

  lifecycle {
    precondition {
      condition     = !strcontains(var.prefix, "_")
      error_message = "The environment prefix ${jsonencode(var.prefix)} contains \"_\": the Test stage's temporary-table prefix ${jsonencode(local.temporary_table_prefix)} could then match another environment's tables. Use a workspace (environment) name of lowercase letters, digits and dashes, or set test_stage_enabled = false."
    }
  }
}
