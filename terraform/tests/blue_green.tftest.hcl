# deployment_strategy = "blue_green": CodeDeploy deploys the ECS service (mocked provider). The rolling
# default is covered by the other files and by test/real-plan.test.ts (same resources and names as before).
mock_provider "aws" {
  source = "./tests/aws"
}

variables {
  ec2_key_pair_name   = "key_pair_name"
  artifact_store      = "artifact-store-bucket-name"
  deployment_strategy = "blue_green"

  # modules/load_balancer
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

  # modules/service
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

  # modules/pipeline
  artifact_bucket        = "artifact-store-bucket-name"
  codebuild_image        = "aws/codebuild/standard:7.0"
  ecs_cluster_name       = "challenge-mock-cluster"
  ecs_service_name       = "challenge-mock-app"
  task_role_arns         = ["arn:aws:iam::123456789012:role/task", "arn:aws:iam::123456789012:role/exec"]
  task_definition_family = "challenge-mock-app"
  blue_green = {
    target_group_names                 = ["challenge-mock-tg", "challenge-mock-tg-green"]
    production_listener_arn            = "arn:aws:elasticloadbalancing:us-east-2:123456789012:listener/app/challenge-mock-alb/0123456789abcdef/1111111111111111"
    test_listener_arn                  = "arn:aws:elasticloadbalancing:us-east-2:123456789012:listener/app/challenge-mock-alb/0123456789abcdef/2222222222222222"
    alarm_names                        = ["challenge-mock-tg-blue-5xx", "challenge-mock-tg-green-5xx", "challenge-mock-tg-blue-unhealthy", "challenge-mock-tg-green-unhealthy"]
    task_definition_template_parameter = { name = "/challenge/challenge-mock/deploy/task-definition-template", arn = "arn:aws:ssm:us-east-2:123456789012:parameter/challenge/challenge-mock/deploy/task-definition-template" }
    image_placeholder                  = "IMAGE1_NAME"
    wait_before_reroute_minutes        = 0
    terminate_blue_after_minutes       = 5
  }
}

run "whole_stack_plans_with_blue_green" {
  command = apply
  assert {
    condition     = output.deployment_strategy == "blue_green" && output.codedeploy_application_name == "challenge-default-app" && output.codedeploy_deployment_group_name == "challenge-default-app"
    error_message = "The outputs name the strategy and the CodeDeploy application and group the CLI follows."
  }
  assert {
    condition     = length(output.target_group_arns) == 2 && output.app_test_url == "http://mock-123456.us-east-2.elb.amazonaws.com:8080"
    error_message = "Blue/green has two target groups and a test URL on the test listener's port."
  }
}

run "rolling_stack_outputs_say_rolling" {
  command = apply
  variables {
    deployment_strategy = "rolling"
  }
  assert {
    condition     = output.deployment_strategy == "rolling" && output.codedeploy_application_name == null && output.app_test_url == null && length(output.target_group_arns) == 1
    error_message = "A rolling stack has no CodeDeploy application, one target group and no test URL."
  }
}

