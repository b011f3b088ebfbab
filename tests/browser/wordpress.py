"""A real WordPress for the plugin tests: Debian's package, MariaDB, PHP's built-in server, one database a run.

Debian's WordPress reads its configuration from /etc/wordpress by host name; a copy of the tree with its
own wp-config.php keeps a test run from touching the machine's configuration. The copy is about 60 MB and
takes well under a second.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.live_server import wait_until_answers

WORDPRESS_DIR = Path("/usr/share/wordpress")
PLUGIN_DIR = Path(__file__).resolve().parents[2] / "integrations" / "wordpress" / "reliability-check"
PLUGIN_SLUG = "reliability-check"
ADMIN_USER = "editor"
ADMIN_EMAIL = "editor@example.org"
# The block editor fires several REST requests at once; one PHP worker would serve them in turn.
PHP_WORKERS = "4"
START_SECONDS = 30.0
# MariaDB as this machine and CI run it: root, no password, on the loopback port.
DB_HOST = "127.0.0.1:3306"
DB_USER = "root"

WP_CONFIG = """<?php
define( 'DB_NAME', '{db}' );
define( 'DB_USER', '{db_user}' );
define( 'DB_PASSWORD', '' );
define( 'DB_HOST', '{db_host}' );
define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );
{salts}
$table_prefix = 'wp_';
define( 'WP_HOME', '{url}' );
define( 'WP_SITEURL', '{url}' );
define( 'WP_DEBUG', true );
define( 'WP_DEBUG_DISPLAY', false );
define( 'WP_DEBUG_LOG', '{log}' );
// No network here: keep WordPress from calling home (updates, news, browse-happy); the loopback stays open.
define( 'WP_HTTP_BLOCK_EXTERNAL', true );
define( 'AUTOMATIC_UPDATER_DISABLED', true );
define( 'DISABLE_WP_CRON', true );
define( 'WP_AUTO_UPDATE_CORE', false );
if ( ! defined( 'ABSPATH' ) ) {{
    define( 'ABSPATH', __DIR__ . '/' );
}}
require_once ABSPATH . 'wp-settings.php';
"""

INSTALL = """<?php
define( 'WP_INSTALLING', true );
$_SERVER['HTTP_HOST'] = '{host}';
require __DIR__ . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';
wp_install( 'Newsroom', '{user}', '{email}', false, '', '{password}' );
$result = activate_plugin( '{slug}/{slug}.php' );
if ( is_wp_error( $result ) ) {{
    fwrite( STDERR, $result->get_error_message() );
    exit( 1 );
}}
update_option( 'reliability_check_service_url', '{service}' );
// Editors write in the block editor without its first-run tour in the way.
update_user_meta( 1, 'wp_persisted_preferences', array( 'core/edit-post' => array( 'welcomeGuide' => false ), '_modified' => gmdate( 'c' ) ) );
"""


@dataclass(frozen=True)
class WordPressSite:
    url: str
    user: str
    password: str
    root: Path
    debug_log: Path

    def option(self, name: str) -> str:
        """An option as the site stores it, read with PHP rather than through a page."""
        script = (
            "$_SERVER['HTTP_HOST'] = parse_url($argv[1], PHP_URL_HOST) . ':' . parse_url($argv[1], PHP_URL_PORT);"
            "require 'wp-load.php'; echo get_option($argv[2], '');"
        )
        done = subprocess.run(
            ["php", "-r", script, self.url, name], cwd=self.root, capture_output=True, text=True, check=True
        )
        return done.stdout


def missing_requirements() -> str | None:
    """Why a WordPress cannot be started here, or None when it can."""
    if not (WORDPRESS_DIR / "wp-settings.php").exists():
        return f"no WordPress at {WORDPRESS_DIR}: run scripts/install-test-tools.sh"
    for tool in ("php", "mysql"):
        if shutil.which(tool) is None:
            return f"no {tool} on PATH: run scripts/install-test-tools.sh"
    probe = subprocess.run(_mysql("SELECT 1"), capture_output=True, text=True, check=False)
    if probe.returncode != 0:
        return f"MariaDB does not answer on {DB_HOST} as {DB_USER}: {probe.stderr.strip()}"
    return None


def _mysql(sql: str) -> list[str]:
    host, port = DB_HOST.split(":")
    return ["mysql", "-u", DB_USER, "-h", host, "-P", port, "-e", sql]


def _copy_tree(target: Path) -> None:
    shutil.copytree(WORDPRESS_DIR, target, symlinks=True, ignore=shutil.ignore_patterns("wp-config.php"))
    # The plugin's shared assets are links into service/static/; a copy carries the files themselves.
    shutil.copytree(PLUGIN_DIR, target / "wp-content" / "plugins" / PLUGIN_SLUG, symlinks=False)


@contextmanager
def wordpress_site(tmp: Path, port: int, service_url: str) -> Iterator[WordPressSite]:
    """Install WordPress with the plugin active and pointed at service_url; serve it on port; clean up."""
    root = tmp / "wordpress"
    _copy_tree(root)
    url = f"http://127.0.0.1:{port}"
    database = f"wp_rc_{os.getpid()}_{secrets.token_hex(4)}"
    password = secrets.token_urlsafe(12)
    salts = "\n".join(
        f"define( '{name}', '{secrets.token_hex(32)}' );"
        for name in (
            "AUTH_KEY SECURE_AUTH_KEY LOGGED_IN_KEY NONCE_KEY AUTH_SALT SECURE_AUTH_SALT LOGGED_IN_SALT NONCE_SALT"
        ).split()
    )
    log = tmp / "wordpress-debug.log"
    (root / "wp-config.php").write_text(
        WP_CONFIG.format(db=database, db_user=DB_USER, db_host=DB_HOST, salts=salts, url=url, log=log)
    )
    (root / "rc-install.php").write_text(
        INSTALL.format(
            host=f"127.0.0.1:{port}",
            user=ADMIN_USER,
            email=ADMIN_EMAIL,
            password=password,
            slug=PLUGIN_SLUG,
            service=service_url,
        )
    )
    subprocess.run(_mysql(f"CREATE DATABASE `{database}`"), check=True, capture_output=True)
    server: subprocess.Popen[bytes] | None = None
    try:
        subprocess.run(["php", str(root / "rc-install.php")], check=True, capture_output=True, cwd=root)
        (root / "rc-install.php").unlink()
        server = subprocess.Popen(
            ["php", "-S", f"127.0.0.1:{port}", "-t", str(root)],
            cwd=root,
            env=os.environ | {"PHP_CLI_SERVER_WORKERS": PHP_WORKERS},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until_answers(url + "/wp-login.php", START_SECONDS, poll_seconds=0.1, request_seconds=2)
        yield WordPressSite(url=url, user=ADMIN_USER, password=password, root=root, debug_log=log)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
        subprocess.run(_mysql(f"DROP DATABASE IF EXISTS `{database}`"), check=False, capture_output=True)
