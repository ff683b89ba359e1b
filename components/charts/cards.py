"""A page's chart card drawn: components/figures gives a FigureCard (rows, takeaway, data, sources), this module
gives it its Vega-Lite spec, made once per card with the builder its key names."""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import altair as alt
import pandas as pd

from components.charts.allegations import category_chart, mission_grid_chart, victims_chart, yearly_totals_chart
from components.charts.contributions import donor_count_chart, totals_chart
from components.charts.projects import gantt_chart, services_chart
from components.charts.theme import chart_spec, streamlit_ready
from components.figures.cards import FigureCard
from components.figures.citations import SourceRef

# The chart each card key is drawn with, from the card's `drawn` rows and its `chart_options`.
CHART_BUILDERS: dict[str, Callable[..., alt.TopLevelMixin]] = {
    "allegations-totals": yearly_totals_chart,
    "overview-trend": yearly_totals_chart,
    "allegations-grid": mission_grid_chart,
    "allegations-categories": category_chart,
    "allegations-victims": victims_chart,
    "funding-totals": totals_chart,
    "funding-donors": donor_count_chart,
    "projects-timeline": gantt_chart,
    "projects-services": services_chart,
}


class DrawnChart:
    """A card's spec, and the spec as the page sends it (see theme.streamlit_ready), each made once."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec

    @cached_property
    def streamlit_spec(self) -> dict[str, Any]:
        return streamlit_ready(self.spec)


@dataclass(frozen=True)
class ChartCard:
    """A chart as a page shows it: the card's figures and their chart."""

    figure: FigureCard
    drawn: DrawnChart

    @property
    def key(self) -> str:
        return self.figure.key

    @property
    def spec(self) -> dict[str, Any]:
        """The Vega-Lite spec, plain JSON (for exports and tests)."""
        return self.drawn.spec

    @property
    def streamlit_spec(self) -> dict[str, Any]:
        """The spec with its tables in Arrow, as st.vega_lite_chart sends them: made once per card."""
        return self.drawn.streamlit_spec

    @property
    def takeaway(self) -> str:
        return self.figure.takeaway

    @property
    def data(self) -> pd.DataFrame:
        return self.figure.data

    @property
    def sources(self) -> tuple[SourceRef, ...]:
        return self.figure.sources

    @property
    def file_stem(self) -> str:
        return self.figure.file_stem

    @property
    def csv(self) -> bytes:
        return self.figure.csv


# Each card's chart, kept as long as the card (cards live in the cached views): a page rerun draws nothing again.
# Keyed weakly by the card itself, so a card forgotten by the view cache takes its chart with it.
_drawn: weakref.WeakKeyDictionary[FigureCard, DrawnChart] = weakref.WeakKeyDictionary()
_drawn_lock = threading.Lock()


def chart_card(figure: FigureCard) -> ChartCard:
    """The card with its chart, drawn once per card (two sessions drawing one card at once make the same chart)."""
    with _drawn_lock:
        drawn = _drawn.get(figure)
    if drawn is None:
        drawn = DrawnChart(chart_spec(CHART_BUILDERS[figure.key](figure.drawn, **dict(figure.chart_options))))
        with _drawn_lock:
            drawn = _drawn.setdefault(figure, drawn)
    return ChartCard(figure, drawn)
