"""The Contributions page's charts (pure): the figures of components/figures/contributions.py in, a chart out."""

from __future__ import annotations

import altair as alt
import pandas as pd

from components.charts.theme import (
    LEGEND_GREY,
    LEGEND_ROW_PX,
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
            x=alt.X("date:T", title=lang._("As of"), axis=YEAR_AXIS, scale=alt.Scale(padding=40)),
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
    # The qualifier on the mark itself: "over $2.5M" is a floor, "about $1.5M" a rounded figure.
    labels = (
        alt.Chart(money)
        .mark_text(dy=-12, fontSize=11, tooltip=TEXT_TOOLTIP)
        .encode(x="label_date:T", y=y, text="short:N", color=colour)
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
    return in_language(chart, lang)


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
