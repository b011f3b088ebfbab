/*
 * The plugin page: sends the draft to /check through ReliabilityCheck.check, renders the draft back with
 * each claim highlighted by band, a summary bar, and a details panel per claim.
 *
 * Every string from the API reaches the DOM through textContent or a text node, never as markup.
 */
(function () {
  "use strict";

  var RC = window.ReliabilityCheck;
  var BANDS = ["high", "mixed", "low"];
  var VERDICTS = ["corroborated", "single_source", "contested", "unverified"];
  var BAND_ICON = { high: "\u2713", mixed: "~", low: "\u2717" };
  var VERDICT_TEXT = {
    corroborated: "corroborated",
    single_source: "single source",
    contested: "contested",
    unverified: "unverified",
  };
  var STANCE_TEXT = { supports: "\u2713 supports", contradicts: "\u2717 contradicts", related: "\u2022 related" };
  var ATTRIBUTION_TEXT = {
    on_record: "on the record",
    media_report: "citing a media report",
    anonymous: "unnamed source",
    hedged: "hedged (e.g. \u201creportedly\u201d)",
    unattributed: "no source named",
  };
  var EXCERPT_CHARS = 80;

  var els = {
    form: document.getElementById("check-form"),
    draft: document.getElementById("draft"),
    source: document.getElementById("source-url"),
    apiKey: document.getElementById("api-key"),
    button: document.getElementById("check-button"),
    status: document.getElementById("status"),
    error: document.getElementById("error"),
    results: document.getElementById("results"),
    summary: document.getElementById("summary"),
    rendered: document.getElementById("rendered"),
    panel: document.getElementById("panel"),
    panelTitle: document.getElementById("panel-title"),
    panelBody: document.getElementById("panel-body"),
    panelClose: document.getElementById("panel-close"),
    placeholder: document.getElementById("panel-placeholder"),
  };
  var state = { report: null, claimEls: [], controller: null, opener: null, openIndex: null };

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
      if (child === null || child === undefined) return;
      node.append(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function bandLabel(band) {
    return (BAND_ICON[band] || "") + " " + band;
  }

  function badge(band, verdict, testid) {
    var text = bandLabel(band) + (verdict ? " \u00b7 " + (VERDICT_TEXT[verdict] || verdict) : "");
    var attrs = testid ? { "data-testid": testid } : {};
    return el("span", { className: "badge band-" + band, text: text, attrs: attrs });
  }

  function excerpt(text) {
    var chars = Array.from(text.trim());
    return chars.length > EXCERPT_CHARS ? chars.slice(0, EXCERPT_CHARS - 1).join("") + "\u2026" : chars.join("");
  }

  function number(value, digits) {
    return typeof value === "number" ? value.toFixed(digits === undefined ? 2 : digits) : "\u2013";
  }

  /* ---------- status, busy and error states ---------- */

  function setStatus(text) {
    els.status.textContent = text;
  }

  function setBusy(isBusy) {
    els.button.disabled = isBusy;
    els.button.textContent = isBusy ? "Checking\u2026" : "Check draft";
    els.form.setAttribute("aria-busy", String(isBusy));
    els.results.setAttribute("aria-busy", String(isBusy));
  }

  function showError(error) {
    els.error.textContent = "";
    var lines = error && error.detail !== undefined && error.detail !== null ? RC.describeDetail(error.detail) : [];
    if (!lines.length) lines = [error && error.message ? error.message : String(error)];
    var heading = error && error.status ? "The service could not check this draft" : "The check did not run";
    els.error.append(el("p", { className: "error-title", text: heading + ":" }));
    if (lines.length === 1) {
      els.error.append(el("p", { className: "error-detail", text: lines[0], attrs: { "data-testid": "error-detail" } }));
    } else {
      els.error.append(
        el(
          "ul",
          { className: "error-detail", attrs: { "data-testid": "error-detail" } },
          lines.map(function (line) { return el("li", { text: line }); })
        )
      );
    }
    els.error.hidden = false;
  }

  function hideError() {
    els.error.hidden = true;
    els.error.textContent = "";
  }

  /* ---------- checking ---------- */

  function sourceFromField() {
    var value = els.source.value.trim();
    if (!value) return null;
    // A bare domain is the common paste; the API wants an absolute URL.
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value) && /^[^\s/]+\.[^\s/]+/.test(value)) value = "https://" + value;
    return { url: value };
  }

  function runCheck() {
    if (state.controller) state.controller.abort();
    var controller = new AbortController();
    state.controller = controller;
    var draft = els.draft.value;
    hideError();
    closePanel(false);
    setBusy(true);
    setStatus("Checking the draft\u2026");
    var apiKey = els.apiKey.value.trim();
    RC.check(draft, {
      endpoint: "/check",
      source: sourceFromField(),
      apiKey: apiKey || undefined,
      signal: controller.signal,
    })
      .then(function (report) {
        if (state.controller !== controller) return;
        render(report, draft);
        var s = report.summary;
        setStatus(
          "Checked " + s.sentences + (s.sentences === 1 ? " sentence: " : " sentences: ") + s.claims +
            (s.claims === 1 ? " claim" : " claims") + " scored, " + s.attention.length + " to look at."
        );
      })
      .catch(function (error) {
        if (state.controller !== controller || (error && error.name === "AbortError")) return;
        showError(error);
        setStatus("The check failed.");
      })
      .finally(function () {
        if (state.controller === controller) {
          state.controller = null;
          setBusy(false);
        }
      });
  }

  /* ---------- results ---------- */

  function render(report, draft) {
    state.report = report;
    state.claimEls = [];
    renderDraft(report, draft);
    renderSummary(report);
    els.results.hidden = false;
    els.placeholder.hidden = !state.claimEls.some(Boolean);
  }

  function renderDraft(report, draft) {
    els.rendered.textContent = "";
    var indexed = report.claims.map(function (claim, index) {
      return { start: claim.start, end: claim.end, index: index };
    });
    RC.segments(draft, indexed).forEach(function (piece) {
      if (!piece.spans.length) {
        els.rendered.append(document.createTextNode(piece.text));
        return;
      }
      var index = piece.spans[0].index;
      var claim = report.claims[index];
      if (!claim.result) {
        els.rendered.append(
          el("span", { className: "sentence", text: piece.text, attrs: { "data-testid": "sentence", "data-reason": claim.reason } })
        );
        return;
      }
      var r = claim.result;
      var node = el(
        "span",
        {
          className: "claim band-" + r.band,
          attrs: {
            role: "button",
            tabindex: "0",
            "aria-haspopup": "dialog",
            "aria-controls": "panel",
            "aria-expanded": "false",
            "data-testid": "claim",
            "data-index": String(index),
            "data-band": r.band,
            "data-verdict": r.verdict,
          },
        },
        withLabel(piece.text, badge(r.band, r.verdict, "claim-badge"))
      );
      node.addEventListener("click", function () { openClaim(index, node); });
      node.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          openClaim(index, node);
        }
      });
      state.claimEls[index] = node;
      els.rendered.append(node);
    });
  }

  /** The sentence, its last word kept on one line with the label (a line may break around an inline-block). */
  function withLabel(text, label) {
    var cut = text.replace(/\s+$/, "").search(/\S+$/);
    if (cut <= 0) return [el("span", { className: "keep" }, [text, "\u00a0", label])];
    return [text.slice(0, cut), el("span", { className: "keep" }, [text.slice(cut), "\u00a0", label])];
  }

  function countList(label, keys, counts, render) {
    var items = keys.map(function (key) {
      var n = counts[key] || 0;
      return el("li", { className: "count" + (n ? "" : " zero"), attrs: { "data-testid": "count-" + key } }, [
        render(key),
        el("span", { className: "count-n", text: String(n) }),
      ]);
    });
    return el("div", { className: "count-group" }, [
      el("h3", { className: "count-title", text: label }),
      el("ul", { className: "counts", attrs: { "aria-label": label } }, items),
    ]);
  }

  function renderSummary(report) {
    var s = report.summary;
    els.summary.textContent = "";
    var overview = el("p", { className: "overview", attrs: { "data-testid": "summary-overview" } }, [
      s.sentences + (s.sentences === 1 ? " sentence, " : " sentences, ") + s.claims +
        (s.claims === 1 ? " checkable claim." : " checkable claims."),
    ]);
    var byBand = countList("By band", BANDS, s.by_band, function (band) {
      return el("span", { className: "badge band-" + band, text: bandLabel(band) });
    });
    var byVerdict = countList("By verdict", VERDICTS, s.by_verdict, function (verdict) {
      return el("span", { className: "verdict-name", text: VERDICT_TEXT[verdict] || verdict });
    });
    var attentionItems = s.attention
      .filter(function (index) { return report.claims[index] && report.claims[index].result; })
      .map(function (index) {
        var claim = report.claims[index];
        var button = el("button", { className: "attention-item", attrs: { type: "button", "data-testid": "attention-item", "data-index": String(index) } }, [
          badge(claim.result.band, claim.result.verdict),
          " ",
          el("span", { className: "attention-text", text: excerpt(claim.text) }),
        ]);
        button.addEventListener("click", function () { openClaim(index, button); });
        return el("li", {}, [button]);
      });
    var attention = el("div", { className: "attention" }, [
      el("h3", { className: "count-title", attrs: { id: "attention-title" }, text: "Needs attention" }),
      attentionItems.length
        ? el("ol", { className: "attention-list", attrs: { "aria-labelledby": "attention-title", "data-testid": "attention-list" } }, attentionItems)
        : el("p", { className: "hint", text: "Nothing needs attention." }),
    ]);
    els.summary.append(overview, el("div", { className: "count-row" }, [byBand, byVerdict]), attention);
  }

  /* ---------- the details panel ---------- */

  /** text with the given code-point spans wrapped in <mark>. */
  function marked(text, spans, testid) {
    var node = document.createDocumentFragment();
    RC.segments(text, spans).forEach(function (piece) {
      if (!piece.spans.length) {
        node.append(document.createTextNode(piece.text));
        return;
      }
      var kinds = piece.spans.map(function (s) { return s.kind; }).filter(Boolean);
      node.append(
        el("mark", {
          className: "conflict",
          text: piece.text,
          attrs: { "data-testid": testid, "data-kind": kinds.join(" "), title: "conflicts: " + kinds.join(", ") },
        })
      );
    });
    return node;
  }

  function fact(term, value, testid) {
    var dd = el("dd", { attrs: testid ? { "data-testid": testid } : {} }, [value]);
    return [el("dt", { text: term }), dd];
  }

  function factList(pairs) {
    var dl = el("dl", { className: "facts" });
    pairs.forEach(function (pair) { dl.append(pair[0], pair[1]); });
    return dl;
  }

  function outletSection(outlet) {
    var name = outlet.domain ? (outlet.name ? outlet.name + " (" + outlet.domain + ")" : outlet.domain) : "none given";
    var pairs = [
      fact("Outlet", name, "signal-outlet"),
      fact("Prior", number(outlet.prior) + (outlet.rated ? "" : " (not rated: neutral)")),
      fact("Confidence", number(outlet.confidence)),
    ];
    if (outlet.flags && outlet.flags.length) pairs.push(fact("Flags", outlet.flags.join(", ")));
    return pairs;
  }

  function attributionSection(attribution) {
    var kind = ATTRIBUTION_TEXT[attribution.kind] || attribution.kind;
    var pairs = [fact("Attribution", kind, "signal-attribution")];
    if (attribution.attributed_to) pairs.push(fact("Attributed to", attribution.attributed_to));
    if (attribution.cited_outlet) pairs.push(fact("Cites outlet", attribution.cited_outlet));
    if (attribution.cues && attribution.cues.length) {
      pairs.push(fact("Cues", attribution.cues.map(function (c) { return "\u201c" + c.text + "\u201d"; }).join(", ")));
    }
    return pairs;
  }

  function corroborationSection(c) {
    var pairs = [
      fact("Independent sources", String(c.independent_sources), "signal-independent"),
      fact("Supporting passages", String(c.supporting)),
      fact("Contradicting passages", String(c.contradicting)),
    ];
    if (c.origins && c.origins.length) {
      pairs.push(fact("Origins", c.origins.map(function (o) { return o.label; }).join("; ")));
    }
    return pairs;
  }

  function evidenceItem(claim, evidence) {
    var outletName = evidence.outlet_name
      ? evidence.outlet_name + (evidence.outlet ? " (" + evidence.outlet + ")" : "")
      : evidence.outlet || evidence.doc_id;
    var head = el("p", { className: "evidence-head" }, [
      el("span", { className: "evidence-outlet", text: outletName }),
      " ",
      el("span", {
        className: "stance stance-" + evidence.stance,
        text: STANCE_TEXT[evidence.stance] || evidence.stance,
        attrs: { "data-testid": "evidence-stance" },
      }),
      " ",
      el("span", { className: "similarity", text: "similarity " + number(evidence.similarity) }),
    ]);
    var conflicts = evidence.conflicts || [];
    var passageSpans = conflicts.map(function (k) { return { start: k.passage.start, end: k.passage.end, kind: k.kind }; });
    var children = [
      head,
      el("blockquote", { className: "passage", attrs: { "data-testid": "evidence-passage" } }, [
        marked(evidence.text, passageSpans, "conflict-passage"),
      ]),
    ];
    if (conflicts.length) {
      var claimSpans = conflicts.map(function (k) { return { start: k.claim.start, end: k.claim.end, kind: k.kind }; });
      children.push(
        el("p", { className: "conflict-claim-line" }, [
          el("span", { className: "side-label", text: "Your draft: " }),
          marked(claim.text, claimSpans, "conflict-claim"),
        ]),
        el(
          "ul",
          { className: "conflict-notes", attrs: { "data-testid": "conflict-notes" } },
          conflicts.map(function (k) {
            return el("li", {}, [el("strong", { text: k.kind + ": " }), k.explanation]);
          })
        )
      );
    }
    return el("li", { className: "evidence evidence-" + evidence.stance, attrs: { "data-testid": "evidence", "data-stance": evidence.stance } }, children);
  }

  function fillPanel(index) {
    var claim = state.report.claims[index];
    var r = claim.result;
    var allClaimSpans = [];
    r.evidence.forEach(function (e) {
      (e.conflicts || []).forEach(function (k) {
        allClaimSpans.push({ start: k.claim.start, end: k.claim.end, kind: k.kind });
      });
    });
    els.panelTitle.textContent = "Claim " + (index + 1) + " of " + state.report.claims.length;
    els.panelBody.textContent = "";
    els.panelBody.append(
      el("blockquote", { className: "claim-quote band-" + r.band, attrs: { "data-testid": "panel-claim" } }, [
        marked(claim.text, allClaimSpans, "conflict-claim"),
      ]),
      factList([
        fact("Verdict", VERDICT_TEXT[r.verdict] || r.verdict, "panel-verdict"),
        fact("Score", number(r.score) + " of 1", "panel-score"),
        fact("Band", badge(r.band, null), "panel-band"),
      ]),
      el("h3", { text: "Why" }),
      el(
        "ul",
        { className: "explanation", attrs: { "data-testid": "panel-explanation" } },
        r.explanation.map(function (line) { return el("li", { text: line }); })
      ),
      el("h3", { text: "Signals" }),
      factList(outletSection(r.signals.outlet).concat(attributionSection(r.signals.attribution), corroborationSection(r.signals.corroboration))),
      el("h3", { text: "Evidence (" + r.evidence.length + (r.evidence.length === 1 ? " passage)" : " passages)") }),
      r.evidence.length
        ? el("ol", { className: "evidence-list", attrs: { "data-testid": "evidence-list" } }, r.evidence.map(function (e) { return evidenceItem(claim, e); }))
        : el("p", { className: "hint", text: "No passage in the corpus speaks to this claim." })
    );
  }

  function openClaim(index, opener) {
    if (!state.report || !state.report.claims[index] || !state.report.claims[index].result) return;
    state.opener = opener || state.claimEls[index] || null;
    state.openIndex = index;
    fillPanel(index);
    state.claimEls.forEach(function (node, i) {
      if (!node) return;
      node.classList.toggle("active", i === index);
      node.setAttribute("aria-expanded", String(i === index));
    });
    var target = state.claimEls[index];
    if (target && target.scrollIntoView) target.scrollIntoView({ block: "nearest" });
    els.placeholder.hidden = true;
    els.panel.hidden = false;
    els.panel.scrollTop = 0;
    els.panelTitle.focus();
  }

  function closePanel(returnFocus) {
    if (els.panel.hidden) return;
    els.panel.hidden = true;
    els.placeholder.hidden = !state.claimEls.some(Boolean);
    state.claimEls.forEach(function (node) {
      if (!node) return;
      node.classList.remove("active");
      node.setAttribute("aria-expanded", "false");
    });
    var opener = state.opener;
    state.opener = null;
    state.openIndex = null;
    if (returnFocus && opener && opener.isConnected) opener.focus();
  }

  /* ---------- wiring ---------- */

  els.form.addEventListener("submit", function (event) {
    event.preventDefault();
    runCheck();
  });
  els.form.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      if (!els.button.disabled) runCheck();
    }
  });
  els.panelClose.addEventListener("click", function () { closePanel(true); });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !els.panel.hidden) {
      event.preventDefault();
      closePanel(true);
    }
  });
})();
