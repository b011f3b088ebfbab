<?php
/**
 * Removing the plugin removes its settings. Claim reviews stay with their posts as a record of the checks.
 */

defined( 'WP_UNINSTALL_PLUGIN' ) || exit;

delete_option( 'reliability_check_service_url' );
delete_option( 'reliability_check_api_key' );
