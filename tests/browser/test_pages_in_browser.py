"""Every page in headless Chromium, as a user meets it: drawn, offline, in light and dark theme."""

from __future__ import annotations

import json

import pytest

from components.data.bundle import load_bundle
from components.figures.allegations import build_allegations_view
from components.figures.filters import Filters
from tests.browser.conftest import (
    PAGES,
    SCREENSHOTS,
    SETTLE_TIMEOUT_MS,
    open_offline_page,
    screenshot,
    wait_drawn,
    wait_settled,
)
from tests.tiny_data import HOSTILE_TEXTS

pytestmark = pytest.mark.browser

# Streamlit's frontend probes /<page>/_stcore/health before the root one when a page is opened by
# its own address; those 404s are the framework's, not the app's.
BENIGN_CONSOLE = ("the server responded with a status of 404",)


def _visit(page, base_url: str, name: str, query: str = "") -> None:
    page.goto(f"{base_url}/{PAGES[name]}{query}")
    wait_settled(page)
    exception = page.locator('[data-testid="stException"]')
    assert exception.count() == 0, exception.first.inner_text()
    wait_drawn(page, name)


# Projects shown with the default filters (data/projects.yaml: 9 confirmed projects with a start in 2005–2024 or none).
DEFAULT_PROJECTS_SHOWN = 9
VISIBLE_PROJECT_CARDS = """() => [...document.querySelectorAll('.st-key-projects_narrow [data-testid="stMarkdown"]')]
    .filter(card => card.offsetParent !== null).map(card => card.innerText)"""
VISIBLE_PROJECT_TABLES = """() => [...document.querySelectorAll('.st-key-projects_wide [data-testid="stTable"]')]
    .filter(table => table.offsetParent !== null).length"""


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
    if name == "projects":
        # A wide screen has the table, not the phone's cards.
        assert page.evaluate(VISIBLE_PROJECT_CARDS) == []
        assert page.evaluate(VISIBLE_PROJECT_TABLES) == 1
    screenshot(page, f"{name}-light")


@pytest.mark.parametrize("name", list(PAGES))
def test_page_draws_offline_in_dark_theme(browser, app_server, name):
    """The app follows the system's dark mode (light and dark themes are both configured)."""
    context, page, traffic = open_offline_page(browser, app_server.url, color_scheme="dark")
    try:
        _visit(page, app_server.url, name)
        _assert_clean(page, traffic)
        background = page.evaluate(
            "getComputedStyle(document.querySelector('[data-testid=\"stApp\"]')).backgroundColor"
        )
        red, green, blue = [int(v) for v in background[background.index("(") + 1 : -1].split(",")[:3]]
        assert red + green + blue < 200, f"dark theme expected, background is {background}"
        screenshot(page, f"{name}-dark")
    finally:
        context.close()


PHONE = (390, 844)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(PAGES))
def test_page_fits_a_390_px_phone(browser, app_server, name, scheme):
    """At 390 px nothing runs off the right edge (the page never scrolls sideways), and every "as of" and scope
    line of a headline figure sits inside its card rather than between cards."""
    context, page, traffic = open_offline_page(browser, app_server.url, viewport=PHONE, color_scheme=scheme)
    try:
        _visit(page, app_server.url, name)
        _assert_clean(page, traffic)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, f"{name} scrolls {overflow} px sideways at 390 px"
        # A caption beside a headline figure in the same column, but outside the figure's card.
        loose_captions = page.evaluate(
            """() => [...document.querySelectorAll('[data-testid="stColumn"] > div')]
                .filter(column => [...column.children]
                    .some(el => el.querySelector(':scope > [data-testid="stMetric"]')))
                .flatMap(column => [...column.children])
                .filter(el => el.querySelector(':scope > [data-testid="stCaptionContainer"]'))
                .map(el => el.innerText)"""
        )
        assert loose_captions == [], f"captions outside their cards: {loose_captions}"
        if name == "projects":
            # The table showed its first column only: a phone gets one card per project instead, every field of
            # the table in it, and its sources linked.
            cards = page.evaluate(VISIBLE_PROJECT_CARDS)
            assert len(cards) == DEFAULT_PROJECTS_SHOWN
            assert page.evaluate(VISIBLE_PROJECT_TABLES) == 0
            sake = next(card for card in cards if "around Goma and Sake" in card)
            for field in ("Mission: MONUSCO", "Run by: MONUSCO", "Services: vocational training", "Budget: $175,000"):
                assert field in sake
            assert "Sources: UN Peacekeeping, 2018-05-11" in sake
        screenshot(page, f"{name}-390-{scheme}")
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
            {
                "id": v["id"],
                "impact": v["impact"],
                "help": v["help"],
                "targets": [" ".join(map(str, n["target"])) for n in v["nodes"]],
                "summary": [n.get("failureSummary", "")[:200] for n in v["nodes"]],
            }
            for v in violations
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


