#!/usr/bin/env bash
# Set up the environment and start the service on its embedded defaults: seeded corpus, in-process
# cache, packaged model. No other server is needed. HOST/PORT override the bind address.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
exec .venv/bin/reliability serve --host "${HOST:-127.0.0.1}" --port "${PORT:-8000}"
