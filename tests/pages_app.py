"""Opening the dashboard in AppTest, for the page tests: the real entry script, filters set through the URL as
a shared link sets them (AppTest, Streamlit 1.67, drops the entry script's sidebar from its element tree after
a page switch, so sidebar widgets cannot be driven on other pages)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def open_page(page: str | None = None, **params: str | list[str]) -> AppTest:
    """The app opened at `pages/<page>.py` (the overview when None) with these URL parameters, run without an
    exception."""
    at = AppTest.from_file("../dashboard.py", default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page and page != "overview":
        at.switch_page(f"pages/{page}.py")
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at
