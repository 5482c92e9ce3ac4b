#!/usr/bin/env bash
# Creates apps/flask-app/.venv from requirements*.txt, or rebuilds it when those files (or the
# Python version) changed since it was built. Safe to run concurrently (lint and test in parallel).
set -euo pipefail
cd "$(dirname "$0")/.."

pick_python() {
  local candidate
  for candidate in "${PYTHON:-}" python3.11 python3 python; do
    [ -n "$candidate" ] || continue
    command -v "$candidate" >/dev/null 2>&1 || continue
    if "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  echo "Error: no Python >= 3.11 found (tried \$PYTHON, python3.11, python3, python)." >&2
  echo "Fix: install Python 3.11 or set PYTHON=/path/to/python3.11." >&2
  return 1
}

python_bin="$(pick_python)"
wanted="$({ "$python_bin" -c 'import sys; print(sys.version)'; cat requirements.txt requirements-dev.txt; } | sha256sum | cut -d' ' -f1)"
stamp=.venv/.requirements.sha256

up_to_date() { [ -x .venv/bin/python ] && [ "$(cat "$stamp" 2>/dev/null)" = "$wanted" ]; }

up_to_date && exit 0

exec 9>.venv.lock
if command -v flock >/dev/null 2>&1; then flock 9; fi
up_to_date && exit 0

echo "flask-app: building .venv with $python_bin from requirements-dev.txt" >&2
rm -rf .venv
"$python_bin" -m venv .venv
# A missing or unreachable index should fail in seconds, not after five retries per package.
# --require-hashes: every file must match its hash in requirements*.txt, as in the image build.
if ! PIP_RETRIES="${PIP_RETRIES:-1}" .venv/bin/python -m pip install --quiet --require-hashes -r requirements-dev.txt; then
  echo "Error: pip could not install requirements-dev.txt into $(pwd)/.venv." >&2
  echo "Fix: check the pins in requirements*.txt and that pip reaches its index (\`pip config list\`, PIP_INDEX_URL)." >&2
  exit 1
fi
# Written last: an interrupted build has no stamp and is rebuilt next time.
echo "$wanted" >"$stamp"
