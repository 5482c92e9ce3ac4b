resource "aws_codepipeline" "app" {
  name          = local.pipeline_name
  role_arn      = aws_iam_role.codepipeline.arn
  pipeline_type = "V2"

  artifact_store {
    location = var.artifact_bucket
    type     = "S3"
  }

  stage {
    name = "Source"
    action {
      name             = "Source"
      category         = "Source"
      owner            = "AWS"
      provider         = "CodeCommit"
      version          = "1"
      output_artifacts = ["source"]
      configuration = {
        RepositoryName = aws_codecommit_repository.app.repository_name
        BranchName     = "main"
        # The EventBridge rule starts the pipeline on push; no polling.
        PollForSourceChanges = "false"
      }
    }
  }

  stage {
    name = "Build"
    action {
      name             = "Build"
      category         = "Build"
      owner            = "AWS"
      provider         = "CodeBuild"
      version          = "1"
      input_artifacts  = ["source"]
      output_artifacts = ["build"]
      configuration = {
        ProjectName = aws_codebuild_project.app.name
      }
    }
  }

  # Source -> Build -> Test -> Approval -> Deploy; Test is optional per environment (test_stage_enabled).
  dynamic "stage" {
    for_each = var.test_stage_enabled ? [1] : []
    content {
      name = "Test"
      action {
        name            = "ContractTests"
        category        = "Test"
        owner           = "AWS"
        provider        = "CodeBuild"
        version         = "1"
        input_artifacts = ["source", "build"]
        configuration = {
          ProjectName   = aws_codebuild_project.test[0].name
          PrimarySource = "source"
        }
      }
    }
  }

  stage {
    name = "Approval"
    action {
      name     = "Approve"
      category = "Approval"
      owner    = "AWS"
      provider = "Manual"
      version  = "1"
      configuration = {
        CustomData = "Approve to deploy the new image to ECS service ${var.ecs_service_name}."
      }
    }
  }

  stage {
    name = "Deploy"
    # ECS (rolling) or CodeDeployToECS (blue_green): codedeploy.tf.
    action {
      name            = "Deploy"
      category        = "Deploy"
      owner           = "AWS"
      provider        = local.deploy_action.provider
      version         = "1"
      run_order       = 1
      input_artifacts = ["build"]
      configuration   = local.deploy_action.configuration
    }
    # Once the deploy succeeded: tag its image so ECR keeps it (record_deploy.tf).
    action {
      name            = "RecordDeployedImage"
      category        = "Build"
      owner           = "AWS"
      provider        = "CodeBuild"
      version         = "1"
      run_order       = 2
      input_artifacts = ["build"]
      configuration = {
        ProjectName = aws_codebuild_project.record_deploy.name
        EnvironmentVariables = jsonencode([{
          name  = "DEPLOYED_TAG"
          value = "${local.deployed_tag_prefix}#{codepipeline.PipelineExecutionId}"
          type  = "PLAINTEXT"
        }])
      }
    }
  }
}
