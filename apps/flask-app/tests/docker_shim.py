"""A stand-in for the `docker` CLI in the Test stage's tests (no Docker engine runs here).

Only what scripts/test-stage.sh uses: login, pull, run --detach, inspect, logs, rm --force. `run` starts
the image's ENTRYPOINT (gunicorn, as the Dockerfile says) with this venv's Python, in the app folder the
test maps the image to, with only the `-e` variables (as docker does) plus what the network gives a
container in CodeBuild: the DynamoDB endpoint (here dynalite) and credentials (here dummies).

Settings (environment): DOCKER_SHIM_STATE (folder for calls.log, containers), DOCKER_SHIM_IMAGES (JSON file:
image -> app folder), DOCKER_SHIM_NETWORK_ENV (JSON object), DOCKER_SHIM_PASSWORD (the registry password
`login` must receive on stdin).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from tests.gunicorn_server import container_command

# A container left behind by a killed test run stops by itself after this long.
CONTAINER_LIFETIME_SECONDS = 300

STATE = Path(os.environ["DOCKER_SHIM_STATE"])


def log(line: str) -> None:
    with (STATE / "calls.log").open("a") as calls:
        calls.write(line + "\n")


def container_file(name: str, suffix: str) -> Path:
    return STATE / "containers" / f"{name}.{suffix}"


def running(name: str) -> bool:
    """Whether the container's process is alive (not gone, not a zombie waiting for init to reap it)."""
    pid_file = container_file(name, "pid")
    if not pid_file.exists():
        return False
    try:
        status = Path(f"/proc/{int(pid_file.read_text())}/status").read_text()
    except OSError:
        return False
    return not any(line.startswith("State:") and "zombie" in line for line in status.splitlines())


def login(args: list[str]) -> int:
    password = sys.stdin.read()
    registry = args[-1]
    if password != os.environ["DOCKER_SHIM_PASSWORD"]:
        log(f"docker login {registry}: wrong password")
        print("Error response from daemon: login attempt failed: 401 Unauthorized", file=sys.stderr)
        return 1
    log(f"docker login {registry}")
    print("Login Succeeded")
    return 0


def images() -> dict[str, str]:
    return json.loads(Path(os.environ["DOCKER_SHIM_IMAGES"]).read_text())


def pull(args: list[str]) -> int:
    image = args[-1]
    log(f"docker pull {image}")
    if image not in images():
        print(f"Error response from daemon: manifest for {image} not found", file=sys.stderr)
        return 1
    return 0


def run(args: list[str]) -> int:
    log("docker run " + " ".join(args))
    env: dict[str, str] = {}
    name = ""
    rest = list(args)
    while rest[0].startswith("-"):
        flag = rest.pop(0)
        if flag == "--detach":
            continue
        value = rest.pop(0)
        if flag == "--name":
            name = value
        elif flag == "-e":
            key, has_value, given = value.partition("=")
            if has_value:
                env[key] = given
            elif key in os.environ:
                env[key] = os.environ[key]
        elif flag != "--network":
            print(f"docker shim: unsupported flag {flag}", file=sys.stderr)
            return 125
    image = rest[0]
    app_dir = images().get(image)
    if app_dir is None or not name:
        print(f"docker shim: no image {image} (pulled?) or no --name", file=sys.stderr)
        return 125
    container_env = {
        "PATH": os.environ["PATH"],
        **json.loads(os.environ["DOCKER_SHIM_NETWORK_ENV"]),
        **env,
    }
    (STATE / "containers").mkdir(exist_ok=True)
    container_file(name, "env").write_text(json.dumps(env))
    with container_file(name, "log").open("wb") as output:
        process = subprocess.Popen(
            ["timeout", str(CONTAINER_LIFETIME_SECONDS), *container_command()],
            cwd=app_dir,
            env=container_env,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    container_file(name, "pid").write_text(str(process.pid))
    print(f"{process.pid:064x}")
    return 0


def inspect(args: list[str]) -> int:
    name = args[-1]
    if not container_file(name, "pid").exists():
        print(f"Error: No such object: {name}", file=sys.stderr)
        return 1
    print("true" if running(name) else "false")
    return 0


def logs(args: list[str]) -> int:
    name = args[-1]
    path = container_file(name, "log")
    if not path.exists():
        print(f"Error: No such container: {name}", file=sys.stderr)
        return 1
    sys.stdout.write("\n".join(path.read_text(errors="replace").splitlines()[-100:]) + "\n")
    return 0


def rm(args: list[str]) -> int:
    name = args[-1]
    log(f"docker rm {name}")
    pid_file = container_file(name, "pid")
    if not pid_file.exists():
        print(f"Error: No such container: {name}", file=sys.stderr)
        return 1
    pid = int(pid_file.read_text())
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)
    pid_file.rename(container_file(name, "removed"))
    return 0


COMMANDS = {"login": login, "pull": pull, "run": run, "inspect": inspect, "logs": logs, "rm": rm}


def main() -> int:
    command, *args = sys.argv[1:]
    if command not in COMMANDS:
        print(f"docker shim: unsupported command {command}", file=sys.stderr)
        return 125
    return COMMANDS[command](args)


if __name__ == "__main__":
    sys.exit(main())
