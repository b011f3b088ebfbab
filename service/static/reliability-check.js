/*
 * reliability-check.js: check a news draft against the reliability service from any page.
 *
 * Include it from the service's own origin (no build step, no dependencies):
 *
 *   <script src="https://scorer.example.org/static/reliability-check.js"></script>
 *
 * A page on another origin must be listed in the service's SCORER_CORS_ORIGINS.
 *
 * ReliabilityCheck.check(text, options) -> Promise<CheckResponse>
 *   Sends the draft to POST /check and resolves with the service's JSON: {claims, summary, versions}.
 *   Rejects with a ReliabilityCheck.Error carrying .status (0 for network failures and timeouts), .code and
 *   .detail as the service sent them, and a readable .message; an abort through options.signal rejects
 *   with the browser's AbortError.
 *
 *     ReliabilityCheck.check(draft, {source: "https://www.reuters.com/world/x"})
 *       .then(function (report) { console.log(report.summary.by_band); })
 *       .catch(function (error) { console.warn(error.code, error.message); });
 *
 * ReliabilityCheck.attach(textarea, options) -> {check(): Promise, detach(): void}
 *   Adds a "Check claims" button and a result list after the textarea. Each scored claim is listed with
 *   its band and verdict; selecting one selects that sentence in the textarea. Elements carry rc-* classes
 *   for the host page to style.
 *
 * Options (both functions):
 *   endpoint   URL of /check; default: /check on the origin this script was loaded from
 *   source     where the draft's claims come from: a URL string, an outlet name, or {url, outlet}
 *   apiKey     sent as X-API-Key where the service requires a key
 *   signal     an AbortSignal to cancel the request
 *   timeoutMs  give up after this long (default 60000)
 * attach() also takes:
 *   onResult   function (report) called after each successful check
 *   shortcut   true to also check on Ctrl+Enter / Cmd+Enter in the textarea (off by default: CMSs use it)
 *
 * Offsets in the response (claim start/end, conflict spans) count Unicode code points, as Python does;
 * ReliabilityCheck.segments(text, spans) cuts a string at such offsets.
 */
