"""Create the candidates table in a local DynamoDB, shaped like the Terraform one."""

from __future__ import annotations

import functools

import boto3

HASH_KEY = "CandidateName"


@functools.cache
def local_client(endpoint: str):
    """A DynamoDB client for a local endpoint; the dummy credentials never leave this machine."""
    return boto3.session.Session(
        aws_access_key_id="local",
        aws_secret_access_key="local",  # noqa: S106 (not a secret: dynalite accepts any key)
        region_name="us-east-1",
    ).client("dynamodb", endpoint_url=endpoint)


def create_table(endpoint: str, table_name: str) -> None:
    client = local_client(endpoint)
    existing = client.list_tables()["TableNames"]
    if table_name in existing:
        return
    client.create_table(
        TableName=table_name,
        AttributeDefinitions=[{"AttributeName": HASH_KEY, "AttributeType": "S"}],
        KeySchema=[{"AttributeName": HASH_KEY, "KeyType": "HASH"}],
        BillingMode="PAY_PER_REQUEST",
    )
    client.get_waiter("table_exists").wait(TableName=table_name, WaiterConfig={"Delay": 0.1, "MaxAttempts": 100})
