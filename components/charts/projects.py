"""The Projects page's charts (pure): the rows of components/figures/projects.py in, an Altair chart out."""

from __future__ import annotations

import altair as alt
import pandas as pd

from components.charts.theme import LEGEND_GREY, LEGEND_ROW_PX, YEAR_AXIS, series_scale, titled
from components.figures.projects import LINK_LABELS, NO_END


def timeline_height(rows: int, legend_entries: int) -> int:
    """Pixels for the whole chart: Streamlit fits title, axis and legends into the height, so rows alone would be
    squeezed flat; the two legends sit above and below the plot."""
    title_and_axis = 80
    legends = LEGEND_ROW_PX * (legend_entries + 2) + 20
    return title_and_axis + 48 * rows + legends


def timeline_years(frame: pd.DataFrame) -> tuple[int, int]:
    """The whole years the timeline spans, from the first start's year to the year after the last bar ends: a
    single project, or one whose bar has no length, still gets a date axis with its years on it."""
    return int(frame["start"].min().year), int(frame["bar_end"].max().year) + 1


def gantt_chart(frame: pd.DataFrame) -> alt.LayerChart | alt.FacetChart:
    """Bars from start to the last report (or a sourced end), a marker at the start; shape marks the Fund link."""
    statuses = sorted(frame["status"].unique())
    links = [label for label in LINK_LABELS.values() if label in set(frame["fund_link"])]
    first, last = timeline_years(frame)
    base = alt.Chart().encode(
        # Names are cut at 150 px so that on a phone the bars keep most of the width (the tooltip has them whole).
        y=alt.Y("project:N", title=None, sort=list(frame["project"]), axis=alt.Axis(labelLimit=150)),
        # Legends below the plot: beside it they took the width a phone needs for the bars.
        color=alt.Color(
            "status:N",
            title="Status",
            scale=series_scale(statuses),
            legend=alt.Legend(orient="bottom", direction="vertical"),
        ),
        tooltip=[
            alt.Tooltip("project:N", title="Project"),
            alt.Tooltip("start_text:N", title="Started"),
            alt.Tooltip("last_text:N", title="Last reported"),
            alt.Tooltip("end_text:N", title="Ended"),
            alt.Tooltip("status:N", title="Status"),
            alt.Tooltip("fund_link:N", title="Link to the Fund"),
        ],
    )
    bars = base.mark_bar(height=14, opacity=0.8).encode(
        x=alt.X(
            "start:T",
            title="Date",
            axis=YEAR_AXIS,
            scale=alt.Scale(
                domain=[alt.DateTime(year=first, month=1, date=1), alt.DateTime(year=last, month=1, date=1)]
            ),
        ),
        x2="bar_end:T",
    )
    starts = base.mark_point(filled=True, size=120).encode(
        x="start:T",
        shape=alt.Shape(
            "fund_link:N",
            title="Link to the Fund",
            scale=alt.Scale(domain=links, range=["triangle-right", "diamond"][: len(links)]),
            # Above the plot, the status legend below it: side by side at the bottom, a phone cut this one off.
            legend=alt.Legend(
                orient="top",
                direction="vertical",
                labelLimit=0,
                symbolFillColor=LEGEND_GREY,
                symbolStrokeColor=LEGEND_GREY,
            ),
        ),
    )
    return titled(
        alt.layer(bars, starts, data=frame),
        "Projects from their start to the last report of them",
        "Timeline of the projects with a known start. A marker shows the start; the bar runs to the end date where "
        "a source gives one, else to the last date a source reports the project, which is not its end"
        + (": no source gives an end date, so none is drawn." if (frame["end_text"] == NO_END).all() else ".")
        + " A start known only to the year or month is placed at its first day.",
    ).properties(height=timeline_height(len(frame), len(statuses) + len(links)))


def services_chart(counts: pd.DataFrame) -> alt.Chart:
    chart = (
        alt.Chart(counts)
        .mark_bar()
        .encode(
            y=alt.Y("service:N", title="Service", sort="-x", axis=alt.Axis(labelLimit=150)),
            x=alt.X("sum(projects):Q", title="Projects offering it (count)", axis=alt.Axis(tickMinStep=1)),
            color=alt.Color(
                "country:N",
                title="Country",
                scale=series_scale(sorted(counts["country"].unique())),
                legend=alt.Legend(labelLimit=260),
            ),
            tooltip=[
                alt.Tooltip("country:N", title="Country"),
                alt.Tooltip("service:N", title="Service"),
                alt.Tooltip("projects:Q", title="Projects (count)"),
            ],
        )
    )
    return titled(
        chart,
        "Services by country",
        "Stacked bars: how many projects offer each service, split by country. A project offering several "
        "services is counted once under each. Counts are of projects, not of people helped.",
    )
