"""What every page needs from the entry script: the data, the filter choices and the filters."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from components.data import DataBundle
from components.filters import FilterOptions, Filters

_KEY = "_page_context"


@dataclass(frozen=True)
class PageContext:
    bundle: DataBundle
    options: FilterOptions
    filters: Filters


def set_page_context(context: PageContext) -> None:
    st.session_state[_KEY] = context


def page_context() -> PageContext:
    """Set by dashboard.py on every run, before the page runs."""
    return st.session_state[_KEY]
