# Each service may assume its role only on behalf of this account and of the one resource named here,
# where AWS documents that the service sends aws:SourceAccount and aws:SourceArn when it assumes the role:
# - CodeBuild: https://docs.aws.amazon.com/codebuild/latest/userguide/cross-service-confused-deputy-prevention.html
# - EventBridge (the rule that invokes the target): https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-conditions.html
data "aws_iam_policy_document" "assume" {
  for_each = {
    codebuild = local.build_project_arn
    events    = local.event_rule_arn
  }
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["${each.key}.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = [each.value]
    }
  }
}

# CodePipeline: no condition. AWS documents its service role's trust without one and documents no
# aws:SourceArn/aws:SourceAccount that CodePipeline sends when it assumes the role; a condition on a key
# the service does not send would refuse every pipeline run.
# https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-create-service-role-cli.html
data "aws_iam_policy_document" "assume_codepipeline" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["codepipeline.amazonaws.com"]
    }
  }
}

# --- CodeBuild: logs, artifacts, push to its ECR repository -------------------------------
resource "aws_iam_role" "codebuild" {
  name_prefix        = "build-"
  assume_role_policy = data.aws_iam_policy_document.assume["codebuild"].json
}

data "aws_iam_policy_document" "codebuild" {
  statement {
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = [local.build_log_streams_arn]
  }
  statement {
    # Only this pipeline's artifact folder, only in a bucket of this account.
    actions   = ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject"]
    resources = [local.artifact_objects]
    condition {
      test     = "StringEquals"
      variable = "s3:ResourceAccount"
      values   = [local.account_id]
    }
  }
  statement {
    # CodeBuild checks the artifact bucket's ACL and location before it reads the input artifact.
    actions   = ["s3:GetBucketAcl", "s3:GetBucketLocation"]
    resources = [local.artifact_bucket_arn]
    condition {
      test     = "StringEquals"
      variable = "s3:ResourceAccount"
      values   = [local.account_id]
    }
  }
  statement {
    # AWS accepts no narrower resource for GetAuthorizationToken.
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }
  statement {
    # Push the app image and read its digest (DescribeImages); pull and push the build cache.
    actions = [
      "ecr:BatchCheckLayerAvailability",
      "ecr:BatchGetImage",
      "ecr:GetDownloadUrlForLayer",
      "ecr:InitiateLayerUpload",
      "ecr:UploadLayerPart",
      "ecr:CompleteLayerUpload",
      "ecr:PutImage",
    ]
    resources = [local.app_repository_arn, local.build_cache_repository_arn]
  }
  statement {
    actions   = ["ecr:DescribeImages"]
    resources = [local.app_repository_arn]
  }
}

resource "aws_iam_role_policy" "codebuild" {
  name   = "build"
  role   = aws_iam_role.codebuild.name
  policy = data.aws_iam_policy_document.codebuild.json
}

# --- CodePipeline: source from CodeCommit, run the build, deploy to the ECS service ----------
resource "aws_iam_role" "codepipeline" {
  name_prefix        = "pipe-"
  assume_role_policy = data.aws_iam_policy_document.assume_codepipeline.json
}

data "aws_iam_policy_document" "codepipeline" {
  statement {
    actions   = ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject"]
    resources = [local.artifact_objects]
    condition {
      test     = "StringEquals"
      variable = "s3:ResourceAccount"
      values   = [local.account_id]
    }
  }
  statement {
    actions   = ["s3:GetBucketVersioning", "s3:GetBucketAcl", "s3:GetBucketLocation"]
    resources = [local.artifact_bucket_arn]
    condition {
      test     = "StringEquals"
      variable = "s3:ResourceAccount"
      values   = [local.account_id]
    }
  }
  statement {
    actions = [
      "codecommit:GetBranch",
      "codecommit:GetCommit",
      "codecommit:GetRepository",
      "codecommit:UploadArchive",
      "codecommit:GetUploadArchiveStatus",
      "codecommit:CancelUploadArchive",
    ]
    resources = [local.source_repository_arn]
  }
  statement {
    actions   = ["codebuild:StartBuild", "codebuild:BatchGetBuilds"]
    resources = [local.build_project_arn, local.record_deploy_project_arn]
  }
  # The ECS deploy action (rolling) updates the service and watches its tasks; CodeDeploy does both for
  # blue_green (codedeploy_iam.tf).
  dynamic "statement" {
    for_each = local.blue_green ? [] : [1]
    content {
      actions   = ["ecs:DescribeServices", "ecs:UpdateService"]
      resources = ["arn:${local.partition}:ecs:${var.region}:${local.account_id}:service/${var.ecs_cluster_name}/${var.ecs_service_name}"]
    }
  }
  statement {
    # AWS allows no resource narrower than "*" for DescribeTaskDefinition.
    actions   = ["ecs:DescribeTaskDefinition"]
    resources = ["*"]
  }
  statement {
    # Registration is authorized on the revision it creates: only the app's family.
    actions   = ["ecs:RegisterTaskDefinition"]
    resources = ["arn:${local.partition}:ecs:${var.region}:${local.account_id}:task-definition/${var.task_definition_family}:*"]
  }
  statement {
    # The deploy action registers a tagged copy of the service's revision (the stack's default tags):
    # tagging on create needs ecs:TagResource, limited to that registration in the app's family.
    actions   = ["ecs:TagResource"]
    resources = ["arn:${local.partition}:ecs:${var.region}:${local.account_id}:task-definition/${var.task_definition_family}:*"]
    condition {
      test     = "StringEquals"
      variable = "ecs:CreateAction"
      values   = ["RegisterTaskDefinition"]
    }
  }
  # The ECS action watches the service's tasks; each action on the resource type AWS authorizes it on.
  dynamic "statement" {
    for_each = local.blue_green ? {} : {
      "ecs:DescribeTasks" = "task"
      "ecs:ListTasks"     = "container-instance"
    }
    content {
      actions   = [statement.key]
      resources = ["arn:${local.partition}:ecs:${var.region}:${local.account_id}:${statement.value}/${var.ecs_cluster_name}/*"]
      condition {
        test     = "ArnEquals"
        variable = "ecs:cluster"
        values   = ["arn:${local.partition}:ecs:${var.region}:${local.account_id}:cluster/${var.ecs_cluster_name}"]
      }
    }
  }
  statement {
    actions   = ["iam:PassRole"]
    resources = var.task_role_arns
    condition {
      test     = "StringEquals"
      variable = "iam:PassedToService"
      values   = ["ecs-tasks.amazonaws.com"]
    }
  }
}

resource "aws_iam_role_policy" "codepipeline" {
  name   = "pipeline"
  role   = aws_iam_role.codepipeline.name
  policy = data.aws_iam_policy_document.codepipeline.json
}

# --- EventBridge: start this pipeline only --------------------------------------------------
resource "aws_iam_role" "events" {
  name_prefix        = "events-"
  assume_role_policy = data.aws_iam_policy_document.assume["events"].json
}

data "aws_iam_policy_document" "events" {
  statement {
    actions   = ["codepipeline:StartPipelineExecution"]
    resources = [local.pipeline_arn]
  }
}

resource "aws_iam_role_policy" "events" {
  name   = "start-pipeline"
  role   = aws_iam_role.events.name
  policy = data.aws_iam_policy_document.events.json
}

data "aws_partition" "current" {}
