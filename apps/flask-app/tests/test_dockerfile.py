"""Key properties of the image (no Docker engine here to build it; the gunicorn tests run its ENTRYPOINT)."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import yaml

from tests.dockerfile import APP_DIR, entrypoint, healthcheck_command, instructions
from tests.ports import free_port


def keywords() -> list[str]:
    return [instruction.keyword for instruction in instructions()]


def index_of(keyword: str, containing: str = "") -> int:
    for index, instruction in enumerate(instructions()):
        if instruction.keyword == keyword and containing in instruction.arguments:
            return index
    raise AssertionError(f"no {keyword} {containing!r} in the Dockerfile")


def base_image() -> str:
    [arg] = [i.arguments for i in instructions() if i.keyword == "ARG" and i.arguments.startswith("PYTHON_IMAGE=")]
    return arg.removeprefix("PYTHON_IMAGE=")


def test_base_image_is_slim_python_from_the_ecr_public_gallery_pinned_by_digest():
    # Docker Hub answers CodeBuild's shared addresses with 429 toomanyrequests; ECR Public does not.
    image = base_image()
    repository, _, digest = image.partition("@")
    assert repository == "public.ecr.aws/docker/library/python:3.11-slim-bookworm"
    assert re.fullmatch(r"sha256:[0-9a-f]{64}", digest), "pin the base image by its digest"
    assert [i.arguments for i in instructions() if i.keyword == "FROM"] == ["${PYTHON_IMAGE}"]


def test_base_image_python_matches_the_buildspec_runtime():
    spec = yaml.safe_load((APP_DIR / "buildspec.yml").read_text())
    python = spec["phases"]["install"]["runtime-versions"]["python"]
    assert f"/python:{python}-" in base_image()


def test_no_frontend_is_pulled_from_docker_hub():
    lines = (APP_DIR / "Dockerfile").read_text().splitlines()
    assert not any(re.match(r"#\s*syntax\s*=", line) for line in lines), "a syntax directive pulls its frontend"
    for instruction in instructions():
        if instruction.keyword == "FROM" or (instruction.keyword == "COPY" and "--from=" in instruction.arguments):
            assert "docker.io" not in instruction.arguments


def test_dependencies_are_installed_before_the_code_is_copied():
    copy_requirements = index_of("COPY", "requirements.txt")
    install = index_of("RUN", "pip install")
    copy_code = index_of("COPY", "candidates")
    assert copy_requirements < install < copy_code
    [only_requirements] = [i for i in instructions() if i.keyword == "COPY" and "requirements.txt" in i.arguments]
    assert only_requirements.arguments.split()[:-1] == ["requirements.txt"], "copy nothing else before pip install"
    assert "--no-cache-dir" in instructions()[install].arguments
    assert "--require-hashes" in instructions()[install].arguments


def test_runs_as_a_non_root_user():
    users = [i.arguments for i in instructions() if i.keyword == "USER"]
    assert users, "the image must switch to a non-root USER"
    final_user = users[-1].split(":")[0]
    assert final_user not in {"root", "0"}
    assert index_of("USER") > index_of("RUN", "pip install"), "install as root, run as the app user"
    assert index_of("USER") < keywords().index("ENTRYPOINT")
    assert f"--uid {final_user}" in instructions()[index_of("RUN", "useradd")].arguments


def test_healthcheck_probes_gtg():
    [healthcheck] = [i.arguments for i in instructions() if i.keyword == "HEALTHCHECK"]
    assert "--interval=" in healthcheck
    assert "--timeout=" in healthcheck
    assert healthcheck_command() == ["python", "-m", "candidates.healthcheck"]
    source = (APP_DIR / "candidates" / "healthcheck.py").read_text()
    assert "/gtg" in source


def test_healthcheck_fails_when_nothing_listens():
    result = subprocess.run(
        [sys.executable, *healthcheck_command()[1:]],
        cwd=APP_DIR,
        env={**os.environ, "PORT": str(free_port())},
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 1
    assert "/gtg failed" in result.stderr


def test_entrypoint_is_gunicorn_with_the_config_file_in_exec_form():
    assert entrypoint() == ["gunicorn", "--config", "gunicorn.conf.py", "candidates.wsgi:app"]
    assert "CMD" not in keywords(), "no CMD: arguments to `docker run` would replace the app module"
    assert "EXPOSE" in keywords()
    assert any(i.keyword == "ENV" and "PORT=8000" in i.arguments for i in instructions())


def test_everything_copied_exists_and_passes_the_dockerignore():
    allowed = {
        line[1:].rstrip("/") for line in (APP_DIR / ".dockerignore").read_text().splitlines() if line.startswith("!")
    }
    ignore_lines = [line for line in (APP_DIR / ".dockerignore").read_text().splitlines() if line and line[0] != "#"]
    assert ignore_lines[0] == "*", ".dockerignore should allow-list what the image needs"
    for instruction in instructions():
        if instruction.keyword == "COPY":
            *sources, _destination = instruction.arguments.split()
            for source in sources:
                assert (APP_DIR / source).exists(), source
                assert source.rstrip("/") in allowed, f"{source} is excluded by .dockerignore"
    for not_in_image in [".venv", "node_modules", "tests", "localdev"]:
        assert not_in_image not in allowed
