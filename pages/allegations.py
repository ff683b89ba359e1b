"""Allegations: yearly totals, per mission, by category, victims, outcomes, rates, disagreements."""

import streamlit as st

from components.figures.allegations import MISSION_YEAR_DEFINITION, build_allegations_view, note_help, rates_table
from components.figures.filters import CATEGORIES_KEY, MISSIONS_KEY, YEARS_KEY, active_filter_labels, filters_caption
from components.figures.glossary import NOT_VERIFIED_CAVEAT
from components.language.translation import N_
from components.ui.caches import cached
from components.ui.cards import chart_card, chart_card_or_unknown, cited_table, show_sources, view_tabs
from components.ui.context import page_context
from components.ui.navigation import DATA_SECTION_KEY, RULES_SECTION

TAB_KEY = "view"

context = page_context()
lang = context.lang
view = cached(build_allegations_view, context.bundle, context.filters, lang)

st.title(lang._("Allegations of sexual exploitation and abuse"))
active = active_filter_labels(context.filters, context.options, [YEARS_KEY, MISSIONS_KEY, CATEGORIES_KEY], lang)
st.caption(
    filters_caption(active, lang._("No filter set: all years, missions and categories."), lang)
    + " "
    + lang._("The mission filter applies to per-mission figures only; totals cover all missions.")
)
st.warning(lang._(NOT_VERIFIED_CAVEAT), icon=":material/info:")

if view.mission_figures:
    st.subheader(lang._("The chosen missions"))
    for column, figure in zip(st.columns(len(view.mission_figures)), view.mission_figures, strict=True):
        column.metric(
            lang._("Allegations, {mission}", mission=figure.label),
            figure.value,
            border=True,
            help=note_help(figure.note, lang)
            or lang._("Latest year with a sourced count for this mission in the selected years."),
        )
    show_sources(view.mission_figure_sources, lang._("Sources of the missions' figures"))
    st.subheader(lang._("All missions"))

first, second, third = st.columns(3)
first.metric(
    view.headline_label,
    view.headline,
    view.headline_delta,
    delta_color="inverse",
    border=True,
    help=note_help(view.headline_note, lang),
)
second.metric(view.victims_label, view.victims_value, border=True, help=note_help(view.victims_note, lang))
third.metric(
    # The grid follows the mission filter, so with missions chosen the count is theirs, not all missions'.
    lang._("Mission-years known, chosen missions") if context.filters.missions else lang._("Mission-years known"),
    lang._(
        "{known} of {total}",
        known=lang.number(view.known_cells),
        total=lang.number(view.known_cells + view.unknown_cells),
    ),
    border=True,
    help=lang._(
        "Known: {definition}. Per-mission counts are public only for some years; the others are not known, not zero.",
        definition=lang._(MISSION_YEAR_DEFINITION),
    ),
)
show_sources(view.headline_sources, lang._("Sources of the headline figure"))
show_sources(view.victims_sources, lang._("Sources of the figure “{label}”", label=view.victims_label))

chart_card(view.totals)

per_mission, by_category, rates, outcomes, disagreements = view_tabs(
    [
        N_("Per mission"),
        N_("By category and victims"),
        N_("Per 1,000 personnel"),
        N_("Outcomes"),
        N_("Where sources disagree"),
    ],
    TAB_KEY,
)
if per_mission.open:
    with per_mission:
        chart_card(view.grid)
if by_category.open:
    with by_category:
        left, right = st.columns(2)
        with left:
            chart_card_or_unknown(
                view.categories, lang._("No split by category of personnel is known for the selected years.")
            )
        with right:
            chart_card_or_unknown(view.victims, lang._("No victim count is known for the selected years."))
if rates.open:
    with rates:
        st.subheader(lang._("Allegations per {n} uniformed personnel", n=lang.number(1000)))
        st.caption(
            lang._(
                "Only where both a per-mission count and the mission's average uniformed strength (mean of the "
                "monthly reports) are known. Rates for missions with fewer than {n} personnel swing widely and say "
                "little.",
                n=lang.number(1000),
            )
        )
        if view.rates.empty:
            st.info(lang._("No mission-year in the selection has both figures."))
        else:
            cited_table(rates_table(view.rates, lang))
            show_sources(view.rates_sources, lang._("Sources of the counts and personnel figures"))
if outcomes.open:
    with outcomes:
        st.subheader(lang._("Outcomes of investigations"))
        if view.outcomes.empty:
            st.info(lang._("No outcome figure is known for the selected years."))
        else:
            cited_table(view.outcomes)
if disagreements.open:
    with disagreements:
        st.subheader(lang._("Where sources disagree"))
        st.caption(lang._("Each fact shows the preferred value with its source, and what other sources say."))
        st.page_link(
            "pages/data_sources.py",
            label=lang._("How the preferred value is chosen"),
            icon=":material/arrow_forward:",
            query_params={DATA_SECTION_KEY: RULES_SECTION},
        )
        if view.conflicts.empty:
            st.info(lang._("The sources agree on every figure in the selected years."))
        else:
            cited_table(view.conflicts)
