"""Every cache of the app, and whose it is. One Streamlit process serves every viewer, so all but the last are
per process, shared by every session; each is keyed by explicit hashable values, and filled under a lock.

Per process, here:
- `current_data`: the loaded bundle per data folder and file fingerprint (st.cache_resource, 4 entries), and
  the last good bundle per folder, served beside the error when the files turn bad.
- `app_filter_options`: the sidebar's choices per data version (4 entries).
- `cached`: page views per builder, data version and arguments (128 entries); a view holding words takes the
  viewer's `Language` as an argument, so each language has its own entry.
- `arrow_table`: a frame's Arrow table, forgotten with the frame.
`clear_loaded_data` (after a publish) empties the first three, so no view of the old data is served again.

Per process, kept inside shared objects (pure code, filled once each through components/data/once.py):
the bundle's derived frames (`DataBundle.derived`), a Mission map view's maps, a briefing's screens, and the
basemap pictures (64 entries). Each chart card's chart is kept, under its own lock, as long as its card
(components/charts/cards.py). The views' `cached_property` values are made from frozen views: two sessions
filling one at once make the same value twice, never a wrong one. `citations.sources_of` is an lru_cache.

Per session: `st.session_state` only (the page context, the signed-in user, widget values).
"""

from __future__ import annotations

import datetime as dt
import logging
import weakref
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar, cast

import pandas as pd
import pyarrow as pa
import streamlit as st
from filelock import Timeout

from components.data.bundle import DataBundle, LoadResult, data_directory, data_fingerprint, load_bundle
from components.data.once import MadeOnce
from components.data.schema import DataValidationError
from components.editing.history import HistoryError, finish_interrupted_publish
from components.figures.filters import FilterOptions, Filters, filter_options
from components.figures.overview import PageViews
from components.language.translation import ENGLISH, Language

T = TypeVar("T")
log = logging.getLogger("tfsea.data")

_filter_options: MadeOnce[FilterOptions] = MadeOnce(max_entries=4)
_views: MadeOnce[Any] = MadeOnce(max_entries=128)


def app_filter_options(bundle: DataBundle, fingerprint: str) -> FilterOptions:
    """The sidebar's choices for this data version."""
    return _filter_options.get(fingerprint, lambda: filter_options(bundle))


def cached(func: Callable[..., T], bundle: DataBundle, *args: object, key: Hashable = None) -> T:
    """`func(bundle, *args)`, computed once per data version and arguments.

    Page builders are pure functions in components/ that return a frozen view (frames, chart specs as
    dicts, takeaways), so a rerun with the same inputs only looks the view up. The arguments are frozen,
    hashable values (Filters, ids) and are the cache key themselves; an unhashable one raises TypeError.
    `key`, where given, stands for the arguments: for arguments that follow from it, such as views built for
    those filters.
    """
    name = f"{func.__module__}.{func.__qualname__}"
    cache_key = (name, bundle.fingerprint, args if key is None else key)
    return cast(T, _views.get(cache_key, lambda: func(bundle, *args)))


def page_views(bundle: DataBundle, filters: Filters, lang: Language = ENGLISH) -> PageViews:
    """The content pages' views in the viewer's language, each from the view cache when first read (the language
    is part of each key). The overview and the briefing are made from them, so a page opened after either finds its
    view built."""
    return PageViews(bundle, filters, build=cached, lang=lang)


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
    try:
        finish_interrupted_publish(data_dir)
    except (OSError, Timeout, HistoryError) as exc:  # a read-only folder still shows its data
        log.warning("could not finish an interrupted publish in %s: %s", data_dir, exc)
    result = _load_once(str(data_dir), data_fingerprint(data_dir))
    if result.bundle is not None:
        _LAST_GOOD[str(data_dir)] = result.bundle
        return result
    return LoadResult(_LAST_GOOD.get(str(data_dir)), result.error, result.loaded_at)


def clear_loaded_data() -> None:
    """Forget the loaded data and everything made from it, so every viewer's next run reads the files again and
    no view of the old data is served (after a publish)."""
    _load_once.clear()
    _filter_options.clear()
    _views.clear()
