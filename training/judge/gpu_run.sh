#!/usr/bin/env bash
# Train the judge variants on a GPU machine and leave what comes back in $OUT (files of at most 15 MiB).
# Expects .judge-data (python -m training.judge.build_data) and .judge-init (python -m training.judge.init_model)
# in the repository root. Usage: training/judge/gpu_run.sh VARIANT...
set -euo pipefail
export PYTHONUNBUFFERED=1
OUT=${OUT:-/tmp/judge-out}
work=$(mktemp -d)
nvidia-smi -L || true
args=()
for variant in "$@"; do args+=(--variant "$variant"); done
python3 -m training.judge.train --data .judge-data --init .judge-init --out "$work" --parallel \
  --max-seconds "${MAX_SECONDS:-420}" "${args[@]}" 2>&1 \
  | tee "$OUT/train.log"
for file in "$work"/*.safetensors; do
  split -b 15M -d "$file" "$OUT/$(basename "$file").part"
done
cp "$work"/*.log.json "$OUT/"
ls -la "$OUT"