run "two_target_groups_and_a_test_listener_the_world_cannot_reach" {
  command = apply
  module {
    source = "./modules/load_balancer"
  }

  assert {
    condition = (
      aws_lb_target_group.app.name == "challenge-mock-tg" && aws_lb_target_group.green[0].name == "challenge-mock-tg-green"
      && aws_lb_target_group.green[0].health_check[0].path == "/gtg" && aws_lb_target_group.green[0].deregistration_delay == "5"
    )
    error_message = "Blue is the rolling stack's target group; green health-checks the same way."
  }
  assert {
    condition = (
      aws_lb_listener.test[0].port == 8080 && aws_lb_listener.test[0].protocol == "HTTP"
      && aws_lb_listener.test[0].default_action[0].target_group_arn == aws_lb_target_group.app.arn
      && aws_lb_listener.http.default_action[0].target_group_arn == aws_lb_target_group.app.arn
    )
    error_message = "Before any deployment both listeners forward to blue."
  }
  assert {
    condition = (
      [for rule in aws_vpc_security_group_ingress_rule.test_listener : "${rule.cidr_ipv4}:${rule.from_port}-${rule.to_port}"] == ["10.0.0.0/16:8080-8080"]
      && aws_vpc_security_group_ingress_rule.http.cidr_ipv4 == "0.0.0.0/0" && aws_vpc_security_group_ingress_rule.http.from_port == 80
    )
    error_message = "The test port admits the VPC only; the world still reaches only port 80."
  }
  assert {
    condition = (
      length(aws_cloudwatch_metric_alarm.target_5xx) == 2 && length(aws_cloudwatch_metric_alarm.unhealthy_hosts) == 2
      && alltrue([for a in aws_cloudwatch_metric_alarm.target_5xx : a.metric_name == "HTTPCode_Target_5XX_Count" && a.namespace == "AWS/ApplicationELB"])
      && alltrue([for a in aws_cloudwatch_metric_alarm.unhealthy_hosts : a.metric_name == "UnHealthyHostCount" && a.namespace == "AWS/ApplicationELB"])
      && toset([for a in aws_cloudwatch_metric_alarm.target_5xx : a.dimensions.TargetGroup]) == toset([aws_lb_target_group.app.arn_suffix, aws_lb_target_group.green[0].arn_suffix])
      && toset(output.deployment_alarm_names) == toset(["challenge-mock-tg-blue-5xx", "challenge-mock-tg-green-5xx", "challenge-mock-tg-blue-unhealthy", "challenge-mock-tg-green-unhealthy"])
    )
    error_message = "Target 5xx and unhealthy-host alarms watch both target groups."
  }
  assert {
    condition     = aws_ssm_parameter.production_listener[0].value == aws_lb_listener.http.arn && output.production_listener_arn == aws_lb_listener.http.arn
    error_message = "Without a certificate, port 80 is the production listener, and the marker records it."
  }
  assert {
    condition     = length(aws_lb.this.name) <= 32 && length(aws_lb_target_group.green[0].name) <= 32
    error_message = "Target group names must fit AWS's 32 characters."
  }
}

run "test_listener_networks_are_a_choice_never_the_world" {
  command = plan
  module {
    source = "./modules/load_balancer"
  }
  variables {
    test_listener_port  = 9000
    test_listener_cidrs = ["203.0.113.0/24", "2001:db8::/64"]
  }
  assert {
    condition = (
      aws_vpc_security_group_ingress_rule.test_listener["203.0.113.0/24"].cidr_ipv4 == "203.0.113.0/24"
      && aws_vpc_security_group_ingress_rule.test_listener["2001:db8::/64"].cidr_ipv6 == "2001:db8::/64"
      && alltrue([for rule in aws_vpc_security_group_ingress_rule.test_listener : rule.from_port == 9000 && rule.to_port == 9000])
    )
    error_message = "Each listed network may reach the test port, and nothing else."
  }
}

run "with_a_certificate_443_is_production_and_80_still_redirects" {
  command = apply
  module {
    source = "./modules/load_balancer"
  }
  variables {
    certificate_arn = "arn:aws:acm:us-east-2:123456789012:certificate/0123abcd-4567-89ef-0123-456789abcdef"
  }
  assert {
    condition = (
      aws_lb_listener.http.default_action[0].type == "redirect"
      && aws_lb_listener.https[0].default_action[0].target_group_arn == aws_lb_target_group.app.arn
      && output.production_listener_arn == aws_lb_listener.https[0].arn
    )
    error_message = "With HTTPS, CodeDeploy moves the 443 listener; 80 only redirects."
  }
}

