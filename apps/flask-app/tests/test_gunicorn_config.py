"""gunicorn.conf.py as gunicorn itself reads it (`--print-config`)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.dockerfile import APP_DIR
from tests.gunicorn_server import container_command
from tests.ports import free_port


def gunicorn_config(**env: str) -> subprocess.CompletedProcess[str]:
    base = {key: value for key, value in os.environ.items() if key not in {"PORT", "HOST", "WEB_CONCURRENCY"}}
    return subprocess.run(
        [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", "--print-config", "candidates.wsgi:app"],
        cwd=APP_DIR,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def settings(**env: str) -> dict[str, str]:
    result = gunicorn_config(**env)
    assert result.returncode == 0, result.stderr
    values = {}
    for line in result.stdout.splitlines():
        name, separator, value = line.partition("=")
        if separator:
            values[name.strip()] = value.strip()
    return values


def test_defaults_fit_the_container_on_a_two_vcpu_host():
    values = settings()
    assert values["bind"] == "['0.0.0.0:8000']"
    assert values["workers"] == "2"
    assert values["worker_class"] == "gthread"
    assert values["accesslog"] == "-"
    assert values["errorlog"] == "-"
    assert values["control_socket_disable"] == "True"


def test_port_host_and_workers_come_from_the_environment():
    values = settings(PORT="9001", HOST="127.0.0.1", WEB_CONCURRENCY="5", GUNICORN_THREADS="8")
    assert values["bind"] == "['127.0.0.1:9001']"
    assert values["workers"] == "5"
    assert values["threads"] == "8"


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("PORT", "http", "PORT='http' must be a whole number"),
        ("PORT", "70000", "PORT=70000 is not a TCP port"),
        ("WEB_CONCURRENCY", "0", "WEB_CONCURRENCY='0' must be a whole number of at least 1"),
    ],
)
def test_bad_values_stop_gunicorn_with_a_clear_message(name, value, message):
    result = gunicorn_config(**{name: value})
    assert result.returncode != 0
    assert message in result.stdout + result.stderr


def test_a_bad_setting_stops_the_server_with_the_variable_named():
    base = {key: value for key, value in os.environ.items() if key not in {"PORT", "HOST"}}
    result = subprocess.run(
        container_command(),
        cwd=APP_DIR,
        env={**base, "HOST": "127.0.0.1", "PORT": str(free_port()), "DYNAMODB_ENDPOINT_URL": "localhost:4567"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "DYNAMODB_ENDPOINT_URL='localhost:4567' is not an http(s) URL" in result.stdout + result.stderr
