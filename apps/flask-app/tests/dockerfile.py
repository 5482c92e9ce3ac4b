"""A small reader for this app's Dockerfile: instructions with continuation lines joined."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

APP_DIR = Path(__file__).resolve().parent.parent
DOCKERFILE = APP_DIR / "Dockerfile"


@dataclass(frozen=True)
class Instruction:
    keyword: str
    arguments: str


def instructions(path: Path = DOCKERFILE) -> list[Instruction]:
    result: list[Instruction] = []
    pending = ""
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        full = (pending + line).strip()
        pending = ""
        keyword, _, arguments = full.partition(" ")
        result.append(Instruction(keyword.upper(), " ".join(arguments.split())))
    return result


def exec_form(arguments: str) -> list[str]:
    """The JSON-array (exec) form of CMD/ENTRYPOINT; shell form is an error for this app."""
    parsed = json.loads(arguments)
    if not (isinstance(parsed, list) and all(isinstance(part, str) for part in parsed)):
        raise ValueError(f"not an exec-form array: {arguments}")
    return parsed


def entrypoint() -> list[str]:
    [instruction] = [i for i in instructions() if i.keyword == "ENTRYPOINT"]
    return exec_form(instruction.arguments)


def healthcheck_command() -> list[str]:
    [instruction] = [i for i in instructions() if i.keyword == "HEALTHCHECK"]
    _, _, command = instruction.arguments.partition("CMD ")
    return exec_form(command)
