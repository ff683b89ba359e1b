"""The mission map's pure figures and maps, one behaviour per test, on the tiny fictitious data folder."""

from __future__ import annotations

import base64
import io
import json
import math
from pathlib import Path
from typing import Any

import pandas as pd
import pydeck
import pytest
from PIL import Image
from streamlit import dataframe_util

from components.briefing.screens import MAP_SCREEN_LAYOUT_PX
from components.charts import served
from components.charts.basemap import lakes as shipped_lakes
from components.charts.basemap import mercator_x, mercator_y
from components.charts.maps import (
    COUNTRY_FILL,
    HOST_FILL,
    LAKES_DATASET,
    LAYER_NAMES,
    MAP_HEIGHT_PX,
    MAX_RADIUS_PX,
    MIN_RADIUS_PX,
    MIN_SPAN,
    NARROWEST_LAYOUT_PX,
    NOTE_ROOM_PARAM,
    OUTLINE,
    OUTLINES_DATASET,
    OUTLINES_PICTURE_PX,
    PLACE_RADIUS_PX,
    PLACES_HOST_FILL,
    PLACES_LAKE_FILL,
    PX_PER_SQRT_ALLEGATION,
    SPOKEN_EXPRESSION,
    UNKNOWN_RADIUS_PX,
    LabelGrid,
    MapFrame,
    build_mission_glance,
    build_mission_map_view,
    country_boxes,
    country_label_box,
    declutter,
    drawn_missions,
    frame_marks,
    glance_map_spec,
    glance_missions,
    glance_note,
    leader_end,
    nice_distance_km,
    note_room_px,
    place_distances,
    places_map_spec,
    project_place_distances,
    project_places_map,
    selections_for,
    spread,
    thinned,
)
from components.charts.served import served_path
from components.charts.theme import title_words
from components.data.bundle import SHIPPED_DATA_DIR, load_bundle
from components.data.schema import PERIOD_LABELS
from components.figures.filters import Filters
from components.figures.missions import PERIOD_WORDS, mission_detail, mission_points, place_points
from components.language.translation import ENGLISH, FRENCH
from tests.tiny_data import BASEMAP, tiny_tables, write_data

ALL_YEARS = Filters(years=(2015, 2024))


def _allegation(mission: str, year: int, value: str, source: str, qualifier: str = "exact") -> dict[str, str]:
    return {
        "year": str(year),
        "period": "year",
        "scope": "mission",
        "mission": mission,
        "category": "",
        "measure": "allegations",
        "value": value,
        "qualifier": qualifier,
        "source_id": source,
        "source_locator": "para 9",
        "note": "",
    }


def _bundle(tmp_path: Path, edit=None):
    tables = tiny_tables()
    if edit:
        edit(tables)
    return load_bundle(write_data(tmp_path, tables))


@pytest.fixture
def bundle(tmp_path):
    return _bundle(tmp_path)


def _picture(url: str) -> Image.Image:
    header, encoded = url.split(",", 1)
    assert header == "data:image/png;base64"
    return Image.open(io.BytesIO(base64.b64decode(encoded))).convert("RGBA")


def _rows(spec: dict, name: str) -> pd.DataFrame:
    """A dataset of a map spec as the browser gets it (Arrow, as st.vega_lite_chart sends it)."""
    data = spec["datasets"][name]
    return dataframe_util.convert_arrow_bytes_to_pandas_df(data) if isinstance(data, bytes) else pd.DataFrame(data)


def _drawn(spec: dict) -> list[str]:
    """The map's layers, bottom first, by the dataset each draws."""
    return [layer["data"]["name"] for layer in spec["layer"]]


def _picture_colour(row: pd.Series, lon: float, lat: float) -> list[int]:
    """The colour of a land picture where the map puts (lon, lat): the picture spans x..x2, y..y2 in Web Mercator
    fractions of the world, the scales the marks are drawn on."""
    picture = _picture(row["url"])
    column = (mercator_x(lon) - row["x"]) / (row["x2"] - row["x"]) * picture.width
    line = (mercator_y(lat) - row["y"]) / (row["y2"] - row["y"]) * picture.height
    return list(picture.getpixel((int(column), int(line))))


def test_mission_map_fetches_nothing_its_pictures_are_in_the_spec(bundle):
    spec = build_mission_map_view(bundle, ALL_YEARS).spec_for(LAYER_NAMES)
    land = _rows(spec, "land")
    # Borders, the hosts' shading and the lakes.
    assert len(land) == 3 and all(url.startswith("data:image/png;base64,") for url in land["url"])
    text = json.dumps({**spec, "datasets": {name: _rows(spec, name).to_dict("records") for name in spec["datasets"]}})
    assert text.count("://") == 1 and spec["$schema"].startswith("https://vega.github.io/"), "only the schema's name"


def test_country_outlines_are_drawn_first_under_the_points(bundle):
    view = build_mission_map_view(bundle, ALL_YEARS)
    # Then the names of the few missions and places of the tiny data, each over a white halo, on top.
    assert _drawn(view.spec_for(LAYER_NAMES)) == ["land", "missions", "places"] + ["missions"] * 2 + ["places"] * 2
    # The order of the page's choice does not matter: outlines stay below.
    assert _drawn(view.spec_for(["projects", "countries"])) == ["land", "places", "places", "places"]
    assert view.spec_for([]) is None


def test_a_click_chooses_only_among_the_layers_drawn(bundle):
    view = build_mission_map_view(bundle, ALL_YEARS)
    assert selections_for(LAYER_NAMES) == ["mission", "place"]
    assert selections_for(["countries"]) == []
    spec = view.spec_for(["missions", "countries"])
    params = [param["name"] for layer in spec["layer"] for param in layer.get("params", [])]
    assert sorted(params) == ["mission", "zoom"]


def test_mission_filter_keeps_only_that_mission(bundle):
    view = build_mission_map_view(bundle, Filters(years=(2015, 2024), missions=("MONUSCO",)))
    assert list(view.table["Mission"]) == ["MONUSCO"]
    assert list(_rows(view.spec_for(LAYER_NAMES), "missions")["acronym"]) == ["MONUSCO"]


def test_mission_with_unknown_count_is_a_ring_of_fixed_size_saying_not_known(bundle):
    points = drawn_missions(mission_points(bundle, ALL_YEARS)).set_index("acronym")
    minusca = points.loc["MINUSCA"]
    assert pd.isna(minusca["latest_count"])
    assert minusca["radius_px"] == UNKNOWN_RADIUS_PX > 0
    assert minusca["colour"][3] < 100, "the fill is faint: a ring, not a point sized as zero"
    assert "not known" in minusca["tooltip_body"] and "no sourced count in these years" in minusca["tooltip_body"]
    assert points.loc["MONUSCO", "radius_px"] > UNKNOWN_RADIUS_PX


def test_known_count_tooltip_says_what_the_point_is(bundle):
    monusco = mission_points(bundle, ALL_YEARS).set_index("acronym").loc["MONUSCO"]
    assert monusco["tooltip_title"] == "MONUSCO — Test mission in DR Congo"
    assert monusco["tooltip_body"].startswith(
        "Peacekeeping operation · HQ Kinshasa\nAllegations in 2019, its latest year with a sourced count in "
        "2015–2024: 30\n"
    )
    assert "1 of 10 years in 2015–2024 has a sourced count" in monusco["tooltip_body"]


def test_missions_are_sized_by_their_latest_sourced_year_never_by_a_sum_of_years(tmp_path):
    def edit(tables):
        tables["allegations"] += [
            _allegation("MONUSCO", 2019, "30", "un-doc-2020"),  # same fact, a second source
            _allegation("MONUSCO", 2020, "10", "press-2021"),
        ]

    points = drawn_missions(mission_points(_bundle(tmp_path, edit), ALL_YEARS)).set_index("acronym")
    monusco = points.loc["MONUSCO"]
    assert (monusco["latest_count"], monusco["latest_year"], monusco["years_known"]) == (10, 2020, 2)
    assert monusco["allegations_text"] == "10 in 2020"
    assert monusco["radius_px"] == pytest.approx(MIN_RADIUS_PX + PX_PER_SQRT_ALLEGATION * 10**0.5)


