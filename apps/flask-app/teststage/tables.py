"""Temporary DynamoDB tables of the Test stage: named from the build id, tagged with an expiry, always deleted.

Every name starts with the stage's prefix (`<env prefix>_test_`, from Terraform): environment prefixes never
contain `_`, so no other table of any environment matches it, and the stage's IAM role is limited to it.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from botocore.exceptions import ClientError

HASH_KEY = "CandidateName"
TEMPORARY_TAG = "challenge:temporary"
BUILD_ID_TAG = "challenge:build-id"
EXPIRES_TAG = "challenge:expires-at"
_TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
_NAME_CHARACTERS = re.compile(r"^[A-Za-z0-9_.-]+$")
MAX_TABLE_NAME = 255


class TableError(RuntimeError):
    """A temporary table could not be named, created or deleted; the message says what to fix."""


def table_name(prefix: str, build_id: str) -> str:
    """`<prefix><build uuid>`: CodeBuild build ids are `<project>:<uuid>`, unique per build."""
    if not prefix or not _NAME_CHARACTERS.match(prefix):
        raise TableError(
            f"TEMP_TABLE_PREFIX {prefix!r} is not a DynamoDB table name prefix ([A-Za-z0-9_.-]+). "
            "Fix: the Test CodeBuild project sets it (terraform/modules/pipeline/codebuild_test.tf)."
        )
    _, _, run = build_id.rpartition(":")
    run = re.sub(r"[^A-Za-z0-9_.-]", "-", run)
    if not run:
        raise TableError(
            f"build id {build_id!r} has no run id after ':'. "
            "Fix: run the stage in CodeBuild, which sets CODEBUILD_BUILD_ID=<project>:<uuid>."
        )
    name = f"{prefix}{run}"
    if len(name) > MAX_TABLE_NAME:
        raise TableError(
            f"temporary table name {name!r} is longer than {MAX_TABLE_NAME} characters. "
            "Fix: shorten TEMP_TABLE_PREFIX (terraform/modules/pipeline/codebuild_test.tf)."
        )
    return name


def format_timestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(_TIMESTAMP_FORMAT)


def parse_timestamp(value: str) -> datetime | None:
    try:
        return datetime.strptime(value, _TIMESTAMP_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        return None


def _error_code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


def _tags(build_id: str, expires_at: datetime) -> list[dict[str, str]]:
    return [
        {"Key": TEMPORARY_TAG, "Value": "true"},
        {"Key": BUILD_ID_TAG, "Value": build_id},
        {"Key": EXPIRES_TAG, "Value": format_timestamp(expires_at)},
    ]


def create_table(client: Any, name: str, build_id: str, expires_at: datetime, wait_seconds: float = 300) -> str:
    """Creates the table shaped like the stack's (hash key CandidateName), tagged, and waits until ACTIVE.

    The tags come with CreateTable (the table is never untagged), and are applied again once it is ACTIVE:
    the same tags, so a no-op on DynamoDB, and what a local DynamoDB (dynalite) needs to list them.
    Returns the table ARN.
    """
    tags = _tags(build_id, expires_at)
    client.create_table(
        TableName=name,
        AttributeDefinitions=[{"AttributeName": HASH_KEY, "AttributeType": "S"}],
        KeySchema=[{"AttributeName": HASH_KEY, "KeyType": "HASH"}],
        BillingMode="PAY_PER_REQUEST",
        Tags=tags,
    )
    delay = 1 if wait_seconds >= 10 else 0.2
    client.get_waiter("table_exists").wait(
        TableName=name, WaiterConfig={"Delay": delay, "MaxAttempts": max(1, int(wait_seconds / delay))}
    )
    arn = client.describe_table(TableName=name)["Table"]["TableArn"]
    client.tag_resource(ResourceArn=arn, Tags=tags)
    return arn


def delete_table(
    client: Any, name: str, wait_seconds: float = 300, sleep: Callable[[float], None] = time.sleep
) -> bool:
    """Deletes the table; False when it does not exist. A table still being created (ResourceInUse) is
    retried until it can be deleted, so an interrupted creation is cleaned up too."""
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            client.delete_table(TableName=name)
            return True
        except ClientError as error:
            code = _error_code(error)
            if code == "ResourceNotFoundException":
                return False
            if code != "ResourceInUseException" or time.monotonic() > deadline:
                raise
        sleep(1)


@dataclass(frozen=True)
class SweptTable:
    name: str
    deleted: bool
    reason: str


def _list_names(client: Any, prefix: str) -> list[str]:
    names: list[str] = []
    for page in client.get_paginator("list_tables").paginate():
        names.extend(name for name in page.get("TableNames", []) if name.startswith(prefix))
    return names


def _all_tags(client: Any, arn: str) -> dict[str, str]:
    tags: dict[str, str] = {}
    request: dict[str, str] = {"ResourceArn": arn}
    while True:
        answer = client.list_tags_of_resource(**request)
        tags.update({tag["Key"]: tag["Value"] for tag in answer.get("Tags", [])})
        if not answer.get("NextToken"):
            return tags
        request["NextToken"] = answer["NextToken"]


def sweep_expired(client: Any, prefix: str, now: datetime, keep: str | None = None) -> list[SweptTable]:
    """Deletes the leftover temporary tables under `prefix` whose expiry tag has passed (a build that crashed
    or timed out before its cleanup). A table without the temporary tag or a readable expiry is left alone:
    only what provably expired is deleted. `keep` (this build's own table) is never touched."""
    swept: list[SweptTable] = []
    for name in _list_names(client, prefix):
        if name == keep:
            continue
        try:
            table = client.describe_table(TableName=name)["Table"]
            if table.get("TableStatus") != "ACTIVE":
                swept.append(SweptTable(name, False, f"status {table.get('TableStatus')}"))
                continue
            tags = _all_tags(client, table["TableArn"])
        except ClientError as error:
            if _error_code(error) == "ResourceNotFoundException":
                continue  # deleted meanwhile (another build's cleanup)
            raise
        expires_at = parse_timestamp(tags.get(EXPIRES_TAG, ""))
        if tags.get(TEMPORARY_TAG) != "true" or expires_at is None:
            swept.append(SweptTable(name, False, f"no {TEMPORARY_TAG}=true tag with a {EXPIRES_TAG} time"))
        elif expires_at > now:
            swept.append(SweptTable(name, False, f"expires {format_timestamp(expires_at)}"))
        else:
            deleted = delete_table(client, name, wait_seconds=30)
            swept.append(SweptTable(name, deleted, f"expired {format_timestamp(expires_at)}"))
    return swept


def expiry(now: datetime, ttl_minutes: int) -> datetime:
    return now + timedelta(minutes=ttl_minutes)
