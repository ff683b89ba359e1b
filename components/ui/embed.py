"""The "Embed this view" box of the sidebar: the address and snippet come from components/figures/embedding.py."""

from __future__ import annotations

import streamlit as st

from components.figures.embedding import embed_address, iframe_snippet
from components.language.translation import ENGLISH, Language


def embed_this_view(page_title: str, lang: Language = ENGLISH) -> None:
    """The current page with its filters, as an address in embed mode and an iframe snippet, both shown as code."""
    themes = {"light": lang.p_("theme", "light"), "dark": lang.p_("theme", "dark")}
    with st.sidebar.expander(lang._("Embed this view")):
        theme = st.radio(
            lang._("Theme on your page"),
            list(themes),
            format_func=themes.__getitem__,
            horizontal=True,
            key="embed-theme",
        )
        # Every value of a repeated key (to_dict keeps only the last); no URL in a test run, only the query.
        params = {key: st.query_params.get_all(key) for key in st.query_params}
        address = embed_address(st.context.url or "", params, theme)
        st.caption(lang._("Address (the filters set now are kept):"))
        st.code(address, language=None, wrap_lines=True)
        st.caption(lang._("Paste this on your page:"))
        st.code(iframe_snippet(address, page_title), language="html", wrap_lines=True)
