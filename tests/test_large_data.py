"""Charts stay readable when the data grows (synthetic data, 5x): the projects timeline and the per-mission grid
draw a bounded number of rows, say so under the chart, and keep every row in the CSV."""

from __future__ import annotations

import pytest
from streamlit import dataframe_util

from bench.synthetic import write_synthetic_data
from components.charts.cards import chart_card
from components.charts.maps import MAX_GLANCE_MISSIONS, build_mission_glance, build_mission_map_view
from components.data.bundle import DATA_DIR_ENV, SHIPPED_DATA_DIR, load_bundle
from components.figures.allegations import MAX_GRID_MISSIONS, build_allegations_view
from components.figures.filters import filter_options
from components.figures.projects import MAX_TIMELINE_PROJECTS, build_projects_view
from tests.pages_app import open_page


@pytest.fixture(scope="module")
def large_dir(tmp_path_factory):
    return write_synthetic_data(SHIPPED_DATA_DIR, tmp_path_factory.mktemp("x5"), scale=5)


@pytest.fixture(scope="module")
def large(large_dir):
    bundle = load_bundle(large_dir)
    return bundle, filter_options(bundle).defaults()


def _charted(spec: dict) -> list[dict]:
    [rows] = spec["datasets"].values()
    return rows


def test_the_timeline_draws_the_latest_projects_and_says_the_table_has_them_all(large):
    view = build_projects_view(*large)
    card = view.timeline
    charted = _charted(chart_card(card).spec)
    assert len(card.data) > MAX_TIMELINE_PROJECTS == len(charted)
    latest = card.data.sort_values("start_text", kind="stable")["id"].tail(MAX_TIMELINE_PROJECTS)
    assert {row["id"] for row in charted} == set(latest)
    assert card.takeaway.endswith(
        f"The timeline draws the {MAX_TIMELINE_PROJECTS} that started most recently; the table lists every project."
    )
    assert len(view.table) == view.shown


def test_the_per_mission_grid_draws_the_best_sourced_missions_and_says_how_many_of_all(large):
    card = build_allegations_view(*large).grid
    sourced = card.data.dropna(subset=["value"])["mission"].nunique()
    assert sourced > MAX_GRID_MISSIONS == len({row["mission"] for row in _charted(chart_card(card).spec)})
    assert (
        f"The chart draws the {MAX_GRID_MISSIONS} missions with the most sourced years, of {sourced:,} with any; "
        "the CSV has them all."
    ) in card.takeaway


def test_the_overview_glance_draws_the_largest_missions_and_says_how_many_more_the_mission_map_has(large):
    bundle, filters = large
    mission_map = build_mission_map_view(bundle, filters)
    glance = build_mission_glance(bundle, filters, "a map")
    with_point = mission_map.points.dropna(subset=["lat", "lon"])
    drawn = dataframe_util.convert_arrow_bytes_to_pandas_df(glance.spec["datasets"]["missions"])
    assert len(with_point) > MAX_GLANCE_MISSIONS == len(drawn) == 100
    counts = with_point.set_index("acronym")["latest_count"].fillna(-1)
    left_out = counts.drop(drawn["acronym"])
    assert counts[drawn["acronym"]].min() >= left_out.max(), "the largest are drawn"
    assert glance.note == (
        f"This map draws the 100 largest missions by that size; {len(left_out):,} more are on the Mission map."
    )
    assert glance.summary == mission_map.summary, "the summary still counts every mission"


def test_the_overview_page_says_its_map_leaves_missions_to_the_mission_map(large_dir, monkeypatch):
    monkeypatch.setenv(DATA_DIR_ENV, str(large_dir))
    at = open_page()
    [note] = [c.value for c in at.caption if c.value.startswith("This map draws")]
    assert note.startswith("This map draws the 100 largest missions by that size; ")


def test_the_contributions_roster_shows_its_first_rows_and_offers_the_whole_roster(large, large_dir, monkeypatch):
    bundle, _filters = large
    donors = bundle.donor_roster["donor"].nunique()
    assert donors > 100
    monkeypatch.setenv(DATA_DIR_ENV, str(large_dir))
    at = open_page("contributions")
    [table] = at.table
    assert len(table.value) == 100
    assert f"Showing the first 100 of {donors:,} rows; the CSV download has them all." in [c.value for c in at.caption]
    assert "Download donor_roster (CSV)" in [b.proto.label for b in at.get("download_button")]


def test_shipped_data_pages_need_no_cut():
    overview = open_page()
    assert not [c.value for c in overview.caption if c.value.startswith("This map draws")]
    contributions = open_page("contributions")
    [roster] = contributions.table
    assert len(roster.value) == 23, "the 23 donors of data/donor_roster.csv, every one shown"
    assert not [c.value for c in contributions.caption if c.value.startswith("Showing the first")]
    assert "Download donor_roster (CSV)" not in [b.proto.label for b in contributions.get("download_button")]
