# Start the pipeline when main changes in the CodeCommit repository.
resource "aws_cloudwatch_event_rule" "push_to_main" {
  name        = local.event_rule_name
  description = "Start ${aws_codepipeline.app.name} on a push to main"
  event_pattern = jsonencode({
    source        = ["aws.codecommit"]
    "detail-type" = ["CodeCommit Repository State Change"]
    resources     = [aws_codecommit_repository.app.arn]
    detail = {
      event         = ["referenceCreated", "referenceUpdated"]
      referenceType = ["branch"]
      referenceName = ["main"]
    }
  })
}

resource "aws_cloudwatch_event_target" "pipeline" {
  rule     = aws_cloudwatch_event_rule.push_to_main.name
  arn      = aws_codepipeline.app.arn
  role_arn = aws_iam_role.events.arn
}
