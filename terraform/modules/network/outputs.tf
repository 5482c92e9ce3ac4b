output "vpc_id" {
  description = "ID of the VPC."
  value       = aws_vpc.this.id
}

output "public_subnet_ids" {
  description = "IDs of the two public subnets, one per availability zone."
  value       = aws_subnet.public[*].id
}

output "availability_zones" {
  description = "The two availability zones used."
  value       = local.zones
}

output "cidr_block" {
  description = "CIDR block of the VPC."
  value       = aws_vpc.this.cidr_block
}