(function (global) {
  "use strict";

  var script = document.currentScript;
  var DEFAULT_ENDPOINT = script && script.src ? new URL("/check", script.src).href : "/check";
  var DEFAULT_TIMEOUT_MS = 60000;
  var BAND_TEXT = { high: "\u2713 high", mixed: "~ mixed", low: "\u2717 low" };
  // Used by attach() only, through the CSSOM (allowed under a strict style-src); AA contrast on white text.
  var BAND_COLOURS = { high: "#1a7f37", mixed: "#8a5a00", low: "#b42318" };

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

  function check(text, options) {
    options = options || {};
    var endpoint = options.endpoint || DEFAULT_ENDPOINT;
    var headers = { "Content-Type": "application/json", Accept: "application/json" };
    if (options.apiKey) headers["X-API-Key"] = options.apiKey;
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
      headers: headers,
      body: body,
      signal: controller.signal,
      credentials: "omit",
      referrerPolicy: "no-referrer",
    })
      .then(
        function (response) {
          return response.text().then(function (raw) {
            var payload = null;
            try {
              payload = raw ? JSON.parse(raw) : null;
            } catch (ignored) {
              payload = null;
            }
            if (!response.ok) {
              var detail = payload && "detail" in payload ? payload.detail : response.statusText;
              var code = (payload && payload.code) || "http_" + response.status;
              var lines = describeDetail(detail);
              var message = lines.length ? lines.join("; ") : "the service answered " + response.status;
              throw ReliabilityCheckError(response.status, code, detail, message);
            }
            if (!payload || !Array.isArray(payload.claims) || !payload.summary) {
              throw ReliabilityCheckError(response.status, "bad_response", null, "the service sent an unexpected answer");
            }
            return payload;
          });
        },
        function (error) {
          if (timedOut) {
            throw ReliabilityCheckError(0, "timeout", null, "the service did not answer in time");
          }
          if (error && error.name === "AbortError") throw error;
          throw ReliabilityCheckError(
            0,
            "network_error",
            null,
            "could not reach the reliability service (" + (error && error.message ? error.message : "network error") + ")"
          );
        }
      )
      .finally(done);
  }

  /**
   * Cut text at code-point offsets. spans: [{start, end, ...}]; returns [{text, spans: [...]}] covering the
   * whole text in order, where overlapping spans merge into one piece and spans out of range are dropped.
   */
  function segments(text, spans) {
    var units = [0]; // units[i] = UTF-16 index of code point i
    for (var i = 0; i < text.length; i++) {
      var code = text.charCodeAt(i);
      if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
        var next = text.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) i++;
      }
      units.push(i + 1);
    }
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

  function make(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function attach(textarea, options) {
    if (!textarea || textarea.tagName !== "TEXTAREA") throw new TypeError("attach() needs a <textarea>");
    options = options || {};
    var box = make("div", "rc-attach");
    var button = make("button", "rc-button", "Check claims");
    button.type = "button";
    var status = make("p", "rc-status");
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    var list = make("ul", "rc-results");
    box.append(button, status, list);
    textarea.insertAdjacentElement("afterend", box);
    var inFlight = null;

    function selectInTextarea(claim, pieces) {
      // The textarea selects by UTF-16 offsets; sum the piece lengths before the claim's piece.
      var startUnits = 0;
      for (var p = 0; p < pieces.length; p++) {
        if (pieces[p].spans[0] === claim) {
          textarea.focus();
          textarea.setSelectionRange(startUnits, startUnits + pieces[p].text.length);
          return;
        }
        startUnits += pieces[p].text.length;
      }
    }

    function render(report, draft) {
      list.textContent = "";
      var scored = report.claims.filter(function (c) { return c.result; });
      var pieces = segments(draft, scored);
      scored.forEach(function (claim) {
        var item = make("li", "rc-claim rc-band-" + claim.result.band);
        var label = make("span", "rc-label", BAND_TEXT[claim.result.band] + " \u00b7 " + claim.result.verdict.replace("_", " "));
        label.style.background = BAND_COLOURS[claim.result.band] || "#444";
        label.style.color = "#fff";
        label.style.padding = "0 0.3em";
        label.style.borderRadius = "3px";
        var link = make("button", "rc-claim-text", claim.text);
        link.type = "button";
        link.addEventListener("click", function () { selectInTextarea(claim, pieces); });
        var why = make("span", "rc-why", claim.result.explanation[0] || "");
        item.append(label, " ", link, " ", why);
        list.append(item);
      });
    }

    function run() {
      if (inFlight) inFlight.abort();
      var controller = new AbortController();
      inFlight = controller;
      var draft = textarea.value;
      button.disabled = true;
      box.setAttribute("aria-busy", "true");
      status.textContent = "Checking\u2026";
      return check(draft, {
        endpoint: options.endpoint,
        source: options.source,
        apiKey: options.apiKey,
        timeoutMs: options.timeoutMs,
        signal: controller.signal,
      })
        .then(function (report) {
          render(report, draft);
          var s = report.summary;
          status.textContent = s.claims + " claims checked, " + s.attention.length + " need attention.";
          if (typeof options.onResult === "function") options.onResult(report);
          return report;
        })
        .catch(function (error) {
          if (error && error.name === "AbortError") return null;
          status.textContent = "Check failed: " + error.message;
          throw error;
        })
        .finally(function () {
          if (inFlight === controller) {
            inFlight = null;
            button.disabled = false;
            box.setAttribute("aria-busy", "false");
          }
        });
    }

    function onClick() { run().catch(function () { /* shown in the status line */ }); }
    function onKey(event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        onClick();
      }
    }
    button.addEventListener("click", onClick);
    if (options.shortcut) textarea.addEventListener("keydown", onKey);
    return {
      check: run,
      detach: function () {
        if (inFlight) inFlight.abort();
        textarea.removeEventListener("keydown", onKey);
        box.remove();
      },
    };
  }

  global.ReliabilityCheck = Object.freeze({
    check: check,
    attach: attach,
    segments: segments,
    describeDetail: describeDetail,
    Error: ReliabilityCheckError,
    bandText: function (band) { return BAND_TEXT[band] || band; },
  });
})(window);
