"""`pnpm --filter flask-app dev`: dynalite + the table + the app under gunicorn, all on localhost, no AWS.

Stops everything on Ctrl-C. Options come from the environment:
PORT (default 8000), TC_DYNAMO_TABLE (default Candidates), DYNALITE_PORT (default: any free port).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time

from localdev.dynalite import APP_DIR, DynaliteError, start_dynalite
from localdev.table import create_table


def port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def wait_until_listening(port: int, server: subprocess.Popen[bytes]) -> bool:
    """True once something accepts connections on 127.0.0.1:port; False if the server exits first."""
    while server.poll() is None:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.1)
    return False


def main() -> int:
    table = os.environ.get("TC_DYNAMO_TABLE", "").strip() or "Candidates"
    port = os.environ.get("PORT", "").strip() or "8000"
    dynalite_port = os.environ.get("DYNALITE_PORT", "").strip() or "0"
    if not dynalite_port.isdigit():
        print(f"DYNALITE_PORT={dynalite_port!r} is not a port number; unset it or use e.g. 4567.", file=sys.stderr)
        return 1

    if not port.isdigit() or not port_is_free(int(port)):
        print(f"Error: port {port} on 127.0.0.1 is in use (or not a port number).", file=sys.stderr)
        print("Fix: pick a free one, e.g. PORT=8001 (challenge dev --port 8001).", file=sys.stderr)
        return 1
    try:
        dynamo = start_dynalite(port=int(dynalite_port))
    except DynaliteError as error:
        print(f"Error: {error}", file=sys.stderr)
        return 1
    try:
        create_table(dynamo.endpoint, table)
        print(f"local DynamoDB (dynalite, in memory) at {dynamo.endpoint}, table {table!r}", flush=True)
        env = {
            **os.environ,
            "HOST": "127.0.0.1",
            "PORT": port,
            "TC_DYNAMO_TABLE": table,
            "DYNAMODB_ENDPOINT_URL": dynamo.endpoint,
            "AWS_REGION": os.environ.get("AWS_REGION", "us-east-1"),
            # Dummy credentials: requests only ever go to the local endpoint above.
            "AWS_ACCESS_KEY_ID": "local",
            "AWS_SECRET_ACCESS_KEY": "local",
            "AWS_EC2_METADATA_DISABLED": "true",
            "WEB_CONCURRENCY": os.environ.get("WEB_CONCURRENCY", "1"),
        }
        env.pop("AWS_SESSION_TOKEN", None)
        env.pop("AWS_PROFILE", None)
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", "--reload", "candidates.wsgi:app"],
            cwd=APP_DIR,
            env=env,
        )
        try:
            # "serving" only once gunicorn has bound the port (it may still fail to, e.g. port taken).
            if wait_until_listening(int(port), server):
                print(f"serving http://127.0.0.1:{port}/  (Ctrl-C stops)", flush=True)
            return server.wait()
        except KeyboardInterrupt:
            server.send_signal(signal.SIGINT)
            server.wait()
            return 130
    finally:
        dynamo.stop()


if __name__ == "__main__":
    sys.exit(main())
