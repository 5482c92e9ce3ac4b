# Security and wiring invariants, checked on each module's plan (mocked provider).
mock_provider "aws" {
  source = "./tests/aws"
}

run "hosts_require_imdsv2_encrypt_disks_and_only_hear_the_alb" {
  command = plan
  module {
    source = "./modules/ecs_cluster"
  }
  variables {
    prefix                = "challenge-mock"
    cluster_name          = "challenge-mock-cluster"
    vpc_id                = "vpc-0123456789abcdef0"
    subnet_ids            = ["subnet-a", "subnet-b"]
    alb_security_group_id = "sg-0a1b2c3d4e5f60718"
    instance_type         = "t3.micro"
    key_pair_name         = "key_pair_name"
    desired_capacity      = 2
    tags                  = { project = "project_name", env = "mock" }

    container_stop_timeout_seconds = 5
    image_pull_behavior            = "once"
    host_metadata_dir              = "/var/lib/challenge/host-metadata"
  }

  assert {
    condition     = aws_launch_template.hosts.metadata_options[0].http_tokens == "required"
    error_message = "IMDSv2 must be required on the ECS hosts."
  }
  assert {
    # A bridge-mode container is one hop further than the host: with 1 it gets no IMDSv2 token.
    condition     = aws_launch_template.hosts.metadata_options[0].http_put_response_hop_limit == 1
    error_message = "The metadata hop limit must be 1: containers must not reach the host role's credentials."
  }
  assert {
    condition = alltrue([
      for line in [
        "iptables -w -C DOCKER-USER -i docker+ -d 169.254.169.254/32 -j DROP 2>/dev/null ||",
        "  iptables -w -I DOCKER-USER 1 -i docker+ -d 169.254.169.254/32 -j DROP",
        "ExecStartPost=/usr/local/sbin/block-container-imds",
        "mv -f /var/lib/challenge/host-metadata/instance-id.tmp /var/lib/challenge/host-metadata/instance-id",
      ] : contains(split("\n", base64decode(aws_launch_template.hosts.user_data)), line)
    ])
    error_message = "User data must drop container traffic to IMDS (DOCKER-USER, on every Docker start) and write the instance id file."
  }
  assert {
    condition     = alltrue([for m in aws_launch_template.hosts.block_device_mappings : m.ebs[0].encrypted == "true"])
    error_message = "Every EBS volume of the hosts must be encrypted."
  }
  assert {
    condition     = aws_vpc_security_group_ingress_rule.from_alb.referenced_security_group_id == "sg-0a1b2c3d4e5f60718" && aws_vpc_security_group_ingress_rule.from_alb.cidr_ipv4 == null
    error_message = "The hosts must accept app traffic only from the ALB security group."
  }
  assert {
    condition     = aws_autoscaling_group.hosts.min_size == 0 && aws_autoscaling_group.hosts.max_size == 4 && aws_autoscaling_group.hosts.desired_capacity == 2
    error_message = "The Auto Scaling group must be min 0 / desired from the variable / max 4 (twice the 2-host maximum, for the instance refresh)."
  }
  assert {
    condition = (
      aws_autoscaling_group.hosts.instance_refresh[0].strategy == "Rolling"
      && aws_autoscaling_group.hosts.instance_refresh[0].preferences[0].min_healthy_percentage == 100
      && aws_autoscaling_group.hosts.instance_refresh[0].preferences[0].max_healthy_percentage == 200
      && aws_ecs_capacity_provider.hosts.auto_scaling_group_provider[0].managed_draining == "ENABLED"
      && aws_ecs_cluster_capacity_providers.this.capacity_providers == toset(["challenge-mock-hosts"])
    )
    error_message = "A new launch template (AMI, user data) must roll the hosts: launch before terminating, with ECS managed draining moving the tasks first."
  }
  assert {
    condition     = strcontains(base64decode(aws_launch_template.hosts.user_data), "\nECS_CLUSTER=challenge-mock-cluster\n")
    error_message = "User data must join the hosts to the cluster."
  }
  assert {
    condition = alltrue([
      for line in ["ECS_CONTAINER_STOP_TIMEOUT=5s", "ECS_IMAGE_PULL_BEHAVIOR=once", "ECS_DISABLE_IMAGE_CLEANUP=false"] :
      contains(split("\n", base64decode(aws_launch_template.hosts.user_data)), line)
    ])
    error_message = "User data must set the ECS agent's stop timeout, reuse cached images and keep the image cleanup on."
  }
  assert {
    condition = (
      sort([for t in aws_launch_template.hosts.tag_specifications : t.resource_type]) == tolist(["instance", "network-interface", "volume"])
      && alltrue([for t in aws_launch_template.hosts.tag_specifications : t.tags == tomap({ project = "project_name", env = "mock", Name = "challenge-mock-ecs-host" })])
    )
    error_message = "The stack's tags must reach the launched instances, volumes and network interfaces."
  }
  assert {
    condition     = length(aws_vpc_security_group_ingress_rule.ssh) == 0
    error_message = "No SSH ingress unless ssh_ingress_cidrs asks for it."
  }
}

