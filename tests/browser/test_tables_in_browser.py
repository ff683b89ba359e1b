"""Tables read in Chromium: no cell's text is cut at 1400, 1024 or 390 px, and the Japan donor card shows what the
data and its sources say about Japan."""

from __future__ import annotations

import pytest

from tests.browser.conftest import open_offline_page, screenshot, wait_settled

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
