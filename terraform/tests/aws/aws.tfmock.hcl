# Plausible values for what the mocked provider would otherwise fill with random strings,
# where the provider validates the format (JSON policies, ARNs) or the stack slices a list.

mock_data "aws_availability_zones" {
  defaults = {
    names = ["us-east-2a", "us-east-2b", "us-east-2c"]
  }
}

mock_data "aws_ssm_parameter" {
  defaults = {
    value = "ami-0123456789abcdef0"
  }
}

mock_data "aws_caller_identity" {
  defaults = {
    account_id = "123456789012"
  }
}

mock_data "aws_partition" {
  defaults = {
    partition = "aws"
  }
}

mock_data "aws_iam_policy_document" {
  defaults = {
    json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
  }
}

mock_resource "aws_iam_role" {
  defaults = {
    arn = "arn:aws:iam::123456789012:role/mock"
  }
}

mock_resource "aws_iam_instance_profile" {
  defaults = {
    arn = "arn:aws:iam::123456789012:instance-profile/mock"
  }
}

mock_resource "aws_ecr_repository" {
  defaults = {
    arn            = "arn:aws:ecr:us-east-2:123456789012:repository/mock"
    repository_url = "123456789012.dkr.ecr.us-east-2.amazonaws.com/mock"
  }
}

mock_resource "aws_codecommit_repository" {
  defaults = {
    arn            = "arn:aws:codecommit:us-east-2:123456789012:mock"
    clone_url_http = "https://git-codecommit.us-east-2.amazonaws.com/v1/repos/mock"
  }
}

mock_resource "aws_codepipeline" {
  defaults = {
    arn = "arn:aws:codepipeline:us-east-2:123456789012:mock"
  }
}

mock_resource "aws_codebuild_project" {
  defaults = {
    arn = "arn:aws:codebuild:us-east-2:123456789012:project/mock"
  }
}

mock_resource "aws_cloudwatch_log_group" {
  defaults = {
    arn = "arn:aws:logs:us-east-2:123456789012:log-group:mock"
  }
}

mock_resource "aws_lb" {
  defaults = {
    arn      = "arn:aws:elasticloadbalancing:us-east-2:123456789012:loadbalancer/app/mock/0123456789abcdef"
    dns_name = "mock-123456.us-east-2.elb.amazonaws.com"
  }
}

mock_resource "aws_lb_target_group" {
  defaults = {
    arn = "arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/mock/0123456789abcdef"
  }
}

mock_resource "aws_lb_listener" {
  defaults = {
    arn = "arn:aws:elasticloadbalancing:us-east-2:123456789012:listener/app/mock/0123456789abcdef/0123456789abcdef"
  }
}

mock_resource "aws_ssm_parameter" {
  defaults = {
    arn = "arn:aws:ssm:us-east-2:123456789012:parameter/mock"
  }
}

mock_data "aws_default_tags" {
  defaults = {
    tags = { project = "project_name", env = "mock" }
  }
}

mock_resource "aws_dynamodb_table" {
  defaults = {
    arn = "arn:aws:dynamodb:us-east-2:123456789012:table/mock"
  }
}

mock_resource "aws_ecs_cluster" {
  defaults = {
    arn = "arn:aws:ecs:us-east-2:123456789012:cluster/mock"
    id  = "arn:aws:ecs:us-east-2:123456789012:cluster/mock"
  }
}

mock_resource "aws_ecs_task_definition" {
  defaults = {
    arn = "arn:aws:ecs:us-east-2:123456789012:task-definition/mock:1"
  }
}

mock_resource "aws_cloudwatch_event_rule" {
  defaults = {
    arn = "arn:aws:events:us-east-2:123456789012:rule/mock"
  }
}

mock_resource "aws_security_group" {
  defaults = {
    id = "sg-0123456789abcdef0"
  }
}

mock_resource "aws_launch_template" {
  defaults = {
    id             = "lt-0123456789abcdef0"
    latest_version = 1
  }
}

# No deployment marker: the plan is a first apply unless a run overrides this data source.
mock_data "aws_ssm_parameters_by_path" {
  defaults = {
    names  = []
    values = []
    arns   = []
    types  = []
  }
}

mock_resource "aws_autoscaling_group" {
  defaults = {
    arn = "arn:aws:autoscaling:us-east-2:123456789012:autoScalingGroup:00000000-0000-0000-0000-000000000000:autoScalingGroupName/mock"
  }
}