run "ssh_is_opt_in_per_network" {
  command = plan
  module {
    source = "./modules/ecs_cluster"
  }
  variables {
    prefix                = "challenge-mock"
    cluster_name          = "challenge-mock-cluster"
    vpc_id                = "vpc-0123456789abcdef0"
    subnet_ids            = ["subnet-a", "subnet-b"]
    alb_security_group_id = "sg-0a1b2c3d4e5f60718"
    instance_type         = "t3.micro"
    key_pair_name         = "key_pair_name"
    desired_capacity      = 2
    ssh_ingress_cidrs     = ["203.0.113.7/32", "2001:db8::/64"]

    container_stop_timeout_seconds = 5
    image_pull_behavior            = "once"
    host_metadata_dir              = "/var/lib/challenge/host-metadata"
  }

  assert {
    condition = (
      aws_vpc_security_group_ingress_rule.ssh["203.0.113.7/32"].cidr_ipv4 == "203.0.113.7/32"
      && aws_vpc_security_group_ingress_rule.ssh["2001:db8::/64"].cidr_ipv6 == "2001:db8::/64"
      && alltrue([for rule in aws_vpc_security_group_ingress_rule.ssh : rule.from_port == 22 && rule.to_port == 22 && rule.ip_protocol == "tcp"])
    )
    error_message = "Each ssh_ingress_cidrs entry opens TCP 22 from that network only."
  }
}

run "only_the_alb_listens_to_the_world_on_http_80" {
  command = plan
  module {
    source = "./modules/load_balancer"
  }
  variables {
    prefix           = "challenge-mock"
    vpc_id           = "vpc-0123456789abcdef0"
    vpc_cidr_block   = "10.0.0.0/16"
    subnet_ids       = ["subnet-a", "subnet-b"]
    healthcheck_path = "/gtg"
    health_check = {
      interval_seconds  = 5
      timeout_seconds   = 3
      healthy_threshold = 2
    }
    deregistration_delay_seconds = 5
  }

  assert {
    condition     = aws_vpc_security_group_ingress_rule.http.cidr_ipv4 == "0.0.0.0/0" && aws_vpc_security_group_ingress_rule.http.from_port == 80 && aws_vpc_security_group_ingress_rule.http.to_port == 80
    error_message = "The ALB's only world ingress is TCP 80."
  }
  assert {
    condition     = aws_lb_listener.http.port == 80 && aws_lb_listener.http.protocol == "HTTP"
    error_message = "The listener must be HTTP on 80."
  }
  assert {
    condition     = aws_lb_target_group.app.health_check[0].path == "/gtg"
    error_message = "The target group must health-check healthcheck_path."
  }
  assert {
    condition = (
      aws_lb_target_group.app.health_check[0].interval == 5 && aws_lb_target_group.app.health_check[0].timeout == 3
      && aws_lb_target_group.app.health_check[0].healthy_threshold == 2 && aws_lb_target_group.app.deregistration_delay == "5"
    )
    error_message = "Health check timing and deregistration delay come from the variables (fast rollouts)."
  }
  assert {
    condition     = length(aws_lb.this.name) <= 32 && length(aws_lb_target_group.app.name) <= 32
    error_message = "ALB and target group names must fit AWS's 32-character limit."
  }
}

