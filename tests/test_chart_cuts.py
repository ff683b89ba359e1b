"""No chart text is cut: titles come in lines, legend labels have no length limit, heatmap cells write a qualifier
as a sign in a type size that fits the cell, the timeline names each project whole (issue 19)."""

from __future__ import annotations

import pandas as pd

from components.charts.allegations import cell_text, grid_font_size, mission_grid_chart
from components.charts.projects import gantt_chart
from components.charts.theme import chart_spec, title_lines
from components.figures.projects import gantt_frame
from components.language.translation import FRENCH


def test_a_long_title_is_broken_into_lines_at_spaces_and_a_short_one_kept_whole():
    lines = ["Allegations reported per year, all", "missions"]
    assert title_lines("Allegations reported per year, all missions") == lines
    assert title_lines("Services by country") == "Services by country"
    assert title_lines("Where the project works", 16) == ["Where the", "project works"]


def test_a_heatmap_cell_writes_at_least_as_a_sign_and_keeps_the_note_mark():
    # MINUSCA 2018: "at least 10" (data/allegations.csv, qualifier at_least), with a note.
    assert cell_text("at least 10†", "at_least") == "≥10†"
    assert cell_text("au moins 10†", "at_least", FRENCH) == "≥10†"
    assert cell_text("41", "exact") == "41"


def test_the_heatmap_type_shrinks_with_the_cell_for_its_longest_label():
    assert grid_font_size(pd.Series(["≥10†", "6"])) == "min(11, (bandwidth('x') - 2) / 2.4)"


def _grid() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "mission": ["MINUSCA", "MINUSCA", "MONUSCO"],
            "year": [2018, 2019, 2018],
            "value": [10.0, 41.0, None],
            "qualifier": ["at_least", "exact", None],
            "display": ["at least 10†", "41", "not known"],
            "note": ["a note", "", ""],
            "status": ["", "", ""],
            "alternatives": ["", "", ""],
            "source_count": [1, 1, 0],
        }
    )


def test_the_heatmap_legend_says_what_its_sign_means_and_cells_use_the_short_text():
    spec = chart_spec(mission_grid_chart(_grid()))
    texts = [layer for layer in spec["layer"] if layer["mark"]["type"] == "text"]
    assert {layer["encoding"]["text"]["field"] for layer in texts} == {"cell_text"}
    assert all(layer["mark"]["fontSize"] == {"expr": "min(11, (bandwidth('x') - 2) / 2.4)"} for layer in texts)
    colour = next(layer["encoding"]["color"] for layer in spec["layer"] if "color" in layer.get("encoding", {}))
    assert colour["title"] == ["Allegations (count)", "≥ = at least"]


def _legends(spec: dict) -> list[dict]:
    found = []
    for layer in spec.get("layer", [spec]):
        for channel in layer.get("encoding", {}).values():
            if isinstance(channel, dict) and isinstance(channel.get("legend"), dict):
                found.append(channel["legend"])
    return found


def test_no_legend_label_is_cut(bundle, defaults):
    from components.charts.cards import chart_card
    from components.figures.contributions import build_contributions_view

    spec = chart_card(build_contributions_view(bundle, defaults).totals).spec
    legends = _legends(spec)
    # "Withheld payments" was cut to "Withheld payn…" by Vega's 160 px default.
    assert legends and all(legend["labelLimit"] == 0 for legend in legends)


def test_the_timeline_names_each_project_whole_on_wrapped_lines(bundle):
    frame = gantt_frame(bundle.projects)
    dated = bundle.projects[bundle.projects["start_date"].notna()]
    # "Vocational training centre and community complaint networks for victims and at-risk women around Goma and
    # Sake" (data/projects.yaml) was cut at 60 characters with "…".
    assert set(frame["project"]) == set(dated["title"])
    assert not frame["project"].str.endswith("…").any()
    axis = gantt_chart(frame).to_dict()["layer"][0]["encoding"]["y"]["axis"]
    assert axis["labelLimit"] == 0 and "split(" in axis["labelExpr"]
