"""The Contributions page's charts (pure): the figures of components/figures/contributions.py in, a chart out."""

from __future__ import annotations

import math

import altair as alt
import pandas as pd

from components.charts.theme import (
    IN_DRAWN_BAND,
    LEGEND_GREY,
    LEGEND_ROW_PX,
    TYPE_SCALE_PARAM,
    WIDEST_BAND_END,
    YEAR_AXIS,
    in_language,
    legend_lines,
    series_scale,
    titled,
)
from components.figures.contributions import (
    BASIS_LABELS,
    CHART_COLUMNS,
    DATED,
    DONORS_TOOLTIP,
    TEXT_TOOLTIP,
    UNDATED,
    chart_money,
    tooltip_texts,
)
from components.language.translation import ENGLISH, Language

# The plot's share of the height, and what each legend entry and each wrapped line of one takes in a one-column
# legend (measured in Chromium): the plot was squeezed to a third of the card without them.
TOTALS_PLOT_PX = 360
LEGEND_ENTRY_PX = 30
WRAPPED_LINE_PX = 16
# The shape legend's entries: the total, and the withheld payments in it.
SHAPE_SERIES = 2
GREY_SYMBOLS = alt.Legend(symbolFillColor=LEGEND_GREY, symbolStrokeColor=LEGEND_GREY)


def date_shapes(lang: Language = ENGLISH) -> alt.Scale:
    """A point dated by its source is a circle; one we placed between two dated sources, a diamond."""
    return alt.Scale(domain=[lang._(DATED), lang._(UNDATED)], range=["circle", "diamond"])


# The running totals' value labels are laid out for plot widths (in the spec's own type) from the widest down, each
# VALUE_LABEL_STEP narrower than the last: a 390 px phone's Briefing screen draws the plot about 75 px wide at the
# spec's type (doubled type on 150 px).
VALUE_LABEL_WIDEST_PX = 900.0
VALUE_LABEL_NARROWEST_PX = 60.0
VALUE_LABEL_STEP = 0.8
# The plot's height the labels are laid out for: on a phone the page's 360 px chart keeps about 130 px for its plot
# under the title and above the legend (the Briefing's plot is 280 px at the spec's type; taller only sets them apart).
VALUE_LABEL_PLOT_HEIGHT_PX = 130.0
# A point's radius (its area is 110 px²), and half a bar's thickness, with a pixel to spare.
MARK_RADIUS_PX = 7
VALUE_LABEL_FONT_PX = 11
VALUE_LABEL_LIFT_PX = 12
# Regular sans-serif letters are about this share of the type size wide, on average (generously).
VALUE_GLYPH_WIDTH = 0.62
# The time axis's padding: 40 px on screen, 20 at the spec's type where the Briefing doubles the type.
TIME_PADDING_PX = 20


def _overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _nice_top(value: float) -> float:
    """About where Vega ends a zero-based linear axis holding `value`: the next multiple of a round step."""
    if value <= 0:
        return 1.0
    step = 10 ** math.floor(math.log10(value))
    step = next(s * step for s in (0.1, 0.2, 0.5, 1.0) if value / (s * step) <= 10)
    return math.ceil(value / step) * step


def value_label_bands(money: pd.DataFrame) -> pd.DataFrame:
    """The value labels (`short` at `label_date`, `value`) to draw at each band of plot widths (band_from, band_to),
    none overprinting another: at each band's narrowest width, from the latest report back, a label that would
    overlap one kept is left to the tooltip and the table."""
    if money.empty:
        return money.assign(band_from=[], band_to=[])
    times = pd.concat([money["date"], money["date_from"].dropna(), money["label_date"]]).astype("int64")
    first, last = float(times.min()), float(times.max())
    top = _nice_top(float(money["value"].max()))
    order = sorted(range(len(money)), key=lambda i: (money["label_date"].iloc[i], money["value"].iloc[i]), reverse=True)
    widths = [VALUE_LABEL_WIDEST_PX]
    while widths[-1] * VALUE_LABEL_STEP > VALUE_LABEL_NARROWEST_PX:
        widths.append(widths[-1] * VALUE_LABEL_STEP)
    label_times = money["label_date"].astype("int64").astype(float)
    bands = []
    for n, width in enumerate(widths):
        span = max(width - 2 * TIME_PADDING_PX, 1.0)

        def x_at(time: float, span: float = span) -> float:
            return TIME_PADDING_PX + (time - first) / max(last - first, 1.0) * span

        def y_at(value: float) -> float:
            return VALUE_LABEL_PLOT_HEIGHT_PX * (1 - value / top)

        # The marks themselves: a dated point, or an undated figure's bar across the dates it falls between.
        marks = [
            (
                x_at(start) - MARK_RADIUS_PX,
                y_at(v) - MARK_RADIUS_PX,
                x_at(end) + MARK_RADIUS_PX,
                y_at(v) + MARK_RADIUS_PX,
            )
            for start, end, v in zip(
                money["date_from"].fillna(money["date"]).astype("int64").astype(float),
                money["date"].astype("int64").astype(float),
                money["value"],
                strict=True,
            )
        ]
        kept: list[tuple[float, float, float, float]] = []
        rows = []
        for i in order:
            x = x_at(label_times.iloc[i])
            y = y_at(float(money["value"].iloc[i])) - VALUE_LABEL_LIFT_PX
            half = len(str(money["short"].iloc[i])) * VALUE_GLYPH_WIDTH * VALUE_LABEL_FONT_PX / 2
            box = (x - half, y - VALUE_LABEL_FONT_PX / 2, x + half, y + VALUE_LABEL_FONT_PX / 2)
            # A label may rise above the plot (the top figure's does) and reach into the right margin, where nothing
            # is drawn, but not into the axis on the left.
            inside = (
                box[0] >= 0
                and box[2] <= width + TIME_PADDING_PX
                and box[1] >= -(VALUE_LABEL_LIFT_PX + VALUE_LABEL_FONT_PX)
            )
            others = kept + [mark for k, mark in enumerate(marks) if k != i]
            if inside and not any(_overlaps(box, other) for other in others):
                kept.append(box)
                rows.append(i)
        bands.append(
            money.iloc[sorted(rows)].assign(
                band_from=width if n < len(widths) - 1 else 0.0,
                band_to=widths[n - 1] if n else WIDEST_BAND_END,
            )
        )
    return pd.concat(bands, ignore_index=True)