def test_conflicting_sources_give_the_preferred_value_not_both(tmp_path):
    def edit(tables):
        tables["allegations"].append(_allegation("MONUSCO", 2019, "31", "un-doc-2020"))

    points = mission_points(_bundle(tmp_path, edit), ALL_YEARS).set_index("acronym")
    assert points.loc["MONUSCO", "latest_count"] == 31  # the UN document over the press report, never 61


def test_a_qualified_latest_count_keeps_its_qualifier(tmp_path):
    def edit(tables):
        tables["allegations"].append(_allegation("MONUSCO", 2020, "10", "press-2021", qualifier="over"))

    points = mission_points(_bundle(tmp_path, edit), ALL_YEARS).set_index("acronym")
    assert points.loc["MONUSCO", "latest_display"] == "over 10"


def test_only_years_in_the_range_are_counted(bundle):
    points = mission_points(bundle, Filters(years=(2020, 2024))).set_index("acronym")
    assert pd.isna(points.loc["MONUSCO", "latest_count"])


def test_missions_not_active_in_the_range_and_without_data_are_left_out(tmp_path):
    def edit(tables):
        tables["missions"][1].update(start_date="2014-04", end_date="2016-12")

    bundle = _bundle(tmp_path, edit)
    assert list(mission_points(bundle, Filters(years=(2017, 2020)))["acronym"]) == ["MONUSCO"]
    assert set(mission_points(bundle, Filters(years=(2016, 2020)))["acronym"]) == {"MONUSCO", "MINUSCA"}


def test_a_mission_without_coordinates_is_listed_without_a_point(tmp_path):
    def edit(tables):
        tables["missions"][1].update(lat="", lon="", hq_city="")

    view = build_mission_map_view(_bundle(tmp_path, edit), ALL_YEARS)
    assert view.without_point == ("MINUSCA",)
    assert "MINUSCA" in list(view.table["Mission"])
    assert list(_rows(view.spec_for(LAYER_NAMES), "missions")["acronym"]) == ["MONUSCO"]
    assert view.table.set_index("Mission").loc["MINUSCA", "HQ"] == "not known"


def _unconfirmed_project(tables):
    other = {**tables["projects"][0]}
    other.update(
        id="DRC-UNCONFIRMED-2019",
        title="Unconfirmed test project",
        trust_fund_link="not_explicit",
        places=[{"locality": "Bunia", "admin_area": "Ituri", "lat": 1.56, "lon": 30.25, "coords_source": "test"}],
    )
    tables["projects"].append(other)


def test_projects_not_tied_to_the_fund_are_hidden_until_asked_for(tmp_path):
    bundle = _bundle(tmp_path, _unconfirmed_project)
    hidden = build_mission_map_view(bundle, ALL_YEARS)
    shown = build_mission_map_view(bundle, Filters(years=(2015, 2024), include_unconfirmed=True))
    assert list(_rows(hidden.spec_for(LAYER_NAMES), "places")["what"]) == ["Project place: Sake"]
    assert list(_rows(shown.spec_for(LAYER_NAMES), "places")["what"]) == ["Project place: Sake", "Project place: Bunia"]


def test_project_place_tooltip_names_title_locality_and_mission(bundle):
    place = _rows(build_mission_map_view(bundle, ALL_YEARS).spec_for(LAYER_NAMES), "places").iloc[0]
    assert place["what"] == "Project place: Sake"
    assert place["details"] == "Test project in Sake (mission: MONUSCO)"


def test_a_chosen_place_on_the_map_gives_its_projects(bundle):
    view = build_mission_map_view(bundle, ALL_YEARS)
    key = _rows(view.spec_for(LAYER_NAMES), "places").iloc[0]["place"]
    assert list(view.places_at([{"place": key}])["project_ids"]) == [["DRC-TEST-2018"]]
    # A click on another layer's mark, or a place the filters no longer show, chooses nothing.
    assert view.places_at([{}]).empty and view.places_at([{"place": "0.0,0.0"}]).empty


def test_each_mark_tells_a_screen_reader_what_it_is(bundle):
    spec = build_mission_map_view(bundle, ALL_YEARS).spec_for(LAYER_NAMES)
    monusco = _rows(spec, "missions").set_index("acronym").loc["MONUSCO"]
    assert monusco["what"] == "MONUSCO — Test mission in DR Congo"
    assert monusco["details"].startswith("Peacekeeping operation · HQ Kinshasa")
    assert len(spec["layer"]) > 1, "marks above the land"
    # The names beside the points are hidden from screen readers: each point says its own.
    names = [layer for layer in spec["layer"] if layer["mark"]["type"] == "text"]
    assert names and all(layer["mark"]["aria"] is False for layer in names)
    for layer in spec["layer"][1:]:
        if layer in names:
            continue
        # The browser joins the tooltip's words: "<what>. <details>", or only what the mark is.
        assert layer["transform"] == [{"calculate": SPOKEN_EXPRESSION, "as": "spoken"}]
        assert layer["encoding"]["description"] == {"field": "spoken"}
    assert spec["layer"][0]["mark"]["aria"] is False, "the land is a background"


def test_table_holds_the_same_figures_as_the_map(bundle):
    view = build_mission_map_view(bundle, ALL_YEARS)
    table = view.table.set_index("Mission")
    latest = ["Allegations, latest sourced year", "That year", "Years with a sourced count"]
    assert table.loc["MONUSCO", latest].tolist() == ["30", "2019", "1 of 10"]
    assert table.loc["MINUSCA", latest].tolist() == ["not known", "", "0 of 10"]
    assert table.loc["MONUSCO", "Projects"] == 1
    assert table.loc["MONUSCO", "Host countries"] == "Dem. Rep. Congo"
    assert list(view.table["Mission"]) == ["MONUSCO", "MINUSCA"], "known counts first"


def test_mission_detail_lists_every_active_year_with_its_source(bundle):
    detail = mission_detail(bundle, Filters(years=(2018, 2020)), "MONUSCO")
    rows = detail.allegations.set_index("Year")
    assert list(rows.index) == [2018, 2019, 2020]
    assert rows.loc[2019, "Allegations"] == "30" and rows.loc[2019, "Source"] == "Press, 2021-03-01"
    assert rows.loc[2018, "Allegations"] == "not known" and rows.loc[2020, "Allegations"] == "not known"
    assert detail.allegations_total.startswith(
        "30 in 2019, the latest year with a sourced count in 2018–2020; 1 of 3 years has a sourced count"
    )
    assert [ref.id for ref in detail.sources] == ["press-2021", "un-doc-2020"]
    assert list(detail.personnel["Uniformed personnel (yearly mean)"]) == ["16,000"]


def test_mission_detail_links_only_the_projects_the_filters_show(tmp_path):
    def edit(tables):
        _unconfirmed_project(tables)
        tables["projects"][1]["mission"] = "MONUSCO"

    bundle = _bundle(tmp_path, edit)
    detail = mission_detail(bundle, ALL_YEARS, "MONUSCO")
    assert detail.projects == (("DRC-TEST-2018", "Test project in Sake"),)
    assert detail.projects_note.startswith("1 project of the Fund tied to MONUSCO matches the filters.")
    assert "1 more project whose link to the Fund no source confirms is hidden" in detail.projects_note
    shown = mission_detail(bundle, Filters(years=(2015, 2024), include_unconfirmed=True), "MONUSCO")
    assert shown.projects[1] == ("DRC-UNCONFIRMED-2019", "Unconfirmed test project (link to the Fund not confirmed)")


def test_mission_detail_of_a_mission_without_counts_says_not_known(bundle):
    detail = mission_detail(bundle, Filters(years=(2019, 2020)), "MINUSCA")
    assert detail.allegations_total == "not known: no sourced count in these years"
    assert list(detail.allegations["Allegations"]) == ["not known", "not known"]


