"""The app's pages, declared once for the entry script (and for leaving pages-folder mode)."""

from __future__ import annotations

import streamlit as st


def app_pages() -> list[st.Page]:
    return [
        st.Page("pages/overview.py", title="Overview", default=True),
        st.Page("pages/contributions.py", title="Contributions"),
        st.Page("pages/projects.py", title="Projects"),
        st.Page("pages/allegations.py", title="Allegations"),
        st.Page("pages/mission_map.py", title="Mission map"),
        st.Page("pages/data_sources.py", title="Data & sources"),
    ]
