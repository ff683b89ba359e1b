"""The Mission map page run through the real entry script (AppTest): what a user sees equals what the pure
functions return.

Filters are set through the URL, as a shared link does: in AppTest (Streamlit 1.67) the entry script's sidebar
drops out of the element tree after a page switch, so `at.multiselect(key="mission")` is not found. A map point
or a table row cannot be clicked in AppTest; choosing in the selectbox beside the map is tested here, a click on
the map in tests/browser.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest
from streamlit import dataframe_util
from streamlit.testing.v1 import AppTest

from components.charts.maps import MAP_HOW_TO, build_mission_map_view, mission_detail
from components.data.bundle import DATA_DIR_ENV
from components.figures.filters import Filters
from components.figures.formatting import escape_markdown
from tests.pages_app import open_page
from tests.tiny_data import hostile_tables, tiny_tables, write_data


def _map(at: AppTest) -> dict[str, pd.DataFrame]:
    """The map's datasets as the browser gets them, by name, in the order its layers draw them."""
    chart = at.get("vega_lite_chart")[0].proto
    data = {named.name: dataframe_util.convert_arrow_bytes_to_pandas_df(named.data.data) for named in chart.datasets}
    return {layer["data"]["name"]: data[layer["data"]["name"]] for layer in json.loads(chart.spec)["layer"]}


def _table(at: AppTest) -> pd.DataFrame:
    return at.dataframe[-1].value


def _same(shown: pd.DataFrame, expected: pd.DataFrame) -> bool:
    """Equal values; the round trip through Arrow may change a text column's dtype."""
    pd.testing.assert_frame_equal(shown, expected, check_dtype=False)
    return True


def test_default_table_and_summary_match_the_view(bundle, defaults):
    at = open_page("mission_map")
    view = build_mission_map_view(bundle, defaults)
    assert _same(_table(at), view.table)
    assert any(c.value == f"{view.summary} {MAP_HOW_TO}" for c in at.caption)
    assert any(c.value == view.legend for c in at.caption)


def test_map_is_drawn_with_outlines_first_and_a_click_chooses_a_mission_or_a_place(bundle, defaults):
    at = open_page("mission_map")
    assert list(_map(at)) == ["land", "missions", "places"]
    assert list(at.get("vega_lite_chart")[0].proto.selection_mode) == ["mission", "place"]
    view = build_mission_map_view(bundle, defaults)
    assert sorted(_map(at)["missions"]["acronym"]) == sorted(view.points.dropna(subset=["lat", "lon"])["acronym"])


def test_mission_filter_in_the_link_keeps_only_that_mission(bundle, defaults):
    at = open_page("mission_map", mission=["MONUSCO"])
    assert list(_table(at)["Mission"]) == ["MONUSCO"]
    assert list(_map(at)["missions"]["acronym"]) == ["MONUSCO"]
    expected = build_mission_map_view(bundle, Filters(years=defaults.years, missions=("MONUSCO",)))
    assert _same(_table(at), expected.table)
    assert any(c.value.startswith("Filters: " + escape_markdown("Mission: MONUSCO") + ".") for c in at.caption)


def test_year_range_in_the_link_changes_the_counts(bundle):
    at = open_page("mission_map", years=["2016", "2020"])
    expected = build_mission_map_view(bundle, Filters(years=(2016, 2020)))
    assert _same(_table(at), expected.table)
    assert "2016–2020" in expected.legend


def test_choosing_a_mission_shows_its_figures_and_projects_beside_the_map(bundle, defaults):
    at = open_page("mission_map")
    at.selectbox(key="map_mission").set_value("MONUSCO").run()
    assert not at.exception
    expected = mission_detail(bundle, defaults, "MONUSCO")
    assert at.subheader[0].value == "MONUSCO"
    assert _same(at.dataframe[0].value, expected.allegations)
    assert _same(at.dataframe[1].value, expected.personnel)
    assert any(m.value == "**Allegations:** " + escape_markdown(expected.allegations_total) for m in at.markdown)
    links = [link.proto for link in at.get("page_link")]
    assert [(link.label, link.query_string) for link in links] == [
        (escape_markdown(label), f"project={project_id}") for project_id, label in expected.projects
    ]
    assert expected.projects, "MONUSCO has projects of the Fund in the shipped data"


def test_a_mission_in_the_link_opens_its_detail():
    at = open_page("mission_map", map_mission="MINUSCA")
    assert at.selectbox(key="map_mission").value == "MINUSCA"
    assert at.subheader[0].value == "MINUSCA"


def test_layer_toggles_choose_what_the_map_draws():
    at = open_page("mission_map")
    at.pills(key="map_layers").set_value(["missions"]).run()
    assert list(_map(at)) == ["missions"]
    at.pills(key="map_layers").set_value(["projects", "countries"]).run()
    assert list(_map(at)) == ["land", "places"]
    at.pills(key="map_layers").set_value(["countries"]).run()
    assert list(_map(at)) == ["land"] and not at.exception, "nothing to click, the outlines still drawn"
    at.pills(key="map_layers").set_value([]).run()
    assert not at.get("vega_lite_chart")
    assert any(c.value == "No layer chosen: pick one above to draw it." for c in at.caption)


def test_unconfirmed_project_places_appear_only_when_asked_for(bundle, defaults):
    hidden = open_page("mission_map")
    shown = open_page("mission_map", unconfirmed="true")
    view = build_mission_map_view(bundle, Filters(years=defaults.years, include_unconfirmed=True))
    added = set(_map(shown)["places"]["place"]) - set(_map(hidden)["places"]["place"])
    ids = {pid for ids in view.places_at([{"place": key} for key in added])["project_ids"] for pid in ids}
    unconfirmed = set(bundle.projects.loc[bundle.projects["trust_fund_link"] != "confirmed", "id"])
    assert ids and ids <= unconfirmed


@pytest.fixture
def data_folder(tmp_path, monkeypatch):
    """Point the app at a tiny data folder written by the test."""

    def use(tables):
        monkeypatch.setenv(DATA_DIR_ENV, str(write_data(tmp_path / "data", tables)))

    return use


def test_mission_without_coordinates_is_listed_below_the_table(data_folder):
    tables = tiny_tables()
    tables["missions"][1].update(lat="", lon="", hq_city="")
    data_folder(tables)
    at = open_page("mission_map")
    assert "MINUSCA" in list(_table(at)["Mission"])
    assert any(c.value == "No HQ point, so not on the map: MINUSCA" for c in at.caption)


def test_markup_in_mission_and_project_names_is_shown_as_text(data_folder):
    tables = hostile_tables()
    data_folder(tables)
    at = open_page("mission_map")
    at.selectbox(key="map_mission").set_value("MONUSCO").run()
    assert not at.exception
    name = tables["missions"][0]["name"]
    assert any(t.value.startswith(name + "\n") for t in at.text)
    title = tables["projects"][0]["title"]
    assert [link.proto.label for link in at.get("page_link")] == [escape_markdown(title)]