run "longest_prefix_still_fits_name_limits" {
  command = plan
  module {
    source = "./modules/load_balancer"
  }
  variables {
    prefix           = "abcdefghijkl-abcdefghijk"
    vpc_id           = "vpc-0123456789abcdef0"
    subnet_ids       = ["subnet-a", "subnet-b"]
    vpc_cidr_block   = "10.0.0.0/16"
    healthcheck_path = "/gtg"
    health_check = {
      interval_seconds  = 5
      timeout_seconds   = 3
      healthy_threshold = 2
    }
    deregistration_delay_seconds = 5
  }
  assert {
    condition     = length(aws_lb.this.name) <= 32 && length(aws_lb_target_group.app.name) <= 32
    error_message = "A 24-character prefix must keep ALB and target group names within 32 characters."
  }
}

run "pipeline_is_source_build_approval_deploy_without_wildcard_actions" {
  # apply (mocked): policy resources are ARNs known only after apply.
  command = apply
  module {
    source = "./modules/pipeline"
  }
  variables {
    prefix             = "challenge-mock"
    region             = "us-east-2"
    artifact_bucket    = "artifact-store-bucket-name"
    codebuild_image    = "aws/codebuild/standard:7.0"
    container_name     = "app"
    ecs_cluster_name   = "challenge-mock-cluster"
    ecs_service_name   = "challenge-mock-app"
    task_role_arns     = ["arn:aws:iam::123456789012:role/task", "arn:aws:iam::123456789012:role/exec"]
    log_retention_days = 14

    task_definition_family = "challenge-mock-app"
    # The optional Test stage has its own checks (tests/test_stage.tftest.hcl).
    test_stage_enabled = false
  }

  assert {
    condition     = [for s in aws_codepipeline.app.stage : s.name] == ["Source", "Build", "Approval", "Deploy"]
    error_message = "Stages must be Source, Build, Approval, Deploy."
  }
  assert {
    condition     = aws_codepipeline.app.stage[2].action[0].provider == "Manual" && aws_codepipeline.app.stage[3].action[0].provider == "ECS"
    error_message = "Approval must be manual and Deploy must be ECS."
  }
  assert {
    condition     = aws_codepipeline.app.stage[0].action[0].configuration["PollForSourceChanges"] == "false" && aws_codepipeline.app.stage[0].action[0].configuration["BranchName"] == "main"
    error_message = "Source is the main branch, started by EventBridge instead of polling."
  }
  assert {
    condition     = one([for v in aws_codebuild_project.app.environment[0].environment_variable : v.value if v.name == "CONTAINER_NAME"]) == "app"
    error_message = "CodeBuild must receive the container name as CONTAINER_NAME."
  }
  assert {
    condition     = aws_codebuild_project.app.environment[0].privileged_mode
    error_message = "CodeBuild must run privileged to build images."
  }
  assert {
    condition = (
      aws_codebuild_project.app.cache[0].type == "LOCAL"
      && toset(aws_codebuild_project.app.cache[0].modes) == toset(["LOCAL_DOCKER_LAYER_CACHE", "LOCAL_SOURCE_CACHE", "LOCAL_CUSTOM_CACHE"])
    )
    error_message = "CodeBuild keeps a local Docker layer, source and custom (pip) cache."
  }
  assert {
    # AWS's documented minimum for the ECS deploy action: registering a tagged revision needs
    # ecs:TagResource on the family, only as part of RegisterTaskDefinition.
    condition = anytrue([
      for statement in data.aws_iam_policy_document.codepipeline.statement :
      toset(statement.actions) == toset(["ecs:TagResource"])
      && toset(statement.resources) == toset(["arn:aws:ecs:us-east-2:123456789012:task-definition/challenge-mock-app:*"])
      && anytrue([for c in statement.condition : c.test == "StringEquals" && c.variable == "ecs:CreateAction" && toset(c.values) == toset(["RegisterTaskDefinition"])])
    ])
    error_message = "The pipeline role must allow ecs:TagResource on the app's family when registering a task definition."
  }
  assert {
    condition = anytrue([
      for statement in data.aws_iam_policy_document.codebuild.statement :
      toset(statement.actions) == toset(["s3:GetBucketAcl", "s3:GetBucketLocation"]) && toset(statement.resources) == toset(["arn:aws:s3:::artifact-store-bucket-name"])
    ])
    error_message = "CodeBuild must be allowed to check the artifact bucket's ACL and location."
  }
  assert {
    # One artifact bucket may serve several environments: each env's roles reach only its pipeline's
    # folder (the first 20 characters of the pipeline name), only in a bucket of this account.
    condition = alltrue(flatten([
      for doc in [data.aws_iam_policy_document.codebuild, data.aws_iam_policy_document.codepipeline] : [
        for statement in doc.statement : (
          alltrue([for r in statement.resources : r == "arn:aws:s3:::artifact-store-bucket-name" || r == "arn:aws:s3:::artifact-store-bucket-name/challenge-mock-pipel/*"])
          && anytrue([for c in statement.condition : c.test == "StringEquals" && c.variable == "s3:ResourceAccount" && toset(c.values) == toset(["123456789012"])])
        ) if anytrue([for a in statement.actions : startswith(a, "s3:")])
      ]
    ]))
    error_message = "S3 access must be scoped to this pipeline's artifact folder and to this account (s3:ResourceAccount)."
  }
  assert {
    condition = alltrue([
      for service, arn in {
        codebuild = "arn:aws:codebuild:us-east-2:123456789012:project/challenge-mock-app"
        events    = "arn:aws:events:us-east-2:123456789012:rule/challenge-mock-push-to-main"
        } : (
        anytrue([for c in data.aws_iam_policy_document.assume[service].statement[0].condition : c.test == "StringEquals" && c.variable == "aws:SourceAccount" && toset(c.values) == toset(["123456789012"])])
        && anytrue([for c in data.aws_iam_policy_document.assume[service].statement[0].condition : c.test == "ArnLike" && c.variable == "aws:SourceArn" && toset(c.values) == toset([arn])])
      )
    ])
    error_message = "The CodeBuild and EventBridge roles' trust must name this account and the one project/rule (confused deputy)."
  }
  assert {
    condition     = aws_ecr_repository.app.image_tag_mutability == "IMMUTABLE" && aws_ecr_repository.build_cache.image_tag_mutability == "MUTABLE"
    error_message = "App image tags are immutable; only the separate build cache repository has a moving tag."
  }
  assert {
    condition     = one([for v in aws_codebuild_project.app.environment[0].environment_variable : v.value if v.name == "CACHE_REPOSITORY_URI"]) == aws_ecr_repository.build_cache.repository_url
    error_message = "CodeBuild must receive the build cache repository as CACHE_REPOSITORY_URI."
  }
  assert {
    condition     = aws_ecr_repository.app.image_scanning_configuration[0].scan_on_push && aws_ecr_repository.app.encryption_configuration[0].encryption_type != ""
    error_message = "ECR must scan on push and be encrypted."
  }
  assert {
    condition = alltrue([
      for action in flatten([
        for doc in [data.aws_iam_policy_document.codebuild, data.aws_iam_policy_document.codepipeline, data.aws_iam_policy_document.events] :
        [for statement in doc.statement : tolist(statement.actions)]
      ]) : action != "*" && !endswith(action, ":*")
    ])
    error_message = "No IAM action may be a wildcard."
  }
  assert {
    condition = alltrue([
      for statement in flatten([
        for doc in [data.aws_iam_policy_document.codebuild, data.aws_iam_policy_document.codepipeline, data.aws_iam_policy_document.events] : doc.statement
      ]) :
      !contains(tolist(statement.resources), "*") || alltrue([
        for action in statement.actions : contains(["ecr:GetAuthorizationToken", "ecs:DescribeTaskDefinition"], action)
      ])
    ])
    error_message = "Resource \"*\" is allowed only for the documented actions AWS cannot scope."
  }
}

