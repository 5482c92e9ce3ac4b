"""JSON encoding of DynamoDB values (numbers come back as Decimal, sets as set)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from boto3.dynamodb.types import Binary
from flask.json.provider import DefaultJSONProvider


class DynamoJSONProvider(DefaultJSONProvider):
    @staticmethod
    def default(o: Any) -> Any:
        if isinstance(o, Decimal):
            return int(o) if o == o.to_integral_value() else float(o)
        if isinstance(o, (set, frozenset)):
            return sorted(o, key=str)
        if isinstance(o, Binary):
            return o.value.decode("utf-8", errors="replace")
        return DefaultJSONProvider.default(o)
