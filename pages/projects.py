"""Projects: the filterable portfolio, one project in detail, its timeline and services."""

import streamlit as st

from components.charts.maps import project_place_distances, project_places_map
from components.figures.filters import (
    COUNTRIES_KEY,
    MISSIONS_KEY,
    SERVICES_KEY,
    STATUSES_KEY,
    UNCONFIRMED_KEY,
    YEARS_KEY,
    active_filter_labels,
    filters_caption,
)
from components.figures.formatting import escape_markdown, format_number
from components.figures.portfolio import projects_listed_sentence, reported_reach
from components.figures.projects import (
    BENEFICIARY_HEADERS,
    PROJECT_TABLE_HEADERS,
    SORT_KEY,
    SORT_ORDERS,
    build_projects_view,
    facts_markdown,
    hidden_projects_notice,
    link_label,
    picker_ids,
    project_detail,
    shown_headers,
)
from components.language.translation import N_
from components.ui.caches import cached
from components.ui.cards import (
    chart_card,
    chart_card_or_unknown,
    cited_table,
    figure_card,
    linked_choice,
    show_sources,
    view_tabs,
)
from components.ui.context import page_context

PROJECT_KEY = "project"
CHART_KEY = "chart"
NOT_CONFIRMED = "not_explicit"
FUND_LINK_HEADER = PROJECT_TABLE_HEADERS["Fund link"]
# The server cannot know the screen's width: the page sends both the table and one card per project, and the
# browser shows the table on a wide screen and the cards on a phone, where the table showed its first column only,
# and on a 1024 px laptop, where beside the sidebar its nine columns wrapped a word a line and ran off to the right.
# Constant CSS, no data; the classes are those Streamlit gives containers with these keys.
NARROW_SCREEN_PX = 1199
CARDS_OR_TABLE_CSS = f"""<style>
@media (max-width: {NARROW_SCREEN_PX}px) {{ .st-key-projects_wide {{ display: none; }} }}
@media (min-width: {NARROW_SCREEN_PX + 1}px) {{ .st-key-projects_narrow {{ display: none; }} }}
</style>"""

context = page_context()
lang = context.lang
view = cached(build_projects_view, context.bundle, context.filters, lang)

st.title(lang._("Victim-assistance projects"))
active = active_filter_labels(
    context.filters,
    context.options,
    [YEARS_KEY, MISSIONS_KEY, COUNTRIES_KEY, STATUSES_KEY, SERVICES_KEY, UNCONFIRMED_KEY],
    lang,
)
st.caption(
    lang._(
        "{filters} A project is in the year range if it started in those years, or if its start is not known. The "
        "personnel filter does not apply here.",
        filters=filters_caption(active, lang=lang),
    )
)
listed = cached(projects_listed_sentence, context.bundle, lang)
if listed:
    sentence, listed_sources = listed
    st.markdown(escape_markdown(sentence))
    show_sources(listed_sources, lang._("Source of the 17"), key="listed")


def _show_unconfirmed() -> None:
    st.session_state[UNCONFIRMED_KEY] = True


if view.hidden_unconfirmed:
    # An empty or partial result says what it hides and offers it in one click, not only in the sidebar.
    with st.container(border=True):
        st.markdown(hidden_projects_notice(view.hidden_unconfirmed, view.shown, lang))
        st.button(lang._("Show them, marked"), on_click=_show_unconfirmed, icon=":material/visibility:")
elif not context.filters.include_unconfirmed:
    st.caption(
        lang._("Projects that no source ties to the Trust Fund by name are hidden; switch them on in the sidebar.")
    )
elif view.unconfirmed_shown:
    st.caption(
        lang.n_(
            "{n} of the projects shown is marked “{label}” in the {column} column: the sources name the mission, "
            "not the Trust Fund.",
            "{n} of the projects shown are marked “{label}” in the {column} column: the sources name the mission, "
            "not the Trust Fund.",
            view.unconfirmed_shown,
            label=link_label(NOT_CONFIRMED, lang),
            column=lang._(FUND_LINK_HEADER),
        )
    )

first, second, third, fourth = st.columns(4)
first.metric(lang._("Projects shown"), format_number(view.shown, lang), border=True, help=view.shown_note)
second.metric(lang._("Countries reached"), format_number(view.countries, lang), border=True)
figure_card(
    third,
    lang._("Known budgets"),
    view.known_budget_total,
    [lang._("Known budgets: {coverage}", coverage=escape_markdown(view.known_budget))],
    help=lang._(
        "Budgets are public for a few projects only. This adds up those that are; it is not the Fund's spending."
    ),
)
fourth.metric(
    lang._("With a beneficiary figure"),
    view.beneficiaries,
    border=True,
    help=lang._(
        "How many of the projects shown have a public beneficiary figure: coverage, not a result. Beneficiary "
        "numbers count different people (planned, trained, given kits) at different dates, from different sources, "
        "so they are shown per project and never added up."
    ),
)
reach = cached(reported_reach, context.bundle, lang)
coverage = lang._("Projects with a beneficiary figure: {coverage}.", coverage=view.beneficiaries)
fourth.caption(escape_markdown(coverage if reach is None else f"{coverage} {reach[0]}"))
# Source lists are keyed by name, not label: a label changes with the language, and a list stays open across it.
show_sources(view.kpi_sources, lang._("Sources for these projects"), key="projects")
if reach is not None:
    show_sources(reach[1], lang._("Source of the Fund's reported reach"), key="reach")

