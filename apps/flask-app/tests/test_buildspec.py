"""buildspec.yml: the gate before the image build, and imagedefinitions.json for the ECS deploy action."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.dockerfile import APP_DIR

BUILD_ENV = {
    "CONTAINER_NAME": "candidates-app",
    "REPOSITORY_URI": "123456789012.dkr.ecr.us-east-2.amazonaws.com/challenge-app",
    "CACHE_REPOSITORY_URI": "123456789012.dkr.ecr.us-east-2.amazonaws.com/challenge-app-build-cache",
    "AWS_DEFAULT_REGION": "us-east-2",
    "AWS_ACCOUNT_ID": "123456789012",
    "IMAGE_TAG": "0123456789ab",
    "CACHE_IMAGE": "123456789012.dkr.ecr.us-east-2.amazonaws.com/challenge-app-build-cache:buildcache",
}
DIGEST = "sha256:" + "5f1c0c6b7e4b3a2f" * 4

# Stand-ins for the CLIs CodeBuild has: they log their arguments and answer like the real ones.
DOCKER_SHIM = """#!/bin/bash
echo "docker $*" >> "$SHIM_LOG"
if [ "$1 $2" = "push ${FAIL_PUSH:-none}" ]; then exit 1; fi
if [ "$1" = push ]; then echo "pushed $2" >> "$SHIM_LOG"; fi
"""
AWS_SHIM = """#!/bin/bash
echo "aws $*" >> "$SHIM_LOG"
if [ "$1 $2" = "ecr describe-images" ]; then
  if [ -z "${EXISTING_DIGEST:-}" ] && ! grep -q "^pushed $REPOSITORY_URI:" "$SHIM_LOG"; then
    echo "An error occurred (ImageNotFoundException) when calling the DescribeImages operation" >&2
    exit 254
  fi
  case "$*" in
    *--query*) echo "${EXISTING_DIGEST:-$PUSHED_DIGEST}" ;;
    *) echo '{"imageDetails": []}' ;;
  esac
fi
"""


def buildspec() -> dict:
    return yaml.safe_load((APP_DIR / "buildspec.yml").read_text())


def commands(phase: str) -> list[str]:
    return buildspec()["phases"][phase]["commands"]


def only_command(phase: str, containing: str) -> str:
    [command] = [command for command in commands(phase) if containing in command]
    return command


def run_in_bash(command: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {key: value for key, value in os.environ.items() if key not in BUILD_ENV}
    return subprocess.run(
        ["bash", "-c", command],
        cwd=cwd,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


def test_every_phase_aborts_the_build_on_failure():
    spec = buildspec()
    assert str(spec["version"]) == "0.2"
    assert spec["env"]["shell"] == "bash"
    for phase in ["install", "pre_build", "build", "post_build"]:
        assert spec["phases"][phase]["on-failure"] == "ABORT", phase


def test_pre_build_runs_the_package_lint_command_and_the_unit_tests():
    lint_script = json.loads((APP_DIR / "package.json").read_text())["scripts"]["lint"]
    pre_build = commands("pre_build")
    assert lint_script in pre_build, "the buildspec must lint exactly like `pnpm --filter flask-app lint`"
    pytest_command = only_command("pre_build", "scripts/pytest.sh")
    assert shlex.split(pytest_command) == ["bash", "scripts/pytest.sh", "-m", "not dynalite"]
    assert (
        pre_build.index(lint_script)
        < pre_build.index(pytest_command)
        < pre_build.index(only_command("pre_build", "docker login"))
    )


def test_python_runtime_matches_the_image():
    assert buildspec()["phases"]["install"]["runtime-versions"]["python"] == "3.11"


def test_build_caches_from_a_separate_cache_repository_never_latest():
    build = only_command("build", "docker build")
    assert '--cache-from "$CACHE_IMAGE"' in build
    assert "BUILDKIT_INLINE_CACHE=1" in build
    assert '--tag "$REPOSITORY_URI:$IMAGE_TAG"' in build
    assert '--tag "$CACHE_IMAGE"' in build
    cache_image = run_in_bash(only_command("pre_build", "CACHE_IMAGE=") + '; echo "$CACHE_IMAGE"', APP_DIR, BUILD_ENV)
    assert cache_image.stdout.strip() == BUILD_ENV["CACHE_REPOSITORY_URI"] + ":buildcache"
    assert ":latest" not in (APP_DIR / "buildspec.yml").read_text()
    assert "CODEBUILD_RESOLVED_SOURCE_VERSION" in only_command("pre_build", "IMAGE_TAG=")


def run_post_build(tmp_path: Path, **env: str) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    """post_build's commands in one bash (as CodeBuild runs a phase), with docker and aws shims on PATH."""
    shims = tmp_path / "shims"
    shims.mkdir()
    for name, body in {"docker": DOCKER_SHIM, "aws": AWS_SHIM}.items():
        (shims / name).write_text(body)
        (shims / name).chmod(0o755)
    log = tmp_path / "calls.log"
    log.touch()
    work = tmp_path / "work"
    work.mkdir()
    # CodeBuild runs a phase's commands in one shell and stops at the first that fails.
    script = "\n".join(f"{{\n{command}\n}} || exit $?" for command in commands("post_build"))
    result = run_in_bash(
        script,
        work,
        {
            **BUILD_ENV,
            "PATH": f"{shims}:{os.environ['PATH']}",
            "SHIM_LOG": str(log),
            "PUSHED_DIGEST": DIGEST,
            **env,
        },
    )
    return result, log.read_text().splitlines()


