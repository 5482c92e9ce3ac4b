module "naming" {
  source       = "./modules/naming"
  project_name = var.project_name
  environment  = terraform.workspace
}

module "network" {
  source = "./modules/network"
  prefix = local.prefix
}

module "load_balancer" {
  source           = "./modules/load_balancer"
  prefix           = local.prefix
  vpc_id           = module.network.vpc_id
  subnet_ids       = module.network.public_subnet_ids
  vpc_cidr_block   = module.network.cidr_block
  healthcheck_path = var.healthcheck_path
  health_check = {
    interval_seconds  = var.health_check_interval_seconds
    timeout_seconds   = var.health_check_timeout_seconds
    healthy_threshold = var.health_check_healthy_threshold
  }
  deregistration_delay_seconds = var.deregistration_delay_seconds
  certificate_arn              = var.certificate_arn

  deployment_strategy = var.deployment_strategy
  test_listener_port  = var.blue_green_test_listener_port
  test_listener_cidrs = var.blue_green_test_listener_cidrs
}

module "ecs_cluster" {
  source                = "./modules/ecs_cluster"
  prefix                = local.prefix
  cluster_name          = "${local.prefix}-${var.ecs_cluster_name}"
  vpc_id                = module.network.vpc_id
  subnet_ids            = module.network.public_subnet_ids
  alb_security_group_id = module.load_balancer.security_group_id
  instance_type         = var.instance_type
  key_pair_name         = var.ec2_key_pair_name
  desired_capacity      = var.desired_instance_capacity
  tags                  = var.tags
  ssh_ingress_cidrs     = var.ssh_ingress_cidrs

  container_stop_timeout_seconds = var.container_stop_timeout_seconds
  image_pull_behavior            = var.image_pull_behavior
  host_metadata_dir              = local.host_metadata_dir
  # ECS Exec sessions log to the app's group only when asked (module.service grants the task role that).
  exec_log_group_name = var.exec_enabled && var.exec_session_logging ? module.service.log_group_name : null
}

module "service" {
  source         = "./modules/service"
  prefix         = local.prefix
  region         = var.region
  cluster_id     = module.ecs_cluster.cluster_id
  container_name = local.container_name
  # Only until the pipeline's first deploy; later revisions keep the image the service runs.
  bootstrap_image        = "${module.pipeline.ecr_repository_url}:not-deployed-yet"
  host_metadata_dir      = local.host_metadata_dir
  memory_reservation_mib = var.task_memory_mib
  app_port               = var.app_port
  desired_tasks          = var.desired_tasks
  target_group_arn       = module.load_balancer.target_group_arn
  table_name             = aws_dynamodb_table.candidates.name
  table_arn              = local.table_arn
  ecr_repository_arn     = module.pipeline.ecr_repository_arn
  log_retention_days     = var.log_retention_days
  deployment_strategy    = var.deployment_strategy
  exec_enabled           = var.exec_enabled
  exec_session_logging   = var.exec_session_logging
}

module "pipeline" {
  source             = "./modules/pipeline"
  prefix             = local.prefix
  region             = var.region
  artifact_bucket    = var.artifact_store
  codebuild_image    = var.codebuild_image
  container_name     = local.container_name
  ecs_cluster_name   = module.ecs_cluster.cluster_name
  ecs_service_name   = module.service.service_name
  task_role_arns     = module.service.role_arns
  log_retention_days = var.log_retention_days

  task_definition_family = module.service.task_definition_family
  build_cache            = var.build_cache
  test_stage_enabled     = var.test_stage_enabled

  deployment_strategy = var.deployment_strategy
  blue_green = var.deployment_strategy == "blue_green" ? {
    target_group_names                 = module.load_balancer.target_group_names
    production_listener_arn            = module.load_balancer.production_listener_arn
    test_listener_arn                  = module.load_balancer.test_listener_arn
    alarm_names                        = module.load_balancer.deployment_alarm_names
    task_definition_template_parameter = module.service.task_definition_template_parameter
    image_placeholder                  = module.service.image_placeholder
    wait_before_reroute_minutes        = var.blue_green_wait_before_reroute_minutes
    terminate_blue_after_minutes       = var.blue_green_terminate_blue_after_minutes
  } : null
}
