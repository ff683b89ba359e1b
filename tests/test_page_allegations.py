"""The Allegations page through the real entry script (AppTest): the yearly totals always, then one view at a time
in tabs, each built only when open and named in the link."""

from __future__ import annotations

import json

import pytest

from components.charts.cards import chart_card
from components.charts.theme import title_words
from components.figures.allegations import build_allegations_view
from tests.pages_app import open_page, shown_tables, table_text


def _chart_titles(at) -> list[str]:
    # A title in lines (theme.title_lines, theme.fitted_title): read here as one, as a reader reads it.
    return [title_words(json.loads(chart.proto.spec)["title"]) for chart in at.get("vega_lite_chart")]


TOTALS = "Allegations reported per year"


def test_the_page_opens_on_the_yearly_totals_and_the_per_mission_grid():
    at = open_page("allegations")
    assert _chart_titles(at) == [TOTALS, "Allegations per mission and year — hatched grey cells: no sourced figure"]
    assert not at.dataframe and not at.table, "the tables wait in their tabs"
    assert [tab.label for tab in at.tabs] == [
        "Per mission",
        "By category and victims",
        "Per 1,000 personnel",
        "Outcomes",
        "Where sources disagree",
    ]


@pytest.mark.parametrize(
    ("tab", "heading", "rows", "key", "column", "expected"),
    [
        # 20 mission-years have both a count and a mean strength; MINUSCA 2016: 52 (A/72/751), 12,162 (IPI).
        (
            "Per 1,000 personnel",
            "Allegations per 1,000 uniformed personnel",
            20,
            {"Mission": "MINUSCA", "Year": "2016"},
            "Uniformed personnel (mean)",
            "12,162",
        ),
        # UNMIL Jan-Jun 2007, the Yearbook's four figures for 2008 and three for 2015; 58 military cases in 2008.
        ("Outcomes", "Outcomes of investigations", 8, {"Year": "2008", "Category": "military"}, "Value", "58†"),
    ],
)
def test_a_tab_in_the_link_opens_its_table(tab, heading, rows, key, column, expected):
    at = open_page("allegations", view=tab)
    assert [s.value for s in at.subheader] == [heading]
    [table] = shown_tables(at)
    assert len(table) == rows
    [row] = [r for r in table.to_dict("records") if all(r[k] == v for k, v in key.items())]
    assert row[column] == expected
    assert _chart_titles(at) == [TOTALS], "the other views are not built"


def test_categories_and_victims_share_a_tab():
    at = open_page("allegations", view="By category and victims")
    assert _chart_titles(at) == [
        TOTALS,
        "Allegations by category of personnel",
        "Victims per year in UN peace operations",
    ]


def test_the_disagreements_tab_lists_every_conflict():
    at = open_page("allegations", view="Where sources disagree")
    [table] = shown_tables(at)
    # The conflicts the research lists (allegations/README.md), each with the preferred value: a later UN report
    # Every preferred value here carries a note (which source was preferred and why), so each shows the note mark †.
    # over an earlier one, UN News over the press. 2016 UN-wide (145 vs 165) counts two scopes, so it is not one.
    assert [(row["Year"], row["Scope"], row["Preferred"]) for row in table.to_dict("records")] == [
        ("2007", "UNMIL", "9†"),
        ("2011", "Peacekeeping operations", "75†"),
        ("2014", "Peacekeeping operations", "52†"),
        ("2014", "UN system-wide (UN personnel)", "80†"),
        ("2015", "Peacekeeping operations", "at least 22†"),
        ("2015", "Peacekeeping operations", "6†"),
        ("2016", "Peacekeeping and special political missions", "103†"),
        ("2017", "Other UN entities", "44†"),
        ("2017", "Peacekeeping and special political missions", "63†"),
        ("2018", "Other UN entities", "95†"),
        ("2018", "Peacekeeping and special political missions", "56†"),
        ("2018", "UN system-wide (all categories)", "265†"),
        ("2019", "Other UN entities", "107†"),
        ("2020", "Other UN entities", "109†"),
        ("2020", "UN system-wide (all categories)", "387†"),
        ("2023", "Peacekeeping and special political missions", "145†"),
    ]
    assert table.loc[1, "Other sources say"] == "74 (Youm7 via Masress)"
    [rule_link] = [link.proto for link in at.get("page_link")]
    assert (rule_link.page, rule_link.query_string) == ("data_sources", "section=Rules+and+definitions")


