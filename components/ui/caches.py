"""Caches between the pages and the pure functions: each result is computed once per data
version and filter set, so a rerun that changed nothing rebuilds nothing.

Arguments with a leading underscore are not hashed by Streamlit; the fingerprint and the filter
key stand for them.
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import TypeVar

import pandas as pd
import pyarrow as pa
import streamlit as st

from components.data.bundle import DataBundle, LoadResult, data_directory, data_fingerprint, load_bundle
from components.data.schema import DataValidationError
from components.figures.filters import FilterOptions, Filters, filter_options
from components.figures.overview import PageViews

T = TypeVar("T")


@st.cache_resource(max_entries=4)
def app_filter_options(_bundle: DataBundle, fingerprint: str) -> FilterOptions:
    return filter_options(_bundle)


@st.cache_resource(max_entries=128)
def _cached_call(name: str, fingerprint: str, args_key: str, _func, _bundle, _args):
    return _func(_bundle, *_args)


def cached(func: Callable[..., T], bundle: DataBundle, *args: object, key: Hashable = None) -> T:
    """`func(bundle, *args)`, computed once per data version and arguments.

    Page builders are pure functions in components/ that return a frozen view (frames, chart specs as
    dicts, takeaways), so a rerun with the same inputs only looks the view up. The arguments are
    frozen values (Filters, ids) whose repr is a stable cache key. `key`, where given, stands for the
    arguments in the cache key: for arguments that follow from it, such as views built for those filters.
    """
    name = f"{func.__module__}.{func.__qualname__}"
    return _cached_call(name, bundle.fingerprint, repr(args if key is None else key), func, bundle, args)


def page_views(bundle: DataBundle, filters: Filters) -> PageViews:
    """The content pages' views, each from the view cache when first read. The overview and the briefing are made
    from them, so a page opened after either finds its view built."""
    return PageViews(bundle, filters, build=cached)


_arrow_tables: dict[int, pa.Table] = {}


def arrow_table(frame: pd.DataFrame) -> pa.Table:
    """`frame` as the Arrow table st.dataframe sends, made once per frame. Frames of cached views live across
    reruns, but Streamlit converts a pandas frame again on every rerun (about 0.3 ms a table; an Arrow table
    passes through). The index is left out: every table is shown without it."""
    key = id(frame)
    table = _arrow_tables.get(key)
    if table is None:
        table = pa.Table.from_pandas(frame, preserve_index=False)
        _arrow_tables[key] = table
        # Forget it with the frame, so a later frame given the same id is never shown this one's rows.
        weakref.finalize(frame, _arrow_tables.pop, key, None)
    return table


_LAST_GOOD: dict[str, DataBundle] = {}


@st.cache_resource(max_entries=4, show_spinner="Loading the data…")
def _load_once(data_dir: str, fingerprint: str) -> LoadResult:
    try:
        return LoadResult(load_bundle(Path(data_dir)), None, dt.datetime.now(dt.UTC))
    except DataValidationError as exc:
        return LoadResult(None, exc, dt.datetime.now(dt.UTC))


def current_data() -> LoadResult:
    """The data the app shows: fresh if the files are good, else the last good data and the error."""
    data_dir = data_directory()
    result = _load_once(str(data_dir), data_fingerprint(data_dir))
    if result.bundle is not None:
        _LAST_GOOD[str(data_dir)] = result.bundle
        return result
    return LoadResult(_LAST_GOOD.get(str(data_dir)), result.error, result.loaded_at)


def clear_loaded_data() -> None:
    """Forget the loaded data, so every viewer's next run reads the files again (after a publish)."""
    _load_once.clear()
