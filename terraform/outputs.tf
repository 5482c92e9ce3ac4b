output "lb_dns_name" {
  description = "Application load balancer DNS name."
  value       = module.load_balancer.dns_name
}

output "app_url" {
  description = "URL to invoke the application (https:// when certificate_arn is set)."
  value       = "${var.certificate_arn == null ? "http" : "https"}://${coalesce(var.app_domain_name, module.load_balancer.dns_name)}"
}

output "aws_ecr_repository" {
  description = "ECR repository URL the pipeline pushes the app image to."
  value       = module.pipeline.ecr_repository_url
}

output "region" {
  description = "AWS region of the stack."
  value       = var.region
}

output "codecommit_repository_name" {
  description = "CodeCommit repository that holds the app source (challenge ship app pushes here)."
  value       = module.pipeline.codecommit_repository_name
}

output "codecommit_clone_url_http" {
  description = "HTTPS clone URL of the CodeCommit repository."
  value       = module.pipeline.codecommit_clone_url_http
}

output "pipeline_name" {
  description = "CodePipeline name (Source -> Build -> Test -> Approval -> Deploy; Test only with test_stage_enabled)."
  value       = module.pipeline.pipeline_name
}

output "ecs_cluster_name" {
  description = "ECS cluster name."
  value       = module.ecs_cluster.cluster_name
}

output "ecs_service_name" {
  description = "ECS service name of the app."
  value       = module.service.service_name
}

output "app_log_group_name" {
  description = "CloudWatch log group of the app containers (challenge logs reads it)."
  value       = module.service.log_group_name
}

output "dynamodb_table_name" {
  description = "DynamoDB table of the candidates."
  value       = aws_dynamodb_table.candidates.name
}

output "target_group_arn" {
  description = "ARN of the ALB target group the app tasks register in."
  value       = module.load_balancer.target_group_arn
}

output "deployment_strategy" {
  description = "How the pipeline deploys: rolling (ECS) or blue_green (CodeDeploy)."
  value       = var.deployment_strategy
}

output "codedeploy_application_name" {
  description = "Blue/green: CodeDeploy application of the app; null for rolling."
  value       = module.pipeline.codedeploy_application_name
}

output "codedeploy_deployment_group_name" {
  description = "Blue/green: CodeDeploy deployment group of the ECS service; null for rolling."
  value       = module.pipeline.codedeploy_deployment_group_name
}

output "target_group_arns" {
  description = "ARNs of the app target groups: [blue] for rolling, [blue, green] for blue_green."
  value       = module.load_balancer.target_group_arns
}

output "app_test_url" {
  description = "Blue/green: URL of the test listener (the new tasks before traffic moves), reachable from blue_green_test_listener_cidrs only; null for rolling."
  value       = var.deployment_strategy == "blue_green" ? "http://${module.load_balancer.dns_name}:${var.blue_green_test_listener_port}" : null
}
