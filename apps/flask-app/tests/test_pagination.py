"""/candidates must read every page of the scan; DynamoDB returns at most 1 MB per page."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.dynalite

ITEM_COUNT = 150
PADDING = "x" * 10_000  # ~10 KB per item: 150 items are ~1.5 MB, more than one scan page


def seed(dynamo, table: str) -> list[str]:
    names = [f"candidate-{index:03d}" for index in range(ITEM_COUNT)]
    for start in range(0, len(names), 25):
        requests = [
            {"PutRequest": {"Item": {"CandidateName": {"S": name}, "Notes": {"S": PADDING}}}}
            for name in names[start : start + 25]
        ]
        response = dynamo.batch_write_item(RequestItems={table: requests})
        assert response["UnprocessedItems"] == {}
    return names


def test_candidates_returns_items_beyond_the_first_scan_page(client, dynamo, table):
    names = seed(dynamo, table)
    first_page = dynamo.scan(TableName=table)
    assert "LastEvaluatedKey" in first_page, "precondition: the data must not fit in one scan page"
    assert len(first_page["Items"]) < ITEM_COUNT

    response = client.get("/candidates")

    assert response.status_code == 200
    items = response.get_json()
    assert sorted(item["CandidateName"] for item in items) == names
    assert all(item["Notes"] == PADDING for item in items)
