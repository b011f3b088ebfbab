"""The plugin page in a real Chromium: highlights, summary, details panel, keyboard use and error display."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import httpx
import pytest
from playwright.sync_api import expect

from tests.browser.a11y import assert_no_axe_violations

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page, Route

    from tests.browser.conftest import PageLog

pytestmark = pytest.mark.browser

# Sentences composed against the test corpus in tests/fakes.py. With the fake scorer: two outlets carry the
# first with no conflict (high, corroborated); all three give another death toll for the second (low,
# contested); the third rests on unnamed officials, found in one outlet (mixed, single source); the last
# is a question, which is not a checkable claim. The page is checked against what the API answers, so
# only these outcomes that the page's own behaviour depends on are pinned.
CORROBORATED = "Deadly floods swept through the river valley on Monday, the governor said."
CONTRADICTED = "Floods in the river valley killed 50 people on Monday."
ANONYMOUS = "Officials who asked not to be named said rescue teams evacuated 3,000 residents overnight."
QUESTION = "Where were the rescue teams?"
DRAFT = f"{CORROBORATED} {CONTRADICTED}\n\n{ANONYMOUS} {QUESTION}"

TIMEOUT_MS = 10_000
CONFLICT = "Conflicts with Reuters: 12, not 50; The Guardian and an unidentified outlet disagree too."
# The rendered draft's text with the band labels (and the space before each) taken out.
WITHOUT_BADGES = """node => {
  const copy = node.cloneNode(true);
  copy.querySelectorAll("[data-testid=claim-badge]").forEach(b => { b.previousSibling.remove(); b.remove(); });
  return copy.textContent;
}"""


VERDICT_TEXT = {"single_source": "single source"}


def api_check(base_url: str, draft: str = DRAFT, source: dict[str, str] | None = None) -> dict[str, Any]:
    """What the API itself says about the draft, to compare the page against."""
    response = httpx.post(
        f"{base_url}/check", json={"text": draft, "source": source}, timeout=TIMEOUT_MS / 1000
    )
    response.raise_for_status()
    report: dict[str, Any] = response.json()
    return report


def result_for(report: dict[str, Any], text: str) -> dict[str, Any]:
    [result] = [c["result"] for c in report["claims"] if c["text"] == text]
    assert result is not None
    return cast(dict[str, Any], result)


def open_plugin(page: Page) -> None:
    page.goto("/plugin")
    page.get_by_label("Draft text").wait_for()


def claim(page: Page, text: str) -> Locator:
    return page.get_by_test_id("claim").filter(has_text=text)


def check_draft(page: Page, draft: str = DRAFT) -> None:
    page.get_by_label("Draft text").fill(draft)
    page.get_by_role("button", name="Check draft").click()
    page.get_by_test_id("status").filter(has_text="Checked").wait_for(timeout=TIMEOUT_MS)


def assert_only_same_origin(page_log: PageLog, base_url: str) -> None:
    others = [url for url in page_log.requests if not url.startswith(base_url + "/")]
    assert others == [], "the page must load nothing from another origin"
    assert page_log.page_errors == []
    assert page_log.console_errors == [], "CSP violations and script errors show up as console errors"


def test_claims_are_highlighted_by_band_with_verdict_labels(
    page: Page, page_log: PageLog, base_url: str, artifacts: Path
) -> None:
    open_plugin(page)
    check_draft(page)

    report = api_check(base_url)
    assert (result_for(report, CORROBORATED)["band"], result_for(report, CORROBORATED)["verdict"]) == (
        "high",
        "corroborated",
    )
    assert (result_for(report, CONTRADICTED)["band"], result_for(report, CONTRADICTED)["verdict"]) == (
        "low",
        "contested",
    )
    assert result_for(report, ANONYMOUS)["signals"]["attribution"]["kind"] == "anonymous"

    claims = page.get_by_test_id("claim")
    assert claims.count() == 3
    for text in (CORROBORATED, CONTRADICTED, ANONYMOUS):
        band, verdict = result_for(report, text)["band"], result_for(report, text)["verdict"]
        node = claim(page, text)
        assert node.get_attribute("data-band") == band
        assert node.get_attribute("data-verdict") == verdict
        label = node.get_by_test_id("claim-badge").inner_text()
        assert band in label and VERDICT_TEXT.get(verdict, verdict) in label
        assert node.get_attribute("role") == "button"
        assert "band-" + band in (node.get_attribute("class") or "")

    question = page.get_by_test_id("sentence").filter(has_text=QUESTION)
    assert question.count() == 1 and question.get_attribute("role") is None
    # The rendered draft keeps the text as typed, line breaks included.
    assert page.get_by_test_id("rendered-draft").evaluate(WITHOUT_BADGES) == DRAFT

    summary = page.get_by_test_id("summary")
    for key, count in [*report["summary"]["by_band"].items(), *report["summary"]["by_verdict"].items()]:
        assert summary.get_by_test_id(f"count-{key}").inner_text().endswith(str(count)), key
    attention = summary.get_by_test_id("attention-item")
    order = [int(i or -1) for i in attention.evaluate_all("nodes => nodes.map(n => n.dataset.index)")]
    assert order == report["summary"]["attention"]
    assert CONTRADICTED[:30] in attention.first.inner_text(), "the contested claim comes first"
    assert page.get_by_role("button", name="Check draft").is_enabled()
    assert page.get_by_test_id("results").get_attribute("aria-busy") == "false"

    page.screenshot(path=str(artifacts / "plugin-results.png"), full_page=True)
    assert_only_same_origin(page_log, base_url)


def test_contradicted_claim_opens_the_panel_with_conflicting_spans(
    page: Page, page_log: PageLog, base_url: str, artifacts: Path
) -> None:
    open_plugin(page)
    check_draft(page)
    target = claim(page, CONTRADICTED)
    target.click()

    panel = page.get_by_role("dialog")
    panel.wait_for()
    expect(panel.locator(":focus")).to_have_count(1, timeout=TIMEOUT_MS)
    assert panel.get_by_test_id("rc-verdict").inner_text() == CONFLICT
    assert "low · contested" in panel.get_by_test_id("rc-badge").first.inner_text()
    assert panel.get_by_test_id("rc-sourcing").inner_text() == "The draft names no source for it."
    assert panel.get_by_test_id("rc-advice").inner_text().startswith("What to do: Check the figures")

    explanation = panel.get_by_test_id("rc-explanation").get_by_role("listitem")
    assert explanation.all_inner_texts() == result_for(api_check(base_url), CONTRADICTED)["explanation"]

    contradicting = panel.get_by_test_id("rc-evidence").and_(panel.locator("[data-stance='contradicts']"))
    assert contradicting.count() == 3, "every outlet with another toll"
    reuters = contradicting.filter(has_text="Reuters")
    assert reuters.get_by_test_id("rc-stance").inner_text() == "Says otherwise"
    assert reuters.get_by_test_id("rc-clash-source").first.inner_text() == "12"
    assert reuters.get_by_test_id("rc-clash-draft").first.inner_text() == "50"
    assert reuters.locator("mark").first.inner_text() == "12"
    link = reuters.get_by_role("link", name="“Floods kill 12 in river valley”")
    assert link.get_attribute("href") == "https://www.reuters.com/world/floods-river-valley"
    assert "4 March 2024" in reuters.inner_text()
    # The passage in context: the sentence after it in the article follows it.
    assert "Rescue teams evacuated 3,000 residents" in reuters.get_by_test_id("rc-passage").inner_text()
    assert panel.get_by_test_id("rc-claim-quote").locator("mark").first.inner_text() == "50"
    outlets = panel.get_by_test_id("rc-outlet").all_inner_texts()
    assert "An unidentified outlet" in outlets
    assert not any(re.search(r"\b(?:wire|daily|tabloid)-\d\b", o) for o in outlets), "never a corpus id"
    assert "similarity" not in panel.inner_text() and "Prior" not in panel.inner_text()

    page.screenshot(path=str(artifacts / "plugin-panel.png"), full_page=True)
    reuters.screenshot(path=str(artifacts / "plugin-evidence.png"))
    page.keyboard.press("Escape")
    assert panel.is_hidden()
    expect(target).to_be_focused(timeout=TIMEOUT_MS)
    assert target.get_attribute("aria-expanded") == "false"
    assert_only_same_origin(page_log, base_url)


def test_keyboard_only_use(page: Page, page_log: PageLog, base_url: str) -> None:
    open_plugin(page)
    page.get_by_label("Draft text").fill(DRAFT)
    page.get_by_label("Draft text").press("Control+Enter")
    page.get_by_test_id("status").filter(has_text="Checked").wait_for(timeout=TIMEOUT_MS)
    assert page.get_by_test_id("claim").count() == 3

    anonymous = claim(page, ANONYMOUS)
    anonymous.focus()
    page.keyboard.press("Enter")
    panel = page.get_by_role("dialog")
    panel.wait_for()
    assert panel.get_by_test_id("rc-sourcing").inner_text().startswith("Rests on an unnamed source")
    verdict = result_for(api_check(base_url), ANONYMOUS)["verdict"]
    assert VERDICT_TEXT.get(verdict, verdict) in panel.get_by_test_id("rc-badge").first.inner_text()
    panel.get_by_role("button", name="Close details").click()
    assert panel.is_hidden()
    expect(anonymous).to_be_focused(timeout=TIMEOUT_MS)

    # The needs-attention list opens the same panel, and Escape hands focus back to the list entry.
    entry = page.get_by_test_id("attention-item").first
    entry.focus()
    page.keyboard.press("Enter")
    first = api_check(base_url)["claims"][int(entry.get_attribute("data-index") or -1)]
    assert panel.get_by_test_id("rc-claim-quote").inner_text() == first["text"]
    page.keyboard.press("Escape")
    expect(entry).to_be_focused(timeout=TIMEOUT_MS)
    assert_only_same_origin(page_log, base_url)


def test_the_meta_enter_shortcut_works_in_the_source_field(page: Page) -> None:
    open_plugin(page)
    page.get_by_label("Draft text").fill(CONTRADICTED)
    page.get_by_label("Source URL (optional)").fill("https://www.reuters.com/world/floods")
    page.get_by_label("Source URL (optional)").press("Meta+Enter")
    page.get_by_test_id("status").filter(has_text="Checked").wait_for(timeout=TIMEOUT_MS)
    claim(page, CONTRADICTED).click()
    assert (
        "The source outlet Reuters"
        in page.get_by_role("dialog").get_by_test_id("rc-explanation").inner_text()
    )


def test_whitespace_draft_shows_the_api_detail(page: Page, artifacts: Path) -> None:
    open_plugin(page)
    page.get_by_label("Draft text").fill("   \n  ")
    page.get_by_role("button", name="Check draft").click()
    error = page.get_by_role("alert")
    error.wait_for(timeout=TIMEOUT_MS)
    assert error.inner_text().startswith("The draft is empty.")
    expect(error).to_be_focused(timeout=TIMEOUT_MS)
    assert page.get_by_test_id("status").inner_text() == "The check failed."
    assert page.get_by_role("button", name="Check draft").is_enabled()
    page.screenshot(path=str(artifacts / "plugin-error.png"))

    # A later good check clears the error.
    check_draft(page, CORROBORATED)
    assert error.is_hidden()


def test_too_long_draft_and_bad_url_show_the_api_detail(page: Page) -> None:
    open_plugin(page)
    page.get_by_label("Draft text").fill("Floods killed twelve people. " * 3_500)
    page.get_by_role("button", name="Check draft").click()
    page.get_by_role("alert").wait_for(timeout=TIMEOUT_MS)
    assert page.get_by_test_id("error-detail").inner_text() == (
        "It is 14,000 words (101,500 characters); the service checks at most 100,000 characters at a time."
        " Check it in parts."
    )

    page.get_by_label("Draft text").fill(CONTRADICTED)
    page.get_by_label("Source URL (optional)").fill("ftp://example.org/x")
    page.get_by_role("button", name="Check draft").click()
    page.get_by_role("alert").filter(has_text="The source URL is not a web address.").wait_for(
        timeout=TIMEOUT_MS
    )


def test_loading_state_and_network_error(page: Page) -> None:
    open_plugin(page)
    held: list[Route] = []

    def hold(route: Route) -> None:  # no answer yet: the page must show it is busy meanwhile
        held.append(route)

    page.route("**/check", hold)
    page.get_by_label("Draft text").fill(CONTRADICTED)
    page.get_by_role("button", name="Check draft").click()
    busy = page.get_by_role("button", name="Checking…")
    busy.wait_for()
    assert busy.is_disabled()
    assert page.get_by_test_id("results").get_attribute("aria-busy") == "true"
    assert page.get_by_test_id("status").inner_text() == "Checking the draft…"
    while not held:
        page.wait_for_timeout(20)
    held[0].abort("internetdisconnected")
    alert = page.get_by_role("alert")
    alert.wait_for(timeout=TIMEOUT_MS)
    assert alert.inner_text().startswith("Could not reach the reliability service.")
    assert page.get_by_role("button", name="Check draft").is_enabled()
    assert page.get_by_test_id("results").get_attribute("aria-busy") == "false"
    # Try again re-sends the draft; this time the service answers.
    page.unroute("**/check")
    alert.get_by_role("button", name="Try again").click()
    page.get_by_test_id("status").filter(has_text="Checked").wait_for(timeout=TIMEOUT_MS)
    assert alert.is_hidden()


def test_api_text_is_rendered_as_text_not_markup(page: Page) -> None:
    open_plugin(page)
    hostile = 'Floods in the river valley killed 50 people on Monday <img src=x onerror="window.pwned=1">.'
    check_draft(page, hostile)
    assert page.locator("#rendered img").count() == 0
    assert page.evaluate("() => window.pwned === undefined")
    assert "<img src=x" in (page.get_by_test_id("rendered-draft").text_content() or "")


def test_embedded_script_checks_a_cms_textarea_across_origins(
    page: Page, page_log: PageLog, base_url: str, cms_url: str, artifacts: Path
) -> None:
    page.goto(cms_url)
    body = page.get_by_label("Story body")
    body.fill(DRAFT)
    page.get_by_role("button", name="Check claims").click()
    page.get_by_role("status").filter(has_text="claims checked").wait_for(timeout=TIMEOUT_MS)
    report = api_check(base_url)
    attention = len(report["summary"]["attention"])
    assert page.get_by_role("status").first.inner_text() == f"3 claims checked, {attention} need attention."
    items = page.get_by_test_id("rc-attention").get_by_test_id("rc-item")
    assert items.count() == attention
    contested = items.filter(has_text=CONTRADICTED)
    assert "low · contested" in contested.inner_text() and CONFLICT in contested.inner_text()
    expect(page.get_by_test_id("rc-list-title")).to_be_focused(timeout=TIMEOUT_MS)

    contested.click()
    assert page.get_by_test_id("rc-verdict").inner_text() == CONFLICT
    page.get_by_role("button", name="Show in the draft").click()
    selected = body.evaluate("t => t.value.slice(t.selectionStart, t.selectionEnd)")
    assert selected == CONTRADICTED
    assert page_log.page_errors == [] and page_log.console_errors == []
    assert f"{base_url}/check" in page_log.requests, "the default endpoint is the script's own origin"
    assert_no_axe_violations(page)

    # Editing the textarea marks the result that no longer matches; the others still select their sentence.
    body.fill(DRAFT.replace("50 people", "60 people"))
    page.get_by_test_id("rc-stale").wait_for(timeout=TIMEOUT_MS)
    page.get_by_role("button", name="← Back to the list").click()
    changed = items.filter(has=page.get_by_test_id("rc-changed"))
    assert changed.count() == 1 and CONTRADICTED in changed.inner_text()
    page.screenshot(path=str(artifacts / "cms-textarea-stale.png"), full_page=True)


HIGHLIGHTS = """() => Object.fromEntries(["rc-low", "rc-mixed", "rc-high", "rc-reviewed", "rc-active"]
  .map(n => [n, CSS.highlights.get(n) ? [...CSS.highlights.get(n)].map(r => r.toString()) : []]))"""


def test_embedded_script_highlights_claims_in_a_contenteditable_editor(
    page: Page, page_log: PageLog, base_url: str, cms_url: str, artifacts: Path
) -> None:
    page.goto(cms_url.replace("/editor", "/rich"))
    story = page.get_by_role("textbox", name="Story body")
    # Two paragraphs, as a rich-text editor holds them; the <b> splits a sentence across text nodes.
    story.evaluate(
        """(node, [first, second]) => {
             const p1 = document.createElement("p"); p1.textContent = first;
             const p2 = document.createElement("p"); p2.textContent = second;
             node.append(p1, p2);
             const text = p1.firstChild; const at = text.data.indexOf("50 people");
             const rest = text.splitText(at); rest.splitText(2);
             const bold = document.createElement("b"); rest.replaceWith(bold); bold.append(rest);
           }""",
        [f"{CORROBORATED} {CONTRADICTED}", f"{ANONYMOUS} {QUESTION}"],
    )
    page.get_by_role("button", name="Check claims").click()
    page.get_by_role("status").filter(has_text="claims checked").wait_for(timeout=TIMEOUT_MS)
    painted = page.evaluate(HIGHLIGHTS)
    assert CONTRADICTED in painted["rc-low"]
    assert CORROBORATED not in str(painted)
    assert story.evaluate("n => n.querySelectorAll('mark, span').length") == 0, (
        "the editor's DOM is untouched"
    )
    page.get_by_test_id("rc-item").filter(has_text=CONTRADICTED).click()
    assert page.evaluate(HIGHLIGHTS)["rc-active"] == [CONTRADICTED]
    page.get_by_role("button", name="Show in the draft").click()
    assert page.evaluate("() => document.getSelection().toString()") == CONTRADICTED
    page.screenshot(path=str(artifacts / "cms-contenteditable.png"), full_page=True)

    # Typing in the editor: the result stays with its sentence until that sentence itself changes.
    story.evaluate("n => n.firstChild.prepend('Breaking: ')")
    page.wait_for_function("() => !document.querySelector('[data-testid=rc-stale]').hidden")
    assert CONTRADICTED in page.evaluate(HIGHLIGHTS)["rc-low"]
    story.evaluate("n => n.querySelector('b').textContent = '60'")
    page.get_by_test_id("rc-detail-changed").wait_for(timeout=TIMEOUT_MS)
    assert page.get_by_role("button", name="Show in the draft").is_disabled()
    assert CONTRADICTED not in str(page.evaluate(HIGHLIGHTS)["rc-low"])
    assert page_log.page_errors == [] and page_log.console_errors == []


def test_embedded_check_resolves_the_report_and_rejects_with_the_detail(
    page: Page, base_url: str, cms_url: str
) -> None:
    page.goto(cms_url)
    summary = page.evaluate(
        "text => ReliabilityCheck.check(text, {source: 'https://www.reuters.com/x'}).then(r => r.summary)",
        DRAFT,
    )
    assert summary == api_check(base_url, source={"url": "https://www.reuters.com/x"})["summary"]
    failure = page.evaluate(
        """() => ReliabilityCheck.check("  ").then(
             () => null,
             e => ({name: e.name, status: e.status, code: e.code, message: e.message,
                    isError: e instanceof ReliabilityCheck.Error}))"""
    )
    assert failure == {
        "name": "ReliabilityCheckError",
        "status": 422,
        "code": "validation_error",
        "message": "text: text must contain non-whitespace text",
        "isError": True,
    }


def test_api_key_field_is_sent_when_the_service_requires_one(
    page: Page, keyed_base_url: str, api_key: str
) -> None:
    page.goto(f"{keyed_base_url}/plugin")
    page.get_by_label("Draft text").fill(CONTRADICTED)
    page.get_by_role("button", name="Check draft").click()
    page.get_by_role("alert").wait_for(timeout=TIMEOUT_MS)
    assert "an API key is required" in page.get_by_test_id("error-detail").inner_text()

    page.get_by_text("Service settings").click()
    page.get_by_label("API key").fill(api_key)
    page.get_by_role("button", name="Check draft").click()
    page.get_by_test_id("status").filter(has_text="Checked").wait_for(timeout=TIMEOUT_MS)
    assert page.get_by_role("alert").is_hidden()
    assert claim(page, CONTRADICTED).get_attribute("data-verdict") == "contested"


def test_reviews_persist_edits_mark_results_stale_and_the_report_downloads(
    page: Page, page_log: PageLog, base_url: str, artifacts: Path
) -> None:
    open_plugin(page)
    check_draft(page)
    expect(page.get_by_test_id("results")).to_be_focused(timeout=TIMEOUT_MS)
    assert_no_axe_violations(page)
    claim(page, ANONYMOUS).click()
    panel = page.get_by_role("dialog")
    panel.get_by_label("Note (optional)").fill("Confirmed with the regional office.")
    panel.get_by_role("button", name="Mark as checked").click()
    panel.get_by_test_id("rc-review-state").filter(has_text="Checked on").wait_for(timeout=TIMEOUT_MS)
    assert_no_axe_violations(page)

    page.reload()
    check_draft(page)
    entry = page.get_by_test_id("attention-item").filter(has_text=ANONYMOUS[:40])
    assert entry.get_by_test_id("reviewed").inner_text() == "Checked"
    entry.click()
    assert (
        page.get_by_role("dialog")
        .get_by_test_id("rc-review-state")
        .inner_text()
        .endswith(": Confirmed with the regional office.")
    )

    page.get_by_label("Draft text").fill(DRAFT.replace("50 people", "60 people"))
    page.get_by_test_id("stale").wait_for(timeout=TIMEOUT_MS)
    assert "1 sentence no longer matches" in page.get_by_test_id("stale").inner_text()
    changed = page.get_by_test_id("attention-item").filter(has=page.get_by_test_id("changed"))
    assert changed.count() == 1 and CONTRADICTED[:30] in changed.inner_text()

    with page.expect_download() as download:
        page.get_by_role("button", name="Download report").click()
    report = Path(download.value.path()).read_text()
    assert report.startswith("# Reliability check") and CONFLICT in report
    assert "Review: Checked on" in report and "Confirmed with the regional office." in report
    page.get_by_role("button", name="Re-check").click()
    page.get_by_test_id("status").filter(has_text="Checked").wait_for(timeout=TIMEOUT_MS)
    assert page.get_by_test_id("stale").is_hidden()
    assert_only_same_origin(page_log, base_url)


def test_phone_layout_has_no_scroll_box_inside_the_page(browser: Any, base_url: str, artifacts: Path) -> None:
    context = browser.new_context(base_url=base_url, viewport={"width": 390, "height": 844}, is_mobile=True)
    phone = context.new_page()
    try:
        open_plugin(phone)
        check_draft(phone)
        claim(phone, CONTRADICTED).click()
        panel = phone.get_by_role("dialog")
        panel.wait_for()
        assert panel.evaluate("n => getComputedStyle(n).overflowY") == "visible"
        assert panel.evaluate("n => n.scrollHeight <= n.clientHeight + 1"), (
            "the panel never scrolls on its own"
        )
        assert phone.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
        assert_no_axe_violations(phone)
        phone.screenshot(path=str(artifacts / "plugin-phone.png"), full_page=True)
    finally:
        context.close()


@pytest.fixture()
def bad_gateway() -> Iterator[tuple[str, dict[str, bool]]]:
    """A proxy in front of dead pods: 502 without CORS headers, except /healthz when healthy["healthz"]."""
    healthy = {"healthz": False}

    class Proxy(BaseHTTPRequestHandler):
        def answer(self) -> None:
            self.send_response(200 if healthy["healthz"] and self.path == "/healthz" else 502)
            if healthy["healthz"] and self.path == "/healthz":
                self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_GET = do_POST = do_OPTIONS = answer

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
    thread = threading.Thread(target=server.serve_forever, name="bad-gateway", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", healthy
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


FAIL_AT = """endpoint => ReliabilityCheck.check("Floods killed 50.", {endpoint}).then(() => null, e => {
  const words = ReliabilityCheck.explainError(e, {text: "Floods killed 50."});
  return {code: e.code, title: words.title, detail: words.detail, retry: words.retry};
})"""


def test_a_failed_cross_origin_request_offers_a_retry_and_does_not_blame_the_origin_alone(
    page: Page, cms_url: str, bad_gateway: tuple[str, dict[str, bool]]
) -> None:
    """A proxy's 502 without CORS headers looks, to the page, like a refused origin: it must not claim to know which."""
    proxy, healthy = bad_gateway
    page.goto(cms_url)
    down = page.evaluate(FAIL_AT, proxy + "/check")
    assert down["title"] == (
        "The reliability service could not be reached from this page, or this page's address is not allowed."
    )
    assert "SCORER_CORS_ORIGINS" in down["detail"] and down["retry"] is True

    # The service answers this page, but the check's error came without CORS headers: a plain retry.
    healthy["healthz"] = True
    failed = page.evaluate(FAIL_AT, proxy + "/check")
    assert failed["code"] == "unreadable_answer" and failed["retry"] is True
    assert "SCORER_CORS_ORIGINS" not in failed["detail"]


