"""Runtime settings of the candidates service, read once from the environment."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

DEFAULT_TABLE = "Candidates"
DEFAULT_IMDS_ENDPOINT = "http://169.254.169.254"
DEFAULT_IMDS_TIMEOUT_SECONDS = 1.0


class SettingsError(ValueError):
    """An environment variable holds a value the service cannot use."""


@dataclass(frozen=True)
class Settings:
    table_name: str
    region: str | None
    dynamodb_endpoint_url: str | None
    imds_endpoint: str
    imds_timeout_seconds: float
    imds_disabled: bool
    # A file holding the EC2 instance id, written by the ECS host and mounted read-only into the task
    # (containers cannot reach the metadata service there); None: ask the metadata service.
    instance_id_file: str | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        return cls(
            table_name=_non_empty(env, "TC_DYNAMO_TABLE") or DEFAULT_TABLE,
            region=_non_empty(env, "AWS_REGION") or _non_empty(env, "AWS_DEFAULT_REGION"),
            dynamodb_endpoint_url=_http_url(env, "DYNAMODB_ENDPOINT_URL"),
            # The same variables the AWS SDKs honour for the instance metadata service.
            imds_endpoint=_http_url(env, "AWS_EC2_METADATA_SERVICE_ENDPOINT") or DEFAULT_IMDS_ENDPOINT,
            imds_timeout_seconds=_positive_float(env, "AWS_METADATA_SERVICE_TIMEOUT", DEFAULT_IMDS_TIMEOUT_SECONDS),
            imds_disabled=(_non_empty(env, "AWS_EC2_METADATA_DISABLED") or "").lower() == "true",
            instance_id_file=_non_empty(env, "INSTANCE_ID_FILE"),
        )


def _non_empty(env: Mapping[str, str], name: str) -> str | None:
    value = env.get(name, "").strip()
    return value or None


def _http_url(env: Mapping[str, str], name: str) -> str | None:
    raw = _non_empty(env, name)
    if raw is None:
        return None
    if not raw.startswith(("http://", "https://")):
        raise SettingsError(f"{name}={raw!r} is not an http(s) URL; set it to e.g. http://127.0.0.1:4567 or unset it.")
    return raw.rstrip("/")


def _positive_float(env: Mapping[str, str], name: str, default: float) -> float:
    raw = _non_empty(env, name)
    if raw is None:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not value > 0:
        raise SettingsError(f"{name}={raw!r} is not a positive number of seconds; set it to e.g. 1 or unset it.")
    return value
