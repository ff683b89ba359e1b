"""Briefing mode in headless Chromium on a 1920x1080 screen, stepped through with the arrow keys, offline."""

from __future__ import annotations

import functools

import pytest

from components.briefing.exports import deck_file_stem
from components.briefing.screens import build_briefing
from components.data.bundle import load_bundle
from components.ui.navigation import PAGE_MENU_LINKS
from tests.browser.conftest import SCREENSHOTS, SETTLE_TIMEOUT_MS, open_offline_page, wait_settled
from tests.tiny_data import HOSTILE_TEXTS

pytestmark = pytest.mark.browser

PROJECTOR = (1920, 1080)
BENIGN_CONSOLE = ("the server responded with a status of 404",)


@functools.cache  # built once per worker (1.5-3 s each time): the Briefing and its screens are frozen
def _default_briefing():
    from components.figures.filters import filter_options

    bundle = load_bundle()
    return build_briefing(bundle, filter_options(bundle).defaults())


def _wait_for_screen(page, number: int, count: int) -> None:
    page.wait_for_function(
        f"() => new URLSearchParams(location.search).get('screen') === '{number}'", timeout=SETTLE_TIMEOUT_MS
    )
    page.locator('[data-testid="stMain"] h3', has_text=f"{number} / {count}").wait_for()
    wait_settled(page)
    page.wait_for_function(
        """() => {
            const charts = [...document.querySelectorAll('[data-testid="stMain"] .vega-embed')];
            return charts.length === 1 && charts[0].querySelector('svg, canvas');
        }""",
        timeout=SETTLE_TIMEOUT_MS,
    )


def test_presenter_steps_through_every_screen_with_the_arrow_keys(browser, app_server):
    briefing = _default_briefing()
    count = len(briefing.screens)
    context, page, traffic = open_offline_page(browser, app_server.url, viewport=PROJECTOR)
    try:
        page.goto(f"{app_server.url}/briefing")
        wait_settled(page)
        sidebar = page.locator('[data-testid="stSidebar"]')
        assert sidebar.get_attribute("data-collapsed") == "true", "the sidebar should start collapsed"
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        for number, screen in enumerate(briefing.screens, start=1):
            _wait_for_screen(page, number, count)
            heading = page.locator('[data-testid="stMain"] h1').first.inner_text().strip()
            assert heading == screen.title
            # The viewport only: what the audience sees without scrolling.
            page.screenshot(path=str(SCREENSHOTS / f"briefing-{number}-{screen.slug}.png"))
            if number < count:
                page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowLeft")
        _wait_for_screen(page, count - 1, count)
        assert traffic.foreign_requests == [], f"requests outside the app: {traffic.foreign_requests}"
        assert [e for e in traffic.console_errors if not any(b in e for b in BENIGN_CONSOLE)] == []
        assert traffic.page_errors == []
    finally:
        context.close()


def test_a_screen_address_opens_the_briefing_there_in_high_contrast(browser, app_server):
    briefing = _default_briefing()
    context, page, traffic = open_offline_page(browser, app_server.url, viewport=PROJECTOR)
    try:
        page.goto(f"{app_server.url}/briefing?screen=4&contrast=true")
        _wait_for_screen(page, 4, len(briefing.screens))
        assert page.locator('[data-testid="stMain"] h1').first.inner_text().strip() == briefing.screens[3].title
        page.screenshot(path=str(SCREENSHOTS / "briefing-4-high-contrast.png"))
        assert traffic.foreign_requests == []
    finally:
        context.close()


def test_every_screen_passes_the_accessibility_check(browser, app_server):
    from axe_playwright_python.sync_playwright import Axe

    from tests.browser.test_pages_in_browser import _ours

    count = len(_default_briefing().screens)
    context, page, _traffic = open_offline_page(browser, app_server.url, viewport=PROJECTOR)
    try:
        serious = []
        for number in range(1, count + 1):
            page.goto(f"{app_server.url}/briefing?screen={number}")
            _wait_for_screen(page, number, count)
            violations = Axe().run(page).response["violations"]
            serious += [f"screen {number}: {v['id']} ({v['impact']}) {v['help']}" for v in violations if _ours(v)]
        assert serious == []
    finally:
        context.close()


