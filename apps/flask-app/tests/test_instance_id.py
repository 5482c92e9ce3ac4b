"""Instance id from IMDSv2: lazy, short timeout, "unknown" off EC2, and the app starts anywhere."""

from __future__ import annotations

import time

import pytest

from candidates import create_app
from candidates.instance_id import RETRY_AFTER_SECONDS, UNKNOWN, InstanceIdProvider
from candidates.settings import Settings
from tests.fake_imds import fake_imds, silent_server
from tests.ports import closed_port_url


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_instance_id_comes_from_imdsv2_with_a_session_token():
    with fake_imds("i-0abc1234def567890") as imds:
        provider = InstanceIdProvider(imds.endpoint, timeout_seconds=1)
        assert provider.get() == "i-0abc1234def567890"

    [(put_method, put_path, put_headers), (get_method, get_path, get_headers)] = imds.requests
    assert (put_method, put_path) == ("PUT", "/latest/api/token")
    assert int(put_headers["x-aws-ec2-metadata-token-ttl-seconds"]) > 0
    assert (get_method, get_path) == ("GET", "/latest/meta-data/instance-id")
    assert get_headers["x-aws-ec2-metadata-token"] == imds.token


def test_a_known_instance_id_is_fetched_only_once():
    with fake_imds() as imds:
        provider = InstanceIdProvider(imds.endpoint, timeout_seconds=1)
        assert provider.get() == imds.instance_id
        assert provider.get() == imds.instance_id
        assert len(imds.requests) == 2


def test_nothing_is_fetched_before_it_is_needed():
    with fake_imds() as imds:
        settings = Settings.from_env({"AWS_EC2_METADATA_SERVICE_ENDPOINT": imds.endpoint, "AWS_REGION": "us-east-2"})
        client = create_app(settings).test_client()
        assert client.get("/gtg").status_code == 200
        assert imds.requests == []
        assert client.get("/gtg?details").get_json() == {"connected": "true", "instance-id": imds.instance_id}


def test_refused_connection_means_unknown(caplog):
    provider = InstanceIdProvider(closed_port_url(), timeout_seconds=1)
    assert provider.get() == UNKNOWN
    assert any("instance metadata service" in record.getMessage() for record in caplog.records)


def test_a_metadata_service_that_never_answers_times_out_quickly():
    with silent_server() as endpoint:
        provider = InstanceIdProvider(endpoint, timeout_seconds=0.2)
        started = time.monotonic()
        assert provider.get() == UNKNOWN
        # The silent server would hold the request forever; only the timeout ends it.
        assert time.monotonic() - started < 5


def test_error_status_means_unknown():
    with fake_imds() as imds:
        imds.fail_with = 500
        assert InstanceIdProvider(imds.endpoint, timeout_seconds=1).get() == UNKNOWN


def test_after_a_failure_it_asks_again_only_after_the_retry_delay():
    clock = FakeClock()
    with fake_imds() as imds:
        imds.fail_with = 503
        provider = InstanceIdProvider(imds.endpoint, timeout_seconds=1, clock=clock)
        assert provider.get() == UNKNOWN
        assert len(imds.requests) == 1

        imds.fail_with = None
        clock.now += RETRY_AFTER_SECONDS - 1
        assert provider.get() == UNKNOWN
        assert len(imds.requests) == 1

        clock.now += 2
        assert provider.get() == imds.instance_id
        assert len(imds.requests) == 3


def test_disabled_metadata_service_is_never_contacted():
    with fake_imds() as imds:
        settings = Settings.from_env(
            {"AWS_EC2_METADATA_SERVICE_ENDPOINT": imds.endpoint, "AWS_EC2_METADATA_DISABLED": "true"}
        )
        assert InstanceIdProvider.from_settings(settings).get() == UNKNOWN
        assert imds.requests == []


@pytest.mark.parametrize("endpoint_kind", ["closed", "silent"])
def test_app_starts_and_answers_without_a_metadata_service(endpoint_kind):
    def run(endpoint: str) -> None:
        settings = Settings.from_env(
            {"AWS_EC2_METADATA_SERVICE_ENDPOINT": endpoint, "AWS_METADATA_SERVICE_TIMEOUT": "0.2"}
        )
        client = create_app(settings).test_client()
        assert client.get("/").status_code == 400
        assert client.get("/gtg").status_code == 200
        assert client.get("/gtg?details").get_json() == {"connected": "true", "instance-id": "unknown"}

    if endpoint_kind == "closed":
        run(closed_port_url())
    else:
        with silent_server() as endpoint:
            run(endpoint)
