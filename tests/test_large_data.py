"""Charts stay readable when the data grows (synthetic data, 5x): the projects timeline and the per-mission grid
draw a bounded number of rows, say so under the chart, and keep every row in the CSV."""

from __future__ import annotations

import pytest

from bench.synthetic import write_synthetic_data
from components.charts.cards import chart_card
from components.data.bundle import SHIPPED_DATA_DIR, load_bundle
from components.figures.allegations import MAX_GRID_MISSIONS, build_allegations_view
from components.figures.filters import filter_options
from components.figures.projects import MAX_TIMELINE_PROJECTS, build_projects_view


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    bundle = load_bundle(write_synthetic_data(SHIPPED_DATA_DIR, tmp_path_factory.mktemp("x5"), scale=5))
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
