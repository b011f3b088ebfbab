"""The WordPress plugin in a real WordPress: write a post in the block editor, check it from the sidebar."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from tests.browser.a11y import assert_no_axe_violations
from tests.browser.test_plugin_page import ANONYMOUS, CONTRADICTED, CORROBORATED, QUESTION, api_check
from tests.live_server import free_port

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Frame, Page, StorageState

    from tests.browser.wordpress import WordPressSite

pytestmark = pytest.mark.browser

TIMEOUT_MS = 20_000
PARAGRAPHS = [f"{CORROBORATED} {CONTRADICTED}", f"{ANONYMOUS} {QUESTION}"]
DRAFT = "\n\n".join(PARAGRAPHS)
CONFLICT = "Conflicts with Reuters: 12, not 50; The Guardian and an unidentified outlet disagree too."
CORPUS_IDS = re.compile(r"\b(?:wire|daily|tabloid)-\d\b")
BLOCKS = ".is-root-container .block-editor-rich-text__editable"
HIGHLIGHTED = """names => Object.fromEntries(names.map(name => {
  const set = CSS.highlights.get(name);
  return [name, set ? [...set].map(range => range.toString()) : []];
}))"""


@pytest.fixture(scope="module")
def editor_login(browser: Browser, wordpress: WordPressSite) -> StorageState:
    """The editor's session, logged in once through the form as a person would; each test starts from it.

    One login per module rather than per test: a login writes the user's session tokens, and in a few
    full runs one of seven logins in a row stalled behind PHP's built-in server for over a minute.
    """
    context = browser.new_context(base_url=wordpress.url)
    try:
        page = context.new_page()
        page.goto("/wp-login.php")
        page.get_by_label("Username or Email Address").fill(wordpress.user)
        page.get_by_label("Password", exact=True).fill(wordpress.password)
        page.get_by_role("button", name="Log In").click()
        try:
            page.wait_for_url("**/wp-admin/**", wait_until="commit", timeout=3 * TIMEOUT_MS)
        except PlaywrightTimeoutError:
            pytest.fail(f"the login did not reach wp-admin; the page is {page.url}: {page.content()[:500]}")
        return context.storage_state()
    finally:
        context.close()


@pytest.fixture()
def editor(browser: Browser, wordpress: WordPressSite, editor_login: StorageState) -> Iterator[Page]:
    """A fresh browser context carrying the logged-in editor's cookies."""
    context = browser.new_context(
        base_url=wordpress.url, viewport={"width": 1400, "height": 1000}, storage_state=editor_login
    )
    try:
        yield context.new_page()
    finally:
        context.close()


def wait_for_editor(page: Page) -> None:
    page.wait_for_function(
        "() => window.wp && wp.data && wp.data.select('core/editor').getCurrentPostId()", timeout=TIMEOUT_MS
    )
    page.locator(".is-root-container").wait_for(timeout=TIMEOUT_MS)


def write_post(page: Page) -> None:
    page.goto("/wp-admin/post-new.php")
    wait_for_editor(page)
    page.get_by_role("textbox", name="Add title").fill("Floods in the valley")
    page.get_by_role("button", name="Add default block").click()
    for n, paragraph in enumerate(PARAGRAPHS):
        if n:
            page.keyboard.press("Enter")
        page.keyboard.type(paragraph)


def open_sidebar(page: Page) -> Any:
    page.get_by_role("button", name="Reliability check", exact=True).first.click()
    sidebar = page.get_by_role("region", name="Editor settings")
    widget = sidebar.get_by_test_id("rc-widget")
    widget.wait_for(timeout=TIMEOUT_MS)
    return widget


def check(page: Page, widget: Any) -> None:
    widget.get_by_test_id("rc-check").click()
    widget.get_by_test_id("rc-status").filter(has_text="claims checked").wait_for(timeout=TIMEOUT_MS)


def highlighted(page: Page) -> dict[str, list[str]]:
    names = ["rc-high", "rc-mixed", "rc-low", "rc-reviewed", "rc-active"]
    result: dict[str, list[str]] = page.evaluate(HIGHLIGHTED, names)
    return result