def test_post_build_pushes_the_commit_tag_and_deploys_its_digest(tmp_path):
    result, calls = run_post_build(tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"docker push {BUILD_ENV['REPOSITORY_URI']}:0123456789ab" in calls
    assert f"docker push {BUILD_ENV['CACHE_IMAGE']}" in calls
    assert not any(call.startswith("docker push") and ":latest" in call for call in calls)
    definitions = json.loads((tmp_path / "work" / "imagedefinitions.json").read_text())
    assert definitions == [{"name": "candidates-app", "imageUri": f"{BUILD_ENV['REPOSITORY_URI']}@{DIGEST}"}]


def test_a_rebuilt_commit_keeps_the_image_pushed_first(tmp_path):
    first = "sha256:" + "0" * 64
    result, calls = run_post_build(tmp_path, EXISTING_DIGEST=first)
    assert result.returncode == 0, result.stderr
    assert not any(call.startswith(f"docker push {BUILD_ENV['REPOSITORY_URI']}:") for call in calls)
    definitions = json.loads((tmp_path / "work" / "imagedefinitions.json").read_text())
    assert definitions[0]["imageUri"] == f"{BUILD_ENV['REPOSITORY_URI']}@{first}"


def test_no_digest_fails_the_build_without_imagedefinitions(tmp_path):
    result, _ = run_post_build(tmp_path, PUSHED_DIGEST="None")
    assert result.returncode != 0
    assert "ECR gave no digest" in result.stderr
    assert "Fix:" in result.stderr
    assert not (tmp_path / "work" / "imagedefinitions.json").exists()


def test_a_failed_app_push_fails_the_build(tmp_path):
    result, _ = run_post_build(tmp_path, FAIL_PUSH=f"{BUILD_ENV['REPOSITORY_URI']}:0123456789ab")
    assert result.returncode != 0
    assert "Error: pushing" in result.stderr
    assert not (tmp_path / "work" / "imagedefinitions.json").exists()


def test_image_tag_is_the_commit_or_the_build_number():
    command = only_command("pre_build", "IMAGE_TAG=") + '; echo "$IMAGE_TAG"'
    from_commit = run_in_bash(command, APP_DIR, {"CODEBUILD_RESOLVED_SOURCE_VERSION": "0123456789abcdef" * 2})
    assert from_commit.stdout.strip() == "0123456789ab"
    from_build = run_in_bash(command, APP_DIR, {"CODEBUILD_RESOLVED_SOURCE_VERSION": "", "CODEBUILD_BUILD_NUMBER": "7"})
    assert from_build.stdout.strip() == "build-7"


def test_imagedefinitions_names_the_container_from_the_environment(tmp_path):
    env = {**BUILD_ENV, "IMAGE_DIGEST": DIGEST}
    result = run_in_bash(only_command("post_build", "imagedefinitions.json"), tmp_path, env)
    assert result.returncode == 0, result.stderr
    definitions = json.loads((tmp_path / "imagedefinitions.json").read_text())
    assert definitions == [
        {
            "name": "candidates-app",
            "imageUri": f"123456789012.dkr.ecr.us-east-2.amazonaws.com/challenge-app@{DIGEST}",
        }
    ]
    assert "imagedefinitions.json" in buildspec()["artifacts"]["files"]


@pytest.mark.parametrize(
    ("container_name", "message"),
    [(None, "CONTAINER_NAME is not set"), ("", "CONTAINER_NAME is not set"), ('app"x', "not an ECS container name")],
)
def test_imagedefinitions_fails_without_a_usable_container_name(tmp_path, container_name, message):
    env = {key: value for key, value in BUILD_ENV.items() if key != "CONTAINER_NAME"}
    if container_name is not None:
        env["CONTAINER_NAME"] = container_name
    result = run_in_bash(only_command("post_build", "imagedefinitions.json"), tmp_path, env)
    assert result.returncode != 0
    assert message in result.stderr
    assert "Fix:" in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "missing", ["CONTAINER_NAME", "REPOSITORY_URI", "CACHE_REPOSITORY_URI", "AWS_DEFAULT_REGION", "AWS_ACCOUNT_ID"]
)
def test_pre_build_stops_first_when_the_project_omits_a_variable(tmp_path, missing):
    env = {key: value for key, value in BUILD_ENV.items() if key != missing}
    result = run_in_bash(commands("pre_build")[0], tmp_path, env)
    assert result.returncode == 1
    assert f"Error: {missing} is not set. Fix:" in result.stderr
    assert run_in_bash(commands("pre_build")[0], tmp_path, BUILD_ENV).returncode == 0


def test_pip_cache_is_kept_between_builds():
    # The CodeBuild project keeps LOCAL_CUSTOM_CACHE paths; pip's default cache of the root user is one.
    assert "/root/.cache/pip/**/*" in buildspec()["cache"]["paths"]
    ensure_venv = (APP_DIR / "scripts" / "ensure-venv.sh").read_text()
    assert "--no-cache-dir" not in ensure_venv
    assert "PIP_NO_CACHE_DIR" not in ensure_venv
