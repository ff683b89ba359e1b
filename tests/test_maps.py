"""The mission map's pure figures and decks, one behaviour per test, on the tiny fictitious data folder."""

from __future__ import annotations

import base64
import io
import json
import math
from pathlib import Path

import pandas as pd
import pydeck as pdk
import pytest
import streamlit
from PIL import Image
from streamlit import dataframe_util

from components.data import SHIPPED_DATA_DIR, load_bundle
from components.filters import Filters
from components.maps import (
    COUNTRY_FILL,
    GLANCE_MAP_HEIGHT_PX,
    HOST_FILL,
    LAYER_NAMES,
    MAP_HEIGHT_PX,
    MAP_WIDTH_PX,
    NO_BASEMAP_STYLE,
    OUTLINE,
    UNKNOWN_RADIUS_PX,
    build_mission_map_view,
    mission_detail,
    mission_points,
    places_deck,
    sum_qualifier,
)
from tests.tiny_data import BASEMAP, tiny_tables, write_data

ALL_YEARS = Filters(years=(2015, 2024))
MAP_SIZE_PX = (MAP_WIDTH_PX, MAP_HEIGHT_PX)


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


def _spec(deck: pdk.Deck) -> dict:
    return json.loads(deck.to_json())


def _layer(spec: dict, layer_id: str) -> dict:
    return next(layer for layer in spec["layers"] if layer["id"] == layer_id)


def _picture(layer: dict) -> Image.Image:
    header, encoded = layer["image"].split(",", 1)
    assert header == "data:image/png;base64"
    return Image.open(io.BytesIO(base64.b64decode(encoded))).convert("RGBA")


def _colour_at(layer: dict, lon: float, lat: float) -> list[int]:
    """The picture's colour where deck.gl draws (lon, lat): it stretches the picture over `bounds` in Web Mercator."""
    west, south, east, north = layer["bounds"]
    picture = _picture(layer)

    def y(la: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(la) / 2))

    column = (lon - west) / (east - west) * picture.width
    row = (y(north) - y(lat)) / (y(north) - y(south)) * picture.height
    return list(picture.getpixel((int(column), int(row))))


def test_deck_asks_for_no_base_map_tiles(bundle):
    spec = _spec(build_mission_map_view(bundle, ALL_YEARS).deck_for(LAYER_NAMES))
    text = json.dumps(spec)
    assert spec["mapStyle"] == NO_BASEMAP_STYLE
    assert "mapProvider" not in spec
    assert not any("Tile" in layer["@@type"] or "MVT" in layer["@@type"] for layer in spec["layers"])
    assert "cartocdn" not in text and "mapbox" not in text and "://" not in text


def test_streamlit_frontend_still_drops_the_placeholder_style():
    """Streamlit 1.67 draws no base map only for this exact style; None would fetch Carto's. An upgrade that
    changes this must fail here before the map starts fetching tiles."""
    bundles = (Path(streamlit.__file__).parent / "static").rglob("DeckGlJsonChart*.js")
    assert any(f"`{NO_BASEMAP_STYLE}`" in path.read_text(encoding="utf-8") for path in bundles)


def test_country_outlines_are_drawn_first_under_the_points(bundle):
    view = build_mission_map_view(bundle, ALL_YEARS)
    assert [layer["id"] for layer in _spec(view.deck_for(LAYER_NAMES))["layers"]] == [
        "countries",
        "hosts",
        "missions",
        "projects",
    ]
    # The order of the page's choice does not matter: outlines stay below.
    assert [layer["id"] for layer in _spec(view.deck_for(["projects", "countries"]))["layers"]] == [
        "countries",
        "hosts",
        "projects",
    ]


def test_deck_json_is_compact_and_holds_what_pydeck_would_send(bundle):
    deck = build_mission_map_view(bundle, ALL_YEARS).deck_for(LAYER_NAMES)
    expected = json.loads(pdk.Deck.to_json(deck))
    compact = deck.to_json()
    assert "\n  " not in compact
    assert json.loads(compact) == expected


