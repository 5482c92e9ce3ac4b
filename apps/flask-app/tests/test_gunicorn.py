"""The container's command (Dockerfile ENTRYPOINT: gunicorn + gunicorn.conf.py) serving the contract over HTTP."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.dockerfile import APP_DIR, healthcheck_command
from tests.fake_imds import fake_imds
from tests.gunicorn_server import gunicorn_server

pytestmark = pytest.mark.dynalite


@pytest.fixture
def server(dynamo_endpoint, table):
    with fake_imds("i-0feedfacecafe0001") as imds:
        env = {
            "TC_DYNAMO_TABLE": table,
            "DYNAMODB_ENDPOINT_URL": dynamo_endpoint,
            "AWS_REGION": "us-east-2",
            "AWS_EC2_METADATA_SERVICE_ENDPOINT": imds.endpoint,
            "WEB_CONCURRENCY": "2",
        }
        with gunicorn_server(env) as running:
            yield running


def json_body(response: tuple[int, str, bytes]):
    status, content_type, body = response
    assert content_type == "application/json", (status, content_type, body)
    return json.loads(body)


def test_gunicorn_serves_the_whole_contract(server):
    assert server.request("GET", "/")[0] == 400
    assert json_body(server.request("GET", "/")) == {"status": "invalid request"}

    assert server.request("GET", "/gtg")[:1] == (200,)
    assert server.request("GET", "/gtg")[2] == b""
    assert json_body(server.request("GET", "/gtg?details")) == {
        "connected": "true",
        "instance-id": "i-0feedfacecafe0001",
    }

    assert server.request("GET", "/candidates")[0::2] == (404, b"Not Found")
    assert server.request("GET", "/candidate/alice")[0::2] == (404, b"Not Found")

    posted = server.request("POST", "/candidate/alice")
    assert posted[0] == 200
    assert json_body(posted) == {"CandidateName": "alice"}
    server.request("POST", "/candidate/bob")

    fetched = server.request("GET", "/candidate/alice")
    assert fetched[0] == 200
    assert json_body(fetched) == [{"CandidateName": "alice"}]

    listed = server.request("GET", "/candidates")
    assert listed[0] == 200
    assert sorted(item["CandidateName"] for item in json_body(listed)) == ["alice", "bob"]

    assert server.request("GET", "/nope")[0] == 404
    assert server.request("DELETE", "/candidate/alice")[0] == 405


def test_gunicorn_decodes_unicode_and_percent_encoded_paths_once(server):
    for path, name in [
        ("/candidate/J%C3%BCrgen%20M%C3%BCller", "Jürgen Müller"),
        ("/candidate/%F0%9F%A6%8A", "🦊"),
        ("/candidate/100%2525", "100%25"),
    ]:
        status, _, body = server.request("POST", path)
        assert (status, json.loads(body)) == (200, {"CandidateName": name})
        assert json_body(server.request("GET", path)) == [{"CandidateName": name}]
    assert server.request("GET", "/candidate/a%2Fb")[0] == 404
    assert server.request("POST", "/candidate/bad%00name")[0] == 400


def test_access_log_goes_to_stdout(server):
    server.request("GET", "/gtg?details")
    server.process.terminate()
    server.process.wait(timeout=30)
    assert '"GET /gtg?details HTTP/1.1" 200' in server.log()


def test_dockerfile_healthcheck_passes_against_the_running_server(server):
    command = healthcheck_command()
    assert command[0] == "python"
    result = subprocess.run(
        [sys.executable, *command[1:]],
        cwd=APP_DIR,
        env={**os.environ, "PORT": str(server.port)},
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 0, result.stderr