def _metric_value(page, label_start: str) -> str:
    metric = page.locator('[data-testid="stMetric"]', has_text=label_start).first
    return metric.locator('[data-testid="stMetricValue"]').inner_text().strip()


def test_year_and_mission_filters_change_the_figures_and_the_url(offline_page, app_server):
    page, traffic = offline_page
    _visit(page, app_server.url, "allegations")
    upper = page.locator('[data-testid="stSidebar"]').get_by_role("slider", name="Years — end")
    upper.focus()
    for _ in range(4):
        page.keyboard.press("ArrowLeft")
    page.wait_for_function("() => location.search.includes('years=2020')")
    wait_settled(page)
    expected = build_allegations_view(load_bundle(), Filters(years=(2005, 2020)))
    assert _metric_value(page, "Allegations in 2020") == expected.headline == "66"

    missions = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first
    missions.locator("input").click()
    page.keyboard.type("MINUSCA")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    page.wait_for_function("() => location.search.includes('mission=MINUSCA')")
    page.locator('[data-testid="stCaptionContainer"]', has_text="Mission: MINUSCA").first.wait_for()
    assert traffic.foreign_requests == []


def test_a_copied_address_opens_the_same_view(browser, app_server):
    context, page, _traffic = open_offline_page(browser, app_server.url)
    try:
        page.goto(f"{app_server.url}/allegations?years=2016&years=2020&mission=MINUSCA")
        wait_settled(page)
        copied = page.url
    finally:
        context.close()
    fresh, page, _traffic = open_offline_page(browser, app_server.url)
    try:
        page.goto(copied)
        wait_settled(page)
        page.locator('[data-testid="stCaptionContainer"]', has_text="Mission: MINUSCA").first.wait_for()
        assert _metric_value(page, "Allegations in 2020") == "66"
    finally:
        fresh.close()


def test_choosing_a_mission_beside_the_map_shows_its_figures(offline_page, app_server):
    page, _traffic = offline_page
    _visit(page, app_server.url, "mission_map")
    chooser = page.locator('[data-testid="stMain"] [data-testid="stSelectbox"]').first
    chooser.click()
    page.keyboard.type("MONUSCO")
    page.keyboard.press("Enter")
    wait_settled(page)
    heading = page.locator('[data-testid="stMain"] h3', has_text="MONUSCO").first
    heading.wait_for()
    # The detail is drawn top to bottom: its heading can show before its project links do.
    page.wait_for_function(
        """() => /Sake|Vocational/.test(document.querySelector('[data-testid="stMain"]').innerText)""",
        timeout=SETTLE_TIMEOUT_MS,
    )
    assert (
        "Sake" in page.locator('[data-testid="stMain"]').inner_text()
        or "Vocational" in page.locator('[data-testid="stMain"]').inner_text()
    )


def _click_mark(page, name: str) -> None:
    """Click the map's mark whose screen-reader text starts with `name`, below its centre: a smaller mark sharing
    the point sits on top of it."""
    box = page.locator(f'.vega-embed svg path[aria-label^="{name}"]').first.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] * 0.8)


def test_clicking_the_simple_map_opens_a_missions_figures_and_a_places_projects(offline_page, app_server):
    """The simple (Vega-Lite) map; the deck.gl map's click is tested in test_mission_map_in_browser."""
    page, traffic = offline_page
    _visit(page, app_server.url, "mission_map", "?simple_map=true")
    _click_mark(page, "MONUSCO")
    page.locator('[data-testid="stMain"] h3', has_text="MONUSCO").first.wait_for(timeout=SETTLE_TIMEOUT_MS)
    assert "map_mission=MONUSCO" in page.url, "the choice is in the link, to share"
    wait_drawn(page, "mission_map")
    _click_mark(page, "Project place: Sake")
    # The place's projects are listed above the chooser, each a link to the project.
    link = page.locator('[data-testid="stPageLink"] a', has_text="Sake").first
    link.wait_for(timeout=SETTLE_TIMEOUT_MS)
    assert "project=" in link.get_attribute("href")
    _assert_clean(page, traffic)


def test_zooming_and_moving_the_simple_map_stay_in_the_browser(offline_page, app_server):
    """Wheel and drag move the map without asking the server for a rerun: nothing flickers in front of a room."""
    page, _traffic = offline_page
    sent: list[object] = []
    page.on("websocket", lambda socket: socket.on("framesent", lambda payload: sent.append(payload)))
    _visit(page, app_server.url, "mission_map", "?simple_map=true")
    svg = page.locator('.vega-embed[aria-label^="Map of UN field missions"] svg').first
    box = svg.bounding_box()
    before = svg.inner_html()
    sent.clear()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    for _ in range(4):
        page.mouse.wheel(0, -120)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 3, box["y"] + box["height"] / 3, steps=8)
    page.mouse.up()
    page.wait_for_timeout(1000)
    assert svg.inner_html() != before, "the map moved"
    assert sent == [], "no message to the server"


