"""Projects: the filterable portfolio, its timeline and services, and one project in detail."""

import streamlit as st

from components.cards import chart_card, show_sources
from components.context import page_context
from components.filters import (
    COUNTRIES_KEY,
    MISSIONS_KEY,
    SERVICES_KEY,
    STATUSES_KEY,
    UNCONFIRMED_KEY,
    YEARS_KEY,
    active_filter_labels,
)
from components.maps import project_places_deck
from components.projects import build_projects_view, project_detail
from components.views import cached

PROJECT_KEY = "project"

context = page_context()
view = cached(build_projects_view, context.bundle, context.filters)

st.title("Victim-assistance projects")
active = active_filter_labels(
    context.filters,
    context.options,
    [YEARS_KEY, MISSIONS_KEY, COUNTRIES_KEY, STATUSES_KEY, SERVICES_KEY, UNCONFIRMED_KEY],
)
st.caption(
    ("Filters: " + "; ".join(active) if active else "No filter set.")
    + " A project whose start is not known stays in any year range. The personnel filter does not apply here."
)
if not context.filters.include_unconfirmed:
    st.caption("Projects that no source ties to the Trust Fund by name are hidden; switch them on in the sidebar.")

first, second, third = st.columns(3)
first.metric("Projects shown", view.shown, border=True)
second.metric("Countries", view.countries, border=True)
third.metric(
    "Known budgets",
    view.known_budget_total,
    border=True,
    help="Budgets are public for a few projects only; this adds up those that are, and is not the Fund's spending.",
)
third.caption(view.known_budget)


def _select_from_table() -> None:
    rows = st.session_state["project_table"]["selection"]["rows"]
    if rows:
        st.session_state[PROJECT_KEY] = view.table.iloc[rows[0]]["id"]


st.subheader("All projects")
st.caption("Select a row, or pick a project below, to see its detail.")
st.dataframe(
    view.table,
    hide_index=True,
    width="stretch",
    column_config={"id": None},
    on_select=_select_from_table,
    selection_mode="single-row",
    key="project_table",
)

left, right = st.columns(2)
with left:
    if view.timeline:
        chart_card(view.timeline)
    if view.unknown_start:
        st.caption("Start not known: " + "; ".join(view.unknown_start))
with right:
    if view.services:
        chart_card(view.services)

st.subheader("Project detail")
choices = list(context.bundle.projects["id"])
chosen = st.selectbox(
    "Project",
    choices,
    index=None,
    key=PROJECT_KEY,
    bind="query-params",
    placeholder="Choose a project by its id",
)
detail = cached(project_detail, context.bundle, chosen) if chosen else None
if detail is not None:
    with st.container(border=True):
        st.subheader(detail.title)
        st.text(detail.description)
        left, right = st.columns([3, 2])
        with left:
            st.dataframe(detail.facts, hide_index=True, width="stretch")
            st.markdown("**Beneficiaries reported**")
            if detail.beneficiaries.empty:
                st.caption("No source gives a number of beneficiaries.")
            else:
                st.dataframe(detail.beneficiaries, hide_index=True, width="stretch")
        with right:
            located = detail.places.dropna(subset=["lat", "lon"])
            if located.empty:
                st.caption("No place of this project has coordinates in the gazetteer; it is shown at country level.")
            else:
                st.pydeck_chart(
                    cached(project_places_deck, context.bundle, detail.id),
                    height=300,
                    alt=f"Map of the places of {detail.title}",
                )
            for _, place in detail.places.iterrows():
                where = "no coordinates in the gazetteer" if place.isna()["lat"] else "on the map"
                st.caption(f"{place['locality']}, {place['admin_area'] or ''} — {where}")
        if detail.conflicts:
            st.markdown("**Where sources differ**")
            for conflict in detail.conflicts:
                st.text(f"• {conflict}")
        if detail.notes:
            st.markdown("**Notes**")
            for note in detail.notes:
                st.text(f"• {note}")
        show_sources(detail.sources, "Every source for this project")
