"""Entry point: page config, shared sidebar filters, navigation. `streamlit run dashboard.py`."""

import streamlit as st

from components.editing.app_log import configure_logging
from components.ui.caches import app_filter_options, current_data
from components.ui.cards import data_problem_banner, figures_never_cut
from components.ui.context import PageContext, set_page_context
from components.ui.embed import embed_this_view
from components.ui.language import language_switch
from components.ui.memory import freeze_long_lived_objects, return_freed_memory
from components.ui.navigation import PRESENTING_KEY, app_pages, sidebar_page_menu
from components.ui.session_user import current_editor, current_user, sidebar_account_control
from components.ui.sidebar import render_sidebar, report_unused_link_values

return_freed_memory()
configure_logging()
# Presenting (a switch on the Briefing page): the page list is hidden so the projector shows only the slide.
presenting = st.query_params.get(PRESENTING_KEY) == "true"
lang = language_switch()
st.set_page_config(page_title=lang._("Trust Fund for Victims of SEA — Dashboard"), layout="wide")
pages = app_pages(current_user(), lang)
navigation = st.navigation(pages, position="hidden")
if not presenting:
    sidebar_page_menu(pages)
figures_never_cut()
result = current_data()
data_problem_banner(result, show_detail=current_editor() is not None, lang=lang)
if result.bundle is None:
    st.stop()

options = app_filter_options(result.bundle, result.bundle.fingerprint)
filters = render_sidebar(options, lang)
sidebar_account_control(lang)
if not presenting:
    embed_this_view(navigation.title, lang)
set_page_context(PageContext(bundle=result.bundle, options=options, filters=filters, lang=lang))
navigation.run()
report_unused_link_values()
freeze_long_lived_objects()
