"""Caches between the pages and the pure functions: each result is computed once per data
version and filter set, so a rerun that changed nothing rebuilds nothing.

Arguments with a leading underscore are not hashed by Streamlit; the fingerprint and the filter
key stand for them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import streamlit as st

from components.data import DataBundle
from components.filters import FilterOptions, Filters, filter_options
from components.schema import CATEGORIES, SERVICES

T = TypeVar("T")


def country_names(bundle: DataBundle) -> dict[str, str]:
    return {
        f["properties"]["iso3"]: f["properties"]["name"]
        for f in bundle.basemap["features"]
        if f.get("properties", {}).get("iso3")
    }


@st.cache_resource(max_entries=4)
def app_filter_options(_bundle: DataBundle, fingerprint: str) -> FilterOptions:
    funding_years = [int(str(v)[:4]) for v in _bundle.funding["as_of"].dropna()]
    return filter_options(
        _bundle.allegations,
        funding_years,
        _bundle.missions,
        _bundle.projects,
        country_names(_bundle),
        CATEGORIES,
        SERVICES,
    )


@st.cache_resource(max_entries=64)
def _cached_view(view_name: str, fingerprint: str, filter_key: str, _builder, _bundle, _filters):
    return _builder(_bundle, _filters)


def cached_view(builder: Callable[[DataBundle, Filters], T], bundle: DataBundle, filters: Filters) -> T:
    """`builder(bundle, filters)`, computed once per data version and filter set.

    Builders are pure functions in components/ that return a frozen view (frames, chart specs as
    dicts, takeaways), so a rerun with the same inputs only looks the view up.
    """
    name = f"{builder.__module__}.{builder.__qualname__}"
    return _cached_view(name, bundle.fingerprint, filters.cache_key(), builder, bundle, filters)


@st.cache_resource(max_entries=16)
def _cached_data_view(view_name: str, fingerprint: str, _builder, _bundle):
    return _builder(_bundle)


def cached_data_view(builder: Callable[[DataBundle], T], bundle: DataBundle) -> T:
    """`builder(bundle)` for results that no filter changes, computed once per data version."""
    name = f"{builder.__module__}.{builder.__qualname__}"
    return _cached_data_view(name, bundle.fingerprint, builder, bundle)