run "service_container_and_least_privilege_task_role" {
  # apply (mocked): policy resources are ARNs known only after apply.
  command = apply
  module {
    source = "./modules/service"
  }
  variables {
    prefix                 = "challenge-mock"
    region                 = "us-east-2"
    cluster_id             = "arn:aws:ecs:us-east-2:123456789012:cluster/challenge-mock-cluster"
    container_name         = "app"
    bootstrap_image        = "123456789012.dkr.ecr.us-east-2.amazonaws.com/challenge-mock-app:not-deployed-yet"
    memory_reservation_mib = 256
    host_metadata_dir      = "/var/lib/challenge/host-metadata"
    ecr_repository_arn     = "arn:aws:ecr:us-east-2:123456789012:repository/challenge-mock-app"
    app_port               = 8000
    desired_tasks          = 2
    target_group_arn       = "arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/challenge-mock-tg/0123456789abcdef"
    table_name             = "challenge-mock-candidates"
    table_arn              = "arn:aws:dynamodb:us-east-2:123456789012:table/challenge-mock-candidates"
    log_retention_days     = 14
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.app.container_definitions)[0].name == "app" && [for lb in aws_ecs_service.app.load_balancer : lb.container_name] == ["app"]
    error_message = "The task definition's container and the service's load balancer must use container_name."
  }
  assert {
    condition     = jsondecode(aws_ecs_task_definition.app.container_definitions)[0].portMappings[0].hostPort == 0 && aws_ecs_task_definition.app.network_mode == "bridge"
    error_message = "Bridge networking with dynamic host ports, so tasks may outnumber hosts."
  }
  assert {
    condition     = contains([for e in jsondecode(aws_ecs_task_definition.app.container_definitions)[0].environment : "${e.name}=${e.value}"], "TC_DYNAMO_TABLE=challenge-mock-candidates")
    error_message = "The container must get its table name as TC_DYNAMO_TABLE."
  }
  assert {
    condition = (
      [for v in aws_ecs_task_definition.app.volume : v.host_path if v.name == "host-metadata"] == ["/var/lib/challenge/host-metadata"]
      && jsondecode(aws_ecs_task_definition.app.container_definitions)[0].mountPoints == [{ sourceVolume = "host-metadata", containerPath = "/run/host-metadata", readOnly = true }]
      && contains([for e in jsondecode(aws_ecs_task_definition.app.container_definitions)[0].environment : "${e.name}=${e.value}"], "INSTANCE_ID_FILE=/run/host-metadata/instance-id")
      && contains([for e in jsondecode(aws_ecs_task_definition.app.container_definitions)[0].environment : "${e.name}=${e.value}"], "AWS_EC2_METADATA_DISABLED=true")
    )
    error_message = "The app reads its instance id from the host's folder, mounted read-only, and never asks the metadata service."
  }
  assert {
    condition     = alltrue([for b in aws_ecs_service.app.deployment_circuit_breaker : b.enable && b.rollback])
    error_message = "The service must roll back failed deployments."
  }
  assert {
    condition     = alltrue([for s in data.aws_iam_policy_document.table.statement : alltrue([for a in s.actions : startswith(a, "dynamodb:") && a != "dynamodb:*"]) && toset(s.resources) == toset(["arn:aws:dynamodb:us-east-2:123456789012:table/challenge-mock-candidates"])])
    error_message = "The task role may only use its own table, with named actions."
  }
}

