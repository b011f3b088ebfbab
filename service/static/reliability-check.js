/*
 * reliability-check.js: check a news draft against the reliability service from any page or CMS editor.
 *
 * One file with no build step and no dependencies, because a CMS includes it with one <script> tag; the
 * /plugin page and the WordPress plugin use it too, so all three say the same things the same way. It
 * holds four parts: the API client, the words (verdict and sourcing sentences), the views (a claim's
 * evidence, its review controls, the report export) and attach(), the widget built from them.
 *
 *   <script src="https://scorer.example.org/static/reliability-check.js"></script>
 *   <link rel="stylesheet" href="https://scorer.example.org/static/reliability-check.css">
 *
 * A page on another origin must be listed in the service's SCORER_CORS_ORIGINS.
 *
 * ReliabilityCheck.check(text, options) -> Promise<CheckResponse>
 *   POST /check; resolves with {claims, summary, versions}. Rejects with a ReliabilityCheck.Error carrying
 *   .status (0 when the service was not reached), .code, .detail as the service sent them, and a readable
 *   .message; an abort through options.signal rejects with the browser's AbortError.
 *
 * ReliabilityCheck.attach(target, options) -> {check(): Promise, detach(): void, report(): object|null}
 *   target: a <textarea>, a contenteditable element, or a source made by ReliabilityCheck.elementsSource.
 *   Adds a "Check claims" button and lists the claims that need attention, most urgent first, each with
 *   a plain verdict sentence. Selecting one opens its evidence; "Show in the draft" selects the sentence.
 *   In a contenteditable the claims are highlighted in place (CSS Custom Highlight API: the editor's DOM
 *   is never changed). When the text is edited, results that no longer match are marked as changed and
 *   the rest follow their sentence; "Re-check" sends the draft again, and the service, which caches
 *   sentence by sentence, scores only the changed ones. Claims can be marked as checked or dismissed with
 *   a note (options.reviews; by default kept in this browser's localStorage), and the check can be
 *   downloaded as a Markdown report for a standards editor.
 *
 * Options (check and attach):
 *   endpoint   URL of /check; default: /check on the origin this script was loaded from
 *   source     where the draft's claims come from: a URL string, an outlet name, or {url, outlet}
 *   apiKey     sent as X-API-Key where the service requires a key
 *   headers    extra request headers: an object, or a function returning one at each request
 *   signal     an AbortSignal to cancel the request
 *   timeoutMs  give up after this long (default 60000)
 *   credentials  fetch's credentials mode (default "omit"; "same-origin" for a CMS's own REST API)
 * attach() also takes:
 *   container  element to render into (default: a box inserted after the target)
 *   reviews    {load(): Promise<map>, save(key, {status, note}): Promise<map>}; see localReviews()
 *   onResult   function (report) called after each successful check
 *   shortcut   true to also check on Ctrl+Enter / Cmd+Enter in the target (off by default: CMSs use it)
 *   headingLevel  the level of the widget's headings (default 3), to fit the host page's outline
 *   storageKey where the default review store keeps this draft's reviews (default: the page's path)
 *   title      function returning the draft's title, for the report; where: the tool's name, for the report
 *
 * Offsets in the response (claim start/end, conflict spans) count Unicode code points, as Python does;
 * ReliabilityCheck.segments(text, spans) cuts a string at such offsets.
 *
 * Every string from the API reaches the DOM as text (textContent, text nodes), never as markup.
 */
