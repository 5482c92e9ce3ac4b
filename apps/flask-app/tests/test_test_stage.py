"""The pipeline's Test stage, run here: buildspec-test.yml's lines and scripts/test-stage.sh against dynalite,
the real app started by its gunicorn ENTRYPOINT (tests/docker_shim.py stands in for `docker`: no Docker
engine here), and a local ECR token endpoint. The temporary table is deleted whatever happens."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from tests.dockerfile import APP_DIR
from tests.fake_ecr import FakeEcr, fake_ecr
from tests.teststage_harness import REPOSITORY, Stage, buildspec_test, image, patched_app
from teststage import tables

pytestmark = pytest.mark.dynalite

CONTRACT_NAMES = [
    "GET /gtg",
    "GET /gtg?details",
    "POST /candidate/{candidate}",
    "GET /candidate/{candidate}",
    "GET /candidates",
    "GET / (invalid request)",
]


@pytest.fixture(scope="module")
def ecr() -> Iterator[FakeEcr]:
    with fake_ecr() as server:
        yield server


@pytest.fixture
def stage(tmp_path, dynamo_endpoint, ecr) -> Iterator[Stage]:
    stage = Stage(tmp=tmp_path, dynamo_endpoint=dynamo_endpoint, ecr=ecr)
    yield stage
    stage.stop_leftover_containers()


def names_under(dynamo, prefix: str) -> list[str]:
    return sorted(name for name in dynamo.list_tables()["TableNames"] if name.startswith(prefix))


def leftover(dynamo, name: str, tags: dict[str, str]) -> None:
    arn = dynamo.create_table(
        TableName=name,
        AttributeDefinitions=[{"AttributeName": "CandidateName", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "CandidateName", "KeyType": "HASH"}],
        BillingMode="PAY_PER_REQUEST",
    )["TableDescription"]["TableArn"]
    dynamo.get_waiter("table_exists").wait(TableName=name, WaiterConfig={"Delay": 0.1, "MaxAttempts": 50})
    if tags:
        dynamo.tag_resource(ResourceArn=arn, Tags=[{"Key": k, "Value": v} for k, v in tags.items()])


def expiring(delta: timedelta) -> dict[str, str]:
    return {
        tables.TEMPORARY_TAG: "true",
        tables.BUILD_ID_TAG: "challenge-mock-app-test:earlier",
        tables.EXPIRES_TAG: tables.format_timestamp(datetime.now(UTC) + delta),
    }


def test_a_good_image_passes_every_contract_check_and_its_table_is_deleted(stage, dynamo):
    run = stage.run_build_phase(image("a"))
    assert run.returncode == 0, run.stdout + run.stderr
    lines = run.contract_lines()
    assert [line["ok"] for line in lines] == [True] * len(CONTRACT_NAMES)
    assert len(lines) == len(CONTRACT_NAMES)
    assert f"Test stage: image {image('a')}, temporary table {stage.table}" in run.stdout
    assert f"Test stage passed; temporary table {stage.table} deleted." in run.stdout
    # The image Build pushed, by digest, after logging in to its registry with ECR's password.
    assert run.calls[:2] == [f"docker login {REPOSITORY.split('/')[0]}", f"docker pull {image('a')}"]
    [started] = [call for call in run.calls if call.startswith("docker run ")]
    assert started.endswith(f" {image('a')}")
    assert f"-e TC_DYNAMO_TABLE={stage.table} " in started
    assert "--network host" in started
    assert " -e AWS_CONTAINER_CREDENTIALS_RELATIVE_URI " in started
    assert f"docker rm {stage.container}" in run.calls
    assert names_under(dynamo, stage.prefix) == []
    assert run.leaked_containers == []
    assert stage.ecr.operations[-1] == "GetAuthorizationToken"


def test_the_app_ran_with_the_temporary_table_and_the_project_region(stage, dynamo):
    run = stage.run_build_phase(image("a"))
    assert run.returncode == 0, run.stdout + run.stderr
    env = (stage.state / "containers" / f"{stage.container}.env").read_text()
    assert f'"TC_DYNAMO_TABLE": "{stage.table}"' in env
    assert '"AWS_REGION": "us-east-2"' in env
    assert '"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/credentials/build-role"' in env
    # The table held what the contract checks stored while it existed (the app wrote to it, not elsewhere).
    log = (stage.state / "containers" / f"{stage.container}.log").read_text()
    assert f"serving table '{stage.table}'" in log


def test_expired_leftover_tables_are_deleted_and_fresh_ones_are_not(stage, dynamo):
    expired = f"{stage.prefix}crashed-build"
    fresh = f"{stage.prefix}running-build"
    untagged = f"{stage.prefix}no-tags"
    elsewhere = f"{stage.prefix.replace('_test_', '-candidates')}"
    leftover(dynamo, expired, expiring(timedelta(minutes=-5)))
    leftover(dynamo, fresh, expiring(timedelta(minutes=30)))
    leftover(dynamo, untagged, {})
    leftover(dynamo, elsewhere, expiring(timedelta(minutes=-5)))
    try:
        run = stage.run_build_phase(image("a"))
        assert run.returncode == 0, run.stdout + run.stderr
        assert f"leftover temporary table {expired}: deleted (expired " in run.stdout
        assert f"leftover temporary table {fresh}: kept (expires " in run.stdout
        assert f"leftover temporary table {untagged}: kept (no challenge:temporary=true tag" in run.stdout
        assert names_under(dynamo, stage.prefix) == sorted([fresh, untagged])
        # Outside the prefix nothing is touched, whatever its tags say.
        assert elsewhere in dynamo.list_tables()["TableNames"]
        # The sweep ran before the stage created its own table.
        assert run.stdout.index("leftover temporary table") < run.stdout.index("created temporary table")
    finally:
        for name in (fresh, untagged, elsewhere):
            tables.delete_table(dynamo, name)


def test_a_failing_check_fails_the_stage_names_it_and_still_deletes_the_table(stage, dynamo, tmp_path):
    stage.images[image("b")] = str(
        patched_app(
            tmp_path,
            "disconnected",
            {"candidates/routes.py": ('jsonify({"connected": "true"', 'jsonify({"connected": "false"')},
        )
    )
    run = stage.run_build_phase(image("b"))
    assert run.returncode == 1
    failed = [line for line in run.contract_lines() if not line["ok"]]
    assert [(line["name"], line["detail"]) for line in failed] == [
        ("GET /gtg?details", '"connected" is "false", expected "true"')
    ]
    assert "contract: 1 of 6 checks failed against http://127.0.0.1:" in run.stdout
    assert "--- last 100 lines of the app's log" in run.stdout
    assert names_under(dynamo, stage.prefix) == []
    assert f"docker rm {stage.container}" in run.calls
    assert run.leaked_containers == []


def test_an_app_that_never_gets_healthy_times_out_and_still_deletes_the_table(stage, dynamo, tmp_path):
    stage.images[image("c")] = str(
        patched_app(
            tmp_path,
            "unhealthy",
            {"candidates/routes.py": ("    return Response(status=200)\n", "    return Response(status=503)\n")},
        )
    )
    run = stage.run_build_phase(image("c"), GTG_TIMEOUT_SECONDS="3")
    assert run.returncode == 1
    assert "/gtg did not answer 200 within 3 s (last answer HTTP 503)." in run.stderr
    assert run.contract_lines() == []
    assert names_under(dynamo, stage.prefix) == []
    assert run.leaked_containers == []


def test_checks_that_hang_are_stopped_by_the_stage_timeout_and_the_table_is_deleted(stage, dynamo, tmp_path):
    stage.images[image("d")] = str(
        patched_app(
            tmp_path,
            "hanging",
            {
                "candidates/routes.py": (
                    '    tokens = request.args.getlist("next")\n',
                    '    __import__("time").sleep(60)\n    tokens = request.args.getlist("next")\n',
                )
            },
        )
    )
    run = stage.run_build_phase(image("d"), CHECKS_TIMEOUT_SECONDS="3")
    assert run.returncode == 124
    assert "the contract checks did not finish within 3 s." in run.stderr
    assert names_under(dynamo, stage.prefix) == []
    assert run.leaked_containers == []


def test_an_app_that_crashes_at_start_fails_at_once_with_its_log(stage, dynamo, tmp_path):
    stage.images[image("e")] = str(
        patched_app(
            tmp_path,
            "crashing",
            {"gunicorn.conf.py": ("import os\n", 'import os\n\nraise SystemExit("config broken on purpose")\n')},
        )
    )
    started = time.monotonic()
    run = stage.run_build_phase(image("e"))
    assert run.returncode == 1
    assert time.monotonic() - started < 100, "a stopped container must not wait for the whole /gtg timeout"
    assert "stopped before http://127.0.0.1:" in run.stderr
    assert "config broken on purpose" in run.stdout
    assert names_under(dynamo, stage.prefix) == []


def test_sigterm_during_the_stage_deletes_the_table_and_stops_the_app(stage, dynamo, tmp_path):
    stage.images[image("f")] = str(
        patched_app(
            tmp_path,
            "slow-to-start",
            {"candidates/routes.py": ("    return Response(status=200)\n", "    return Response(status=503)\n")},
        )
    )
    process = stage.start_script(image("f"), GTG_TIMEOUT_SECONDS="150")
    try:
        deadline = time.monotonic() + 120
        while not (names_under(dynamo, stage.prefix) and stage.alive_containers()):
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "the stage never created its table and started the app"
            time.sleep(0.2)
        # CodeBuild stopping a build signals the whole build's processes.
        os.killpg(process.pid, signal.SIGTERM)
        stdout, stderr = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 143, stdout + stderr
    assert "Test stage stopped (SIGTERM)." in stderr
    assert f"deleted temporary table {stage.table}" in stdout
    assert names_under(dynamo, stage.prefix) == []
    assert stage.alive_containers() == []


def test_only_this_repositorys_image_by_digest_is_tested(stage, dynamo):
    for uri in [f"{REPOSITORY}:0123456789ab", f"public.ecr.aws/other/app@{image('a').split('@')[1]}"]:
        run = stage.run_build_phase(uri)
        assert run.returncode == 1
        assert f"the build artifact names {uri!r}, not {REPOSITORY}@sha256:<digest>." in run.stderr
        assert "Fix: the Build stage must write the pushed image by digest" in run.stderr
        assert not any(call.startswith(("docker pull", "docker run")) for call in run.calls)
        assert names_under(dynamo, stage.prefix) == []


@pytest.mark.parametrize("missing", ["REPOSITORY_URI", "TEMP_TABLE_PREFIX", "CODEBUILD_SRC_DIR_build"])
def test_a_missing_setting_stops_the_stage_before_it_creates_anything(stage, dynamo, missing):
    run = stage.run_build_phase(image("a"), **{missing: ""})
    assert run.returncode == 1
    variable = "BUILD_ARTIFACT_DIR" if missing == "CODEBUILD_SRC_DIR_build" else missing
    assert f"Error: {variable} is not set. Fix:" in run.stderr
    assert not any(call.startswith(("docker login", "docker pull", "docker run")) for call in run.calls)
    assert names_under(dynamo, stage.prefix) == []


def test_cleanup_mode_removes_this_builds_container_and_table(stage, dynamo):
    tables.create_table(dynamo, stage.table, stage.build_id, datetime.now(UTC) + timedelta(minutes=45), wait_seconds=5)
    result = subprocess.run(
        ["bash", "scripts/test-stage.sh", "cleanup"],
        cwd=APP_DIR,
        env=stage.env(image("a")),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert f"deleted temporary table {stage.table}" in result.stdout
    assert names_under(dynamo, stage.prefix) == []


def test_buildspec_runs_the_script_then_its_cleanup_in_every_case():
    spec = buildspec_test()
    assert str(spec["version"]) == "0.2"
    assert spec["env"]["shell"] == "bash"
    assert spec["phases"]["install"]["runtime-versions"]["python"] == "3.11"
    assert spec["phases"]["install"]["commands"] == ["bash scripts/ensure-venv.sh"]
    build = spec["phases"]["build"]
    assert build["on-failure"] == "ABORT"
    assert build["commands"] == ['BUILD_ARTIFACT_DIR="${CODEBUILD_SRC_DIR_build:-}" bash scripts/test-stage.sh']
    assert build["finally"] == ["bash scripts/test-stage.sh cleanup"]
    assert "artifacts" not in spec, "the Test stage hands nothing on"
    assert ":latest" not in (APP_DIR / "buildspec-test.yml").read_text()
