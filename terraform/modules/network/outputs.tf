output "vpc_id" {
  description = "ID of the VPC."
  value       = aws_vpc.this.id
}

output "public_subnet_ids" {
  description = "IDs of the two public subnets, one per availability zone, ready once their route to the internet gateway exists."
  value       = aws_subnet.public[*].id

  # Whatever lands in these subnets (ALB, hosts) is created after the default route and the
  # associations, and destroyed before them: no "VPC has no internet gateway" on create and no
  # DependencyViolation retries while the gateway is detached on destroy.
  depends_on = [aws_route.internet, aws_route_table_association.public]
}

output "availability_zones" {
  description = "The two availability zones used."
  value       = local.zones
}

output "cidr_block" {
  description = "CIDR block of the VPC."
  value       = aws_vpc.this.cidr_block
}
