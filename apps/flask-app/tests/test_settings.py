from __future__ import annotations

import pytest

from candidates.settings import Settings, SettingsError


def test_defaults():
    settings = Settings.from_env({})
    assert settings.table_name == "Candidates"
    assert settings.region is None
    assert settings.dynamodb_endpoint_url is None
    assert settings.imds_endpoint == "http://169.254.169.254"
    assert settings.imds_timeout_seconds == 1.0
    assert settings.imds_disabled is False


def test_values_from_the_environment():
    settings = Settings.from_env(
        {
            "TC_DYNAMO_TABLE": "Other",
            "AWS_DEFAULT_REGION": "eu-west-1",
            "DYNAMODB_ENDPOINT_URL": "http://127.0.0.1:4567/",
            "AWS_EC2_METADATA_SERVICE_ENDPOINT": "http://127.0.0.1:1338",
            "AWS_METADATA_SERVICE_TIMEOUT": "0.25",
            "AWS_EC2_METADATA_DISABLED": "TRUE",
        }
    )
    assert settings.table_name == "Other"
    assert settings.region == "eu-west-1"
    assert settings.dynamodb_endpoint_url == "http://127.0.0.1:4567"
    assert settings.imds_endpoint == "http://127.0.0.1:1338"
    assert settings.imds_timeout_seconds == 0.25
    assert settings.imds_disabled is True


def test_aws_region_wins_over_aws_default_region():
    assert Settings.from_env({"AWS_REGION": "us-west-2", "AWS_DEFAULT_REGION": "eu-west-1"}).region == "us-west-2"


def test_blank_values_count_as_unset():
    settings = Settings.from_env({"TC_DYNAMO_TABLE": " ", "AWS_REGION": "", "DYNAMODB_ENDPOINT_URL": ""})
    assert settings.table_name == "Candidates"
    assert settings.region is None
    assert settings.dynamodb_endpoint_url is None


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("AWS_METADATA_SERVICE_TIMEOUT", "soon", "is not a positive number of seconds"),
        ("AWS_METADATA_SERVICE_TIMEOUT", "0", "is not a positive number of seconds"),
        ("DYNAMODB_ENDPOINT_URL", "localhost:4567", "is not an http(s) URL; set it to e.g. http://127.0.0.1:4567"),
        ("AWS_EC2_METADATA_SERVICE_ENDPOINT", "file:///etc/passwd", "is not an http(s) URL"),
    ],
)
def test_unusable_values_name_the_variable_and_the_fix(name, value, message):
    with pytest.raises(SettingsError) as raised:
        Settings.from_env({name: value})
    assert str(raised.value).startswith(f"{name}={value!r}")
    assert message in str(raised.value)
