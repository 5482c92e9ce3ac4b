# The pipeline's optional Test stage (modules/pipeline/*_test.tf): its place, its project, its prefix-scoped role.
mock_provider "aws" {
  source = "./tests/aws"
}

variables {
  prefix             = "challenge-mock"
  region             = "us-east-2"
  artifact_bucket    = "artifact-store-bucket-name"
  codebuild_image    = "aws/codebuild/standard:7.0"
  container_name     = "app"
  ecs_cluster_name   = "challenge-mock-cluster"
  ecs_service_name   = "challenge-mock-app"
  task_role_arns     = ["arn:aws:iam::123456789012:role/task", "arn:aws:iam::123456789012:role/exec"]
  log_retention_days = 14

  task_definition_family = "challenge-mock-app"
}

run "test_stage_runs_between_build_and_approval_on_the_built_image" {
  # apply (mocked): policy resources are ARNs known only after apply.
  command = apply
  module {
    source = "./modules/pipeline"
  }

  assert {
    condition     = [for s in aws_codepipeline.app.stage : s.name] == ["Source", "Build", "Test", "Approval", "Deploy"]
    error_message = "Stages must be Source, Build, Test, Approval, Deploy."
  }
  assert {
    condition     = aws_codepipeline.app.stage[3].action[0].provider == "Manual" && aws_codepipeline.app.stage[4].action[0].provider == "ECS"
    error_message = "Rolling (the default): after the Test stage come the manual approval and the ECS deploy action."
  }
  assert {
    condition = (
      aws_codepipeline.app.stage[2].action[0].category == "Test"
      && aws_codepipeline.app.stage[2].action[0].provider == "CodeBuild"
      && aws_codepipeline.app.stage[2].action[0].input_artifacts == tolist(["source", "build"])
      && aws_codepipeline.app.stage[2].action[0].configuration["PrimarySource"] == "source"
      && aws_codepipeline.app.stage[2].action[0].configuration["ProjectName"] == "challenge-mock-app-test"
      && aws_codepipeline.app.stage[1].action[0].output_artifacts == tolist(["build"])
    )
    error_message = "The Test action runs the test project on the source plus the Build stage's artifact (imagedefinitions.json)."
  }
  assert {
    condition = (
      aws_codebuild_project.test[0].source[0].buildspec == "buildspec-test.yml"
      && aws_codebuild_project.test[0].environment[0].privileged_mode
      && aws_codebuild_project.test[0].build_timeout == 20
    )
    error_message = "The test project runs buildspec-test.yml with Docker (privileged), for at most 20 minutes."
  }
  assert {
    condition = {
      for v in aws_codebuild_project.test[0].environment[0].environment_variable : v.name => v.value
      } == {
      REPOSITORY_URI         = aws_ecr_repository.app.repository_url
      CONTAINER_NAME         = "app"
      TEMP_TABLE_PREFIX      = "challenge-mock_test_"
      TEMP_TABLE_TTL_MINUTES = "30"
      AWS_DEFAULT_REGION     = "us-east-2"
    }
    error_message = "The test project gets the repository, the container name, the temporary table prefix, an expiry beyond its timeout, and the region."
  }
  assert {
    # Only its temporary tables: every DynamoDB statement names the prefix, except ListTables (no resource-level form).
    condition = alltrue([
      for statement in concat(data.aws_iam_policy_document.test[0].statement, data.aws_iam_policy_document.test_tables[0].statement) :
      toset(statement.resources) == toset(["arn:aws:dynamodb:us-east-2:123456789012:table/challenge-mock_test_*"])
      if anytrue([for a in statement.actions : startswith(a, "dynamodb:")]) && !contains(statement.actions, "dynamodb:ListTables")
    ])
    error_message = "The test role may touch DynamoDB tables only under the temporary prefix challenge-mock_test_."
  }
  assert {
    condition = anytrue([
      for statement in data.aws_iam_policy_document.test_tables[0].statement :
      toset(statement.actions) == toset(["dynamodb:CreateTable", "dynamodb:DescribeTable", "dynamodb:DeleteTable", "dynamodb:TagResource", "dynamodb:ListTagsOfResource"])
    ])
    error_message = "The test role creates, tags, describes and deletes its temporary tables."
  }
  assert {
    condition = (
      anytrue([
        for statement in data.aws_iam_policy_document.test[0].statement :
        toset(statement.actions) == toset(["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]) && toset(statement.resources) == toset(["arn:aws:ecr:us-east-2:123456789012:repository/${aws_ecr_repository.app.name}"])
      ])
      && !anytrue([for statement in data.aws_iam_policy_document.test[0].statement : anytrue([for a in statement.actions : contains(["ecr:PutImage", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload"], a)])])
    )
    error_message = "The test role pulls from the app's repository and cannot push."
  }
  assert {
    condition = alltrue([
      for statement in data.aws_iam_policy_document.test[0].statement :
      alltrue([for r in statement.resources : r == "arn:aws:s3:::artifact-store-bucket-name" || r == "arn:aws:s3:::artifact-store-bucket-name/challenge-mock-pipel/*"])
      && !contains(statement.actions, "s3:PutObject")
      if anytrue([for a in statement.actions : startswith(a, "s3:")])
    ])
    error_message = "The test role reads this pipeline's artifact folder only, and writes nothing there."
  }
  assert {
    condition = alltrue([
      for action in flatten([
        for doc in [data.aws_iam_policy_document.test[0], data.aws_iam_policy_document.test_tables[0], data.aws_iam_policy_document.codepipeline_test[0]] :
        [for statement in doc.statement : tolist(statement.actions)]
      ]) : action != "*" && !endswith(action, ":*")
    ])
    error_message = "No IAM action may be a wildcard."
  }
  assert {
    condition = alltrue([
      for statement in concat(data.aws_iam_policy_document.test[0].statement, data.aws_iam_policy_document.test_tables[0].statement) :
      !contains(tolist(statement.resources), "*") || alltrue([for a in statement.actions : contains(["ecr:GetAuthorizationToken", "dynamodb:ListTables"], a)])
    ])
    error_message = "Resource \"*\" only for ecr:GetAuthorizationToken and dynamodb:ListTables (AWS offers nothing narrower)."
  }
  assert {
    condition = (
      anytrue([for c in data.aws_iam_policy_document.assume_test[0].statement[0].condition : c.test == "StringEquals" && c.variable == "aws:SourceAccount" && toset(c.values) == toset(["123456789012"])])
      && anytrue([for c in data.aws_iam_policy_document.assume_test[0].statement[0].condition : c.test == "ArnLike" && c.variable == "aws:SourceArn" && toset(c.values) == toset(["arn:aws:codebuild:us-east-2:123456789012:project/challenge-mock-app-test"])])
    )
    error_message = "The test role trusts CodeBuild only for this account's test project (confused deputy)."
  }
  assert {
    condition     = aws_iam_role_policy.test_tables[0].role == aws_iam_role.test[0].name && aws_iam_role_policy.test[0].role == aws_iam_role.test[0].name
    error_message = "Both of the test stage's policies belong to the test role."
  }
  assert {
    condition = (
      aws_iam_role_policy.codepipeline_test[0].role == aws_iam_role.codepipeline.name
      && toset(data.aws_iam_policy_document.codepipeline_test[0].statement[0].actions) == toset(["codebuild:StartBuild", "codebuild:BatchGetBuilds"])
      && toset(data.aws_iam_policy_document.codepipeline_test[0].statement[0].resources) == toset(["arn:aws:codebuild:us-east-2:123456789012:project/${aws_codebuild_project.test[0].name}"])
    )
    error_message = "The pipeline role may start and read builds of the test project only."
  }
}

run "turning_the_test_stage_off_removes_it" {
  command = apply
  module {
    source = "./modules/pipeline"
  }
  variables {
    test_stage_enabled = false
  }

  assert {
    condition     = [for s in aws_codepipeline.app.stage : s.name] == ["Source", "Build", "Approval", "Deploy"]
    error_message = "Without the Test stage the pipeline is Source, Build, Approval, Deploy."
  }
  assert {
    condition     = aws_codepipeline.app.stage[2].action[0].provider == "Manual" && aws_codepipeline.app.stage[3].action[0].provider == "ECS"
    error_message = "Without the Test stage the approval comes right after Build, then the ECS deploy action."
  }
  assert {
    condition = (
      length(aws_codebuild_project.test) == 0 && length(aws_iam_role.test) == 0 && length(aws_iam_role_policy.test) == 0
      && length(aws_iam_role_policy.test_tables) == 0
      && length(aws_iam_role_policy.codepipeline_test) == 0 && length(aws_cloudwatch_log_group.test) == 0
    )
    error_message = "Turning the Test stage off removes its project, role, policies and log group."
  }
}

run "a_prefix_with_an_underscore_is_refused_while_the_test_stage_is_on" {
  # Environment prefixes are lowercase letters, digits and dashes; one with "_" could make another
  # environment's tables match "<prefix>_test_*", the only names the test role may touch.
  command = plan
  module {
    source = "./modules/pipeline"
  }
  variables {
    prefix = "challenge-a_b"
  }
  expect_failures = [aws_codebuild_project.test]
}
