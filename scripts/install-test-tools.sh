#!/usr/bin/env bash
# Installs the system tools tests/deploy needs: a kustomize renderer (v4+) and a Compose validator.
# hadolint, kubernetes-validate and dockerfile-parse come from pip (`pip install -e '.[dev]'`).
# Also Chromium at /usr/bin/chromium for tests/browser (driven by pip's playwright; never `playwright install`),
# WordPress, PHP and a MariaDB server for the WordPress plugin's tests, and axe-core from npm for the
# accessibility checks.
# Idempotent: each tool already present is left alone. Debian 12, run as root; needs only the Debian mirror
# (kubectl comes with the machine image, or from a Kubernetes apt repository where one is configured).
set -euo pipefail
cd "$(dirname "$0")/.."

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

# 4. WordPress for tests/browser/test_wordpress_plugin.py: Debian's package (it brings PHP), PHP's CLI
#    server, and MariaDB, started here if nothing answers on 127.0.0.1:3306.
wp_packages=()
[ -f /usr/share/wordpress/wp-settings.php ] || wp_packages+=(wordpress wordpress-theme-twentytwentythree)
command -v php >/dev/null 2>&1 || wp_packages+=(php-cli)
php -m 2>/dev/null | grep -qx mysqli || wp_packages+=(php-mysql)
php -m 2>/dev/null | grep -qx curl || wp_packages+=(php-curl)
php -m 2>/dev/null | grep -qx mbstring || wp_packages+=(php-mbstring)
php -m 2>/dev/null | grep -qx dom || wp_packages+=(php-xml)
command -v mariadbd >/dev/null 2>&1 || command -v mysqld >/dev/null 2>&1 || wp_packages+=(mariadb-server)
if [ "${#wp_packages[@]}" -gt 0 ]; then
  apt_install "${wp_packages[@]}"
else
  log "WordPress, PHP and MariaDB present"
fi
if ! mysql -u root -h 127.0.0.1 -P 3306 -e 'SELECT 1' >/dev/null 2>&1; then
  as_root mkdir -p /run/mysqld
  as_root chown mysql:mysql /run/mysqld 2>/dev/null || true
  as_root sh -c 'nohup mysqld_safe --bind-address=127.0.0.1 --port=3306 >/tmp/mariadb-ci.log 2>&1 &'
  for _ in $(seq 1 100); do
    mysql -u root -h 127.0.0.1 -P 3306 -e 'SELECT 1' >/dev/null 2>&1 && break
    sleep 0.2
  done
fi
if ! mysql -u root -h 127.0.0.1 -P 3306 -e 'SELECT 1' >/dev/null 2>&1; then
  # A fresh Debian MariaDB lets root in through the socket only; the tests connect over TCP.
  as_root mysql -u root -e "ALTER USER 'root'@'localhost' IDENTIFIED VIA unix_socket OR mysql_native_password USING PASSWORD('')" \
    && as_root mysql -u root -e "CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY ''; GRANT ALL ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION" || true
  mysql -u root -h 127.0.0.1 -P 3306 -e 'SELECT 1' >/dev/null || { log "MariaDB does not answer on 127.0.0.1:3306 as root"; exit 1; }
fi

# 5. axe-core for the accessibility checks, pinned by tests/browser/axe/package-lock.json.
if [ ! -f tests/browser/axe/node_modules/axe-core/axe.min.js ]; then
  command -v npm >/dev/null 2>&1 || apt_install npm
  npm ci --prefix tests/browser/axe --no-audit --no-fund --loglevel=error
else
  log "axe-core present"
fi

log "done"
