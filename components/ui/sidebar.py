"""The shared filters in the sidebar, each widget bound to a query parameter (Streamlit's
`bind="query-params"`), so the address bar always holds the view: copy it, open it elsewhere, and the same
filters come back."""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from components.figures.filters import (
    CATEGORIES_KEY,
    COUNTRIES_KEY,
    DONOR_KEY,
    MISSIONS_KEY,
    SERVICES_KEY,
    STATUSES_KEY,
    UNCONFIRMED_KEY,
    YEARS_KEY,
    FilterOptions,
    Filters,
    donor_hint,
    donors_given_as_countries,
    ignored_notice,
    ignored_query_values,
    service_label,
    unused_query_values,
)
from components.figures.formatting import escape_markdown

# Where the notice about the link is drawn and what it holds, kept for the run: the page decides which of the
# link's other parameters it reads (report_unused_link_values, after the page ran).
_LINK_NOTICE_KEY = "_link_notice"


def _reset_filters(options: FilterOptions) -> None:
    defaults = options.defaults()
    st.session_state[YEARS_KEY] = defaults.years
    for key in (MISSIONS_KEY, COUNTRIES_KEY, CATEGORIES_KEY, STATUSES_KEY, SERVICES_KEY):
        st.session_state[key] = []
    st.session_state[UNCONFIRMED_KEY] = False


def _show_link_notice(notice: DeltaGenerator, ignored: list[str], misplaced_donors: list[str]) -> None:
    """What the link held that the app could not use, and, for a donor given as a country, a way to its card."""
    with notice.container():
        if ignored:
            st.caption(ignored_notice(ignored) + ".")
        for donor in misplaced_donors:
            st.caption(donor_hint([donor]))
            st.page_link(
                "pages/contributions.py",
                label=f"{escape_markdown(donor)} on Contributions",
                icon=":material/arrow_forward:",
                query_params={DONOR_KEY: donor},
            )


def render_sidebar(options: FilterOptions) -> Filters:
    """Draw the shared filters in the sidebar and return what they are set to. Values in the link that no filter
    can take are reported above the filters (read before the widgets, which drop them)."""
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    ignored = ignored_query_values(params, options)
    misplaced_donors = donors_given_as_countries(params, options)
    sidebar = st.sidebar
    sidebar.header("Filters")
    notice = sidebar.empty()
    if ignored or misplaced_donors:
        _show_link_notice(notice, ignored, misplaced_donors)
    st.session_state[_LINK_NOTICE_KEY] = (notice, params, ignored, misplaced_donors)
    low, high = options.year_bounds
    years = sidebar.slider(
        "Years",
        min_value=low,
        max_value=high,
        value=(low, high),
        key=YEARS_KEY,
        bind="query-params",
        help="Calendar year of the allegation or funding figure.",
    )
    # Bound widgets put their shown labels in the URL, so labels stay short: acronyms, country names.
    missions = sidebar.multiselect(
        "Missions",
        options.missions,
        key=MISSIONS_KEY,
        bind="query-params",
        placeholder="All missions",
        help="Mission acronyms; the Mission map page gives their full names.",
    )
    countries = sidebar.multiselect(
        "Countries",
        options.countries,
        key=COUNTRIES_KEY,
        bind="query-params",
        format_func=lambda c: options.country_labels.get(c, c),
        placeholder="All countries",
        help="Countries that host a mission or a project.",
    )
    sidebar.caption("Host countries only. What a donor country gave: Donor, on the Contributions page.")
    categories = sidebar.multiselect(
        "Category of personnel",
        options.categories,
        key=CATEGORIES_KEY,
        bind="query-params",
        placeholder="All categories",
    )
    statuses = sidebar.multiselect(
        "Project status",
        options.statuses,
        key=STATUSES_KEY,
        bind="query-params",
        placeholder="Any status",
    )
    services = sidebar.multiselect(
        "Project services",
        options.services,
        key=SERVICES_KEY,
        bind="query-params",
        format_func=service_label,
        placeholder="Any service",
    )
    unconfirmed = sidebar.toggle(
        "Include projects whose Trust Fund link is not confirmed",
        key=UNCONFIRMED_KEY,
        bind="query-params",
        help="Some projects are financed by a mission through the same teams, but no source names the Fund.",
    )
    sidebar.button("Reset filters", on_click=_reset_filters, args=(options,), width="stretch")
    return Filters(
        years=(int(years[0]), int(years[1])),
        missions=tuple(missions),
        countries=tuple(countries),
        categories=tuple(categories),
        statuses=tuple(statuses),
        services=tuple(services),
        include_unconfirmed=bool(unconfirmed),
    )


def report_unused_link_values() -> None:
    """After the page ran: add to the sidebar notice the link's parameters and values the page did not use, so none
    is dropped without a word."""
    kept = st.session_state.pop(_LINK_NOTICE_KEY, None)
    if kept is None:
        return
    notice, params, ignored, misplaced_donors = kept
    after = {key: st.query_params.get_all(key) for key in st.query_params}
    state = {str(key): st.session_state[key] for key in st.session_state}
    unused = unused_query_values(params, after, state)
    if unused:
        _show_link_notice(notice, [*ignored, *unused], misplaced_donors)
