"""Tables read in Chromium: no cell's text is cut at 1400, 1024 or 390 px, nor a picker's placeholder or choice at
390 px, and the Japan donor card shows what the data and its sources say about Japan."""

from __future__ import annotations

import pytest

from components.figures.projects import SORT_ORDERS
from components.language.translation import LANGUAGES
from tests.browser.conftest import PAGES, open_offline_page, screenshot, wait_settled

pytestmark = pytest.mark.browser

SAKE = "DRC-SAKE-2018"
# Every visible static table, each cell's text box against the room it has: a cell whose text overflows its box
# (cut by overflow: hidden, or ended with an ellipsis) is listed with its text.
CUT_CELLS = """() => [...document.querySelectorAll('[data-testid="stTable"]')]
    .filter(table => table.offsetParent !== null)
    .flatMap(table => [...table.querySelectorAll(':is(td, th) [data-testid="stMarkdownContainer"]')])
    .filter(box => box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1
        || getComputedStyle(box.closest('td, th')).textOverflow === 'ellipsis')
    .map(box => box.innerText)"""
VISIBLE_TABLES = """[...document.querySelectorAll('[data-testid="stTable"]')]
    .filter(table => table.offsetParent !== null).length"""
# A canvas grid (st.dataframe) draws its cells on a canvas and ends a long one with an ellipsis: the places,
# beneficiaries, reach and donor tables are static tables instead.
VISIBLE_GRIDS = """() => [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stDataFrame"]')]
    .filter(grid => grid.offsetParent !== null).length"""


@pytest.mark.parametrize("width", [1400, 1024, 390])
def test_no_table_cell_is_cut_on_the_project_detail_the_overview_and_the_donor_card(browser, app_server, width):
    context, page, traffic = open_offline_page(browser, app_server.url, viewport=(width, 1000))
    try:
        for address, tables in (
            # The Sake project's places (Sake, Bujovu, Munigi, Kavumu) and its four beneficiary figures.
            (f"projects?project={SAKE}", 2),
            # What the Fund reports it has reached (its Note column quotes the sources).
            ("", 1),
            # Japan's report, the five donor lists that name it and the Sake project.
            ("contributions?donor=Japan", 3),
        ):
            page.goto(f"{app_server.url}/{address}")
            wait_settled(page)
            # The Projects page also sends its table of projects, hidden below 1200 px (its cards are shown).
            page.wait_for_function(f"() => ({VISIBLE_TABLES}) >= {tables}")
            assert page.evaluate(CUT_CELLS) == [], f"{address or 'overview'} at {width} px cuts these cells"
            assert page.evaluate(VISIBLE_GRIDS) == 0, f"{address or 'overview'} at {width} px has a grid"
            screenshot(page, f"tables-{address.partition('?')[0] or 'overview'}-{width}")
        assert traffic.foreign_requests == []
    finally:
        context.close()


def _rows(table) -> list[list[str]]:
    return [[cell.inner_text().strip() for cell in row.locator("td").all()] for row in table.locator("tbody tr").all()]


