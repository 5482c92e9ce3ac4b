"""The HTTP contract, served by the Flask app against a real local DynamoDB (dynalite)."""

from __future__ import annotations

import pytest

from candidates import create_app
from candidates.names import MAX_NAME_LENGTH
from candidates.settings import Settings
from tests.ports import closed_port_url

pytestmark = pytest.mark.dynalite


def stored_names(dynamo, table: str) -> list[str]:
    items = dynamo.scan(TableName=table)["Items"]
    return sorted(item["CandidateName"]["S"] for item in items)


def test_root_is_an_invalid_request(client):
    response = client.get("/")
    assert response.status_code == 400
    assert response.mimetype == "application/json"
    assert response.get_json() == {"status": "invalid request"}


def test_gtg_answers_200_with_an_empty_body(client):
    response = client.get("/gtg")
    assert response.status_code == 200
    assert response.data == b""


def test_gtg_details_reports_unknown_instance_off_ec2(client):
    response = client.get("/gtg?details")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.get_json() == {"connected": "true", "instance-id": "unknown"}


def test_post_candidate_stores_it_and_echoes_the_name(client, dynamo, table):
    response = client.post("/candidate/alice")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.get_json() == {"CandidateName": "alice"}
    assert stored_names(dynamo, table) == ["alice"]


def test_posting_the_same_name_twice_keeps_one_item(client, dynamo, table):
    assert client.post("/candidate/alice").status_code == 200
    assert client.post("/candidate/alice").status_code == 200
    assert stored_names(dynamo, table) == ["alice"]


def test_get_candidate_returns_the_stored_items(client):
    client.post("/candidate/alice")
    client.post("/candidate/bob")
    response = client.get("/candidate/alice")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.get_json() == [{"CandidateName": "alice"}]


def test_get_unknown_candidate_is_404_not_found(client):
    client.post("/candidate/alice")
    response = client.get("/candidate/bob")
    assert response.status_code == 404
    assert response.get_data(as_text=True) == "Not Found"


def test_candidates_lists_every_item(client):
    for name in ["carol", "alice", "bob"]:
        client.post(f"/candidate/{name}")
    response = client.get("/candidates")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert sorted(item["CandidateName"] for item in response.get_json()) == ["alice", "bob", "carol"]


def test_candidates_on_an_empty_table_is_404_not_found(client):
    response = client.get("/candidates")
    assert response.status_code == 404
    assert response.get_data(as_text=True) == "Not Found"


def test_items_with_extra_attributes_are_returned_as_json_values(client, dynamo, table):
    dynamo.put_item(
        TableName=table,
        Item={
            "CandidateName": {"S": "dora"},
            "Score": {"N": "42"},
            "Ratio": {"N": "0.5"},
            "Tags": {"SS": ["b", "a"]},
        },
    )
    response = client.get("/candidate/dora")
    assert response.status_code == 200
    assert response.get_json() == [{"CandidateName": "dora", "Score": 42, "Ratio": 0.5, "Tags": ["a", "b"]}]


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/candidate/J%C3%BCrgen%20M%C3%BCller", "Jürgen Müller"),
        ("/candidate/Jürgen", "Jürgen"),
        ("/candidate/%E7%8E%8B%E5%B0%8F%E6%98%8E", "王小明"),
        ("/candidate/%F0%9F%A6%8A", "🦊"),
        ("/candidate/O%27Brien%20%26%20Co", "O'Brien & Co"),
        ("/candidate/a+b", "a+b"),
    ],
)
def test_unicode_and_percent_encoded_names_round_trip(client, dynamo, table, path, name):
    posted = client.post(path)
    assert posted.status_code == 200
    assert posted.get_json() == {"CandidateName": name}
    assert stored_names(dynamo, table) == [name]
    fetched = client.get(path)
    assert fetched.status_code == 200
    assert fetched.get_json() == [{"CandidateName": name}]
    assert client.get("/candidates").get_json() == [{"CandidateName": name}]


def test_names_are_percent_decoded_exactly_once(client, dynamo, table):
    response = client.post("/candidate/100%2525")
    assert response.get_json() == {"CandidateName": "100%25"}
    assert stored_names(dynamo, table) == ["100%25"]
    assert client.get("/candidate/100%25").status_code == 404
    assert client.get("/candidate/100%2525").status_code == 200


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/nope"),
        ("GET", "/candidate"),
        ("GET", "/candidate/"),
        ("POST", "/candidate/"),
        ("GET", "/candidate/a/b"),
        ("GET", "/candidate/a%2Fb"),
        ("GET", "/candidates/alice"),
    ],
)
def test_unknown_paths_are_404(client, dynamo, table, method, path):
    response = client.open(path, method=method)
    assert response.status_code == 404
    assert stored_names(dynamo, table) == []


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/"),
        ("POST", "/gtg"),
        ("DELETE", "/candidate/alice"),
        ("PUT", "/candidate/alice"),
        ("POST", "/candidates"),
    ],
)
def test_unsupported_methods_are_405(client, method, path):
    assert client.open(path, method=method).status_code == 405


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/candidate/%20%20", "empty"),
        ("/candidate/" + "x" * (MAX_NAME_LENGTH + 1), "limit is 256"),
        ("/candidate/bad%00name", "control characters"),
        ("/candidate/line%0Abreak", "control characters"),
        ("/candidate/%FF%FE", "not valid UTF-8"),
        ("/candidate/evil%E2%80%AEtxt.exe", "format characters (found U+202E)"),
        ("/candidate/ad%E2%80%8Bmin", "format characters (found U+200B)"),
        ("/candidate/%EF%BB%BFalice", "format characters (found U+FEFF)"),
    ],
)
def test_invalid_names_are_rejected_with_400_and_nothing_is_stored(client, dynamo, table, path, reason):
    for method in ("POST", "GET"):
        response = client.open(path, method=method)
        assert response.status_code == 400
        body = response.get_json()
        assert body["status"] == "invalid request"
        assert reason in body["reason"]
    assert stored_names(dynamo, table) == []


def test_longest_allowed_name_is_stored(client, dynamo, table):
    name = "é" * MAX_NAME_LENGTH
    assert client.post(f"/candidate/{name}").status_code == 200
    assert stored_names(dynamo, table) == [name]


def test_table_name_and_endpoint_come_from_the_environment(dynamo_endpoint, dynamo, table):
    settings = Settings.from_env(
        {
            "TC_DYNAMO_TABLE": table,
            "DYNAMODB_ENDPOINT_URL": dynamo_endpoint,
            "AWS_REGION": "eu-west-1",
            "AWS_EC2_METADATA_SERVICE_ENDPOINT": closed_port_url(),
        }
    )
    client = create_app(settings).test_client()
    assert client.post("/candidate/from-env").status_code == 200
    assert stored_names(dynamo, table) == ["from-env"]