def test_mission_filter_keeps_only_that_mission(bundle):
    view = build_mission_map_view(bundle, Filters(years=(2015, 2024), missions=("MONUSCO",)))
    assert list(view.table["Mission"]) == ["MONUSCO"]
    assert [row["acronym"] for row in _layer(_spec(view.deck_for(LAYER_NAMES)), "missions")["data"]] == ["MONUSCO"]


def test_mission_with_unknown_count_is_a_ring_of_fixed_size_saying_not_known(bundle):
    points = mission_points(bundle, ALL_YEARS).set_index("acronym")
    minusca = points.loc["MINUSCA"]
    assert pd.isna(minusca["allegations"])
    assert minusca["radius_px"] == UNKNOWN_RADIUS_PX > 0
    assert minusca["colour"][3] < 100, "the fill is faint: a ring, not a point sized as zero"
    assert "not known" in minusca["tooltip_body"] and "no sourced count in these years" in minusca["tooltip_body"]
    assert points.loc["MONUSCO", "radius_px"] > UNKNOWN_RADIUS_PX


def test_known_count_tooltip_says_what_the_point_is(bundle):
    monusco = mission_points(bundle, ALL_YEARS).set_index("acronym").loc["MONUSCO"]
    assert monusco["tooltip_title"] == "MONUSCO — Test mission in DR Congo"
    assert monusco["tooltip_body"].startswith("Peacekeeping operation · HQ Kinshasa\nAllegations 2015–2024: 30 ")
    assert "1 year of 10 with a sourced count" in monusco["tooltip_body"]


def test_sources_of_the_same_mission_year_are_never_added(tmp_path):
    def edit(tables):
        tables["allegations"] += [
            _allegation("MONUSCO", 2019, "30", "un-doc-2020"),  # same fact, a second source
            _allegation("MONUSCO", 2020, "10", "press-2021"),
        ]

    points = mission_points(_bundle(tmp_path, edit), ALL_YEARS).set_index("acronym")
    assert points.loc["MONUSCO", "allegations"] == 40
    assert points.loc["MONUSCO", "allegations_text"] == "40 in the 2 year(s) with a sourced count"


def test_conflicting_sources_give_the_preferred_value_not_both(tmp_path):
    def edit(tables):
        tables["allegations"].append(_allegation("MONUSCO", 2019, "31", "un-doc-2020"))

    points = mission_points(_bundle(tmp_path, edit), ALL_YEARS).set_index("acronym")
    assert points.loc["MONUSCO", "allegations"] == 31  # the UN document over the press report, never 61


def test_a_qualified_yearly_count_keeps_its_qualifier_in_the_sum(tmp_path):
    def edit(tables):
        tables["allegations"][2]["qualifier"] = "over"
        tables["allegations"].append(_allegation("MONUSCO", 2020, "10", "press-2021"))

    points = mission_points(_bundle(tmp_path, edit), ALL_YEARS).set_index("acronym")
    assert points.loc["MONUSCO", "allegations_display"] == "over 40"


def test_a_sum_inherits_the_qualifier_of_its_parts_or_none_when_they_disagree():
    assert sum_qualifier(["exact", "at_least"]) == "at_least"
    assert sum_qualifier(["over", "at_least"]) == "over"  # a > x and b >= y: a + b > x + y
    assert sum_qualifier(["exact", "close_to"]) == "about"
    assert sum_qualifier(["over", "under"]) is None


def test_only_years_in_the_range_are_counted(bundle):
    points = mission_points(bundle, Filters(years=(2020, 2024))).set_index("acronym")
    assert pd.isna(points.loc["MONUSCO", "allegations"])


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
    assert [row["acronym"] for row in _layer(_spec(view.deck_for(LAYER_NAMES)), "missions")["data"]] == ["MONUSCO"]
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
    localities = [p["localities"] for p in _layer(_spec(hidden.deck_for(LAYER_NAMES)), "projects")["data"]]
    assert localities == ["Sake"]
    localities = [p["localities"] for p in _layer(_spec(shown.deck_for(LAYER_NAMES)), "projects")["data"]]
    assert localities == ["Sake", "Bunia"]


