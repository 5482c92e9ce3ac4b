"""A local stand-in for ECR's GetAuthorizationToken (JSON 1.1 protocol, as botocore's ecr model says)."""

from __future__ import annotations

import base64
import json
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TARGET_PREFIX = "AmazonEC2ContainerRegistry_V20150921."


@dataclass
class FakeEcr:
    registry: str = "123456789012.dkr.ecr.us-east-2.amazonaws.com"
    password: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    endpoint: str = ""
    operations: list[str] = field(default_factory=list)


@contextmanager
def fake_ecr() -> Iterator[FakeEcr]:
    state = FakeEcr()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length", "0")))
            target = self.headers.get("X-Amz-Target", "")
            state.operations.append(target.removeprefix(TARGET_PREFIX))
            if "/ecr/aws4_request" not in self.headers.get("Authorization", ""):
                return self._send(400, {"__type": "MissingAuthenticationTokenException", "message": "not signed"})
            if target != TARGET_PREFIX + "GetAuthorizationToken":
                return self._send(400, {"__type": "UnknownOperationException"})
            token = base64.b64encode(f"AWS:{state.password}".encode()).decode()
            return self._send(
                200,
                {
                    "authorizationData": [
                        {
                            "authorizationToken": token,
                            "expiresAt": time.time() + 12 * 3600,
                            "proxyEndpoint": f"https://{state.registry}",
                        }
                    ]
                },
            )

        def _send(self, status: int, body: dict) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/x-amz-json-1.1")
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
