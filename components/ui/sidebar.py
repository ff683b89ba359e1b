"""The shared filters in the sidebar, each widget's value kept in a query parameter, so the address bar always
holds the view: copy it, open it elsewhere, and the same filters come back, in either language."""

from __future__ import annotations

from collections.abc import Callable, Sequence

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
    code_label,
    country_label,
    donor_hint,
    donor_link_label,
    donors_given_as_countries,
    ignored_notice,
    ignored_query_values,
    link_value,
    unused_query_values,
)
from components.language.translation import ENGLISH, Language

# Where the notice about the link is drawn and what it holds, kept for the run: the page decides which of the
# link's other parameters it reads (report_unused_link_values, after the page ran).
_LINK_NOTICE_KEY = "_link_notice"
# The language the sidebar was last drawn in, to set the filters again when it changes.
_SIDEBAR_LANGUAGE_KEY = "_sidebar_language"


def _reset_filters(options: FilterOptions) -> None:
    defaults = options.defaults()
    st.session_state[YEARS_KEY] = defaults.years
    for key in (MISSIONS_KEY, COUNTRIES_KEY, CATEGORIES_KEY, STATUSES_KEY, SERVICES_KEY):
        st.session_state[key] = []
    st.session_state[UNCONFIRMED_KEY] = False


def _show_link_notice(notice: DeltaGenerator, ignored: list[str], misplaced_donors: list[str], lang: Language) -> None:
    """What the link held that the app could not use, and, for a donor given as a country, a way to its card."""
    with notice.container():
        if ignored:
            st.caption(ignored_notice(ignored, lang) + ".")
        for donor in misplaced_donors:
            st.caption(donor_hint([donor], lang))
            st.page_link(
                "pages/contributions.py",
                label=donor_link_label(donor, lang),
                icon=":material/arrow_forward:",
                query_params={DONOR_KEY: donor},
            )


def _linked_multiselect(
    sidebar: DeltaGenerator,
    label: str,
    key: str,
    codes: Sequence[str],
    options: FilterOptions,
    format_func: Callable[[str], str],
    placeholder: str,
    select_all: bool,
    language_changed: bool,
    help: str | None = None,
) -> list[str]:
    """A multiselect that shows labels in the viewer's language and keeps language-independent values in the link
    (`link_value`). Streamlit's bind="query-params" puts the shown label in the URL (1.67: the serialised value is
    the format_func text), so a filter set in French would not open in English; this one keeps the link itself:
    the link seeds the widget when the session has no value for it, and the widget's value is written back."""
    by_link = {link_value(key, code, options): code for code in codes}
    in_link = st.query_params.get_all(key)
    if key not in st.session_state:
        st.session_state[key] = [by_link[value] for value in dict.fromkeys(in_link) if value in by_link]
    elif language_changed:
        # The browser holds the choice as the labels it showed; set it again by code, or the new language's widget
        # would take "en cours" for a value of its own.
        st.session_state[key] = [code for code in st.session_state[key] if code in codes]
    chosen = sidebar.multiselect(
        label, codes, key=key, format_func=format_func, placeholder=placeholder, select_all=select_all, help=help
    )
    wanted = [link_value(key, code, options) for code in chosen]
    if in_link != wanted:
        if wanted:
            st.query_params[key] = wanted
        elif key in st.query_params:
            del st.query_params[key]
    return list(chosen)


def render_sidebar(options: FilterOptions, lang: Language = ENGLISH) -> Filters:
    """Draw the shared filters in the sidebar and return what they are set to. Values in the link that no filter
    can take are reported above the filters (read before the widgets, which drop them)."""
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    ignored = ignored_query_values(params, options)
    misplaced_donors = donors_given_as_countries(params, options)
    sidebar = st.sidebar
    sidebar.header(lang._("Filters"))
    notice = sidebar.empty()
    if ignored or misplaced_donors:
        _show_link_notice(notice, ignored, misplaced_donors, lang)
    st.session_state[_LINK_NOTICE_KEY] = (notice, params, ignored, misplaced_donors, lang)
    # Streamlit's dropdown writes its "Select all" in English only: in another language it is left out (choosing
    # every value is what the empty filter already shows).
    select_all = lang.code == ENGLISH.code
    language_changed = st.session_state.get(_SIDEBAR_LANGUAGE_KEY, lang.code) != lang.code
    st.session_state[_SIDEBAR_LANGUAGE_KEY] = lang.code
    low, high = options.year_bounds
    years = sidebar.slider(
        lang._("Years"),
        min_value=low,
        max_value=high,
        value=(low, high),
        key=YEARS_KEY,
        bind="query-params",
        help=lang._("Calendar year of the allegation or funding figure."),
    )
    # Acronyms are the same in both languages, so Streamlit's binding can keep them in the link as shown.
    missions = sidebar.multiselect(
        lang._("Missions"),
        options.missions,
        key=MISSIONS_KEY,
        bind="query-params",
        placeholder=lang._("All missions"),
        select_all=select_all,
        help=lang._("Mission acronyms; the Mission map page gives their full names."),
    )
    countries = _linked_multiselect(
        sidebar,
        lang._("Countries"),
        COUNTRIES_KEY,
        options.countries,
        options,
        lambda c: country_label(c, options, lang),
        lang._("All countries"),
        select_all,
        language_changed,
        help=lang._("Countries that host a mission or a project."),
    )
    sidebar.caption(lang._("Host countries only. What a donor country gave: Donor, on the Contributions page."))
    categories = _linked_multiselect(
        sidebar,
        lang._("Category of personnel"),
        CATEGORIES_KEY,
        options.categories,
        options,
        lambda c: code_label(CATEGORIES_KEY, c, lang),
        lang._("All categories"),
        select_all,
        language_changed,
    )
    statuses = _linked_multiselect(
        sidebar,
        lang._("Project status"),
        STATUSES_KEY,
        options.statuses,
        options,
        lambda c: code_label(STATUSES_KEY, c, lang),
        lang._("Any status"),
        select_all,
        language_changed,
    )
    services = _linked_multiselect(
        sidebar,
        lang._("Project services"),
        SERVICES_KEY,
        options.services,
        options,
        lambda c: code_label(SERVICES_KEY, c, lang),
        lang._("Any service"),
        select_all,
        language_changed,
    )
    unconfirmed = sidebar.toggle(
        lang._("Include projects whose Trust Fund link is not confirmed"),
        key=UNCONFIRMED_KEY,
        bind="query-params",
        help=lang._("Some projects are financed by a mission through the same teams, but no source names the Fund."),
    )
    sidebar.button(lang._("Reset filters"), on_click=_reset_filters, args=(options,), width="stretch")
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
    notice, params, ignored, misplaced_donors, lang = kept
    after = {key: st.query_params.get_all(key) for key in st.query_params}
    state = {str(key): st.session_state[key] for key in st.session_state}
    unused = unused_query_values(params, after, state)
    if unused:
        _show_link_notice(notice, [*ignored, *unused], misplaced_donors, lang)
