#!/usr/bin/env bash
# Installs the system tools tests/deploy needs: a kustomize renderer (v4+) and a Compose validator.
# hadolint, kubernetes-validate and dockerfile-parse come from pip (`pip install -e '.[dev]'`).
# Also Chromium at /usr/bin/chromium for tests/browser (driven by pip's playwright; never `playwright install`).
# Idempotent: each tool already present is left alone. Debian 12, run as root; needs only the Debian mirror
# (kubectl comes with the machine image, or from a Kubernetes apt repository where one is configured).
set -euo pipefail

MIN_KUSTOMIZE_MAJOR=4

log() { printf 'install-test-tools: %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_updated=0
apt_install() {
  if [ "$apt_updated" -eq 0 ]; then
    as_root apt-get update -qq
    apt_updated=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}

kustomize_major() {  # stdin: `kustomize version` or `kubectl version --client` output; prints e.g. 5
  local text
  text="$(cat)"
  case "$text" in *"Kustomize Version:"*) text="${text##*Kustomize Version:}" ;; esac
  printf '%s\n' "$text" | grep -oE '[0-9]+\.[0-9]+\.[0-9]+' | head -n 1 | cut -d . -f 1
}

has_kustomize() {
  local major
  if command -v kustomize >/dev/null 2>&1; then
    major="$(kustomize version 2>/dev/null | kustomize_major)"
    [ -n "$major" ] && [ "$major" -ge "$MIN_KUSTOMIZE_MAJOR" ] && return 0
  fi
  if command -v kubectl >/dev/null 2>&1; then
    major="$(kubectl version --client 2>/dev/null | kustomize_major)"
    [ -n "$major" ] && [ "$major" -ge "$MIN_KUSTOMIZE_MAJOR" ] && return 0
  fi
  return 1
}

# 1. kustomize: `kubectl kustomize` (kubectl >= 1.21 embeds kustomize v4+). Debian 12's own
#    kubernetes-client is 1.20 with kustomize v2, too old for these kustomizations, so only a "kubectl"
#    package from a configured Kubernetes apt repository is tried.
if has_kustomize; then
  log "kustomize renderer present: $(command -v kustomize || command -v kubectl)"
else
  as_root apt-get update -qq
  apt_updated=1
  if apt-cache policy kubectl 2>/dev/null | grep -q 'Candidate: [0-9]'; then
    apt_install kubectl
  fi
  if ! has_kustomize; then
    log "no kustomize >= v$MIN_KUSTOMIZE_MAJOR, and apt offers no kubectl that embeds one:"
    log "configure the Kubernetes project's apt repository, or put a kustomize v5 binary on PATH"
    exit 1
  fi
fi

# 2. Compose: the v2 plugin if Docker ships it, else Debian's docker-compose (validates offline, no daemon).
if docker compose version >/dev/null 2>&1; then
  log "docker compose present"
elif command -v docker-compose >/dev/null 2>&1; then
  log "docker-compose present: $(command -v docker-compose)"
else
  apt_install docker-compose
fi

# 3. Chromium for tests/browser: Debian's package, which Playwright drives through executable_path.
if [ -x /usr/bin/chromium ]; then
  log "chromium present: /usr/bin/chromium"
else
  apt_install chromium
fi

log "done"
