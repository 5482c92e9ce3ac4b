"""`pnpm --filter flask-app dev` (scripts/dev.sh): local DynamoDB + table + app, no AWS, and a clean Ctrl-C."""

from __future__ import annotations

import json
import os
import queue
import re
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request

import pytest

from tests.dockerfile import APP_DIR
from tests.ports import free_port

pytestmark = pytest.mark.dynalite


class OutputLines:
    """Collects a child's stdout lines on a thread, so waiting for a line never blocks past a deadline."""

    def __init__(self, stream) -> None:
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        self._stream = stream
        self._thread = threading.Thread(target=self._pump, daemon=True)
        self._thread.start()

    def _pump(self) -> None:
        for line in self._stream:
            self.lines.put(line)

    def close(self) -> None:
        """After the child and its children exited: the pump has reached end of file."""
        self._thread.join(timeout=10)
        self._stream.close()

    def wait_for(self, pattern: str, timeout: float = 60) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        while (remaining := deadline - time.monotonic()) > 0:
            try:
                line = self.lines.get(timeout=remaining)
            except queue.Empty:
                break
            self.seen.append(line)
            if match := re.search(pattern, line):
                return match
        raise AssertionError(f"no line matching {pattern!r} in dev output:\n{''.join(self.seen)}")


def http(method: str, url: str) -> tuple[int, bytes]:
    request = urllib.request.Request(url, method=method)  # noqa: S310 (http URL built by the test)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def wait_until_serving(url: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if http("GET", f"{url}/gtg")[0] == 200:
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"{url} did not come up")


def is_listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def test_dev_serves_the_app_on_a_local_dynamodb_and_stops_everything_on_ctrl_c():
    port = free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith("AWS_")}
    process = subprocess.Popen(
        ["bash", "scripts/dev.sh"],
        cwd=APP_DIR,
        env={**env, "PORT": str(port), "TC_DYNAMO_TABLE": "DevCandidates"},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    )
    output = OutputLines(process.stdout)
    try:
        dynamo_port = int(output.wait_for(r"local DynamoDB .* at http://127\.0\.0\.1:(\d+), table 'DevCandidates'")[1])
        output.wait_for(rf"serving http://127\.0\.0\.1:{port}/")
        url = f"http://127.0.0.1:{port}"
        wait_until_serving(url)

        assert http("POST", f"{url}/candidate/alice") == (200, b'{"CandidateName":"alice"}\n')
        status, body = http("GET", f"{url}/candidates")
        assert (status, json.loads(body)) == (200, [{"CandidateName": "alice"}])
        status, body = http("GET", f"{url}/gtg?details")
        assert json.loads(body) == {"connected": "true", "instance-id": "unknown"}

        os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in the terminal does
        assert process.wait(timeout=30) in (0, 130)
        deadline = time.monotonic() + 10
        while is_listening(dynamo_port) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not is_listening(dynamo_port), "dynalite must stop with the dev server"
        assert not is_listening(port)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        output.close()


def test_dev_on_a_busy_port_fails_at_once_and_never_says_serving():
    env = {key: value for key, value in os.environ.items() if not key.startswith("AWS_")}
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            ["bash", "scripts/dev.sh"],
            cwd=APP_DIR,
            env={**env, "PORT": str(port)},
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    assert result.returncode == 1
    assert f"port {port} on 127.0.0.1 is in use" in result.stderr
    assert "Fix: pick a free one" in result.stderr
    assert "serving" not in result.stdout
