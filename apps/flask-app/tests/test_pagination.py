"""GET /candidates answers one bounded page (a JSON list) per request; a Link header leads to the next."""

from __future__ import annotations

import base64
import json
import re

import pytest

from candidates.page_token import decode_token, encode_token
from candidates.routes import CANDIDATES_PAGE_LIMIT

pytestmark = pytest.mark.dynalite

NEXT_LINK = re.compile(r'^</candidates\?next=([A-Za-z0-9_-]+)>; rel="next"$')


def seed(dynamo, table: str, count: int, padding: str = "") -> list[str]:
    names = [f"candidate-{index:04d}" for index in range(count)]
    for start in range(0, len(names), 25):
        item = {"Notes": {"S": padding}} if padding else {}
        requests = [
            {"PutRequest": {"Item": {"CandidateName": {"S": name}, **item}}} for name in names[start : start + 25]
        ]
        response = dynamo.batch_write_item(RequestItems={table: requests})
        assert response["UnprocessedItems"] == {}
    return names


def follow(client, path: str = "/candidates") -> list[list[dict]]:
    """Every page, following Link rel="next" to the end."""
    pages = []
    while path is not None:
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code, response.get_data(as_text=True))
        assert response.mimetype == "application/json"
        pages.append(response.get_json())
        assert len(pages) < 100, "the next links never end"
        link = response.headers.get("Link")
        if link is None:
            path = None
        else:
            match = NEXT_LINK.match(link)
            assert match, link
            path = f"/candidates?next={match.group(1)}"
    return pages


def token(value) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


def test_a_small_table_is_one_json_list_without_a_next_link(client, dynamo, table):
    names = seed(dynamo, table, 3)
    response = client.get("/candidates")
    assert response.status_code == 200
    assert sorted(item["CandidateName"] for item in response.get_json()) == names
    assert "Link" not in response.headers


def test_a_table_larger_than_the_cap_is_read_page_by_page_to_the_end(client, dynamo, table):
    names = seed(dynamo, table, 2 * CANDIDATES_PAGE_LIMIT + 37)
    first = client.get("/candidates")
    assert len(first.get_json()) == CANDIDATES_PAGE_LIMIT
    assert NEXT_LINK.match(first.headers["Link"])

    pages = follow(client)
    assert len(pages) >= 3
    assert all(len(page) <= CANDIDATES_PAGE_LIMIT for page in pages)
    listed = [item["CandidateName"] for page in pages for item in page]
    assert len(listed) == len(set(listed)), "no item is listed twice"
    assert sorted(listed) == names


def test_pages_also_end_where_dynamodb_fills_its_1_mb_page(client, dynamo, table):
    names = seed(dynamo, table, 150, padding="x" * 15_000)  # ~2.2 MB: 100 items do not fit in 1 MB
    pages = follow(client)
    assert len(pages[0]) < CANDIDATES_PAGE_LIMIT
    listed = sorted(item["CandidateName"] for page in pages for item in page)
    assert listed == names
    assert all(item["Notes"] == "x" * 15_000 for page in pages for item in page)


def test_a_table_of_exactly_the_cap_may_end_with_an_empty_page(client, dynamo, table):
    names = seed(dynamo, table, CANDIDATES_PAGE_LIMIT)
    pages = follow(client)
    assert sorted(item["CandidateName"] for page in pages for item in page) == names
    assert all(page for page in pages[:-1]), "only the last page may be empty"


def test_an_empty_table_is_still_404_not_found(client):
    response = client.get("/candidates")
    assert response.status_code == 404
    assert response.get_data(as_text=True) == "Not Found"


@pytest.mark.parametrize("name", ["Jürgen", "王小明", "🦊", "O'Brien & Co", "a+b/c=d", "100%25", "x" * 2048])
def test_any_stored_name_makes_a_token_the_scan_continues_after(client, dynamo, table, name):
    assert decode_token(encode_token(name)) == name
    names = [*seed(dynamo, table, 5), name]
    dynamo.put_item(TableName=table, Item={"CandidateName": {"S": name}})
    response = client.get(f"/candidates?next={encode_token(name)}")
    assert response.status_code == 200
    listed = {item["CandidateName"] for item in response.get_json()}
    assert listed <= set(names)
    assert name not in listed, "the scan starts after the token's item"


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("next=", "next must not be empty"),
        ("next=not-a-token!", "not a token from a previous /candidates answer"),
        ("next=%20", "not a token"),
        (f"next={base64.urlsafe_b64encode(b'not json').decode()}", "not a token"),
        (f"next={token(['CandidateName', 'x'])}", "not a token"),
        (f"next={token({'CandidateName': 'x', 'Extra': 1})}", "not a token"),
        (f"next={token({'Other': 'x'})}", "not a token"),
        (f"next={token({'CandidateName': 7})}", "not a token"),
        (f"next={token({'CandidateName': ''})}", "not a token"),
        (f"next={token({'CandidateName': 'x' * 2049})}", "not a token"),
        (f"next={token({'CandidateName': 'a'})}=", "not a token"),
        (f"next={token({'CandidateName': 'a'})}&next={token({'CandidateName': 'b'})}", "give next once"),
    ],
)
def test_an_invalid_next_token_is_a_400_with_a_clear_json_reason(client, dynamo, table, query, reason):
    seed(dynamo, table, 3)
    response = client.get(f"/candidates?{query}")
    assert response.status_code == 400
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert body["status"] == "invalid request"
    assert reason in body["reason"]
    if reason == "not a token":
        assert 'Link header (rel="next")' in body["reason"]


def test_a_well_formed_token_of_any_name_only_moves_the_start(client, dynamo, table):
    names = seed(dynamo, table, 5)
    response = client.get(f"/candidates?next={token({'CandidateName': 'no-such-candidate'})}")
    assert response.status_code == 200
    assert set(item["CandidateName"] for item in response.get_json()) <= set(names)
