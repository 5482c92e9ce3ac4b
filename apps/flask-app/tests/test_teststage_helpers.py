"""teststage/: the Test stage's table, image and registry helpers, against dynalite and a local ECR endpoint."""

from __future__ import annotations

import json
import re
import uuid
from datetime import UTC, datetime, timedelta

import boto3
import pytest

from tests.fake_ecr import fake_ecr
from teststage import ecr, images, tables

REPOSITORY = "123456789012.dkr.ecr.us-east-2.amazonaws.com/challenge-mock-app"
DIGEST = "sha256:" + "0123456789abcdef" * 4


def test_the_table_is_named_from_the_build_id_under_the_prefix():
    build = "challenge-mock-app-test:6f1c2b9e-0d3a-4f5e-9a8b-7c6d5e4f3a2b"
    name = tables.table_name("challenge-mock_test_", build)
    assert name == "challenge-mock_test_6f1c2b9e-0d3a-4f5e-9a8b-7c6d5e4f3a2b"
    with pytest.raises(tables.TableError, match="is not a DynamoDB table name prefix"):
        tables.table_name("bad prefix ", build)
    with pytest.raises(tables.TableError, match="has no run id"):
        tables.table_name("challenge-mock_test_", "project:")


@pytest.mark.dynalite
def test_a_created_table_is_keyed_like_the_stacks_and_tagged_with_build_and_expiry(dynamo):
    name = f"t{uuid.uuid4().hex[:8]}-mock_test_run"
    expires = datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)
    arn = tables.create_table(dynamo, name, "challenge-mock-app-test:run", expires, wait_seconds=5)
    try:
        described = dynamo.describe_table(TableName=name)["Table"]
        assert described["KeySchema"] == [{"AttributeName": "CandidateName", "KeyType": "HASH"}]
        assert described["TableStatus"] == "ACTIVE"
        tags = {t["Key"]: t["Value"] for t in dynamo.list_tags_of_resource(ResourceArn=arn)["Tags"]}
        assert tags == {
            "challenge:temporary": "true",
            "challenge:build-id": "challenge-mock-app-test:run",
            "challenge:expires-at": "2030-01-02T03:04:05Z",
        }
    finally:
        assert tables.delete_table(dynamo, name) is True
    # Deletion takes a while, and dynalite accepts a DeleteTable of a table it is still deleting (on a
    # loaded machine the second call came too early); once the table is gone, deleting it says it was not.
    dynamo.get_waiter("table_not_exists").wait(TableName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 30})
    assert tables.delete_table(dynamo, name) is False


@pytest.mark.dynalite
def test_the_sweep_never_deletes_the_table_it_is_told_to_keep(dynamo):
    prefix = f"t{uuid.uuid4().hex[:8]}-mock_test_"
    past = datetime.now(UTC) - timedelta(hours=1)
    tables.create_table(dynamo, f"{prefix}mine", "p:mine", past, wait_seconds=5)
    tables.create_table(dynamo, f"{prefix}old", "p:old", past, wait_seconds=5)
    swept = tables.sweep_expired(dynamo, prefix, datetime.now(UTC), keep=f"{prefix}mine")
    assert [(s.name, s.deleted) for s in swept] == [(f"{prefix}old", True)]
    assert tables.delete_table(dynamo, f"{prefix}mine") is True


def write(folder, name: str, content) -> None:
    (folder / name).write_text(json.dumps(content))


def test_the_image_comes_from_imagedefinitions_by_container_name(tmp_path):
    entries = [{"name": "sidecar", "imageUri": "x"}, {"name": "app", "imageUri": f"{REPOSITORY}@{DIGEST}"}]
    write(tmp_path, "imagedefinitions.json", entries)
    assert images.image_from_artifact(tmp_path, "app", REPOSITORY) == f"{REPOSITORY}@{DIGEST}"
    with pytest.raises(images.ImageError, match=re.escape("no single entry for container 'web'. Fix:")):
        images.image_from_artifact(tmp_path, "web", REPOSITORY)


def test_the_image_comes_from_imagedetail_when_the_build_wrote_only_that(tmp_path):
    write(tmp_path, "imageDetail.json", {"ImageURI": f"{REPOSITORY}@{DIGEST}"})
    assert images.image_from_artifact(tmp_path, "app", REPOSITORY) == f"{REPOSITORY}@{DIGEST}"


def test_an_artifact_without_an_image_file_names_the_fix(tmp_path):
    no_image = re.escape("holds neither imagedefinitions.json nor imageDetail.json. Fix:")
    with pytest.raises(images.ImageError, match=no_image):
        images.image_from_artifact(tmp_path, "app", REPOSITORY)
    (tmp_path / "imagedefinitions.json").write_text("{not json")
    with pytest.raises(images.ImageError, match="is not JSON"):
        images.image_from_artifact(tmp_path, "app", REPOSITORY)


def test_the_registry_password_is_ecrs_token_without_the_user():
    with fake_ecr() as server:
        client = boto3.session.Session(region_name="us-east-2").client("ecr", endpoint_url=server.endpoint)
        assert ecr.login_password(client) == server.password
        assert server.operations == ["GetAuthorizationToken"]
