"""The Allegations page's charts (pure): the rows of components/figures/allegations.py in, an Altair chart out."""

from __future__ import annotations

import altair as alt
import pandas as pd

from components.charts.theme import (
    CHART_HEIGHT,
    HEAT_RANGE,
    LEGEND_ROW_PX,
    NO_DATA_GREY,
    heat_colour,
    legend_lines,
    series_scale,
    text_colour_on,
    titled,
)
from components.figures.allegations import CATEGORY_DOMAIN, TOTAL_SERIES, VICTIM_MEASURES
from components.figures.filters import CATEGORIES_KEY, code_label
from components.figures.formatting import qualifier_word
from components.language.translation import ENGLISH, N_, Language


def qualifier_labels(frame: pd.DataFrame, lang: Language = ENGLISH) -> pd.DataFrame:
    """`frame` with `qualifier_label`: how the legend names each figure's qualifier ('exact', 'at least')."""
    return frame.assign(qualifier_label=frame["qualifier"].map(lambda q: qualifier_word(q, lang) or lang._("exact")))


def yearly_totals_chart(
    totals: pd.DataFrame, all_missions_label: bool = False, lang: Language = ENGLISH
) -> alt.LayerChart | alt.FacetChart:
    series = [lang._(label) for label in TOTAL_SERIES.values()]
    domain = [s for s in series if s in set(totals["series"])]
    base = alt.Chart().encode(
        x=alt.X("year:O", title=lang._("Year")),
        y=alt.Y("value:Q", title=lang._("Allegations (count)")),
        color=alt.Color(
            "series:N",
            title=lang._("Scope"),
            scale=series_scale(domain),
            # One entry per line: side by side, long scope names ran off a narrow chart.
            legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=0),
        ),
        tooltip=[
            alt.Tooltip("year:O", title=lang._("Year")),
            alt.Tooltip("series:N", title=lang._("Scope")),
            alt.Tooltip("display:N", title=lang._("Allegations")),
            alt.Tooltip("note:N", title=lang._("Note")),
            alt.Tooltip("source_count:Q", title=lang._("Sources")),
            alt.Tooltip("alternatives:N", title=lang._("Other sources say")),
        ],
    )
    lines = base.mark_line(strokeWidth=2.5)
    points = base.mark_point(size=70, filled=True).encode(
        shape=alt.Shape("qualifier_label:N", title=lang._("Value is"), legend=alt.Legend(orient="right"))
    )
    return titled(
        alt.layer(lines, points, data=qualifier_labels(totals, lang)),
        # With missions chosen, the page leads with theirs; this chart still covers every mission and says so.
        lang._("Allegations reported per year, all missions")
        if all_missions_label
        else lang._("Allegations reported per year"),
        lang._(
            "Line chart of sexual exploitation and abuse allegations per year, one line per scope. Years without "
            "a sourced total are gaps, not zeros."
        ),
        # Streamlit fits the legend into the chart's height: without room for its rows the title was cut off.
    ).properties(height=CHART_HEIGHT + LEGEND_ROW_PX * (legend_lines(domain) + 1))


# The chart's height holds its title and year axis (about 150 px) as well as the rows: with 26 px for each row and
# nothing for the rest, rows came out 14 px high and Vega hid every other mission's name to avoid overlaps.
GRID_CHROME_PX = 150
GRID_ROW_PX = 24
# The colour legend sits below the grid (the theme's rule): its room comes on top, or the rows lose it.
GRID_LEGEND_PX = 3 * LEGEND_ROW_PX
GRID_TITLE = N_("Allegations per mission and year — hatched grey cells: no sourced figure")


# A qualifier written as a sign in a cell: "at least 10†" spilled over the next cells; the tooltip and the colour
# legend's title keep the words.
QUALIFIER_SIGNS = {"at_least": "≥", "over": ">", "about": "≈", "under": "<", "up_to": "≤"}
# A cell label's width per character, as a share of its type size (figures, signs and † in the chart's sans serif).
CHARACTER_EM = 0.6
GRID_FONT_PX = 11


def cell_text(display: str, qualifier: object, lang: Language = ENGLISH) -> str:
    """The figure as a heatmap cell writes it: `display` with its qualifier's words replaced by a sign ("≥10†")."""
    sign = QUALIFIER_SIGNS.get(str(qualifier), "")
    word = qualifier_word(str(qualifier), lang)
    if sign and word and display.startswith(word):
        return sign + display[len(word) :].strip()
    return display


