"""Overview: the Fund at a glance — money in, projects, allegations — each figure with its source."""

import streamlit as st

from components.charts.maps import build_mission_glance
from components.figures.allegations import note_help
from components.figures.filters import FILTER_KEYS, active_filter_labels, filters_caption
from components.figures.formatting import escape_markdown
from components.figures.glossary import NOT_VERIFIED_CAVEAT
from components.figures.overview import GLANCE_DESCRIPTION, build_overview_view
from components.figures.portfolio import NOT_FILTERED, build_portfolio_view
from components.figures.portfolio import TITLE as REACH_TITLE
from components.ui.caches import cached, page_views
from components.ui.cards import chart_card, cited_table, figure_card, show_sources
from components.ui.context import page_context

context = page_context()
lang = context.lang
view = cached(
    build_overview_view,
    context.bundle,
    context.filters,
    page_views(context.bundle, context.filters, lang),
    key=(context.filters, lang),
)

st.title(lang._("Trust Fund in Support of Victims of Sexual Exploitation and Abuse"))
st.markdown(
    lang._(
        "Set up by the UN Secretary-General in March 2016, the Fund pays for medical, psychosocial, legal and "
        "livelihood support to people harmed by UN personnel. Its money comes from Member States' voluntary "
        "contributions and from payments withheld from personnel whose misconduct was substantiated."
    )
)
active = active_filter_labels(context.filters, context.options, FILTER_KEYS, lang)
st.caption(filters_caption(active, lang._("No filter set: everything the public sources give."), lang))

money, donors, projects, allegations = st.columns(4)
figure_card(
    money,
    lang._("Contributions reported"),
    view.total,
    [escape_markdown(view.total_caption), escape_markdown(view.promise or "")],
    help=escape_markdown(view.total_note) or None,
)
donors_help = escape_markdown(view.donors_note) or None
figure_card(donors, lang._("Donor countries"), view.donors, [escape_markdown(view.donors_caption)], help=donors_help)
figure_card(
    projects,
    lang._("Projects (countries)"),
    lang._("{projects} ({countries})", projects=view.projects, countries=view.countries),
    [lang._("known from public sources")],
)
figure_card(
    allegations,
    view.allegations_label,
    view.allegations,
    [lang._("peacekeeping and special political missions")],
    delta=view.allegations_delta,
    delta_color="inverse",
    help=note_help(view.allegations_note),
)
show_sources(view.kpi_sources, lang._("Sources of these figures"))
st.markdown(escape_markdown(view.money_takeaway))

reach = cached(build_portfolio_view, context.bundle, context.filters, lang)
with st.container(border=True):
    st.markdown("**" + lang._(REACH_TITLE) + "**")
    if reach.empty:
        st.info(reach.takeaway)
    else:
        st.markdown(escape_markdown(reach.takeaway))
        cited_table(reach.table)
        st.caption(lang._(NOT_FILTERED))
        show_sources(reach.sources, lang._("Sources of what the Fund reports"), key="reach")

trend, mission_map = st.columns(2)
with trend:
    chart_card(view.trend, lang._(NOT_VERIFIED_CAVEAT))
with mission_map, st.container(border=True):
    st.markdown("**" + lang._("Missions and project places") + "**")
    glance = cached(build_mission_glance, context.bundle, context.filters, lang._(GLANCE_DESCRIPTION), lang)
    st.vega_lite_chart(glance.spec, width="stretch", key="overview-map")
    st.markdown(glance.summary)
    if glance.note:
        st.caption(glance.note)
    st.page_link("pages/mission_map.py", label=lang._("Open the mission map"), icon=":material/map:")

st.markdown(view.projects_takeaway)
if view.featured:
    project_id, title = view.featured
    st.page_link(
        "pages/projects.py",
        label=lang._("Featured project: {title} (MONUSCO, Sake, 2018)", title=escape_markdown(title)),
        icon=":material/arrow_forward:",
        query_params={"project": project_id},
    )
