output "cluster_id" {
  description = "ID (ARN) of the ECS cluster."
  value       = aws_ecs_cluster.this.id
}

output "cluster_name" {
  description = "Name of the ECS cluster."
  value       = aws_ecs_cluster.this.name
}

output "host_security_group_id" {
  description = "Security group of the ECS hosts."
  value       = aws_security_group.hosts.id
}
