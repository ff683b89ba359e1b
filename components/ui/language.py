"""The language switch: English / Français in the sidebar, kept in the link as `?lang=en` / `?lang=fr`."""

from __future__ import annotations

import streamlit as st

from components.language.translation import LANGUAGE_KEY, LANGUAGE_NAMES, LANGUAGES, Language, language_for

# A language by the name the switch shows: Streamlit's bind="query-params" wrote the name ("Français") into links made
# before the switch kept its code there.
_CODES_BY_NAME = {name: code for code, name in LANGUAGE_NAMES.items()}


def language_switch() -> Language:
    """Draw the switch at the top of the sidebar and return the session's language. With no choice in the link,
    the browser's language decides; a viewer's choice changes only their own session.

    The link holds the language's code, not the name the switch shows: bind="query-params" (Streamlit 1.67) writes
    the shown name, so it dropped `?lang=fr` as invalid and wrote `lang=Français`. The link keeps `lang` once it has
    one or once the viewer chose a language other than their browser's."""
    in_link = st.query_params.get(LANGUAGE_KEY)
    in_link = _CODES_BY_NAME.get(in_link or "", in_link)
    chosen = language_for(in_link, st.context.locale)
    if st.session_state.get(LANGUAGE_KEY) not in LANGUAGES:
        st.session_state[LANGUAGE_KEY] = chosen.code
    # A radio, not a segmented control: the control's chosen segment wrote the theme's blue on its own pale tint,
    # below the 4.5:1 contrast text needs (axe, tests/browser).
    code = st.sidebar.radio(
        # Both names, so a viewer who reads neither language the page is in still finds the switch.
        "Language / Langue",
        list(LANGUAGE_NAMES),
        format_func=LANGUAGE_NAMES.__getitem__,
        key=LANGUAGE_KEY,
        horizontal=True,
        label_visibility="collapsed",
    )
    lang = LANGUAGES.get(code or chosen.code, chosen)
    browsers = language_for(None, st.context.locale)
    if st.query_params.get(LANGUAGE_KEY) != lang.code and (in_link is not None or lang != browsers):
        st.query_params[LANGUAGE_KEY] = lang.code
    return lang