run "whole_stack_table_and_outputs" {
  command = apply
  variables {
    ec2_key_pair_name = "key_pair_name"
    artifact_store    = "artifact-store-bucket-name"
  }
  assert {
    # enabled = false is DynamoDB's encryption with an AWS-owned key: encrypted, and free.
    condition     = aws_dynamodb_table.candidates.server_side_encryption[0].enabled == false && aws_dynamodb_table.candidates.point_in_time_recovery[0].enabled
    error_message = "The table must use the free AWS-owned key by default, with point-in-time recovery."
  }
  assert {
    condition     = aws_dynamodb_table.candidates.hash_key == "CandidateName" && aws_dynamodb_table.candidates.billing_mode == "PAY_PER_REQUEST"
    error_message = "On-demand table keyed by CandidateName."
  }
  assert {
    condition     = aws_dynamodb_table.candidates.deletion_protection_enabled == true
    error_message = "The candidates table must be deletion-protected unless an env turns it off explicitly."
  }
  assert {
    condition     = output.app_url == "http://mock-123456.us-east-2.elb.amazonaws.com"
    error_message = "app_url is http:// + the ALB DNS name."
  }
}

run "table_protection_is_lifted_only_by_the_variable" {
  command = plan
  variables {
    ec2_key_pair_name            = "key_pair_name"
    artifact_store               = "artifact-store-bucket-name"
    dynamodb_deletion_protection = false
  }
  assert {
    condition     = aws_dynamodb_table.candidates.deletion_protection_enabled == false
    error_message = "dynamodb_deletion_protection = false (what challenge destroy passes after its backup) must lift the protection."
  }
}

