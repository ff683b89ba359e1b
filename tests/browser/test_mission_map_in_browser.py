"""The Mission map's deck.gl map in Chromium with software WebGL (SwiftShader, see conftest.CHROMIUM_ARGS): it
really draws, offline, in both themes; a click on a mission opens its figures; hover words are plain text; the
simple map is one switch away; and the Overview answers at its own address."""

from __future__ import annotations

import io
import json
import math

import pytest
from PIL import Image
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from components.charts.basemap import mercator_x, mercator_y
from components.charts.maps import LAYER_NAMES, MAP_HEIGHT_PX, build_mission_map_view
from components.data.bundle import SHIPPED_DATA_DIR, load_bundle
from components.figures.filters import Filters
from components.ui.navigation import PAGE_MENU_LINKS, PUBLIC_PAGES, SIGN_IN_PAGE
from tests.browser.conftest import (
    DECK_CANVAS,
    SCREENSHOTS,
    SETTLE_TIMEOUT_MS,
    open_offline_page,
    screenshot,
    wait_settled,
)

pytestmark = pytest.mark.browser

BENIGN_CONSOLE = ("the server responded with a status of 404",)
# Without MONUC, which shares MONUSCO's headquarters point (Kinshasa) and ran until 2010.
YEARS = "years=2015&years=2024"