def test_project_place_tooltip_names_title_locality_and_mission(bundle):
    place = _layer(_spec(build_mission_map_view(bundle, ALL_YEARS).deck_for(LAYER_NAMES)), "projects")["data"][0]
    assert place["tooltip_title"] == "Project place: Sake"
    assert place["tooltip_body"] == "Test project in Sake (mission: MONUSCO)"


def test_tooltips_are_plain_text_never_html(bundle):
    tooltip = build_mission_map_view(bundle, ALL_YEARS).deck_for(LAYER_NAMES)._tooltip
    assert "html" not in tooltip and tooltip["text"] == "{tooltip_title}\n{tooltip_body}"


def test_table_holds_the_same_figures_as_the_map(bundle):
    view = build_mission_map_view(bundle, ALL_YEARS)
    table = view.table.set_index("Mission")
    assert table.loc["MONUSCO", "Allegations in selected years"] == "30 in the 1 year(s) with a sourced count"
    assert table.loc["MINUSCA", "Allegations in selected years"] == "no sourced count in these years"
    assert table.loc["MONUSCO", "Projects"] == 1
    assert table.loc["MONUSCO", "Host countries"] == "Dem. Rep. Congo"
    assert list(view.table["Mission"]) == ["MONUSCO", "MINUSCA"], "known counts first"


def test_mission_detail_lists_every_active_year_with_its_source(bundle):
    detail = mission_detail(bundle, Filters(years=(2018, 2020)), "MONUSCO")
    rows = detail.allegations.set_index("Year")
    assert list(rows.index) == [2018, 2019, 2020]
    assert rows.loc[2019, "Allegations"] == "30" and rows.loc[2019, "Source"] == "Press, 2021-03-01"
    assert rows.loc[2018, "Allegations"] == "not known" and rows.loc[2020, "Allegations"] == "not known"
    assert detail.allegations_total.startswith("30 in 2018–2020, the sum of the 1 year with a sourced count")
    assert [ref.id for ref in detail.sources] == ["press-2021", "un-doc-2020"]
    assert list(detail.personnel["Uniformed personnel (yearly mean)"]) == ["16,000"]


def test_mission_detail_links_only_the_projects_the_filters_show(tmp_path):
    def edit(tables):
        _unconfirmed_project(tables)
        tables["projects"][1]["mission"] = "MONUSCO"

    bundle = _bundle(tmp_path, edit)
    detail = mission_detail(bundle, ALL_YEARS, "MONUSCO")
    assert detail.projects == (("DRC-TEST-2018", "Test project in Sake"),)
    assert "1 more project whose link to the Fund no source confirms is hidden" in detail.projects_note
    shown = mission_detail(bundle, Filters(years=(2015, 2024), include_unconfirmed=True), "MONUSCO")
    assert shown.projects[1] == ("DRC-UNCONFIRMED-2019", "Unconfirmed test project (link to the Fund not confirmed)")


def test_mission_detail_of_a_mission_without_counts_says_not_known(bundle):
    detail = mission_detail(bundle, Filters(years=(2019, 2020)), "MINUSCA")
    assert detail.allegations_total == "not known: no sourced count in these years"
    assert list(detail.allegations["Allegations"]) == ["not known", "not known"]


def test_places_deck_needs_only_places_and_the_basemap():
    places = pd.DataFrame(
        {"locality": ["Goma", "Goma centre", "Nowhere"], "lat": [-1.67, -1.67, None], "lon": [29.2, 29.2, None]}
    )
    spec = _spec(places_deck(places, BASEMAP, {"COD"}))
    assert spec["mapStyle"] == NO_BASEMAP_STYLE
    assert [layer["id"] for layer in spec["layers"]] == ["countries", "hosts", "projects"]
    points = _layer(spec, "projects")["data"]
    assert [p["tooltip_title"] for p in points] == ["Project place: Goma; Goma centre"], "one point per place"
    countries, hosts = _layer(spec, "countries"), _layer(spec, "hosts")
    assert countries["@@type"] == hosts["@@type"] == "BitmapLayer"
    # Inside the tiny basemap's triangles: every country filled alike under the highlighted one's shading.
    assert _colour_at(countries, 21.5, -2.5) == _colour_at(countries, 19.5, 5.5) == COUNTRY_FILL
    assert _colour_at(hosts, 21.5, -2.5) == HOST_FILL
    assert _colour_at(hosts, 19.5, 5.5)[3] == 0
    assert _colour_at(countries, 25.0, 2.0)[3] == 0, "the sea stays clear"