run "later_apply_keeps_the_target_group_codedeploy_moved_traffic_to" {
  command = plan
  # A state of its own: the earlier applies' green group has the mocked provider's ARN.
  state_key = "later_apply_keeps_the_target_group_codedeploy_moved_traffic_to"
  module {
    source = "./modules/load_balancer"
  }
  override_resource {
    target          = aws_lb_target_group.green[0]
    override_during = plan
    values = {
      arn = "arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/challenge-mock-tg-green/fedcba9876543210"
    }
  }
  override_data {
    target = data.aws_ssm_parameters_by_path.routing_marker[0]
    values = {
      names  = ["/challenge/challenge-mock/load-balancer/production-listener"]
      values = ["arn:aws:elasticloadbalancing:us-east-2:123456789012:listener/app/challenge-mock-alb/0123456789abcdef/1111111111111111"]
    }
  }
  override_data {
    target = data.aws_lb_listener.production[0]
    values = {
      default_action = [{
        type             = "forward"
        target_group_arn = "arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/challenge-mock-tg-green/fedcba9876543210"
        forward          = []
      }]
    }
  }
  assert {
    condition = (
      output.target_group_arn == "arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/challenge-mock-tg-green/fedcba9876543210"
      && aws_lb_listener.http.default_action[0].target_group_arn == output.target_group_arn
    )
    error_message = "After CodeDeploy moved traffic to green, the plan keeps the production listener (and the service) on green."
  }
}

run "a_weighted_forward_serves_from_its_heaviest_group" {
  command = plan
  # A state of its own: the earlier applies' green group has the mocked provider's ARN.
  state_key = "a_weighted_forward_serves_from_its_heaviest_group"
  module {
    source = "./modules/load_balancer"
  }
  override_resource {
    target          = aws_lb_target_group.green[0]
    override_during = plan
    values = {
      arn = "arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/challenge-mock-tg-green/fedcba9876543210"
    }
  }
  override_data {
    target = data.aws_ssm_parameters_by_path.routing_marker[0]
    values = {
      names  = ["/challenge/challenge-mock/load-balancer/production-listener"]
      values = ["arn:aws:elasticloadbalancing:us-east-2:123456789012:listener/app/challenge-mock-alb/0123456789abcdef/1111111111111111"]
    }
  }
  override_data {
    target = data.aws_lb_listener.production[0]
    values = {
      default_action = [{
        type             = "forward"
        target_group_arn = ""
        forward = [{
          stickiness = []
          target_group = [
            { arn = "arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/mock/0123456789abcdef", weight = 0 },
            { arn = "arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/challenge-mock-tg-green/fedcba9876543210", weight = 100 },
          ]
        }]
      }]
    }
  }
  assert {
    condition     = output.target_group_arn == "arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/challenge-mock-tg-green/fedcba9876543210"
    error_message = "A weighted forward (green 100, blue 0) serves from green."
  }
}

run "the_plan_after_a_reroute_keeps_codedeploys_weighted_forward_as_it_is" {
  command = plan
  # A state of its own: both groups get the ARNs CodeDeploy's forward names.
  state_key = "the_plan_after_a_reroute_keeps_codedeploys_weighted_forward_as_it_is"
  module {
    source = "./modules/load_balancer"
  }
  override_resource {
    target          = aws_lb_target_group.app
    override_during = plan
    values = {
      arn = "arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/challenge-mock-tg/0123456789abcdef"
    }
  }
  override_resource {
    target          = aws_lb_target_group.green[0]
    override_during = plan
    values = {
      arn = "arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/challenge-mock-tg-green/fedcba9876543210"
    }
  }
  override_data {
    target = data.aws_ssm_parameters_by_path.routing_marker[0]
    values = {
      names  = ["/challenge/challenge-mock/load-balancer/production-listener"]
      values = ["arn:aws:elasticloadbalancing:us-east-2:123456789012:listener/app/challenge-mock-alb/0123456789abcdef/1111111111111111"]
    }
  }
  override_data {
    target = data.aws_lb_listener.production[0]
    values = {
      default_action = [{
        type             = "forward"
        target_group_arn = ""
        forward = [{
          stickiness = [{ enabled = false, duration = 0 }]
          target_group = [
            { arn = "arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/challenge-mock-tg/0123456789abcdef", weight = 0 },
            { arn = "arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/challenge-mock-tg-green/fedcba9876543210", weight = 100 },
          ]
        }]
      }]
    }
  }
  assert {
    condition = (
      aws_lb_listener.http.default_action[0].target_group_arn == null
      && length(aws_lb_listener.http.default_action[0].forward[0].stickiness) == 0
      && { for g in aws_lb_listener.http.default_action[0].forward[0].target_group : g.arn => g.weight } == {
        "arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/challenge-mock-tg/0123456789abcdef"       = 0
        "arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/challenge-mock-tg-green/fedcba9876543210" = 100
      }
    )
    error_message = "The production listener must render CodeDeploy's weighted forward as the listener has it (no change, no traffic moved)."
  }
  assert {
    condition     = output.target_group_arn == "arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/challenge-mock-tg-green/fedcba9876543210"
    error_message = "The service still follows the group that serves (green)."
  }
}

