"""Run the app the way the container does: the Dockerfile's ENTRYPOINT, with this venv's gunicorn."""

from __future__ import annotations

import ctypes
import http.client
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.dockerfile import APP_DIR, entrypoint
from tests.ports import free_port

STARTUP_TIMEOUT_SECONDS = 30


_PR_SET_PDEATHSIG = 1
# Looked up before any fork: the child only makes the system call.
_prctl = ctypes.CDLL(None, use_errno=True).prctl if sys.platform.startswith("linux") else None


def _die_with_parent() -> None:
    """Linux: the server gets SIGTERM if pytest dies, so a killed run leaves no gunicorn behind."""
    if _prctl is not None:
        _prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


@dataclass
class Server:
    port: int
    process: subprocess.Popen[bytes]
    log_path: Path

    def request(self, method: str, path: str) -> tuple[int, str, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request(method, path)
            response = connection.getresponse()
            return response.status, response.getheader("Content-Type", ""), response.read()
        finally:
            connection.close()

    def headers(self, method: str, path: str) -> tuple[int, dict[str, str]]:
        """Status and response headers (names lower-cased)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request(method, path)
            response = connection.getresponse()
            response.read()
            return response.status, {name.lower(): value for name, value in response.getheaders()}
        finally:
            connection.close()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


def container_command() -> list[str]:
    command = entrypoint()
    if command[0] != "gunicorn":
        raise AssertionError(f"the Dockerfile ENTRYPOINT should start gunicorn, not {command[0]}")
    return [sys.executable, "-m", "gunicorn", *command[1:]]


@contextmanager
def gunicorn_server(env: Mapping[str, str]) -> Iterator[Server]:
    port = free_port()
    with tempfile.TemporaryDirectory() as scratch:
        log_path = Path(scratch) / "gunicorn.log"
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                container_command(),
                cwd=APP_DIR,
                env={**os.environ, "HOST": "127.0.0.1", "PORT": str(port), **env},
                stdout=log,
                stderr=subprocess.STDOUT,
                preexec_fn=_die_with_parent,  # noqa: PLW1509 (it only calls prctl)
            )
        server = Server(port=port, process=process, log_path=log_path)
        try:
            _wait_until_serving(server)
            yield server
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_until_serving(server: Server) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise AssertionError(f"gunicorn exited with {server.process.returncode}:\n{server.log()}")
        try:
            if server.request("GET", "/gtg")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"gunicorn did not answer /gtg within {STARTUP_TIMEOUT_SECONDS} s:\n{server.log()}")
