"""The EC2 instance id, fetched lazily from the instance metadata service (IMDSv2).

The original service read it at import time with IMDSv1 and crashed anywhere but on EC2.
Here it is fetched on first use with a short timeout, cached once known, and reported as
"unknown" when no metadata service answers (local runs, CI, containers without IMDS access).
"""

from __future__ import annotations

import logging
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable

from .settings import Settings

UNKNOWN = "unknown"
TOKEN_TTL_SECONDS = 300
# After a failed lookup, answer "unknown" without asking again for this long.
RETRY_AFTER_SECONDS = 60.0

logger = logging.getLogger(__name__)

# Never send metadata requests through an HTTP proxy taken from the environment.
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class InstanceIdProvider:
    def __init__(
        self,
        endpoint: str,
        timeout_seconds: float,
        disabled: bool = False,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._endpoint = endpoint.rstrip("/")
        self._timeout = timeout_seconds
        self._disabled = disabled
        self._clock = clock
        self._lock = threading.Lock()
        self._instance_id: str | None = None
        self._retry_at = 0.0

    @classmethod
    def from_settings(cls, settings: Settings) -> InstanceIdProvider:
        return cls(settings.imds_endpoint, settings.imds_timeout_seconds, settings.imds_disabled)

    def get(self) -> str:
        if self._disabled:
            return UNKNOWN
        with self._lock:
            if self._instance_id is not None:
                return self._instance_id
            if self._clock() < self._retry_at:
                return UNKNOWN
            try:
                self._instance_id = self._fetch()
                return self._instance_id
            except (OSError, ValueError) as error:
                self._retry_at = self._clock() + RETRY_AFTER_SECONDS
                logger.warning("instance metadata service at %s did not answer: %s", self._endpoint, error)
                return UNKNOWN

    def _fetch(self) -> str:
        token_request = urllib.request.Request(  # noqa: S310 (scheme checked by Settings)
            f"{self._endpoint}/latest/api/token",
            method="PUT",
            headers={"X-aws-ec2-metadata-token-ttl-seconds": str(TOKEN_TTL_SECONDS)},
        )
        token = self._read(token_request)
        id_request = urllib.request.Request(  # noqa: S310 (scheme checked by Settings)
            f"{self._endpoint}/latest/meta-data/instance-id",
            headers={"X-aws-ec2-metadata-token": token},
        )
        instance_id = self._read(id_request)
        if not instance_id:
            raise ValueError("empty instance id")
        return instance_id

    def _read(self, request: urllib.request.Request) -> str:
        # The endpoint is an http(s) URL: Settings rejects any other scheme.
        with _opener.open(request, timeout=self._timeout) as response:
            return response.read(1024).decode("ascii").strip()