def totals_chart(figures: pd.DataFrame, lang: Language = ENGLISH) -> alt.LayerChart | alt.FacetChart:
    """Each reported total as a point at the date a source gives (an undated one as a bar across the dates it
    falls between), nothing in between: no line joins two reports, since the sources say nothing of the months
    between them, and totals of different bases are different measures. The axis is US dollars, so a figure in a
    currency the source does not state is left off the chart (the takeaway and the table name it)."""
    money = chart_money(figures, lang)
    domain = [lang._(label) for label in BASIS_LABELS.values()]
    colour = alt.Color(
        "basis_label:N",
        title=lang._("What the total counts"),
        scale=series_scale(domain),
        # One entry a line: side by side, four entries ran past a phone's card, and with the shape legend beside
        # them, past a 1400 px one too ("Withheld payn…").
        legend=alt.Legend(labelLimit=0, direction="vertical"),
    )
    y = alt.Y("value:Q", title=lang._("US dollars"))
    dated, undated = money[~money["placed_by_us"]], money[money["placed_by_us"]]
    points = (
        alt.Chart(dated)
        .mark_point(size=110, filled=True, tooltip=TEXT_TOOLTIP)
        .encode(
            # Padding, in pixels: the label of a total reported on the last date is not cut at the edge.
            x=alt.X("date:T", title=lang._("As of"), axis=YEAR_AXIS, scale=alt.Scale(padding=2 * TIME_PADDING_PX)),
            y=y,
            color=colour,
            # Above the plot, the colour legend below it: side by side at the bottom they ran past the card.
            shape=alt.Shape(
                "series:N",
                title=lang._("Figure"),
                legend=alt.Legend(
                    orient="top", direction="vertical", symbolFillColor=LEGEND_GREY, symbolStrokeColor=LEGEND_GREY
                ),
            ),
        )
    )
    brackets = (
        alt.Chart(undated)
        .mark_rule(strokeWidth=4, strokeCap="round", tooltip=TEXT_TOOLTIP)
        .encode(x="date_from:T", x2="date:T", y=y, color=colour)
    )
    # The qualifier on the mark itself: "over $2.5M" is a floor, "about $1.5M" a rounded figure. Labels that would
    # overprint at the width drawn are left out (the tooltip and the table give every figure).
    labels = (
        alt.Chart(value_label_bands(money))
        .mark_text(dy=-VALUE_LABEL_LIFT_PX, fontSize=VALUE_LABEL_FONT_PX, tooltip=TEXT_TOOLTIP)
        .encode(x="label_date:T", y=y, text="short:N", color=colour)
        .transform_filter(IN_DRAWN_BAND)
    )
    chart = titled(
        alt.layer(brackets, points, labels),
        lang._("Reported running totals of the Trust Fund"),
        lang._(
            "Each point is a total a source reported on a date, labelled as the source gives it; nothing is drawn "
            "between reports. Colour says what a total counts (received, pledged, incl. commitments); shape whether "
            "it is the total or the withheld payments in it. A bar is an undated source placed by us between two "
            "dated ones. Only US-dollar figures are drawn."
        ),
        # Streamlit fits the legends into the height: room for their lines, or the plot is squeezed flat.
    ).properties(
        height=TOTALS_PLOT_PX
        + LEGEND_ENTRY_PX * (len(domain) + SHAPE_SERIES)
        + WRAPPED_LINE_PX * (legend_lines(domain) - len(domain))
        + 2 * LEGEND_ROW_PX
    )
    return in_language(chart.add_params(alt.param(name=TYPE_SCALE_PARAM, value=1)), lang)


def donor_count_chart(figures: pd.DataFrame, lang: Language = ENGLISH) -> alt.Chart:
    counts = figures.loc[figures["measure"] == "donor_count", [*CHART_COLUMNS, "dated"]]
    counts = counts.assign(tip=tooltip_texts(counts, DONORS_TOOLTIP, lang))
    # Points only: a line would carry a count across the years no source gives one.
    chart = (
        alt.Chart(counts)
        .mark_point(size=90, filled=True, tooltip=TEXT_TOOLTIP)
        .encode(
            x=alt.X("date:T", title=lang._("As of"), axis=YEAR_AXIS),
            # A short title: a vertical title longer than the plot pushed the chart's own title out of view.
            y=alt.Y("value:Q", title=lang._("Donor countries (count)"), scale=alt.Scale(zero=True)),
            shape=alt.Shape("dated:N", title=lang._("Date"), scale=date_shapes(lang), legend=GREY_SYMBOLS),
        )
    )
    titled_chart = titled(
        chart,
        lang._("Number of donor countries"),
        lang._(
            "Each point is the number of Member States that had contributed, as a source gave it on a date; "
            "the count between two reports is not known."
        ),
    )
    return in_language(titled_chart, lang)