def test_hostile_names_in_the_data_are_shown_as_text_on_every_screen(browser, hostile_server):
    server = hostile_server
    context, page, traffic = open_offline_page(browser, server.url, viewport=PROJECTOR)
    try:
        seen = ""
        for number in range(1, 8):
            page.goto(f"{server.url}/briefing?screen={number}")
            _wait_for_screen(page, number, 7)
            seen += page.locator('[data-testid="stMain"]').inner_text()
            # The only scripts are the page's own scroll-to-top and arrow keys (pages/briefing.py), none from
            # the data.
            scripts = page.locator('[data-testid="stMain"] script').evaluate_all("s => s.map(e => e.textContent)")
            assert [text.split("*/")[0] for text in scripts] == [
                f"/* screen {number} ",
                "/* arrow keys from switches ",
            ]
            assert page.locator('[data-testid="stMain"] img[src="x"]').count() == 0
        assert HOSTILE_TEXTS[0] in seen
        assert traffic.dialogs == [] and traffic.page_errors == []
    finally:
        context.close()


def test_the_deck_downloaded_from_the_page_opens_with_one_slide_per_screen(browser, app_server, tmp_path):
    from pptx import Presentation

    briefing = _default_briefing()
    context, page, traffic = open_offline_page(browser, app_server.url, viewport=PROJECTOR)
    try:
        page.goto(f"{app_server.url}/briefing?screen=2")
        _wait_for_screen(page, 2, len(briefing.screens))
        page.get_by_text("Downloads (with the filters above)").click()
        with page.expect_download(timeout=SETTLE_TIMEOUT_MS) as caught:
            page.get_by_role("button", name="The whole briefing (PowerPoint)").click()
        download = caught.value
        assert download.suggested_filename.startswith(deck_file_stem(briefing) + "_")
        assert download.suggested_filename.endswith(".pptx")
        path = tmp_path / download.suggested_filename
        download.save_as(path)
        deck = Presentation(str(path))
        assert [slide.shapes.title.text for slide in deck.slides] == [s.title for s in briefing.screens]
        with page.expect_download(timeout=SETTLE_TIMEOUT_MS) as caught:
            page.get_by_role("button", name="This chart (PNG)").click()
        assert caught.value.suggested_filename.startswith(briefing.screens[1].file_stem + "_")
        assert traffic.foreign_requests == []
    finally:
        context.close()


def test_a_french_briefing_address_opens_in_french_and_its_chart_downloads_with_a_french_name(browser, app_server):
    context, page, traffic = open_offline_page(browser, app_server.url, viewport=PROJECTOR)
    try:
        page.goto(f"{app_server.url}/briefing?lang=fr&screen=3")
        _wait_for_screen(page, 3, len(_default_briefing().screens))
        assert (
            page.locator('[data-testid="stMain"] h1').first.inner_text().strip()
            == "Où se trouvent les projets du Fonds"
        )
        page.get_by_role("button", name="Suivant").wait_for()
        page.screenshot(path=str(SCREENSHOTS / "briefing-3-french.png"))
        page.get_by_text("Téléchargements (avec les filtres ci-dessus)").click()
        with page.expect_download(timeout=SETTLE_TIMEOUT_MS) as caught:
            page.get_by_role("button", name="Ce graphique (PNG)").click()
        assert caught.value.suggested_filename.startswith("lieux-des-projets_")
        assert traffic.foreign_requests == []
    finally:
        context.close()


def test_presenting_hides_the_page_list_until_switched_off(browser, app_server):
    briefing = _default_briefing()
    context, page, traffic = open_offline_page(browser, app_server.url, viewport=PROJECTOR)
    try:
        page.goto(f"{app_server.url}/briefing?screen=2&presenting=true")
        _wait_for_screen(page, 2, len(briefing.screens))
        assert page.locator(PAGE_MENU_LINKS).count() == 0
        page.get_by_text("Presenter settings").click()
        page.get_by_text("Presenting: hide the list of pages").click()
        page.wait_for_function(
            "() => new URLSearchParams(location.search).get('presenting') !== 'true'", timeout=SETTLE_TIMEOUT_MS
        )
        page.locator(PAGE_MENU_LINKS).first.wait_for(state="attached", timeout=SETTLE_TIMEOUT_MS)
        assert traffic.foreign_requests == []
    finally:
        context.close()


def _position_top(page, number: int, count: int) -> float:
    return page.locator('[data-testid="stMain"] h3', has_text=f"{number} / {count}").bounding_box()["y"]


