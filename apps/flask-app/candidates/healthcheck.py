"""Container health check: exit 0 when GET /gtg on the local port answers 200, else 1.

Used by the Dockerfile's HEALTHCHECK (the slim base image has no curl).
"""

from __future__ import annotations

import os
import sys
import urllib.error
import urllib.request


def main() -> int:
    port = os.environ.get("PORT", "8000")
    url = f"http://127.0.0.1:{port}/gtg"
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=2) as response:
            status = response.status
    except (OSError, ValueError) as error:
        print(f"health check {url} failed: {error}", file=sys.stderr)
        return 1
    if status != 200:
        print(f"health check {url} answered {status}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