run "table_encryption_key_is_a_choice" {
  command = plan
  variables {
    ec2_key_pair_name   = "key_pair_name"
    artifact_store      = "artifact-store-bucket-name"
    dynamodb_encryption = "arn:aws:kms:us-east-2:123456789012:key/0123abcd-4567-89ef-0123-456789abcdef"
  }
  assert {
    condition = (
      aws_dynamodb_table.candidates.server_side_encryption[0].enabled
      && aws_dynamodb_table.candidates.server_side_encryption[0].kms_key_arn == "arn:aws:kms:us-east-2:123456789012:key/0123abcd-4567-89ef-0123-456789abcdef"
    )
    error_message = "A KMS key ARN encrypts the table with that key."
  }
}

run "table_with_the_aws_managed_key" {
  command = plan
  variables {
    ec2_key_pair_name   = "key_pair_name"
    artifact_store      = "artifact-store-bucket-name"
    dynamodb_encryption = "aws_managed"
  }
  assert {
    # No key ARN is sent: DynamoDB then uses the account's aws/dynamodb key (the plan shows it as computed).
    condition     = aws_dynamodb_table.candidates.server_side_encryption[0].enabled
    error_message = "aws_managed uses the account's aws/dynamodb key."
  }
}

run "whole_stack_later_apply_reads_the_marker_of_its_own_environment" {
  command = plan
  variables {
    ec2_key_pair_name = "key_pair_name"
    artifact_store    = "artifact-store-bucket-name"
  }

  override_data {
    target = module.service.data.aws_ssm_parameters_by_path.deployment_marker
    values = {
      names  = ["/challenge/challenge-default/app/ecs-service"]
      values = ["{\"cluster_arn\":\"arn:aws:ecs:us-east-2:123456789012:cluster/challenge-default-cluster\",\"service_name\":\"challenge-default-app\"}"]
    }
  }
  override_data {
    target = module.service.data.aws_ecs_task_definition.current
    values = {
      container_definitions = "[{\"name\":\"app\",\"image\":\"123456789012.dkr.ecr.us-east-2.amazonaws.com/challenge-default-app:0123456789ab\"}]"
    }
  }

  assert {
    condition     = module.service.image == "123456789012.dkr.ecr.us-east-2.amazonaws.com/challenge-default-app:0123456789ab"
    error_message = "The root passes the deployed image through to the revision."
  }
}