run "a_listener_pointed_elsewhere_by_hand_goes_back_to_blue" {
  command = plan
  # A state of its own: the earlier applies' green group has the mocked provider's ARN.
  state_key = "a_listener_pointed_elsewhere_by_hand_goes_back_to_blue"
  module {
    source = "./modules/load_balancer"
  }
  override_resource {
    target          = aws_lb_target_group.app
    override_during = plan
    values = {
      arn = "arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/challenge-mock-tg/0123456789abcdef"
    }
  }
  override_resource {
    target          = aws_lb_target_group.green[0]
    override_during = plan
    values = {
      arn = "arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/challenge-mock-tg-green/fedcba9876543210"
    }
  }
  override_data {
    target = data.aws_ssm_parameters_by_path.routing_marker[0]
    values = {
      names  = ["/challenge/challenge-mock/load-balancer/production-listener"]
      values = ["arn:aws:elasticloadbalancing:us-east-2:123456789012:listener/app/challenge-mock-alb/0123456789abcdef/1111111111111111"]
    }
  }
  override_data {
    target = data.aws_lb_listener.production[0]
    values = {
      default_action = [{
        type             = "forward"
        target_group_arn = "arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/someone-elses/0000000000000000"
        forward          = []
      }]
    }
  }
  assert {
    condition     = output.target_group_arn == "arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/challenge-mock-tg/0123456789abcdef"
    error_message = "Only the stack's own two groups are kept; anything else goes back to blue."
  }
}

run "service_is_deployed_by_codedeploy" {
  command = apply
  module {
    source = "./modules/service"
  }
  assert {
    condition     = aws_ecs_service.app.deployment_controller[0].type == "CODE_DEPLOY" && length(aws_ecs_service.app.deployment_circuit_breaker) == 0
    error_message = "A blue/green service has the CODE_DEPLOY controller and no ECS circuit breaker (CodeDeploy rolls back)."
  }
  assert {
    condition     = aws_ecs_service.app.task_definition == aws_ecs_task_definition.app.arn && one(aws_ecs_service.app.load_balancer[*].target_group_arn) == var.target_group_arn
    error_message = "A new service starts with Terraform's revision behind the serving target group."
  }
  assert {
    condition = (
      aws_ssm_parameter.task_definition_template[0].name == "/challenge/challenge-mock/deploy/task-definition-template"
      && jsondecode(aws_ssm_parameter.task_definition_template[0].value).containerDefinitions[0].image == "<IMAGE1_NAME>"
      && output.image_placeholder == "IMAGE1_NAME"
    )
    error_message = "Terraform publishes the task definition with the pipeline's image placeholder."
  }
  assert {
    # The template is Terraform's revision, image aside.
    condition = (
      jsonencode(merge(jsondecode(aws_ssm_parameter.task_definition_template[0].value).containerDefinitions[0], { image = "x" }))
      == jsonencode(merge(jsondecode(aws_ecs_task_definition.app.container_definitions)[0], { image = "x" }))
      && jsondecode(aws_ssm_parameter.task_definition_template[0].value).family == aws_ecs_task_definition.app.family
      && jsondecode(aws_ssm_parameter.task_definition_template[0].value).taskRoleArn == aws_ecs_task_definition.app.task_role_arn
      && jsondecode(aws_ssm_parameter.task_definition_template[0].value).executionRoleArn == aws_ecs_task_definition.app.execution_role_arn
      && jsondecode(aws_ssm_parameter.task_definition_template[0].value).networkMode == aws_ecs_task_definition.app.network_mode
      && jsondecode(aws_ssm_parameter.task_definition_template[0].value).volumes == [{ name = "host-metadata", host = { sourcePath = "/var/lib/challenge/host-metadata" } }]
    )
    error_message = "The published template must be Terraform's task definition with only the image left to the pipeline."
  }
  assert {
    # The build's test (apps/flask-app/tests/test_buildspec_blue_green.py) renders and validates this file.
    condition     = jsondecode(aws_ssm_parameter.task_definition_template[0].value) == jsondecode(file("../apps/flask-app/tests/fixtures/task-definition-template.json"))
    error_message = "The template Terraform publishes must be the one the buildspec test renders; update the fixture with the template."
  }
}

