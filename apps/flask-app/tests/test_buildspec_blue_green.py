"""buildspec.yml, blue/green: taskdef.json, appspec.yaml and imageDetail.json for CodeDeployToECS.

The template is the one Terraform publishes (terraform/tests/blue_green.tftest.hcl checks that the service
module renders exactly tests/fixtures/task-definition-template.json). botocore's ECS service model is the
independent schema of what CodePipeline registers.
"""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path

import botocore.session
import pytest
import yaml
from botocore.validate import ParamValidator

from tests.test_buildspec import BUILD_ENV, DIGEST, buildspec, commands, only_command, run_in_bash
from teststage.images import image_from_artifact

TEMPLATE_FILE = Path(__file__).parent / "fixtures" / "task-definition-template.json"
TEMPLATE_PARAMETER = "/challenge/challenge-mock/deploy/task-definition-template"
IMAGE = f"{BUILD_ENV['REPOSITORY_URI']}@{DIGEST}"

# CodeDeploy's AppSpec for an ECS service (AWS CodeDeploy User Guide, "AppSpec 'resources' section for
# Amazon ECS deployments"): the fields a TargetService may have, and those LoadBalancerInfo has.
APPSPEC_ECS_PROPERTIES = {
    "TaskDefinition",
    "LoadBalancerInfo",
    "PlatformVersion",
    "NetworkConfiguration",
    "CapacityProviderStrategy",
}
APPSPEC_LOAD_BALANCER_INFO = {"ContainerName", "ContainerPort"}

# aws CLI stand-in: `ssm get-parameter --name N --query Parameter.Value --output text` prints the template.
AWS_SHIM = """#!/bin/bash
echo "aws $*" >> "$SHIM_LOG"
if [ "$1 $2" = "ssm get-parameter" ]; then
  if [ "$4" != "$KNOWN_PARAMETER" ]; then
    echo "An error occurred (ParameterNotFound) when calling the GetParameter operation: " >&2
    exit 254
  fi
  cat "$TEMPLATE_FILE"
fi
"""


def template() -> dict:
    return json.loads(TEMPLATE_FILE.read_text())


def blue_green_command() -> str:
    [command] = [command for command in commands("post_build") if "TASK_DEFINITION_TEMPLATE_PARAMETER" in command]
    return command


def render(tmp_path: Path, template_text: str | None = None, **env: str) -> tuple[int, str, Path, list[str]]:
    """Runs the blue/green post_build command as CodeBuild would after the image push (IMAGE_DIGEST set)."""
    shims = tmp_path / "shims"
    shims.mkdir()
    (shims / "aws").write_text(AWS_SHIM)
    (shims / "aws").chmod(0o755)
    template_file = tmp_path / "template.json"
    template_file.write_text(template_text if template_text is not None else TEMPLATE_FILE.read_text())
    log = tmp_path / "calls.log"
    log.touch()
    work = tmp_path / "work"
    work.mkdir()
    result = run_in_bash(
        blue_green_command(),
        work,
        {
            **BUILD_ENV,
            "CONTAINER_NAME": "app",
            "IMAGE_DIGEST": DIGEST,
            "TASK_DEFINITION_TEMPLATE_PARAMETER": TEMPLATE_PARAMETER,
            "KNOWN_PARAMETER": TEMPLATE_PARAMETER,
            "TEMPLATE_FILE": str(template_file),
            "PATH": f"{shims}:{os.environ['PATH']}",
            "SHIM_LOG": str(log),
            **env,
        },
    )
    return result.returncode, result.stderr, work, log.read_text().splitlines()


def registered_task_definition(work: Path) -> dict:
    """What the CodeDeployToECS action registers: taskdef.json with imageDetail.json's ImageURI in place of
    the <Image1ContainerName> placeholder (CodePipeline's documented substitution)."""
    image_uri = json.loads((work / "imageDetail.json").read_text())["ImageURI"]
    return json.loads((work / "taskdef.json").read_text().replace("<IMAGE1_NAME>", image_uri))


def test_renders_taskdef_imagedetail_and_appspec_from_terraforms_template(tmp_path):
    code, stderr, work, calls = render(tmp_path)
    assert code == 0, stderr
    assert f"aws ssm get-parameter --name {TEMPLATE_PARAMETER} --query Parameter.Value --output text" in calls
    assert json.loads((work / "taskdef.json").read_text()) == template()
    assert json.loads((work / "imageDetail.json").read_text()) == {"ImageURI": IMAGE}
    assert sorted(path.name for path in work.iterdir()) == ["appspec.yaml", "imageDetail.json", "taskdef.json"]


