"""The EC2 instance id: from a file the host provides, else lazily from the metadata service (IMDSv2).

The original service read it at import time with IMDSv1 and crashed anywhere but on EC2.
On the stack's ECS hosts containers cannot reach the metadata service (it would hand out the host
role's credentials); the host writes its instance id to a file mounted read-only into the task
(INSTANCE_ID_FILE). Elsewhere it is fetched on first use with a short timeout. Either way it is
cached once known, and reported as "unknown" when neither answers (local runs, CI).
"""

from __future__ import annotations

import logging
import re
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

INSTANCE_ID = re.compile(r"i-[0-9a-f]{8,17}")

# Never send metadata requests through an HTTP proxy taken from the environment.
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class InstanceIdProvider:
    def __init__(
        self,
        endpoint: str,
        timeout_seconds: float,
        disabled: bool = False,
        clock: Callable[[], float] = time.monotonic,
        id_file: str | None = None,
    ) -> None:
        self._endpoint = endpoint.rstrip("/")
        self._timeout = timeout_seconds
        self._disabled = disabled
        self._clock = clock
        self._id_file = id_file
        self._lock = threading.Lock()
        self._instance_id: str | None = None
        self._retry_at = 0.0

    @classmethod
    def from_settings(cls, settings: Settings) -> InstanceIdProvider:
        return cls(
            settings.imds_endpoint,
            settings.imds_timeout_seconds,
            settings.imds_disabled,
            id_file=settings.instance_id_file,
        )

    def get(self) -> str:
        if self._disabled and self._id_file is None:
            return UNKNOWN
        with self._lock:
            if self._instance_id is not None:
                return self._instance_id
            if self._clock() < self._retry_at:
                return UNKNOWN
            instance_id = self._from_file() if self._id_file is not None else None
            if instance_id is None and not self._disabled:
                instance_id = self._from_metadata_service()
            if instance_id is None:
                self._retry_at = self._clock() + RETRY_AFTER_SECONDS
                return UNKNOWN
            self._instance_id = instance_id
            return instance_id

    def _from_file(self) -> str | None:
        try:
            with open(str(self._id_file), encoding="ascii") as file:
                content = file.read(64).strip()
        except (OSError, ValueError) as error:
            logger.warning("instance id file %s is not readable: %s", self._id_file, error)
            return None
        if not INSTANCE_ID.fullmatch(content):
            logger.warning("instance id file %s holds no instance id: %r", self._id_file, content)
            return None
        return content

    def _from_metadata_service(self) -> str | None:
        try:
            return self._fetch()
        except (OSError, ValueError) as error:
            logger.warning("instance metadata service at %s did not answer: %s", self._endpoint, error)
            return None

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
