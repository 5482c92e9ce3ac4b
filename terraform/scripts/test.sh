#!/usr/bin/env bash
# fmt, init (no backend), validate, terraform test (mocked provider), then the vitest suites
# (a real plan against a loopback fake AWS endpoint; README tables in sync).
set -euo pipefail
cd "$(dirname "$0")/.."
tf() { bash scripts/tf.sh "$@"; }
tf fmt -check -recursive
tf init -backend=false -input=false -no-color >/dev/null
tf validate -no-color
tf test -no-color
exec npx vitest run