def test_after_the_presenter_settings_the_arrow_keys_open_the_next_screen_at_its_top(browser, app_server):
    count = len(_default_briefing().screens)
    context, page, _traffic = open_offline_page(browser, app_server.url, viewport=PROJECTOR)
    try:
        page.goto(f"{app_server.url}/briefing?screen=4")
        _wait_for_screen(page, 4, count)
        page.get_by_text("Presenter settings").click()
        # The switch is clicked once the settings have opened (a click on the opening expander can miss it), and a
        # loaded machine may take longer than Playwright's default to answer.
        switch = page.get_by_text("High contrast charts")
        switch.wait_for(state="visible", timeout=SETTLE_TIMEOUT_MS)
        wait_settled(page)
        switch.click()
        page.wait_for_function(
            "() => new URLSearchParams(location.search).get('contrast') === 'true'", timeout=SETTLE_TIMEOUT_MS
        )
        wait_settled(page)
        # A setting changed keeps the presenter where they were (scrolled down to the settings)...
        assert _position_top(page, 4, count) < 0
        # The switch just used keeps the focus, and the arrow keys still step the screens.
        assert page.evaluate("() => document.activeElement.type") == "checkbox"
        page.keyboard.press("ArrowRight")
        _wait_for_screen(page, 5, count)
        # ...a screen change starts at the top: the position and the title are in view, not scrolled past.
        assert 0 <= _position_top(page, 5, count) < 200
        assert page.locator('[data-testid="stMain"] h1').first.bounding_box()["y"] >= 0
    finally:
        context.close()


# Each text mark of the screen's chart (labels drawn from the data: not the axes, legends or title): its words and
# its box on the page, the chart's own box last.
CHART_LABEL_BOXES = """() => {
    const chart = document.querySelector('[data-testid="stMain"] .vega-embed');
    const labels = [...chart.querySelectorAll('svg g.mark-text.role-mark text')]
        .filter(text => text.textContent.trim())
        .map(text => {
            const r = text.getBoundingClientRect();
            return [text.textContent, r.left, r.top, r.right, r.bottom];
        });
    const r = chart.getBoundingClientRect();
    return [labels, [r.left, r.top, r.right, r.bottom]];
}"""


# The lowest point on the page of the map's drawn shapes (outlines and lakes), and the chart's title lines.
MAP_BOTTOM_AND_TITLE = """() => {
    const chart = document.querySelector('[data-testid="stMain"] .vega-embed');
    const bottoms = [...chart.querySelectorAll('svg g.mark-shape path')].map(p => p.getBoundingClientRect().bottom);
    const title = chart.querySelector('svg g.role-title-text text');
    const lines = title ? [...title.querySelectorAll('tspan')].map(t => t.textContent) : [];
    const r = title ? title.getBoundingClientRect() : null;
    return [Math.max(...bottoms), lines.length ? lines : [title ? title.textContent : ''], r ? r.right : 0];
}"""
NOTE_STARTS = ("Not named", "Non nommés")


def _overprinted(labels: list) -> list[tuple[str, str]]:
    # Half a pixel of slack: two lines of a stack touch.
    return [
        (a[0], b[0])
        for i, a in enumerate(labels)
        for b in labels[i + 1 :]
        if a[1] < b[3] - 0.5 and b[1] < a[3] - 0.5 and a[2] < b[4] - 0.5 and b[2] < a[4] - 0.5
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [390, 1024])
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_map_screens_labels_neither_overprint_nor_run_out_of_the_map(browser, app_server, width, lang, scheme):
    """At 390 px the places map's names overprinted each other (eastern DRC's towns, the countries without a place);
    at 1024 px 'Haiti / no place known', centred on the frame's west edge, was cut in half, and the note of the names
    left off ran past a phone's map bottom, then was written over the map. The note is under the map's shapes, and
    the title is whole within the chart. Screen 3 is the projects' map, screen 6 a project's close-up."""
    context, page, traffic = open_offline_page(browser, app_server.url, viewport=(width, 900), color_scheme=scheme)
    count = len(_default_briefing().screens)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    try:
        for number in (3, 6):
            page.goto(f"{app_server.url}/briefing?screen={number}&lang={lang}")
            _wait_for_screen(page, number, count)
            labels, (left, top, right, bottom) = page.evaluate(CHART_LABEL_BOXES)
            assert labels, "the map names its places"
            assert _overprinted(labels) == [], f"screen {number} at {width} px"
            cut = [
                label[0]
                for label in labels
                if label[1] < left - 1 or label[3] > right + 1 or label[2] < top - 1 or label[4] > bottom + 1
            ]
            assert cut == [], f"screen {number} at {width} px: labels past the map's edge"
            map_bottom, title_lines, title_right = page.evaluate(MAP_BOTTOM_AND_TITLE)
            notes = [label for label in labels if label[0].startswith(NOTE_STARTS)]
            assert all(note[2] >= map_bottom for note in notes), f"screen {number} at {width} px: note over the map"
            assert title_lines and not any("…" in line for line in title_lines), title_lines
            assert title_right <= right + 1, f"screen {number} at {width} px: title past the chart"
            page.locator('[data-testid="stMain"] .vega-embed').screenshot(
                path=str(SCREENSHOTS / f"briefing-map-{number}-{width}-{lang}-{scheme}.png")
            )
        assert traffic.page_errors == []
    finally:
        context.close()
