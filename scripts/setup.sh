#!/usr/bin/env bash
# Create .venv and install exactly the versions in the lock files (hash-checked), then the project itself.
# Usage: scripts/setup.sh            runtime only (requirements/runtime.lock)
#        scripts/setup.sh --dev      runtime plus the test, lint and benchmark tools (requirements/dev.lock)
# Nothing is installed when the lock files, pyproject.toml and this script are unchanged since the last
# install into this .venv. Re-lock with scripts/lock.sh after changing dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${VENV:-.venv}
LEVEL=runtime
[ "${1:-}" = "--dev" ] && LEVEL=dev
LOCK=requirements/$LEVEL.lock

# The locks are resolved for CPython 3.11 (torch's CPU wheel is cp311): python3 if it is 3.11, else python3.11.
is_py311() { "$1" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else 1)' 2>/dev/null; }
PYTHON=${PYTHON:-}
if [ -z "$PYTHON" ]; then
  for candidate in python3 python3.11; do
    if command -v "$candidate" >/dev/null && is_py311 "$candidate"; then PYTHON=$candidate; break; fi
  done
fi
if [ -z "$PYTHON" ] || ! is_py311 "$PYTHON"; then
  echo "setup: needs CPython 3.11 (python3 or python3.11 on PATH, or PYTHON=/path/to/python3.11)" >&2
  exit 1
fi

# What an install depends on; the stamp in .venv records it, so an unchanged tree skips pip entirely.
fingerprint() {
  { cat requirements/runtime.lock requirements/dev.lock pyproject.toml scripts/setup.sh
    "$VENV/bin/python" -c 'import sys; print(sys.version)'; } | sha256sum | cut -d' ' -f1
}
stamp() { echo "$VENV/.installed-$1"; }

if [ -x "$VENV/bin/python" ] && is_py311 "$VENV/bin/python" \
   && [ "$(cat "$(stamp "$LEVEL")" 2>/dev/null)" = "$(fingerprint)" ]; then
  echo "environment up to date in $VENV ($LOCK unchanged)"
  exit 0
fi

# A venv that a failed `python -m venv` left behind (no ensurepip: Debian's python3-venv is missing) has a
# python but no pip: it is never reused, but removed and made again.
has_pip() { "$VENV/bin/python" -m pip --version >/dev/null 2>&1; }
if ! is_py311 "$VENV/bin/python" || ! has_pip; then
  rm -rf "$VENV"
  if ! "$PYTHON" -m venv "$VENV" || ! has_pip; then
    rm -rf "$VENV"
    echo "setup: '$PYTHON -m venv' made no working environment with pip; on Debian or Ubuntu install" \
      "python3-venv (or python3.11-venv): sudo apt-get install python3-venv" >&2
    exit 1
  fi
fi
rm -f "$(stamp runtime)" "$(stamp dev)"

# torch's CPU wheel: from a local wheel directory where the machine has one, else PyTorch's CPU index.
# The lock pins its sha256 either way, so a different file is refused rather than installed.
TORCH_FILE_PATTERN="torch-$(sed -n 's/^torch==\([^ ]*\).*/\1/p' "$LOCK")-cp311-*.whl"
SOURCES=()
for dir in ${PIP_FIND_LINKS:-} /opt/wheels; do
  if compgen -G "$dir/$TORCH_FILE_PATTERN" >/dev/null; then SOURCES=(--find-links "$dir"); break; fi
done
[ ${#SOURCES[@]} -eq 0 ] && SOURCES=(--extra-index-url https://download.pytorch.org/whl/cpu)

# pip's own notices about unreachable extra indexes in a machine's pip.conf are noise; its status is kept.
pip_quiet() {
  "$VENV/bin/python" -m pip --disable-pip-version-check -q "$@" 2> >(grep -v "is ignored" >&2)
}
# --no-deps: the lock is the complete set; a package it lacks is an error in the lock (pip check says so).
pip_quiet install --require-hashes --no-deps "${SOURCES[@]}" -r "$LOCK"
# The project itself, editable, built with the locked setuptools rather than a fresh download.
pip_quiet install --no-deps --no-build-isolation -e .
"$VENV/bin/python" -m pip --disable-pip-version-check check \
  || { echo "setup: the lock does not satisfy pyproject.toml; re-lock with: make lock" >&2; exit 1; }
"$VENV/bin/python" -c "import torch, scoring, service; assert torch.version.cuda is None, 'CUDA torch'"

fingerprint > "$(stamp "$LEVEL")"
# The dev lock holds every runtime package at the same version, so a dev install serves `make run` too.
[ "$LEVEL" = dev ] && fingerprint > "$(stamp runtime)"
echo "environment ready in $VENV from $LOCK (torch $("$VENV/bin/python" -c 'import torch; print(torch.__version__)'))"
