locals {
  # "<project>-<workspace>", e.g. challenge-mock (two environments coexist in one account); longer than
  # 20 characters it is shortened with a hash of the full name (modules/naming).
  prefix = module.naming.prefix

  # The one place the container name is decided: the task definition uses it and CodeBuild
  # receives it as CONTAINER_NAME for imagedefinitions.json.
  container_name = "app"

  table_name = "${local.prefix}-candidates"

  # Written by the hosts' user data (the instance id), mounted read-only into the app's tasks.
  host_metadata_dir = "/var/lib/challenge/host-metadata"
}