def _fit(spec: dict) -> list[list[float]]:
    """The corners (west, south), (east, north) a geoshape map is fitted to."""
    return spec["projection"]["fit"]["features"][0]["geometry"]["coordinates"]


def test_places_map_needs_only_places_and_the_basemap():
    places = pd.DataFrame(
        {"locality": ["Goma", "Goma centre", "Nowhere"], "lat": [-2.5, -2.5, None], "lon": [21.5, 21.5, None]}
    )
    spec = places_map_spec(place_points(places), BASEMAP, {"COD"}, "Two places")
    assert title_words(spec["title"]) == "Two places"
    assert spec["description"].startswith("Map of 1 project place with coordinates: Goma; Goma centre.")
    outlines = spec["datasets"][OUTLINES_DATASET]
    assert {f["properties"]["iso3"] for f in outlines if f["shaded"]} == {"COD"}
    # A lone place gets 5 degrees of its region on every side.
    assert _fit(spec) == [[16.5, -7.5], [26.5, 2.5]]


def test_the_close_up_and_the_briefing_maps_come_from_one_builder():
    import components.briefing.screens as screens

    assert not hasattr(screens, "slide_places_map_spec")
    assert screens.places_map_spec is places_map_spec


def _evaluate(expression: dict | str, params: dict[str, float], width: float, height: float) -> Any:
    """A Vega expression of a map (arithmetic, comparisons, min and max, the chart's size, its params)."""
    text = expression["expr"] if isinstance(expression, dict) else expression
    return eval(text, {"__builtins__": {}}, {"min": min, "max": max, "width": width, "height": height, **params})


def _first_view(spec: dict, width: float) -> tuple[list[float], list[float]]:
    """The x and y domains the map shows first in a chart `width` pixels wide."""
    params: dict[str, float] = {}
    for param in spec["params"]:
        params[param["name"]] = _evaluate(param["expr"], params, width, spec["height"])
    encoding = next(
        layer["encoding"] for layer in reversed(spec["layer"]) if "scale" in layer.get("encoding", {}).get("x", {})
    )
    x = _evaluate(encoding["x"]["scale"]["domain"], params, width, spec["height"])
    y = _evaluate(encoding["y"]["scale"]["domain"], params, width, spec["height"])
    return x, y


def _marks(view) -> pd.DataFrame:
    return pd.concat([view.points[["lat", "lon"]], view.places[["lat", "lon"]]], ignore_index=True).dropna()


@pytest.mark.parametrize("chart_width", [400, 700, 1100])
def test_every_shipped_mark_is_inside_the_first_view_with_the_maps_proportions(chart_width):
    everything = Filters(years=(1948, 2026), include_unconfirmed=True)
    view = build_mission_map_view(load_bundle(SHIPPED_DATA_DIR), everything)
    spec = view.spec_for(LAYER_NAMES)
    (left, right), (top, bottom) = _first_view(spec, chart_width)
    assert (right - left) / chart_width == pytest.approx((bottom - top) / MAP_HEIGHT_PX), "a circle stays round"
    outside = [
        (lat, lon)
        for lat, lon in _marks(view).itertuples(index=False)
        if not (left < mercator_x(lon) < right and top < mercator_y(lat) < bottom)
    ]
    assert len(_marks(view)) > 20
    assert outside == []


def test_a_mission_map_of_one_mission_starts_close_in_on_it_and_its_project_places(bundle):
    view = build_mission_map_view(bundle, Filters(years=ALL_YEARS.years, missions=("MONUSCO",)))
    (left, right), (top, bottom) = _first_view(view.spec_for(LAYER_NAMES), 700)
    assert right - left < 0.15, "a region, not the world"
    # 700 screen pixels over (right - left) × 2,048 picture pixels: at most about 3 screen pixels per picture pixel,
    # where the outlines were blown up into blurred steps (1/64 of the world: 22 screen pixels each).
    assert 700 / ((right - left) * OUTLINES_PICTURE_PX) < 3.2
    for lon, lat in ((15.3, -4.3), (29.0, -1.6)):  # Kinshasa, Sake
        assert left < mercator_x(lon) < right and top < mercator_y(lat) < bottom


def test_a_single_mark_is_framed_no_closer_than_a_region():
    frame = frame_marks([0.3], [0.4], (0.1, 0.9))
    assert (frame.x, frame.y, frame.width, frame.height) == (0.3, 0.4, MIN_SPAN, MIN_SPAN)
    assert frame.padding_px == MAX_RADIUS_PX, "the largest circle fits at the edge"
    assert frame_marks([], [], (0.1, 0.9)) == MapFrame(0.5, 0.5, 1.0, 0.8), "no marks: the whole land"


def test_mission_map_outlines_shade_the_hosts_and_draw_borders(bundle):
    view = build_mission_map_view(bundle, ALL_YEARS)
    countries, hosts, _lakes = (row for _i, row in _rows(view.spec_for(LAYER_NAMES), "land").iterrows())

    def colours(row: pd.Series) -> set[tuple[int, ...]]:
        return {colour for _count, colour in _picture(row["url"]).getcolors(maxcolors=1 << 16)}

    assert colours(countries) == {(0, 0, 0, 0), tuple(COUNTRY_FILL), tuple(OUTLINE)}
    assert colours(hosts) == {(0, 0, 0, 0), tuple(HOST_FILL)}
    assert 0 < len(view.hosts) < len(BASEMAP["features"])
    for feature in BASEMAP["features"]:
        # Each tiny country is a right triangle; its centroid lies inside it.
        (x, y), *_rest = feature["geometry"]["coordinates"][0]
        assert _picture_colour(countries, x + 4 / 3, y + 2 / 3) == COUNTRY_FILL, feature["properties"]["iso3"]
        shaded = _picture_colour(hosts, x + 4 / 3, y + 2 / 3) == HOST_FILL
        assert shaded == (feature["properties"]["iso3"] in view.hosts), feature["properties"]["iso3"]


@pytest.mark.parametrize("chart_width", [300, 530, 900])
def test_overview_glance_map_shows_the_whole_land_and_lays_marks_on_their_countries(bundle, chart_width):
    from components.figures.overview import GLANCE_DESCRIPTION

    mission_map = build_mission_map_view(bundle, ALL_YEARS)
    glance = build_mission_glance(bundle, ALL_YEARS, GLANCE_DESCRIPTION)
    spec = glance.spec
    assert glance.summary == mission_map.summary
    assert _drawn(spec) == ["land", "missions", "places"]
    land, _lakes = (row for _i, row in _rows(spec, "land").iterrows())
    picture = _picture(land["url"])
    assert tuple(OUTLINE) not in {c for _n, c in picture.getcolors(maxcolors=1 << 16)}, "no borders at a glance"
    (left, right), (top, bottom) = _first_view(spec, chart_width)
    assert left <= land["x"] and land["x2"] <= right and top <= land["y"] and land["y2"] <= bottom
    assert right - left == pytest.approx(1.0) or bottom - top == pytest.approx(land["y2"] - land["y"]), "fills the card"
    assert 0 < len(mission_map.hosts) < len(BASEMAP["features"])
    for feature in BASEMAP["features"]:
        (x, y), *_rest = feature["geometry"]["coordinates"][0]
        expected = HOST_FILL if feature["properties"]["iso3"] in mission_map.hosts else COUNTRY_FILL
        assert _picture_colour(land, x + 4 / 3, y + 2 / 3) == expected, feature["properties"]["iso3"]


