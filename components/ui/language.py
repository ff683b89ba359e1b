"""The language switch: English / Français in the sidebar, kept in the link as `?lang=`."""

from __future__ import annotations

import streamlit as st

from components.language.translation import LANGUAGE_KEY, LANGUAGE_NAMES, LANGUAGES, Language, language_for


def language_switch() -> Language:
    """Draw the switch at the top of the sidebar and return the session's language. With no choice in the link,
    the browser's language decides; a viewer's choice changes only their own session."""
    chosen = language_for(st.query_params.get(LANGUAGE_KEY), st.context.locale)
    if st.session_state.get(LANGUAGE_KEY) not in LANGUAGES:
        st.session_state[LANGUAGE_KEY] = chosen.code
    code = st.sidebar.segmented_control(
        # Both names, so a viewer who reads neither language the page is in still finds the switch.
        "Language / Langue",
        list(LANGUAGE_NAMES),
        format_func=LANGUAGE_NAMES.__getitem__,
        key=LANGUAGE_KEY,
        bind="query-params",
        label_visibility="collapsed",
        width="stretch",
    )
    return LANGUAGES.get(code or chosen.code, chosen)