def plugin_errors(site: WordPressSite) -> list[str]:
    """PHP notices from the plugin itself (WordPress 6.1's own PHP 8.2 deprecations are not ours)."""
    if not site.debug_log.exists():
        return []
    return [line for line in site.debug_log.read_text().splitlines() if "reliability-check" in line]


def test_the_sidebar_checks_the_post_highlights_claims_and_opens_evidence(
    editor: Page, wordpress: WordPressSite, base_url: str, artifacts: Path
) -> None:
    page = editor
    write_post(page)
    widget = open_sidebar(page)
    check(page, widget)

    report = api_check(base_url, DRAFT)
    attention = [report["claims"][i]["text"] for i in report["summary"]["attention"]]
    items = widget.get_by_test_id("rc-attention").get_by_test_id("rc-item")
    assert [items.nth(i).get_attribute("data-index") for i in range(items.count())] == [
        str(i) for i in report["summary"]["attention"]
    ]
    assert CONTRADICTED in attention[0]
    assert CONFLICT in items.first.inner_text()

    # The claims that need attention are painted in the editor, by band; the rest are left alone.
    painted = highlighted(page)
    expected: dict[str, list[str]] = {"rc-high": [], "rc-mixed": [], "rc-low": []}
    for i in report["summary"]["attention"]:
        expected["rc-" + report["claims"][i]["result"]["band"]].append(report["claims"][i]["text"])
    assert {band: sorted(painted[band]) for band in expected} == {b: sorted(t) for b, t in expected.items()}
    assert CONTRADICTED in painted["rc-low"]
    assert CORROBORATED not in attention and CORROBORATED not in str(painted)
    page.screenshot(path=str(artifacts / "wordpress-sidebar.png"))

    items.first.click()
    details = widget.get_by_test_id("rc-details")
    expect(widget.get_by_test_id("rc-detail-title")).to_be_focused(timeout=TIMEOUT_MS)
    assert details.get_by_test_id("rc-verdict").inner_text() == CONFLICT
    reuters = details.get_by_test_id("rc-evidence").filter(has_text="Reuters").first
    link = reuters.get_by_role("link", name="“Floods kill 12 in river valley”")
    assert link.get_attribute("href") == "https://www.reuters.com/world/floods-river-valley"
    assert reuters.get_by_test_id("rc-clash-draft").first.inner_text() == "50"
    assert reuters.get_by_test_id("rc-clash-source").first.inner_text() == "12"
    outlets = details.get_by_test_id("rc-outlet").all_inner_texts()
    assert "An unidentified outlet" in outlets and not any(CORPUS_IDS.search(o) for o in outlets)
    assert painted_active(page) == [CONTRADICTED]
    page.screenshot(path=str(artifacts / "wordpress-evidence.png"))

    widget.get_by_test_id("rc-show").click()
    selected = page.evaluate("() => document.getSelection().toString()")
    assert selected == CONTRADICTED
    assert plugin_errors(wordpress) == []


def painted_active(page: Page) -> list[str]:
    return highlighted(page)["rc-active"]


def test_editing_marks_results_stale_and_the_recheck_scores_only_the_changed_sentence(
    editor: Page, wordpress: WordPressSite, artifacts: Path
) -> None:
    page = editor
    write_post(page)
    widget = open_sidebar(page)
    check(page, widget)
    assert widget.get_by_test_id("rc-stale").is_hidden()

    # Change the anonymous claim's figure where it stands in the editor.
    block = page.locator(BLOCKS).nth(1)
    block.click()
    page.keyboard.press("End")
    page.keyboard.type(" Rescuers found 40 more survivors on Tuesday.")
    stale = widget.get_by_test_id("rc-stale")
    stale.wait_for(timeout=TIMEOUT_MS)
    assert widget.get_by_test_id("rc-changed").count() == 0, "the edited paragraph's claims still match"
    page.keyboard.press("Control+Home")
    page.keyboard.press("Delete")
    page.keyboard.type("Senior o")
    page.screenshot(path=str(artifacts / "wordpress-editing.png"))
    widget.get_by_test_id("rc-changed").first.wait_for(timeout=TIMEOUT_MS)
    changed = widget.get_by_test_id("rc-item").filter(has=page.get_by_test_id("rc-changed"))
    assert changed.count() == 1 and "Officials who asked" in changed.inner_text()
    # The unchanged contested claim still highlights its own sentence, moved or not.
    assert CONTRADICTED in highlighted(page)["rc-low"]
    assert not any("Officials" in text for texts in highlighted(page).values() for text in texts)
    page.screenshot(path=str(artifacts / "wordpress-stale.png"))

    widget.get_by_test_id("rc-recheck").click()
    status = widget.get_by_test_id("rc-status").filter(has_text="scored afresh")
    status.wait_for(timeout=TIMEOUT_MS)
    # Two sentences changed (the edited one and the one added); the rest came from the service's cache.
    assert "2 scored afresh" in status.inner_text()
    assert stale.is_hidden() and widget.get_by_test_id("rc-changed").count() == 0