def test_the_per_mission_grid_names_every_mission_it_draws(offline_page, app_server, bundle, defaults):
    """Vega drops axis labels that would overlap: a row too thin for its name left every other mission unnamed."""
    page, _traffic = offline_page
    _visit(page, app_server.url, "allegations")
    grid = build_allegations_view(bundle, defaults).grid
    axis = page.locator("""[aria-label^="Y-axis titled 'Mission'"]""").first
    # Vega hides an overlapping label by making it transparent: only the labels a reader can see count.
    labels = axis.locator("text").evaluate_all(
        "texts => texts.filter(text => getComputedStyle(text).opacity !== '0' && text.getAttribute('opacity') !== '0')"
        ".map(text => text.textContent)"
    )
    assert sorted(label for label in labels if label != "Mission") == sorted(grid.data["mission"].unique())


def test_chart_csv_download_holds_the_data_behind_the_chart(offline_page, app_server, tmp_path):
    page, _traffic = offline_page
    _visit(page, app_server.url, "allegations")
    with page.expect_download() as caught:
        page.get_by_role("button", name="Download data (CSV)").first.click()
    download = caught.value
    assert download.suggested_filename.startswith("allegations-by-year_")
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    lines = path.read_text().splitlines()
    assert lines[0].startswith("year,scope,series,value,qualifier")
    assert any(line.startswith("2024,peace_operations") and ",102.0," in line for line in lines)


def test_filters_can_be_reached_and_changed_with_the_keyboard(offline_page, app_server):
    page, _traffic = offline_page
    _visit(page, app_server.url, "overview")
    page.evaluate("document.activeElement && document.activeElement.blur()")
    for _ in range(40):
        page.keyboard.press("Tab")
        inside = page.evaluate(
            "() => document.activeElement.tagName === 'INPUT' && "
            "!!document.activeElement.closest('[data-testid=stSidebar] [data-testid=stMultiSelect]')"
        )
        if inside:
            break
    assert inside, "no filter reached with Tab"
    page.keyboard.type("MONUSCO")
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.search.includes('mission=MONUSCO')")


def test_hostile_text_in_the_data_is_shown_as_text_everywhere(browser, hostile_server):
    server = hostile_server
    context, page, traffic = open_offline_page(browser, server.url)
    try:
        seen = ""
        for name in PAGES:
            page.goto(f"{server.url}/{PAGES[name]}")
            wait_settled(page)
            seen += page.locator('[data-testid="stMain"]').inner_text()
            # Expanders and tables hold most data text: open the source lists too (each is drawn once opened).
            for expander in page.locator('[data-testid="stExpander"] summary').all():
                expander.click()
                wait_settled(page)
            seen += page.locator('[data-testid="stMain"]').inner_text()
            assert page.locator('[data-testid="stMain"] script').count() == 0
            assert page.locator('[data-testid="stMain"] img[src="x"]').count() == 0
        assert traffic.dialogs == []
        assert traffic.page_errors == []
        assert "<script>alert('xss-script')</script>" in seen or HOSTILE_TEXTS[0] in seen
    finally:
        context.close()


def test_a_filter_chosen_in_french_is_linked_as_in_english_and_opens_in_english(browser, app_server):
    """The sidebar keeps its link itself for translated filters (Streamlit's binding would write the French label):
    chosen in French, the link holds the English value, the filter and the open tab survive a switch to English and
    a page change, and the link opens the same filter in a fresh English session."""
    context, page, traffic = open_offline_page(browser, app_server.url)
    try:
        page.goto(f"{app_server.url}/data_sources?lang=fr")
        wait_settled(page)
        services = page.locator(".st-key-service input")
        services.scroll_into_view_if_needed()
        services.click()
        page.locator('[role="option"]', has_text="formation professionnelle").click()
        page.keyboard.press("Escape")
        page.wait_for_function("() => location.search.includes('service=vocational+training')")
        page.get_by_role("tab", name="Règles et définitions").click()
        page.wait_for_function("() => location.search.includes('section=Rules+and+definitions')")
        page.get_by_text("English", exact=True).click()
        page.wait_for_function("() => location.search.includes('lang=en')")
        page.get_by_role("heading", name="When sources disagree").wait_for()
        assert page.locator(".st-key-service [data-tag]").all_inner_texts() == ["vocational training"]
        page.locator(".st-key-page_menu a", has_text="Projects").click()
        page.wait_for_function("() => location.pathname.endsWith('/projects')")
        page.wait_for_function("() => location.search.includes('service=vocational+training')")
        link = page.url
        _assert_clean(page, traffic)
    finally:
        context.close()
    context, page, _traffic = open_offline_page(browser, app_server.url)
    try:
        page.goto(link)
        wait_settled(page)
        chosen = page.locator(".st-key-service [data-tag]")
        chosen.first.wait_for()
        assert chosen.all_inner_texts() == ["vocational training"]
    finally:
        context.close()
