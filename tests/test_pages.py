"""Every page run through the real entry script (AppTest): no exception, and the figures it shows are the ones
read by hand in the sources (see also tests/expected_figures.csv), with default filters and with a filter set."""

from __future__ import annotations

import functools
import json

import pytest
from streamlit.testing.v1 import AppTest

from components.charts.theme import title_words
from components.ui.caches import clear_loaded_data
from tests.pages_app import open_page, projects_table, table_text

PAGES = ["overview", "contributions", "projects", "allegations", "mission_map", "data_sources"]


def _filtered(page: str, **params: list[str]) -> AppTest:
    """Open a page with filters in its URL, as a shared link does (AppTest drops the entry script's
    sidebar from its element tree after a page switch, so sidebar widgets are driven on the overview)."""
    return open_page(page, **params)


def _chart_titles(at: AppTest) -> list[str]:
    # A title in lines (theme.title_lines, theme.fitted_title): read here as one, as a reader reads it.
    return [title_words(json.loads(chart.proto.spec)["title"]) for chart in at.get("vega_lite_chart")]


def _metric(at: AppTest, label_start: str) -> str:
    found = [m for m in at.metric if m.label.startswith(label_start)]
    assert found, [m.label for m in at.metric]
    return found[0].value


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_without_exception(page):
    at = open_page(page)
    assert at.title[0].value


def test_overview_headline_figures_are_the_latest_the_sources_give():
    at = open_page()
    assert _metric(at, "Contributions reported") == "$4.8M", "received since 2016, 20 Jul 2023 (Xinhua)"
    assert _metric(at, "Donor countries") == "25", "25 Member States (un.org news item on the 2024 small grants)"
    assert _metric(at, "Projects (countries)") == "9 (5)", "records tied to the Fund by name, in 5 countries"
    assert _metric(at, "Allegations in 2024") == "102†", "AP on the 2025 special-measures report; the row has a note"
    assert any("In 2024, 102† allegations were reported" in m.value for m in at.markdown)


def test_a_page_opened_after_the_overview_finds_its_view_built(monkeypatch):
    import components.figures.allegations
    import components.figures.overview

    built = []
    original = components.figures.allegations.build_allegations_view

    # Same name, so the same cache key: the wrapper only counts.
    @functools.wraps(original)
    def counted(*args):
        built.append(args[1])
        return original(*args)

    monkeypatch.setattr(components.figures.allegations, "build_allegations_view", counted)
    monkeypatch.setattr(components.figures.overview, "build_allegations_view", counted)
    clear_loaded_data()
    at = open_page()
    assert len(built) == 1, "the overview is made from the Allegations view"
    at.switch_page("pages/allegations.py")
    at.run()
    assert not at.exception
    assert len(built) == 1, "the Allegations page reuses it"


def test_overview_links_to_the_sake_project():
    at = open_page()
    links = [link for link in at.get("page_link") if "Sake" in link.proto.label]
    assert links, "the featured Sake project link is missing"
    assert "project=DRC-SAKE-2018" in links[0].proto.query_string


def test_year_filter_changes_the_allegations_headline():
    at = _filtered("allegations", years=["2016", "2020"])
    assert _metric(at, "Allegations in 2020") == "66", "Code Blue; CGTN and Pienso de que on A/76/702"


def test_mission_filter_keeps_only_that_mission_on_the_map_table():
    at = _filtered("mission_map", mission=["MONUSCO"])
    table = at.dataframe[0].value
    assert list(table["Mission"]) == ["MONUSCO"]
    # MONUSCO's latest sourced year is 2024 (44, with a note); counts for 2015, 2017, 2019, 2023 and 2024 of the
    # 15 years since July 2010; MONUSCO's three Fund projects.
    assert list(table["Allegations, latest sourced year"]) == ["44†"]
    assert list(table["Years with a sourced count"]) == ["5 of 15"]
    assert list(table["Projects"]) == [3]


