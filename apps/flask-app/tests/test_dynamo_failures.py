"""DynamoDB unreachable or misconfigured: 500 with the error logged, and the app keeps serving."""

from __future__ import annotations

import logging

import pytest

from candidates import create_app
from localdev.dynalite import start_dynalite
from localdev.table import create_table
from tests.conftest import local_settings
from tests.ports import closed_port_url

pytestmark = pytest.mark.dynalite


def error_records(caplog) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.levelno >= logging.ERROR]


def test_dynamodb_going_down_turns_requests_into_logged_500s(caplog, monkeypatch):
    caplog.set_level(logging.INFO)
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")  # no retry backoff: the outage is not transient here
    dynamo = start_dynalite(lifetime_seconds=120)
    try:
        create_table(dynamo.endpoint, "Candidates")
        client = create_app(local_settings(dynamo.endpoint, "Candidates")).test_client()
        assert client.post("/candidate/alice").status_code == 200
    finally:
        dynamo.stop()

    cases = [
        ("POST", "/candidate/bob", "Unable to update", "PutItem"),
        ("GET", "/candidate/alice", "Unable to read", "Query"),
        ("GET", "/candidates", "Unable to read", "Scan"),
    ]
    for method, path, body, operation in cases:
        caplog.clear()
        response = client.open(path, method=method)
        assert response.status_code == 500, path
        assert response.get_data(as_text=True) == body
        [record] = error_records(caplog)
        assert record.exc_info is not None, "the exception and its traceback must be logged"
        assert f"DynamoDB {operation} on table 'Candidates' failed" in str(record.exc_info[1])
        assert "Could not connect to the endpoint URL" in str(record.exc_info[1])

    assert client.get("/gtg").status_code == 200


def test_missing_table_is_a_logged_500_not_a_404(dynamo_endpoint, caplog):
    client = create_app(local_settings(dynamo_endpoint, "NoSuchTable")).test_client()
    for method, path in [("POST", "/candidate/alice"), ("GET", "/candidate/alice"), ("GET", "/candidates")]:
        caplog.clear()
        assert client.open(path, method=method).status_code == 500
        [record] = error_records(caplog)
        assert "ResourceNotFoundException" in str(record.exc_info[1])


def test_app_starts_without_region_and_fails_requests_with_a_logged_500(caplog):
    caplog.set_level(logging.WARNING)
    app = create_app(local_settings(None, "Candidates", region=None, imds_endpoint=closed_port_url()))
    assert any("no AWS_REGION or AWS_DEFAULT_REGION" in record.getMessage() for record in caplog.records)
    client = app.test_client()
    assert client.get("/gtg").status_code == 200

    caplog.clear()
    response = client.post("/candidate/alice")
    assert response.status_code == 500
    assert response.get_data(as_text=True) == "Unable to update"
    [record] = error_records(caplog)
    assert "You must specify a region" in str(record.exc_info[1])
