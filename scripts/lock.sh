#!/usr/bin/env bash
# Re-resolve every dependency and write the two hash-pinned lock files that scripts/setup.sh installs from:
#   requirements/dev.lock      runtime + the dev extra (make test)
#   requirements/runtime.lock  runtime only (make run, the image), constrained to dev.lock's versions
# Run it after changing dependencies in pyproject.toml, and commit the two files with that change.
# `scripts/lock.sh --upgrade` moves every package to its newest allowed release; without it, versions
# already in the lock are kept where they still satisfy pyproject.toml.
# Needs uv (the dev extra has it; otherwise it is installed into .venv at the version the lock names).
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${VENV:-.venv}
TORCH_CONSTRAINT=requirements/torch-cpu.txt
TORCH_FILE_PATTERN="torch-$(sed -n 's/^torch==\(.*\)$/\1/p' "$TORCH_CONSTRAINT")-cp311-*.whl"

uv_bin() {
  if [ -x "$VENV/bin/uv" ]; then echo "$VENV/bin/uv"; return; fi
  if command -v uv >/dev/null 2>&1; then command -v uv; return; fi
  [ -x "$VENV/bin/python" ] || "${PYTHON:-python3}" -m venv "$VENV"
  local pinned
  pinned="$(grep -m1 -E '^uv==' requirements/dev.lock 2>/dev/null | cut -d' ' -f1 || true)"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check "${pinned:-uv}" >&2
  echo "$VENV/bin/uv"
}
UV="$(uv_bin)"

# torch's CPU wheel: a local wheel directory where the machine has one (pip's PIP_FIND_LINKS, /opt/wheels),
# else PyTorch's CPU index. Either way the lock records the file's sha256, which setup.sh then enforces.
SOURCES=()
for dir in ${PIP_FIND_LINKS:-} /opt/wheels; do
  if compgen -G "$dir/$TORCH_FILE_PATTERN" >/dev/null; then SOURCES=(--find-links "$dir"); break; fi
done
if [ ${#SOURCES[@]} -eq 0 ]; then
  SOURCES=(--extra-index-url https://download.pytorch.org/whl/cpu --index-strategy unsafe-best-match)
fi

COMMON=(pip compile pyproject.toml --generate-hashes --python-version 3.11 --no-emit-find-links
  --custom-compile-command "scripts/lock.sh" --constraint "$TORCH_CONSTRAINT" "${SOURCES[@]}")
[ "${1:-}" = "--upgrade" ] && COMMON+=(--upgrade)

"$UV" "${COMMON[@]}" --extra dev --output-file requirements/dev.lock --quiet
"$UV" "${COMMON[@]}" --constraint requirements/dev.lock --output-file requirements/runtime.lock --quiet
echo "locked: $(grep -cE '^[A-Za-z0-9]' requirements/dev.lock) packages (dev), $(grep -cE '^[A-Za-z0-9]' requirements/runtime.lock) (runtime)"