def test_overview_glance_map_shows_the_mission_maps_marks_with_nothing_to_click(bundle):
    from components.figures.overview import GLANCE_DESCRIPTION

    mission_map = build_mission_map_view(bundle, ALL_YEARS)
    spec = build_mission_glance(bundle, ALL_YEARS, GLANCE_DESCRIPTION).spec
    marks = pd.concat([_rows(spec, "missions"), _rows(spec, "places")], ignore_index=True)
    expected = _marks(mission_map)
    assert not marks.empty
    assert sorted(zip(marks["x"], marks["y"], strict=True)) == sorted(
        (mercator_x(lon), mercator_y(lat)) for lat, lon in zip(expected["lat"], expected["lon"], strict=True)
    )
    assert not any("Click" in text for text in marks["details"]), "nothing to click on the glance map"
    assert not any(layer.get("params") for layer in spec["layer"]), "no zoom, no selection"
    # A mission with no sourced count stays a hollow ring, as on the Mission map.
    hollow = mission_map.points[mission_map.points["latest_count"].isna()].dropna(subset=["lat"])
    assert not hollow.empty
    assert set(marks.loc[marks["what"].isin(hollow["tooltip_title"]), "fill_opacity"]) == {40 / 255}


def test_glance_map_draws_every_place_even_past_altairs_row_limit(bundle):
    view = build_mission_map_view(bundle, ALL_YEARS)
    many = pd.DataFrame(
        {
            "lat": [i / 1000 for i in range(6000)],
            "lon": 20.0,
            "localities": "",
            "project_ids": [[] for _ in range(6000)],
            "tooltip_title": "Project place",
            "tooltip_body": "",
            "place": [f"{i / 1000!r},20.0" for i in range(6000)],
        }
    )
    spec = glance_map_spec(view.points, many, BASEMAP, "a map")
    assert len(_rows(spec, "places")) == 6000


def test_borders_picture_is_shared_by_every_filter_choice_and_the_shading_follows_the_filters(bundle):
    everything = build_mission_map_view(bundle, ALL_YEARS)
    one = build_mission_map_view(bundle, Filters(years=ALL_YEARS.years, missions=("MONUSCO",)))
    assert one.hosts != everything.hosts
    first, second = _rows(everything.spec_for(LAYER_NAMES), "land"), _rows(one.spec_for(LAYER_NAMES), "land")
    assert first["url"][0] == second["url"][0]
    assert first["url"][1] != second["url"][1]


def test_shipped_mission_map_borders_are_drawn_sharper_than_the_shading_for_zooming_in():
    view = build_mission_map_view(load_bundle(SHIPPED_DATA_DIR), ALL_YEARS)
    borders, shading, _lakes = (_picture(url) for url in _rows(view.spec_for(LAYER_NAMES), "land")["url"])
    assert borders.width == 2 * shading.width == 2048


def test_land_pictures_are_drawn_once_for_year_ranges_with_the_same_host_countries(bundle, monkeypatch):
    from PIL import ImageDraw

    import components.charts.basemap
    from components.data.once import MadeOnce

    drawn = []
    original = ImageDraw.Draw

    def counted(picture, *args, **kwargs):
        drawn.append(picture.size)
        return original(picture, *args, **kwargs)

    monkeypatch.setattr(ImageDraw, "Draw", counted)
    monkeypatch.setattr(components.charts.basemap, "_pictures", MadeOnce(max_entries=64))
    first = build_mission_map_view(bundle, Filters(years=(2015, 2024)))
    assert len(drawn) == 3, "the outlines, the host shading and the lakes"
    second = build_mission_map_view(bundle, Filters(years=(2016, 2024)))
    assert first.hosts == second.hosts
    assert len(drawn) == 3, "nothing drawn again for the same hosts"
    assert first.spec_for(["countries"]) == second.spec_for(["countries"])


# ---- close-ups that read true, and the deck ----------------------------------------------------------------------

# Points checked by hand on a map: inside Lake Kivu, and DRC land west of Sake.
LAKE_KIVU = (29.15, -2.0)
DRC_WEST_OF_SAKE = (28.6, -1.4)


def _is_water_coloured(rgba) -> bool:
    """Blue well above red: how water is drawn; a land tint must never look so."""
    return rgba[2] > rgba[0] + 40


def test_the_sake_close_up_shows_lake_kivu_and_no_water_coloured_land():
    bundle = load_bundle(SHIPPED_DATA_DIR)
    spec = project_places_map(bundle, "DRC-SAKE-2018")
    kivu = [f for f in shipped_lakes()["features"] if _covers(f, *LAKE_KIVU)]
    assert kivu and not _covers(kivu[0], 29.04339, -1.57386), "Sake itself is on land, by Lake Kivu"
    assert any(_covers(f, *LAKE_KIVU) for f in _rows(spec, LAKES_DATASET)["geometry"].map(lambda g: {"geometry": g}))
    shaded = [f for f in spec["datasets"][OUTLINES_DATASET] if f["shaded"]]
    assert [f["properties"]["iso3"] for f in shaded] == ["COD"]
    assert not _is_water_coloured(_hex_rgb(PLACES_HOST_FILL)) and _is_water_coloured(_hex_rgb(PLACES_LAKE_FILL))


def _hex_rgb(colour: str) -> list[int]:
    return [int(colour[i : i + 2], 16) for i in (1, 3, 5)]


def test_a_close_up_has_a_scale_bar_of_a_round_distance():
    bundle = load_bundle(SHIPPED_DATA_DIR)
    spec = project_places_map(bundle, "DRC-SAKE-2018")
    # Sake (29.04339, -1.57386) and Bujovu (29.22845, -1.67409) with 5 degrees on every side: 10.185 degrees wide;
    # at the bar's latitude (8 % up from -6.674, -5.866) a degree is 110.74 km, so 30 % of the width is 338 km
    # and the bar is the round 200 km below it.
    # The scale bar is the rule between two longitudes of one latitude (a label's leader line runs to the label).
    bars = [layer for layer in spec["layer"] if layer.get("encoding", {}).get("longitude2", {}).get("field") == "lon2"]
    assert len(bars) == 1
    assert list(_rows(spec, bars[0]["data"]["name"])["label"]) == ["200 km"]
    assert [nice_distance_km(km) for km in (87.0, 12.0, 0.3, 250.0)] == [50, 10, 0.2, 200]


def test_distances_between_a_projects_places_come_from_their_coordinates():
    # Sake -1.57386, 29.04339 and Goma -1.67409, 29.22845 (data/projects.yaml): 11.1 km apart north-south and
    # 20.6 km east-west at that latitude, so about 23 km, Goma to the east-south-east.
    bundle = load_bundle(SHIPPED_DATA_DIR)
    assert project_place_distances(bundle, "DRC-SAKE-2018") == (
        "Bujovu (quarter of Goma), about 23 km east-south-east of Sake, in a straight line."
    )
    one_place = pd.DataFrame({"locality": ["Bunia"], "lat": [1.56], "lon": [30.25]})
    assert place_distances(one_place) == ""


def test_the_deck_is_offline_with_literal_pixel_units_and_the_lakes_near_the_hosts(bundle):
    view = build_mission_map_view(load_bundle(SHIPPED_DATA_DIR), Filters(years=(2015, 2024)))
    spec = json.loads(view.deck_for(LAYER_NAMES).to_json())
    assert spec["mapStyle"] == "__MAP_STYLE__", "a missing style makes Streamlit fetch Carto's"
    missions = next(layer for layer in spec["layers"] if layer["id"] == "missions")
    assert missions["radiusUnits"] == "pixels" and missions["lineWidthUnits"] == "pixels"
    assert missions["getRadius"] == "@@=radius_px"
    layers = {layer["id"]: layer for layer in spec["layers"]}
    lakes = _geojson_at(layers["lakes"]["data"])["features"]
    assert any(_covers(f, *LAKE_KIVU) for f in lakes)
    assert len(lakes) < 60, "not the world's lakes"
    # Every country in the land's grey, with borders; the hosts drawn again over it in their tint.
    basemap = load_bundle(SHIPPED_DATA_DIR).basemap
    land = _geojson_at(layers["countries"]["data"])["features"]
    assert [f["geometry"] for f in land] == [f["geometry"] for f in basemap["features"]]
    assert layers["countries"]["getFillColor"] == COUNTRY_FILL and layers["countries"]["stroked"]
    hosts = _geojson_at(layers["hosts"]["data"])["features"]
    congo = next(f["geometry"] for f in basemap["features"] if f["properties"]["iso3"] == "COD")
    assert len(hosts) == len(view.hosts) and congo in [f["geometry"] for f in hosts]
    assert layers["hosts"]["getFillColor"] == HOST_FILL


