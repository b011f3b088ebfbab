#!/usr/bin/env bash
# Install the dev environment and run every test: lint, types, import contracts, unit, integration,
# deploy and browser tests. Redis and Chromium are required: installed (apt, as root or with sudo) if missing,
# and Redis started if nothing answers on 127.0.0.1:6379.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh --dev
scripts/install-test-tools.sh
scripts/ensure-redis.sh

export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
VENV=${VENV:-.venv}
PY="$VENV/bin/python"

echo "== ruff"; "$PY" -m ruff check . && "$PY" -m ruff format --check .
echo "== mypy"; "$PY" -m mypy
echo "== import contracts"; "$VENV/bin/lint-imports"

mkdir -p test-artifacts
set +e
"$PY" -m pytest "$@"
status=$?
set -e
# pytest exits 5 when it collected no tests: that is a broken suite here, never a pass.
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests" >&2
  exit 1
fi
exit "$status"
