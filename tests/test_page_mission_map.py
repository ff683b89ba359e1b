"""The Mission map page run through the real entry script (AppTest): what a user sees, checked against figures read
by hand in the data's sources.

Filters are set through the URL, as a shared link does: in AppTest (Streamlit 1.67) the entry script's sidebar
drops out of the element tree after a page switch, so `at.multiselect(key="mission")` is not found. A map point
or a table row cannot be clicked in AppTest; choosing in the selectbox beside the map is tested here, a click on
the map in tests/browser.
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd
import pytest
from streamlit import dataframe_util
from streamlit.testing.v1 import AppTest

from components.charts.maps import BLANK_MAP_HELP, DECK_HOW_TO, MAP_HOW_TO, build_mission_map_view
from components.charts.served import served_path
from components.data.bundle import DATA_DIR_ENV
from components.figures.filters import Filters
from components.figures.formatting import escape_markdown
from tests.french_page import english_left, page_words
from tests.pages_app import open_page, table_text
from tests.tiny_data import hostile_tables, tiny_tables, write_data


def _map(at: AppTest) -> dict[str, Any]:
    """The deck.gl map's layers as the browser gets them, by id, in the order they draw: points as frames (inline,
    or read from the file the app serves at their address), outlines and lakes as their files' addresses."""
    deck = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    layers = {}
    for layer in deck["layers"]:
        data = layer["data"]
        if isinstance(data, str) and layer["@@type"] != "GeoJsonLayer":
            data = json.loads(served_path(data).read_text())
        layers[layer["id"]] = pd.DataFrame(data) if isinstance(data, list) else data
    return layers


def _simple_map(at: AppTest) -> dict[str, pd.DataFrame]:
    """The simple (Vega-Lite) map's datasets as the browser gets them, by name, in the order its layers draw them."""
    chart = at.get("vega_lite_chart")[0].proto
    data = {named.name: dataframe_util.convert_arrow_bytes_to_pandas_df(named.data.data) for named in chart.datasets}
    return {layer["data"]["name"]: data[layer["data"]["name"]] for layer in json.loads(chart.spec)["layer"]}


def _table(at: AppTest) -> pd.DataFrame:
    return at.dataframe[-1].value


def _cell(table: pd.DataFrame, mission: str, column: str) -> object:
    return table.set_index("Mission").loc[mission, column]


def test_default_table_and_summary_give_the_missions_and_their_sourced_years():
    at = open_page("mission_map")
    table = _table(at)
    # 49 missions in the data; UNSOH began in 2025, after the default years.
    assert len(table) == 48 and "UNSOH" not in set(table["Mission"])
    # MINUSCA: counts for 2015-2019, 2023, 2024 of 2014-2024; UNMISS: 2023 only, of 2011-2024.
    assert _cell(table, "MINUSCA", "Years with a sourced count") == "7 of 11"
    assert _cell(table, "UNMISS", "Years with a sourced count") == "1 of 14"
    assert _cell(table, "UNMISS", "HQ") == "Juba"
    # The ten missions of the 2015 list, with UNMISS and UNIFIL from 2023; the seven mapped places of Fund projects.
    # A mission is sized by one year's count, never a sum of years (issue 15 item 3): the summary says which year.
    summary = (
        "48 missions shown, 12 with a sourced allegation count in the selected years; 7 project places. A mission's "
        "size: its allegations in the latest year with a sourced count in the selected years."
    )
    assert f"{summary} {DECK_HOW_TO} {BLANK_MAP_HELP}" in [c.value for c in at.caption]
    assert any("sourced count in 2005–2024" in c.value for c in at.caption), "the legend names the years"


def test_map_is_a_deck_offline_with_outlines_first_plain_text_tooltips_and_a_click_selection(bundle, defaults):
    at = open_page("mission_map")
    deck = at.get("deck_gl_json_chart")[0].proto
    # The 7 places are named beside their points; the 48 missions' names would overprint (hover names each).
    assert list(_map(at)) == ["countries", "hosts", "lakes", "missions", "places", "place-labels"]
    spec = json.loads(deck.json)
    # No base map: pydeck's placeholder style, which Streamlit drops; a missing style would fetch Carto's.
    assert spec["mapStyle"] == "__MAP_STYLE__" and "mapProvider" not in spec
    assert "://" not in deck.json, "nothing to fetch"
    assert json.loads(deck.tooltip) == {"text": "{tooltip_title}\n{tooltip_body}"}, "text, never html"
    assert list(deck.selection_mode), "a click selects"
    assert deck.alt.startswith("Interactive map of UN field mission headquarters")
    view = build_mission_map_view(bundle, defaults)
    assert sorted(_map(at)["missions"]["acronym"]) == sorted(view.points.dropna(subset=["lat", "lon"])["acronym"])


def test_the_simple_map_in_the_link_draws_the_picture_map(bundle, defaults):
    at = open_page("mission_map", simple_map="true")
    assert not at.get("deck_gl_json_chart")
    assert list(_simple_map(at)) == ["land", "missions", "places"]
    assert list(at.get("vega_lite_chart")[0].proto.selection_mode) == ["mission", "place"]
    view = build_mission_map_view(bundle, defaults)
    assert any(c.value == f"{view.summary} {MAP_HOW_TO}" for c in at.caption)


def test_mission_filter_in_the_link_keeps_only_that_mission(bundle, defaults):
    at = open_page("mission_map", mission=["MONUSCO"])
    assert list(_table(at)["Mission"]) == ["MONUSCO"]
    assert list(_map(at)["missions"]["acronym"]) == ["MONUSCO"]
    assert _cell(_table(at), "MONUSCO", "Years with a sourced count") == "5 of 15"
    assert _cell(_table(at), "MONUSCO", "Projects") == 3
    assert any(c.value.startswith("Filters: " + escape_markdown("Mission: MONUSCO") + ".") for c in at.caption)


