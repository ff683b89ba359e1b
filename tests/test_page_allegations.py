"""The Allegations page through the real entry script (AppTest): the yearly totals always, then one view at a time
in tabs, each built only when open and named in the link."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from components.figures.allegations import build_allegations_view
from tests.pages_app import open_page


def _chart_titles(at) -> list[str]:
    return [json.loads(chart.proto.spec)["title"] for chart in at.get("vega_lite_chart")]


def test_the_page_opens_on_the_yearly_totals_and_the_per_mission_grid(bundle, defaults):
    at = open_page("allegations")
    view = build_allegations_view(bundle, defaults)
    assert _chart_titles(at) == [view.totals.spec["title"], view.grid.spec["title"]]
    assert not at.dataframe, "the tables wait in their tabs"
    assert [tab.label for tab in at.tabs] == [
        "Per mission",
        "By category and victims",
        "Per 1,000 personnel",
        "Outcomes",
        "Where sources disagree",
    ]


@pytest.mark.parametrize(
    ("tab", "heading"),
    [("Per 1,000 personnel", "Allegations per 1,000 uniformed personnel"), ("Outcomes", "Outcomes of investigations")],
)
def test_a_tab_in_the_link_opens_its_table(bundle, defaults, tab, heading):
    at = open_page("allegations", view=tab)
    view = build_allegations_view(bundle, defaults)
    assert [s.value for s in at.subheader] == [heading]
    expected = view.rates if tab == "Per 1,000 personnel" else view.outcomes
    pd.testing.assert_frame_equal(at.dataframe[0].value, expected.reset_index(drop=True), check_dtype=False)
    assert _chart_titles(at) == [view.totals.spec["title"]], "the other views are not built"


def test_categories_and_victims_share_a_tab(bundle, defaults):
    at = open_page("allegations", view="By category and victims")
    view = build_allegations_view(bundle, defaults)
    assert _chart_titles(at)[1:] == [view.categories.spec["title"], view.victims.spec["title"]]


def test_the_disagreements_tab_lists_every_conflict(bundle, defaults):
    at = open_page("allegations", view="Where sources disagree")
    view = build_allegations_view(bundle, defaults)
    assert len(view.conflicts) > 0
    pd.testing.assert_frame_equal(at.dataframe[0].value, view.conflicts.reset_index(drop=True), check_dtype=False)
    [rule_link] = [link.proto for link in at.get("page_link")]
    assert (rule_link.page, rule_link.query_string) == ("data_sources", "section=Rules+and+definitions")


def test_a_source_list_is_drawn_once_its_expander_is_opened(bundle, defaults):
    at = open_page("allegations")
    view = build_allegations_view(bundle, defaults)
    label = f"Sources of the headline figure ({len(view.headline_sources)})"
    assert label in [e.label for e in at.expander]
    assert not any("](http" in m.value for m in at.markdown), "closed lists are not sent"
    at.session_state["sources-Sources of the headline figure"] = True
    at.run()
    listed = [m.value for m in at.markdown if "](http" in m.value]
    assert len(listed) == 1 and listed[0].count("\n- ") + 1 == len(view.headline_sources)


def test_outcomes_and_disagreements_name_the_period_and_link_each_figures_source(bundle):
    at = open_page("allegations", view="Where sources disagree")
    [conflicts] = at.dataframe
    assert json.loads(conflicts.proto.columns)["Link"]["type_config"]["type"] == "link"
    unmil = conflicts.value[(conflicts.value["Year"] == 2007) & (conflicts.value["Scope"] == "UNMIL")]
    assert unmil[["Period", "Preferred", "Source", "Link"]].values.tolist() == [
        [
            "July–December",
            "9",
            "UN News, 2008-08",
            "https://news.un.org/en/story/2008/08/270082-sexual-abuse-allegations-decline-un-mission-liberia-reports",
        ]
    ]
    [outcomes] = open_page("allegations", view="Outcomes").dataframe
    assert outcomes.value["Link"].str.startswith("http").all()
    scope_codes = set(bundle.scopes["code"])
    assert not scope_codes & (set(outcomes.value["Scope"]) | set(conflicts.value["Scope"])), "scopes read as labels"


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
    [rows] = card.spec["datasets"].values()
    sourced = set(card.data.dropna(subset=["value"])["mission"])
    left_out = set(card.data["mission"]) - sourced
    assert {row["mission"] for row in rows} == sourced
    assert len(left_out) == 2
    assert card.takeaway.endswith("2 missions with no sourced count in these years are not drawn; the CSV lists them.")
    assert "most sourced years" not in card.takeaway