def test_the_japan_donor_card_shows_each_report_list_and_project_with_its_source(offline_page, app_server):
    page, traffic = offline_page
    page.goto(f"{app_server.url}/contributions?donor=Japan")
    wait_settled(page)
    card = page.locator(".st-key-donor-card")
    card.get_by_role("heading", name="Japan").wait_for()
    # data/contributions.csv: one row for Japan (Toronto Star, 28 Jan 2017: one of five contributors, no amount);
    # data/donor_roster.csv: five lists name it; data/projects.yaml: Sake, US$175,000 from Japan and Norway.
    assert "Japan: 1 report on its giving; named in 5 donor lists; 1 project reported as paid for with its money." in (
        card.inner_text()
    )
    report, lists, projects = card.locator('[data-testid="stTable"]').all()
    [row] = _rows(report)
    assert row[:7] == [
        "not known",
        "not known",
        "not known",
        "Contributed, amount not known",
        "Toronto Star, 2017-01-28",
        "open source",
        "voluntary",
    ]
    assert "joint total USD 536,000 for all five; no per-country split" in row[7]
    assert [cells[:2] for cells in _rows(lists)] == [
        ["undated, between Jul 2016 and Sep 2017", "in full"],
        ["28 Jan 2017", "in full"],
        ["undated, between Sep 2017 and Dec 2018", "in full"],
        ["31 Dec 2018", "in full"],
        ["2024", "only in part"],
    ]
    [sake] = _rows(projects)
    assert sake[1:6] == [SAKE, "$175,000", "Japan and Norway", "UN Peacekeeping, 2018-05-11", "open source"]
    assert sake[0].startswith("Vocational training centre and community complaint networks")
    # Every row's source opens in one click, at its address.
    links = card.locator('[data-testid="stTable"] a', has_text="open source").all()
    assert len(links) == 7 and all(link.get_attribute("href").startswith("http") for link in links)
    assert page.evaluate(CUT_CELLS) == []
    screenshot(page, "donor-japan-card")
    assert traffic.foreign_requests == []


# Every selectbox and multiselect on screen (the collapsed sidebar, drawn off screen, aside): the text its box shows,
# its chosen value or else its placeholder, measured in its own font against the room inside its padding. The box
# cuts a longer text at its edge ("Choose a donor country to see everything known abc"). Given a label and texts,
# the texts are measured in that picker's box instead: the labels of choices not shown at the moment.
CUT_PICKERS = """([label, texts]) => {
    const pickers = ':is([data-testid="stSelectbox"], [data-testid="stMultiSelect"]) input';
    const boxes = [...document.querySelectorAll(pickers)]
        .filter(input => { const box = input.getBoundingClientRect(); return box.width > 0 && box.right > 0; });
    const measure = (input, text) => {
        const style = getComputedStyle(input);
        const context = document.createElement('canvas').getContext('2d');
        context.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
        const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
        return context.measureText(text).width > room + 1 ? [text] : [];
    };
    if (label) return texts.flatMap(text => measure(boxes.find(input => input.ariaLabel === label), text));
    return boxes.flatMap(input => measure(input, input.value || input.placeholder));
}"""


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_no_picker_placeholder_or_choice_is_cut_on_a_phone(browser, app_server, lang):
    context, page, traffic = open_offline_page(browser, app_server.url, viewport=(390, 1000))
    try:
        for name, address in PAGES.items():
            page.goto(f"{app_server.url}/{address}?lang={lang}")
            wait_settled(page)
            assert page.locator('[data-testid="stMain"] [data-testid="stSelectbox"]').count() == (
                name in ("contributions", "projects", "mission_map")
            ) * (2 if name == "projects" else 1), name
            assert page.evaluate(CUT_PICKERS, [None, None]) == [], f"{name} at 390 px cuts these pickers' text"
        # The Projects page's sort shows one choice at a time: every choice must fit.
        language = LANGUAGES[lang]
        page.goto(f"{app_server.url}/projects?lang={lang}")
        wait_settled(page)
        sort = language._("Sort by")
        page.locator(f'[data-testid="stMain"] input[aria-label="{sort}"]').wait_for()
        choices = [language._(label) for label in SORT_ORDERS.values()]
        assert page.evaluate(CUT_PICKERS, [sort, choices]) == []
        # The sidebar's filters, opened over the page as a phone shows them.
        page.locator('[data-testid="stExpandSidebarButton"]').click()
        page.locator('[data-testid="stSidebar"][data-collapsed="false"]').wait_for()
        page.wait_for_function(
            """() => [...document.querySelectorAll('[data-testid="stSidebar"] [data-testid="stMultiSelect"] input')]
                .every(input => input.getBoundingClientRect().left >= 0)"""
        )
        assert page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').count() == 5
        assert page.evaluate(CUT_PICKERS, [None, None]) == [], "the sidebar at 390 px cuts these pickers' text"
        screenshot(page, f"pickers-sidebar-390-{lang}")
        assert traffic.foreign_requests == []
    finally:
        context.close()
