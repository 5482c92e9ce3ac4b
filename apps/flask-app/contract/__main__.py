"""`python -m contract BASE_URL`: runs the contract checks, one `contract-check {json}` line each.

Exit 0 when every check passed, 1 when one failed (the pipeline's Test stage fails with it). The
`contract-check` lines are what `challenge` reads back from the build log to name the failed checks.
"""

from __future__ import annotations

import argparse
import json
import sys

from contract.runner import DEFAULT_TIMEOUT_SECONDS, run_checks

LINE_PREFIX = "contract-check "


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m contract", description=__doc__)
    parser.add_argument("base_url", help="the app's base URL, e.g. http://127.0.0.1:8000")
    parser.add_argument("--candidate", help="candidate name to store (default: a unique smoke-<uuid>)")
    parser.add_argument(
        "--timeout", type=float, default=DEFAULT_TIMEOUT_SECONDS, help="seconds per request (default 5)"
    )
    args = parser.parse_args(argv)
    if not args.base_url.startswith(("http://", "https://")):
        parser.error(f"{args.base_url!r} is not an http(s) URL; pass e.g. http://127.0.0.1:8000")
    results = run_checks(args.base_url, candidate=args.candidate, timeout_seconds=args.timeout)
    for result in results:
        print(LINE_PREFIX + json.dumps(result.as_dict(), ensure_ascii=False), flush=True)
    failed = [result.name for result in results if not result.ok]
    if failed:
        print(
            f"contract: {len(failed)} of {len(results)} checks failed against {args.base_url}: {', '.join(failed)}",
            flush=True,
        )
        return 1
    print(f"contract: all {len(results)} checks passed against {args.base_url}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
