"""A chart's content as a page shows it, before anything is drawn: the rows the chart draws, its takeaway, the data
behind it (the CSV) and its sources. components/charts/cards.py turns a card into a Vega-Lite spec."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd

from components.data.downloads import csv_bytes
from components.figures.citations import SourceRef


# Compared and hashed by identity: components/charts keeps each card's chart by the card.
@dataclass(frozen=True, eq=False)
class FigureCard:
    """One chart's figures. `key` names the chart (and its widget); `drawn` holds the rows the chart draws, which
    may be fewer than `data`, the rows of the download; `chart_options` are the drawing choices of this card
    (keyword arguments of its chart builder)."""

    key: str
    drawn: pd.DataFrame
    takeaway: str
    data: pd.DataFrame
    sources: tuple[SourceRef, ...] = field(default=())
    file_stem: str = "chart-data"
    chart_options: tuple[tuple[str, object], ...] = field(default=())

    @cached_property
    def csv(self) -> bytes:
        """The download, made once per card: cards are cached, and encoding a large frame on every
        rerun was the slowest part of the allegations page at 100x data."""
        return csv_bytes(self.data)
