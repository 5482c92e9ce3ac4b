"""SIGTERM (what ECS sends when a task stops) ends the real gunicorn gracefully, well within ECS's stop timeout."""

from __future__ import annotations

import http.client
import signal
import subprocess
import time

from tests.fake_imds import fake_imds
from tests.gunicorn_server import gunicorn_server
from tests.test_gunicorn_config import settings

# terraform/ sets ECS_CONTAINER_STOP_TIMEOUT to 5 s by default (container_stop_timeout_seconds): after
# that ECS sends SIGKILL. gunicorn's graceful timeout must be shorter, and the stop must fit in it.
ECS_STOP_TIMEOUT_SECONDS = 5


def test_graceful_timeout_is_shorter_than_the_ecs_stop_timeout():
    assert int(settings()["graceful_timeout"]) < ECS_STOP_TIMEOUT_SECONDS
    assert int(settings(GUNICORN_GRACEFUL_TIMEOUT="2")["graceful_timeout"]) == 2


def test_sigterm_stops_gunicorn_cleanly_before_ecs_would_kill_it():
    with fake_imds() as imds, gunicorn_server({"AWS_EC2_METADATA_SERVICE_ENDPOINT": imds.endpoint}) as server:
        # The load balancer keeps idle keep-alive connections open to the task; one stays open here.
        idle = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        idle.request("GET", "/gtg")
        assert idle.getresponse().read() == b""
        try:
            started = time.monotonic()
            server.process.send_signal(signal.SIGTERM)
            try:
                returncode = server.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                raise AssertionError(f"gunicorn ignored SIGTERM:\n{server.log()}") from None
            stopped_after = time.monotonic() - started
        finally:
            idle.close()
        log = server.log()
    assert returncode == 0, log
    assert "Handling signal: term" in log
    assert "Shutting down: Master" in log
    assert stopped_after < ECS_STOP_TIMEOUT_SECONDS, f"took {stopped_after:.1f} s:\n{log}"
