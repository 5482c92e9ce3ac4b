"""Runs the pipeline's Test stage (buildspec-test.yml's lines, scripts/test-stage.sh) here: dynalite for
DynamoDB, a local ECR token endpoint, and tests/docker_shim.py as `docker` (no Docker engine runs here)."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from tests.dockerfile import APP_DIR
from tests.fake_ecr import FakeEcr
from tests.ports import free_port

REPOSITORY = "123456789012.dkr.ecr.us-east-2.amazonaws.com/challenge-mock-app"
CONTAINER_NAME = "app"
RUN_TIMEOUT_SECONDS = 180


def digest(seed: str) -> str:
    return "sha256:" + (seed * 64)[:64]


def image(seed: str) -> str:
    return f"{REPOSITORY}@{digest(seed)}"


def buildspec_test() -> dict:
    return yaml.safe_load((APP_DIR / "buildspec-test.yml").read_text())


def phase_script(phase: str) -> str:
    """A phase as CodeBuild runs it: its commands in one shell, stopping at the first failure, then `finally`."""
    spec = buildspec_test()["phases"][phase]
    commands = "\n".join(f"{{\n{command}\n}} || exit $?" for command in spec["commands"])
    final = "\n".join(spec.get("finally", []))
    return f"( set -e\n{commands}\n)\nstatus=$?\n{final}\nexit $status\n"


def patched_app(tmp_path: Path, name: str, replacements: dict[str, tuple[str, str]]) -> Path:
    """A copy of the app's image content (what the Dockerfile copies) with source lines replaced: a build
    that broke something."""
    target = tmp_path / name
    target.mkdir()
    shutil.copytree(APP_DIR / "candidates", target / "candidates", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(APP_DIR / "gunicorn.conf.py", target / "gunicorn.conf.py")
    for relative, (old, new) in replacements.items():
        path = target / relative
        source = path.read_text()
        if old not in source:
            raise AssertionError(f"{relative} no longer contains {old!r}; update the test's patch")
        path.write_text(source.replace(old, new, 1))
    return target


@dataclass
class StageRun:
    returncode: int
    stdout: str
    stderr: str
    calls: list[str]
    # Containers whose process was still alive when the stage had finished (a leak).
    leaked_containers: list[str]

    def contract_lines(self) -> list[dict]:
        prefix = "contract-check "
        return [json.loads(line[len(prefix) :]) for line in self.stdout.splitlines() if line.startswith(prefix)]


@dataclass
class Stage:
    tmp: Path
    dynamo_endpoint: str
    ecr: FakeEcr
    prefix: str = field(default_factory=lambda: f"t{uuid.uuid4().hex[:8]}-mock_test_")
    build_id: str = field(default_factory=lambda: f"challenge-mock-app-test:{uuid.uuid4()}")
    images: dict[str, str] = field(default_factory=lambda: {image("a"): str(APP_DIR)})

    @property
    def table(self) -> str:
        return f"{self.prefix}{self.build_id.split(':')[1]}"

    @property
    def container(self) -> str:
        return f"contract-{self.table}"

    @property
    def state(self) -> Path:
        return self.tmp / "docker-state"

    def artifact(self, uri: str) -> Path:
        folder = self.tmp / "build-artifact"
        folder.mkdir(exist_ok=True)
        (folder / "imagedefinitions.json").write_text(json.dumps([{"name": CONTAINER_NAME, "imageUri": uri}]))
        return folder

    def env(self, uri: str, **overrides: str) -> dict[str, str]:
        shims = self.tmp / "shims"
        shims.mkdir(exist_ok=True)
        docker = shims / "docker"
        docker.write_text(f'#!/bin/sh\nPYTHONPATH="{APP_DIR}" exec "{sys.executable}" -m tests.docker_shim "$@"\n')
        docker.chmod(0o755)
        self.state.mkdir(exist_ok=True)
        (self.state / "calls.log").touch()
        images_file = self.tmp / "images.json"
        images_file.write_text(json.dumps(self.images))
        dummies = {
            "AWS_ACCESS_KEY_ID": "local",
            "AWS_SECRET_ACCESS_KEY": "local",
            "AWS_CONFIG_FILE": os.devnull,
            "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        }
        env = {
            "PATH": f"{shims}:{os.environ['PATH']}",
            "HOME": str(self.tmp),
            **dummies,
            # What CodeBuild and the project (terraform/) set:
            "CODEBUILD_BUILD_ID": self.build_id,
            "CODEBUILD_SRC_DIR_build": str(self.artifact(uri)),
            "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/credentials/build-role",
            "REPOSITORY_URI": REPOSITORY,
            "CONTAINER_NAME": CONTAINER_NAME,
            "TEMP_TABLE_PREFIX": self.prefix,
            "TEMP_TABLE_TTL_MINUTES": "45",
            "AWS_DEFAULT_REGION": "us-east-2",
            # Local stand-ins for DynamoDB and ECR (the standard SDK endpoint settings):
            "AWS_ENDPOINT_URL_DYNAMODB": self.dynamo_endpoint,
            "AWS_ENDPOINT_URL_ECR": self.ecr.endpoint,
            "APP_PORT": str(free_port()),
            "DOCKER_SHIM_STATE": str(self.state),
            "DOCKER_SHIM_IMAGES": str(images_file),
            "DOCKER_SHIM_PASSWORD": self.ecr.password,
            "DOCKER_SHIM_NETWORK_ENV": json.dumps({"AWS_ENDPOINT_URL_DYNAMODB": self.dynamo_endpoint, **dummies}),
        }
        env.update(overrides)
        return env

    def calls(self) -> list[str]:
        path = self.state / "calls.log"
        return path.read_text().splitlines() if path.exists() else []

    def run_build_phase(self, uri: str, **overrides: str) -> StageRun:
        """buildspec-test.yml's build phase (commands, then finally), in the app folder like CodeBuild."""
        result = subprocess.run(
            ["bash", "-c", phase_script("build")],
            cwd=APP_DIR,
            env=self.env(uri, **overrides),
            capture_output=True,
            text=True,
            timeout=RUN_TIMEOUT_SECONDS,
            check=False,
        )
        leaked = self.alive_containers()
        self.stop_leftover_containers()
        return StageRun(result.returncode, result.stdout, result.stderr, self.calls(), leaked)

    def start_script(self, uri: str, **overrides: str) -> subprocess.Popen[str]:
        """scripts/test-stage.sh on its own, in its own process group (to signal it like CodeBuild's stop)."""
        env = self.env(uri, **overrides)
        env["BUILD_ARTIFACT_DIR"] = env["CODEBUILD_SRC_DIR_build"]
        return subprocess.Popen(
            ["bash", "scripts/test-stage.sh"],
            cwd=APP_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )

    def alive_containers(self) -> list[str]:
        """Containers whose process still exists, removed or not."""
        folder = self.state / "containers"
        alive = []
        for path in sorted(folder.glob("*.pid")) + sorted(folder.glob("*.removed")) if folder.exists() else []:
            status = Path(f"/proc/{path.read_text()}/status")
            try:
                if "zombie" not in status.read_text().lower():
                    alive.append(path.stem)
            except OSError:
                pass
        return alive

    def stop_leftover_containers(self) -> None:
        """Whatever a broken stage left running is stopped here, so one failing test cannot leak servers."""
        folder = self.state / "containers"
        for pid_file in [*folder.glob("*.pid"), *folder.glob("*.removed")] if folder.exists() else []:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(int(pid_file.read_text()), signal.SIGKILL)
