/*
 * The plugin page: sends the draft to /check through ReliabilityCheck.check, renders the draft back with
 * each claim highlighted by band, a summary bar, and a details panel per claim. The words, the claim
 * details, reviews and the report export come from reliability-check.js, shared with the CMS plugins.
 *
 * Every string from the API reaches the DOM through textContent or a text node, never as markup.
 */
(function () {
  "use strict";

  var RC = window.ReliabilityCheck;
  var BANDS = ["high", "mixed", "low"];
  var VERDICTS = ["corroborated", "single_source", "contested", "unverified"];
  var BAND_ICON = { high: "\u2713", mixed: "~", low: "\u2717" };
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
    stale: document.getElementById("stale"),
    staleText: document.getElementById("stale-text"),
    recheck: document.getElementById("recheck"),
    exportButton: document.getElementById("export"),
  };
  var state = { report: null, draft: null, claimEls: [], controller: null, opener: null, openIndex: null, reviews: {}, changed: [] };
  var reviews = RC.localReviews("plugin");
  reviews.load().then(function (loaded) { state.reviews = loaded; });

  // The shared script's element builder: className, attributes (never style or on*), text children.
  var el = RC.el;

  function bandLabel(band) {
    return (BAND_ICON[band] || "") + " " + band;
  }

  function badge(band, verdict, testid) {
    var text = bandLabel(band) + (verdict ? " \u00b7 " + RC.verdictText(verdict) : "");
    var attrs = testid ? { "data-testid": testid } : {};
    return el("span", { className: "badge band-" + band, text: text, attrs: attrs });
  }

  function excerpt(text) {
    return RC.excerpt(text, EXCERPT_CHARS);
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

  function showError(error, draft) {
    var words = RC.explainError(error, { text: draft });
    els.error.textContent = "";
    els.error.append(
      el("p", { className: "error-title", text: words.title }),
      el("p", { className: "error-detail", text: words.detail, attrs: { "data-testid": "error-detail" } })
    );
    if (words.retry) {
      var retry = el("button", { className: "secondary retry", text: "Try again", attrs: { type: "button", "data-testid": "retry" } });
      retry.addEventListener("click", runCheck);
      els.error.append(retry);
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
    var sourceText = els.source.value;
    var previous = state.report;
    var checkedAt = new Date();
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
        render(report, draft, sourceText);
        state.checkedAt = checkedAt;
        // Focus follows the answer, so a keyboard or screen reader user lands on the results.
        els.results.focus();
        setStatus(statusWords(report, previous));
        // Edits made while the check was on its way: the result is for the text sent, so mark what changed.
        if (els.draft.value !== draft || els.source.value !== sourceText) markStale();
      })
      .catch(function (error) {
        if (state.controller !== controller || (error && error.name === "AbortError")) return;
        showError(error, draft);
        setStatus("The check failed.");
        els.error.focus();
      })
      .finally(function () {
        if (state.controller === controller) {
          state.controller = null;
          setBusy(false);
        }
      });
  }

  /** The status line after a check; after a re-check, how many sentences were scored afresh. */
  function statusWords(report, previous) {
    var s = report.summary;
    var words = "Checked " + s.sentences + (s.sentences === 1 ? " sentence: " : " sentences: ") + s.claims +
      (s.claims === 1 ? " claim" : " claims") + " scored, " + s.attention.length + " to look at.";
    if (previous) {
      var scored = report.claims.filter(function (c) { return c.result; });
      var fresh = scored.filter(function (c) { return !c.result.cached; }).length;
      words += " " + fresh + " scored afresh, " + (scored.length - fresh) + " unchanged.";
    }
    return words;
  }

  /* ---------- results ---------- */

  function render(report, draft, sourceText) {
    state.report = report;
    state.draft = draft;
    state.sourceText = sourceText;
    state.changed = report.claims.map(function () { return false; });
    state.claimEls = [];
    els.stale.hidden = true;
    els.results.classList.remove("is-stale");
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
      return el("span", { className: "verdict-name", text: RC.verdictText(verdict) });
    });
    var attentionItems = s.attention
      .filter(function (index) { return report.claims[index] && report.claims[index].result; })
      .map(function (index) {
        var claim = report.claims[index];
        var review = state.reviews[RC.reviewKey(claim.text)];
        var button = el("button", { className: "attention-item", attrs: { type: "button", "data-testid": "attention-item", "data-index": String(index) } }, [
          badge(claim.result.band, claim.result.verdict),
          " ",
          el("span", { className: "attention-verdict", text: RC.verdictSentence(claim.result) }),
          el("span", { className: "attention-text", text: excerpt(claim.text) }),
          state.changed[index] ? el("span", { className: "chip", text: "Changed since the check", attrs: { "data-testid": "changed" } }) : null,
          review ? el("span", { className: "chip", text: RC.reviewWords({ status: review.status }), attrs: { "data-testid": "reviewed" } }) : null,
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

  function fillPanel(index) {
    var claim = state.report.claims[index];
    // Only scored claims open a panel, so only they are counted (a question is not a claim).
    var scored = state.report.claims.map(function (c, i) { return c.result ? i : -1; }).filter(function (i) { return i >= 0; });
    els.panelTitle.textContent = "Claim " + (scored.indexOf(index) + 1) + " of " + scored.length;
    els.panelBody.textContent = "";
    if (state.changed[index]) {
      els.panelBody.append(el("p", { className: "rc-stale-note", text: "You have edited this sentence since the check; re-check for evidence on the new wording." }));
    }
    els.panelBody.append(
      RC.claimDetails(claim, {
        headingLevel: 3,
        review: state.reviews[RC.reviewKey(claim.text)],
        onReview: function (status, note) {
          return reviews.save(RC.reviewKey(claim.text), { status: status, note: note }).then(function (all) {
            state.reviews = all;
            renderSummary(state.report);
            fillPanel(index);
            setStatus(status === "open" ? "Review removed." : "Review saved.");
            // The panel was rebuilt under the button just used: keep the keyboard user in it.
            var line = els.panelBody.querySelector(".rc-review-state");
            if (line) line.focus();
          });
        },
      })
    );
  }

  /* ---------- edits after a check ---------- */

  /** Claims whose sentence is no longer in the draft are changed; the rest still hold. A new source URL changes the scores of all. */
  function markStale() {
    if (!state.report) return;
    var draft = els.draft.value;
    var isStale = draft !== state.draft || els.source.value !== state.sourceText;
    state.changed = state.report.claims.map(function (claim) { return draft !== state.draft && draft.indexOf(claim.text) < 0; });
    var changed = state.changed.filter(Boolean).length;
    els.stale.hidden = !isStale;
    els.results.classList.toggle("is-stale", isStale);
    els.staleText.textContent = changed
      ? "The draft has changed since this check: " + changed + (changed === 1 ? " sentence no longer matches." : " sentences no longer match.")
      : draft !== state.draft
        ? "The draft has changed since this check."
        : "The source URL has changed since this check; re-check to score the claims against it.";
    state.claimEls.forEach(function (node, i) { if (node) node.classList.toggle("is-changed", state.changed[i]); });
    renderSummary(state.report);
  }

  function exportReport() {
    if (!state.report) return;
    RC.download(RC.reportFilename(), RC.exportMarkdown(state.report, state.reviews, { where: "the reliability check page", checkedAt: state.checkedAt }));
    setStatus("Report downloaded.");
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
    if (!returnFocus || !opener) return;
    // The summary may have been rendered anew while the panel was open: go back to the same entry there.
    if (!opener.isConnected && opener.getAttribute("data-testid")) {
      opener = document.querySelector(
        '[data-testid="' + opener.getAttribute("data-testid") + '"][data-index="' + opener.getAttribute("data-index") + '"]'
      );
    }
    if (opener) opener.focus();
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
  els.recheck.addEventListener("click", runCheck);
  els.exportButton.addEventListener("click", exportReport);
  var editTimer = null;
  function onEdit() {
    clearTimeout(editTimer);
    editTimer = setTimeout(markStale, 250);
  }
  els.draft.addEventListener("input", onEdit);
  els.source.addEventListener("input", onEdit);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !els.panel.hidden) {
      event.preventDefault();
      closePanel(true);
    }
  });
})();
