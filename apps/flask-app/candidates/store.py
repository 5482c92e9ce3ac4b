"""DynamoDB access for the candidates table (hash key CandidateName, type S)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import boto3
from boto3.dynamodb.types import TypeDeserializer
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from .settings import Settings

HASH_KEY = "CandidateName"

# Fail a request within seconds when DynamoDB is unreachable instead of holding a worker.
# Attempts default to 3 in standard mode; AWS_MAX_ATTEMPTS overrides it (botocore reads it).
_CLIENT_CONFIG = Config(connect_timeout=2, read_timeout=5, retries={"mode": "standard"})

# Region used only when DYNAMODB_ENDPOINT_URL points at a local DynamoDB and no region is set.
_LOCAL_REGION = "us-east-1"


class StoreError(RuntimeError):
    """DynamoDB could not be reached or refused the request."""


class CandidateStore:
    """Reads and writes candidates; every DynamoDB failure surfaces as StoreError.

    The boto3 client is created on first use so that the service starts even where no
    region or credentials are configured yet (the failing request is logged instead).
    """

    def __init__(self, client_factory: Callable[[], Any], table_name: str) -> None:
        self._client_factory = client_factory
        self._client: Any = None
        self._client_lock = threading.Lock()
        self._table_name = table_name
        self._deserializer = TypeDeserializer()

    @classmethod
    def from_settings(cls, settings: Settings) -> CandidateStore:
        region = settings.region
        if region is None and settings.dynamodb_endpoint_url is not None:
            region = _LOCAL_REGION

        def create_client() -> Any:
            return boto3.session.Session().client(
                "dynamodb",
                region_name=region,
                endpoint_url=settings.dynamodb_endpoint_url,
                config=_CLIENT_CONFIG,
            )

        return cls(create_client, settings.table_name)

    @property
    def table_name(self) -> str:
        return self._table_name

    def put(self, name: str) -> None:
        self._call("PutItem", TableName=self._table_name, Item={HASH_KEY: {"S": name}})

    def find(self, name: str) -> list[dict[str, Any]]:
        return list(
            self._pages(
                "Query",
                TableName=self._table_name,
                KeyConditionExpression="#name = :name",
                ExpressionAttributeNames={"#name": HASH_KEY},
                ExpressionAttributeValues={":name": {"S": name}},
            )
        )

    def page(self, limit: int, start_after: str | None = None) -> tuple[list[dict[str, Any]], str | None]:
        """One Scan call: at most `limit` items (fewer when DynamoDB's 1 MB page fills first), and the
        hash key to continue after, or None at the end of the table."""
        params: dict[str, Any] = {"TableName": self._table_name, "Limit": limit}
        if start_after is not None:
            params["ExclusiveStartKey"] = {HASH_KEY: {"S": start_after}}
        response = self._call("Scan", **params)
        items = [self._item(item) for item in response.get("Items", [])]
        last_key = response.get("LastEvaluatedKey")
        return items, (last_key[HASH_KEY]["S"] if last_key else None)

    def _pages(self, operation: str, **params: Any) -> Iterator[dict[str, Any]]:
        while True:
            page = self._call(operation, **params)
            for item in page.get("Items", []):
                yield self._item(item)
            last_key = page.get("LastEvaluatedKey")
            if not last_key:
                return
            params["ExclusiveStartKey"] = last_key

    def _item(self, item: dict[str, Any]) -> dict[str, Any]:
        return {key: self._deserializer.deserialize(value) for key, value in item.items()}

    def _call(self, operation: str, **params: Any) -> dict[str, Any]:
        try:
            method = getattr(self._get_client(), _METHODS[operation])
            return method(**params)
        except (BotoCoreError, ClientError) as error:
            raise StoreError(f"DynamoDB {operation} on table {self._table_name!r} failed: {error}") from error

    def _get_client(self) -> Any:
        with self._client_lock:
            if self._client is None:
                self._client = self._client_factory()
            return self._client


_METHODS = {"PutItem": "put_item", "Query": "query", "Scan": "scan"}
