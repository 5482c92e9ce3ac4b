#!/usr/bin/env bash
# The one lint command: package.json `lint`, `test` and the buildspec's pre-build phase run it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-venv.sh
.venv/bin/python -m ruff check .
.venv/bin/python -m ruff format --check .