def _geojson_at(url: str) -> dict:
    """The GeoJSON of the file the app serves at this address (same host: nothing is fetched from another)."""
    assert url.startswith("app/static/deck/") and "://" not in url
    return json.loads(served_path(url).read_text())


def test_the_decks_json_carries_addresses_not_outlines_or_marks():
    # Streamlit sends a changed deck whole and the browser parses it again (JSON5, in JavaScript): with the outlines
    # and lakes as data: addresses it was 288 kB at 1x, and 2.9 MB at 100x with the missions' rows.
    view = build_mission_map_view(load_bundle(SHIPPED_DATA_DIR), Filters(years=(2005, 2024)))
    text = view.deck_for(LAYER_NAMES, "MONUSCO").to_json()
    assert len(text) < 10_000
    layers = {layer["id"]: layer["data"] for layer in json.loads(text)["layers"]}
    missions = json.loads(served_path(layers["missions"]).read_text())
    assert sorted(m["acronym"] for m in missions) == sorted(view.points.dropna(subset=["lat", "lon"])["acronym"])
    monusco = next(m for m in missions if m["acronym"] == "MONUSCO")
    assert monusco["tooltip_title"].startswith("MONUSCO — ") and "Allegations in 2024" in monusco["tooltip_body"]
    assert [m["acronym"] for m in layers["chosen"]] == ["MONUSCO"], "the ring is the deck's own few rows"


def test_a_served_file_keeps_its_address_for_the_same_data_and_the_folder_keeps_the_latest(tmp_path, monkeypatch):
    monkeypatch.setattr(served, "SERVED_DIR", tmp_path)
    monkeypatch.setattr(served, "MAX_SERVED_FILES", 3)
    first = served.served_json({"a": [1, 2]})
    assert served.served_json({"a": [1, 2]}) == first and first.startswith("app/static/deck/")
    assert json.loads(served.served_path(first).read_text()) == {"a": [1, 2]}
    others = [served.served_json({"a": [n]}) for n in range(3)]
    assert served.served_json({"a": [9]}) not in [first, *others]
    assert not served.served_path(first).exists() and not served.served_path(others[0]).exists(), "oldest gone"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        served.served_path(a).name for a in [*others[1:], served.served_json({"a": [9]})]
    ), "nothing half-written left beside them"


def test_a_years_change_leaves_the_decks_outline_layers_as_they_were(bundle):
    # deck.gl rebuilds a layer's triangles when its data changes: inline GeoJSON is new objects on every change of
    # the deck, a served file's address the same string. 2015-2023 has the same host countries as 2015-2024 (29),
    # 2016-2024 three fewer.
    shipped = load_bundle(SHIPPED_DATA_DIR)
    decks = {
        years: {
            layer["id"]: layer
            for layer in json.loads(
                build_mission_map_view(shipped, Filters(years=years)).deck_for(LAYER_NAMES).to_json()
            )["layers"]
        }
        for years in ((2015, 2024), (2015, 2023), (2016, 2024))
    }
    first, same_hosts, fewer_hosts = decks.values()
    assert first["missions"] != same_hosts["missions"], "the figures changed"
    for layer_id in ("countries", "hosts", "lakes"):
        assert first[layer_id] == same_hosts[layer_id], layer_id
    assert first["countries"] == fewer_hosts["countries"]
    assert first["hosts"]["data"] != fewer_hosts["hosts"]["data"]


def test_the_outline_addresses_are_made_once_per_process(bundle):
    shipped = load_bundle(SHIPPED_DATA_DIR)
    first = build_mission_map_view(shipped, Filters(years=(2015, 2024))).layers
    second = build_mission_map_view(shipped, Filters(years=(2015, 2023))).layers
    assert first.deck_land is second.deck_land and first.deck_hosts is second.deck_hosts
    assert first.deck_lakes is second.deck_lakes


def test_the_chosen_mission_is_ringed_on_the_deck(bundle):
    view = build_mission_map_view(bundle, ALL_YEARS)
    ids = [layer.id for layer in view.deck_for(LAYER_NAMES, "MONUSCO").layers]
    assert ids == ["countries", "hosts", "lakes", "missions", "chosen", "places", "mission-labels", "place-labels"]
    assert [layer.id for layer in view.deck_for(["missions"]).layers] == ["missions", "mission-labels"]
    assert view.deck_for([]) is None


def _covers(feature: dict, lon: float, lat: float) -> bool:
    inside = False
    for polygon in feature["geometry"]["coordinates"]:
        ring = polygon[0]
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
            if (y1 > lat) != (y2 > lat) and lon < (x2 - x1) * (lat - y1) / (y2 - y1) + x1:
                inside = not inside
    return inside


def test_a_close_up_with_its_scale_bar_renders(monkeypatch):
    """Vega-Lite itself draws the spec (vl-convert, no browser): a layer it cannot read fails the whole map."""
    import vl_convert

    import components.charts.maps

    monkeypatch.setattr(components.charts.maps, "streamlit_ready", lambda spec: spec)
    bundle = load_bundle(SHIPPED_DATA_DIR)
    spec = {**project_places_map(bundle, "DRC-SAKE-2018"), "width": 260}
    svg = vl_convert.vegalite_to_svg(spec)
    assert "200 km" in svg and "Sake" in svg


# The Mission map's width in Chromium with the page this wide (measured): a phone; a laptop page beside the open
# sidebar, where the map takes two thirds of the rest; a wide laptop page.
MAP_WIDTH_PX_BY_PAGE = {390: 358, 1024: 368, 1400: 619}
# Headquarters and places (lon, lat) from data/missions.csv and data/projects.yaml.
KINSHASA = (15.3222, -4.325)
SAKE = (29.04339, -1.57386)
BUNIA = (30.25224, 1.55941)
KALEMIE = (29.19471, -5.94749)
BOGOTA = (-74.07, 4.71)
PORT_AU_PRINCE = (-72.3333, 18.5333)
DILI = (125.567, -8.5667)
ISLAMABAD = (73.05, 33.69)


def _deck_point_px(view: dict, lon: float, lat: float, width_px: int) -> tuple[float, float]:
    """Where (lon, lat) lands on a deck `width_px` by MAP_HEIGHT_PX in `view` (Web Mercator, 512 px for the world at
    zoom 0, the view's centre in the map's middle), written out here rather than taken from the app."""

    def mercator(lon: float, lat: float) -> tuple[float, float]:
        return (lon + 180) / 360, 0.5 - math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) / (2 * math.pi)

    world = 512 * 2 ** view["zoom"]
    (x, y), (cx, cy) = mercator(lon, lat), mercator(view["longitude"], view["latitude"])
    return width_px / 2 + (x - cx) * world, MAP_HEIGHT_PX / 2 + (y - cy) * world


def _inside(point: tuple[float, float], width_px: int, room_px: float = 0) -> bool:
    x, y = point
    return room_px <= x <= width_px - room_px and room_px <= y <= MAP_HEIGHT_PX - room_px