def with_label_colours(grid: pd.DataFrame, lang: Language = ENGLISH) -> pd.DataFrame:
    """`grid` with each known cell's fill on the heat ramp, the label colour that reads on it and its short text."""
    known = grid["value"].dropna()
    low, high = (float(known.min()), float(known.max())) if len(known) else (0.0, 0.0)
    fills = grid["value"].map(lambda value: heat_colour(float(value), low, high) if pd.notna(value) else NO_DATA_GREY)
    texts = [cell_text(str(d), q, lang) for d, q in zip(grid["display"], grid["qualifier"], strict=True)]
    return grid.assign(label_colour=fills.map(text_colour_on), cell_text=texts)


def grid_font_size(cell_texts: pd.Series) -> str:
    """A Vega expression: the cells' type size, 11 px or less so that the longest label fits its cell's width (at
    390 px a cell is about 11 px wide, and labels at 11 px overprinted their neighbours)."""
    longest = max((len(text) for text in cell_texts), default=1)
    return f"min({GRID_FONT_PX}, (bandwidth('x') - 2) / {CHARACTER_EM * longest:g})"


def qualifier_key(grid: pd.DataFrame, lang: Language = ENGLISH) -> list[str]:
    """What each sign in the cells means ("≥ = at least"), for the signs the known cells use."""
    used = set(grid.loc[grid["value"].notna(), "qualifier"].astype(str))
    return [f"{sign} = {qualifier_word(q, lang)}" for q, sign in QUALIFIER_SIGNS.items() if q in used]


# An unknown cell's hatch: one point mark a cell, a custom SVG path of three parallel strokes, corner to corner and
# through the middles of the sides. Vega draws a custom path in a square two units wide (-1 to 1) scaled to the
# mark's size, and a cell is rarely square: the half width and half height of the cell, as shares of its longer
# side, place the strokes. Three rule marks a cell were 2,930 SVG nodes at 100x data.
_HALF_W = "(bandwidth('x') / max(bandwidth('x'), bandwidth('y')))"
_HALF_H = "(bandwidth('y') / max(bandwidth('x'), bandwidth('y')))"
HATCH_PATH = (
    f"'M' + -{_HALF_W} + ',' + {_HALF_H} + 'L' + {_HALF_W} + ',' + -{_HALF_H}"
    f" + 'M' + -{_HALF_W} + ',0L0,' + -{_HALF_H}"
    f" + 'M0,' + {_HALF_H} + 'L' + {_HALF_W} + ',0'"
)
HATCH_SIZE = "pow(max(bandwidth('x'), bandwidth('y')), 2)"


def _hatch(base: alt.Chart) -> alt.Chart:
    """Three diagonal strokes across each cell without a figure, as one mark: Vega-Lite has no pattern fill, and
    the dashed outline this replaces did not show on the grey."""
    return base.transform_filter("datum.value == null").mark_point(
        shape=alt.expr(HATCH_PATH),
        size=alt.expr(HATCH_SIZE),
        filled=False,
        stroke=UNKNOWN_TEXT_GREY,
        strokeWidth=1,
        opacity=1,
    )


def mission_grid_chart(grid: pd.DataFrame, lang: Language = ENGLISH) -> alt.LayerChart | alt.FacetChart:
    grid = with_label_colours(grid, lang)
    known_values = grid["value"].dropna()
    base = alt.Chart().encode(
        x=alt.X("year:O", title=lang._("Year")),
        y=alt.Y("mission:N", title=lang._("Mission")),
        tooltip=[
            alt.Tooltip("mission:N", title=lang._("Mission")),
            alt.Tooltip("year:O", title=lang._("Year")),
            alt.Tooltip("display:N", title=lang._("Allegations")),
            alt.Tooltip("note:N", title=lang._("Note")),
            alt.Tooltip("status:N", title=lang._("Status")),
            alt.Tooltip("alternatives:N", title=lang._("Other sources say")),
        ],
    )
    unknown = base.transform_filter("datum.value == null").mark_rect(color=NO_DATA_GREY, opacity=0.35)
    # Three parallel strokes a cell: a hatch that reads as "nothing here" on light and dark themes alike.
    hatch = _hatch(base)
    domain = [float(known_values.min()), float(known_values.max())] if len(known_values) else [0.0, 1.0]
    known = (
        base.transform_filter("datum.value != null")
        .mark_rect()
        .encode(
            color=alt.Color(
                "value:Q",
                title=[lang._("Allegations (count)"), *qualifier_key(grid, lang)],
                scale=alt.Scale(domain=domain, range=list(HEAT_RANGE), interpolate="rgb"),
            )
        )
    )
    # One text layer per label colour: a colour field without a scale, layered over the cells' colour scale,
    # broke Vega-Lite's compiler ("Cannot read properties of null").
    font_size = alt.expr(grid_font_size(grid.loc[grid["value"].notna(), "cell_text"]))
    labels = [
        base.transform_filter(f"datum.value != null && datum.label_colour == '{colour}'")
        .mark_text(fontSize=font_size, color=colour)
        .encode(text=alt.Text("cell_text:N"))
        for colour in ("black", "white")
    ]
    return titled(
        alt.layer(unknown, hatch, known, *labels, data=grid),
        lang._(GRID_TITLE),
        lang._(
            "Heatmap of allegations per mission and year. Coloured cells hold a sourced count; hatched grey cells "
            "mean no public source gives a count for that mission and year, not zero."
        ),
    ).properties(
        height=max(
            CHART_HEIGHT,
            GRID_CHROME_PX
            + GRID_LEGEND_PX
            + LEGEND_ROW_PX * len(qualifier_key(grid, lang))
            + GRID_ROW_PX * grid["mission"].nunique(),
        )
    )


