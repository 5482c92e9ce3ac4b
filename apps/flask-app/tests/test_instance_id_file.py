"""The instance id from the host's file (INSTANCE_ID_FILE): what the app uses on the stack's ECS hosts,
where containers are blocked from the metadata service."""

from __future__ import annotations

from candidates import create_app
from candidates.instance_id import UNKNOWN, InstanceIdProvider
from candidates.settings import Settings
from tests.fake_imds import fake_imds


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_settings_take_the_file_from_the_environment():
    assert Settings.from_env({"INSTANCE_ID_FILE": "/run/host-metadata/instance-id"}).instance_id_file == (
        "/run/host-metadata/instance-id"
    )
    assert Settings.from_env({"INSTANCE_ID_FILE": " "}).instance_id_file is None
    assert Settings.from_env({}).instance_id_file is None


def test_the_file_answers_and_the_metadata_service_is_never_asked(tmp_path):
    id_file = tmp_path / "instance-id"
    id_file.write_text("i-0abc1234def567890\n")
    with fake_imds("i-0ffffffffffffffff") as imds:
        settings = Settings.from_env(
            {
                "INSTANCE_ID_FILE": str(id_file),
                "AWS_EC2_METADATA_DISABLED": "true",
                "AWS_EC2_METADATA_SERVICE_ENDPOINT": imds.endpoint,
            }
        )
        client = create_app(settings).test_client()
        assert client.get("/gtg?details").get_json() == {"connected": "true", "instance-id": "i-0abc1234def567890"}
        assert imds.requests == []


def test_a_known_id_is_read_once(tmp_path):
    id_file = tmp_path / "instance-id"
    id_file.write_text("i-0abc1234def567890")
    provider = InstanceIdProvider("http://127.0.0.1:9", 0.2, disabled=True, id_file=str(id_file))
    assert provider.get() == "i-0abc1234def567890"
    id_file.unlink()
    assert provider.get() == "i-0abc1234def567890"


def test_a_missing_file_means_unknown_until_it_appears(tmp_path, caplog):
    id_file = tmp_path / "instance-id"
    clock = FakeClock()
    provider = InstanceIdProvider("http://127.0.0.1:9", 0.2, disabled=True, clock=clock, id_file=str(id_file))
    assert provider.get() == UNKNOWN
    assert any("instance id file" in record.getMessage() for record in caplog.records)
    id_file.write_text("i-0abc1234def567890\n")
    clock.now += 61
    assert provider.get() == "i-0abc1234def567890"


def test_a_file_without_an_instance_id_is_not_trusted(tmp_path):
    id_file = tmp_path / "instance-id"
    id_file.write_text("<html>not an id</html>")
    provider = InstanceIdProvider("http://127.0.0.1:9", 0.2, disabled=True, id_file=str(id_file))
    assert provider.get() == UNKNOWN


def test_without_the_file_the_metadata_service_still_answers_where_it_is_reachable(tmp_path):
    with fake_imds("i-0123456789abcdef0") as imds:
        provider = InstanceIdProvider(imds.endpoint, 1, id_file=str(tmp_path / "absent"))
        assert provider.get() == "i-0123456789abcdef0"