@pytest.mark.parametrize(
    ("filters", "far_points"),
    [
        (Filters(years=(2005, 2024)), [BOGOTA, PORT_AU_PRINCE, DILI, ISLAMABAD, KINSHASA, SAKE]),
        (Filters(years=(2015, 2024)), [BOGOTA, PORT_AU_PRINCE, DILI, ISLAMABAD, KINSHASA, SAKE]),
        # Without Timor-Leste the missions reach from Bogota to Islamabad: the frame's middle is in the Gulf of Guinea.
        (Filters(years=(2020, 2024)), [BOGOTA, PORT_AU_PRINCE, ISLAMABAD, KINSHASA, SAKE]),
        (Filters(years=(2015, 2024), missions=("MONUSCO",)), [KINSHASA, SAKE, BUNIA, KALEMIE]),
    ],
)
def test_the_decks_first_view_shows_every_mark_on_a_phone_and_on_laptops(filters, far_points):
    """The deck's first view is one centre and zoom for every screen (Streamlit sends no width): on a 390 px phone
    a laptop's zoom showed the middle of the frame only (a MONUSCO map showed neither Kinshasa nor the Kivus)."""
    deck = json.loads(build_mission_map_view(load_bundle(SHIPPED_DATA_DIR), filters).deck_for(LAYER_NAMES).to_json())
    view = deck["initialViewState"]
    layers = {layer["id"]: layer for layer in deck["layers"]}
    missions = json.loads(served_path(layers["missions"]["data"]).read_text())
    places = json.loads(served_path(layers["places"]["data"]).read_text())
    assert len(missions) >= len([p for p in far_points if p not in (SAKE, BUNIA, KALEMIE)])
    # deck.gl shows no sky beyond the world's top and bottom edges: a view given beyond them is drawn elsewhere.
    world = 512 * 2 ** view["zoom"]
    middle_y = (0.5 - math.log(math.tan(math.pi / 4 + math.radians(view["latitude"]) / 2)) / (2 * math.pi)) * world
    assert middle_y + 0.5 >= MAP_HEIGHT_PX / 2 and middle_y - 0.5 <= world - MAP_HEIGHT_PX / 2
    for page_px, width_px in MAP_WIDTH_PX_BY_PAGE.items():
        for lon, lat in far_points:
            assert _inside(_deck_point_px(view, lon, lat, width_px), width_px), (page_px, lon, lat)
        # Every mission's point whole, the largest included, and every place's.
        for row in missions:
            point = _deck_point_px(view, row["lon"], row["lat"], width_px)
            assert _inside(point, width_px, row["radius_px"]), (page_px, row["acronym"])
        for row in places:
            point = _deck_point_px(view, row["lon"], row["lat"], width_px)
            assert _inside(point, width_px, PLACE_RADIUS_PX), (page_px, row["label"])


def test_a_decks_first_view_centres_on_its_marks_and_keeps_one_view_state_for_every_deck():
    view = build_mission_map_view(load_bundle(SHIPPED_DATA_DIR), Filters(years=(2015, 2024), missions=("MONUSCO",)))
    first = json.loads(view.deck_for(LAYER_NAMES).to_json())["initialViewState"]
    # Halfway between Kinshasa (15.3222) and Bunia (30.25224), the westmost and eastmost marks.
    assert first["longitude"] == pytest.approx((15.3222 + 30.25224) / 2)
    # And between Kalemie (-5.94749) and Bunia (1.55941), the southmost and northmost (near the equator, where
    # Mercator's rows are nearly evenly spaced in latitude).
    assert first["latitude"] == pytest.approx((-5.94749 + 1.55941) / 2, abs=0.01)
    # Every deck of the view (another layer choice, a chosen mission) starts from the same view state, so a click
    # that rings a mission does not move the map.
    ringed = view.layers.deck(("missions",), "MONUSCO")
    assert ringed.initial_view_state is view.layers.deck(tuple(LAYER_NAMES), None).initial_view_state


def test_a_filtered_deck_names_its_missions_and_places_and_stops_zooming_where_the_outlines_stop():
    bundle = load_bundle(SHIPPED_DATA_DIR)
    deck = json.loads(
        build_mission_map_view(bundle, Filters(years=(2015, 2024), missions=("MONUSCO",)))
        .deck_for(LAYER_NAMES)
        .to_json()
    )
    view = deck["initialViewState"]
    # The 1:110m outlines turn to steps past zoom 6.
    assert view["maxZoom"] == 6 and view["minZoom"] == 0 and view["zoom"] <= 6
    labels = {layer["id"]: layer for layer in deck["layers"] if layer["@@type"] == "TextLayer"}
    assert [row["acronym"] for row in labels["mission-labels"]["data"]] == ["MONUSCO"]
    # data/projects.yaml: MONUSCO's confirmed projects' places with coordinates, the shortest name of each point.
    assert sorted(row["label"] for row in labels["place-labels"]["data"]) == [
        "Beni",
        "Bukavu",
        "Bunia",
        "Goma",
        "Kalemie",
        "Sake",
        "Uvira",
    ]


def test_the_whole_worlds_deck_leaves_names_to_the_tooltips():
    bundle = load_bundle(SHIPPED_DATA_DIR)
    deck = json.loads(build_mission_map_view(bundle, Filters(years=(2015, 2024))).deck_for(LAYER_NAMES).to_json())
    assert "mission-labels" not in {layer["id"] for layer in deck["layers"]}, "30-odd names would overprint"


# ---- in French (issue 20): the expected words are written by hand ---------------------------------------------------

NBSP = "\u00a0"


def test_a_french_viewer_reads_the_missions_tooltips_in_french(bundle):
    view = build_mission_map_view(bundle, ALL_YEARS, FRENCH)
    points = view.points.set_index("acronym")
    assert points.loc["MONUSCO", "tooltip_body"] == (
        f"Opération de maintien de la paix · siège{NBSP}: Kinshasa\n"
        f"Allégations en 2019, sa dernière année avec un chiffre attesté par une source sur 2015–2024{NBSP}: 30\n"
        f"1 sur 10 années de la période 2015–2024 a un chiffre attesté par une source{NBSP}; les autres sont "
        "inconnues\nCliquez pour voir ses chiffres à côté de la carte."
    )
    assert points.loc["MINUSCA", "tooltip_body"].splitlines()[1] == (
        f"Allégations 2015–2024{NBSP}: inconnu — aucun chiffre attesté par une source pour ces années"
    )
    # The deck's tooltips are the same French words; the English ones are gone.
    layers = {layer["id"]: layer["data"] for layer in json.loads(view.deck_for(LAYER_NAMES).to_json())["layers"]}
    missions = served_path(layers["missions"]).read_text()
    assert "Cliquez pour voir ses chiffres" in missions and "Click to see" not in missions
    place = _rows(view.spec_for(LAYER_NAMES), "places").iloc[0]
    assert place["what"] == f"Lieu de projet{NBSP}: Sake"
    assert place["details"] == f"Test project in Sake (mission{NBSP}: MONUSCO)"
    tooltip = next(layer["encoding"]["tooltip"] for layer in view.spec_for(LAYER_NAMES)["layer"][1:])
    assert [field["title"] for field in tooltip] == ["Lieu", "Détails"]


def test_a_french_mission_table_summary_and_legend(bundle):
    view = build_mission_map_view(bundle, ALL_YEARS, FRENCH)
    table = view.table.set_index("Mission")
    assert table.loc["MONUSCO"].to_dict() == {
        "Allégations, dernière année attestée": "30",
        "Année": "2019",
        "Note": "",
        "Années avec un chiffre attesté": "1 sur 10",
        "Projets": 1,
        "Type": "Opération de maintien de la paix",
        "Pays hôtes": "République démocratique du Congo",
        "Siège": "Kinshasa",
        "Nom": "Test mission in DR Congo",
    }
    assert table.loc["MINUSCA", "Allégations, dernière année attestée"] == "inconnu"
    assert view.summary == (
        "2 missions affichées, dont 1 avec un nombre d'allégations attesté par une source pour les années choisies"
        f"{NBSP}; 1 lieu de projet. Taille d'une mission{NBSP}: son nombre d'allégations de la dernière des années "
        "choisies pour laquelle une source donne un chiffre."
    )
    assert view.legend.startswith(
        "Les points sont les sièges des missions, colorés par type (opération de maintien de la paix en bleu)"
        f"{NBSP}; la surface d'un point croît avec le nombre d'allégations de la dernière année attestée par une "
        "source sur 2015–2024."
    )
    assert "inconnu, et non zéro" in view.legend


