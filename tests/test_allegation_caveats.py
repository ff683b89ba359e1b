"""Issue 15, items 3, 4 and 7 on the shipped data: missions compared by one sourced year, never a sum of years;
every note of an allegation row reaching every place its figure is shown; empty slots said to be unknown; one
definition of a known mission-year. Expected figures are written by hand from data/allegations.csv."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from components.briefing.screens import mission_years
from components.charts.cards import chart_card
from components.charts.maps import build_mission_map_view, drawn_missions
from components.data.validate import coverage_rows
from components.figures.allegations import (
    NOTE_MARK,
    build_allegations_view,
    category_split,
    conflicts_table,
    known_mission_years,
    mission_year_grid,
    outcomes_table,
    preferred_allegations,
    victims_by_year,
    yearly_totals,
)
from components.figures.filters import Filters
from components.figures.missions import mission_detail, mission_points

ALL_YEARS = Filters(years=(2005, 2024))
FIVE_YEARS = Filters(years=(2016, 2020))


@pytest.fixture(scope="module")
def preferred(bundle):
    return preferred_allegations(bundle)


# ---- item 4: every note reaches every place that shows its figure ---------------------------------------------


def _facts_with_notes(preferred: pd.DataFrame) -> pd.DataFrame:
    noted = preferred[preferred["note"] != ""]
    assert len(noted) > 50, "the shipped data has many noted rows: a test over none would prove nothing"
    return noted


def _check_shown(shown: pd.DataFrame, noted: pd.DataFrame, keys: list[str], note_column: str, display_column: str):
    """Every figure of `shown` whose fact has a note carries the mark and the note's words. Returns how many."""
    known = shown[shown[display_column] != "not known"]
    joined = known.merge(noted[[*keys, "note"]].rename(columns={"note": "_fact_note"}), on=keys, how="inner")
    for _, row in joined.iterrows():
        where = {k: row[k] for k in keys}
        assert row[display_column].endswith(NOTE_MARK), f"{where}: {row[display_column]!r} has no note mark"
        assert row[note_column] == row["_fact_note"], f"{where}: the note does not reach this table"
    return len(joined)


def test_every_noted_row_is_marked_and_its_note_shown_in_every_allegation_table(bundle, preferred):
    noted = _facts_with_notes(preferred).astype({"year": "int64"})
    annual = noted[(noted["period"] == "year") & noted["mission"].isna()]
    counts = annual[annual["measure"] == "allegations"]
    checked = 0
    totals = yearly_totals(preferred, ALL_YEARS).astype({"year": "int64"})
    checked += _check_shown(totals, counts[counts["category"].isna()], ["year", "scope"], "note", "display")
    grid = mission_year_grid(preferred, ALL_YEARS)
    checked += _check_shown(grid, known_mission_years(noted), ["mission", "year"], "note", "display")
    split = category_split(preferred, ALL_YEARS).dropna(subset=["value"])
    checked += _check_shown(split, counts, ["year", "scope", "category"], "note", "display")
    victims = victims_by_year(preferred, ALL_YEARS).dropna(subset=["value"])
    victim_notes = annual[annual["scope"] == "peace_operations"]
    victim_notes = victim_notes.assign(
        kind=victim_notes["measure"].map(
            {"victims": "All victims", "adult_victims": "Adult victims", "child_victims": "Child victims"}
        )
    )
    checked += _check_shown(victims, victim_notes.dropna(subset=["kind"]), ["year", "kind"], "note", "display")
    outcomes = outcomes_table(preferred, bundle, ALL_YEARS)
    assert outcomes["Value"].str.endswith(NOTE_MARK).sum() == (outcomes["Note"] != "").sum() > 0
    conflicts = conflicts_table(preferred, bundle, ALL_YEARS)
    assert conflicts["Preferred"].str.endswith(NOTE_MARK).sum() == (conflicts["Note"] != "").sum() > 0
    assert checked > 40


def test_every_noted_mission_year_is_marked_in_the_mission_detail_the_map_and_the_briefing(bundle, preferred):
    noted = known_mission_years(preferred)
    noted = noted[noted["note"] != ""].astype({"year": "int64"})
    assert set(noted["mission"]) >= {"MINUSCA", "MONUSCO", "UNMIL"}
    points = mission_points(bundle, ALL_YEARS).set_index("acronym")
    for mission, years in noted.groupby("mission"):
        detail = mission_detail(bundle, ALL_YEARS, mission).allegations
        calendar = detail[detail["Period"] == "calendar year"].set_index("Year")
        story = mission_years(bundle, ALL_YEARS, mission, range(2005, 2025)).set_index("year")
        for year, note in zip(years["year"], years["note"], strict=True):
            assert calendar.loc[year, "Allegations"].endswith(NOTE_MARK) and calendar.loc[year, "Note"] == note
            assert story.loc[year, "display"].endswith(NOTE_MARK) and story.loc[year, "note"] == note
        latest = points.loc[mission]
        if latest["latest_year"] in set(years["year"]):
            assert latest["latest_display"].endswith(NOTE_MARK)
            assert "Note: " + latest["latest_note"] in latest["tooltip_body"]