def test_a_source_list_is_drawn_once_its_expander_is_opened():
    at = open_page("allegations")
    # 102 in 2024: AP via The New Indian Express and via WBHM/NPR.
    label = "Sources of the headline figure (2)"
    assert label in [e.label for e in at.expander]
    assert not any("](http" in m.value for m in at.markdown), "closed lists are not sent"
    at.session_state["sources-Sources of the headline figure"] = True
    at.run()
    listed = [m.value for m in at.markdown if "](http" in m.value]
    assert len(listed) == 1 and listed[0].count("\n- ") + 1 == 2
    assert "newindianexpress.com" in listed[0] and "wbhm.org" in listed[0]


def test_outcomes_and_disagreements_name_the_period_and_link_each_figures_source(bundle):
    at = open_page("allegations", view="Where sources disagree")
    [shown] = at.table
    assert shown.value["Link"].str.startswith("[open source](http").all(), "each source opens in one click"
    conflicts = table_text(shown)
    unmil = conflicts[(conflicts["Year"] == "2007") & (conflicts["Scope"] == "UNMIL")]
    assert unmil[["Period", "Preferred", "Note", "Source", "Link"]].values.tolist() == [
        [
            "July–December",
            "9†",
            "half-year figure as stated by UN News; CONFLICT with 2 in the UNMIL report coverage of Jan 2008",
            "UN News, 2008-08",
            "https://news.un.org/en/story/2008/08/270082-sexual-abuse-allegations-decline-un-mission-liberia-reports",
        ]
    ]
    [outcomes] = shown_tables(open_page("allegations", view="Outcomes"))
    assert outcomes["Link"].str.startswith("http").all()
    scope_codes = set(bundle.scopes["code"])
    assert not scope_codes & (set(outcomes["Scope"]) | set(conflicts["Scope"])), "scopes read as labels"


def test_the_rates_tab_cites_the_counts_and_the_personnel_figures_behind_each_rate(bundle, defaults):
    at = open_page("allegations", view="Per 1,000 personnel")
    view = build_allegations_view(bundle, defaults)
    cited = {ref.id for ref in view.rates_sources}
    assert cited & set(bundle.personnel["source_id"]), "the personnel figures' sources"
    assert cited & set(bundle.allegations["source_id"]) - set(bundle.personnel["source_id"]), "the counts' sources"
    assert f"Sources of the counts and personnel figures ({len(view.rates_sources)})" in [e.label for e in at.expander]


def test_the_rates_tab_says_so_when_no_mission_year_has_both_figures():
    at = open_page("allegations", view="Per 1,000 personnel", years=["2005", "2006"])
    assert not at.exception
    assert [i.value for i in at.info] == ["No mission-year in the selection has both figures."]


def test_the_grid_says_how_many_missions_it_leaves_out_for_having_no_count_in_the_years(bundle, defaults):
    from dataclasses import replace

    card = build_allegations_view(bundle, replace(defaults, years=(2010, 2016))).grid
    [rows] = chart_card(card).spec["datasets"].values()
    sourced = set(card.data.dropna(subset=["value"])["mission"])
    left_out = set(card.data["mission"]) - sourced
    assert {row["mission"] for row in rows} == sourced
    assert len(left_out) == 2
    assert "2 missions with no sourced count in these years are not drawn; the CSV lists them." in card.takeaway
    assert "most sourced years" not in card.takeaway


def test_chosen_missions_lead_with_their_own_figures_and_the_headline_says_all_missions():
    at = open_page("allegations", mission=["MONUSCO", "MINUSCA"])
    metrics = {m.label: m.value for m in at.metric}
    # 2024 counts per mission: 44 (MONUSCO, "mission in Congo") and 40 (MINUSCA), The New Indian Express,
    # 19 March 2025, 3rd paragraph; both carry a note, hence the mark.
    assert metrics["Allegations, MONUSCO in 2024"] == "44†"
    assert metrics["Allegations, MINUSCA in 2024"] == "40†"
    [headline] = [label for label in metrics if label.startswith("Allegations in ")]
    assert headline.endswith(", all missions")
    assert [s.value for s in at.subheader][:2] == ["The chosen missions", "All missions"]
    assert _chart_titles(at)[0] == "Allegations reported per year, all missions"


def test_without_a_mission_chosen_the_headline_is_not_relabelled():
    at = open_page("allegations")
    assert not [m.label for m in at.metric if m.label.endswith("all missions")]
    assert _chart_titles(at)[0] == TOTALS
