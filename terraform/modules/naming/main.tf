locals {
  full_name = "${var.project_name}-${var.environment}"

  # Names of up to 20 characters are used as they are. Longer ones keep their first 13 characters
  # plus a 6-hex-digit hash of the whole name, so two long environment names that share a beginning
  # still get different prefixes. 20 is CodePipeline's artifact folder length (it keeps the first 20
  # characters of the pipeline name), and it keeps "<prefix>-alb" / "<prefix>-tg" within AWS's 32.
  prefix = length(local.full_name) <= 20 ? local.full_name : "${trimsuffix(substr(local.full_name, 0, 13), "-")}-${substr(sha256(local.full_name), 0, 6)}"
}