def fulfil_with(answer: dict[str, Any]) -> Callable[[Route], None]:
    return lambda route: route.fulfill(**answer)


def test_error_answers_that_are_not_an_api_detail_still_say_something(page: Page, cms_url: str) -> None:
    page.goto(cms_url)
    allow = {"Access-Control-Allow-Origin": "*"}
    answers = {
        # A JSON body that is not an object, as some proxies send.
        "string": {
            "status": 502,
            "headers": allow,
            "content_type": "application/json",
            "body": '"Bad gateway"',
        },
        # WordPress's REST error shape: {code, message, data}.
        "wordpress": {
            "status": 403,
            "headers": allow,
            "content_type": "application/json",
            "body": '{"code": "rest_cookie_invalid_nonce", "message": "Cookie check failed", "data": {"status": 403}}',
        },
    }
    failures = {}
    for name, answer in answers.items():
        page.route("**/check", fulfil_with(answer))
        failures[name] = page.evaluate(
            """() => ReliabilityCheck.check("Floods killed 50.").then(() => null, e => {
                 const words = ReliabilityCheck.explainError(e, {text: "Floods killed 50."});
                 return {name: e.name, status: e.status, code: e.code, message: e.message, ...words};
               })"""
        )
        page.unroute("**/check")
    assert failures["string"]["name"] == "ReliabilityCheckError"
    assert failures["string"]["status"] == 502 and failures["string"]["message"] == "Bad Gateway"
    assert failures["string"]["retry"] is True
    wordpress = failures["wordpress"]
    assert (wordpress["code"], wordpress["message"]) == ("rest_cookie_invalid_nonce", "Cookie check failed")
    assert wordpress["title"] == "WordPress refused the check: Cookie check failed."
    assert "log in again" in wordpress["detail"] and "Service settings" not in wordpress["detail"]
    assert wordpress["retry"] is False