st.subheader(lang._("All projects"))


# The address keeps the project's id while the picker shows names, so the link is kept by hand: a bound selectbox
# would put the shown name in the address and break every link by id.
linked = st.query_params.get(PROJECT_KEY)
if PROJECT_KEY not in st.session_state and linked in view.all_ids:
    st.session_state[PROJECT_KEY] = linked
chosen = st.selectbox(
    lang._("Open a project"),
    picker_ids(view.project_ids, view.all_ids, st.session_state.get(PROJECT_KEY)),
    index=None,
    key=PROJECT_KEY,
    format_func=lambda project_id: view.titles.get(project_id, project_id),
    placeholder=lang._("Choose one of the projects shown"),
)
if chosen:
    st.query_params[PROJECT_KEY] = chosen
else:
    st.query_params.pop(PROJECT_KEY, None)
# The table is static, so its columns do not sort on a click: this sorts it (and the phone's cards), kept in the link.
rows = view.in_order(linked_choice(lang._("Sort by"), SORT_ORDERS, SORT_KEY))
st.html(CARDS_OR_TABLE_CSS)
with st.container(key="projects_narrow"):
    for card in rows.cards:
        st.container(border=True).markdown(card)
    if view.shown > len(rows.cards):
        st.caption(
            lang._(
                "The first {shown} of {total} projects; narrow the filters to see the others here, or open this page "
                "on a wider screen for the whole table.",
                shown=lang.number(len(rows.cards)),
                total=lang.number(view.shown),
            )
        )
with st.container(key="projects_wide"):
    # A static table: every partner, service and beneficiary figure is read in full, each row as tall as its longest
    # cell (a grid of set widths and row heights still cut the longest at its edge). The picker above opens one.
    cited_table(rows.table)

detail = cached(project_detail, context.bundle, chosen, lang) if chosen else None
if detail is not None:
    with st.container(border=True):
        st.subheader(escape_markdown(detail.title))
        if chosen not in view.project_ids:
            st.caption(lang._("The current filters hide this project from the table and the charts."))
        for flag in detail.flags:
            st.warning(escape_markdown(flag), icon=":material/warning:")
        st.text(detail.description)
        left, right = st.columns([3, 2])
        with left:
            st.markdown(facts_markdown(detail.facts, lang))
        with right:
            if detail.mapped_places:
                st.vega_lite_chart(
                    cached(project_places_map, context.bundle, detail.id, lang),
                    width="stretch",
                    key=f"places-{detail.id}",
                )
                distances = cached(project_place_distances, context.bundle, detail.id, lang)
                st.caption(
                    lang._("Countries shaded in sand host the project; lakes are blue; the bar is a scale.")
                    + (" " + escape_markdown(distances) if distances else "")
                )
            else:
                st.caption(
                    lang._("No place of this project has coordinates in the gazetteer; it is known by country only.")
                )
            if not detail.places.empty:
                cited_table(detail.places)
        st.markdown("**{}**".format(lang._("Beneficiaries reported")))
        if detail.beneficiaries.empty:
            st.caption(lang._("No source gives a number of beneficiaries: not known."))
        else:
            st.caption(lang._("Each number as its source gives it; they count different people and are not added up."))
            cited_table(shown_headers(detail.beneficiaries, BENEFICIARY_HEADERS, lang))
        if detail.conflicts:
            st.markdown("**{}**".format(lang._("Where sources differ")))
            st.text("\n".join(f"• {conflict}" for conflict in detail.conflicts))
        if detail.notes:
            st.markdown("**{}**".format(lang._("Notes")))
            st.text("\n".join(f"• {note}" for note in detail.notes))
        show_sources(detail.sources, lang._("Every source for this project"), key="project")

timeline, services = view_tabs([N_("Timeline"), N_("Services by country")], CHART_KEY)
if timeline.open:
    with timeline:
        if view.timeline:
            chart_card(view.timeline)
        else:
            st.caption(view.timeline_takeaway)
        if view.unknown_start:
            st.caption(
                lang._(
                    "Start not known, so not on the timeline: {projects}",
                    projects=escape_markdown("; ".join(view.unknown_start)),
                )
            )
if services.open:
    with services:
        chart_card_or_unknown(view.services, lang._("No project shown lists a service."))
