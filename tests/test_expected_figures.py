"""Every public page checked against figures written by hand from the sources, never against its builder called
again: each row of tests/expected_figures.csv names a page, the filters in its address, the element to read and the
text a user must see there, with the source the figure was read in.

`element` says where to look:
- `metric:<label>`: the metric whose label starts with <label>; its value must equal `expected`.
- `help:<label>`: the tooltip of that metric (its "?") must contain `expected`.
- `title`, `subheader`, `caption`, `markdown`, `info`, `warning`, `success`: some element of that kind must contain
  `expected` (markdown escapes and bold marks removed, as the reader sees the text).
- `expander`: some expander's label must contain `expected`.
- `cell:<column>=<value>[&<column>=<value>…]/<column>`: in the page's tables, the rows whose cells equal those
  values; the last column's cell must equal `expected`.
- `row:<column>=<value>[&…]`: some cell of such a row must contain `expected`.
- `chart:<title start>><field>=<value>[&…]/<field>`: in the data of the charts whose title starts so, the rows with
  those values; the last field must equal `expected` (what the chart draws and its tooltip says).
`expected` written `NOT:<text>` says what must not show: the element is there and none of it contains <text>
(a misleading figure that a fix removes).
"""

from __future__ import annotations

import csv
import functools
import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs

import pandas as pd
import pytest
from streamlit import dataframe_util
from streamlit.testing.v1 import AppTest

from components.charts.theme import title_words
from components.figures.formatting import UNKNOWN
from tests.pages_app import open_page, shown_tables

HERE = Path(__file__).parent
EXPECTED_TABLES = ("expected_figures.csv",)
COLUMNS = ["page", "filters", "element", "expected", "source_id", "note"]
PUBLIC_PAGES = ("overview", "contributions", "projects", "allegations", "mission_map", "data_sources", "briefing")
ABSENT = "NOT:"
TEXT_KINDS = ("title", "subheader", "caption", "markdown", "info", "warning", "success")


@dataclass(frozen=True)
class ExpectedFigure:
    page: str
    filters: str
    element: str
    expected: str
    source_id: str
    note: str
    line: str

    @property
    def source_ids(self) -> list[str]:
        return [s for s in self.source_id.split(";") if s]


def read_expected(name: str) -> list[ExpectedFigure]:
    with (HERE / name).open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == COLUMNS, f"{name}: columns {reader.fieldnames}, expected {COLUMNS}"
        # Line 1 is the header, so the first row is line 2, as an editor numbers it.
        return [ExpectedFigure(**row, line=f"{name}:{n}") for n, row in enumerate(reader, start=2)]


FIGURES = [figure for name in EXPECTED_TABLES for figure in read_expected(name)]


@functools.cache
def opened(page: str, filters: str) -> AppTest:
    """The page opened once per address: several rows read the same page."""
    params = {key: values[0] if len(values) == 1 else values for key, values in parse_qs(filters).items()}
    return open_page(page, **params)


def as_read(text: str) -> str:
    """Text as the reader sees it: without markdown's bold marks and backslash escapes."""
    return re.sub(r"\\(.)", r"\1", re.sub(r"(?<!\\)\*\*", "", text))


def cell_text(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def rows_where(frames: list[pd.DataFrame], conditions: str) -> list[dict[str, str]]:
    """Rows of these frames whose cells equal `column=value&…`, as text."""
    wanted = [condition.partition("=")[::2] for condition in conditions.split("&")]
    found = []
    for frame in frames:
        if not all(column in frame.columns for column, _ in wanted):
            continue
        for record in frame.to_dict("records"):
            row = {str(column): cell_text(value) for column, value in record.items()}
            if all(row[column] == value for column, value in wanted):
                found.append(row)
    return found


def chart_data(at: AppTest, title_start: str) -> list[pd.DataFrame]:
    """The datasets of the page's charts whose title starts with `title_start`, as the browser gets them."""
    frames = []
    for chart in at.get("vega_lite_chart"):
        # A title in lines (theme.title_lines, theme.fitted_title) read as one.
        if title_words(json.loads(chart.proto.spec).get("title")).startswith(title_start):
            frames += [dataframe_util.convert_arrow_bytes_to_pandas_df(d.data.data) for d in chart.proto.datasets]
    return frames


def shown(at: AppTest, element: str) -> tuple[list[str], bool]:
    """What the page shows in `element`, and whether `expected` must equal it (else be contained in it)."""
    kind, _, argument = element.partition(":")
    if kind == "metric":
        return [m.value for m in at.metric if m.label.startswith(argument)], True
    if kind == "help":
        return [as_read(m.proto.help) for m in at.metric if m.label.startswith(argument) and m.proto.help], False
    if kind in TEXT_KINDS:
        return [as_read(e.value) for e in getattr(at, kind)], False
    if kind == "expander":
        return [e.label for e in at.expander], False
    tables = shown_tables(at)
    if kind == "cell":
        conditions, _, column = argument.rpartition("/")
        return [row[column] for row in rows_where(tables, conditions) if column in row], True
    if kind == "row":
        return [" | ".join(row.values()) for row in rows_where(tables, argument)], False
    if kind == "chart":
        title, _, selection = argument.partition(">")
        conditions, _, field = selection.rpartition("/")
        return [row[field] for row in rows_where(chart_data(at, title), conditions) if field in row], True
    raise AssertionError(f"unknown element kind {kind!r} in {element!r}")


@pytest.mark.parametrize("figure", FIGURES, ids=lambda f: f"{f.line}-{f.page}-{f.element}")
def test_the_page_shows_the_figure_its_source_gives(figure: ExpectedFigure):
    at = opened(figure.page, figure.filters)
    texts, exact = shown(at, figure.element)
    where = f"{figure.line}: {figure.page}?{figure.filters} {figure.element}"
    assert texts, f"{where}: nothing of this kind on the page"
    if figure.expected.startswith(ABSENT):
        wrong = figure.expected.removeprefix(ABSENT)
        assert not any(wrong in text for text in texts), f"{where}: {wrong!r} must not show, the page has {texts}"
    elif exact:
        assert figure.expected in texts, f"{where}: expected {figure.expected!r}, the page shows {texts}"
    else:
        assert any(figure.expected in text for text in texts), f"{where}: no {figure.expected!r} in {texts}"


def test_every_public_page_has_at_least_three_expected_figures():
    per_page = Counter(figure.page for figure in FIGURES)
    assert {page: per_page[page] for page in PUBLIC_PAGES if per_page[page] < 3} == {}
    assert set(per_page) <= set(PUBLIC_PAGES), "a row names a page that is not public"


def test_every_expected_figure_cites_a_shipped_source(bundle):
    known = set(bundle.sources["id"])
    unknown = {figure.line: figure.source_ids for figure in FIGURES if set(figure.source_ids) - known}
    assert unknown == {}, "source ids not in data/sources.yaml"
    # Only "not known" stands without a source: no source gives it, and the note says where that was looked for.
    uncited = [f.line for f in FIGURES if not f.source_ids and (f.expected != UNKNOWN or not f.note)]
    assert uncited == []


def test_an_element_the_page_lacks_fails_rather_than_passing_on_nothing():
    at = opened("overview", "")
    assert shown(at, "metric:No such figure") == ([], True)
    assert shown(at, "help:No such figure") == ([], False)
    assert shown(at, "cell:Mission=MINUSCA/Allegations") == ([], True), "the overview has no mission table"
