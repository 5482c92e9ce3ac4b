"""Start and stop dynalite (a local DynamoDB on 127.0.0.1) through scripts/dynalite-server.mjs."""

from __future__ import annotations

import json
import selectors
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

APP_DIR = Path(__file__).resolve().parent.parent
SERVER_SCRIPT = APP_DIR / "scripts" / "dynalite-server.mjs"
STARTUP_TIMEOUT_SECONDS = 30


class DynaliteError(RuntimeError):
    pass


@dataclass
class Dynalite:
    process: subprocess.Popen[str]
    endpoint: str
    port: int

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()


def start_dynalite(lifetime_seconds: int = 0, port: int = 0) -> Dynalite:
    """Start dynalite on 127.0.0.1 (port 0 = any free port) and wait until it listens."""
    node = shutil.which("node")
    if node is None:
        raise DynaliteError("node is not on PATH; install Node.js >= 20.19 to run the local DynamoDB.")
    if not (APP_DIR / "node_modules" / "dynalite").is_dir():
        raise DynaliteError(
            f"dynalite is not installed in {APP_DIR / 'node_modules'}; run `pnpm install` at the repository root."
        )
    process = subprocess.Popen(
        [node, str(SERVER_SCRIPT), "--port", str(port), "--lifetime", str(lifetime_seconds)],
        cwd=APP_DIR,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        line = _first_line(process)
        ready = json.loads(line)
        return Dynalite(process=process, endpoint=ready["endpoint"], port=int(ready["port"]))
    except BaseException:
        process.kill()
        process.wait()
        raise


def _first_line(process: subprocess.Popen[str]) -> str:
    if process.stdout is None:
        raise DynaliteError("dynalite was started without a stdout pipe")
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        if not selector.select(timeout=STARTUP_TIMEOUT_SECONDS):
            raise DynaliteError(f"dynalite did not start within {STARTUP_TIMEOUT_SECONDS} s")
    line = process.stdout.readline()
    if not line:
        raise DynaliteError(f"dynalite exited with code {process.wait()} before listening (see its stderr above)")
    return line
