"""The briefing's screens and narratives (pure): what each screen says, from which builder, with its sources."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from components.briefing.screens import (
    SCREEN_CHART_HEIGHT,
    build_briefing,
    map_takeaway,
    mission_takeaway,
    position_label,
    presentation_spec,
    screen_position,
    sources_line,
    story_project,
)
from components.charts.maps import countries_in_frame, label_sides, map_labels
from components.charts.theme import WIDEST_BAND_END
from components.data.bundle import load_bundle
from components.figures.citations import SourceRef
from components.figures.filters import Filters
from components.figures.overview import PageViews, build_overview_view
from tests.tiny_data import BASEMAP

ALL_YEARS = Filters(years=(2005, 2025))


@pytest.fixture(scope="module")
def briefing(bundle):
    return build_briefing(bundle, ALL_YEARS)


def _screen(briefing, slug):
    return next(s for s in briefing.screens if s.slug == slug)


def test_screens_come_in_presenting_order(briefing):
    assert [s.slug for s in briefing.screens] == [
        "headline",
        "contributions",
        "projects-map",
        "allegations",
        "mission",
        "project",
        "reach",
    ]


def test_every_screen_with_a_chart_cites_its_sources(briefing):
    for screen in briefing.screens:
        assert screen.spec is not None, screen.slug
        assert screen.sources, screen.slug
        assert screen.takeaway and not re.search(r"\bnan\b", screen.takeaway.lower())


def test_headline_screen_shows_the_overview_figures_as_the_overview_shows_them(bundle, briefing):
    overview = build_overview_view(bundle, ALL_YEARS)
    headline = _screen(briefing, "headline")
    # $4.8M received by 20 Jul 2023 (Xinhua: 'has received'), 25 donors (undated un.org news item, 2024 or later),
    # 9 projects tied to the Fund, 102† in 2024 (AP; its row has a note).
    figures = ["$4.8M", "25", "9", "102†"]
    assert list(headline.data["Figure"]) == figures
    assert figures == [overview.total, overview.donors, overview.projects, overview.allegations]
    # Each figure with its source and what it counts (data/funding.csv): the $600,000 withheld is part of the Sep 2022
    # report's 'over $4.3 million', whose basis that report does not state.
    money = (
        "Contributions: $4.8M received (as of 20 Jul 2023, South Asian Daily (Xinhua text)). "
        "Donor countries: 25 (as of 2024 or later, undated). Withheld payments: about $600K (as of Sep 2022, "
        "United Nations (un.org); part of a total whose basis is not stated)."
    )
    assert headline.takeaway == overview.money_takeaway == money
    chart_values = {row["Figure"] for row in next(iter(headline.spec["datasets"].values()))}
    assert chart_values == set(figures)


def test_allegations_screen_states_the_change_from_the_year_before_and_nothing_more(briefing):
    screen = _screen(briefing, "allegations")
    assert screen.takeaway == (
        "In 2024, 102† allegations were reported in peacekeeping and special political missions, 2 more than in 2023. "
        "† marks a figure with a note: the note is in its tooltip, the table and the CSV."
    )
    assert screen.file_stem == "allegations-by-year_2005-2025"


def test_contributions_screen_says_so_when_no_total_is_reported_in_the_years(bundle):
    briefing = build_briefing(bundle, Filters(years=(2005, 2010)))
    screen = _screen(briefing, "contributions")
    assert screen.spec is None
    assert screen.takeaway == "No running total of contributions is reported for the selected years."


def test_mission_screen_tells_monusco_with_its_unknown_years(briefing):
    screen = _screen(briefing, "mission")
    assert screen.title == "MONUSCO: allegations per year"
    assert screen.takeaway.startswith(
        "MONUSCO: 44† allegations in 2024, the latest year with a sourced count in 2010–2025 (note: mission in Congo); "
        "5 of 16 years have a sourced count, the others are not known."
    )
    assert "159" not in screen.takeaway, "never the sum of the years that happen to have a count"
    unknown = screen.data[screen.data["value"].isna()]
    assert set(unknown["display"]) == {"not known"}
    assert 0 not in set(screen.data["value"].dropna())


def test_project_screen_is_the_sake_project_with_each_beneficiary_figure_and_its_qualifier(briefing):
    screen = _screen(briefing, "project")
    assert screen.file_stem == "project-drc-sake-2018"
    text = "\n".join(screen.points)
    assert "over 500 community members" in text and "(planned)" in text
    assert "about 490 women victims in Masisi territory" in text
    assert "Budget: $175,000" in text
    assert "end date not known" in text
    # Beneficiary counts count different people: they are never added up.
    assert "1,120" not in text and "1120" not in text


def test_mission_takeaway_gives_the_latest_sourced_year_with_its_qualifier_and_never_a_sum():
    rows = pd.DataFrame(
        {
            "year": [2018, 2019, 2020],
            "value": [10.0, None, 5.0],
            "qualifier": ["exact", None, "over"],
            "display": ["10", None, "over 5"],
            "note": ["", "", ""],
        }
    )
    text = mission_takeaway("TESTMIS", rows, "2018–2020")
    assert text == (
        "TESTMIS: over 5 allegations in 2020, the latest year with a sourced count in 2018–2020; 2 of 3 years have "
        "a sourced count, the others are not known. Counts of different years are not added up. Years with a "
        "count: 2018, 2020."
    )


def test_mission_takeaway_says_not_known_rather_than_zero():
    rows = pd.DataFrame({"year": [2019], "value": [None], "qualifier": [None], "display": [None]})
    text = mission_takeaway("TESTMIS", rows, "2019")
    assert text == "No public source gives a yearly allegation count for TESTMIS in 2019: not known."
    assert "0" not in text.replace("2019", "")


def test_story_project_prefers_the_sake_project_then_the_missions_first():
    assert story_project(["DRC-OTHER", "DRC-SAKE-2018"]) == "DRC-SAKE-2018"
    assert story_project(["CAR-ONE", "CAR-TWO"]) == "CAR-ONE"
    assert story_project([]) is None


def test_map_takeaway_says_how_many_projects_have_no_mapped_place():
    assert map_takeaway(9, 5, 3, 7) == (
        "9 projects in 5 countries match the filters; 3 of them have a place with coordinates, drawn as 7 points. "
        "The other 6 have no place with coordinates in the data."
    )
    assert map_takeaway(2, 1, 1, 1).endswith(" The other 1 has no place with coordinates in the data.")
    assert map_takeaway(0, 0, 0, 0) == "0 projects in 0 countries match the filters."
    assert map_takeaway(1, 1, 1, 1) == (
        "1 project in 1 country matches the filters; 1 of them has a place with coordinates, drawn as 1 point."
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(None, (0, None)), ("", (0, None)), ("3", (2, None)), ("6", (5, None))],
)
def test_screen_position_reads_a_one_based_screen_number(raw, expected):
    assert screen_position(raw, 6) == expected


@pytest.mark.parametrize("raw", ["0", "7", "abc", "-1", "2.5"])
def test_screen_position_falls_back_to_the_first_screen_with_a_notice(raw):
    index, notice = screen_position(raw, 6)
    assert index == 0
    assert notice == f"There is no screen “{raw}” in this briefing (screens 1 to 6); showing screen 1."


def test_position_label_counts_from_one():
    assert position_label(2, 6) == "3 / 6"


def test_presentation_spec_sets_labels_of_at_least_20_px_and_a_larger_title(briefing):
    original = _screen(briefing, "allegations").spec
    before = repr(original)
    spec = presentation_spec(original)
    config = spec["config"]
    assert config["axis"]["labelFontSize"] >= 20 and config["axis"]["titleFontSize"] >= 20
    assert config["legend"]["labelFontSize"] >= 20 and config["legend"]["titleFontSize"] >= 20
    assert config["title"]["fontSize"] > config["axis"]["titleFontSize"]
    assert spec["height"] == SCREEN_CHART_HEIGHT and spec["width"] == "container"
    points = [layer["mark"] for layer in spec["layer"] if layer["mark"]["type"] == "point"]
    assert points[0]["size"] == 3 * 70
    assert repr(original) == before, "the page's own spec must not change"


def test_presentation_spec_at_a_size_fits_the_whole_chart_into_it(briefing):
    spec = presentation_spec(_screen(briefing, "mission").spec, size=(1600, 900))
    assert (spec["width"], spec["height"]) == (1600, 900)
    assert spec["autosize"] == {"type": "fit", "contains": "padding"}


def test_high_contrast_makes_text_black_and_marks_opaque(briefing):
    spec = presentation_spec(_screen(briefing, "contributions").spec, high_contrast=True)
    assert spec["config"]["axis"]["labelColor"] == "#000000"
    assert spec["config"]["legend"]["labelColor"] == "#000000"
    assert spec["config"]["background"] == "#FFFFFF"
    opacities = [layer["mark"].get("opacity") for layer in spec["layer"] if isinstance(layer["mark"], dict)]
    assert opacities, "the chart has marks to check"
    assert all(o in (None, 1) for o in opacities)


def test_map_embeds_only_the_country_outlines_near_the_places():
    kept = countries_in_frame(BASEMAP, (15.0, -8.0, 25.0, 10.0))
    assert sorted(f["properties"]["iso3"] for f in kept) == ["CAF", "COD"]


def test_map_labels_use_the_shortest_name_and_avoid_overprinting():
    points = pd.DataFrame(
        {"lon": [29.04, 29.23, 29.47], "lat": [-1.57, -1.67, 0.49], "localities": ["Sake", "Bujovu; Goma", "Beni"]}
    )
    assert map_labels(points) == ["Sake", "Goma", "Beni"]
    assert label_sides(points) == ["left", "right", "right"]


SOURCE = SourceRef("s1", "A [report](javascript:x)", "UN", "un_document", "https://example.org/a", "2020", "p. 3")


def test_sources_line_names_each_publisher_once_with_its_year_and_says_where_the_rest_are():
    other = SourceRef("s2", "B", "UN News", "un_news", "https://example.org/b", "")
    ap = SourceRef("s3", "C", "AP", "press", "https://example.org/c", "2019-03-18")
    assert sources_line([SOURCE, SOURCE, other], "below") == "Sources: UN 2020; UN News"
    assert sources_line([SOURCE, other, ap], "in the notes") == "Sources: UN 2020; UN News and 1 more (in the notes)"
    assert sources_line([], "below") == "Sources: none"


def test_the_sources_line_of_every_screen_is_one_short_line(briefing):
    for screen in briefing.screens:
        line = sources_line(screen.sources, "listed under “All sources of this screen”")
        # One line on a 1920 px screen: no URL, no title, at most two publishers named.
        assert len(line) <= 140, (screen.slug, line)
        assert "http" not in line


def test_the_allegation_screens_keep_the_key_caveat_apart_from_the_notes_of_marked_figures(briefing):
    for slug in ("allegations", "mission"):
        screen = _screen(briefing, slug)
        assert screen.caveat == (
            "Allegations are reports, not findings: not all are verified, and counts for a year can change as "
            "later reports restate it."
        )
    # MONUSCO 2023 is marked in data/allegations.csv: "includes allegations recorded against the former MONUC".
    assert "2023: includes allegations recorded against the former MONUC" in _screen(briefing, "mission").figure_notes


def test_briefing_builds_from_a_tiny_dataset_and_keeps_hostile_names_as_plain_text(tmp_path):
    from tests.tiny_data import HOSTILE_TEXTS, hostile_tables, write_data

    bundle = load_bundle(write_data(tmp_path / "hostile", hostile_tables()))
    briefing = build_briefing(bundle, Filters(years=(2018, 2020)))
    project = _screen(briefing, "project")
    assert HOSTILE_TEXTS[0] in project.takeaway
    assert _screen(briefing, "mission").takeaway == (
        "MONUSCO: 30 allegations in 2019, the latest year with a sourced count in 2018–2020; 1 of 3 years has a "
        "sourced count, the others are not known. Counts of different years are not added up. Years with a count: "
        "2019."
    )


def test_a_screen_draws_its_projector_chart_with_tables_in_arrow_made_once(briefing):
    screen = _screen(briefing, "allegations")
    drawn = screen.projector_spec(high_contrast=False)
    assert screen.projector_spec(high_contrast=False) is drawn
    assert drawn["datasets"], "the chart carries its rows"
    assert all(isinstance(rows, bytes) for rows in drawn["datasets"].values())
    assert drawn["config"]["axis"]["labelFontSize"] >= 20
    assert screen.projector_spec(high_contrast=True)["config"]["axis"]["labelColor"] == "#000000"
    assert all(isinstance(rows, list) for rows in screen.spec["datasets"].values()), "exports keep plain JSON"


def test_screens_are_made_when_first_shown_and_once():
    from components.briefing.screens import Screens

    made = []
    screens = Screens([lambda i=i: made.append(i) or f"screen {i}" for i in range(6)])
    assert len(screens) == 6 and made == []
    assert screens[2] == "screen 2" and screens[-1] == "screen 5"
    assert made == [2, 5]
    assert list(screens) == [f"screen {i}" for i in range(6)]
    assert sorted(made) == [0, 1, 2, 3, 4, 5], "each made once"


def test_the_first_screen_builds_only_the_views_it_shows(bundle, defaults):
    built = []

    def build(builder, bundle, filters, lang):
        built.append(builder.__name__)
        return builder(bundle, filters, lang)

    views = PageViews(bundle, defaults, build=build)
    briefing = build_briefing(bundle, defaults, views=views)
    first = briefing.screens[0]
    assert sorted(built) == ["build_allegations_view", "build_contributions_view", "build_projects_view"]
    assert "grid" not in vars(views.allegations), "the per-mission heatmap is made only for its tab"
    assert first.takeaway == build_briefing(bundle, defaults).screens[0].takeaway
    briefing.screens[3]
    assert "build_mission_map_view" not in built, "the allegations trend needs no map either"


def test_project_screen_for_an_id_missing_from_the_data_says_no_project_matches(bundle):
    from components.briefing.screens import _project_screen

    screen = _project_screen(bundle, ALL_YEARS, "MONUSCO", "NO-SUCH-PROJECT")
    assert screen.no_chart == "No project of the Fund tied to MONUSCO matches the filters."
    assert screen.data.empty


def test_the_mission_screen_names_the_years_its_chart_draws(bundle, defaults):
    # MONUSCO began on 1 July 2010: its chart runs 2010–2024, and so must its sentence (it said 2005–2024).
    [screen] = [s for s in build_briefing(bundle, defaults).screens if s.slug == "mission"]
    assert "latest year with a sourced count in 2010–2024" in screen.takeaway
    assert "5 of 15 years have a sourced count" in screen.takeaway


def test_the_projects_map_is_framed_on_every_country_with_a_project_and_names_those_without_a_place(briefing):
    # data/projects.yaml, confirmed projects: 3 in the DRC with places with coordinates (Sake, Goma, Beni, ...);
    # none for the Central African Republic (1), Liberia (2), Haiti (1) and South Sudan (2).
    screen = next(s for s in briefing.screens if s.slug == "projects-map")
    assert screen.takeaway.endswith(
        "The other 6 have no place with coordinates in the data: 1 in Central African Republic, 2 in Liberia, "
        "1 in Haiti, 2 in South Sudan."
    )
    (west, south), (east, north) = screen.spec["projection"]["fit"]["features"][0]["geometry"]["coordinates"]
    # Haiti reaches 74.5° W and South Sudan 35.3° E (the shipped outlines); the DRC 13.3° S.
    assert west < -74.4 and east > 35.3 and south < -13.2 and north > 19.9
    labels = next(layer for layer in screen.spec["layer"] if layer["mark"].get("fontStyle") == "italic")
    named = screen.spec["datasets"][labels["data"]["name"]]
    # The widest drawing's layout (a phone's may leave a name to the note under the map).
    assert sorted(row["label"] for row in named if row["band_to"] == WIDEST_BAND_END) == [
        "Central African Republic\nno place known",
        "Haiti\nno place known",
        "Liberia\nno place known",
        "South Sudan\nno place known",
    ]
    unplaced = screen.data[screen.data["Place"].str.startswith("not known")]
    assert list(unplaced["Place"]) == [
        "not known (Central African Republic)",
        "not known (Liberia)",
        "not known (Liberia)",
        "not known (Haiti)",
        "not known (South Sudan)",
        "not known (South Sudan)",
    ]
    assert "Support to children born of sexual exploitation and abuse and their mothers in Haiti" in set(
        unplaced["Projects"]
    )


def test_a_shown_screen_has_its_neighbours_made_ready_for_the_arrow_keys():
    briefing = build_briefing(load_bundle(), ALL_YEARS)
    screens = briefing.screens
    screens[2]
    assert [screens.made(i) for i in range(len(screens))] == [False, False, True, False, False, False, False]
    screens.prepare_neighbours(2, high_contrast=False)
    assert [screens.made(i) for i in range(len(screens))] == [False, True, True, True, False, False, False]
    # The last screen has no next one.
    screens.prepare_neighbours(len(screens) - 1, high_contrast=False)
    assert screens.made(len(screens) - 2)