def test_mission_filter_on_projects_page_shows_only_its_projects():
    at = _filtered("projects", mission=["MONUSCO"])
    assert _metric(at, "Projects shown") == "3"
    assert list(projects_table(at)["id"]) == ["DRC-SAKE-2018", "DRC-SYAM-SIXZONES-2021", "DRC-GOMA-NYIRAGONGO-2023"]
    # No source ties a MINUSCA-named project to the Fund by name; the one shown is the planned Central African
    # Republic project, which names no mission and is found through MINUSCA's host country (issue 19).
    minusca = _filtered("projects", mission=["MINUSCA"])
    assert _metric(minusca, "Projects shown") == "1"
    assert list(projects_table(minusca)["id"]) == ["CAF-GBV-SERVICES-PLANNED"]


def test_project_link_opens_the_project_detail():
    at = open_page("projects", project="DRC-SAKE-2018")
    assert at.selectbox(key="project").value == "DRC-SAKE-2018"
    assert any("Sake" in s.value for s in at.subheader)


def test_unconfirmed_projects_are_hidden_until_asked_for():
    assert _metric(open_page("projects"), "Projects shown") == "9"
    assert _metric(_filtered("projects", unconfirmed=["true"]), "Projects shown") == "13"


def test_url_with_filters_restores_them():
    at = open_page(None, years=["2018", "2022"], mission=["MINUSCA"], category=["military"])
    assert at.sidebar.slider(key="years").value == (2018, 2022)
    assert at.sidebar.multiselect(key="mission").value == ["MINUSCA"]
    assert at.sidebar.multiselect(key="category").value == ["military"]
    assert _metric(at, "Allegations in 2022") == "79"


def test_invalid_url_values_are_ignored_with_a_notice():
    at = open_page("overview", mission=["NOTAMISSION"], years=["1200", "2020"])
    assert any("Ignored from the link" in c.value and "NOTAMISSION" in c.value for c in at.sidebar.caption)


def test_contributions_page_states_what_is_not_public():
    at = open_page("contributions")
    assert any("not public" in i.value for i in at.info)
    assert _metric(at, "Withheld payments reported") == "about $600K", "fourth annual report, Sep 2022"


def test_contributions_open_on_the_donor_roster_and_show_each_view_in_its_tab(bundle):
    at = open_page("contributions")
    assert [tab.label for tab in at.tabs] == [
        "Donor roster",
        "Donors over time",
        "Known contributions",
        "Other money figures",
    ]
    assert [s.value for s in at.subheader] == ["Donor roster"]
    roster_note = "The 2024 list was only partly readable (20 of 25 names)."
    assert any(roster_note in caption.value for caption in at.caption)
    [shown] = at.table
    roster = table_text(shown)
    assert list(roster.columns) == ["Donor", "First named in list of", "Source", "Link"]
    assert shown.value["Link"].str.startswith("[open source](http").all(), "the source opens in one click"
    # The five founders (Jan 2017), the 19-country list, Ecuador and Germany by end 2018, Nepal and the Philippines.
    assert {"India", "Albania", "Ecuador", "Philippines"} <= set(roster["Donor"])
    totals = "Reported running totals of the Trust Fund"
    assert _chart_titles(at) == [totals], "the donor count waits in its tab"
    at = open_page("contributions", table="Donors over time")
    assert _chart_titles(at) == [totals, "Number of donor countries"]
    assert not at.table
    # Every contribution row of the data; the four other money figures (appeal, received to date, remaining, sought).
    for tab, heading, rows in (
        ("Known contributions", "Known individual contributions", len(bundle.contributions)),
        ("Other money figures", "Other money figures", 4),
    ):
        at = open_page("contributions", table=tab)
        assert [s.value for s in at.subheader] == [heading]
        assert len(at.table) == 1 and len(at.table[0].value) == rows > 0


def test_contributions_say_so_when_no_running_total_or_donor_count_is_known_for_the_years():
    at = open_page("contributions", years=["2005", "2010"])
    assert not at.get("vega_lite_chart")
    assert any("No running total of the Fund is known" in i.value for i in at.info)
    at = open_page("contributions", years=["2005", "2010"], table="Donors over time")
    assert any("No count of donor countries is known" in i.value for i in at.info)
