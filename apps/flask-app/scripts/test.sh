#!/usr/bin/env bash
# package.json `test`: lint, then the whole pytest suite (dynalite and gunicorn included).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/lint.sh
bash scripts/pytest.sh "$@"