# Darker than NO_DATA_GREY: these are words to read (about 5:1 on white), not a fill.
UNKNOWN_TEXT_GREY = "#6E6E6E"


def _unknown_slot_labels(frame: pd.DataFrame, x: alt.X, offset: alt.XOffset) -> alt.Chart:
    """'not known' written upright in each empty slot, so an empty slot never reads as a zero bar."""
    return (
        alt.Chart(frame)
        .transform_filter("datum.value == null")
        .mark_text(angle=270, align="left", dx=4, fontSize=10, color=UNKNOWN_TEXT_GREY)
        .encode(x=x, xOffset=offset, y=alt.Y(datum=0, type="quantitative"), text=alt.Text("display:N"))
    )


def category_chart(split: pd.DataFrame, lang: Language = ENGLISH) -> alt.LayerChart | alt.FacetChart:
    domain = [code_label(CATEGORIES_KEY, code, lang) for code in CATEGORY_DOMAIN]
    x = alt.X("year:O", title=lang._("Year"))
    offset = alt.XOffset("category_label:N", scale=alt.Scale(domain=domain))
    bars = (
        alt.Chart(split)
        .transform_filter("datum.value != null")
        .mark_bar()
        .encode(
            x=x,
            xOffset=offset,
            y=alt.Y("value:Q", title=lang._("Allegations (count)")),
            color=alt.Color("category_label:N", title=lang._("Category of personnel"), scale=series_scale(domain)),
            tooltip=[
                alt.Tooltip("year:O", title=lang._("Year")),
                alt.Tooltip("category_label:N", title=lang._("Category of personnel")),
                alt.Tooltip("display:N", title=lang._("Allegations")),
                alt.Tooltip("note:N", title=lang._("Note")),
            ],
        )
    )
    return titled(
        alt.layer(bars, _unknown_slot_labels(split, x, offset)),
        lang._("Allegations by category of personnel"),
        lang._(
            "Grouped bars of allegations by category of personnel, only for the years a source splits them; a "
            "category the sources leave out that year is written 'not known', not drawn as zero."
        ),
    )


def victims_chart(victims: pd.DataFrame, lang: Language = ENGLISH) -> alt.LayerChart | alt.FacetChart:
    domain = [lang._(label) for label in VICTIM_MEASURES.values()]
    x = alt.X("year:O", title=lang._("Year"))
    offset = alt.XOffset("kind:N", scale=alt.Scale(domain=domain))
    bars = (
        alt.Chart(victims)
        .transform_filter("datum.value != null")
        .mark_bar()
        .encode(
            x=x,
            xOffset=offset,
            y=alt.Y("value:Q", title=lang._("Victims (count)")),
            color=alt.Color("kind:N", title=lang._("Victims"), scale=series_scale(domain)),
            tooltip=[
                alt.Tooltip("year:O", title=lang._("Year")),
                alt.Tooltip("kind:N", title=lang._("Victims")),
                alt.Tooltip("display:N", title=lang._("Victims")),
                alt.Tooltip("note:N", title=lang._("Note")),
                alt.Tooltip("alternatives:N", title=lang._("Other sources say")),
            ],
        )
    )
    return titled(
        alt.layer(bars, _unknown_slot_labels(victims, x, offset)),
        lang._("Victims per year in UN peace operations"),
        lang._(
            "Grouped bars of victims per year; a kind of victim no source gives for a year is written 'not known', "
            "not drawn as zero."
        ),
    )