def test_an_empty_status_line_falls_back_to_the_status_code(page: Page, cms_url: str) -> None:
    """HTTP/2 has no reason phrase: a non-JSON error answer then has no words of its own."""
    page.goto(cms_url)
    message = page.evaluate(
        """() => {
             const response = new Response("<html>oops</html>", {status: 503, statusText: ""});
             window.fetch = () => Promise.resolve(response);
             return ReliabilityCheck.check("Floods killed 50.").then(() => null, e => [e.message,
               ReliabilityCheck.explainError(e, {text: "x"}).detail]);
           }"""
    )
    assert message == ["the service answered 503", "The service answered 503"]


def hold_checks(page: Page) -> list[Route]:
    held: list[Route] = []
    page.route("**/check", lambda route: held.append(route))
    return held


def release(page: Page, held: list[Route]) -> None:
    while not held:
        page.wait_for_timeout(20)
    held.pop().continue_()
    page.unroute("**/check")


def test_edits_made_while_a_check_is_on_its_way_mark_the_result_stale(page: Page, cms_url: str) -> None:
    page.goto(cms_url)
    body = page.get_by_label("Story body")
    body.fill(DRAFT)
    held = hold_checks(page)
    page.get_by_role("button", name="Check claims").click()
    body.fill(DRAFT.replace("50 people", "60 people"))
    page.wait_for_timeout(400)  # past the widget's pause for typing, while the check is still held
    release(page, held)
    page.get_by_role("status").filter(has_text="claims checked").wait_for(timeout=TIMEOUT_MS)
    expect(page.get_by_test_id("rc-stale")).to_be_visible(timeout=TIMEOUT_MS)
    changed = page.get_by_test_id("rc-item").filter(has=page.get_by_test_id("rc-changed"))
    assert changed.count() == 1 and CONTRADICTED in changed.inner_text()


