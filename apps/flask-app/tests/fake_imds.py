"""A local stand-in for the EC2 instance metadata service, IMDSv2 only (token required)."""

from __future__ import annotations

import secrets
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class FakeImds:
    instance_id: str = "i-0123456789abcdef0"
    fail_with: int | None = None
    token: str = field(default_factory=lambda: secrets.token_hex(16))
    requests: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)
    endpoint: str = ""


@contextmanager
def fake_imds(instance_id: str = "i-0123456789abcdef0") -> Iterator[FakeImds]:
    state = FakeImds(instance_id=instance_id)

    class Handler(BaseHTTPRequestHandler):
        def do_PUT(self) -> None:
            self._record()
            if state.fail_with:
                return self._send(state.fail_with, "")
            if self.path != "/latest/api/token":
                return self._send(404, "")
            ttl = self.headers.get("X-aws-ec2-metadata-token-ttl-seconds", "")
            if not ttl.isdigit() or not 1 <= int(ttl) <= 21600:
                return self._send(400, "")
            return self._send(200, state.token)

        def do_GET(self) -> None:
            self._record()
            if state.fail_with:
                return self._send(state.fail_with, "")
            if self.headers.get("X-aws-ec2-metadata-token") != state.token:
                return self._send(401, "")
            if self.path != "/latest/meta-data/instance-id":
                return self._send(404, "")
            return self._send(200, state.instance_id)

        def _record(self) -> None:
            state.requests.append((self.command, self.path, {k.lower(): v for k, v in self.headers.items()}))

        def _send(self, status: int, body: str) -> None:
            data = body.encode()
            self.send_response(status)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.endpoint = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def silent_server() -> Iterator[str]:
    """Accepts TCP connections and never answers: a metadata service that hangs."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        listener.close()
