<?php
/**
 * Plugin Name:       Reliability Check
 * Description:       Checks a post's claims against the source reliability service from a block editor sidebar: what to fix, the evidence, and a report for the standards editor.
 * Version:           0.2.0
 * Requires at least: 6.1
 * Requires PHP:      7.4
 * License:           Apache-2.0
 * Text Domain:       reliability-check
 *
 * The editor talks only to this site's REST API; the site forwards checks to the service with the
 * API key, so the key never reaches an editor's browser and the service needs no CORS entry for it.
 */

defined( 'ABSPATH' ) || exit;

define( 'RELIABILITY_CHECK_VERSION', '0.2.0' );
define( 'RELIABILITY_CHECK_FILE', __FILE__ );

require_once __DIR__ . '/includes/settings.php';
require_once __DIR__ . '/includes/rest.php';
require_once __DIR__ . '/includes/editor.php';
