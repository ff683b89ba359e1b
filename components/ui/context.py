"""What every page needs from the entry script: the data, the filter choices and the filters."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NoReturn

import streamlit as st

from components.data.bundle import DataBundle
from components.figures.filters import FilterOptions, Filters
from components.language.translation import Language
from components.ui.navigation import app_pages

_KEY = "_page_context"


@dataclass(frozen=True)
class PageContext:
    bundle: DataBundle
    options: FilterOptions
    filters: Filters
    # The viewer's language: pass it to every builder that writes words, numbers or dates.
    lang: Language


def set_page_context(context: PageContext) -> None:
    st.session_state[_KEY] = context


def page_context() -> PageContext:
    """Set by dashboard.py on every run, before the page runs."""
    if _KEY not in st.session_state:
        _leave_pages_folder_mode()
    return st.session_state[_KEY]


def _leave_pages_folder_mode() -> NoReturn:
    """Run the entry script instead of the page alone.

    Until some session has called st.navigation, a fresh Streamlit server (1.67) treats `pages/` as
    an old-style pages folder, and the first visit of a page's own address runs that page without
    dashboard.py. Declaring a navigation turns that mode off for the process; the rerun then goes
    through dashboard.py and lands on the same page.
    """
    st.navigation(app_pages(), position="hidden")
    st.rerun()