run "later_blue_green_apply_keeps_the_revision_codedeploy_deployed" {
  command = plan
  module {
    source = "./modules/service"
  }
  override_data {
    target = data.aws_ssm_parameters_by_path.deployment_marker
    values = {
      names  = ["/challenge/challenge-mock/app/ecs-service"]
      values = ["{\"cluster_arn\":\"arn:aws:ecs:us-east-2:123456789012:cluster/challenge-mock-cluster\",\"service_name\":\"challenge-mock-app\"}"]
    }
  }
  override_data {
    target = data.aws_ecs_service.current[0]
    values = {
      task_definition = "arn:aws:ecs:us-east-2:123456789012:task-definition/challenge-mock-app:9"
    }
  }
  override_data {
    target = data.aws_ecs_task_definition.current[0]
    values = {
      container_definitions = "[{\"name\":\"app\",\"image\":\"123456789012.dkr.ecr.us-east-2.amazonaws.com/challenge-mock-app@sha256:5f1c0c6b7e4b3a2f9d8e7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f\"}]"
    }
  }
  assert {
    condition     = aws_ecs_service.app.task_definition == "arn:aws:ecs:us-east-2:123456789012:task-definition/challenge-mock-app:9"
    error_message = "UpdateService refuses a new revision on a CODE_DEPLOY service: the plan keeps the one CodeDeploy deployed."
  }
  assert {
    condition     = jsondecode(aws_ecs_task_definition.app.container_definitions)[0].image == "123456789012.dkr.ecr.us-east-2.amazonaws.com/challenge-mock-app@sha256:5f1c0c6b7e4b3a2f9d8e7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f"
    error_message = "Terraform's revision still renders the deployed image."
  }
}