def test_year_range_in_the_link_changes_the_counts():
    at = open_page("mission_map", years=["2016", "2020"])
    table = _table(at)
    assert len(table) == 30
    # In 2016-2020 only MINUSCA (2016-2019) and MONUSCO (2017, 2019) have per-mission counts.
    assert _cell(table, "MINUSCA", "Years with a sourced count") == "4 of 5"
    assert _cell(table, "MONUSCO", "Years with a sourced count") == "2 of 5"
    assert set(table.loc[~table["Mission"].isin(["MINUSCA", "MONUSCO"]), "Years with a sourced count"].str[:2]) == {
        "0 "
    }
    assert any("sourced count in 2016–2020" in c.value for c in at.caption)


MONUSCO_PROJECTS = [
    (
        "Vocational training centre and community complaint networks for victims and at-risk women around "
        "Goma and Sake",
        "project=DRC-SAKE-2018",
    ),
    (
        "Six-zone vocational training and start-up kit project for victims in eastern DRC (2021 cycle)",
        "project=DRC-SYAM-SIXZONES-2021",
    ),
    (
        "Empowerment training and reintegration kits for 60 women in Goma and Nyiragongo",
        "project=DRC-GOMA-NYIRAGONGO-2023",
    ),
]


def test_choosing_a_mission_shows_its_figures_and_projects_beside_the_map():
    at = open_page("mission_map")
    at.selectbox(key="map_mission").set_value("MONUSCO").run()
    assert not at.exception
    assert at.subheader[0].value == "MONUSCO"
    allegations = table_text(at.table[0]).set_index("Year")
    # One row per year since July 2010; 2015 (A/70/729), 2017 (the mission's own figure), 2019 (AP), 2023 (Security
    # Women), 2024 (AP); the other years are not known.
    assert list(allegations.index) == [str(year) for year in range(2010, 2025)]
    known = allegations[allegations["Allegations"] != "not known"]["Allegations"]
    # Each of these rows carries a note (the source it is read in, or what it includes): each shows the mark †.
    assert known.to_dict() == {"2015": "16†", "2017": "18†", "2019": "15†", "2023": "66†", "2024": "44†"}
    personnel = table_text(at.table[1]).set_index("Year")["Uniformed personnel (yearly mean)"]
    assert personnel["2023"] == "14,636", "mean of 11 monthly UN reports"
    assert any(m.value.startswith("**Allegations:**") for m in at.markdown)
    links = [link.proto for link in at.get("page_link")]
    assert [(link.label, link.query_string) for link in links] == [
        (escape_markdown(label), query) for label, query in MONUSCO_PROJECTS
    ]


def test_a_mission_in_the_link_opens_its_detail():
    at = open_page("mission_map", map_mission="MINUSCA")
    assert at.selectbox(key="map_mission").value == "MINUSCA"
    assert at.subheader[0].value == "MINUSCA"


def test_layer_toggles_choose_what_the_map_draws():
    at = open_page("mission_map")
    at.pills(key="map_layers").set_value(["missions"]).run()
    assert list(_map(at)) == ["missions"]
    at.pills(key="map_layers").set_value(["projects", "countries"]).run()
    assert list(_map(at)) == ["countries", "hosts", "lakes", "places", "place-labels"]
    at.pills(key="map_layers").set_value(["countries"]).run()
    assert list(_map(at)) == ["countries", "hosts", "lakes"], "nothing to click, the outlines still drawn"
    assert not at.exception
    at.pills(key="map_layers").set_value([]).run()
    assert not at.get("deck_gl_json_chart")
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


# ---- in French (issue 20) -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("simple", [False, True], ids=["deck", "simple map"])
def test_the_page_in_french_has_no_english_left(bundle, simple):
    at = open_page("mission_map", lang="fr", **({"simple_map": "true"} if simple else {}))
    assert english_left(page_words(at), bundle) == []
    assert at.title[0].value == "Carte des missions"
    assert at.toggle(key="simple_map").label == "Carte simple (sans WebGL)"
    assert at.toggle(key="simple_map").value is simple
    assert list(at.pills(key="map_layers").options) == ["Contours des pays et lacs", "Missions", "Lieux des projets"]
    table = _table(at)
    # The table's first column keeps its name in French: a selected row is read from it.
    assert "Mission" in table.columns and "Pays hôtes" in table.columns
    assert _cell(table, "MONUSCO", "Pays hôtes") == "République démocratique du Congo"
    assert any(c.value.startswith("48 missions affichées, dont 12 avec un nombre d'allégations") for c in at.caption)


def test_a_mission_in_french_has_its_figures_beside_the_map_in_french(bundle):
    at = open_page("mission_map", lang="fr", map_mission="MONUSCO")
    assert english_left(page_words(at), bundle) == []
    markdown = [m.value for m in at.markdown]
    assert "**Personnel en tenue**" in markdown and "**Projets**" in markdown
    assert any(m.startswith("**Allégations\u00a0:** ") for m in markdown)


def test_the_selectable_table_wraps_its_long_names_and_notes_in_wide_columns():
    # Rows over 4 rem let Streamlit's grid wrap a cell; one line cut MONUSCO's full name to "United Nations Org…".
    grid = open_page("mission_map").dataframe[0].proto
    assert grid.row_height > 64
    assert grid.selection_mode, "the row selection stays: it is the keyboard's way to a mission"
    widths = {name: column.get("width") for name, column in json.loads(grid.columns).items()}
    assert widths["Note"] == widths["Name"] == "large"
