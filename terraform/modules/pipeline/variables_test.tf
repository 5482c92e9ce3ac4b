variable "test_stage_enabled" {
  description = "Whether the pipeline has its Test stage (the built image against a temporary DynamoDB table, checked with the app's contract) between Build and Approval."
  type        = bool
  default     = true
}