def _open_map(page, base_url: str, query: str = YEARS) -> None:
    page.goto(f"{base_url}/mission_map?{query}")
    wait_settled(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    page.locator(DECK_CANVAS).first.wait_for(timeout=SETTLE_TIMEOUT_MS)


def _canvas_picture(page) -> Image.Image:
    """What the deck shows now, as a screenshot of its canvas (deck.gl keeps no drawing buffer to read back)."""
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    return Image.open(io.BytesIO(page.locator(DECK_CANVAS).first.screenshot())).convert("RGB")


def _drawn_share(picture: Image.Image) -> float:
    """The share of the canvas not in the colour of its top-left corner (the page's background)."""
    background = picture.getpixel((0, 0))
    pixels = list(picture.get_flattened_data())
    return sum(1 for pixel in pixels if max(abs(a - b) for a, b in zip(pixel, background, strict=True)) > 12) / len(
        pixels
    )


def _assert_offline_and_clean(traffic) -> None:
    assert traffic.foreign_requests == [], f"requests outside the app: {traffic.foreign_requests}"
    errors = [e for e in traffic.console_errors if not any(b in e for b in BENIGN_CONSOLE)]
    assert errors == [], errors
    assert traffic.page_errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_deck_draws_the_land_and_the_missions_offline(browser, app_server, scheme):
    context, page, traffic = open_offline_page(browser, app_server.url, color_scheme=scheme)
    try:
        _open_map(page, app_server.url)
        page.wait_for_function(
            "selector => { const c = document.querySelector(selector); return c && c.width > 100 && c.height > 100; }",
            arg=DECK_CANVAS,
            timeout=SETTLE_TIMEOUT_MS,
        )
        share = 0.0
        for _ in range(40):  # software WebGL compiles its shaders first: the canvas fills within seconds
            share = _drawn_share(_canvas_picture(page))
            if share > 0.1:
                break
            page.wait_for_timeout(250)
        # Land and points cover about a sixth of the whole world's first view (fitted to a phone's map, it is narrower
        # than this 1600 px page's map); a blank or failed deck draws nothing.
        assert share > 0.1, f"only {share:.0%} of the map is drawn"
        _assert_offline_and_clean(traffic)
        screenshot(page, f"mission_map-deck-{scheme}")
    finally:
        context.close()


def _first_view(years: tuple[int, int], missions: tuple[str, ...] = ()) -> dict:
    view = build_mission_map_view(load_bundle(SHIPPED_DATA_DIR), Filters(years=years, missions=missions))
    return json.loads(view.deck_for(LAYER_NAMES).to_json())["initialViewState"]


def _monusco_spot(box: dict, view: dict) -> tuple[float, float]:
    """On MONUSCO's point at Kinshasa (about 16 px), away from MINUSCA's at Bangui (data/missions.csv), which is
    drawn after it and, in the whole world's first view, about 15 px away."""
    return _spot_away(box, view, (15.3222, -4.3250), (18.5833, 4.3667), 11)


def _screen_point(box: dict, view_state: dict, lon: float, lat: float) -> tuple[float, float]:
    """Where a point lands on the deck's canvas in its first view (Web Mercator, 512 px world at zoom 0)."""
    world_px = 512 * 2 ** view_state["zoom"]
    x = box["x"] + box["width"] / 2 + (mercator_x(lon) - mercator_x(view_state["longitude"])) * world_px
    y = box["y"] + box["height"] / 2 + (mercator_y(lat) - mercator_y(view_state["latitude"])) * world_px
    return x, y


def test_a_click_on_monusco_opens_its_figures_and_hover_words_are_text(offline_page, app_server):
    page, traffic = offline_page
    _open_map(page, app_server.url)
    page.wait_for_timeout(1500)  # the first frame, with software WebGL
    box = page.locator(DECK_CANVAS).first.bounding_box()
    # Kinshasa, MONUSCO's headquarters, from data/missions.csv.
    x, y = _monusco_spot(box, _first_view((2015, 2024)))
    page.mouse.move(x - 3, y - 3)
    page.mouse.move(x, y, steps=3)
    tooltip = page.locator(".deck-tooltip")
    tooltip.wait_for(state="visible", timeout=SETTLE_TIMEOUT_MS)
    assert tooltip.inner_text().startswith("MONUSCO — United Nations Organization Stabilization Mission")
    # deck.gl writes a "text" tooltip as innerText: its line breaks become <br>, and nothing else is markup.
    assert tooltip.evaluate("el => [...el.querySelectorAll('*')].every(n => n.tagName === 'BR')")
    # With software WebGL deck.gl now and then drops a click while it is still drawing the hover highlight (seen
    # in about one click of two here, never the hover): up to three clicks, each a second apart. A click on the
    # chosen mission again clears the map's selection, which leaves the choice beside the map as it is.
    for _ in range(3):
        page.mouse.down()
        page.wait_for_timeout(60)
        page.mouse.up()
        try:
            page.wait_for_function("() => location.search.includes('map_mission=')", timeout=3000)
            break
        except PlaywrightTimeout:
            continue
    page.locator('[data-testid="stMain"] h3', has_text="MONUSCO").first.wait_for(timeout=SETTLE_TIMEOUT_MS)
    assert "map_mission=MONUSCO" in page.url, "the choice is in the link, to share"
    _assert_offline_and_clean(traffic)


def test_the_simple_map_switch_draws_the_picture_map_and_stays_in_the_link(offline_page, app_server):
    page, traffic = offline_page
    _open_map(page, app_server.url)
    page.get_by_text("Simple map (no WebGL)", exact=True).click(force=True)
    page.wait_for_function("() => location.search.includes('simple_map=true')", timeout=SETTLE_TIMEOUT_MS)
    page.locator('.vega-embed[aria-label^="Map of UN field missions"] svg').first.wait_for(timeout=SETTLE_TIMEOUT_MS)
    assert page.locator(DECK_CANVAS).count() == 0
    _assert_offline_and_clean(traffic)


def test_a_blank_map_says_what_to_do(offline_page, app_server):
    page, _traffic = offline_page
    _open_map(page, app_server.url)
    caption = page.locator('[data-testid="stCaptionContainer"]', has_text="Map blank?").first
    assert "Simple map (no WebGL)" in caption.inner_text()


def test_the_overview_answers_at_its_own_address_and_the_menu_is_the_apps(browser, app_server):
    context, page, traffic = open_offline_page(browser, app_server.url)
    try:
        # Streamlit's own page list (the raw files in pages/) must never show, not even for a moment.
        page.add_init_script(
            """new MutationObserver(() => {
                if (document.querySelector('[data-testid="stSidebarNav"]')) window.__rawPageList = true;
            }).observe(document, {subtree: true, childList: true});"""
        )
        page.goto(f"{app_server.url}/overview")
        wait_settled(page)
        heading = page.locator('[data-testid="stMain"] h1').first.inner_text()
        assert heading.startswith("Trust Fund in Support of Victims")
        assert page.url.rstrip("/").endswith("/overview")
        assert page.get_by_text("Page not found").count() == 0
        assert page.evaluate("window.__rawPageList === undefined")
        titles = [link.inner_text().strip() for link in page.locator(PAGE_MENU_LINKS).all()]
        assert titles == [title for _path, title in PUBLIC_PAGES] + [SIGN_IN_PAGE[1]]
        assert traffic.foreign_requests == []
    finally:
        context.close()


def test_reset_view_goes_back_to_the_first_view(offline_page, app_server):
    page, _traffic = offline_page
    _open_map(page, app_server.url)
    page.wait_for_timeout(1500)
    first = _canvas_picture(page)
    box = page.locator(DECK_CANVAS).first.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    for _ in range(3):
        page.mouse.wheel(0, -240)
    page.wait_for_timeout(1000)
    assert _difference(first, _canvas_picture(page)) > 0.05, "the wheel zoomed the map"
    page.get_by_role("button", name="Reset view").click()
    wait_settled(page)
    page.locator(DECK_CANVAS).first.wait_for(timeout=SETTLE_TIMEOUT_MS)
    page.wait_for_timeout(1500)
    assert _difference(first, _canvas_picture(page)) < 0.01, "back to the first view"


def _difference(a: Image.Image, b: Image.Image) -> float:
    if a.size != b.size:
        return 1.0
    pixels = list(zip(a.get_flattened_data(), b.get_flattened_data(), strict=True))
    changed = sum(1 for p, q in pixels if max(abs(x - y) for x, y in zip(p, q, strict=True)) > 12)
    return changed / max(1, len(pixels)) if not math.isnan(changed) else 1.0


def test_in_french_the_hover_words_and_the_simple_map_switch_are_french(offline_page, app_server):
    page, traffic = offline_page
    _open_map(page, app_server.url, f"{YEARS}&lang=fr")
    page.wait_for_timeout(1500)  # the first frame, with software WebGL
    box = page.locator(DECK_CANVAS).first.bounding_box()
    # Kinshasa, MONUSCO's headquarters, from data/missions.csv.
    x, y = _monusco_spot(box, _first_view((2015, 2024)))
    page.mouse.move(x - 3, y - 3)
    page.mouse.move(x, y, steps=3)
    tooltip = page.locator(".deck-tooltip")
    tooltip.wait_for(state="visible", timeout=SETTLE_TIMEOUT_MS)
    words = tooltip.inner_text()
    assert words.startswith("MONUSCO — Mission de l'Organisation des Nations Unies pour la stabilisation")
    assert "Opération de maintien de la paix · siège\u00a0: Kinshasa" in words
    assert words.rstrip().endswith("Cliquez pour voir ses chiffres à côté de la carte.")
    screenshot(page, "mission_map-deck-fr-hover")
    page.get_by_text("Carte simple (sans WebGL)", exact=True).click(force=True)
    page.wait_for_function("() => location.search.includes('simple_map=true')", timeout=SETTLE_TIMEOUT_MS)
    page.locator('.vega-embed[aria-label^="Carte des missions des Nations Unies"] svg').first.wait_for(
        timeout=SETTLE_TIMEOUT_MS
    )
    _assert_offline_and_clean(traffic)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_on_a_phone_the_layers_pills_wrap_inside_the_page(browser, app_server, lang):
    """At 390 px the "Layers" pills ran past the right edge, the last one cut ("Project place…"): they wrap."""
    context, page, _traffic = open_offline_page(browser, app_server.url, viewport=(390, 844))
    try:
        _open_map(page, app_server.url, f"{YEARS}&lang={lang}")
        row = page.locator('[data-testid="stButtonGroup"]').first
        pills = row.locator("button")
        assert pills.count() == len(LAYER_NAMES)
        right_edge = page.evaluate("document.documentElement.clientWidth")
        for i in range(pills.count()):
            box = pills.nth(i).bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= right_edge, pills.nth(
                i
            ).inner_text()
        assert row.evaluate("row => [...row.children].every(c => c.scrollWidth <= c.clientWidth + 1)")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        row.screenshot(path=str(SCREENSHOTS / f"mission-map-390-pills-{lang}.png"))
    finally:
        context.close()


def _hover_until_tooltip(page, x: float, y: float, words: str) -> str:
    """Hover (x, y) until the deck's tooltip shows `words`: software WebGL draws (and picks) a new deck only after
    compiling its shaders, which takes a second or more. The tooltip's text, or "" if it never showed them."""
    tooltip = page.locator(".deck-tooltip")
    for _ in range(20):
        page.mouse.move(x - 4, y - 4)
        page.mouse.move(x, y, steps=3)
        try:
            tooltip.filter(has_text=words).wait_for(state="visible", timeout=1000)
            return tooltip.inner_text()
        except PlaywrightTimeout:
            continue
    return ""


SAKE_TOOLTIP = "Project place: Sake"


def _spot_away(
    box: dict, view: dict, point: tuple[float, float], other: tuple[float, float], px: float
) -> tuple[float, float]:
    """A spot `px` from `point`'s middle on the canvas, on the side away from `other` (both lon, lat): a point
    drawn after another can cover part of it in a zoomed-out view."""
    here, there = _screen_point(box, view, *point), _screen_point(box, view, *other)
    apart = math.dist(here, there)
    return here[0] + (here[0] - there[0]) / apart * px, here[1] + (here[1] - there[1]) / apart * px


def _sake_spot(box: dict, view: dict) -> tuple[float, float]:
    """On Sake's point (5 px), away from Goma's (data/projects.yaml), 20 km east-south-east and drawn after it."""
    return _spot_away(box, view, (29.04339, -1.57386), (29.22845, -1.67409), 3)


def _deck_box(page, selector: str = DECK_CANVAS) -> dict:
    """The deck's canvas in the window, once deck.gl has sized it to the map (a new canvas is 300 by 150 px)."""
    page.wait_for_function(
        "([selector, height]) => document.querySelector(selector)?.clientHeight === height",
        arg=[selector, MAP_HEIGHT_PX],
        timeout=SETTLE_TIMEOUT_MS,
    )
    canvas = page.locator(selector).first
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    assert box is not None
    return box


def test_on_a_phone_the_first_view_shows_the_project_places_and_reset_view_returns_to_it(browser, app_server):
    """The deck's first view was fitted to a laptop's map: on a 390 px phone a MONUSCO map showed the middle of the
    DRC, with neither Kinshasa nor the project places in the Kivus on screen."""
    context, page, traffic = open_offline_page(browser, app_server.url, viewport=(390, 844))
    try:
        _open_map(page, app_server.url, f"{YEARS}&mission=MONUSCO")
        box = _deck_box(page)
        view = _first_view((2015, 2024), ("MONUSCO",))
        # Sake and Kinshasa (data/projects.yaml, data/missions.csv) fall inside the phone's map.
        for lon, lat in ((29.04339, -1.57386), (15.3222, -4.3250)):
            x, y = _screen_point(box, view, lon, lat)
            assert box["x"] < x < box["x"] + box["width"] and box["y"] < y < box["y"] + box["height"], (lon, lat)
        # deck.gl draws Sake there: hovering its point names it.
        x, y = _sake_spot(box, view)
        assert _hover_until_tooltip(page, x, y, SAKE_TOOLTIP).startswith(SAKE_TOOLTIP)
        first = _canvas_picture(page)
        # Drag the map a third of its width west, then go back with "Reset view".
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.mouse.down()
        page.mouse.move(box["x"] + box["width"] / 6, box["y"] + box["height"] / 2, steps=8)
        page.mouse.up()
        # Each look waits for two frames drawn (_canvas_picture).
        assert any(_difference(first, _canvas_picture(page)) > 0.05 for _ in range(20)), "the drag moved the map"
        # "Reset view" draws a new deck: the old canvas is marked, to wait for the new one.
        page.locator(DECK_CANVAS).first.evaluate("canvas => { canvas.dataset.beforeReset = 'yes'; }")
        page.get_by_role("button", name="Reset view").click()
        wait_settled(page)
        box = _deck_box(page, f"{DECK_CANVAS}:not([data-before-reset])")
        x, y = _sake_spot(box, view)
        assert _hover_until_tooltip(page, x, y, SAKE_TOOLTIP).startswith(SAKE_TOOLTIP), "back to the first view"
        screenshot(page, "mission_map-deck-390-monusco")
        _assert_offline_and_clean(traffic)
    finally:
        context.close()
