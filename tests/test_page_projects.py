"""The Projects page run through the real entry script (AppTest): what a user sees equals what the pure
functions return for the shipped data.

Filters are set through the URL, as a shared link does: in AppTest (Streamlit 1.67) the entry script's sidebar
drops out of the element tree after the first run, and `set_value` on a widget bound to the URL does not reach
the filters, so the sidebar widgets cannot be driven directly. A table row cannot be clicked in AppTest either.
"""

from __future__ import annotations

import json

from streamlit import dataframe_util
from streamlit.testing.v1 import AppTest

from components.figures.filters import Filters
from components.figures.formatting import escape_markdown
from components.figures.projects import build_projects_view, facts_markdown, project_detail
from tests.pages_app import open_page

SAKE = "DRC-SAKE-2018"


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _expected_metrics(view) -> dict[str, str]:
    return {
        "Projects shown": str(view.shown),
        "Countries reached": str(view.countries),
        "Known budgets": view.known_budget_total,
        "Beneficiary counts": view.beneficiaries,
    }


def test_default_view_shows_the_figures_of_the_pure_view(bundle, defaults):
    at = open_page("projects")
    view = build_projects_view(bundle, defaults)
    assert _metrics(at) == _expected_metrics(view)
    assert any(c.value == "Known budgets: " + escape_markdown(view.known_budget) for c in at.caption)
    assert at.dataframe[0].value.equals(view.table)


def test_default_view_hides_unconfirmed_projects_and_says_so(bundle):
    at = open_page("projects")
    table = at.dataframe[0].value
    assert set(table["Fund link"].str.split(";").str[0]) == {"Confirmed by a source"}
    assert any("hidden; switch them on in the sidebar" in c.value for c in at.caption)


def test_unconfirmed_projects_appear_marked_when_the_filter_is_on(bundle, defaults):
    at = open_page("projects", unconfirmed="true")
    view = build_projects_view(bundle, Filters(years=defaults.years, include_unconfirmed=True))
    table = at.dataframe[0].value
    assert len(table) == len(bundle.projects) == view.shown
    marked = table[table["Fund link"].str.startswith("Link to the Fund not confirmed by a source")]
    assert len(marked) == view.unconfirmed_shown == (bundle.projects["trust_fund_link"] == "not_explicit").sum()
    assert any(c.value.startswith(f"{view.unconfirmed_shown} of the projects shown are marked") for c in at.caption)


def test_mission_filter_keeps_only_that_missions_projects(bundle, defaults):
    at = open_page("projects", mission="MINUSCA", unconfirmed="true")
    view = build_projects_view(bundle, Filters(years=defaults.years, missions=("MINUSCA",), include_unconfirmed=True))
    assert set(at.dataframe[0].value["Mission"]) == {"MINUSCA"}
    assert _metrics(at) == _expected_metrics(view)
    assert any(c.value.startswith("Filters: " + escape_markdown("Mission: MINUSCA;")) for c in at.caption)


def test_year_filter_keeps_projects_whose_start_is_not_known_and_says_so(bundle):
    at = open_page("projects", years=["2018", "2020"])
    view = build_projects_view(bundle, Filters(years=(2018, 2020)))
    assert _metrics(at) == _expected_metrics(view)
    assert any("or if its start is not known" in c.value for c in at.caption)
    starts = bundle.projects.set_index("id").loc[list(at.dataframe[0].value["id"]), "start_date"]
    assert starts.isna().any() and (starts.dropna().str[:4].astype(int) <= 2020).all()


