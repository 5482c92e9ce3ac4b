# Names and ARNs decided before the resources exist: the roles' trust policies name the one
# project, pipeline and rule allowed to use them (confused-deputy protection), without a cycle.
locals {
  partition  = data.aws_partition.current.partition
  account_id = data.aws_caller_identity.current.account_id

  build_project_name = "${var.prefix}-app"
  pipeline_name      = "${var.prefix}-pipeline"
  event_rule_name    = "${var.prefix}-push-to-main"

  build_project_arn = "arn:${local.partition}:codebuild:${var.region}:${local.account_id}:project/${local.build_project_name}"
  pipeline_arn      = "arn:${local.partition}:codepipeline:${var.region}:${local.account_id}:${local.pipeline_name}"
  event_rule_arn    = "arn:${local.partition}:events:${var.region}:${local.account_id}:rule/${local.event_rule_name}"

  # CodePipeline keeps a pipeline's artifacts under the first 20 characters of its name; the environment
  # prefix (modules/naming) keeps that folder distinct per environment, and each role may touch only it.
  artifact_bucket_arn = "arn:${local.partition}:s3:::${var.artifact_bucket}"
  artifact_folder     = substr(local.pipeline_name, 0, 20)
  artifact_objects    = "${local.artifact_bucket_arn}/${local.artifact_folder}/*"

  # ARNs of this module's resources built from their names, so a plan shows every policy whole (and an
  # offline policy engine can evaluate it: terraform/test/iam).
  app_repository_arn         = "arn:${local.partition}:ecr:${var.region}:${local.account_id}:repository/${aws_ecr_repository.app.name}"
  build_cache_repository_arn = "arn:${local.partition}:ecr:${var.region}:${local.account_id}:repository/${aws_ecr_repository.build_cache.name}"
  source_repository_arn      = "arn:${local.partition}:codecommit:${var.region}:${local.account_id}:${aws_codecommit_repository.app.repository_name}"
  build_log_streams_arn      = "arn:${local.partition}:logs:${var.region}:${local.account_id}:log-group:${aws_cloudwatch_log_group.build.name}:log-stream:*"
}