run "https_with_a_certificate_redirects_http_and_opens_only_80_and_443" {
  command = plan
  module {
    source = "./modules/load_balancer"
  }
  variables {
    prefix           = "challenge-mock"
    vpc_id           = "vpc-0123456789abcdef0"
    vpc_cidr_block   = "10.0.0.0/16"
    subnet_ids       = ["subnet-a", "subnet-b"]
    healthcheck_path = "/gtg"
    health_check = {
      interval_seconds  = 5
      timeout_seconds   = 3
      healthy_threshold = 2
    }
    deregistration_delay_seconds = 5
    certificate_arn              = "arn:aws:acm:us-east-2:123456789012:certificate/0123abcd-4567-89ef-0123-456789abcdef"
  }

  assert {
    condition = (
      aws_lb_listener.https[0].port == 443 && aws_lb_listener.https[0].protocol == "HTTPS"
      && aws_lb_listener.https[0].ssl_policy == "ELBSecurityPolicy-TLS13-1-2-2021-06"
      && aws_lb_listener.https[0].certificate_arn == "arn:aws:acm:us-east-2:123456789012:certificate/0123abcd-4567-89ef-0123-456789abcdef"
    )
    error_message = "With a certificate the ALB serves HTTPS on 443 with a TLS 1.2+ policy."
  }
  assert {
    condition = (
      aws_lb_listener.http.default_action[0].type == "redirect"
      && aws_lb_listener.http.default_action[0].redirect[0].protocol == "HTTPS"
      && aws_lb_listener.http.default_action[0].redirect[0].port == "443"
      && aws_lb_listener.http.default_action[0].redirect[0].status_code == "HTTP_301"
    )
    error_message = "Port 80 only redirects to HTTPS."
  }
  assert {
    condition = (
      sort([for rule in concat([aws_vpc_security_group_ingress_rule.http], aws_vpc_security_group_ingress_rule.https) : tostring(rule.from_port) if rule.cidr_ipv4 == "0.0.0.0/0"]) == tolist(["443", "80"])
      && alltrue([for rule in concat([aws_vpc_security_group_ingress_rule.http], aws_vpc_security_group_ingress_rule.https) : rule.from_port == rule.to_port])
    )
    error_message = "The world may reach only 80 and 443."
  }
}

run "without_a_certificate_there_is_no_https_listener" {
  command = plan
  module {
    source = "./modules/load_balancer"
  }
  variables {
    prefix           = "challenge-mock"
    vpc_id           = "vpc-0123456789abcdef0"
    vpc_cidr_block   = "10.0.0.0/16"
    subnet_ids       = ["subnet-a", "subnet-b"]
    healthcheck_path = "/gtg"
    health_check = {
      interval_seconds  = 5
      timeout_seconds   = 3
      healthy_threshold = 2
    }
    deregistration_delay_seconds = 5
  }
  assert {
    condition     = length(aws_lb_listener.https) == 0 && length(aws_vpc_security_group_ingress_rule.https) == 0 && aws_lb_listener.http.default_action[0].type == "forward"
    error_message = "HTTP only: port 80 forwards to the app, nothing listens on 443."
  }
}

run "app_url_follows_the_certificate_and_domain" {
  command = apply
  variables {
    ec2_key_pair_name = "key_pair_name"
    artifact_store    = "artifact-store-bucket-name"
    certificate_arn   = "arn:aws:acm:us-east-2:123456789012:certificate/0123abcd-4567-89ef-0123-456789abcdef"
    app_domain_name   = "app.example.com"
  }
  assert {
    condition     = output.app_url == "https://app.example.com"
    error_message = "With a certificate and a domain, app_url is https://<domain>."
  }
}