def test_overview_link_opens_the_sake_project_in_one_more_click(bundle):
    overview = AppTest.from_file("../dashboard.py", default_timeout=120)
    overview.run()
    link = next(link for link in overview.get("page_link") if "Sake" in link.proto.label)
    assert link.proto.query_string == f"project={SAKE}"
    at = open_page("projects", project=SAKE)
    detail = project_detail(bundle, SAKE)
    assert at.selectbox(key="project").value == SAKE
    assert escape_markdown(detail.title) in [s.value for s in at.subheader]
    assert facts_markdown(detail.facts) in [m.value for m in at.markdown]
    assert "- **Implementing entity:** MONUSCO \\(Conduct and Discipline team\\)" in facts_markdown(detail.facts)


def test_sake_detail_shows_each_beneficiary_figure_with_its_source_and_unmapped_places(bundle):
    at = open_page("projects", project=SAKE)
    detail = project_detail(bundle, SAKE)
    tables = {tuple(d.value.columns): d.value for d in at.dataframe}
    beneficiaries = tables[("Number", "Who", "Note", "Source", "Link")]
    assert list(beneficiaries["Number"]) == ["over 500", "about 490", "about 130"]
    assert beneficiaries.equals(detail.beneficiaries)
    places = tables[("Place", "Area", "Map", "Coordinates from")].set_index("Place")
    assert places.loc["Munigi", "Map"] == "no coordinates in the gazetteer"
    assert places.loc["Sake", "Map"] == "on the map"
    assert any(e.label == f"Every source for this project ({len(detail.sources)})" for e in at.expander)


def test_link_to_a_hidden_unconfirmed_project_opens_it_with_a_warning(bundle):
    at = open_page("projects", project="CAF-NOLA-2023")
    assert any("The current filters hide this project" in c.value for c in at.caption)
    assert any(w.value.startswith("Link to the Fund not confirmed by a source") for w in at.warning)


def test_choosing_a_project_in_the_selectbox_opens_its_detail_and_marks_a_possible_duplicate(bundle):
    at = open_page("projects")
    at.selectbox(key="project").set_value("LBR-2022").run()
    detail = project_detail(bundle, "LBR-2022")
    assert escape_markdown(detail.title) in [s.value for s in at.subheader]
    assert [w.value for w in at.warning] == [escape_markdown(flag) for flag in detail.flags]
    assert any(w.value.startswith("Possible duplicate") for w in at.warning)


def test_the_timeline_opens_first_and_lists_projects_without_a_start(bundle, defaults):
    at = open_page("projects")
    view = build_projects_view(bundle, defaults)
    assert [tab.label for tab in at.tabs] == ["Timeline", "Services by country"]
    texts = [m.value for m in at.markdown]
    assert view.timeline.takeaway in texts and view.services.takeaway not in texts, "one chart at a time"
    unknown = "Start not known, so not on the timeline: " + escape_markdown("; ".join(view.unknown_start))
    assert unknown in [c.value for c in at.caption]


def test_the_services_tab_in_the_link_shows_services_by_country(bundle, defaults):
    at = open_page("projects", chart="Services by country")
    view = build_projects_view(bundle, defaults)
    texts = [m.value for m in at.markdown]
    assert view.services.takeaway in texts and view.timeline.takeaway not in texts
    assert [json.loads(chart.proto.spec)["title"] for chart in at.get("vega_lite_chart")] == [
        view.services.spec["title"]
    ]


def test_an_opened_project_shows_its_places_on_a_close_up_map(bundle):
    at = open_page("projects", project="DRC-SAKE-2018")
    maps = [chart for chart in at.get("vega_lite_chart") if "places" in json.loads(chart.proto.spec)["description"]]
    assert len(maps) == 1
    places = {named.name: named for named in maps[0].proto.datasets}["places"]
    shown = dataframe_util.convert_arrow_bytes_to_pandas_df(places.data.data)
    located = bundle.project_places[bundle.project_places["project_id"] == "DRC-SAKE-2018"].dropna(subset=["lat"])
    # Places sharing coordinates are one point naming them all.
    assert len(shown) == len(located.drop_duplicates(subset=["lat", "lon"]))
    assert all(what.startswith("Project place: ") for what in shown["what"])