def test_the_registered_task_definition_is_valid_ecs_input_with_only_the_image_substituted(tmp_path):
    code, stderr, work, _ = render(tmp_path)
    assert code == 0, stderr
    registered = registered_task_definition(work)

    ecs = botocore.session.get_session().get_service_model("ecs")
    report = ParamValidator().validate(registered, ecs.operation_model("RegisterTaskDefinition").input_shape)
    assert not report.has_errors(), report.generate_report()

    expected = copy.deepcopy(template())
    expected["containerDefinitions"][0]["image"] = IMAGE
    assert registered == expected
    assert "@sha256:" in registered["containerDefinitions"][0]["image"]


def test_the_appspec_names_the_container_and_port_of_the_template(tmp_path):
    code, stderr, work, _ = render(tmp_path)
    assert code == 0, stderr
    appspec = yaml.safe_load((work / "appspec.yaml").read_text())
    assert appspec["version"] == 0.0
    [resource] = appspec["Resources"]
    target = resource["TargetService"]
    assert target["Type"] == "AWS::ECS::Service"
    properties = target["Properties"]
    assert set(properties) <= APPSPEC_ECS_PROPERTIES
    assert set(properties["LoadBalancerInfo"]) == APPSPEC_LOAD_BALANCER_INFO
    # CodePipeline puts the ARN of the revision it registered here.
    assert properties["TaskDefinition"] == "<TASK_DEFINITION>"
    container = template()["containerDefinitions"][0]
    assert properties["LoadBalancerInfo"] == {
        "ContainerName": container["name"],
        "ContainerPort": container["portMappings"][0]["containerPort"],
    }


def test_the_appspec_is_a_valid_codedeploy_revision(tmp_path):
    code, stderr, work, _ = render(tmp_path)
    assert code == 0, stderr
    codedeploy = botocore.session.get_session().get_service_model("codedeploy")
    revision = {"revisionType": "AppSpecContent", "appSpecContent": {"content": (work / "appspec.yaml").read_text()}}
    report = ParamValidator().validate(
        {"applicationName": "challenge-mock-app", "deploymentGroupName": "challenge-mock-app", "revision": revision},
        codedeploy.operation_model("CreateDeployment").input_shape,
    )
    assert not report.has_errors(), report.generate_report()


def test_a_missing_template_stops_the_build_with_the_fix(tmp_path):
    code, stderr, work, _ = render(tmp_path, KNOWN_PARAMETER="/some/other/parameter")
    assert code != 0
    assert "cannot read the task definition template" in stderr
    assert "Fix: run `challenge apply`" in stderr
    assert list(work.iterdir()) == []


@pytest.mark.parametrize(
    "broken",
    [
        pytest.param(lambda t: t["containerDefinitions"][0].update(image="123.dkr.ecr/app:1"), id="image already set"),
        pytest.param(lambda t: t["containerDefinitions"][0].update(name="web"), id="other container name"),
        pytest.param(lambda t: t["containerDefinitions"].append(copy.deepcopy(t["containerDefinitions"][0])), id="two"),
        pytest.param(lambda t: t["containerDefinitions"][0].pop("portMappings"), id="no port"),
    ],
)
def test_a_template_the_action_cannot_use_stops_the_build(tmp_path, broken):
    changed = template()
    broken(changed)
    code, stderr, work, _ = render(tmp_path, template_text=json.dumps(changed))
    assert code != 0
    assert "no single container 'app' with image <IMAGE1_NAME>" in stderr
    assert "Fix:" in stderr
    assert list(work.iterdir()) == []


def test_a_rolling_build_writes_none_of_it(tmp_path):
    code, stderr, work, calls = render(tmp_path, TASK_DEFINITION_TEMPLATE_PARAMETER="")
    assert code == 0, stderr
    assert list(work.iterdir()) == []
    assert calls == []


def test_the_build_artifact_carries_every_deploy_file():
    files = ["imagedefinitions.json", "taskdef.json", "appspec.yaml", "imageDetail.json"]
    assert buildspec()["artifacts"]["files"] == files


def test_the_test_stage_takes_the_approved_digest_from_a_blue_green_build_artifact(tmp_path):
    """The Test stage (teststage/images.py) reads the image from the same Build artifact CodeDeployToECS gets."""
    code, stderr, work, _ = render(tmp_path)
    assert code == 0, stderr
    assert image_from_artifact(work, "app", BUILD_ENV["REPOSITORY_URI"]) == IMAGE
    # Every build also writes imagedefinitions.json (the artifact lists it first); both name one digest.
    env = {**BUILD_ENV, "CONTAINER_NAME": "app", "IMAGE_DIGEST": DIGEST}
    result = run_in_bash(only_command("post_build", "imagedefinitions.json"), work, env)
    assert result.returncode == 0, result.stderr
    assert json.loads((work / "imagedefinitions.json").read_text()) == [{"name": "app", "imageUri": IMAGE}]
    assert image_from_artifact(work, "app", BUILD_ENV["REPOSITORY_URI"]) == IMAGE
