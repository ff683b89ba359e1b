"""Citations: which document backs which figure, and how a citation reads on screen."""

from __future__ import annotations

import math
import weakref
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import NamedTuple

import pandas as pd

from components.data.schema import SOURCE_KIND_LABELS
from components.figures.formatting import escape_markdown
from components.language.translation import ENGLISH, Language


class SourceRef(NamedTuple):
    """One cited document, with where in it the figure was read.

    A named tuple, not a dataclass: every cached view holds its citations, and Streamlit's full garbage
    collection after every script run walks them; tuples are the cheapest objects for it to walk
    (bench/README.md, "Measurements behind the code")."""

    id: str
    title: str
    publisher: str
    kind: str
    url: str
    date: str
    locator: str = ""


_SourceFields = dict[str, tuple[str, ...]]
_source_tables: dict[int, _SourceFields] = {}


def _source_table(sources: pd.DataFrame) -> _SourceFields:
    """Each source's fields by id, made once per sources frame (the loaded data's), so every view's citations
    share one copy of each title and address: the frame's strings are Arrow's, and each reading of a column makes
    new Python strings (at 100x data one Mission map view cited 20,000 sources, 5 MB of copies). One lookup table,
    not a row lookup per citation, for the same reason."""
    key = id(sources)
    table = _source_tables.get(key)
    if table is None:
        fields = [sources[column].astype("object") for column in ("title", "publisher", "kind", "url")]
        dates = sources["date"].astype("object").where(sources["date"].notna(), "")
        table = {
            source_id: tuple(map(str, values)) for source_id, *values in zip(sources["id"], *fields, dates, strict=True)
        }
        _source_tables[key] = table
        # Forgotten with the frame, so a later frame given the same id never reads this one's sources.
        weakref.finalize(sources, _source_tables.pop, key, None)
    return table


def resolve_sources(sources: pd.DataFrame, cited: Iterable[tuple[str, str | None]]) -> tuple[SourceRef, ...]:
    """Turn (source_id, locator) pairs into full citations, once each, in the order given."""
    table = _source_table(sources)
    refs: list[SourceRef] = []
    seen: set[tuple[str, str]] = set()
    for source_id, locator in cited:
        key = (str(source_id), "" if locator is None or pd.isna(locator) else str(locator))
        if key in seen or source_id not in table:
            continue
        seen.add(key)
        refs.append(SourceRef._make((key[0], *table[source_id], key[1])))
    return tuple(refs)


def sources_of(
    rows: pd.DataFrame, sources: pd.DataFrame, locator_column: str = "source_locator"
) -> tuple[SourceRef, ...]:
    """The citations behind a frame of figures that carry `source_id` (and a locator column)."""
    if rows.empty:
        return ()
    locators = rows[locator_column] if locator_column in rows else [None] * len(rows)
    return resolve_sources(sources, zip(rows["source_id"], locators, strict=True))


NO_SOURCE = "—"


def source_columns(source_ids: Iterable[object], sources: pd.DataFrame) -> dict[str, list[str | None]]:
    """A table's 'Source' ('Publisher, date') and 'Link' (its address) for each row's source id, so every row's
    source is one click away. A row without a source reads NO_SOURCE and has no link."""
    dates = sources["date"].astype("object").where(sources["date"].notna(), None)
    labels = {
        source_id: f"{publisher}, {date}" if date else str(publisher)
        for source_id, publisher, date in zip(sources["id"], sources["publisher"], dates, strict=True)
    }
    links = dict(zip(sources["id"], sources["url"].astype("object"), strict=True))
    source_ids = list(source_ids)
    return {
        "Source": [labels.get(source_id, NO_SOURCE) for source_id in source_ids],
        "Link": [links.get(source_id) for source_id in source_ids],
    }


def _markdown_url(url: str) -> str:
    """An address that cannot close a markdown link early."""
    return url.replace("(", "%28").replace(")", "%29").replace(" ", "%20")


def short_citation_markdown(ref: SourceRef) -> str:
    """'[Publisher, 2016-03-05](url)': a source in a line that has little room, with data text escaped."""
    return f"[{escape_markdown(ref.publisher + (f', {ref.date}' if ref.date else ''))}]({_markdown_url(ref.url)})"


def source_kind_label(kind: str, lang: Language = ENGLISH) -> str:
    """'Press report' / 'Article de presse': the kind of a source in words; the code where it has no label."""
    label = SOURCE_KIND_LABELS.get(kind)
    return lang._(label) if label else kind


def citation_markdown(ref: SourceRef, lang: Language = ENGLISH) -> str:
    """'[Title](url) — Publisher, 2016-03-05 · Press report · 3rd paragraph', with data text escaped. Only the kind
    of source is in the viewer's language: title, publisher, date and locator are as the data holds them."""
    url = _markdown_url(ref.url)
    parts = [f"[{escape_markdown(ref.title)}]({url})", f"— {escape_markdown(ref.publisher)}"]
    if ref.date:
        parts[-1] += f", {escape_markdown(ref.date)}"
    parts.append(f"· {source_kind_label(ref.kind, lang)}")
    if ref.locator:
        parts.append(f"· {escape_markdown(ref.locator)}")
    return " ".join(parts)


MAX_LISTED_SOURCES = 60


def source_list_markdown(refs: Sequence[SourceRef], lang: Language = ENGLISH) -> str:
    """A bulleted list of citations; past MAX_LISTED_SOURCES it points to the full list."""
    return _listed_markdown(tuple(refs[:MAX_LISTED_SOURCES]), len(refs), lang)


# Memoised on the listed sources only: the same lists are drawn on every rerun, escaping them each time cost a
# millisecond a list, and hashing a whole 8,000-source tuple as the key cost more (100x data).
@lru_cache(maxsize=512)
def _listed_markdown(listed: tuple[SourceRef, ...], total: int, lang: Language) -> str:
    lines = [f"- {citation_markdown(r, lang)}" for r in listed]
    if total > len(listed):
        more = total - len(listed)
        lines.append(
            "- "
            + lang.n_(
                "… and {n} more: every source is listed, with its rows, on the Data & sources page (download the "
                "dataset to see which source backs which figure).",
                "… and {n} more: every source is listed, with its rows, on the Data & sources page (download the "
                "dataset to see which source backs which figure).",
                more,
            )
        )
    return "\n".join(lines)


def markdown_cells(frame: pd.DataFrame, link_text: str, link_header: str = "Link") -> pd.DataFrame:
    """`frame` as a static table shows it: a static table reads every cell and heading as markdown, so data text is
    escaped (shown literally: no emphasis, HTML or link under other words; a web address written out in a note still
    shows as a link, GitHub-flavoured markdown links bare addresses), a 'Link' column (headed `link_header`) becomes
    a link reading `link_text` to its address, and a missing value is a blank cell, not "None"."""

    def cell(value: object) -> str:
        if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
            return ""
        # A whole number in a column with a gap is a float to pandas: 2016, not "2016.0".
        return escape_markdown(int(value) if isinstance(value, float) and value.is_integer() else value)

    def link(url: object) -> str:
        return f"[{escape_markdown(link_text)}]({_markdown_url(str(url))})" if isinstance(url, str) and url else ""

    return pd.DataFrame(
        {
            escape_markdown(link_header if column == "Link" else column): [
                link(value) if column == "Link" else cell(value) for value in frame[column]
            ]
            for column in frame.columns
        }
    )
