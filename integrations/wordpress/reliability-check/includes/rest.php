<?php
/**
 * REST routes for the editor: the draft check (forwarded to the service) and each post's claim reviews.
 *
 *   POST /reliability-check/v1/check                {text, source?} -> the service's /check answer
 *   GET  /reliability-check/v1/posts/<id>/reviews   -> {reviews: {key: {status, note, by, at}}}
 *   POST /reliability-check/v1/posts/<id>/reviews   {key, status: checked|dismissed|open, note}
 */

defined( 'ABSPATH' ) || exit;

const RELIABILITY_CHECK_NAMESPACE = 'reliability-check/v1';
const RELIABILITY_CHECK_REVIEWS_META = '_reliability_check_reviews';
// The service answers a 1,000-word draft in well under a second when warm; a cold model takes longer.
// The editor's script waits 75 s, so this site's own "did not answer" reaches the editor first.
const RELIABILITY_CHECK_TIMEOUT_SECONDS = 60;
// The service's own bounds: its draft limit, and a note long enough for a paragraph.
const RELIABILITY_CHECK_MAX_TEXT_CHARS = 100000;
const RELIABILITY_CHECK_MAX_NOTE_CHARS = 2000;
const RELIABILITY_CHECK_MAX_KEY_CHARS = 2000;
const RELIABILITY_CHECK_MAX_REVIEWS = 1000;

add_action(
	'rest_api_init',
	function () {
		register_rest_route(
			RELIABILITY_CHECK_NAMESPACE,
			'/check',
			array(
				'methods'             => 'POST',
				'callback'            => 'reliability_check_forward_check',
				'permission_callback' => function () {
					return current_user_can( 'edit_posts' );
				},
			)
		);
		$can_edit = function ( WP_REST_Request $request ) {
			return current_user_can( 'edit_post', (int) $request['id'] );
		};
		register_rest_route(
			RELIABILITY_CHECK_NAMESPACE,
			'/posts/(?P<id>\d+)/reviews',
			array(
				array(
					'methods'             => 'GET',
					'callback'            => function ( WP_REST_Request $request ) {
						return array( 'reviews' => (object) reliability_check_reviews( (int) $request['id'] ) );
					},
					'permission_callback' => $can_edit,
				),
				array(
					'methods'             => 'POST',
					'callback'            => 'reliability_check_save_review',
					'permission_callback' => $can_edit,
					'args'                => array(
						'key'    => array(
							'type'      => 'string',
							'required'  => true,
							'minLength' => 1,
							'maxLength' => RELIABILITY_CHECK_MAX_KEY_CHARS,
						),
						'status' => array(
							'type'     => 'string',
							'required' => true,
							'enum'     => array( 'checked', 'dismissed', 'open' ),
						),
						'note'   => array(
							'type'      => 'string',
							'default'   => '',
							'maxLength' => RELIABILITY_CHECK_MAX_NOTE_CHARS,
						),
					),
				),
			)
		);
	}
);

/** The service's error shape, so the editor reads one kind of error whichever side failed. */
function reliability_check_error( $status, $code, $detail ) {
	return new WP_REST_Response(
		array(
			'detail' => $detail,
			'code'   => $code,
		),
		$status
	);
}

function reliability_check_forward_check( WP_REST_Request $request ) {
	$base = reliability_check_service_url();
	if ( '' === $base ) {
		return reliability_check_error( 503, 'not_configured', __( 'No reliability service is set up for this site. An administrator can set its URL under Settings → Reliability check.', 'reliability-check' ) );
	}
	$body = array(
		'text'   => (string) $request->get_param( 'text' ),
		'source' => $request->get_param( 'source' ),
	);
	if ( mb_strlen( $body['text'] ) > RELIABILITY_CHECK_MAX_TEXT_CHARS * 2 ) {
		// Twice the service's limit: larger bodies are refused here rather than sent on.
		return reliability_check_error( 413, 'text_too_long', __( 'The draft is far over the service limit.', 'reliability-check' ) );
	}
	$headers = array(
		'Content-Type' => 'application/json',
		'Accept'       => 'application/json',
	);
	$key = reliability_check_api_key();
	if ( '' !== $key ) {
		$headers['X-API-Key'] = $key;
	}
	$response = wp_remote_post(
		$base . '/check',
		array(
			'headers' => $headers,
			'body'    => wp_json_encode( $body ),
			'timeout' => RELIABILITY_CHECK_TIMEOUT_SECONDS,
		)
	);
	if ( is_wp_error( $response ) ) {
		// The HTTP error can name internal hosts and ports: it goes to the site's log, not to every editor.
		// phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_error_log
		error_log( 'reliability-check: could not reach ' . $base . '/check: ' . $response->get_error_message() );
		return reliability_check_error(
			502,
			'service_unreachable',
			__( 'This site could not reach the reliability service. The details are in the site\'s error log.', 'reliability-check' )
		);
	}
	$status = (int) wp_remote_retrieve_response_code( $response );
	// Objects stay objects: an empty {} in the answer must not come back as [].
	$payload = json_decode( wp_remote_retrieve_body( $response ) );
	if ( ! is_object( $payload ) ) {
		return reliability_check_error( 502, 'bad_response', __( 'The reliability service sent an answer this site could not read.', 'reliability-check' ) );
	}
	if ( 401 === $status || 403 === $status ) {
		// The key is the site's, not the editor's: say who can fix it.
		$payload->detail = __( 'The reliability service refused this site\'s API key. An administrator can set it under Settings → Reliability check.', 'reliability-check' );
	}
	return new WP_REST_Response( $payload, $status );
}

/** The post's reviews: claim key → {status, note, by, at}. */
function reliability_check_reviews( $post_id ) {
	$stored = get_post_meta( $post_id, RELIABILITY_CHECK_REVIEWS_META, true );
	return is_array( $stored ) ? $stored : array();
}

function reliability_check_save_review( WP_REST_Request $request ) {
	$post_id = (int) $request['id'];
	if ( ! get_post( $post_id ) ) {
		return reliability_check_error( 404, 'post_not_found', __( 'No such post.', 'reliability-check' ) );
	}
	$reviews = reliability_check_reviews( $post_id );
	$key     = (string) $request['key'];
	if ( 'open' === $request['status'] ) {
		unset( $reviews[ $key ] );
	} else {
		if ( ! isset( $reviews[ $key ] ) && count( $reviews ) >= RELIABILITY_CHECK_MAX_REVIEWS ) {
			return reliability_check_error( 422, 'too_many_reviews', __( 'This post has too many claim reviews stored.', 'reliability-check' ) );
		}
		// The note is only ever shown as text, so "<50 deaths" is kept as typed; control characters are refused.
		$note = trim( (string) $request['note'] );
		if ( preg_match( '/[\x00-\x08\x0B\x0C\x0E-\x1F\x7F]/', $note ) ) {
			return reliability_check_error( 422, 'bad_note', __( 'The note holds control characters; type it again as plain text.', 'reliability-check' ) );
		}
		$reviews[ $key ] = array(
			'status' => (string) $request['status'],
			'note'   => $note,
			'by'     => wp_get_current_user()->display_name,
			'at'     => gmdate( 'c' ),
		);
	}
	update_post_meta( $post_id, RELIABILITY_CHECK_REVIEWS_META, $reviews );
	return array( 'reviews' => (object) $reviews );
}
