#!/usr/bin/env bash
# Create .venv and install the service. CPU torch goes in first, pinned, so that nothing pulls the CUDA build.
# Usage: scripts/setup.sh            runtime only
#        scripts/setup.sh --dev      runtime plus the test and lint tools and the onnx extra
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
VENV=${VENV:-.venv}
TORCH_VERSION=2.13.0
# Local CPU wheels, where the machine provides them; pip also honours PIP_FIND_LINKS.
FIND_LINKS=()
[ -d /opt/wheels ] && FIND_LINKS=(--find-links /opt/wheels)

if [ ! -x "$VENV/bin/python" ]; then
  "$PYTHON" -m venv "$VENV"
fi
PIP=("$VENV/bin/python" -m pip --disable-pip-version-check -q)
"${PIP[@]}" install --upgrade pip setuptools wheel 2>&1 | grep -v "is ignored" || true

if ! "$VENV/bin/python" -c "import torch, sys; sys.exit(0 if torch.__version__.startswith('$TORCH_VERSION') else 1)" 2>/dev/null; then
  # Prefer the local CPU wheel, then PyTorch's CPU index; never a plain PyPI torch (CUDA, gigabytes).
  "${PIP[@]}" install "${FIND_LINKS[@]}" "torch==$TORCH_VERSION" 2>&1 | grep -v "is ignored" \
    || "${PIP[@]}" install --index-url https://download.pytorch.org/whl/cpu "torch==$TORCH_VERSION"
fi

extra=""
[ "${1:-}" = "--dev" ] && extra="[dev]"
"${PIP[@]}" install "${FIND_LINKS[@]}" -e ".${extra}" 2>&1 | grep -v "is ignored" || true
"$VENV/bin/python" -c "import torch, scoring, service; assert torch.__version__.startswith('$TORCH_VERSION'), torch.__version__"
echo "environment ready in $VENV (torch $("$VENV/bin/python" -c 'import torch; print(torch.__version__)'))"
