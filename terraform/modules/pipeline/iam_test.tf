# --- The Test stage's CodeBuild role: temporary tables under its prefix, pull of this app's images, logs ---
data "aws_iam_policy_document" "assume_test" {
  count = var.test_stage_enabled ? 1 : 0
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
      values   = [local.test_project_arn]
    }
  }
}

resource "aws_iam_role" "test" {
  count              = var.test_stage_enabled ? 1 : 0
  name_prefix        = "test-"
  assume_role_policy = data.aws_iam_policy_document.assume_test[0].json
}

data "aws_iam_policy_document" "test" {
  count = var.test_stage_enabled ? 1 : 0
  statement {
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["arn:${local.partition}:logs:${var.region}:${local.account_id}:log-group:${local.test_log_group}:log-stream:*"]
  }
  statement {
    # Reads its two input artifacts (the source, the Build stage's imagedefinitions.json); writes none.
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
    # AWS accepts no narrower resource for GetAuthorizationToken.
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }
  statement {
    # Pull only (docker pull of repository@sha256:...), only this app's repository.
    actions   = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
    resources = [local.app_repository_arn]
  }
}

resource "aws_iam_role_policy" "test" {
  count  = var.test_stage_enabled ? 1 : 0
  name   = "test-stage"
  role   = aws_iam_role.test[0].name
  policy = data.aws_iam_policy_document.test[0].json
}

# DynamoDB on its own: names only (account, region, prefix), so a plan already shows the whole policy.
data "aws_iam_policy_document" "test_tables" {
  count = var.test_stage_enabled ? 1 : 0
  statement {
    # Create, tag, inspect and delete its temporary tables, and only those (the name prefix).
    actions = [
      "dynamodb:CreateTable",
      "dynamodb:DescribeTable",
      "dynamodb:DeleteTable",
      "dynamodb:TagResource",
      "dynamodb:ListTagsOfResource",
    ]
    resources = [local.temporary_tables_arn]
  }
  statement {
    # The app under test runs with the build's credentials: what its task role may do, on those tables.
    actions   = ["dynamodb:PutItem", "dynamodb:Query", "dynamodb:Scan"]
    resources = [local.temporary_tables_arn]
  }
  statement {
    # Finding leftover temporary tables; AWS accepts no narrower resource for ListTables.
    actions   = ["dynamodb:ListTables"]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "test_tables" {
  count  = var.test_stage_enabled ? 1 : 0
  name   = "temporary-tables"
  role   = aws_iam_role.test[0].name
  policy = data.aws_iam_policy_document.test_tables[0].json
}

# --- CodePipeline: run the Test stage's project (beside the role's main policy in iam.tf) ---
data "aws_iam_policy_document" "codepipeline_test" {
  count = var.test_stage_enabled ? 1 : 0
  statement {
    actions   = ["codebuild:StartBuild", "codebuild:BatchGetBuilds"]
    resources = [local.test_project_arn]
  }
}

resource "aws_iam_role_policy" "codepipeline_test" {
  count  = var.test_stage_enabled ? 1 : 0
  name   = "pipeline-test-stage"
  role   = aws_iam_role.codepipeline.name
  policy = data.aws_iam_policy_document.codepipeline_test[0].json
}
