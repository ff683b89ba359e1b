"""Reading a page in French as a francophone would (issue 20): every word the app wrote, and whether any is English.

Data text stays as its sources wrote it (titles, quotations, notes, names), so it is taken out before looking;
what remains is the app's own words, which must all be French."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

import pandas as pd
from google.protobuf.json_format import MessageToDict
from streamlit.testing.v1 import AppTest

from components.charts.theme import title_words
from components.data.bundle import DataBundle

# Words a French sentence never holds but nearly every English one does (French homographs such as "table",
# "page", "sources", "mission" are left out).
ENGLISH_WORDS = frozenset(
    [
        "the",
        "and",
        "of",
        "with",
        "from",
        "which",
        "not",
        "known",
        "year",
        "years",
        "project",
        "projects",
        "allegation",
        "allegations",
        "victim",
        "victims",
        "show",
        "shows",
        "filter",
        "filters",
        "donor",
        "donors",
        "received",
        "pledged",
        "this",
        "that",
        "these",
        "those",
        "for",
        "what",
        "where",
        "when",
        "each",
        "other",
        "between",
        "more",
        "fewer",
        "than",
        "about",
        "over",
        "under",
        "only",
        "map",
        "chart",
        "download",
        "is",
        "are",
        "was",
        "were",
        "has",
        "have",
        "its",
        "their",
        "no",
        "yes",
        "all",
        "any",
        "none",
        "see",
        "read",
        "open",
        "close",
        "choose",
        "chosen",
        "sign",
        "signed",
        "edit",
    ]
)
# Proto fields that hold no words a viewer reads.
_SKIPPED_FIELDS = {
    "id",
    "formId",
    "key",
    "icon",
    "spec",
    "datasets",
    "data",
    "arrowData",
    "url",
    "pageScriptHash",
    "useContainerWidth",
    "theme",
    "vegaLiteTheme",
    "deckJson",
    "jsonData",
    "mapboxToken",
    "selectionMode",
    "tooltip",
    "fragmentId",
    "elementId",
    "mimetype",
    "type",
    "defaultValue",
    "setValue",
    "rawValue",
    # A widget's query-parameter name and a page link's address and query: codes, the same in every language.
    "queryParamKey",
    "page",
    "queryString",
    # A pydeck deck's JSON: layers, colours and data rows (its tooltips' words are tested with the deck's builder).
    "json",
}
_SPEC_TEXT_KEYS = {"title", "subtitle", "description", "text"}
_SPEC_SKIPPED = {"data", "datasets", "values", "field", "scale", "condition", "transform", "params", "config"}


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, inner in value.items():
            if key not in _SKIPPED_FIELDS:
                yield from _strings(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _strings(inner)


def _spec_strings(spec: Any, under_text_key: bool = False) -> Iterator[str]:
    if isinstance(spec, str):
        if under_text_key:
            yield spec
    elif isinstance(spec, dict):
        for key, inner in spec.items():
            if key == "title" and isinstance(inner, dict) and isinstance(inner.get("text"), dict):
                # A title in lines as wide as drawn (theme.fitted_title): its words are in an expression.
                yield title_words(inner)
                inner = {name: value for name, value in inner.items() if name != "text"}
            if key not in _SPEC_SKIPPED:
                yield from _spec_strings(inner, key in _SPEC_TEXT_KEYS or (under_text_key and key == "text"))
    elif isinstance(spec, list):
        for inner in spec:
            yield from _spec_strings(inner, under_text_key)


def page_words(at: AppTest) -> list[str]:
    """Every text the page shows outside its data tables: titles, markdown, captions, notices, labels, help,
    options, chart titles, axes and legends."""
    texts: list[str] = []

    def walk(node: Any) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None and hasattr(proto, "DESCRIPTOR"):
            fields = MessageToDict(proto)
            texts.extend(_strings(fields))
            if "spec" in fields:
                texts.extend(_spec_strings(json.loads(fields["spec"])))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    # A page's own script (the Briefing's scroll-to-top) and the constant style of the entry script (st.html) are
    # code, not words anyone reads.
    return [text for text in texts if text.strip() and not text.lstrip().startswith(("<script>", "<style>"))]


def data_texts(bundle: DataBundle) -> list[str]:
    """Every text cell of the data, longest first (so a title is taken out before a word inside it)."""
    cells: set[str] = set()
    for frame in [
        *bundle.tables().values(),
        bundle.sources,
        bundle.project_places,
        bundle.project_sources,
        bundle.project_beneficiaries,
    ]:
        for column in frame.columns:
            values = frame[column]
            if values.dtype == object or pd.api.types.is_string_dtype(values):
                for v in values.dropna():
                    # A list cell (a project's notes, conflicts, partners) holds data text item by item.
                    items = v if isinstance(v, list | tuple) else [v]
                    cells.update(str(item) for item in items if len(str(item)) > 2)
    return sorted(cells, key=len, reverse=True)


def english_left(texts: Iterable[str], bundle: DataBundle) -> list[str]:
    """The texts that still hold an English word once the data's own text is taken out of them."""
    data = data_texts(bundle)
    left = []
    for text in texts:
        if re.fullmatch(r"[A-Z_]+", text):  # a proto enum's name ("NONE", "STRETCH"), not words
            continue
        own = re.sub(r"\\(.)", r"\1", text)  # as written, not as escaped for st.markdown
        if own.endswith("…") and any(cell.startswith(own[:-1].rstrip()) for cell in data):
            continue  # a data text cut short to fit (a chart's axis label)
        # A data text wrapped onto lines (a chart's axis label) reads back with its line breaks' spaces gone
        # ("Vocational trainingcentre and…"): still the data's own words.
        squeezed = re.sub(r"\s+", "", own)
        for cell in data:
            if cell in own:
                own = own.replace(cell, " ")
        for cell in data:
            squeezed_cell = re.sub(r"\s+", "", cell)
            if len(squeezed_cell) > 12 and squeezed_cell in squeezed:
                squeezed = squeezed.replace(squeezed_cell, " ")
        if not re.search(r"[^\W\d_]{2,}", squeezed):
            continue
        words = {w.lower() for w in re.findall(r"[^\W\d_]+", own)}  # whole words, accented letters included
        if words & ENGLISH_WORDS:
            left.append(text)
    return left
