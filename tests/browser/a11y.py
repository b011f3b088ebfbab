"""axe-core in the page under test: every WCAG A/AA rule it has, zero violations allowed.

axe-core comes from the npm registry (tests/browser/axe/package.json, installed by
scripts/install-test-tools.sh); MPL-2.0, used unmodified and not shipped with the service.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tests.conftest import skip_or_fail

if TYPE_CHECKING:
    from playwright.sync_api import Page

AXE = Path(__file__).resolve().parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@lru_cache(maxsize=1)
def _axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


def axe_violations(page: Page, include: str | None = None) -> list[dict[str, Any]]:
    if not AXE.exists():
        skip_or_fail(f"no axe-core at {AXE}: run scripts/install-test-tools.sh")
    # Evaluated through the DevTools protocol, not added as a <script>: the page's CSP stays as served.
    page.evaluate(_axe_source() + "\n;undefined")
    result: list[dict[str, Any]] = page.evaluate(
        """([include, tags]) => axe.run(include ? {include: [include]} : document,
             {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]})
           .then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
             nodes: v.nodes.map(n => n.target.join(" ") + ": " + n.failureSummary)})))""",
        [include, TAGS],
    )
    return result


def assert_no_axe_violations(page: Page, include: str | None = None) -> None:
    violations = axe_violations(page, include)
    assert violations == [], "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']}: {v['nodes']}" for v in violations
    )
