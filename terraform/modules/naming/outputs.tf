output "prefix" {
  description = "Resource name prefix of the environment: at most 20 characters, unique per project/environment pair."
  value       = local.prefix
}
