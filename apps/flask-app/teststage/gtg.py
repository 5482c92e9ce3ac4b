"""Waits until the app under test answers GET /gtg with 200, or its container stopped, or time ran out."""

from __future__ import annotations

import http.client
import subprocess
import time
from urllib.parse import urlsplit


class NotHealthy(RuntimeError):
    """The app did not become healthy; the message says why."""


def _gtg_status(base_url: str) -> int | None:
    parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=2)
    try:
        connection.request("GET", "/gtg")
        return connection.getresponse().status
    except (OSError, http.client.HTTPException):
        return None
    finally:
        connection.close()


def _container_running(container: str) -> bool:
    answer = subprocess.run(
        ["docker", "inspect", "--format", "{{.State.Running}}", container],  # noqa: S607 (CodeBuild's docker, from PATH)
        capture_output=True,
        text=True,
        check=False,
    )
    return answer.returncode == 0 and answer.stdout.strip() == "true"


def wait_for_gtg(base_url: str, timeout_seconds: float, container: str | None = None) -> float:
    """Seconds it took; NotHealthy when the container stopped or the timeout passed first."""
    started = time.monotonic()
    last: int | None = None
    while True:
        last = _gtg_status(base_url)
        if last == 200:
            return time.monotonic() - started
        if container is not None and not _container_running(container):
            raise NotHealthy(
                f"container {container} stopped before {base_url}/gtg answered 200. Fix: see its log below."
            )
        if time.monotonic() - started > timeout_seconds:
            answered = f"last answer HTTP {last}" if last is not None else "no answer"
            raise NotHealthy(
                f"{base_url}/gtg did not answer 200 within {timeout_seconds:g} s ({answered}). Fix: see the app's "
                "log below; raise GTG_TIMEOUT_SECONDS in buildspec-test.yml if it only starts slowly."
            )
        time.sleep(0.5)
