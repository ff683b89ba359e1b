"""A page's FigureCard drawn by components/charts/cards.py: each card's chart is made once, and goes with the card."""

from __future__ import annotations

import gc
import weakref

import pandas as pd

from components.charts import cards
from components.charts.cards import CHART_BUILDERS, chart_card
from components.charts.theme import title_words
from components.figures.cards import FigureCard


def _totals_card(key: str = "allegations-totals", **options: object) -> FigureCard:
    drawn = pd.DataFrame(
        {
            "year": [2022, 2023],
            "scope": ["peace_operations", "peace_operations"],
            "series": ["Peacekeeping and special political missions"] * 2,
            "value": [79.0, 100.0],
            "qualifier": ["exact", "exact"],
            "display": ["79", "100"],
            "note": ["", ""],
            "source_count": [1, 1],
            "alternatives": ["", ""],
        }
    )
    return FigureCard(key, drawn, "takeaway", drawn, (), "stem", tuple(options.items()))


def test_a_card_is_drawn_once_however_often_a_page_asks(monkeypatch) -> None:
    calls = []

    def counting(frame: pd.DataFrame, **options: object):
        calls.append(options)
        return CHART_BUILDERS["overview-trend"](frame, **options)

    monkeypatch.setitem(CHART_BUILDERS, "allegations-totals", counting)
    card = _totals_card(all_missions_label=True)
    first, again = chart_card(card), chart_card(card)
    assert first.spec is again.spec and first.streamlit_spec is again.streamlit_spec
    assert calls == [{"all_missions_label": True}]


def test_the_card_options_reach_the_chart_and_the_card_keeps_its_figures() -> None:
    card = _totals_card(all_missions_label=True)
    drawn = chart_card(card)
    assert title_words(drawn.spec["title"]) == "Allegations reported per year, all missions"
    assert title_words(chart_card(_totals_card("overview-trend")).spec["title"]) == "Allegations reported per year"
    assert (drawn.key, drawn.takeaway, drawn.file_stem, drawn.data is card.data) == (
        "allegations-totals",
        "takeaway",
        "stem",
        True,
    )
    assert drawn.csv.decode().splitlines()[0].startswith("year,scope,series,value")


def test_a_forgotten_card_takes_its_chart_with_it() -> None:
    card = _totals_card()
    chart_card(card)
    # Its own chart, watched weakly: other tests' cards may be collected at the same time, so counting entries of
    # the store would not say whose chart went.
    drawn = weakref.ref(cards._drawn[card])
    del card
    gc.collect()
    assert drawn() is None
