# After a successful Deploy (ECS rolling or CodeDeploy blue/green), the Deploy stage's second action tags the
# digest that was deployed deployed-<pipeline execution id>, so the ECR lifecycle policy (ecr.tf) keeps it
# however many builds follow. It runs only when the deploy action succeeded: a rejected, failed or rolled-back
# build is never tagged. Tags are immutable, but a new tag on an existing digest is allowed.
# Pipeline variables: https://docs.aws.amazon.com/codepipeline/latest/userguide/reference-variables.html
# PutImage with an existing manifest: https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-retag.html
locals {
  deployed_tag_prefix        = "deployed-"
  record_deploy_project_name = "${var.prefix}-record-deploy"
  record_deploy_project_arn  = "arn:${local.partition}:codebuild:${var.region}:${local.account_id}:project/${local.record_deploy_project_name}"
  # Built from names, not from the log group resource: the plan then shows the whole policy.
  record_deploy_log_group     = "/codebuild/${local.record_deploy_project_name}"
  record_deploy_log_group_arn = "arn:${local.partition}:logs:${var.region}:${local.account_id}:log-group:${local.record_deploy_log_group}"

  # imagedefinitions.json (written by every build) names the image by digest: repository@sha256:...
  record_deploy_buildspec = <<-BUILDSPEC
    version: 0.2
    env:
      shell: bash
    phases:
      build:
        on-failure: ABORT
        commands:
          - |
            set -euo pipefail
            image="$(jq -er --arg name "$CONTAINER_NAME" '.[] | select(.name == $name) | .imageUri' imagedefinitions.json)"
            digest="$${image##*@}"
            if ! [[ "$digest" =~ ^sha256:[0-9a-f]{64}$ ]]; then
              echo "Error: imagedefinitions.json names no image by digest for $CONTAINER_NAME (got '$image'). Fix: run the Build stage of this pipeline again." >&2
              exit 1
            fi
            manifest="$(aws ecr batch-get-image --repository-name "$REPOSITORY_NAME" --image-ids imageDigest="$digest" --query 'images[0].imageManifest' --output text)"
            media_type="$(aws ecr batch-get-image --repository-name "$REPOSITORY_NAME" --image-ids imageDigest="$digest" --query 'images[0].imageManifestMediaType' --output text)"
            if output="$(aws ecr put-image --repository-name "$REPOSITORY_NAME" --image-tag "$DEPLOYED_TAG" --image-digest "$digest" --image-manifest "$manifest" --image-manifest-media-type "$media_type" 2>&1)"; then
              echo "tagged $REPOSITORY_NAME@$digest $DEPLOYED_TAG"
            elif [[ "$output" == *ImageAlreadyExistsException* ]]; then
              echo "$REPOSITORY_NAME@$digest is tagged $DEPLOYED_TAG already (a retried action)"
            else
              echo "$output" >&2
              exit 1
            fi
  BUILDSPEC
}

resource "aws_cloudwatch_log_group" "record_deploy" {
  name              = local.record_deploy_log_group
  retention_in_days = var.log_retention_days
}

data "aws_iam_policy_document" "record_deploy_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["codebuild.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = [local.record_deploy_project_arn]
    }
  }
}

resource "aws_iam_role" "record_deploy" {
  name_prefix        = "deployed-"
  assume_role_policy = data.aws_iam_policy_document.record_deploy_assume.json
}

data "aws_iam_policy_document" "record_deploy" {
  statement {
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${local.record_deploy_log_group_arn}:log-stream:*"]
  }
  statement {
    # Reads the Build artifact (imagedefinitions.json) of this pipeline only.
    actions   = ["s3:GetObject", "s3:GetObjectVersion"]
    resources = [local.artifact_objects]
    condition {
      test     = "StringEquals"
      variable = "s3:ResourceAccount"
      values   = [local.account_id]
    }
  }
  statement {
    actions   = ["s3:GetBucketAcl", "s3:GetBucketLocation"]
    resources = [local.artifact_bucket_arn]
    condition {
      test     = "StringEquals"
      variable = "s3:ResourceAccount"
      values   = [local.account_id]
    }
  }
  statement {
    # Read the deployed image's manifest and put it back under the deployed-<id> tag: no layer is uploaded.
    actions   = ["ecr:BatchGetImage", "ecr:PutImage"]
    resources = [local.app_repository_arn]
  }
}

resource "aws_iam_role_policy" "record_deploy" {
  name   = "record-deploy"
  role   = aws_iam_role.record_deploy.name
  policy = data.aws_iam_policy_document.record_deploy.json
}

resource "aws_codebuild_project" "record_deploy" {
  name          = local.record_deploy_project_name
  description   = "Tags the image the Deploy stage deployed, so the ECR lifecycle policy keeps it"
  service_role  = aws_iam_role.record_deploy.arn
  build_timeout = 5

  artifacts {
    type = "CODEPIPELINE"
  }

  source {
    type      = "CODEPIPELINE"
    buildspec = local.record_deploy_buildspec
  }

  environment {
    compute_type = "BUILD_GENERAL1_SMALL"
    image        = var.codebuild_image
    type         = "LINUX_CONTAINER"

    environment_variable {
      name  = "CONTAINER_NAME"
      value = var.container_name
    }
    environment_variable {
      name  = "REPOSITORY_NAME"
      value = aws_ecr_repository.app.name
    }
  }

  logs_config {
    cloudwatch_logs {
      group_name = aws_cloudwatch_log_group.record_deploy.name
    }
  }
}
