"""The registry password for `docker login --password-stdin` (what `aws ecr get-login-password` prints)."""

from __future__ import annotations

import base64
from typing import Any


def login_password(client: Any) -> str:
    data = client.get_authorization_token()["authorizationData"][0]
    user, _, password = base64.b64decode(data["authorizationToken"]).decode().partition(":")
    if user != "AWS" or not password:
        raise RuntimeError("ECR returned an authorization token that is not AWS:<password>")
    return password
