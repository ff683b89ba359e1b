"""The preferred-value rule of data/README.md, one rule per test."""

from __future__ import annotations

import pandas as pd

from components.data.preferred import ALLEGATION_FACT, preferred_values

SOURCES = pd.DataFrame(
    [
        {"id": "un-2019", "kind": "un_document", "date": "2019-02", "publisher": "UN"},
        {"id": "press-2024", "kind": "press", "date": "2024-03", "publisher": "Wire"},
        {"id": "un-2020", "kind": "un_document", "date": "2020-02", "publisher": "UN"},
        {"id": "news-2021", "kind": "un_news", "date": "2021-01", "publisher": "UN News"},
        {"id": "press-2022", "kind": "press", "date": "2022-01", "publisher": "Paper"},
    ]
)


def _rows(*values: tuple[float, str, str]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "year": 2018,
                "period": "year",
                "scope": "peace_operations",
                "mission": pd.NA,
                "category": pd.NA,
                "measure": "allegations",
                "value": v,
                "qualifier": q,
                "source_id": s,
            }
            for v, q, s in values
        ]
    )


def test_un_document_is_preferred_over_a_newer_press_report():
    best = preferred_values(_rows((54, "exact", "un-2019"), (56, "exact", "press-2024")), SOURCES, ALLEGATION_FACT)
    assert len(best) == 1
    assert best.loc[0, "value"] == 54 and best.loc[0, "source_id"] == "un-2019"


def test_newer_publication_is_preferred_among_same_kind():
    best = preferred_values(_rows((54, "exact", "un-2019"), (56, "exact", "un-2020")), SOURCES, ALLEGATION_FACT)
    assert best.loc[0, "value"] == 56


def test_un_news_is_preferred_over_press():
    best = preferred_values(_rows((90, "exact", "press-2022"), (91, "exact", "news-2021")), SOURCES, ALLEGATION_FACT)
    assert best.loc[0, "source_id"] == "news-2021"


def test_qualifier_travels_with_the_preferred_value():
    best = preferred_values(
        _rows((2500000, "over", "un-2020"), (2400000, "exact", "press-2022")), SOURCES, ALLEGATION_FACT
    )
    assert (best.loc[0, "value"], best.loc[0, "qualifier"]) == (2500000, "over")


def test_disagreeing_sources_are_flagged_and_listed_as_alternatives():
    best = preferred_values(_rows((103, "exact", "un-2020"), (104, "exact", "press-2022")), SOURCES, ALLEGATION_FACT)
    assert bool(best.loc[0, "conflict"]) is True
    assert best.loc[0, "source_count"] == 2
    assert best.loc[0, "alternatives"] == "104 (Paper, 2022-01)"


def test_agreeing_sources_are_corroboration_not_conflict():
    best = preferred_values(_rows((62, "exact", "un-2020"), (62, "exact", "press-2022")), SOURCES, ALLEGATION_FACT)
    assert bool(best.loc[0, "conflict"]) is False
    assert best.loc[0, "alternatives"] == ""
    assert best.loc[0, "source_count"] == 2


def test_facts_are_never_added_up():
    rows = pd.concat(
        [
            _rows((62, "exact", "un-2020"), (63, "exact", "press-2022")),
            _rows((40, "exact", "un-2020")).assign(year=2019),
        ],
        ignore_index=True,
    )
    best = preferred_values(rows, SOURCES, ALLEGATION_FACT).set_index("year")
    assert best.loc[2018, "value"] == 62 and best.loc[2019, "value"] == 40
