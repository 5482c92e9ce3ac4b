from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

from candidates import create_app
from candidates.settings import Settings
from localdev.dynalite import Dynalite, start_dynalite
from localdev.table import create_table, local_client
from tests.ports import closed_port_url

# The session-wide dynalite stops by itself after this long even if pytest is killed
# (it also stops as soon as pytest's process goes away).
DYNALITE_LIFETIME_SECONDS = 1800


@pytest.fixture(scope="session", autouse=True)
def isolated_aws_environment() -> Iterator[None]:
    """Dummy credentials and no AWS config files: no test can reach a real account."""
    with pytest.MonkeyPatch.context() as patch:
        for name in [n for n in os.environ if n.startswith("AWS_")] + ["TC_DYNAMO_TABLE", "DYNAMODB_ENDPOINT_URL"]:
            patch.delenv(name, raising=False)
        patch.setenv("AWS_ACCESS_KEY_ID", "local")
        patch.setenv("AWS_SECRET_ACCESS_KEY", "local")
        patch.setenv("AWS_CONFIG_FILE", os.devnull)
        patch.setenv("AWS_SHARED_CREDENTIALS_FILE", os.devnull)
        yield


@pytest.fixture(scope="session")
def _session_dynalite() -> Iterator[Dynalite]:
    server = start_dynalite(lifetime_seconds=DYNALITE_LIFETIME_SECONDS)
    yield server
    server.stop()


@pytest.fixture
def dynamo_endpoint(request: pytest.FixtureRequest, _session_dynalite: Dynalite) -> str:
    if request.node.get_closest_marker("dynalite") is None:
        pytest.fail("tests that use dynalite must be marked @pytest.mark.dynalite (the buildspec deselects them)")
    return _session_dynalite.endpoint


@pytest.fixture
def table(dynamo_endpoint: str) -> str:
    """A fresh, empty candidates table for each test."""
    name = f"Candidates-{uuid.uuid4().hex[:12]}"
    create_table(dynamo_endpoint, name)
    return name


@pytest.fixture
def dynamo(dynamo_endpoint: str):
    """A boto3 client on the local DynamoDB, to check what the app really stored."""
    return local_client(dynamo_endpoint)


def local_settings(endpoint: str, table: str, **overrides) -> Settings:
    values = {
        "table_name": table,
        "region": "us-east-1",
        "dynamodb_endpoint_url": endpoint,
        "imds_endpoint": closed_port_url(),
        "imds_timeout_seconds": 0.5,
        "imds_disabled": False,
    }
    values.update(overrides)
    return Settings(**values)


@pytest.fixture
def client(dynamo_endpoint: str, table: str):
    return create_app(local_settings(dynamo_endpoint, table)).test_client()
