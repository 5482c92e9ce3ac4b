#!/usr/bin/env bash
# package.json `dev`: local DynamoDB + table + app on http://127.0.0.1:${PORT:-8000}, no AWS.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-venv.sh
exec .venv/bin/python -m localdev.serve
