"""The per-mission heatmap marks a cell without a sourced figure with grey and a hatch of three strokes, drawn as
one mark a cell (a custom SVG path), not three rule marks: at 100x data the rules were 2,930 SVG nodes."""

from __future__ import annotations

import re

import pandas as pd
import vl_convert as vlc

from components.charts.allegations import mission_grid_chart

# Two missions over three years; three cells have no sourced figure.
GRID = pd.DataFrame(
    {
        "mission": ["MINUSCA", "MINUSCA", "MINUSCA", "UNMISS", "UNMISS", "UNMISS"],
        "year": [2022, 2023, 2024, 2022, 2023, 2024],
        "value": [None, 24.0, 40.0, None, 6.0, None],
        "qualifier": ["", "", "at_least", "", "", ""],
        "display": ["not known", "24", "at least 40", "not known", "6", "not known"],
        "note": "",
        "status": "",
        "alternatives": "",
    }
)


def _svg() -> str:
    return vlc.vegalite_to_svg(mission_grid_chart(GRID).properties(width=600).to_dict())


def _marks(svg: str, mark: str) -> list[str]:
    """The items (each an SVG path element) Vega drew for the chart's own marks of this type, not its axes'."""
    groups = re.findall(rf'<g class="mark-{mark} role-mark[^"]*"[^>]*>(.*?)</g>', svg, flags=re.S)
    return [item for group in groups for item in re.findall(r"<path[^>]*>", group)]


def test_each_unknown_cell_is_one_grey_rect_and_one_hatch_mark():
    svg = _svg()
    assert not _marks(svg, "rule"), "no rule marks: the hatch was three a cell"
    rects = _marks(svg, "rect")
    assert len(rects) == 6, "one rect a cell"
    assert sum('fill="#BDBDBD" opacity="0.35"' in rect for rect in rects) == 3, "grey under each unknown cell"
    hatches = _marks(svg, "symbol")
    assert len(hatches) == 3, "one hatch mark for each unknown cell"
    assert all("Allegations: not known" in hatch for hatch in hatches), "each hatch reads as 'not known'"


def test_the_hatch_is_three_grey_strokes_corner_to_corner_and_through_the_sides_middles():
    svg = _svg()
    [grey, *_rest] = [r for r in _marks(svg, "rect") if "#BDBDBD" in r]
    width, height = (float(v) for v in re.search(r'd="M[\d.]+,[\d.]+h([\d.]+)v([\d.]+)', grey).groups())
    w, h = width / 2, height / 2
    g = "{:g}".format
    # From the cell's centre: bottom-left corner to top-right; left middle to top middle; bottom middle to right.
    expected = f"M{g(-w)},{g(h)}L{g(w)},{g(-h)}M{g(-w)},0L0,{g(-h)}M0,{g(h)}L{g(w)},0"
    hatches = _marks(svg, "symbol")
    assert len(hatches) == 3
    for hatch in hatches:
        assert f'd="{expected}"' in hatch
        assert 'stroke="#6E6E6E"' in hatch and 'stroke-width="1"' in hatch
