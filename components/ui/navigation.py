"""The app's pages, declared once for the entry script (and for leaving pages-folder mode)."""

from __future__ import annotations

import streamlit as st

from components.editing.auth import User
from components.language.translation import ENGLISH, N_, Language

# URL key of the Briefing page's "presenting" switch, read by the entry script to hide the page list.
PRESENTING_KEY = "presenting"
# The Data & sources page's tabs are in its link under this key; other pages link to the rules tab.
DATA_SECTION_KEY = "section"
RULES_SECTION = N_("Rules and definitions")
# The pages every viewer sees, as (file, title); the benchmark times these.
PUBLIC_PAGES = (
    ("pages/overview.py", N_("Overview")),
    ("pages/contributions.py", N_("Contributions")),
    ("pages/projects.py", N_("Projects")),
    ("pages/allegations.py", N_("Allegations")),
    ("pages/mission_map.py", N_("Mission map")),
    ("pages/data_sources.py", N_("Data & sources")),
    ("pages/briefing.py", N_("Briefing")),
)

SIGN_IN_PAGE = ("pages/sign_in.py", N_("Editor sign-in"))
PAGE_MENU_KEY = "page_menu"
PAGE_MENU_LINKS = f".st-key-{PAGE_MENU_KEY} a"


# The Overview is the default page, served at the app's root; it also answers at /overview, the address its
# file name suggests and people type or bookmark (without the alias it showed "Page not found").
OVERVIEW_ADDRESS = "overview"
# The default page's own pathname must differ from the alias's; it is never shown (the root URL is).
DEFAULT_PAGE_PATHNAME = "start"


def app_pages(user: User | None = None, lang: Language = ENGLISH) -> list[st.Page]:
    """Every public page; the data-management page only for a signed-in editor, the sign-in page otherwise;
    and, hidden from the menu, the Overview again at /overview."""
    (overview, overview_title), *others = PUBLIC_PAGES
    pages = [st.Page(overview, title=lang._(overview_title), default=True, url_path=DEFAULT_PAGE_PATHNAME)]
    pages += [st.Page(path, title=lang._(title)) for path, title in others]
    pages.append(st.Page(overview, title=lang._(overview_title), url_path=OVERVIEW_ADDRESS, visibility="hidden"))
    if user is not None and user.is_editor:
        pages.append(st.Page("pages/data_management.py", title=lang._("Data management")))
    else:
        pages.append(st.Page(SIGN_IN_PAGE[0], title=lang._(SIGN_IN_PAGE[1])))
    return pages


def sidebar_page_menu(pages: list[st.Page]) -> None:
    """The page menu in the sidebar, drawn by the app: Streamlit's own menu is off (client.showSidebarNavigation),
    since before st.navigation ran it flashed the raw list of files in pages/. Its links are in the container
    keyed PAGE_MENU_KEY (CSS class st-key-page_menu), where tests and the benchmark find them."""
    with st.sidebar, st.container(key=PAGE_MENU_KEY):
        for page in pages:
            if page.visibility == "visible":
                st.page_link(page)
    st.sidebar.divider()
