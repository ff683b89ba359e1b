"""The dashboard in French in headless Chromium (issue 20): every page in light and dark theme, and the Briefing
stepped through with the arrow keys, with no English left outside the data's own text."""

from __future__ import annotations

import pytest

from components.briefing.screens import build_briefing
from components.data.bundle import load_bundle
from components.figures.filters import filter_options
from components.language.translation import FRENCH
from tests.browser.conftest import PAGES, SCREENSHOTS, open_offline_page, wait_drawn, wait_settled
from tests.browser.test_briefing_in_browser import PROJECTOR, _wait_for_screen
from tests.french_page import english_left

pytestmark = pytest.mark.browser

BENIGN_CONSOLE = ("the server responded with a status of 404",)


def _shown_lines(page) -> list[str]:
    """The words on screen, a line each: the page and its sidebar (tables are drawn on a canvas, charts in SVG). An
    icon's ligature ("map", "arrow_forward") is a glyph's name, not a word anyone reads."""
    main = page.locator('[data-testid="stMain"]').inner_text()
    sidebar = page.locator('[data-testid="stSidebar"]').inner_text()
    icons = set(page.locator('[data-testid="stIconMaterial"]').all_inner_texts())
    return [line for line in f"{main}\n{sidebar}".splitlines() if line.strip() and line.strip() not in icons]


def _cut_figures(page) -> list[str]:
    """The headline figures Streamlit shows cut short with an ellipsis (wider than their card)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('[data-testid="stMetricValue"] > div')]
            .filter(box => box.scrollWidth > box.clientWidth + 1).map(box => box.innerText)"""
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_reads_in_french(browser, app_server, scheme):
    bundle = load_bundle()
    context, page, traffic = open_offline_page(browser, app_server.url, color_scheme=scheme)
    try:
        english: dict[str, list[str]] = {}
        for name, address in PAGES.items():
            page.goto(f"{app_server.url}/{address}?lang=fr")
            wait_settled(page)
            assert page.locator('[data-testid="stException"]').count() == 0
            wait_drawn(page, name)
            assert page.locator("html").get_attribute("lang") in (None, "", "fr", "en")
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"french-{name}-{scheme}.png"), full_page=True)
            assert _cut_figures(page) == [], name
            left = english_left(_shown_lines(page), bundle)
            if left:
                english[name] = left
        assert english == {}
        # With 2016–2020 the Overview's money headline is « plus de 2,5 M $US »: it wraps, never "plus de 2,…".
        page.goto(f"{app_server.url}/?lang=fr&years=2016&years=2020")
        wait_settled(page)
        assert _cut_figures(page) == []
        assert traffic.foreign_requests == []
        assert [e for e in traffic.console_errors if not any(b in e for b in BENIGN_CONSOLE)] == []
    finally:
        context.close()


def test_the_presenter_steps_through_the_briefing_in_french(browser, app_server):
    bundle = load_bundle()
    briefing = build_briefing(bundle, filter_options(bundle).defaults(), lang=FRENCH)
    count = len(briefing.screens)
    context, page, _traffic = open_offline_page(browser, app_server.url, viewport=PROJECTOR)
    try:
        page.goto(f"{app_server.url}/briefing?lang=fr")
        wait_settled(page)
        for number, screen in enumerate(briefing.screens, start=1):
            _wait_for_screen(page, number, count)
            assert page.locator('[data-testid="stMain"] h1').first.inner_text().strip() == screen.title
            page.screenshot(path=str(SCREENSHOTS / f"french-briefing-{number}.png"))
            if number < count:
                page.keyboard.press("ArrowRight")
    finally:
        context.close()


def _chosen(page, label: str) -> str:
    """What a main-area selectbox shows as chosen (its input's value)."""
    box = page.locator('[data-testid="stMain"] [data-testid="stSelectbox"]', has_text=label).first
    return box.locator("input").input_value()


def test_the_projects_sort_survives_a_language_switch_and_keeps_its_code_in_the_link(offline_page, app_server):
    page, traffic = offline_page
    main = page.locator('[data-testid="stMain"]')
    page.goto(f"{app_server.url}/{PAGES['projects']}?sort=budget")
    wait_settled(page)
    assert _chosen(page, "Sort by") == "Known budget (largest first)"
    page.locator('[data-testid="stSidebar"]').get_by_text("Français").click()
    main.get_by_text("Trier par").wait_for()
    wait_settled(page)
    assert _chosen(page, "Trier par") == "Budget connu (le plus élevé d'abord)"
    assert "sort=budget" in page.url
    main.locator('[data-testid="stSelectbox"]', has_text="Trier par").first.click()
    page.keyboard.type("Date de début")
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.search.includes('sort=start')")
    page.locator('[data-testid="stSidebar"]').get_by_text("English").click()
    main.get_by_text("Sort by").wait_for()
    wait_settled(page)
    assert _chosen(page, "Sort by") == "Start date (latest first)"
    # Liberia's "2022" is the latest start among the confirmed projects (data/projects.yaml: LBR-2022).
    first_row = main.locator('[data-testid="stTable"] tbody tr').first.inner_text()
    assert "Second Liberia Trust Fund project" in first_row
    assert traffic.foreign_requests == []