run "pipeline_deploys_with_codedeploy_without_wildcard_actions" {
  # apply (mocked): policy resources are ARNs known only after apply.
  command = apply
  module {
    source = "./modules/pipeline"
  }

  assert {
    condition     = [for s in aws_codepipeline.app.stage : s.name] == ["Source", "Build", "Test", "Approval", "Deploy"]
    error_message = "Blue/green keeps the stages: Source, Build, Test, Approval, Deploy."
  }
  assert {
    condition = (
      aws_codepipeline.app.stage[2].action[0].category == "Test"
      && aws_codepipeline.app.stage[2].action[0].input_artifacts == tolist(["source", "build"])
      && aws_codepipeline.app.stage[3].action[0].provider == "Manual"
      && aws_codepipeline.app.stage[4].action[0].provider == "CodeDeployToECS"
    )
    error_message = "The Test stage reads the Build artifact, then the manual approval, then CodeDeployToECS."
  }
  assert {
    condition = (
      one([for s in aws_codepipeline.app.stage : s.action[0].provider if s.name == "Deploy"]) == "CodeDeployToECS"
      && one([for s in aws_codepipeline.app.stage : s.action[0].input_artifacts if s.name == "Deploy"]) == tolist(["build"])
      && one([for s in aws_codepipeline.app.stage : s.action[0].configuration if s.name == "Deploy"]) == tomap({
        ApplicationName                = "challenge-mock-app"
        DeploymentGroupName            = "challenge-mock-app"
        TaskDefinitionTemplateArtifact = "build"
        TaskDefinitionTemplatePath     = "taskdef.json"
        AppSpecTemplateArtifact        = "build"
        AppSpecTemplatePath            = "appspec.yaml"
        Image1ArtifactName             = "build"
        Image1ContainerName            = "IMAGE1_NAME"
      })
    )
    error_message = "Deploy is CodeDeployToECS reading taskdef.json, appspec.yaml and imageDetail.json from the build artifact."
  }
  assert {
    condition = (
      aws_codedeploy_app.app[0].compute_platform == "ECS"
      && aws_codedeploy_deployment_group.app[0].deployment_style[0].deployment_type == "BLUE_GREEN"
      && aws_codedeploy_deployment_group.app[0].deployment_style[0].deployment_option == "WITH_TRAFFIC_CONTROL"
      && aws_codedeploy_deployment_group.app[0].ecs_service[0].cluster_name == "challenge-mock-cluster"
      && aws_codedeploy_deployment_group.app[0].ecs_service[0].service_name == "challenge-mock-app"
      && aws_codedeploy_deployment_group.app[0].deployment_config_name == "CodeDeployDefault.ECSAllAtOnce"
    )
    error_message = "An ECS blue/green deployment group for the app's service."
  }
  assert {
    condition = (
      toset([for g in aws_codedeploy_deployment_group.app[0].load_balancer_info[0].target_group_pair_info[0].target_group : g.name]) == toset(["challenge-mock-tg", "challenge-mock-tg-green"])
      && aws_codedeploy_deployment_group.app[0].load_balancer_info[0].target_group_pair_info[0].prod_traffic_route[0].listener_arns == toset([var.blue_green.production_listener_arn])
      && aws_codedeploy_deployment_group.app[0].load_balancer_info[0].target_group_pair_info[0].test_traffic_route[0].listener_arns == toset([var.blue_green.test_listener_arn])
    )
    error_message = "CodeDeploy moves the production and test listeners between the two target groups."
  }
  assert {
    condition = (
      aws_codedeploy_deployment_group.app[0].blue_green_deployment_config[0].deployment_ready_option[0].action_on_timeout == "CONTINUE_DEPLOYMENT"
      && aws_codedeploy_deployment_group.app[0].blue_green_deployment_config[0].terminate_blue_instances_on_deployment_success[0].action == "TERMINATE"
      && aws_codedeploy_deployment_group.app[0].blue_green_deployment_config[0].terminate_blue_instances_on_deployment_success[0].termination_wait_time_in_minutes == 5
    )
    error_message = "Traffic moves once the new tasks are healthy; the old ones stop after terminate_blue_after_minutes."
  }
  assert {
    condition = (
      aws_codedeploy_deployment_group.app[0].auto_rollback_configuration[0].enabled
      && toset(aws_codedeploy_deployment_group.app[0].auto_rollback_configuration[0].events) == toset(["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM", "DEPLOYMENT_STOP_ON_REQUEST"])
      && aws_codedeploy_deployment_group.app[0].alarm_configuration[0].enabled
      && toset(aws_codedeploy_deployment_group.app[0].alarm_configuration[0].alarms) == toset(var.blue_green.alarm_names)
    )
    error_message = "A failed, alarmed or stopped deployment rolls back."
  }
  assert {
    condition = (
      aws_iam_role_policy_attachment.codedeploy[0].policy_arn == "arn:aws:iam::aws:policy/AWSCodeDeployRoleForECSLimited"
      && anytrue([for c in data.aws_iam_policy_document.codedeploy_assume[0].statement[0].condition : c.test == "StringEquals" && c.variable == "aws:SourceAccount" && toset(c.values) == toset(["123456789012"])])
      && anytrue([for c in data.aws_iam_policy_document.codedeploy_assume[0].statement[0].condition : c.test == "ArnLike" && c.variable == "aws:SourceArn" && toset(c.values) == toset(["arn:aws:codedeploy:us-east-2:123456789012:deploymentgroup:challenge-mock-app/challenge-mock-app"])])
      && toset(flatten([for p in data.aws_iam_policy_document.codedeploy_assume[0].statement[0].principals : p.identifiers])) == toset(["codedeploy.amazonaws.com"])
    )
    error_message = "CodeDeploy's role: AWS's limited ECS policy, trusted only for this account's one deployment group (confused deputy)."
  }
  assert {
    condition = alltrue(flatten([
      for statement in data.aws_iam_policy_document.codepipeline_codedeploy[0].statement : [
        for r in statement.resources : contains([
          "arn:aws:codedeploy:us-east-2:123456789012:application:challenge-mock-app",
          "arn:aws:codedeploy:us-east-2:123456789012:deploymentgroup:challenge-mock-app/challenge-mock-app",
          "arn:aws:codedeploy:us-east-2:123456789012:deploymentconfig:CodeDeployDefault.ECSAllAtOnce",
        ], r)
      ]
    ])) && contains(flatten(data.aws_iam_policy_document.codepipeline_codedeploy[0].statement[*].actions), "codedeploy:CreateDeployment")
    error_message = "The pipeline's codedeploy:* actions reach only this application, its group and its deployment config."
  }
  assert {
    condition = anytrue([
      for statement in data.aws_iam_policy_document.codepipeline.statement :
      toset(statement.actions) == toset(["iam:PassRole"]) && toset(statement.resources) == toset(var.task_role_arns)
      && anytrue([for c in statement.condition : c.variable == "iam:PassedToService" && toset(c.values) == toset(["ecs-tasks.amazonaws.com"])])
    ]) && contains(flatten(data.aws_iam_policy_document.codepipeline.statement[*].actions), "ecs:RegisterTaskDefinition")
    error_message = "The pipeline registers the task definition and may pass only the app's task and execution roles to it."
  }
  assert {
    condition     = !contains(flatten(data.aws_iam_policy_document.codepipeline.statement[*].actions), "ecs:UpdateService") && !contains(flatten(data.aws_iam_policy_document.codepipeline.statement[*].actions), "ecs:ListTasks")
    error_message = "Blue/green: the pipeline does not update the service itself (CodeDeploy does)."
  }
  assert {
    condition = (
      one([for v in aws_codebuild_project.app.environment[0].environment_variable : v.value if v.name == "TASK_DEFINITION_TEMPLATE_PARAMETER"]) == "/challenge/challenge-mock/deploy/task-definition-template"
      && data.aws_iam_policy_document.codebuild_template[0].statement[0].actions == toset(["ssm:GetParameter"])
      && data.aws_iam_policy_document.codebuild_template[0].statement[0].resources == toset([var.blue_green.task_definition_template_parameter.arn])
    )
    error_message = "The build gets the template parameter's name and may read only that parameter."
  }
  assert {
    condition = alltrue([
      for action in flatten([
        for doc in concat(
          [data.aws_iam_policy_document.codebuild, data.aws_iam_policy_document.codepipeline, data.aws_iam_policy_document.events],
          data.aws_iam_policy_document.codepipeline_codedeploy, data.aws_iam_policy_document.codebuild_template, data.aws_iam_policy_document.codedeploy_assume,
        ) : [for statement in doc.statement : tolist(statement.actions)]
      ]) : action != "*" && !endswith(action, ":*")
    ])
    error_message = "No IAM action may be a wildcard."
  }
  assert {
    condition = alltrue([
      for statement in flatten([
        for doc in concat(data.aws_iam_policy_document.codepipeline_codedeploy, data.aws_iam_policy_document.codebuild_template) : doc.statement
      ]) : !contains(tolist(statement.resources), "*")
    ])
    error_message = "The blue/green statements name their resources."
  }
  assert {
    condition     = output.codedeploy_application_name == "challenge-mock-app" && output.codedeploy_deployment_group_name == "challenge-mock-app"
    error_message = "The module names its CodeDeploy application and deployment group."
  }
}

