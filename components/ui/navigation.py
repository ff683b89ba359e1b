"""The app's pages, declared once for the entry script (and for leaving pages-folder mode)."""

from __future__ import annotations

import streamlit as st

from components.editing.auth import User

# URL key of the Briefing page's "presenting" switch, read by the entry script to hide the page list.
PRESENTING_KEY = "presenting"
# The Data & sources page's tabs are in its link under this key; other pages link to the rules tab.
DATA_SECTION_KEY = "section"
RULES_SECTION = "Rules and definitions"
# The pages every viewer sees, as (file, title); the benchmark times these.
PUBLIC_PAGES = (
    ("pages/overview.py", "Overview"),
    ("pages/contributions.py", "Contributions"),
    ("pages/projects.py", "Projects"),
    ("pages/allegations.py", "Allegations"),
    ("pages/mission_map.py", "Mission map"),
    ("pages/data_sources.py", "Data & sources"),
    ("pages/briefing.py", "Briefing"),
)

SIGN_IN_PAGE = ("pages/sign_in.py", "Editor sign-in")


def app_pages(user: User | None = None) -> list[st.Page]:
    """Every public page; the data-management page only for a signed-in editor, the sign-in page otherwise."""
    pages = [st.Page(path, title=title, default=index == 0) for index, (path, title) in enumerate(PUBLIC_PAGES)]
    if user is not None and user.is_editor:
        pages.append(st.Page("pages/data_management.py", title="Data management"))
    else:
        pages.append(st.Page(SIGN_IN_PAGE[0], title=SIGN_IN_PAGE[1]))
    return pages
