"""Every page in headless Chromium, as a user meets it: drawn, offline, in light and dark theme."""

from __future__ import annotations

import json

import pytest

from tests.browser.conftest import (
    PAGES,
    SCREENSHOTS,
    open_offline_page,
    screenshot,
    wait_drawn,
    wait_settled,
)

pytestmark = pytest.mark.browser

# Streamlit's own console noise that is not an error of this app (none expected offline so far).
BENIGN_CONSOLE = ()


def _visit(page, base_url: str, name: str) -> None:
    page.goto(f"{base_url}/{PAGES[name]}")
    wait_settled(page)
    wait_drawn(page, name)


def _assert_clean(page, traffic) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0, page.locator(
        '[data-testid="stException"]'
    ).first.inner_text()
    assert traffic.foreign_requests == [], f"requests outside the app: {traffic.foreign_requests}"
    errors = [e for e in traffic.console_errors if not any(b in e for b in BENIGN_CONSOLE)]
    assert errors == [], errors
    assert traffic.page_errors == []


@pytest.mark.parametrize("name", list(PAGES))
def test_page_draws_offline_in_light_theme(offline_page, app_server, name):
    page, traffic = offline_page
    _visit(page, app_server.url, name)
    _assert_clean(page, traffic)
    screenshot(page, f"{name}-light")


@pytest.mark.parametrize("name", list(PAGES))
def test_page_draws_offline_in_dark_theme(browser, dark_server, name):
    context, page, traffic = open_offline_page(browser, dark_server.url)
    try:
        _visit(page, dark_server.url, name)
        _assert_clean(page, traffic)
        background = page.evaluate(
            "getComputedStyle(document.querySelector('[data-testid=\"stApp\"]')).backgroundColor"
        )
        red, green, blue = [int(v) for v in background[background.index("(") + 1 : -1].split(",")[:3]]
        assert red + green + blue < 200, f"dark theme expected, background is {background}"
        screenshot(page, f"{name}-dark")
    finally:
        context.close()


def test_no_serious_accessibility_violations(offline_page, app_server):
    from axe_playwright_python.sync_playwright import Axe

    page, _traffic = offline_page
    axe = Axe()
    report: dict[str, list[dict[str, object]]] = {}
    serious: list[str] = []
    for name in PAGES:
        _visit(page, app_server.url, name)
        results = axe.run(page)
        violations = results.response["violations"]
        report[name] = [
            {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": len(v["nodes"])} for v in violations
        ]
        serious += [f"{name}: {v['id']} ({v['impact']}) {v['help']}" for v in violations if _ours(v)]
    SCREENSHOTS.parent.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS.parent / "axe-report.json").write_text(json.dumps(report, indent=2))
    assert serious == []


def _ours(violation: dict) -> bool:
    """Serious or critical, and on an element this app controls (not Streamlit's own chrome)."""
    if violation["impact"] not in ("serious", "critical"):
        return False
    targets = [" ".join(map(str, node["target"])) for node in violation["nodes"]]
    streamlit_chrome = ("stToolbar", "stHeader", "stDecoration", "stStatusWidget", "stMainMenu")
    return any(not any(chrome in t for chrome in streamlit_chrome) for t in targets)