def test_a_dismissed_claim_stays_dismissed_after_a_reload(
    editor: Page, wordpress: WordPressSite, artifacts: Path
) -> None:
    page = editor
    write_post(page)
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_function(
        """() => { const e = wp.data.select('core/editor');
                   return e.getCurrentPost().status === 'draft' && !e.isSavingPost() && !e.isEditedPostDirty(); }""",
        timeout=TIMEOUT_MS,
    )
    widget = open_sidebar(page)
    check(page, widget)
    item = widget.get_by_test_id("rc-item").filter(has_text="Officials who asked")
    item.click()
    # Text that looks like the start of a tag is kept as typed: the note is only ever shown as text.
    widget.get_by_label("Note (optional)").fill("Desk confirmed with the regional office: <50 deaths, %41.")
    widget.get_by_role("button", name="Dismiss").click()
    widget.get_by_test_id("rc-review-state").filter(has_text="Dismissed by editor").wait_for(
        timeout=TIMEOUT_MS
    )

    page.reload()
    wait_for_editor(page)
    widget = open_sidebar(page)
    check(page, widget)
    item = widget.get_by_test_id("rc-item").filter(has_text="Officials who asked")
    assert item.get_by_test_id("rc-reviewed").inner_text() == "Dismissed"
    item.click()
    state = widget.get_by_test_id("rc-review-state").inner_text()
    assert state.startswith("Dismissed by editor on ") and state.endswith(
        ": Desk confirmed with the regional office: <50 deaths, %41."
    )
    # A dismissed claim is no longer painted as a problem.
    assert ANONYMOUS not in highlighted(page)["rc-mixed"] + highlighted(page)["rc-low"]

    with page.expect_download() as download:
        widget.get_by_test_id("rc-back").click()
        widget.get_by_test_id("rc-export").click()
    text = Path(download.value.path()).read_text()
    assert text.startswith("# Reliability check: Floods in the valley")
    assert "Review: Dismissed by editor" in text and CONFLICT in text
    assert_no_axe_violations(page, include=".rc-wp-panel")


def test_keyboard_from_the_sidebar_to_the_evidence_and_back_to_the_draft(editor: Page) -> None:
    page = editor
    write_post(page)
    widget = open_sidebar(page)
    widget.get_by_test_id("rc-check").focus()
    page.keyboard.press("Enter")
    widget.get_by_test_id("rc-status").filter(has_text="claims checked").wait_for(timeout=TIMEOUT_MS)
    title = widget.get_by_test_id("rc-list-title")
    expect(title).to_be_focused(timeout=TIMEOUT_MS)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(widget.get_by_test_id("rc-detail-title")).to_be_focused(timeout=TIMEOUT_MS)
    assert widget.get_by_test_id("rc-verdict").inner_text().startswith("Conflicts with Reuters")
    page.keyboard.press("Shift+Tab")  # "Show in the draft"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.getSelection().toString()") == CONTRADICTED
    assert page.evaluate("() => !!document.activeElement.closest('.is-root-container')")


