"""The Projects page's charts (pure): the rows of components/figures/projects.py in, an Altair chart out."""

from __future__ import annotations

import altair as alt
import pandas as pd

from components.charts.theme import (
    LEGEND_GREY,
    LEGEND_ROW_PX,
    YEAR_AXIS,
    label_lines,
    series_scale,
    titled,
    wrapped_label,
)
from components.figures.projects import LINK_LABELS, NO_END
from components.language.translation import ENGLISH, Language

# A project's name on the axis, in lines of at most this many characters (about 150 px): cut at 150 px it read
# "Vocational training centre a…"; wrapped, each row is as tall as its longest name.
PROJECT_LINE_CHARACTERS = 24
LABEL_LINE_PX = 13


def timeline_height(rows: int, legend_entries: int, name_lines: int = 1) -> int:
    """Pixels for the whole chart: Streamlit fits title, axis and legends into the height, so rows alone would be
    squeezed flat; the two legends sit above and below the plot. Each row holds the most lines a name takes."""
    title_and_axis = 100
    legends = LEGEND_ROW_PX * (legend_entries + 2) + 20
    return title_and_axis + max(48, LABEL_LINE_PX * name_lines + 20) * rows + legends


def timeline_years(frame: pd.DataFrame) -> tuple[int, int]:
    """The whole years the timeline spans, from the first start's year to the year after the last bar ends: a
    single project, or one whose bar has no length, still gets a date axis with its years on it."""
    return int(frame["start"].min().year), int(frame["bar_end"].max().year) + 1


def gantt_chart(frame: pd.DataFrame, lang: Language = ENGLISH) -> alt.LayerChart | alt.FacetChart:
    """Bars from start to the last report (or a sourced end), a marker at the start; shape marks the Fund link.
    `frame` is figures.projects.gantt_frame's in the same `lang`, which the chart's words are in."""
    statuses = sorted(frame["status"].unique())
    links = [lang._(label) for label in LINK_LABELS.values() if lang._(label) in set(frame["fund_link"])]
    link_title = lang._("Link to the Fund")
    first, last = timeline_years(frame)
    base = alt.Chart().encode(
        # Names in lines of about 150 px so that on a phone the bars keep most of the width.
        y=alt.Y(
            "project:N",
            title=None,
            sort=list(frame["project"]),
            axis=alt.Axis(labelExpr=wrapped_label(PROJECT_LINE_CHARACTERS), labelLimit=0),
        ),
        # Legends below the plot: beside it they took the width a phone needs for the bars.
        color=alt.Color(
            "status:N",
            title=lang._("Status"),
            scale=series_scale(statuses),
            legend=alt.Legend(orient="bottom", direction="vertical"),
        ),
        tooltip=[
            alt.Tooltip("project:N", title=lang._("Project")),
            alt.Tooltip("start_text:N", title=lang._("Started")),
            alt.Tooltip("last_text:N", title=lang._("Last reported")),
            alt.Tooltip("end_text:N", title=lang._("Ended")),
            alt.Tooltip("status:N", title=lang._("Status")),
            alt.Tooltip("fund_link:N", title=link_title),
        ],
    )
    bars = base.mark_bar(height=14, opacity=0.8).encode(
        x=alt.X(
            "start:T",
            title=lang._("Date"),
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
            title=link_title,
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
    no_end = (frame["end_text"] == lang._(NO_END)).all()
    return titled(
        alt.layer(bars, starts, data=frame),
        lang._("Projects from their start to the last report of them"),
        lang._(
            "Timeline of the projects with a known start. A marker shows the start; the bar runs to the end date "
            "where a source gives one, else to the last date a source reports the project, which is not its end: no "
            "source gives an end date, so none is drawn. A start known only to the year or month is placed at its "
            "first day."
        )
        if no_end
        else lang._(
            "Timeline of the projects with a known start. A marker shows the start; the bar runs to the end date "
            "where a source gives one, else to the last date a source reports the project, which is not its end. A "
            "start known only to the year or month is placed at its first day."
        ),
    ).properties(
        height=timeline_height(
            len(frame),
            len(statuses) + len(links),
            max(label_lines(name, PROJECT_LINE_CHARACTERS) for name in frame["project"]),
        )
    )


def services_chart(counts: pd.DataFrame, lang: Language = ENGLISH) -> alt.Chart:
    """Projects offering each service, stacked by country; `counts` is figures.projects.services_by_country's in
    the same `lang`, which the chart's words are in."""
    chart = (
        alt.Chart(counts)
        .mark_bar()
        .encode(
            y=alt.Y("service:N", title=lang._("Service"), sort="-x", axis=alt.Axis(labelLimit=150)),
            x=alt.X("sum(projects):Q", title=lang._("Projects offering it (count)"), axis=alt.Axis(tickMinStep=1)),
            color=alt.Color(
                "country:N",
                title=lang._("Country"),
                scale=series_scale(sorted(counts["country"].unique())),
                legend=alt.Legend(labelLimit=260),
            ),
            tooltip=[
                alt.Tooltip("country:N", title=lang._("Country")),
                alt.Tooltip("service:N", title=lang._("Service")),
                alt.Tooltip("projects:Q", title=lang._("Projects (count)")),
            ],
        )
    )
    return titled(
        chart,
        lang._("Services by country"),
        lang._(
            "Stacked bars: how many projects offer each service, split by country. A project offering several "
            "services is counted once under each. Counts are of projects, not of people helped."
        ),
    )
