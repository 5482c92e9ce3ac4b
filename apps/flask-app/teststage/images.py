"""The image the Build stage pushed, from its output artifact: exactly that digest, never a tag."""

from __future__ import annotations

import json
import re
from pathlib import Path

_DIGEST = re.compile(r"^sha256:[0-9a-f]{64}$")


class ImageError(ValueError):
    """The build artifact names no usable image; the message says what to fix."""


def image_from_artifact(artifact_dir: Path, container_name: str, repository_uri: str) -> str:
    """`repository@sha256:...` from imagedefinitions.json (the ECS deploy action's file), or from
    imageDetail.json (CodeDeploy blue/green's file) when the build wrote only that."""
    definitions = artifact_dir / "imagedefinitions.json"
    detail = artifact_dir / "imageDetail.json"
    if definitions.is_file():
        try:
            entries = json.loads(definitions.read_text())
        except ValueError as error:
            raise ImageError(f"{definitions} is not JSON ({error}).") from None
        uris = [e.get("imageUri") for e in entries if isinstance(e, dict) and e.get("name") == container_name]
        if len(uris) != 1 or not isinstance(uris[0], str):
            raise ImageError(
                f"{definitions} has no single entry for container {container_name!r}. "
                "Fix: the Build stage and this stage must get the same CONTAINER_NAME (terraform/)."
            )
        uri = uris[0]
    elif detail.is_file():
        try:
            uri = json.loads(detail.read_text()).get("ImageURI")
        except (ValueError, AttributeError) as error:
            raise ImageError(f"{detail} is not a JSON object with ImageURI ({error}).") from None
    else:
        raise ImageError(
            f"{artifact_dir} holds neither imagedefinitions.json nor imageDetail.json. "
            "Fix: give the Test action the Build stage's output artifact (terraform/modules/pipeline)."
        )
    repository, _, digest = str(uri).partition("@")
    if repository != repository_uri or not _DIGEST.match(digest):
        raise ImageError(
            f"the build artifact names {uri!r}, not {repository_uri}@sha256:<digest>. "
            "Fix: the Build stage must write the pushed image by digest (buildspec.yml)."
        )
    return str(uri)
