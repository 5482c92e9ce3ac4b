#!/usr/bin/env bash
# Runs pytest from the venv; extra arguments go to pytest (the buildspec passes -m "not dynalite").
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-venv.sh
exec .venv/bin/python -m pytest "$@"
