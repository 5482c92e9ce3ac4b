output "ecr_repository_url" {
  description = "URL of the ECR repository."
  value       = aws_ecr_repository.app.repository_url
}

output "ecr_repository_arn" {
  description = "ARN of the ECR repository."
  value       = local.app_repository_arn
}

output "codecommit_repository_name" {
  description = "Name of the CodeCommit repository."
  value       = aws_codecommit_repository.app.repository_name
}

output "codecommit_clone_url_http" {
  description = "HTTPS clone URL of the CodeCommit repository."
  value       = aws_codecommit_repository.app.clone_url_http
}

output "pipeline_name" {
  description = "Name of the pipeline."
  value       = aws_codepipeline.app.name
}

output "codedeploy_application_name" {
  description = "Blue/green: the CodeDeploy application; null for rolling."
  value       = one(aws_codedeploy_app.app[*].name)
}

output "codedeploy_deployment_group_name" {
  description = "Blue/green: the CodeDeploy deployment group; null for rolling."
  value       = one(aws_codedeploy_deployment_group.app[*].deployment_group_name)
}