def _pixel(lat: float, lon: float, state: pdk.ViewState) -> tuple[float, float]:
    """Web Mercator, as deck.gl draws it: the world is 512 * 2**zoom pixels wide."""
    scale = 512 * 2**state.zoom / (2 * math.pi)

    def project(la: float, lo: float) -> tuple[float, float]:
        return scale * math.radians(lo), -scale * math.log(math.tan(math.pi / 4 + math.radians(la) / 2))

    x, y = project(lat, lon)
    cx, cy = project(state.latitude, state.longitude)
    return x - cx, y - cy


def _marks(view) -> pd.DataFrame:
    return pd.concat([view.points[["lat", "lon"]], view.places[["lat", "lon"]]], ignore_index=True).dropna()


def test_every_shipped_mark_is_inside_the_first_view():
    everything = Filters(years=(1948, 2026), include_unconfirmed=True)
    view = build_mission_map_view(load_bundle(SHIPPED_DATA_DIR), everything)
    width, height = MAP_SIZE_PX
    outside = [
        (lat, lon)
        for lat, lon in _marks(view).itertuples(index=False)
        if not (
            abs(_pixel(lat, lon, view.state)[0]) <= width / 2 and abs(_pixel(lat, lon, view.state)[1]) <= height / 2
        )
    ]
    assert len(_marks(view)) > 20
    assert outside == []


def test_mission_map_outlines_shade_the_hosts_and_draw_borders(bundle):
    view = build_mission_map_view(bundle, ALL_YEARS)
    spec = _spec(view.deck_for(LAYER_NAMES))
    countries, hosts = _layer(spec, "countries"), _layer(spec, "hosts")

    def colours(layer: dict) -> set[tuple[int, ...]]:
        return {colour for _count, colour in _picture(layer).getcolors(maxcolors=1 << 16)}

    assert colours(countries) == {(0, 0, 0, 0), tuple(COUNTRY_FILL), tuple(OUTLINE)}
    assert colours(hosts) == {(0, 0, 0, 0), tuple(HOST_FILL)}
    assert 0 < len(view.hosts) < len(BASEMAP["features"])
    for feature in BASEMAP["features"]:
        # Each tiny country is a right triangle; its centroid lies inside it.
        (x, y), *_rest = feature["geometry"]["coordinates"][0]
        assert _colour_at(countries, x + 4 / 3, y + 2 / 3) == COUNTRY_FILL, feature["properties"]["iso3"]
        shaded = _colour_at(hosts, x + 4 / 3, y + 2 / 3) == HOST_FILL
        assert shaded == (feature["properties"]["iso3"] in view.hosts), feature["properties"]["iso3"]


def _evaluate(expression: dict | str, width: float) -> float | list[float]:
    """A Vega expression of the glance map (arithmetic, min, PI and the chart's width) at a chart width."""
    text = expression["expr"] if isinstance(expression, dict) else expression
    return eval(text, {"__builtins__": {}}, {"min": min, "PI": math.pi, "width": width})


