"""Pure figures and aggregations: frames in, frames or numbers out. No Streamlit here."""

from __future__ import annotations

import pandas as pd

from components.figures.formatting import format_figure
from components.language.translation import ENGLISH, Language

# Rule 1 of the preferred-value rule (data/README.md): lower rank wins.
SOURCE_KIND_RANK = {
    "un_document": 0,
    "un_news": 1,
    "mission_site": 2,
    "un_page": 2,
    "government": 3,
    "ngo": 3,
    "press": 3,
    "dataset": 3,
    "other": 4,
}
ALLEGATION_FACT = ["year", "period", "scope", "mission", "category", "measure"]


def preferred_values(
    rows: pd.DataFrame, sources: pd.DataFrame, fact: list[str], lang: Language = ENGLISH
) -> pd.DataFrame:
    """One row per fact: the preferred value by the documented rule, with the others beside it.

    Adds `source_count` (sources stating the fact), `conflict` (whether they disagree) and
    `alternatives` (each other value with its source, e.g. "104 (Associated Press, 2020-02)").
    """
    out_columns = [*rows.columns, "source_kind", "source_date", "source_count", "conflict", "alternatives"]
    if rows.empty:
        return pd.DataFrame(columns=out_columns)
    meta = sources.set_index("id")[["kind", "date", "publisher"]]
    ranked = rows.join(meta, on="source_id")
    # One text key per fact: group-bys on columns holding NA (mission, category) are fragile.
    parts = [ranked[column].astype("string").fillna("") for column in fact]
    ranked["_fact"] = parts[0].str.cat(parts[1:], sep="|")  # type: ignore[arg-type]  # a list of Series works; the stubs omit it
    ranked["_rank"] = ranked["kind"].map(SOURCE_KIND_RANK).fillna(len(SOURCE_KIND_RANK))
    ranked["_date"] = ranked["date"].fillna("")
    ranked["_inexact"] = (ranked["qualifier"] != "exact").astype(int)
    ranked["_agreeing"] = ranked.groupby(["_fact", "value", "qualifier"])["source_id"].transform("count")
    ranked = ranked.sort_values(
        ["_rank", "_date", "_inexact", "_agreeing", "source_id"], ascending=[True, False, True, False, True]
    )
    grouped = ranked.groupby("_fact", sort=False)
    best = grouped.head(1).copy()
    best["source_count"] = grouped["source_id"].transform("count").loc[best.index]
    best["conflict"] = grouped["value"].transform("nunique").loc[best.index] > 1

    best_value = best.set_index("_fact")[["value", "qualifier"]].add_suffix("_best")
    others = ranked.drop(index=best.index).join(best_value, on="_fact")
    differing = others[(others["value"] != others["value_best"]) | (others["qualifier"] != others["qualifier_best"])]
    texts = pd.Series(
        [
            lang._("{figure} ({source}, {date})", figure=format_figure(v, q, lang=lang), source=p, date=d)
            if d
            else lang._("{figure} ({source})", figure=format_figure(v, q, lang=lang), source=p)
            for v, q, p, d in zip(
                differing["value"], differing["qualifier"], differing["publisher"], differing["_date"], strict=True
            )
        ],
        index=differing.index,
        dtype="object",
    )
    alternatives = texts.groupby(differing["_fact"], sort=False).agg("; ".join)
    best["alternatives"] = [alternatives.get(key, "") for key in best["_fact"]]
    best = best.rename(columns={"kind": "source_kind", "date": "source_date"})
    return best[out_columns].reset_index(drop=True)
