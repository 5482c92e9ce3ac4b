locals {
  full_name = "${var.project_name}-${var.environment}"

  # Names of up to 20 characters are used as they are. Longer ones keep their first 13 characters
  # plus a 6-hex-digit hash of the whole name, so two long environment names that share a beginning
  # still get different prefixes. 20 is CodePipeline's artifact folder length (it keeps the first 20
  # characters of the pipeline name), and it keeps "<prefix>-alb" / "<prefix>-tg" within AWS's 32.
  #
  # A name ending in a beginning of "-pipeline" ("-p", "-pip"...) is hashed too: "<prefix>-pipeline" cut
  # to 20 characters would otherwise equal a shorter environment's folder (challenge-mock-pipel is both
  # challenge-mock's pipeline folder and the whole name of an environment "mock-pipel").
  pipeline_lookalike = can(regex("-p(i(p(e(l(i(n(e)?)?)?)?)?)?)?$", local.full_name))
  short_enough       = length(local.full_name) <= 20 && !local.pipeline_lookalike
  prefix             = local.short_enough ? local.full_name : "${trimsuffix(substr(local.full_name, 0, 13), "-")}-${substr(sha256(local.full_name), 0, 6)}"
}