run "blue_green_without_the_test_stage" {
  command = plan
  module {
    source = "./modules/pipeline"
  }
  variables {
    test_stage_enabled = false
  }
  assert {
    condition     = [for s in aws_codepipeline.app.stage : s.name] == ["Source", "Build", "Approval", "Deploy"]
    error_message = "Blue/green without the Test stage: Source, Build, Approval, Deploy."
  }
  assert {
    condition = (
      aws_codepipeline.app.stage[2].action[0].provider == "Manual"
      && aws_codepipeline.app.stage[3].action[0].provider == "CodeDeployToECS"
      && aws_codepipeline.app.stage[3].action[0].input_artifacts == tolist(["build"])
      && length(aws_codebuild_project.test) == 0
    )
    error_message = "Without the Test stage the approval comes right after Build and Deploy is still CodeDeployToECS."
  }
}

run "wait_before_reroute_stops_unless_continued" {
  command = plan
  module {
    source = "./modules/pipeline"
  }
  variables {
    blue_green = {
      target_group_names                 = ["challenge-mock-tg", "challenge-mock-tg-green"]
      production_listener_arn            = "arn:aws:elasticloadbalancing:us-east-2:123456789012:listener/app/challenge-mock-alb/0123456789abcdef/1111111111111111"
      test_listener_arn                  = "arn:aws:elasticloadbalancing:us-east-2:123456789012:listener/app/challenge-mock-alb/0123456789abcdef/2222222222222222"
      alarm_names                        = []
      task_definition_template_parameter = { name = "/challenge/challenge-mock/deploy/task-definition-template", arn = "arn:aws:ssm:us-east-2:123456789012:parameter/challenge/challenge-mock/deploy/task-definition-template" }
      image_placeholder                  = "IMAGE1_NAME"
      wait_before_reroute_minutes        = 30
      terminate_blue_after_minutes       = 0
    }
  }
  assert {
    condition = (
      aws_codedeploy_deployment_group.app[0].blue_green_deployment_config[0].deployment_ready_option[0].action_on_timeout == "STOP_DEPLOYMENT"
      && aws_codedeploy_deployment_group.app[0].blue_green_deployment_config[0].deployment_ready_option[0].wait_time_in_minutes == 30
      && aws_codedeploy_deployment_group.app[0].blue_green_deployment_config[0].terminate_blue_instances_on_deployment_success[0].termination_wait_time_in_minutes == 0
    )
    error_message = "With a wait, CodeDeploy holds the reroute for ContinueDeployment and stops (rolling back) when the wait runs out."
  }
}

