<?php
/**
 * The block editor's assets: the shared checker script and styles, and the sidebar that drives them.
 */

defined( 'ABSPATH' ) || exit;

add_action(
	'enqueue_block_editor_assets',
	function () {
		$screen = get_current_screen();
		if ( ! $screen || 'post' !== $screen->base ) {
			return; // The post editor only, not the site or widget editors.
		}
		$assets = plugins_url( 'assets/', RELIABILITY_CHECK_FILE );
		wp_enqueue_style( 'reliability-check', $assets . 'reliability-check.css', array(), RELIABILITY_CHECK_VERSION );
		wp_enqueue_style( 'reliability-check-editor', $assets . 'editor-panel.css', array( 'reliability-check' ), RELIABILITY_CHECK_VERSION );
		wp_enqueue_script( 'reliability-check', $assets . 'reliability-check.js', array(), RELIABILITY_CHECK_VERSION, true );
		wp_enqueue_script(
			'reliability-check-editor',
			$assets . 'editor-panel.js',
			array( 'reliability-check', 'wp-plugins', 'wp-edit-post', 'wp-element', 'wp-data', 'wp-api-fetch', 'wp-dom-ready' ),
			RELIABILITY_CHECK_VERSION,
			true
		);
		$config = array(
			'checkUrl'    => rest_url( RELIABILITY_CHECK_NAMESPACE . '/check' ),
			'postsUrl'    => rest_url( RELIABILITY_CHECK_NAMESPACE . '/posts/' ), // + id + '/reviews'
			'nonce'       => wp_create_nonce( 'wp_rest' ),
			'configured'  => '' !== reliability_check_service_url(),
			'settingsUrl' => current_user_can( 'manage_options' ) ? admin_url( 'options-general.php?page=' . RELIABILITY_CHECK_SETTINGS_PAGE ) : '',
		);
		wp_add_inline_script( 'reliability-check-editor', 'window.reliabilityCheckConfig = ' . wp_json_encode( $config ) . ';', 'before' );
	}
);