def test_the_plugin_page_marks_edits_made_during_a_check(page: Page) -> None:
    open_plugin(page)
    page.get_by_label("Draft text").fill(DRAFT)
    held = hold_checks(page)
    page.get_by_role("button", name="Check draft").click()
    page.get_by_label("Draft text").fill(DRAFT.replace("50 people", "60 people"))
    page.wait_for_timeout(400)
    release(page, held)
    page.get_by_test_id("status").filter(has_text="Checked").wait_for(timeout=TIMEOUT_MS)
    expect(page.get_by_test_id("stale")).to_be_visible(timeout=TIMEOUT_MS)
    assert "1 sentence no longer matches" in page.get_by_test_id("stale").inner_text()


def test_saving_a_review_keeps_focus_and_the_other_claims_open(page: Page, cms_url: str) -> None:
    page.goto(cms_url)
    page.get_by_label("Story body").fill(DRAFT)
    page.get_by_role("button", name="Check claims").click()
    page.get_by_role("status").filter(has_text="claims checked").wait_for(timeout=TIMEOUT_MS)
    page.get_by_text("Other claims").click()
    item = page.get_by_test_id("rc-item").filter(has_text=CORROBORATED[:40])
    item.click()
    page.get_by_role("button", name="Mark as checked").click()
    state = page.get_by_test_id("rc-review-state")
    state.filter(has_text="Checked on").wait_for(timeout=TIMEOUT_MS)
    expect(state).to_be_focused(timeout=TIMEOUT_MS)

    page.get_by_role("button", name="← Back to the list").click()
    expect(item).to_be_focused(timeout=TIMEOUT_MS)
    assert page.locator("details.rc-rest").evaluate("d => d.open")
    # Reopen from the list: the review is removed, and the keyboard user is still in the details.
    item.click()
    page.get_by_role("button", name="Reopen").click()
    state.filter(has_text="Not reviewed yet.").wait_for(timeout=TIMEOUT_MS)
    expect(state).to_be_focused(timeout=TIMEOUT_MS)