(function (global) {
  "use strict";

  var script = document.currentScript;
  var SERVICE_ORIGIN = script && script.src ? new URL(script.src).origin : global.location.origin;
  var DEFAULT_ENDPOINT = SERVICE_ORIGIN + "/check";
  var DEFAULT_TIMEOUT_MS = 60000;
  // After an edit, wait for a pause in typing before re-reading the text.
  var EDIT_SETTLE_MS = 250;
  var EXCERPT_CHARS = 90;
  // Cosine similarity in words; the service's support threshold is 0.65 (SCORER_SUPPORTS_SIMILARITY).
  var CLOSE_MATCH = 0.8;
  var SIMILAR_MATCH = 0.65;
  var BAND_TEXT = { high: "\u2713 high", mixed: "~ mixed", low: "\u2717 low" };
  var VERDICT_TEXT = {
    corroborated: "corroborated",
    single_source: "single source",
    contested: "contested",
    unverified: "unverified",
  };
  var STANCE_TEXT = { supports: "Says the same", contradicts: "Says otherwise", related: "On the same subject" };
  var CONFLICT_TEXT = { number: "Figure", date: "Date", negation: "Negation", actor: "Who" };
  var REVIEW_TEXT = { checked: "Checked", dismissed: "Dismissed" };
  var BLOCK_TAGS = /^(?:P|DIV|LI|H[1-6]|BLOCKQUOTE|PRE|FIGCAPTION|TD|TH)$/;
  var HIGHLIGHTS = ["rc-high", "rc-mixed", "rc-low", "rc-reviewed", "rc-active"];

  /* ================================ the API client ================================ */

  function ReliabilityCheckError(status, code, detail, message) {
    var error = new Error(message);
    Object.setPrototypeOf(error, ReliabilityCheckError.prototype);
    error.name = "ReliabilityCheckError";
    error.status = status;
    error.code = code;
    error.detail = detail;
    return error;
  }
  ReliabilityCheckError.prototype = Object.create(Error.prototype, {
    constructor: { value: ReliabilityCheckError, writable: true, configurable: true },
  });

  /** Turn the API's detail (a string, or FastAPI's list of {loc, msg}) into plain sentences. */
  function describeDetail(detail) {
    if (typeof detail === "string") return [detail];
    if (Array.isArray(detail)) {
      return detail.map(function (item) {
        if (!item || typeof item !== "object") return String(item);
        var loc = Array.isArray(item.loc) ? item.loc.filter(function (part) { return part !== "body"; }) : [];
        var msg = String(item.msg || "invalid value").replace(/^Value error, /, "");
        return loc.length ? loc.join(".") + ": " + msg : msg;
      });
    }
    if (detail === undefined || detail === null) return [];
    return [JSON.stringify(detail)];
  }

  function normaliseSource(source) {
    if (source === undefined || source === null) return null;
    if (typeof source === "string") {
      var value = source.trim();
      if (!value) return null;
      return /^https?:\/\//i.test(value) ? { url: value } : { outlet: value };
    }
    var out = {};
    if (typeof source.url === "string" && source.url.trim()) out.url = source.url.trim();
    if (typeof source.outlet === "string" && source.outlet.trim()) out.outlet = source.outlet.trim();
    return out.url || out.outlet ? out : null;
  }

  function requestHeaders(options) {
    var headers = { "Content-Type": "application/json", Accept: "application/json" };
    if (options.apiKey) headers["X-API-Key"] = options.apiKey;
    var extra = typeof options.headers === "function" ? options.headers() : options.headers;
    Object.keys(extra || {}).forEach(function (name) { headers[name] = extra[name]; });
    return headers;
  }

  /** The error's sentences: the API's detail, else a WordPress error's message, else the status line. */
  function errorDetail(payload, response) {
    if (payload && typeof payload === "object" && !Array.isArray(payload)) {
      if ("detail" in payload) return payload.detail;
      if (typeof payload.message === "string") return payload.message;
    }
    return response.statusText;
  }

  function readAnswer(response) {
    return response.text().then(function (raw) {
      var payload = null;
      try {
        payload = raw ? JSON.parse(raw) : null;
      } catch (ignored) {
        payload = null;
      }
      if (!response.ok) {
        var detail = errorDetail(payload, response);
        var code = (payload && typeof payload === "object" && typeof payload.code === "string" && payload.code) || "http_" + response.status;
        var lines = describeDetail(detail).filter(function (line) { return line.trim(); });
        var message = lines.length ? lines.join("; ") : "the service answered " + response.status;
        throw ReliabilityCheckError(response.status, code, detail, message);
      }
      if (!payload || typeof payload !== "object" || !Array.isArray(payload.claims) || !payload.summary) {
        throw ReliabilityCheckError(response.status, "bad_response", null, "the service sent an unexpected answer");
      }
      return payload;
    });
  }

  /**
   * A request that never reached an answer: offline, the service down, an error answered without CORS
   * headers (a proxy's 502 in front of dead pods, an unexpected 500), or (for a page on another origin)
   * the service refusing this origin. The browser hides which. For a page on another origin, /healthz
   * asked the ordinary way says whether the service answers this page at all; when it does not, yet a
   * no-cors request (which CORS does not block) is answered, either the origin is not allowed or what
   * answers is a proxy in front of a service that is down, and the browser cannot tell which.
   */
  function unreachable(endpoint, error) {
    var reason = error && error.message ? error.message : "network error";
    var crossOrigin = new URL(endpoint, global.location.href).origin !== global.location.origin;
    var plain = ReliabilityCheckError(0, "network_error", null, "could not reach the reliability service (" + reason + ")");
    if (!crossOrigin) return Promise.resolve(plain);
    var health = new URL("/healthz", endpoint).href;
    var probe = { credentials: "omit", cache: "no-store", referrerPolicy: "no-referrer" };
    return fetch(health, probe).then(
      function () {
        return ReliabilityCheckError(0, "unreadable_answer", null, "the reliability service answers this page, but its answer to the check could not be read");
      },
      function () {
        return fetch(health, Object.assign({ mode: "no-cors" }, probe)).then(
          function () {
            var origin = global.location.origin;
            return ReliabilityCheckError(0, "origin_or_unreachable", null, "the reliability service could not be reached from " + origin + ", or does not accept requests from it");
          },
          function () { return plain; }
        );
      }
    );
  }

  function check(text, options) {
    options = options || {};
    var endpoint = options.endpoint || DEFAULT_ENDPOINT;
    var controller = new AbortController();
    var timedOut = false;
    var timer = setTimeout(function () {
      timedOut = true;
      controller.abort();
    }, options.timeoutMs || DEFAULT_TIMEOUT_MS);
    var outer = options.signal;
    var forward = function () { controller.abort(); };
    if (outer) {
      if (outer.aborted) controller.abort();
      else outer.addEventListener("abort", forward, { once: true });
    }
    var done = function () {
      clearTimeout(timer);
      if (outer) outer.removeEventListener("abort", forward);
    };
    var body = JSON.stringify({ text: String(text), source: normaliseSource(options.source) });
    return fetch(endpoint, {
      method: "POST",
      headers: requestHeaders(options),
      body: body,
      signal: controller.signal,
      credentials: options.credentials || "omit",
      referrerPolicy: "no-referrer",
    })
      .then(readAnswer, function (error) {
        if (timedOut) throw ReliabilityCheckError(0, "timeout", null, "the service did not answer in time");
        if (error && error.name === "AbortError") throw error;
        return unreachable(endpoint, error).then(function (failure) { throw failure; });
      })
      .finally(done);
  }

  /* ================================ offsets ================================ */

  /** units[i] = UTF-16 index of code point i; units[length] = text.length. */
  function codeUnits(text) {
    var units = [0];
    for (var i = 0; i < text.length; i++) {
      var code = text.charCodeAt(i);
      if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
        var next = text.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) i++;
      }
      units.push(i + 1);
    }
    return units;
  }

  /**
   * Cut text at code-point offsets. spans: [{start, end, ...}]; returns [{text, spans: [...]}] covering the
   * whole text in order, where overlapping spans merge into one piece and spans out of range are dropped.
   */
  function segments(text, spans) {
    var units = codeUnits(text);
    var length = units.length - 1;
    var sorted = (spans || [])
      .filter(function (s) {
        return Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= 0 && s.end <= length && s.start < s.end;
      })
      .slice()
      .sort(function (a, b) { return a.start - b.start || b.end - a.end; });
    var pieces = [];
    var cursor = 0;
    var k = 0;
    while (k < sorted.length) {
      var start = sorted[k].start;
      var end = sorted[k].end;
      var group = [sorted[k]];
      k++;
      while (k < sorted.length && sorted[k].start < end) {
        end = Math.max(end, sorted[k].end);
        group.push(sorted[k]);
        k++;
      }
      if (start > cursor) pieces.push({ text: text.slice(units[cursor], units[start]), spans: [] });
      pieces.push({ text: text.slice(units[start], units[end]), spans: group });
      cursor = end;
    }
    if (cursor < length) pieces.push({ text: text.slice(units[cursor]), spans: [] });
    return pieces;
  }

  /* ================================ the words ================================ */

  function known(value) {
    return typeof value === "string" && value.trim() && value !== "unknown" ? value.trim() : null;
  }

  /** The outlet as a reader knows it; never a corpus id. */
  function outletName(evidence) {
    return known(evidence.outlet_name) || known(evidence.outlet) || "an unidentified outlet";
  }

  function capitalise(text) {
    return text.charAt(0).toUpperCase() + text.slice(1);
  }

  function listWords(items) {
    if (items.length <= 1) return items.join("");
    return items.slice(0, -1).join(", ") + " and " + items[items.length - 1];
  }

  function unique(items) {
    return items.filter(function (item, i) { return items.indexOf(item) === i; });
  }

  /** Named outlets first, in the service's order: "Conflicts with Reuters" tells a reporter where to look. */
  function namedFirst(evidence) {
    var named = function (e) { return Boolean(known(e.outlet_name) || known(e.outlet)); };
    return evidence.filter(named).concat(evidence.filter(function (e) { return !named(e); }));
  }

  function contestedSentence(result) {
    var against = namedFirst(result.evidence.filter(function (e) { return e.stance === "contradicts"; }));
    if (!against.length) return "Conflicts with the archive.";
    var first = against[0];
    var conflict = (first.conflicts || [])[0];
    var sentence = "Conflicts with " + outletName(first);
    if (conflict && conflict.kind === "negation") sentence += ", which says the opposite";
    else if (conflict && conflict.passage && conflict.claim) sentence += ": " + conflict.passage.text + ", not " + conflict.claim.text;
    var others = unique(against.slice(1).map(outletName)).filter(function (name) { return name !== outletName(first); });
    if (others.length) sentence += "; " + listWords(others) + (others.length === 1 ? " disagrees" : " disagree") + " too";
    return sentence + ".";
  }

  /** One plain sentence for a claim's verdict, naming the outlets and, for a clash, the figures. */
  function verdictSentence(result) {
    var supporting = unique(result.evidence.filter(function (e) { return e.stance === "supports"; }).map(outletName));
    var origins = (result.signals.corroboration.origins || []).map(function (o) { return o.label; });
    switch (result.verdict) {
      case "contested":
        return contestedSentence(result);
      case "corroborated":
        return "Backed by " + result.signals.corroboration.independent_sources + " independent sources: " + listWords(supporting.length ? supporting : origins) + ".";
      case "single_source":
        return "Only one source reports this: " + (origins[0] || supporting[0] || "one outlet") + ".";
      default:
        return "Nothing in the archive confirms or contradicts this.";
    }
  }

  /** How the draft itself sources the claim, in words. */
  function sourcingSentence(result) {
    var a = result.signals.attribution;
    var who = a.attributed_to;
    switch (a.kind) {
      case "on_record":
        return who ? "Attributed on the record to " + who + "." : "Attributed on the record.";
      case "media_report":
        return who ? "Rests on another outlet's report (" + who + ")." : "Rests on another outlet's report.";
      case "anonymous":
        return "Rests on an unnamed source" + (who ? " (\u201c" + who + "\u201d)" : "") + ".";
      case "hedged":
        return "Hedged (\u201c" + (a.cues && a.cues.length ? a.cues[0].text : "reportedly") + "\u201d) with no named source.";
      default:
        return "The draft names no source for it.";
    }
  }

  /** What a reporter can do about it, or null when nothing is needed. */
  function adviceSentence(result) {
    var kind = result.signals.attribution.kind;
    if (result.verdict === "contested") return "Check the figures against the sources below before publishing, or attribute the claim.";
    if (kind === "anonymous" || kind === "hedged") return "Name the source, or find an independent one that confirms it.";
    if (result.verdict === "unverified") return "Find a source for it, or say who makes the claim.";
    if (result.band === "low") return "Look for a better-rated source that confirms it.";
    return null;
  }

  function matchWords(similarity) {
    if (typeof similarity !== "number") return "";
    return similarity >= CLOSE_MATCH ? "close match" : similarity >= SIMILAR_MATCH ? "similar wording" : "loosely related";
  }

  function dateWords(iso) {
    if (!known(iso)) return null;
    var date = new Date(iso.length === 10 ? iso + "T00:00:00Z" : iso);
    if (isNaN(date.getTime())) return iso;
    return date.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  }

  function excerpt(text, chars) {
    var all = Array.from(String(text).trim());
    var limit = chars || EXCERPT_CHARS;
    return all.length > limit ? all.slice(0, limit - 1).join("") + "\u2026" : all.join("");
  }

  function wordCount(text) {
    var words = String(text).trim().match(/\S+/g);
    return words ? words.length : 0;
  }

  /** The error's detail as sentences, empty ones dropped; fallback when there are none. */
  function detailWords(error, fallback) {
    var lines = error ? describeDetail(error.detail).filter(function (line) { return String(line).trim(); }) : [];
    return lines.length ? lines.join(" ") : fallback;
  }

  /**
   * What went wrong and what to do, for a reporter: {title, detail, retry}. context.text is the draft
   * (for its length), context.service names the service in "could not reach".
   */
  function explainError(error, context) {
    context = context || {};
    var text = context.text || "";
    var fields = Array.isArray(error && error.detail) ? error.detail : [];
    var onText = fields.filter(function (item) { return item && Array.isArray(item.loc) && item.loc[item.loc.length - 1] === "text"; });
    var onUrl = fields.filter(function (item) { return item && Array.isArray(item.loc) && item.loc.indexOf("url") >= 0; });
    if (!text.trim() || onText.some(function (f) { return f.type === "string_too_short" || /non-whitespace/.test(f.msg || ""); })) {
      return { title: "The draft is empty.", detail: "Type or paste the text you want to check, then check again.", retry: false };
    }
    var limit = onText.map(function (f) { return /at most (\d+)/.exec(f.msg || ""); }).filter(Boolean)[0];
    if (limit || (error && (error.status === 413 || error.code === "text_too_long"))) {
      var words = wordCount(text).toLocaleString("en-GB");
      var chars = Array.from(text).length.toLocaleString("en-GB");
      var most = limit ? Number(limit[1]).toLocaleString("en-GB") + " characters" : "the service's limit";
      return { title: "The draft is too long to check in one go.", detail: "It is " + words + " words (" + chars + " characters); the service checks at most " + most + " at a time. Check it in parts.", retry: false };
    }
    if (onUrl.length) return { title: "The source URL is not a web address.", detail: "Give a full address starting with http:// or https://, or leave the field empty.", retry: false };
    switch (error && error.code) {
      case "origin_or_unreachable":
        return {
          title: "The reliability service could not be reached from this page, or this page's address is not allowed.",
          detail: "Try again in a moment. If it keeps failing and the service is running, ask whoever runs it to add " + global.location.origin + " to its allowed origins (SCORER_CORS_ORIGINS).",
          retry: true,
        };
      case "unreadable_answer":
        return { title: "The reliability service failed to answer the check.", detail: "It may have hit an error. Try again; if it keeps failing, tell whoever runs the service.", retry: true };
      case "not_configured":
        return { title: "No reliability service is set up for this site.", detail: "An administrator must set the service URL in the plugin's settings.", retry: false };
      case "network_error":
      case "service_unreachable":
        return { title: "Could not reach the reliability service" + (context.service ? " at " + context.service : "") + ".", detail: "Check your connection, or whether the service is running, then try again.", retry: true };
      case "timeout":
        return { title: "The reliability service did not answer in time.", detail: "It may be busy or still loading. Try again in a moment.", retry: true };
      case "not_ready":
        return { title: "The reliability service is still starting.", detail: "Try again in a few seconds.", retry: true };
      case "rate_limited":
        return { title: "Too many checks in a short time.", detail: "Wait a minute, then try again.", retry: true };
    }
    if (error && typeof error.code === "string" && /^rest_/.test(error.code)) {
      // WordPress's own refusal (an expired login or nonce, a missing permission), not the service's.
      var said = detailWords(error, "");
      return { title: "WordPress refused the check" + (said ? ": " + said.replace(/\.$/, "") : "") + ".", detail: "Your login may have expired: reload the editor, or log in again, then check again.", retry: false };
    }
    if (error && (error.status === 401 || error.status === 403)) {
      return { title: "The service needs a valid API key.", detail: detailWords(error, "") || "Enter the key under Service settings.", retry: false };
    }
    return { title: "The check did not run.", detail: capitalise(detailWords(error, (error && error.message) || String(error))), retry: Boolean(error && error.status >= 500) };
  }

  /* ================================ reviews ================================ */

  /** Reviews follow a claim's wording, so one survives re-checks until its sentence is edited. */
  function reviewKey(text) {
    return String(text).replace(/\s+/g, " ").trim();
  }

  /** A review store in this browser's localStorage, under one key per draft or page. */
  function localReviews(storageKey) {
    var name = "reliability-check:reviews:" + (storageKey || global.location.pathname);
    function read() {
      try {
        var value = JSON.parse(global.localStorage.getItem(name) || "{}");
        return value && typeof value === "object" ? value : {};
      } catch (ignored) {
        return {};
      }
    }
    return {
      load: function () { return Promise.resolve(read()); },
      save: function (key, review) {
        var all = read();
        if (!review || review.status === "open") delete all[key];
        else all[key] = { status: review.status, note: review.note || "", at: new Date().toISOString() };
        global.localStorage.setItem(name, JSON.stringify(all));
        return Promise.resolve(all);
      },
    };
  }

  function reviewWords(review) {
    if (!review) return null;
    var words = REVIEW_TEXT[review.status] || review.status;
    if (review.by) words += " by " + review.by;
    var when = review.at ? dateWords(review.at) : null;
    if (when) words += " on " + when;
    return words + (review.note ? ": " + review.note : "");
  }

  /* ================================ views ================================ */

  /** createElement with className, attributes (never style or on*) and children (strings become text). */
  function el(tag, options, children) {
    var node = document.createElement(tag);
    options = options || {};
    if (options.className) node.className = options.className;
    if (options.text !== undefined) node.textContent = options.text;
    Object.keys(options.attrs || {}).forEach(function (name) {
      node.setAttribute(name, options.attrs[name]);
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined || child === false) return;
      node.append(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function badge(band, verdict) {
    var text = (BAND_TEXT[band] || band) + (verdict ? " \u00b7 " + (VERDICT_TEXT[verdict] || verdict) : "");
    return el("span", { className: "rc-badge rc-band-" + band, text: text, attrs: { "data-testid": "rc-badge" } });
  }

  /** text with the given code-point spans wrapped in <mark>. */
  function marked(text, spans, className) {
    var node = document.createDocumentFragment();
    segments(text, spans).forEach(function (piece) {
      node.append(piece.spans.length ? el("mark", { className: className, text: piece.text }) : document.createTextNode(piece.text));
    });
    return node;
  }

  function safeUrl(url) {
    return known(url) && /^https?:\/\//i.test(url) ? url : null;
  }

  function sourceLine(evidence) {
    var parts = [el("strong", { className: "rc-outlet", text: capitalise(outletName(evidence)), attrs: { "data-testid": "rc-outlet" } })];
    var title = known(evidence.title);
    var url = safeUrl(evidence.url);
    if (title || url) {
      var label = title ? "\u201c" + title + "\u201d" : "the article";
      parts.push(", ", url ? el("a", { text: label, attrs: { href: url, target: "_blank", rel: "noopener noreferrer", "data-testid": "rc-article" } }) : el("cite", { text: label, attrs: { "data-testid": "rc-article" } }));
    }
    var date = dateWords(evidence.published_at);
    if (date) parts.push(", ", el("time", { text: date, attrs: { datetime: evidence.published_at } }));
    return el("p", { className: "rc-evidence-source" }, parts);
  }

  /** The clashing figures of one passage side by side: the draft's and the outlet's. */
  function clashTable(evidence) {
    var conflicts = evidence.conflicts || [];
    if (!conflicts.length) return null;
    var rows = conflicts.map(function (k) {
      return el("tr", {}, [
        el("th", { text: CONFLICT_TEXT[k.kind] || k.kind, attrs: { scope: "row" } }),
        el("td", { text: k.claim.text, attrs: { "data-testid": "rc-clash-draft" } }),
        el("td", { text: k.passage.text, attrs: { "data-testid": "rc-clash-source" } }),
      ]);
    });
    return el("table", { className: "rc-clash", attrs: { "data-testid": "rc-clash" } }, [
      el("caption", { text: "What clashes" }),
      el("thead", {}, [el("tr", {}, [el("td"), el("th", { text: "Your draft", attrs: { scope: "col" } }), el("th", { text: capitalise(outletName(evidence)), attrs: { scope: "col" } })])]),
      el("tbody", {}, rows),
    ]);
  }

  function evidenceItem(evidence) {
    var spans = (evidence.conflicts || []).map(function (k) { return { start: k.passage.start, end: k.passage.end }; });
    var passage = el("blockquote", { className: "rc-passage", attrs: { "data-testid": "rc-passage" } }, [
      known(evidence.context_before) ? el("span", { className: "rc-context", text: evidence.context_before + " " }) : null,
      el("span", { className: "rc-passage-text", attrs: { "data-testid": "rc-passage-text" } }, [marked(evidence.text, spans, "rc-conflict")]),
      known(evidence.context_after) ? el("span", { className: "rc-context", text: " " + evidence.context_after }) : null,
    ]);
    return el("li", { className: "rc-evidence rc-stance-" + evidence.stance, attrs: { "data-testid": "rc-evidence", "data-stance": evidence.stance } }, [
      sourceLine(evidence),
      el("p", { className: "rc-stance" }, [
        el("span", { className: "rc-stance-label", text: STANCE_TEXT[evidence.stance] || evidence.stance, attrs: { "data-testid": "rc-stance" } }),
        matchWords(evidence.similarity) ? " \u00b7 " + matchWords(evidence.similarity) : null,
      ]),
      clashTable(evidence),
      passage,
    ]);
  }

  /** Mark as checked / dismiss, with a note; onSave(status, note) returns a promise. */
  function reviewControls(review, onSave, headingTag) {
    var id = "rc-note-" + Math.random().toString(36).slice(2);
    var box = el("div", { className: "rc-review", attrs: { "data-testid": "rc-review" } });
    var state = el("p", { className: "rc-review-state", text: reviewWords(review) || "Not reviewed yet.", attrs: { "data-testid": "rc-review-state", role: "status", tabindex: "-1" } });
    var note = el("textarea", { className: "rc-note", attrs: { id: id, rows: "2", maxlength: "2000" } });
    note.value = review && review.note ? review.note : "";
    function button(label, status) {
      var b = el("button", { className: "rc-button rc-secondary", text: label, attrs: { type: "button" } });
      b.addEventListener("click", function () {
        b.disabled = true;
        Promise.resolve(onSave(status, note.value.trim()))
          .catch(function (error) { state.textContent = "Could not save the review: " + (error && error.message ? error.message : error); })
          .finally(function () { b.disabled = false; });
      });
      return b;
    }
    box.append(
      el(headingTag || "h4", { text: "Your review" }),
      state,
      el("label", { text: "Note (optional)", attrs: { for: id } }),
      note,
      el("div", { className: "rc-review-actions" }, [
        button("Mark as checked", "checked"),
        button("Dismiss", "dismissed"),
        review ? button("Reopen", "open") : null,
      ])
    );
    return box;
  }

  /**
   * Everything about one claim a reporter needs: the verdict in a sentence, what to do, how the draft
   * sources it, the evidence in context with clashing figures side by side, and the review controls.
   * options: {review, onReview(status, note), headingLevel}
   */
  function claimDetails(claim, options) {
    options = options || {};
    var r = claim.result;
    var h = "h" + (options.headingLevel || 3);
    var claimSpans = [];
    r.evidence.forEach(function (e) {
      (e.conflicts || []).forEach(function (k) { claimSpans.push({ start: k.claim.start, end: k.claim.end }); });
    });
    var advice = adviceSentence(r);
    var against = namedFirst(r.evidence.filter(function (e) { return e.stance === "contradicts"; }));
    var others = namedFirst(r.evidence.filter(function (e) { return e.stance !== "contradicts"; }));
    return el("div", { className: "rc-details", attrs: { "data-testid": "rc-details" } }, [
      el("blockquote", { className: "rc-claim-quote rc-band-" + r.band, attrs: { "data-testid": "rc-claim-quote" } }, [marked(claim.text, claimSpans, "rc-conflict")]),
      el("p", { className: "rc-verdict" }, [badge(r.band, r.verdict), " ", el("span", { text: verdictSentence(r), attrs: { "data-testid": "rc-verdict" } })]),
      advice ? el("p", { className: "rc-advice", attrs: { "data-testid": "rc-advice" } }, [el("strong", { text: "What to do: " }), advice]) : null,
      el(h, { text: "Sourcing in your draft" }),
      el("p", { text: sourcingSentence(r), attrs: { "data-testid": "rc-sourcing" } }),
      el(h, { text: "Evidence" }),
      r.evidence.length
        ? el("ol", { className: "rc-evidence-list", attrs: { "data-testid": "rc-evidence-list" } }, against.concat(others).map(evidenceItem))
        : el("p", { className: "rc-hint", text: "No article in the archive speaks to this claim." }),
      el(h, { text: "Why this score" }),
      el("ul", { className: "rc-explanation", attrs: { "data-testid": "rc-explanation" } }, r.explanation.map(function (line) { return el("li", { text: line }); })),
      el("p", { className: "rc-score", text: "Score " + r.score.toFixed(2) + " of 1 (" + r.band + ")." }),
      options.onReview ? reviewControls(options.review, options.onReview, h) : null,
    ]);
  }

  /* ================================ the report export ================================ */

  function markdownClaim(claim, number, review) {
    var r = claim.result;
    var lines = ["### " + number + ". " + claim.text.replace(/\s+/g, " ").trim(), ""];
    lines.push("- Verdict: " + verdictSentence(r) + " (" + VERDICT_TEXT[r.verdict] + ", score " + r.score.toFixed(2) + ", " + r.band + ")");
    lines.push("- Sourcing: " + sourcingSentence(r));
    var advice = adviceSentence(r);
    if (advice) lines.push("- What to do: " + advice);
    lines.push("- Review: " + (reviewWords(review) || "not reviewed"));
    r.evidence.forEach(function (e) {
      var where = capitalise(outletName(e)) + (known(e.title) ? ", \u201c" + e.title + "\u201d" : "") + (dateWords(e.published_at) ? ", " + dateWords(e.published_at) : "");
      var link = safeUrl(e.url) ? " <" + e.url + ">" : "";
      lines.push("  - " + STANCE_TEXT[e.stance] + ": " + where + link + ": \u201c" + e.text.replace(/\s+/g, " ") + "\u201d");
      (e.conflicts || []).forEach(function (k) {
        lines.push("    - " + (CONFLICT_TEXT[k.kind] || k.kind) + ": draft \u201c" + k.claim.text + "\u201d, source \u201c" + k.passage.text + "\u201d");
      });
    });
    return lines.concat([""]);
  }

  /** The check as a Markdown document a standards editor can read, file or forward. */
  function exportMarkdown(report, reviews, meta) {
    meta = meta || {};
    reviews = reviews || {};
    var scored = report.claims.map(function (c, i) { return { claim: c, index: i }; }).filter(function (x) { return x.claim.result; });
    var attention = report.summary.attention.filter(function (i) { return report.claims[i] && report.claims[i].result; });
    var rest = scored.filter(function (x) { return attention.indexOf(x.index) < 0; });
    var lines = ["# Reliability check" + (meta.title ? ": " + meta.title : ""), ""];
    lines.push("Checked " + (meta.checkedAt || new Date()).toISOString() + (meta.where ? " in " + meta.where : "") + ".");
    lines.push(report.summary.sentences + " sentences, " + report.summary.claims + " checkable claims, " + attention.length + " needing attention.");
    var v = report.versions;
    lines.push("Service versions: model " + v.model + ", corpus " + v.corpus + ", scorer " + v.scorer + ", outlet table " + v.outlets + ".", "");
    lines.push("## Needs attention", "");
    if (!attention.length) lines.push("Nothing needs attention.", "");
    var n = 0;
    attention.forEach(function (i) {
      n += 1;
      lines = lines.concat(markdownClaim(report.claims[i], n, reviews[reviewKey(report.claims[i].text)]));
    });
    lines.push("## Other claims", "");
    if (!rest.length) lines.push("None.", "");
    rest.forEach(function (x) {
      n += 1;
      lines = lines.concat(markdownClaim(x.claim, n, reviews[reviewKey(x.claim.text)]));
    });
    return lines.join("\n");
  }

  /** Offer text as a file download (a blob URL: nothing leaves the browser). */
  function download(filename, text, type) {
    var url = URL.createObjectURL(new Blob([text], { type: type || "text/markdown;charset=utf-8" }));
    var link = el("a", { attrs: { href: url, download: filename }, className: "rc-hidden" });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 0);
  }

  function reportFilename(date) {
    var d = date || new Date();
    var pad = function (n) { return String(n).padStart(2, "0"); };
    return "reliability-check-" + d.getFullYear() + pad(d.getMonth() + 1) + pad(d.getDate()) + "-" + pad(d.getHours()) + pad(d.getMinutes()) + ".md";
  }

  /* ================================ text sources ================================ */

  function textareaSource(textarea) {
    return {
      document: textarea.ownerDocument,
      read: function () { return { text: textarea.value, rangeFor: null }; },
      select: function (snapshot, start, end) {
        textarea.focus();
        textarea.setSelectionRange(start, end);
      },
      observe: function (callback) {
        textarea.addEventListener("input", callback);
        return function () { textarea.removeEventListener("input", callback); };
      },
      keyTarget: textarea,
    };
  }

  /** The text of a set of elements, blocks separated by a blank line, with a map back to the DOM. */
  function snapshotOf(elements) {
    var text = "";
    var pieces = [];
    elements.forEach(function (element, n) {
      if (n) text += "\n\n";
      var walker = element.ownerDocument.createTreeWalker(element, 5 /* SHOW_ELEMENT | SHOW_TEXT */);
      var node;
      while ((node = walker.nextNode())) {
        if (node.nodeType === 1) {
          if (node.tagName === "BR") text += "\n";
          // A paragraph inside one editable starts a paragraph of the text, as the service reads it.
          else if (BLOCK_TAGS.test(node.tagName) && text && !/\n$/.test(text)) text += "\n\n";
          continue;
        }
        // Rich text editors pad empty lines with a zero-width no-break space; it is not text.
        if (/^\uFEFF*$/.test(node.nodeValue)) continue;
        pieces.push({ node: node, start: text.length, length: node.nodeValue.length });
        text += node.nodeValue;
      }
    });
    function locate(unit, isEnd) {
      for (var i = 0; i < pieces.length; i++) {
        var p = pieces[i];
        if (unit >= p.start && (unit < p.start + p.length || (isEnd && unit === p.start + p.length))) {
          return { node: p.node, offset: unit - p.start };
        }
      }
      return null;
    }
    return {
      text: text,
      /** Whether this snapshot's nodes are still in doc: an editor that renders its canvas anew drops them. */
      isLive: function (doc) {
        return pieces.every(function (p) { return p.node.isConnected && p.node.ownerDocument === doc; });
      },
      rangeFor: function (start, end) {
        var from = locate(start, false);
        var to = locate(end, true);
        if (!from || !to) return null;
        var range = from.node.ownerDocument.createRange();
        range.setStart(from.node, from.offset);
        range.setEnd(to.node, to.offset);
        return range;
      },
    };
  }

  /**
   * A source over editable elements, e.g. a CMS's rich-text blocks. getElements() is called at each
   * read, so blocks added or removed are followed; root is what to watch for edits. root may be a
   * function returning it, called each time the document is needed, for an editor that renders its
   * canvas anew (an iframe replaced by another); observe() then watches the root of the moment, and
   * there is no keyTarget for the shortcut.
   */
  function elementsSource(getElements, root) {
    function rootNow() { return typeof root === "function" ? root() : root; }
    return {
      get document() {
        var now = rootNow();
        return now.ownerDocument || now;
      },
      read: function () { return snapshotOf(Array.prototype.slice.call(getElements())); },
      select: function (snapshot, start, end) {
        var range = snapshot.rangeFor(start, end);
        if (!range) return;
        var host = range.startContainer.parentElement && range.startContainer.parentElement.closest("[contenteditable]");
        if (host) host.focus({ preventScroll: true });
        var selection = range.startContainer.ownerDocument.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        if (range.startContainer.parentElement) range.startContainer.parentElement.scrollIntoView({ block: "center" });
      },
      observe: function (callback) {
        var observer = new MutationObserver(callback);
        observer.observe(rootNow(), { characterData: true, childList: true, subtree: true });
        return function () { observer.disconnect(); };
      },
      keyTarget: typeof root === "function" ? null : root,
    };
  }

  /** Paint claims in the editor without touching its DOM; a no-op where the browser lacks the API. */
  function painter(doc) {
    var view = doc.defaultView;
    var supported = Boolean(view && view.CSS && view.CSS.highlights && view.Highlight);
    return {
      document: doc,
      supported: supported,
      paint: function (groups) {
        if (!supported) return;
        HIGHLIGHTS.forEach(function (name) {
          var ranges = (groups[name] || []).filter(Boolean);
          if (ranges.length) view.CSS.highlights.set(name, new view.Highlight(...ranges));
          else view.CSS.highlights.delete(name);
        });
      },
      clear: function () {
        if (supported) HIGHLIGHTS.forEach(function (name) { view.CSS.highlights.delete(name); });
      },
    };
  }

  function sourceFor(target) {
    if (target && typeof target.read === "function") return target;
    if (target && target.tagName === "TEXTAREA") return textareaSource(target);
    if (target && target.isContentEditable) return elementsSource(function () { return [target]; }, target);
    throw new TypeError("attach() needs a <textarea>, a contenteditable element or a ReliabilityCheck.elementsSource");
  }


  /* ================================ attach(): the widget ================================ */

  function attach(target, options) {
    options = options || {};
    var source = sourceFor(target);
    var paint = null;
    var reviews = options.reviews || localReviews(options.storageKey);
    var level = options.headingLevel || 3;
    var ui = buildWidget(options.container, target, level);
    var state = { report: null, snapshot: null, positions: [], changed: [], reviews: {}, inFlight: null, openIndex: null, opener: null, timer: null };

    reviews.load().then(function (loaded) {
      state.reviews = loaded || {};
      if (state.report) renderList();
    }, function () { /* shown as "not reviewed"; saving reports its own failure */ });

    function claimAt(index) { return state.report && state.report.claims[index]; }

    function adopt(report, snapshot) {
      var units = codeUnits(snapshot.text);
      state.report = report;
      state.snapshot = snapshot;
      state.positions = report.claims.map(function (c) { return { start: units[c.start], end: units[c.end] }; });
      state.changed = report.claims.map(function () { return false; });
    }

    /** After an edit: each claim follows its sentence if the sentence is still there, else it is changed. */
    function relocate() {
      if (!state.report) return;
      var snapshot = source.read();
      var cursor = 0;
      state.report.claims.forEach(function (claim, i) {
        var at = snapshot.text.indexOf(claim.text, cursor);
        state.changed[i] = at < 0;
        if (at >= 0) {
          state.positions[i] = { start: at, end: at + claim.text.length };
          cursor = at + claim.text.length;
        }
      });
      state.snapshot = snapshot;
      var changed = state.changed.filter(Boolean).length;
      ui.stale.hidden = changed === 0 && snapshot.text === state.checkedText;
      ui.staleText.textContent = changed
        ? "The draft has changed since this check: " + changed + (changed === 1 ? " sentence no longer matches." : " sentences no longer match.")
        : "The draft has changed since this check.";
      ui.root.classList.toggle("rc-is-stale", !ui.stale.hidden);
      renderList();
    }

    /** The painter for the source's document of the moment; one left in a replaced document is cleared. */
    function currentPainter() {
      var doc = source.document;
      if (!paint || paint.document !== doc) {
        if (paint) paint.clear();
        paint = painter(doc);
      }
      return paint;
    }

    /**
     * The snapshot to map claims to the draft with. Where the editor has rendered the draft anew since it
     * was read (its nodes are gone), the draft is read again: the same text keeps the claims' positions.
     * Null where the text differs: the edit is followed (relocate) once the editor reports it.
     */
    function currentSnapshot() {
      var snapshot = state.snapshot;
      if (!snapshot || !snapshot.rangeFor || !snapshot.isLive || snapshot.isLive(source.document)) return snapshot;
      var fresh = source.read();
      if (fresh.text !== snapshot.text) return null;
      state.snapshot = fresh;
      return fresh;
    }

    function onEdit() {
      clearTimeout(state.timer);
      state.timer = setTimeout(relocate, EDIT_SETTLE_MS);
    }

    function attentionOrder() {
      var report = state.report;
      var first = report.summary.attention.filter(function (i) { return report.claims[i] && report.claims[i].result; });
      var rest = report.claims.map(function (c, i) { return i; }).filter(function (i) { return report.claims[i].result && first.indexOf(i) < 0; });
      return { attention: first, rest: rest };
    }

    function paintClaims() {
      if (!state.report) return;
      var pen = currentPainter();
      if (!pen.supported) return;
      var groups = { "rc-high": [], "rc-mixed": [], "rc-low": [], "rc-reviewed": [], "rc-active": [] };
      var order = attentionOrder();
      var snapshot = currentSnapshot();
      if (!snapshot) {
        pen.clear();
        return;
      }
      if (!snapshot.rangeFor) return;
      order.attention.forEach(function (i) {
        if (state.changed[i]) return;
        var claim = claimAt(i);
        var range = snapshot.rangeFor(state.positions[i].start, state.positions[i].end);
        var reviewed = state.reviews[reviewKey(claim.text)];
        groups[reviewed ? "rc-reviewed" : "rc-" + claim.result.band].push(range);
      });
      if (state.openIndex !== null && !state.changed[state.openIndex]) {
        groups["rc-active"].push(snapshot.rangeFor(state.positions[state.openIndex].start, state.positions[state.openIndex].end));
      }
      pen.paint(groups);
    }

    function listItem(index) {
      var claim = claimAt(index);
      var r = claim.result;
      var review = state.reviews[reviewKey(claim.text)];
      var chips = [];
      if (state.changed[index]) chips.push(el("span", { className: "rc-chip rc-chip-changed", text: "Changed since the check", attrs: { "data-testid": "rc-changed" } }));
      if (review) chips.push(el("span", { className: "rc-chip rc-chip-" + review.status, text: REVIEW_TEXT[review.status] || review.status, attrs: { "data-testid": "rc-reviewed" } }));
      var button = el("button", { className: "rc-item", attrs: { type: "button", "data-testid": "rc-item", "data-index": String(index), "data-band": r.band, "data-verdict": r.verdict } }, [
        badge(r.band, r.verdict),
        el("span", { className: "rc-item-verdict", text: verdictSentence(r) }),
        el("span", { className: "rc-item-claim", text: "\u201c" + excerpt(claim.text) + "\u201d" }),
        chips.length ? el("span", { className: "rc-chips" }, chips) : null,
      ]);
      button.addEventListener("click", function () { openDetail(index, button); });
      return el("li", { className: state.changed[index] ? "rc-is-changed" : "" }, [button]);
    }

    function renderList() {
      // A re-render must not drop the keyboard user's place in the list.
      var active = ui.root.ownerDocument.activeElement;
      var focused = ui.list.contains(active) ? active.getAttribute("data-index") || "title" : null;
      // Nor its place in the open claim's details, which are rebuilt below (fillDetail).
      var inDetail = active && ui.detailBody.contains(active) ? active.getAttribute("data-testid") : null;
      var rest = ui.list.querySelector(".rc-rest");
      var restOpen = Boolean(rest && rest.open);
      ui.list.textContent = "";
      if (!state.report) return;
      var order = attentionOrder();
      var open = order.attention.filter(function (i) { return !state.reviews[reviewKey(claimAt(i).text)]; }).length;
      ui.list.append(
        el("h" + level, { className: "rc-list-title", text: "Needs attention (" + open + " of " + order.attention.length + " open)", attrs: { tabindex: "-1", "data-testid": "rc-list-title" } }),
        order.attention.length
          ? el("ol", { className: "rc-items", attrs: { "data-testid": "rc-attention" } }, order.attention.map(listItem))
          : el("p", { className: "rc-hint", text: "Nothing needs attention." }),
        order.rest.length
          ? el("details", { className: "rc-rest", attrs: restOpen ? { open: "" } : {} }, [el("summary", { text: "Other claims (" + order.rest.length + ")" }), el("ol", { className: "rc-items" }, order.rest.map(listItem))])
          : null
      );
      ui.exportButton.hidden = false;
      if (focused) (focused === "title" ? ui.listTitle() : ui.list.querySelector('[data-index="' + focused + '"]') || ui.listTitle()).focus();
      paintClaims();
      if (state.openIndex !== null) {
        fillDetail(state.openIndex);
        var again = inDetail && ui.detailBody.querySelector('[data-testid="' + inDetail + '"]');
        if (again) again.focus();
      }
    }

    function saveReview(index, status, note) {
      var key = reviewKey(claimAt(index).text);
      return reviews.save(key, { status: status, note: note }).then(function (all) {
        state.reviews = all || {};
        renderList();
        ui.status.textContent = status === "open" ? "Review removed." : (REVIEW_TEXT[status] || status) + ": saved.";
        // The detail view was rebuilt under the button just used: keep the keyboard user in it.
        var line = ui.detailBody.querySelector(".rc-review-state");
        if (line && !ui.detail.hidden) line.focus();
      });
    }

    function fillDetail(index) {
      var claim = claimAt(index);
      var count = attentionOrder();
      var position = count.attention.concat(count.rest).indexOf(index) + 1;
      ui.detailTitle.textContent = "Claim " + position + " of " + (count.attention.length + count.rest.length);
      ui.detailBody.textContent = "";
      if (state.changed[index]) {
        ui.detailBody.append(el("p", { className: "rc-stale-note", text: "This sentence has changed since the check; re-check to see its evidence for the new wording.", attrs: { "data-testid": "rc-detail-changed" } }));
      }
      ui.detailBody.append(
        claimDetails(claim, {
          headingLevel: level + 1,
          review: state.reviews[reviewKey(claim.text)],
          onReview: function (status, note) { return saveReview(index, status, note); },
        })
      );
      ui.showInDraft.disabled = state.changed[index];
    }

    function openDetail(index, opener) {
      state.openIndex = index;
      state.opener = opener || null;
      fillDetail(index);
      ui.listView.hidden = true;
      ui.detail.hidden = false;
      paintClaims();
      ui.detailTitle.focus();
    }

    function closeDetail() {
      var index = state.openIndex;
      state.openIndex = null;
      ui.detail.hidden = true;
      ui.listView.hidden = false;
      paintClaims();
      var again = index === null ? null : ui.list.querySelector('[data-index="' + index + '"]');
      var fold = again && again.closest("details");
      if (fold) fold.open = true;
      (again || ui.listTitle()).focus();
    }

    function showInDraft() {
      var i = state.openIndex;
      if (i === null || state.changed[i]) return;
      var snapshot = currentSnapshot();
      if (snapshot) source.select(snapshot, state.positions[i].start, state.positions[i].end);
    }

    function run() {
      if (state.inFlight) state.inFlight.abort();
      var controller = new AbortController();
      state.inFlight = controller;
      var snapshot = source.read();
      var previous = state.report;
      var checkedAt = new Date();
      ui.button.disabled = true;
      ui.root.setAttribute("aria-busy", "true");
      ui.error.hidden = true;
      ui.status.textContent = "Checking\u2026";
      return check(snapshot.text, { endpoint: options.endpoint, source: options.source, apiKey: options.apiKey, headers: options.headers, credentials: options.credentials, timeoutMs: options.timeoutMs, signal: controller.signal })
        .then(function (report) {
          if (state.inFlight !== controller) return report;
          // The open claim is found again by its wording: a sentence added above it moves its index.
          var openKey = state.openIndex !== null && claimAt(state.openIndex) ? reviewKey(claimAt(state.openIndex).text) : null;
          adopt(report, snapshot);
          state.checkedText = snapshot.text;
          state.checkedAt = checkedAt;
          ui.stale.hidden = true;
          ui.root.classList.remove("rc-is-stale");
          if (state.openIndex !== null) {
            var again = report.claims.findIndex(function (c) { return c.result && reviewKey(c.text) === openKey; });
            if (again < 0) closeDetail();
            else state.openIndex = again;
          }
          renderList();
          ui.status.textContent = summaryWords(report, previous);
          ui.button.textContent = "Re-check";
          if (state.openIndex === null) ui.listTitle().focus();
          // Edits made while the check was on its way: the result is for the text sent, so mark what changed.
          if (source.read().text !== snapshot.text) relocate();
          if (typeof options.onResult === "function") options.onResult(report);
          return report;
        })
        .catch(function (error) {
          if (error && error.name === "AbortError") return null;
          showError(error, snapshot.text);
          throw error;
        })
        .finally(function () {
          if (state.inFlight === controller) {
            state.inFlight = null;
            ui.button.disabled = false;
            ui.root.setAttribute("aria-busy", "false");
          }
        });
    }

    function showError(error, text) {
      var words = explainError(error, { text: text, service: options.serviceName });
      ui.status.textContent = "The check failed.";
      ui.error.textContent = "";
      ui.error.append(el("p", { className: "rc-error-title", text: words.title }), el("p", { text: words.detail, attrs: { "data-testid": "rc-error-detail" } }));
      if (words.retry) {
        var again = el("button", { className: "rc-button", text: "Try again", attrs: { type: "button" } });
        again.addEventListener("click", onClick);
        ui.error.append(again);
      }
      ui.error.hidden = false;
    }

    function exportReport() {
      if (!state.report) return;
      download(reportFilename(), exportMarkdown(state.report, state.reviews, { title: options.title ? options.title() : "", where: options.where, checkedAt: state.checkedAt }));
      ui.status.textContent = "Report downloaded.";
    }

    function onClick() { run().catch(function () { /* shown in the error box */ }); }
    function onKey(event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        onClick();
      }
    }
    function onEscape(event) {
      if (event.key === "Escape" && !ui.detail.hidden) {
        event.preventDefault();
        closeDetail();
      }
    }
    ui.button.addEventListener("click", onClick);
    ui.recheck.addEventListener("click", onClick);
    ui.exportButton.addEventListener("click", exportReport);
    ui.back.addEventListener("click", closeDetail);
    ui.showInDraft.addEventListener("click", showInDraft);
    ui.root.addEventListener("keydown", onEscape);
    if (options.shortcut && source.keyTarget) source.keyTarget.addEventListener("keydown", onKey);
    var unobserve = source.observe(onEdit);
    return {
      check: run,
      element: ui.root,
      report: function () { return state.report; },
      detach: function () {
        if (state.inFlight) state.inFlight.abort();
        clearTimeout(state.timer);
        unobserve();
        if (paint) paint.clear();
        if (source.keyTarget) source.keyTarget.removeEventListener("keydown", onKey);
        ui.root.remove();
      },
    };
  }

  function summaryWords(report, previous) {
    var scored = report.claims.filter(function (c) { return c.result; });
    var fresh = scored.filter(function (c) { return !c.result.cached; }).length;
    var attention = report.summary.attention.length;
    var words = scored.length + (scored.length === 1 ? " claim checked, " : " claims checked, ") + attention + (attention === 1 ? " needs" : " need") + " attention.";
    if (previous) words += " " + fresh + " scored afresh, " + (scored.length - fresh) + " unchanged.";
    return words;
  }

  /** The widget's DOM: a toolbar, status and error lines, the stale notice, the list and the detail view. */
  function buildWidget(container, target, level) {
    var button = el("button", { className: "rc-button rc-primary", text: "Check claims", attrs: { type: "button", "data-testid": "rc-check" } });
    var exportButton = el("button", { className: "rc-button rc-secondary", text: "Download report", attrs: { type: "button", "data-testid": "rc-export" } });
    exportButton.hidden = true;
    var status = el("p", { className: "rc-status", attrs: { role: "status", "aria-live": "polite", "data-testid": "rc-status" } });
    var error = el("div", { className: "rc-error", attrs: { role: "alert", "data-testid": "rc-error" } });
    error.hidden = true;
    var staleText = el("span");
    var recheck = el("button", { className: "rc-button rc-secondary", text: "Re-check", attrs: { type: "button", "data-testid": "rc-recheck" } });
    var stale = el("div", { className: "rc-stale", attrs: { "data-testid": "rc-stale" } }, [staleText, " ", recheck]);
    stale.hidden = true;
    var list = el("div", { className: "rc-list", attrs: { "data-testid": "rc-list" } });
    var listView = el("div", { className: "rc-list-view" }, [list]);
    var back = el("button", { className: "rc-button rc-secondary", text: "\u2190 Back to the list", attrs: { type: "button", "data-testid": "rc-back" } });
    var showInDraft = el("button", { className: "rc-button rc-secondary", text: "Show in the draft", attrs: { type: "button", "data-testid": "rc-show" } });
    var detailTitle = el("h" + level, { className: "rc-detail-title", attrs: { tabindex: "-1", "data-testid": "rc-detail-title" } });
    var detailBody = el("div", { className: "rc-detail-body" });
    var detail = el("section", { className: "rc-detail", attrs: { "aria-label": "Claim details", "data-testid": "rc-detail" } }, [
      el("div", { className: "rc-detail-nav" }, [back, showInDraft]),
      detailTitle,
      detailBody,
    ]);
    detail.hidden = true;
    var root = el("section", { className: "rc-widget", attrs: { "aria-label": "Reliability check", "aria-busy": "false", "data-testid": "rc-widget" } }, [
      el("div", { className: "rc-toolbar" }, [button, exportButton]),
      status,
      error,
      stale,
      listView,
      detail,
    ]);
    if (container) container.append(root);
    else if (target && typeof target.insertAdjacentElement === "function") target.insertAdjacentElement("afterend", root);
    else throw new TypeError("attach() over a ReliabilityCheck.elementsSource needs options.container: the element to render the widget into");
    return {
      root: root, button: button, exportButton: exportButton, status: status, error: error, stale: stale, staleText: staleText,
      recheck: recheck, list: list, listView: listView, back: back, showInDraft: showInDraft, detail: detail,
      detailTitle: detailTitle, detailBody: detailBody,
      listTitle: function () { return list.querySelector(".rc-list-title") || button; },
    };
  }

  global.ReliabilityCheck = {
    check: check,
    attach: attach,
    segments: segments,
    codeUnits: codeUnits,
    describeDetail: describeDetail,
    explainError: explainError,
    Error: ReliabilityCheckError,
    bandText: function (band) { return BAND_TEXT[band] || band; },
    verdictText: function (verdict) { return VERDICT_TEXT[verdict] || verdict; },
    verdictSentence: verdictSentence,
    sourcingSentence: sourcingSentence,
    adviceSentence: adviceSentence,
    outletName: outletName,
    excerpt: excerpt,
    badge: badge,
    claimDetails: claimDetails,
    reviewKey: reviewKey,
    reviewWords: reviewWords,
    localReviews: localReviews,
    exportMarkdown: exportMarkdown,
    download: download,
    reportFilename: reportFilename,
    elementsSource: elementsSource,
    sourceFor: sourceFor,
    painter: painter,
    el: el,
  };
})(window);