def test_the_settings_page_stores_the_url_and_keeps_the_key_private(
    editor: Page, wordpress: WordPressSite, base_url: str
) -> None:
    page = editor
    page.goto("/wp-admin/options-general.php?page=reliability-check")
    assert "is ready" in page.locator("#reliability-check-state").inner_text()
    assert page.get_by_label("Service URL").input_value() == base_url
    # A key is stored as typed, even where it looks like an escape or a tag.
    page.get_by_label("API key").fill(" secret-key-123%41<b>x ")
    page.get_by_role("button", name="Save Changes").click()
    page.get_by_text("Settings saved.").wait_for(timeout=TIMEOUT_MS)
    assert wordpress.option("reliability_check_api_key") == "secret-key-123%41<b>x"
    assert page.get_by_label("API key").input_value() == "", "the stored key is never sent back"
    assert "A key is stored" in page.locator("#reliability-check-key-hint").inner_text()
    assert "secret-key-123" not in page.content()
    assert_no_axe_violations(page, include="#wpbody-content .wrap")
    page.get_by_label("Remove the stored key").check()
    page.get_by_role("button", name="Save Changes").click()
    page.get_by_text("Settings saved.").wait_for(timeout=TIMEOUT_MS)
    assert "Only if the service requires one" in page.locator("#reliability-check-key-hint").inner_text()


def set_service_url(page: Page, url: str) -> None:
    page.goto("/wp-admin/options-general.php?page=reliability-check")
    page.get_by_label("Service URL").fill(url)
    page.get_by_role("button", name="Save Changes").click()
    page.get_by_text("Settings saved.").wait_for(timeout=TIMEOUT_MS)


EMPTY_ANSWER = json.dumps(
    {
        "claims": [],
        "summary": {"sentences": 0, "claims": 0, "by_verdict": {}, "by_band": {}, "attention": []},
        "versions": {"model": "m", "corpus": "c", "scorer": "s", "outlets": "o", "extra": {}},
    }
)