def test_minusca_2018_is_marked_as_a_possibly_incomplete_mission_press_figure_everywhere(bundle):
    view = build_allegations_view(bundle, FIVE_YEARS)
    cell = view.grid.data.set_index(["mission", "year"]).loc[("MINUSCA", 2018)]
    # data/allegations.csv (abangui-2018-12): 'at least' 10, as the spokesperson put it on 19 Dec 2018.
    assert cell["display"] == "at least 10†"
    assert "the year may be incomplete" in cell["note"] and "mission press figure" in cell["note"]
    assert "at least 10†" in {row["display"] for row in next(iter(chart_card(view.grid).spec["datasets"].values()))}
    rate = view.rates.set_index(["mission", "year"]).loc[("MINUSCA", 2018)]
    assert rate["display"] == "at least 10†" and "may be incomplete" in rate["note"]
    detail = mission_detail(bundle, FIVE_YEARS, "MINUSCA").allegations.set_index("Year")
    assert detail.loc[2018, "Allegations"] == "at least 10†" and "may be incomplete" in detail.loc[2018, "Note"]


def test_monusco_2023_and_2017_notes_reach_the_grid_and_its_csv(bundle):
    card = build_allegations_view(bundle, ALL_YEARS).grid
    cells = card.data.set_index(["mission", "year"])
    assert cells.loc[("MONUSCO", 2023), "display"] == "66†"
    assert cells.loc[("MONUSCO", 2023), "note"] == "includes allegations recorded against the former MONUC"
    assert cells.loc[("MONUSCO", 2017), "display"] == "18†"
    assert "head of MONUSCO's conduct and discipline unit" in cells.loc[("MONUSCO", 2017), "note"]
    csv = card.csv.decode()
    assert "former MONUC" in csv and "conduct and discipline unit" in csv
    tooltip = [t["field"] for layer in chart_card(card).spec["layer"] for t in layer["encoding"].get("tooltip", [])]
    assert "note" in tooltip


def test_the_headline_card_carries_the_note_of_its_row(bundle):
    view = build_allegations_view(bundle, ALL_YEARS)
    assert view.headline == "102†"
    assert view.headline_note == "third time above 100 in ten years"


# ---- item 3: missions compared by one sourced year, never a sum -------------------------------------------------


def test_missions_are_ranked_and_sized_by_their_latest_sourced_year_not_a_sum_of_years(bundle):
    table = build_mission_map_view(bundle, ALL_YEARS).table
    first = table.head(3)[["Mission", "Allegations, latest sourced year", "That year"]].values.tolist()
    assert first == [["MONUSCO", "44†", "2024"], ["MINUSCA", "40†", "2024"], ["UNMIL", "6†", "2015"]]
    points = drawn_missions(mission_points(bundle, ALL_YEARS)).set_index("acronym")
    # UNMIL: 45 (2005) and 30 (2006) from the mission's own reports, 6 (2015) from a UN report: never 81.
    assert points.loc["UNMIL", "latest_count"] == 6 and points.loc["UNMIL", "years_known"] == 3
    # MINUSCA: 22 + 52 + 19 + 10 + 41 + 24 + 40 = 208 over 7 of 11 years was the old size.
    assert points.loc["MINUSCA", "latest_count"] == 40
    assert "208" not in points.loc["MINUSCA", "tooltip_body"]
    assert points.loc["MONUSCO", "radius_px"] > points.loc["MINUSCA", "radius_px"] > points.loc["UNMIL", "radius_px"]


def test_with_years_2016_to_2020_minusca_is_compared_by_its_2019_count(bundle):
    view = build_mission_map_view(bundle, FIVE_YEARS)
    rows = view.table.set_index("Mission")
    latest = ["Allegations, latest sourced year", "That year", "Years with a sourced count"]
    assert rows.loc["MINUSCA", latest].tolist() == ["41", "2019", "4 of 5"]
    assert rows.loc["MONUSCO", "Allegations, latest sourced year"] == "15†"
    assert "latest year with a sourced count" in view.legend and "never added" in view.legend


