"""`python -m teststage <command>`: the steps of scripts/test-stage.sh that talk to AWS or parse files.

AWS endpoints and credentials come from the standard SDK settings (the CodeBuild role in the pipeline;
AWS_ENDPOINT_URL_DYNAMODB / AWS_ENDPOINT_URL_ECR point them at local stand-ins in tests).
Errors print `Error: ... Fix: ...` on stderr and exit 1.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

from botocore.exceptions import BotoCoreError, ClientError

from teststage import ecr, gtg, images, tables


def _client(service: str):
    import boto3  # noqa: PLC0415 (only the commands that call AWS need it)
    from botocore.config import Config  # noqa: PLC0415

    region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")
    return boto3.session.Session().client(
        service, region_name=region, config=Config(retries={"mode": "standard", "max_attempts": 5})
    )


def _now() -> datetime:
    return datetime.now(UTC)


def _table_name(args: argparse.Namespace) -> int:
    print(tables.table_name(args.prefix, args.build_id))
    return 0


def _sweep(args: argparse.Namespace) -> int:
    swept = tables.sweep_expired(_client("dynamodb"), args.prefix, _now(), keep=args.keep)
    for table in swept:
        verdict = "deleted" if table.deleted else "kept"
        print(f"leftover temporary table {table.name}: {verdict} ({table.reason})")
    if not swept:
        print(f"no leftover temporary tables under {args.prefix}")
    return 0


def _create(args: argparse.Namespace) -> int:
    expires_at = tables.expiry(_now(), args.ttl_minutes)
    arn = tables.create_table(_client("dynamodb"), args.table, args.build_id, expires_at, args.wait_seconds)
    print(f"created temporary table {arn} (expires {tables.format_timestamp(expires_at)})")
    return 0


def _delete(args: argparse.Namespace) -> int:
    deleted = tables.delete_table(_client("dynamodb"), args.table, args.wait_seconds)
    print(f"deleted temporary table {args.table}" if deleted else f"temporary table {args.table} does not exist")
    return 0


def _image(args: argparse.Namespace) -> int:
    print(images.image_from_artifact(Path(args.artifact_dir), args.container, args.repository))
    return 0


def _ecr_password(_: argparse.Namespace) -> int:
    sys.stdout.write(ecr.login_password(_client("ecr")))
    return 0


def _wait_gtg(args: argparse.Namespace) -> int:
    seconds = gtg.wait_for_gtg(args.url, args.timeout, args.container)
    print(f"{args.url}/gtg answered 200 after {seconds:.1f} s")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m teststage", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    name = commands.add_parser("table-name", help="the temporary table's name for this build")
    name.add_argument("--prefix", required=True)
    name.add_argument("--build-id", required=True)
    name.set_defaults(run=_table_name)

    sweep = commands.add_parser("sweep", help="delete leftover temporary tables whose expiry passed")
    sweep.add_argument("--prefix", required=True)
    sweep.add_argument("--keep", help="a table never to delete (this build's own)")
    sweep.set_defaults(run=_sweep)

    create = commands.add_parser("create", help="create the tagged temporary table and wait until ACTIVE")
    create.add_argument("--table", required=True)
    create.add_argument("--build-id", required=True)
    create.add_argument("--ttl-minutes", type=int, required=True)
    create.add_argument("--wait-seconds", type=float, default=300)
    create.set_defaults(run=_create)

    delete = commands.add_parser("delete", help="delete the temporary table (absent is fine)")
    delete.add_argument("--table", required=True)
    delete.add_argument("--wait-seconds", type=float, default=300)
    delete.set_defaults(run=_delete)

    image = commands.add_parser("image", help="the image (repository@sha256:...) the Build stage pushed")
    image.add_argument("--artifact-dir", required=True)
    image.add_argument("--container", required=True)
    image.add_argument("--repository", required=True)
    image.set_defaults(run=_image)

    password = commands.add_parser("ecr-password", help="the ECR password for docker login --password-stdin")
    password.set_defaults(run=_ecr_password)

    wait = commands.add_parser("wait-gtg", help="wait until GET /gtg answers 200")
    wait.add_argument("--url", required=True)
    wait.add_argument("--timeout", type=float, required=True)
    wait.add_argument("--container", help="stop waiting when this container is no longer running")
    wait.set_defaults(run=_wait_gtg)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except (tables.TableError, images.ImageError, gtg.NotHealthy) as error:
        print(f"Error: {error}", file=sys.stderr)
        return 1
    except (ClientError, BotoCoreError) as error:
        print(
            f"Error: {args.command}: {error}. Fix: check the Test stage's IAM role (terraform/modules/pipeline/"
            "iam_test.tf) and that AWS_DEFAULT_REGION names the stack's region.",
            file=sys.stderr,
        )
        return 1


if __name__ == "__main__":
    sys.exit(main())
