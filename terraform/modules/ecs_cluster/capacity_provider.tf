# The hosts' Auto Scaling group as the cluster's capacity provider, for managed instance draining only:
# before the group terminates a host (instance refresh, scale-in), ECS sets it DRAINING and the service
# starts its tasks elsewhere first. Scaling stays the group's own (desired_capacity); tasks keep the EC2
# launch type. https://docs.aws.amazon.com/AmazonECS/latest/developerguide/managed-instance-draining.html
resource "aws_ecs_capacity_provider" "hosts" {
  name = "${var.prefix}-hosts"

  auto_scaling_group_provider {
    auto_scaling_group_arn         = aws_autoscaling_group.hosts.arn
    managed_draining               = "ENABLED"
    managed_termination_protection = "DISABLED"

    managed_scaling {
      status = "DISABLED"
    }
  }
}

resource "aws_ecs_cluster_capacity_providers" "this" {
  cluster_name       = aws_ecs_cluster.this.name
  capacity_providers = [aws_ecs_capacity_provider.hosts.name]
}
