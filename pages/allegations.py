"""Allegations: yearly totals, per mission, by category, victims, outcomes, rates, disagreements."""

import streamlit as st

from components.figures.allegations import MISSION_YEAR_DEFINITION, build_allegations_view, note_help
from components.figures.filters import CATEGORIES_KEY, MISSIONS_KEY, YEARS_KEY, active_filter_labels, filters_caption
from components.figures.glossary import NOT_VERIFIED_CAVEAT
from components.ui.caches import arrow_table, cached
from components.ui.cards import chart_card, chart_card_or_unknown, cited_table, show_sources, view_tabs
from components.ui.context import page_context
from components.ui.navigation import DATA_SECTION_KEY, RULES_SECTION

TAB_KEY = "view"

context = page_context()
view = cached(build_allegations_view, context.bundle, context.filters, context.lang)

st.title("Allegations of sexual exploitation and abuse")
active = active_filter_labels(context.filters, context.options, [YEARS_KEY, MISSIONS_KEY, CATEGORIES_KEY])
st.caption(
    filters_caption(active, "No filter set: all years, missions and categories.")
    + " The mission filter applies to per-mission figures only; totals cover all missions."
)
st.warning(NOT_VERIFIED_CAVEAT, icon=":material/info:")

if view.mission_figures:
    st.subheader("The chosen missions")
    for column, figure in zip(st.columns(len(view.mission_figures)), view.mission_figures, strict=True):
        column.metric(
            f"Allegations, {figure.label}",
            figure.value,
            border=True,
            help=note_help(figure.note) or "Latest year with a sourced count for this mission in the selected years.",
        )
    show_sources(view.mission_figure_sources, "Sources of the missions' figures")
    st.subheader("All missions")

first, second, third = st.columns(3)
first.metric(
    view.headline_label,
    view.headline,
    view.headline_delta,
    delta_color="inverse",
    border=True,
    help=note_help(view.headline_note),
)
second.metric(view.victims_label, view.victims_value, border=True, help=note_help(view.victims_note))
third.metric(
    # The grid follows the mission filter, so with missions chosen the count is theirs, not all missions'.
    "Mission-years known" + (", chosen missions" if context.filters.missions else ""),
    f"{view.known_cells} of {view.known_cells + view.unknown_cells}",
    border=True,
    help=f"Known: {MISSION_YEAR_DEFINITION}. Per-mission counts are public only for some years; the others are not "
    "known, not zero.",
)
show_sources(view.headline_sources, "Sources of the headline figure")
show_sources(view.victims_sources, f"Sources of the figure “{view.victims_label}”")

chart_card(view.totals)

per_mission, by_category, rates, outcomes, disagreements = view_tabs(
    ["Per mission", "By category and victims", "Per 1,000 personnel", "Outcomes", "Where sources disagree"], TAB_KEY
)
if per_mission.open:
    with per_mission:
        chart_card(view.grid)
if by_category.open:
    with by_category:
        left, right = st.columns(2)
        with left:
            chart_card_or_unknown(view.categories, "No split by category of personnel is known for the selected years.")
        with right:
            chart_card_or_unknown(view.victims, "No victim count is known for the selected years.")
if rates.open:
    with rates:
        st.subheader("Allegations per 1,000 uniformed personnel")
        st.caption(
            "Only where both a per-mission count and the mission's average uniformed strength (mean of the monthly "
            "reports) are known. Rates for missions with fewer than 1,000 personnel swing widely and say little."
        )
        if view.rates.empty:
            st.info("No mission-year in the selection has both figures.")
        else:
            st.dataframe(
                arrow_table(view.rates),
                hide_index=True,
                column_config={
                    "mission": "Mission",
                    "year": st.column_config.NumberColumn("Year", format="%d"),
                    "display": "Allegations",
                    "note": "Note",
                    "personnel": st.column_config.NumberColumn("Uniformed personnel (mean)", format="localized"),
                    "rate": st.column_config.NumberColumn("Per 1,000 personnel", format="%.2f"),
                    "caution": "Caution",
                },
            )
            show_sources(view.rates_sources, "Sources of the counts and personnel figures")
if outcomes.open:
    with outcomes:
        st.subheader("Outcomes of investigations")
        if view.outcomes.empty:
            st.info("No outcome figure is known for the selected years.")
        else:
            cited_table(view.outcomes)
if disagreements.open:
    with disagreements:
        st.subheader("Where sources disagree")
        st.caption("Each fact shows the preferred value with its source, and what other sources say.")
        st.page_link(
            "pages/data_sources.py",
            label="How the preferred value is chosen",
            icon=":material/arrow_forward:",
            query_params={DATA_SECTION_KEY: RULES_SECTION},
        )
        if view.conflicts.empty:
            st.info("The sources agree on every figure in the selected years.")
        else:
            cited_table(view.conflicts)