def test_a_french_mission_detail(bundle):
    detail = mission_detail(bundle, Filters(years=(2018, 2020)), "MONUSCO", FRENCH)
    assert detail.allegations_total == (
        f"30 en 2019, dernière année avec un chiffre attesté par une source sur 2018–2020{NBSP}; 1 sur 3 années a un "
        "chiffre attesté par une source, les autres sont inconnues. Les chiffres d'années différentes ne sont pas "
        "additionnés."
    )
    rows = detail.allegations.set_index("Année")
    assert rows.loc[2019, "Allégations"] == "30" and rows.loc[2018, "Allégations"] == "inconnu"
    assert rows.loc[2019, "Période"] == "année civile"
    assert list(detail.personnel["Personnel en tenue (moyenne annuelle)"]) == ["16\u202f000"]
    assert detail.facts == (
        f"Opération de maintien de la paix{NBSP}: République démocratique du Congo\nSiège{NBSP}: Kinshasa\n"
        f"Début{NBSP}: 2010-07-01{NBSP}; fin{NBSP}: pas de date de fin dans les données"
    )
    assert detail.projects_note == "1 projet du Fonds rattaché à la mission MONUSCO correspond aux filtres."


def test_french_close_up_and_glance_maps():
    bundle = load_bundle(SHIPPED_DATA_DIR)
    assert project_place_distances(bundle, "DRC-SAKE-2018", FRENCH) == (
        # Bujovu's French wording from data/projects.yaml (locality_fr).
        "Bujovu (quartier de Goma), à environ 23 km à l'est-sud-est de Sake, à vol d'oiseau."
    )
    close_up = project_places_map(bundle, "DRC-SAKE-2018", FRENCH)
    assert title_words(close_up["title"]) == "Où le projet intervient"
    assert close_up["description"].startswith(f"Carte de 2 lieux de projet avec coordonnées{NBSP}: Sake; Bujovu")
    view = build_mission_map_view(bundle, Filters(years=(2015, 2024)), FRENCH)
    # Mission names in French are data: MONUSCO's official French name, from data/missions.csv (name_fr).
    monusco = "Mission de l'Organisation des Nations Unies pour la stabilisation en République démocratique du Congo"
    assert view.points.set_index("acronym").loc["MONUSCO", "tooltip_title"] == f"MONUSCO — {monusco}"
    assert view.table.set_index("Mission").loc["MONUSCO", "Nom"] == monusco
    assert mission_detail(bundle, Filters(years=(2015, 2024)), "MONUSCO", FRENCH).name == monusco
    glance = build_mission_glance(bundle, Filters(years=(2015, 2024)), "", FRENCH).spec
    missions = _rows(glance, "missions")
    assert not any("Cliquez" in text for text in missions["details"]), "nothing to click on the glance map"
    assert missions["details"].str.contains("siège").all()


def test_the_detail_names_each_period_as_the_schema_does_in_english_and_in_french():
    assert {code: ENGLISH._(words) for code, words in PERIOD_WORDS.items()} == PERIOD_LABELS
    assert [FRENCH._(words) for words in PERIOD_WORDS.values()] == ["année civile", "janvier–juin", "juillet–décembre"]


def test_spread_keeps_labels_a_gap_apart_and_centred_where_they_wanted_to_be():
    assert spread([0.0, 100.0], 14) == [0.0, 100.0]
    # Three labels wanting one place: stacked 14 px apart around it.
    assert spread([50.0, 50.0, 50.0], 14) == [36.0, 50.0, 64.0]


def test_labels_that_would_overprint_form_a_column_at_the_outermost_point():
    # Goma and Bukavu, 5 px apart on a small map: both labels move to the right of the eastern point, one above the
    # other; a label far away stays on its point.
    xs, ys = declutter([100.0, 104.0, 300.0], [50.0, 55.0, 50.0], [40.0, 50.0, 40.0], 14, ["right"] * 3)
    assert xs == [104.0, 104.0, 300.0]
    assert ys[1] - ys[0] >= 14 and ys[2] == 50.0


def test_thinned_outlines_keep_each_shape_to_a_pixel_of_the_finest_drawing_and_drop_smaller_ones():
    frame = (0.0, 0.0, 32.0, 10.0)  # 32 degrees over 3,200 px: a pixel is 0.01 degree
    square = [[0.0, 0.0], [0.001, 0.002], [5.0, 0.0], [5.0, 5.0], [0.0, 5.0], [0.0, 0.0]]
    speck = [[1.0, 1.0], [1.002, 1.0], [1.002, 1.003], [1.0, 1.0]]
    features = [
        {"type": "Feature", "properties": {"name": "land"}, "geometry": {"type": "Polygon", "coordinates": [square]}},
        {"type": "Feature", "properties": {"name": "pond"}, "geometry": {"type": "Polygon", "coordinates": [speck]}},
    ]
    kept = thinned(features, frame)
    assert [f["properties"]["name"] for f in kept] == ["land"]
    # The corner 0.002 degrees from the first falls on the same pixel and goes; the others stay where they were.
    assert kept[0]["geometry"]["coordinates"] == [[[0.0, 0.0], [5.0, 0.0], [5.0, 5.0], [0.0, 5.0], [0.0, 0.0]]]


def test_the_decks_json_is_pydecks_own_without_its_indent(bundle):
    layers = build_mission_map_view(load_bundle(SHIPPED_DATA_DIR), Filters(years=(2015, 2024))).layers
    text = layers.deck(tuple(LAYER_NAMES), "MONUSCO").to_json()
    assert json.loads(text) == json.loads(pydeck.Deck.to_json(layers.deck(tuple(LAYER_NAMES), "MONUSCO")))
    assert text == json.dumps(json.loads(text), sort_keys=True, separators=(",", ":")), "no indent, no spaces"


def test_a_deck_drawn_again_writes_back_a_served_file_that_was_removed(tmp_path, monkeypatch):
    # The folder keeps only the latest files; a view kept in the cache must not point at one that has gone.
    monkeypatch.setattr(served, "SERVED_DIR", tmp_path)
    view = build_mission_map_view(load_bundle(SHIPPED_DATA_DIR), Filters(years=(2016, 2024), missions=("MONUSCO",)))
    layers = {layer["id"]: layer["data"] for layer in json.loads(view.deck_for(LAYER_NAMES).to_json())["layers"]}
    for layer_id in ("countries", "hosts", "lakes", "missions", "places"):
        path = served_path(layers[layer_id])
        written = path.read_text()
        path.unlink()
        view.deck_for(LAYER_NAMES)
        assert path.read_text() == written, layer_id