run "rolling_pipeline_keeps_the_ecs_deploy_action" {
  command = plan
  module {
    source = "./modules/pipeline"
  }
  variables {
    deployment_strategy = "rolling"
    blue_green          = null
  }
  assert {
    condition = (
      one([for s in aws_codepipeline.app.stage : s.action[0].provider if s.name == "Deploy"]) == "ECS"
      && one([for s in aws_codepipeline.app.stage : s.action[0].configuration if s.name == "Deploy"]) == tomap({ ClusterName = "challenge-mock-cluster", ServiceName = "challenge-mock-app", FileName = "imagedefinitions.json" })
      && length(aws_codedeploy_app.app) == 0 && length(aws_codedeploy_deployment_group.app) == 0 && length(aws_iam_role.codedeploy) == 0
      && !contains([for v in aws_codebuild_project.app.environment[0].environment_variable : v.name], "TASK_DEFINITION_TEMPLATE_PARAMETER")
    )
    error_message = "Rolling: the ECS deploy action with imagedefinitions.json, and nothing of CodeDeploy."
  }
}

run "rejects_an_unknown_strategy" {
  command = plan
  variables {
    deployment_strategy = "canary"
  }
  expect_failures = [var.deployment_strategy]
}

run "rejects_a_test_listener_on_a_production_port" {
  command = plan
  variables {
    blue_green_test_listener_port = 443
  }
  expect_failures = [var.blue_green_test_listener_port]
}

run "rejects_a_world_open_test_listener" {
  command = plan
  variables {
    blue_green_test_listener_cidrs = ["10.0.0.0/16", "0.0.0.0/0"]
  }
  expect_failures = [var.blue_green_test_listener_cidrs]
}

run "rejects_waits_beyond_codedeploy_limits" {
  command = plan
  variables {
    blue_green_wait_before_reroute_minutes  = 2881
    blue_green_terminate_blue_after_minutes = -1
  }
  expect_failures = [var.blue_green_wait_before_reroute_minutes, var.blue_green_terminate_blue_after_minutes]
}
