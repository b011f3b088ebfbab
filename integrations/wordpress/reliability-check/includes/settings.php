<?php
/**
 * The settings page (Settings → Reliability check): the service URL and API key, stored as options.
 */

defined( 'ABSPATH' ) || exit;

const RELIABILITY_CHECK_URL_OPTION = 'reliability_check_service_url';
const RELIABILITY_CHECK_KEY_OPTION = 'reliability_check_api_key';
const RELIABILITY_CHECK_SETTINGS_PAGE = 'reliability-check';
// A settings page should answer quickly even when the service is down.
const RELIABILITY_CHECK_PROBE_SECONDS = 3;

/** The configured service base URL without a trailing slash, or '' when none is set. */
function reliability_check_service_url() {
	return untrailingslashit( (string) get_option( RELIABILITY_CHECK_URL_OPTION, '' ) );
}

function reliability_check_api_key() {
	return (string) get_option( RELIABILITY_CHECK_KEY_OPTION, '' );
}

function reliability_check_sanitize_url( $value ) {
	$value = trim( (string) $value );
	if ( '' === $value ) {
		return '';
	}
	$clean = esc_url_raw( $value, array( 'http', 'https' ) );
	if ( '' === $clean ) {
		add_settings_error( RELIABILITY_CHECK_URL_OPTION, 'bad-url', __( 'The service URL must start with http:// or https://.', 'reliability-check' ) );
		return reliability_check_service_url();
	}
	return untrailingslashit( $clean );
}

/** An empty field keeps the stored key (the form never shows it); the checkbox clears it. */
function reliability_check_sanitize_key( $value ) {
	// The nonce was checked by options.php before sanitising.
	// phpcs:ignore WordPress.Security.NonceVerification.Missing
	if ( ! empty( $_POST['reliability_check_clear_key'] ) ) {
		return '';
	}
	// Kept as typed (sanitize_text_field would strip %xx and tag-like text from a key): trimmed, and
	// refused if it holds control characters, which no key has and a header cannot carry.
	$value = trim( (string) $value );
	if ( preg_match( '/[\x00-\x1F\x7F]/', $value ) ) {
		add_settings_error( RELIABILITY_CHECK_KEY_OPTION, 'bad-key', __( 'The API key holds control characters; the stored key is unchanged.', 'reliability-check' ) );
		return reliability_check_api_key();
	}
	return '' === $value ? reliability_check_api_key() : $value;
}

add_action(
	'admin_init',
	function () {
		register_setting(
			'reliability_check',
			RELIABILITY_CHECK_URL_OPTION,
			array(
				'type'              => 'string',
				'sanitize_callback' => 'reliability_check_sanitize_url',
				'default'           => '',
			)
		);
		register_setting(
			'reliability_check',
			RELIABILITY_CHECK_KEY_OPTION,
			array(
				'type'              => 'string',
				'sanitize_callback' => 'reliability_check_sanitize_key',
				'default'           => '',
			)
		);
	}
);

add_action(
	'admin_menu',
	function () {
		add_options_page(
			__( 'Reliability check', 'reliability-check' ),
			__( 'Reliability check', 'reliability-check' ),
			'manage_options',
			RELIABILITY_CHECK_SETTINGS_PAGE,
			'reliability_check_render_settings'
		);
	}
);

/** One line on whether the service answers, so a wrong URL shows here rather than in the editor. */
function reliability_check_service_state() {
	$url = reliability_check_service_url();
	if ( '' === $url ) {
		return __( 'No service URL is set yet: the editor sidebar cannot check anything until one is.', 'reliability-check' );
	}
	$response = wp_remote_get( $url . '/readyz', array( 'timeout' => RELIABILITY_CHECK_PROBE_SECONDS ) );
	if ( is_wp_error( $response ) ) {
		/* translators: 1: service URL, 2: error message */
		return sprintf( __( 'The service at %1$s could not be reached: %2$s', 'reliability-check' ), $url, $response->get_error_message() );
	}
	$code = wp_remote_retrieve_response_code( $response );
	if ( 200 !== $code ) {
		/* translators: 1: service URL, 2: HTTP status */
		return sprintf( __( 'The service at %1$s answered %2$d: it is still loading or not ready.', 'reliability-check' ), $url, $code );
	}
	/* translators: %s: service URL */
	return sprintf( __( 'The service at %s is ready.', 'reliability-check' ), $url );
}

function reliability_check_render_settings() {
	if ( ! current_user_can( 'manage_options' ) ) {
		return;
	}
	$has_key = '' !== reliability_check_api_key();
	?>
	<div class="wrap">
		<h1><?php esc_html_e( 'Reliability check', 'reliability-check' ); ?></h1>
		<p id="reliability-check-state"><?php echo esc_html( reliability_check_service_state() ); ?></p>
		<form method="post" action="options.php">
			<?php settings_fields( 'reliability_check' ); ?>
			<table class="form-table" role="presentation">
				<tr>
					<th scope="row"><label for="reliability-check-url"><?php esc_html_e( 'Service URL', 'reliability-check' ); ?></label></th>
					<td>
						<input id="reliability-check-url" name="<?php echo esc_attr( RELIABILITY_CHECK_URL_OPTION ); ?>" type="url" class="regular-text code"
							value="<?php echo esc_attr( reliability_check_service_url() ); ?>" placeholder="https://scorer.example.org" aria-describedby="reliability-check-url-hint">
						<p class="description" id="reliability-check-url-hint"><?php esc_html_e( 'Where the reliability service runs, as this web server reaches it. Editors never call it directly.', 'reliability-check' ); ?></p>
					</td>
				</tr>
				<tr>
					<th scope="row"><label for="reliability-check-key"><?php esc_html_e( 'API key', 'reliability-check' ); ?></label></th>
					<td>
						<input id="reliability-check-key" name="<?php echo esc_attr( RELIABILITY_CHECK_KEY_OPTION ); ?>" type="password" class="regular-text" value="" autocomplete="off" aria-describedby="reliability-check-key-hint">
						<p class="description" id="reliability-check-key-hint">
							<?php
							echo esc_html(
								$has_key
									? __( 'A key is stored. Leave this empty to keep it, or type a new one.', 'reliability-check' )
									: __( 'Only if the service requires one (SCORER_REQUIRE_API_KEY_FOR_READS).', 'reliability-check' )
							);
							?>
						</p>
						<?php if ( $has_key ) : ?>
							<label><input type="checkbox" name="reliability_check_clear_key" value="1"> <?php esc_html_e( 'Remove the stored key', 'reliability-check' ); ?></label>
						<?php endif; ?>
					</td>
				</tr>
			</table>
			<?php submit_button(); ?>
		</form>
	</div>
	<?php
}