@pytest.mark.parametrize("chart_width", [300, 530, 900])
def test_overview_glance_map_lays_its_marks_on_the_land_they_belong_to(bundle, chart_width):
    from components.overview import build_overview_view

    spec = build_overview_view(bundle, ALL_YEARS).map_spec
    mission_map = build_mission_map_view(bundle, ALL_YEARS)
    land = spec["layer"][0]
    assert land["mark"]["type"] == "image" and land["mark"]["aria"] is False
    picture = _picture({"image": land["mark"]["url"]})
    assert tuple(OUTLINE) not in {c for _n, c in picture.getcolors(maxcolors=1 << 16)}, "no borders at a glance"
    left, top = _evaluate(land["mark"]["x"], chart_width), _evaluate(land["mark"]["y"], chart_width)
    width, height = _evaluate(land["mark"]["width"], chart_width), _evaluate(land["mark"]["height"], chart_width)
    assert width <= chart_width and height <= GLANCE_MAP_HEIGHT_PX
    scale = _evaluate(spec["projection"]["scale"], chart_width)
    tx, ty = _evaluate(spec["projection"]["translate"], chart_width)

    def colour_under(lon: float, lat: float) -> list[int]:
        # Where Vega's Mercator projection puts the point, then which pixel of the picture lies there.
        x = tx + scale * math.radians(lon)
        y = ty - scale * math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
        column, row = (x - left) / width * picture.width, (y - top) / height * picture.height
        return list(picture.getpixel((int(column), int(row))))

    assert 0 < len(mission_map.hosts) < len(BASEMAP["features"])
    for feature in BASEMAP["features"]:
        (x, y), *_rest = feature["geometry"]["coordinates"][0]
        expected = HOST_FILL if feature["properties"]["iso3"] in mission_map.hosts else COUNTRY_FILL
        assert colour_under(x + 4 / 3, y + 2 / 3) == expected, feature["properties"]["iso3"]


def test_overview_glance_map_shows_the_mission_maps_marks(bundle):
    from components.overview import build_overview_view

    spec = build_overview_view(bundle, ALL_YEARS).map_spec
    mission_map = build_mission_map_view(bundle, ALL_YEARS)
    _land, circles = spec["layer"]
    marks = dataframe_util.convert_arrow_bytes_to_pandas_df(spec["datasets"][circles["data"]["name"]])
    expected = _marks(mission_map)
    assert sorted(zip(marks["lat"], marks["lon"], strict=True)) == sorted(
        zip(expected["lat"], expected["lon"], strict=True)
    )
    assert not any("Click" in text for text in marks["details"]), "nothing to click on the glance map"
    # A mission with no sourced count stays a hollow ring, as on the Mission map.
    hollow = mission_map.points[mission_map.points["allegations"].isna()].dropna(subset=["lat"])
    assert not hollow.empty
    assert set(marks.loc[marks["what"].isin(hollow["tooltip_title"]), "fill_opacity"]) == {40 / 255}


def test_glance_map_draws_every_place_even_past_altairs_row_limit(bundle):
    from dataclasses import replace

    from components.maps import glance_map_spec

    view = build_mission_map_view(bundle, ALL_YEARS)
    many = pd.DataFrame(
        {
            "lat": [i / 1000 for i in range(6000)],
            "lon": 20.0,
            "localities": "",
            "project_ids": [[] for _ in range(6000)],
            "tooltip_title": "Project place",
            "tooltip_body": "",
        }
    )
    spec = glance_map_spec(replace(view, places=many), BASEMAP, "a map")
    rows = spec["datasets"][spec["layer"][1]["data"]["name"]]
    assert len(rows) == len(view.points.dropna(subset=["lat", "lon"])) + 6000


def test_borders_picture_is_shared_by_every_filter_choice_and_the_shading_follows_the_filters(bundle):
    everything = build_mission_map_view(bundle, ALL_YEARS)
    one = build_mission_map_view(bundle, Filters(years=ALL_YEARS.years, missions=("MONUSCO",)))
    assert one.hosts != everything.hosts
    first, second = _spec(everything.deck_for(LAYER_NAMES)), _spec(one.deck_for(LAYER_NAMES))
    assert _layer(first, "countries")["image"] == _layer(second, "countries")["image"]
    assert _layer(first, "hosts")["image"] != _layer(second, "hosts")["image"]


def test_shipped_mission_map_borders_are_drawn_sharper_than_the_shading_for_zooming_in():
    view = build_mission_map_view(load_bundle(SHIPPED_DATA_DIR), ALL_YEARS)
    spec = _spec(view.deck_for(LAYER_NAMES))
    borders, shading = _picture(_layer(spec, "countries")), _picture(_layer(spec, "hosts"))
    world_px = 512 * 2**view.state.zoom
    assert shading.width >= round(world_px), "at least one picture pixel per screen pixel"
    assert borders.width >= 2 * shading.width
