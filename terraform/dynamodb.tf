resource "aws_dynamodb_table" "candidates" {
  name         = local.table_name
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "CandidateName"

  # AWS refuses DeleteTable while this is on; only `challenge destroy` lifts it, after a backup.
  deletion_protection_enabled = var.dynamodb_deletion_protection

  attribute {
    name = "CandidateName"
    type = "S"
  }

  point_in_time_recovery {
    enabled = true
  }

  # DynamoDB always encrypts at rest. enabled = false means an AWS-owned key (free); aws_managed uses
  # the account's aws/dynamodb KMS key, billed per request; a KMS key ARN uses that key.
  server_side_encryption {
    enabled     = var.dynamodb_encryption != "aws_owned"
    kms_key_arn = startswith(var.dynamodb_encryption, "arn:") ? var.dynamodb_encryption : null
  }
}

# The table's ARN from its name, so the task role's policy is whole in a plan (terraform/test/iam).
data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

locals {
  table_arn = "arn:${data.aws_partition.current.partition}:dynamodb:${var.region}:${data.aws_caller_identity.current.account_id}:table/${aws_dynamodb_table.candidates.name}"
}