def _deck_label_boxes(deck: dict) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Each deck label's box in pixels at the first view's zoom: Web Mercator, 512 px for the world at zoom 0, the
    label beside its point by its offset, a letter taken as 0.55 of the type size wide."""
    world = 512 * 2 ** deck["initialViewState"]["zoom"]
    boxes = []
    for layer in deck["layers"]:
        if layer["@@type"] != "TextLayer":
            continue
        size = layer["getSize"]
        for row in layer["data"]:
            text = row.get("acronym") or row["label"]
            x = (row["lon"] + 180) / 360 * world + row["offset"][0]
            y = -math.log(math.tan(math.pi / 4 + math.radians(row["lat"]) / 2)) / (2 * math.pi) * world
            width = len(text) * 0.55 * size
            left = x if row["anchor"] == "start" else x - width
            boxes.append((text, (left, y - size / 2, left + width, y + size / 2)))
    return boxes


def test_the_deck_labels_of_a_filtered_mission_map_do_not_overprint_at_the_first_view():
    """Goma and Sake (20 km apart, data/projects.yaml) overprinted at the first view, on a phone as on a laptop
    (a deck's first zoom is the same at any width): Goma's name now goes west of its point."""
    bundle = load_bundle(SHIPPED_DATA_DIR)
    deck = json.loads(
        build_mission_map_view(bundle, Filters(years=(2015, 2024), missions=("MONUSCO",)))
        .deck_for(LAYER_NAMES)
        .to_json()
    )
    boxes = _deck_label_boxes(deck)
    assert sorted(name for name, _box in boxes) == [
        "Beni",
        "Bukavu",
        "Bunia",
        "Goma",
        "Kalemie",
        "MONUSCO",
        "Sake",
        "Uvira",
    ]
    overprinting = [
        (a, b)
        for i, (a, p) in enumerate(boxes)
        for b, q in boxes[i + 1 :]
        if p[0] < q[2] and q[0] < p[2] and p[1] < q[3] and q[1] < p[3]
    ]
    assert overprinting == []
    # On a phone's map (358 px wide, centred on the view) every name is whole: "Bunia" and "Kalemie", east of
    # their points, ran off its eastern edge.
    view = deck["initialViewState"]
    middle = (view["longitude"] + 180) / 360 * 512 * 2 ** view["zoom"]
    cut = [name for name, box in boxes if box[0] < middle - 358 / 2 or box[2] > middle + 358 / 2]
    assert cut == []


def _briefing_map(lang=ENGLISH) -> dict:
    from components.briefing.screens import build_briefing

    screens = build_briefing(load_bundle(SHIPPED_DATA_DIR), Filters(years=(2016, 2024)), lang=lang).screens
    return next(s for s in screens if s.slug == "projects-map").spec


def _layer_rows(spec: dict, mark: str, has: str) -> pd.DataFrame:
    """The rows of the spec's `mark` layers whose rows have the column `has`."""
    frames = [
        _rows(spec, layer["data"]["name"])
        for layer in spec["layer"]
        if layer["mark"]["type"] == mark and "name" in layer.get("data", {})
    ]
    return pd.concat([frame for frame in frames if has in frame.columns], ignore_index=True)


# data/projects.yaml: the countries with a confirmed project but no place with coordinates.
UNPLACED = {"Central African Republic": "CAF", "Haiti": "HTI", "Liberia": "LBR", "South Sudan": "SSD"}


def test_a_country_name_set_away_from_its_country_is_tied_to_it_by_a_line():
    """At 390 px Liberia's name ("no place known") was lifted about 100 px north of Liberia with no line to it. In
    every band of widths, a country's name is next to its country, or a thin line leads from the country to it."""
    spec = _briefing_map()
    frame = (*_fit(spec)[0], *_fit(spec)[1])
    centres = {
        name: ((w + e) / 2, (s + n) / 2)
        for name, (w, s, e, n) in country_boxes(load_bundle(SHIPPED_DATA_DIR).basemap, UNPLACED.values()).items()
    }
    names = _layer_rows(spec, "text", "band_from")
    names = names[names["label"].str.contains("\n") & ~names["label"].str.startswith("Not named")]
    leaders = _layer_rows(spec, "rule", "lon2")
    notes = _layer_rows(spec, "text", "band_to")
    notes = notes[notes["label"].str.startswith("Not named")]
    led = 0
    for band_from, band in names.groupby("band_from"):
        note = notes.loc[notes["band_from"] == band_from, "label"]
        room = note_room_px(note.iloc[0].count("\n") + 1) if len(note) else 0
        grid = LabelGrid(frame, (round(band_from or NARROWEST_LAYOUT_PX), round(MAP_SCREEN_LAYOUT_PX[1] - room)))
        for row in band.itertuples():
            lon, lat = centres[UNPLACED[row.label.split("\n")[0]]]
            box = country_label_box(grid.x(row.lon), grid.y(row.lat), row.label)
            if leader_end((grid.x(lon), grid.y(lat)), box) is None:
                continue
            led += 1
            lines = leaders[(leaders["band_from"] == band_from) & (leaders["lon"] == lon) & (leaders["lat"] == lat)]
            assert len(lines) == 1, (band_from, row.label)
            end_x, end_y = grid.x(lines["lon2"].iloc[0]), grid.y(lines["lat2"].iloc[0])
            # The line ends at the name, just short of it.
            assert box[0] - 3 <= end_x <= box[2] + 3 and box[1] - 3 <= end_y <= box[3] + 3, (band_from, row.label)
    assert led, "some names are lifted clear of the eastern DRC's labels"


def test_the_map_is_drawn_above_the_note_and_cut_there():
    """The note of the names left off is written in the room the map leaves under it, never over land or sea."""
    spec = _briefing_map()
    projection = spec["projection"]
    assert projection["size"] == {"expr": f"[width, max(1, height - {NOTE_ROOM_PARAM})]"}
    assert projection["clipExtent"] == {"expr": f"[[0, 0], [width, max(1, height - {NOTE_ROOM_PARAM})]]"}
    note = next(layer for layer in spec["layer"] if layer["mark"].get("baseline") == "top")
    assert note["mark"]["y"]["expr"].startswith(f"height - {NOTE_ROOM_PARAM} + ")
    assert "longitude" not in note["encoding"], "placed under the map, not on it"
    room = next(param["expr"] for param in spec["params"] if param["name"] == NOTE_ROOM_PARAM)
    # The phone's band (a 390 px phone draws the map 179 px wide at the spec's type) keeps room for its note.
    assert f"? {note_room_px(4)}" in room or f"? {note_room_px(5)}" in room


# The 48 missions of data/missions.csv, every one with a point.
SHIPPED_MISSIONS = [
    "BINUB",
    "BINUCA",
    "BINUH",
    "BNUB",
    "BONUCA",
    "MENUB",
    "MINUJUSTH",
    "MINURCAT",
    "MINURSO",
    "MINUSCA",
    "MINUSMA",
    "MINUSTAH",
    "MONUC",
    "MONUSCO",
    "UNAMA",
    "UNAMI",
    "UNAMID",
    "UNDOF",
    "UNFICYP",
    "UNIFIL",
    "UNIOGBIS",
    "UNIPSIL",
    "UNISFA",
    "UNITAMS",
    "UNMC",
    "UNMEE",
    "UNMHA",
    "UNMIK",
    "UNMIL",
    "UNMIN",
    "UNMIS",
    "UNMISS",
    "UNMIT",
    "UNMOGIP",
    "UNOCI",
    "UNOGBIS",
    "UNOMIG",
    "UNOWA",
    "UNOWAS",
    "UNPOS",
    "UNSMIL",
    "UNSMIS",
    "UNSOA",
    "UNSOM",
    "UNSOS",
    "UNTMIS",
    "UNTSO",
    "UNVMC",
]


def test_shipped_glance_map_draws_every_mission_and_needs_no_note():
    bundle = load_bundle(SHIPPED_DATA_DIR)
    glance = build_mission_glance(bundle, Filters(years=(2005, 2024)), "a map")
    assert sorted(_rows(glance.spec, "missions")["acronym"]) == SHIPPED_MISSIONS
    assert glance.note == ""


def _ranked(n: int) -> pd.DataFrame:
    """`n` missions ranked as the map ranks them (largest count first), every third without a point."""
    return pd.DataFrame(
        {
            "acronym": [f"M{i:04d}" for i in range(n)],
            "latest_count": [float(n - i) for i in range(n)],
            "lat": [None if i % 3 == 2 else 1.0 for i in range(n)],
            "lon": 20.0,
        }
    )


def test_a_glance_draws_at_most_the_hundred_largest_missions_with_a_point_and_says_how_many_more():
    points = _ranked(300)  # 200 with a point
    drawn = glance_missions(points)
    assert len(drawn) == 100
    assert list(drawn["acronym"][:4]) == ["M0000", "M0001", "M0003", "M0004"]
    assert drawn["acronym"].iloc[-1] == "M0148"
    assert (
        glance_note(points, drawn)
        == "This map draws the 100 largest missions by that size; 100 more are on the Mission map."
    )
    assert glance_note(points, drawn, FRENCH) == (
        "Cette carte montre les 100 missions les plus grandes selon cette taille\u202f; 100 autres figurent sur la "
        "carte des missions."
    )
    one_more = _ranked(151)  # 101 with a point
    assert glance_note(one_more, glance_missions(one_more)) == (
        "This map draws the 100 largest missions by that size; 1 more is on the Mission map."
    )
    few = _ranked(150)  # 100 with a point: all drawn
    assert len(glance_missions(few)) == 100 and glance_note(few, glance_missions(few)) == ""
