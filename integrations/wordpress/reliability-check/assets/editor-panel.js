/*
 * The block editor sidebar: mounts the shared reliability-check widget (reliability-check.js) over the
 * post's rich-text blocks. No build step: it uses the wp.* globals the block editor provides, and
 * creates elements without JSX.
 *
 * The widget lives as long as the editor, not the sidebar, so closing the sidebar keeps the results and
 * the highlights; the sidebar only shows the widget's element.
 */
(function (wp, RC, config) {
  "use strict";

  if (!wp || !RC || !config) return;
  var el = wp.element.createElement;
  var BLOCKS = ".is-root-container .block-editor-rich-text__editable";
  var widget = null;
  // How long to wait for a canvas being rendered anew: 100 ms at a time, for 10 s at most.
  var CANVAS_POLL_MS = 100;
  var CANVAS_POLL_TRIES = 100;

  /**
   * The editor canvas: the admin page itself, or the iframe newer editors render the post into. Looked up
   * at each use: switching to the code editor and back, or the device preview, replaces the iframe.
   */
  function canvasDocument() {
    var frame = document.querySelector('iframe[name="editor-canvas"]');
    return (frame && frame.contentDocument) || document;
  }

  /** The element holding the post's blocks, or null while none is shown (the code editor, a loading iframe). */
  function canvasRoot() {
    return canvasDocument().querySelector(".is-root-container");
  }

  function postId() {
    return wp.data.select("core/editor").getCurrentPostId();
  }

  /** The site's current REST nonce (the editor refreshes it on long sessions). */
  function nonce() {
    var middleware = wp.apiFetch && wp.apiFetch.nonceMiddleware;
    return (middleware && middleware.nonce) || config.nonce;
  }

  /** Reviews live in the post's meta on the site, so every editor of the post sees them. */
  function postReviews() {
    var path = config.postsUrl + postId() + "/reviews";
    function send(method, body) {
      return wp.apiFetch({ url: path, method: method, data: body }).then(function (answer) { return answer.reviews || {}; });
    }
    return {
      load: function () { return send("GET"); },
      save: function (key, review) { return send("POST", { key: key, status: review.status, note: review.note || "" }); },
    };
  }

  /**
   * Edits arrive through the block editor's store; a new blocks list means the text may have changed.
   * A canvas rendered anew (after the code editor or a device preview) is read again once its blocks are
   * shown; while there is no canvas the results wait for it rather than reading an empty draft.
   */
  function blocksSource() {
    var source = RC.elementsSource(function () { return canvasDocument().querySelectorAll(BLOCKS); }, function () { return canvasDocument().body; });
    source.observe = function (callback) {
      var blocks = wp.data.select("core/block-editor").getBlocks();
      var canvas = canvasRoot();
      var waiting = null;
      // The editor renders the new canvas a moment after the store says so (an iframe loads first).
      function followCanvas(tries) {
        clearTimeout(waiting);
        waiting = null;
        var now = canvasRoot();
        if (now && now !== canvas) {
          canvas = now;
          callback();
        } else if (tries > 0) {
          waiting = setTimeout(function () { followCanvas(tries - 1); }, CANVAS_POLL_MS);
        }
      }
      var unsubscribe = wp.data.subscribe(function () {
        var now = wp.data.select("core/block-editor").getBlocks();
        if (now !== blocks) {
          blocks = now;
          if (canvasRoot()) callback();
        }
        if (!waiting && canvasRoot() !== canvas) followCanvas(CANVAS_POLL_TRIES);
      });
      return function () {
        clearTimeout(waiting);
        unsubscribe();
      };
    };
    return source;
  }

  function ensureWidget() {
    if (widget) return widget;
    var holder = document.createElement("div");
    widget = RC.attach(blocksSource(), {
      container: holder,
      endpoint: config.checkUrl,
      headers: function () { return { "X-WP-Nonce": nonce() }; },
      credentials: "same-origin",
      // Longer than the site's own wait for the service (rest.php), so its clearer error arrives first.
      timeoutMs: 75000,
      reviews: postReviews(),
      where: "WordPress",
      headingLevel: 2,
      title: function () { return wp.data.select("core/editor").getEditedPostAttribute("title") || ""; },
    });
    return widget;
  }

  function Panel() {
    var ref = wp.element.useRef(null);
    wp.element.useEffect(function () {
      var node = ensureWidget().element;
      ref.current.append(node);
      return function () { node.remove(); };
    }, []);
    var notice = config.configured
      ? null
      : el("p", { className: "rc-wp-notice" }, "No reliability service is set up yet. ", config.settingsUrl ? el("a", { href: config.settingsUrl }, "Set its URL in Settings.") : "Ask an administrator to set its URL.");
    return el("div", { className: "rc-wp-panel" }, notice, el("div", { ref: ref }));
  }

  wp.plugins.registerPlugin("reliability-check", {
    icon: "yes-alt",
    render: function () {
      return el(
        wp.element.Fragment,
        null,
        el(wp.editPost.PluginSidebarMoreMenuItem, { target: "reliability-check" }, "Reliability check"),
        el(wp.editPost.PluginSidebar, { name: "reliability-check", title: "Reliability check" }, el(Panel))
      );
    },
  });
})(window.wp, window.ReliabilityCheck, window.reliabilityCheckConfig);