@contextmanager
def stand_in_service(body: str) -> Iterator[str]:
    """A service that answers every /check with body."""

    class Service(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body.encode())))
            self.end_headers()
            self.wfile.write(body.encode())

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Service)
    thread = threading.Thread(target=server.serve_forever, name="stand-in-service", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


FORWARD = """text => wp.apiFetch({path: "/reliability-check/v1/check", method: "POST", data: {text, source: null}})
  .then(answer => ({ok: true, answer}), error => ({ok: false, answer: error}))"""


def test_the_site_passes_the_answer_through_and_says_who_can_fix_a_failure(
    editor: Page, wordpress: WordPressSite, base_url: str
) -> None:
    page = editor
    write_post(page)
    direct = api_check(base_url, DRAFT)  # first, so that both answers come from the service's cache
    forwarded = page.evaluate(FORWARD, DRAFT)
    assert forwarded == {"ok": True, "answer": direct}, "the service's JSON, unchanged"

    dead = f"http://127.0.0.1:{free_port()}"
    try:
        # Empty objects stay objects on the way through (PHP's arrays would turn {} into []).
        with stand_in_service(EMPTY_ANSWER) as stand_in:
            set_service_url(page, stand_in)
            write_post(page)
            assert page.evaluate(FORWARD, DRAFT) == {"ok": True, "answer": json.loads(EMPTY_ANSWER)}

        # A service this site cannot reach: editors are told so; the address and the error go to the log.
        set_service_url(page, dead)
        write_post(page)
        failed = page.evaluate(FORWARD, DRAFT)
        assert failed["ok"] is False and failed["answer"]["code"] == "service_unreachable"
        assert (
            dead.split(":")[-1] not in failed["answer"]["detail"]
            and "127.0.0.1" not in failed["answer"]["detail"]
        )
        assert any(dead in line for line in plugin_errors(wordpress)), "the detail is in the site's log"
        widget = open_sidebar(page)
        widget.get_by_test_id("rc-check").click()
        error = widget.get_by_test_id("rc-error")
        error.filter(has_text="Could not reach the reliability service").wait_for(timeout=TIMEOUT_MS)
        assert error.get_by_role("button", name="Try again").is_visible()

        # No service at all: only an administrator can fix that, so no "Try again".
        set_service_url(page, "")
        write_post(page)
        widget = open_sidebar(page)
        widget.get_by_test_id("rc-check").click()
        error = widget.get_by_test_id("rc-error")
        error.wait_for(timeout=TIMEOUT_MS)
        assert error.inner_text().startswith("No reliability service is set up for this site.")
        assert (
            "administrator must set the service URL" in widget.get_by_test_id("rc-error-detail").inner_text()
        )
        assert error.get_by_role("button").count() == 0
    finally:
        set_service_url(page, base_url)

    # An expired login: WordPress refuses the nonce, which is no API key problem.
    write_post(page)
    widget = open_sidebar(page)
    page.evaluate("() => { wp.apiFetch.nonceMiddleware.nonce = 'expired'; }")
    widget.get_by_test_id("rc-check").click()
    error = widget.get_by_test_id("rc-error")
    error.wait_for(timeout=TIMEOUT_MS)
    assert error.inner_text().startswith("WordPress refused the check")
    detail = widget.get_by_test_id("rc-error-detail").inner_text()
    assert "log in again" in detail and "Service settings" not in detail


PAINTED_LOW = "text => [...(CSS.highlights.get('rc-low') || [])].some(range => range.toString() === text)"


def canvas(page: Page) -> Frame:
    """The frame the post is edited in: the editor's iframe where it renders one, else the admin page."""
    return page.frame(name="editor-canvas") or page.main_frame


def top_bar(page: Page) -> Any:
    return page.get_by_role("region", name="Editor top bar")


def wait_for_canvas(page: Page, device: str) -> None:
    frame = page.frame_locator('iframe[name="editor-canvas"]') if device != "Desktop" else page
    frame.locator(BLOCKS).nth(1).wait_for(timeout=TIMEOUT_MS)


def switch_editor(page: Page, mode: str) -> None:
    """The editor's Options menu: "Code editor" or "Visual editor"."""
    top_bar(page).get_by_role("button", name="Options", exact=True).click()
    page.get_by_role("menuitemradio", name=mode).click()
    page.keyboard.press("Escape")


@pytest.mark.parametrize("device", ["Tablet", "Desktop"])
def test_the_results_follow_the_editor_canvas_when_the_editor_renders_it_anew(
    editor: Page, device: str, artifacts: Path
) -> None:
    # WordPress 6.1 renders the post into an iframe (the editor canvas) for the tablet and mobile previews;
    # switching to the code editor and back replaces the canvas (the iframe and its document) with a new one.
    page = editor
    write_post(page)
    if device != "Desktop":
        top_bar(page).get_by_role("button", name="Preview", exact=True).click()
        page.get_by_role("menuitem", name=device).click()
        page.keyboard.press("Escape")
    wait_for_canvas(page, device)
    widget = open_sidebar(page)
    check(page, widget)
    first = canvas(page)
    assert CONTRADICTED in first.evaluate(HIGHLIGHTED, ["rc-low"])["rc-low"]

    switch_editor(page, "Code editor")
    page.get_by_role("button", name="Exit code editor").wait_for(timeout=TIMEOUT_MS)
    switch_editor(page, "Visual editor")
    wait_for_canvas(page, device)
    again = canvas(page)
    if device != "Desktop":
        assert again is not first, "the editor made a new canvas"
    # The claims are painted in the new canvas, and none of them reads as changed.
    again.wait_for_function(PAINTED_LOW, arg=CONTRADICTED, timeout=TIMEOUT_MS)
    assert widget.get_by_test_id("rc-stale").is_hidden()
    assert widget.get_by_test_id("rc-changed").count() == 0
    page.screenshot(path=str(artifacts / f"wordpress-canvas-anew-{device.lower()}.png"))

    widget.get_by_test_id("rc-item").filter(has_text="50").first.click()
    show = widget.get_by_test_id("rc-show")
    expect(show).to_be_enabled()
    show.click()
    assert again.evaluate("() => document.getSelection().toString()") == CONTRADICTED

    # Edits in the new canvas are read from it: the claims still match their sentences.
    widget.get_by_test_id("rc-back").click()
    again.locator(BLOCKS).nth(1).click()
    page.keyboard.press("End")
    page.keyboard.type(" Rescuers found 40 more survivors on Tuesday.")
    widget.get_by_test_id("rc-stale").wait_for(timeout=TIMEOUT_MS)
    assert widget.get_by_test_id("rc-changed").count() == 0