# ---- item 7: empty slots, the victims split, one definition of a known mission-year -------------------------------


def test_a_year_with_a_category_split_but_no_police_figure_says_police_is_not_known(bundle, preferred):
    split = category_split(preferred, ALL_YEARS).set_index(["year", "category"])
    assert split.loc[(2018, "police"), "display"] == "not known" and pd.isna(split.loc[(2018, "police"), "value"])
    assert split.loc[(2019, "police"), "display"] == "not known"
    assert split.loc[(2018, "military"), "value"] == 39
    card = build_allegations_view(bundle, ALL_YEARS).categories
    texts = [layer for layer in chart_card(card).spec["layer"] if layer["mark"]["type"] == "text"]
    assert texts and texts[0]["encoding"]["text"]["field"] == "display", "the empty slot is written, not left blank"
    assert "not known" in card.takeaway


def test_victim_kinds_no_source_gives_are_written_not_known(bundle, preferred):
    victims = victims_by_year(preferred, ALL_YEARS).set_index(["year", "kind"])
    assert victims.loc[(2022, "Adult victims"), "display"] == "not known"
    assert victims.loc[(2022, "Child victims"), "display"] == "35"
    assert victims.loc[(2019, "Child victims"), "display"] == "not known"


def test_the_2023_victims_split_that_does_not_add_up_is_said_in_words(bundle):
    card = build_allegations_view(bundle, ALL_YEARS).victims
    assert (
        "In 2023, adults (115) and children (28) make 143, not the 145 victims shown: the split does not add up to "
        "that total." in card.takeaway
    )
    assert "other sources give all victims as 143" in card.takeaway


def test_the_victims_card_has_sources_of_its_own(bundle):
    view = build_allegations_view(bundle, ALL_YEARS)
    assert view.victims_label == "Victims in 2024" and view.victims_value == "125"
    assert view.victims_sources, "the card's figure is cited"
    rows = bundle.allegations
    expected = rows[(rows["measure"] == "victims") & (rows["year"] == 2024) & (rows["scope"] == "peace_operations")]
    assert {ref.id for ref in view.victims_sources} == set(expected["source_id"])


def test_validation_and_the_page_count_known_mission_years_the_same_way(bundle, defaults):
    [allegations] = [row for row in coverage_rows(bundle) if row["dataset"] == "allegations"]
    view = build_allegations_view(bundle, defaults)
    assert defaults.years == (2005, 2024)
    # 25 calendar-year counts: 10 missions in 2015, MINUSCA 2016-2019, MONUSCO 2017 and 2019, five in 2023, two in
    # 2024, UNMIL 2005 and 2006. UNMIL's three half-year counts (2007-2008) do not make a year known.
    assert view.known_cells == 25
    assert "25 mission-years known" in str(allegations["unknown"])
    assert view.known_cells + view.unknown_cells == 240
    narrower = build_allegations_view(bundle, replace(defaults, years=(2016, 2020)))
    assert narrower.known_cells == 6


def test_a_briefing_slide_writes_out_the_notes_of_its_marked_figures(bundle):
    from components.briefing.screens import build_briefing

    screens = {s.slug: s for s in build_briefing(bundle, ALL_YEARS).screens}
    mission = screens["mission"]
    assert "44†" in mission.takeaway
    assert "2023: includes allegations recorded against the former MONUC" in mission.figure_notes
    assert "2017: figure given by the head of MONUSCO's conduct and discipline unit" in mission.figure_notes
    story = {s.slug: s for s in build_briefing(bundle, FIVE_YEARS, "MINUSCA").screens}["mission"]
    incomplete = "2018: stated by the MINUSCA spokesperson on 19 Dec 2018, so the year may be incomplete"
    assert incomplete in story.figure_notes
    assert (
        "2024 peacekeeping and special political missions: third time above 100 in ten years"
        in screens["allegations"].figure_notes
    )


def test_the_allegations_page_shows_the_marks_notes_and_the_victims_cards_own_sources():
    from tests.pages_app import open_page

    at = open_page("allegations")
    metrics = {m.label: m for m in at.metric}
    assert metrics["Allegations in 2024"].value == "102†"
    assert "third time above 100 in ten years" in metrics["Allegations in 2024"].proto.help
    assert metrics["Victims in 2024"].value == "125"
    assert metrics["Mission-years known"].value == "25 of 240"
    assert "half-year counts do not make a year known" in metrics["Mission-years known"].proto.help
    # One row in data/allegations.csv gives 2024 victims: The New Indian Express, 19 Mar 2025.
    assert "Sources of the figure “Victims in 2024” (1)" in [e.label for e in at.expander]
