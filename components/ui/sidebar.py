"""The shared filters in the sidebar, each widget bound to a query parameter (Streamlit's
`bind="query-params"`), so the address bar always holds the view: copy it, open it elsewhere, and the same
filters come back."""

from __future__ import annotations

import streamlit as st

from components.figures.filters import (
    CATEGORIES_KEY,
    COUNTRIES_KEY,
    FILTER_KEYS,
    MISSIONS_KEY,
    SERVICES_KEY,
    STATUSES_KEY,
    UNCONFIRMED_KEY,
    YEARS_KEY,
    FilterOptions,
    Filters,
    ignored_notice,
    ignored_query_values,
    service_label,
)


def _reset_filters(options: FilterOptions) -> None:
    defaults = options.defaults()
    st.session_state[YEARS_KEY] = defaults.years
    for key in (MISSIONS_KEY, COUNTRIES_KEY, CATEGORIES_KEY, STATUSES_KEY, SERVICES_KEY):
        st.session_state[key] = []
    st.session_state[UNCONFIRMED_KEY] = False


def render_sidebar(options: FilterOptions) -> Filters:
    """Draw the shared filters in the sidebar and return what they are set to."""
    ignored = ignored_query_values({k: st.query_params.get_all(k) for k in FILTER_KEYS}, options)
    sidebar = st.sidebar
    sidebar.header("Filters")
    if ignored:
        sidebar.caption(ignored_notice(ignored))
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
    )
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