def test_the_plugin_page_keeps_focus_in_the_panel_after_a_review(page: Page) -> None:
    open_plugin(page)
    check_draft(page)
    claim(page, ANONYMOUS).click()
    panel = page.get_by_role("dialog")
    assert panel.get_by_test_id("rc-review-state").is_visible()
    assert page.locator("#panel-title").inner_text() == "Claim 3 of 3", "a question is not a claim"
    panel.get_by_role("button", name="Dismiss").click()
    panel.get_by_test_id("rc-review-state").filter(has_text="Dismissed on").wait_for(timeout=TIMEOUT_MS)
    expect(panel.get_by_test_id("rc-review-state")).to_be_focused(timeout=TIMEOUT_MS)
    panel.get_by_role("button", name="Reopen").click()


def test_a_recheck_keeps_the_open_claim_by_its_wording(page: Page, cms_url: str) -> None:
    page.goto(cms_url)
    body = page.get_by_label("Story body")
    body.fill(DRAFT)
    page.get_by_role("button", name="Check claims").click()
    page.get_by_role("status").filter(has_text="claims checked").wait_for(timeout=TIMEOUT_MS)
    page.get_by_test_id("rc-item").filter(has_text=ANONYMOUS[:40]).click()
    quote = page.get_by_test_id("rc-claim-quote")
    assert quote.inner_text() == ANONYMOUS
    # A sentence added above it moves it one place down the list of claims.
    # (a sentence no other test sends: the service's cache is shared by the whole run)
    body.fill("Rescuers reached the northern villages by boat on Wednesday. " + DRAFT)
    page.get_by_test_id("rc-stale").wait_for(timeout=TIMEOUT_MS)
    page.get_by_test_id("rc-recheck").click()
    page.get_by_role("status").filter(has_text="scored afresh").wait_for(timeout=TIMEOUT_MS)
    assert page.get_by_test_id("rc-detail").is_visible()
    assert quote.inner_text() == ANONYMOUS


def test_attach_to_an_elements_source_without_a_container_says_what_is_missing(
    page: Page, cms_url: str
) -> None:
    page.goto(cms_url)
    message = page.evaluate(
        """() => { try { ReliabilityCheck.attach(ReliabilityCheck.elementsSource(() => [], document.body)); }
                   catch (e) { return e.name + ": " + e.message; } return null; }"""
    )
    assert message is not None and message.startswith("TypeError: ") and "options.container" in message


def test_a_new_source_url_marks_the_results_stale(page: Page) -> None:
    open_plugin(page)
    check_draft(page)
    page.get_by_label("Source URL (optional)").fill("https://www.reuters.com/world/floods")
    stale = page.get_by_test_id("stale")
    stale.wait_for(timeout=TIMEOUT_MS)
    assert "source URL has changed" in stale.inner_text()
    page.get_by_role("button", name="Re-check").click()
    page.get_by_test_id("status").filter(has_text=re.compile(r"\d+ scored afresh, \d+ unchanged\.")).wait_for(
        timeout=TIMEOUT_MS
    )
    assert stale.is_hidden()
