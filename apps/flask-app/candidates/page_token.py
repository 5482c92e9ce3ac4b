"""The `next` token of `GET /candidates`: where the next page of the scan starts, opaque to clients.

It is the URL-safe base64 (unpadded) of the JSON {"CandidateName": "<hash key of the last item read>"},
i.e. DynamoDB's LastEvaluatedKey of the page. A decoded token only ever becomes an ExclusiveStartKey
of that shape, so a crafted one can do no more than start the scan somewhere else.
"""

from __future__ import annotations

import base64
import binascii
import json

from .store import HASH_KEY

# DynamoDB's limit for a partition key value.
MAX_KEY_BYTES = 2048


class InvalidToken(ValueError):
    """The token was not made by encode_token; the message says what to do instead."""


def encode_token(start_name: str) -> str:
    raw = json.dumps({HASH_KEY: start_name}, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_token(token: str) -> str:
    if not token:
        raise InvalidToken("next must not be empty; leave it out to get the first page")
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        if base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=") != token:
            raise ValueError("not canonical base64url")
        value = json.loads(raw.decode("utf-8"))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise InvalidToken(_NOT_OURS) from None
    if not isinstance(value, dict) or list(value) != [HASH_KEY]:
        raise InvalidToken(_NOT_OURS)
    name = value[HASH_KEY]
    if not isinstance(name, str) or not name or len(name.encode("utf-8")) > MAX_KEY_BYTES:
        raise InvalidToken(_NOT_OURS)
    return name


_NOT_OURS = (
    "next is not a token from a previous /candidates answer; "
    'follow the URL in that answer\'s Link header (rel="next"), or leave next out to start over'
)
