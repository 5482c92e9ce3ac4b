"""contract/: the one definition of the app's HTTP contract checks, and its Python runner (the Test stage's)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from threading import Thread

import pytest

from contract import CHECKS_FILE, load_spec, run_checks
from tests.dockerfile import APP_DIR
from tests.gunicorn_server import gunicorn_server
from tests.ports import closed_port_url

Answer = tuple[int, str, str, dict[str, str]]


@contextmanager
def stub_app(answers: dict[tuple[str, str], Answer]) -> Iterator[str]:
    """An HTTP server answering (method, path-without-query-values) from a table; 404 text otherwise."""

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            status, content_type, body, headers = answers.get(
                (self.command, self.path.split("?next=")[0]), (404, "text/plain", "Not Found", {})
            )
            data = body.encode()
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = _answer

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def as_json(value) -> str:
    return json.dumps(value)


def test_the_spec_covers_every_route_of_the_contract_once():
    spec = load_spec()
    requests = [(c["request"]["method"], c["request"]["path"]) for c in spec["checks"]]
    assert requests == [
        ("GET", "/gtg"),
        ("GET", "/gtg?details"),
        ("POST", "/candidate/{candidate}"),
        ("GET", "/candidate/{candidate}"),
        ("GET", "/candidates"),
        ("GET", "/"),
    ]
    assert len({c["name"] for c in spec["checks"]}) == len(spec["checks"])
    assert CHECKS_FILE == APP_DIR / "contract" / "checks.json"


@pytest.mark.dynalite
def test_the_real_app_passes_every_check_with_a_name_that_needs_encoding(dynamo_endpoint, table):
    env = {
        "TC_DYNAMO_TABLE": table,
        "DYNAMODB_ENDPOINT_URL": dynamo_endpoint,
        "AWS_REGION": "us-east-2",
        "AWS_EC2_METADATA_DISABLED": "true",
    }
    candidate = "smoke Zoë 王 ?#%25&"
    with gunicorn_server(env) as server:
        results = run_checks(f"http://127.0.0.1:{server.port}", candidate=candidate)
    assert [(r.name, r.ok, r.detail) for r in results] == [
        ("GET /gtg", True, "healthy"),
        ("GET /gtg?details", True, "instance unknown"),
        (f"POST /candidate/{candidate}", True, "stored"),
        (f"GET /candidate/{candidate}", True, "read back"),
        ("GET /candidates", True, "1 listed over 1 page"),
        ("GET / (invalid request)", True, "rejected with 400"),
    ]


def test_failures_say_what_broke(tmp_path):
    candidate = "smoke-x"
    answers: dict[tuple[str, str], Answer] = {
        ("GET", "/gtg"): (503, "text/plain", "  starting  ", {}),
        ("GET", "/gtg?details"): (200, "application/json", as_json({"connected": "false"}), {}),
        ("POST", f"/candidate/{candidate}"): (200, "text/html", "<p>ok</p>", {}),
        ("GET", f"/candidate/{candidate}"): (200, "application/json", as_json([{"CandidateName": "other"}]), {}),
        ("GET", "/candidates"): (
            200,
            "application/json",
            as_json([{"CandidateName": "other"}]),
            {"Link": '</candidates?next=abc>; rel="next"'},
        ),
        ("GET", "/"): (400, "application/json", as_json({"status": "nope"}), {}),
    }
    with stub_app(answers) as url:
        results = run_checks(url, candidate=candidate)
    assert [(r.name, r.ok, r.detail) for r in results] == [
        ("GET /gtg", False, "expected HTTP 200, got 503: starting"),
        ("GET /gtg?details", False, '"connected" is "false", expected "true"'),
        (f"POST /candidate/{candidate}", False, "content type is text/html, not JSON"),
        (f"GET /candidate/{candidate}", False, f'no item with CandidateName "{candidate}"'),
        # The stub's next link always leads to the same page: the runner stops after 50 pages.
        ("GET /candidates", False, f'no item with CandidateName "{candidate}" among 50 listed (first 50 pages)'),
        ("GET / (invalid request)", False, '"status" is "nope", expected "invalid request"'),
    ]


def test_an_unreachable_app_fails_every_check_without_stopping():
    results = run_checks(closed_port_url(), timeout_seconds=1)
    assert len(results) == 6
    assert all(not r.ok and r.detail.startswith("request failed: ") for r in results)


def run_module(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "contract", *args],
        cwd=APP_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_module_prints_one_contract_check_line_per_check_and_exits_1_on_failure():
    result = run_module(closed_port_url(), "--timeout", "1", "--candidate", "smoke-cli")
    assert result.returncode == 1
    lines = [line for line in result.stdout.splitlines() if line.startswith("contract-check ")]
    parsed = [json.loads(line.removeprefix("contract-check ")) for line in lines]
    assert [p["name"] for p in parsed][2] == "POST /candidate/smoke-cli"
    assert {tuple(sorted(p)) for p in parsed} == {("detail", "ms", "name", "ok")}
    assert "contract: 6 of 6 checks failed against" in result.stdout


def test_the_module_refuses_a_non_http_url():
    result = run_module("ftp://example.com")
    assert result.returncode == 2
    assert "is not an http(s) URL; pass e.g. http://127.0.0.1:8000" in result.stderr
