#!/usr/bin/env bash
# Train the judge variants on a remote GPU machine and leave the results in $OUT, the weights split into
# 15 MiB parts for machines that copy back only files that small (join them with cat).
# Expects .judge-data (python -m training.judge.build_data) and .judge-init (python -m training.judge.init_model)
# in the repository root. Usage: training/judge/gpu_run.sh VARIANT...
set -euo pipefail
export PYTHONUNBUFFERED=1
OUT=${OUT:-/tmp/judge-out}
work=$(mktemp -d)
mkdir -p "$OUT"
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
