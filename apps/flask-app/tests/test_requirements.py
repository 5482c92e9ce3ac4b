"""requirements*.txt pin every package to the byte: version and sha256 of the file (pip --require-hashes)."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from tests.dockerfile import APP_DIR

REQUIREMENT = re.compile(r"^(?P<name>[A-Za-z0-9_.-]+)==(?P<version>\S+)(?P<hashes>(\s+--hash=sha256:[0-9a-f]{64})+)$")


def requirements(file: str) -> list[str]:
    """The file's requirements with continuation lines joined, comments and includes left out."""
    text = (APP_DIR / file).read_text().replace("\\\n", " ")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith(("#", "-r"))]


@pytest.mark.parametrize("file", ["requirements.txt", "requirements-dev.txt"])
def test_every_requirement_is_pinned_with_a_hash(file):
    entries = requirements(file)
    assert entries
    for entry in entries:
        assert REQUIREMENT.match(" ".join(entry.split())), entry


def test_the_dev_file_builds_on_the_runtime_file():
    assert "-r requirements.txt" in (APP_DIR / "requirements-dev.txt").read_text().splitlines()


def test_pip_rejects_a_file_whose_hash_does_not_match(tmp_path):
    # The same check the image build makes, shown failing: a requirements file with a wrong hash.
    [flask] = [entry for entry in requirements("requirements.txt") if entry.startswith("Flask==")]
    tampered = tmp_path / "requirements.txt"
    tampered.write_text(re.sub(r"sha256:[0-9a-f]{64}", "sha256:" + "0" * 64, flask) + "\n")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--require-hashes", "-r", str(tampered)],
        cwd=tmp_path,
        env={**os.environ, "PIP_RETRIES": "0"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "THESE PACKAGES DO NOT MATCH THE HASHES" in result.stdout + result.stderr
