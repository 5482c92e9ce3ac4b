"""Every answer, errors included, carries X-Content-Type-Options: nosniff."""

from __future__ import annotations

import pytest

from candidates import create_app
from candidates.store import CandidateStore
from tests.conftest import local_settings
from tests.gunicorn_server import gunicorn_server
from tests.ports import closed_port_url

pytestmark = pytest.mark.dynalite

ROUTES = [
    ("GET", "/", 400),
    ("GET", "/gtg", 200),
    ("GET", "/gtg?details", 200),
    ("POST", "/candidate/alice", 200),
    ("GET", "/candidate/alice", 200),
    ("GET", "/candidate/nobody", 404),
    ("GET", "/candidate/bad%00name", 400),
    ("POST", "/candidate/evil%E2%80%AEname", 400),
    ("GET", "/candidates", 200),
    ("GET", "/candidates?next=garbage!", 400),
    ("GET", "/nope", 404),
    ("DELETE", "/candidate/alice", 405),
    ("POST", "/candidates", 405),
]


@pytest.mark.parametrize(("method", "path", "status"), ROUTES)
def test_every_route_and_error_sends_nosniff(client, method, path, status):
    client.post("/candidate/alice")
    response = client.open(path, method=method)
    assert response.status_code == status
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_a_dynamodb_failure_500_sends_nosniff(dynamo_endpoint):
    client = create_app(local_settings(closed_port_url(), "Candidates")).test_client()
    response = client.get("/candidates")
    assert (response.status_code, response.get_data(as_text=True)) == (500, "Unable to read")
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_an_unexpected_exception_500_sends_nosniff(dynamo_endpoint, table):
    app = create_app(local_settings(dynamo_endpoint, table))

    def broken_client():
        raise RuntimeError("no DynamoDB client today")

    app.extensions["candidate_store"] = CandidateStore(broken_client, table)
    response = app.test_client().get("/candidates")
    assert response.status_code == 500
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_gunicorn_answers_send_nosniff(dynamo_endpoint, table):
    env = {
        "TC_DYNAMO_TABLE": table,
        "DYNAMODB_ENDPOINT_URL": dynamo_endpoint,
        "AWS_REGION": "us-east-2",
        "AWS_EC2_METADATA_SERVICE_ENDPOINT": closed_port_url(),
        "WEB_CONCURRENCY": "1",
    }
    with gunicorn_server(env) as server:
        for method, path, status in [
            ("GET", "/gtg", 200),
            ("GET", "/candidates", 404),
            ("POST", "/candidate/alice", 200),
            ("GET", "/candidates", 200),
            ("GET", "/candidates?next=", 400),
            ("GET", "/nope", 404),
        ]:
            got, headers = server.headers(method, path)
            assert got == status, (method, path)
            assert headers.get("x-content-type-options") == "nosniff", (method, path)
