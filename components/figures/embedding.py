"""Embed this view (pure): the address of the current page with its filters in Streamlit's embed mode, and an
iframe snippet to paste on another site. The snippet is text to copy, never HTML the dashboard renders."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from urllib.parse import urlencode, urlsplit, urlunsplit

# Streamlit's own embed switches (docs.streamlit.io, "Embed your app"): `embed=true` hides the page menu, sidebar
# toolbar and footer; `embed_options` picks a theme for the host page. The filters stay in the query as they are.
EMBED_THEMES = {"light": "light_theme", "dark": "dark_theme"}
SNIPPET_HEIGHT_PX = 720


def embed_address(page_url: str, params: Mapping[str, str | Sequence[str]], theme: str | None = None) -> str:
    """`page_url` (any query it had is replaced) with `params` and Streamlit's embed mode."""
    query: list[tuple[str, str]] = []
    for key, value in params.items():
        if key in ("embed", "embed_options"):
            continue
        query.extend((key, item) for item in ([value] if isinstance(value, str) else value))
    query.append(("embed", "true"))
    if theme in EMBED_THEMES:
        query.append(("embed_options", EMBED_THEMES[theme]))
    scheme, netloc, path, _, _ = urlsplit(page_url)
    return urlunsplit((scheme, netloc, path, urlencode(query), ""))


def iframe_snippet(address: str, title: str) -> str:
    """An iframe for `address`, the title read out by screen readers; quotes in either are escaped."""
    safe_title = title.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    safe_address = address.replace("&", "&amp;").replace('"', "&quot;")
    return (
        f'<iframe src="{safe_address}" title="{safe_title}" width="100%" height="{SNIPPET_HEIGHT_PX}" '
        'style="border:0" loading="lazy"></iframe>'
    )
