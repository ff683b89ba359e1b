"""The shared filters (pure): one frozen dataclass, the choices it offers, the query-parameter names and
the row masks every figure applies. The sidebar that sets them is components/ui/sidebar.py."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache

import pandas as pd

from components.data.bundle import DataBundle
from components.data.countries import cell_codes, country_names
from components.data.schema import CATEGORIES, SERVICES
from components.figures.formatting import escape_markdown
from components.language.translation import ENGLISH, Language

# Query-parameter names: short, stable, and the widget keys at the same time.
YEARS_KEY = "years"
MISSIONS_KEY = "mission"
COUNTRIES_KEY = "country"
CATEGORIES_KEY = "category"
STATUSES_KEY = "status"
SERVICES_KEY = "service"
UNCONFIRMED_KEY = "unconfirmed"
# The donor picker on the Contributions page: a donor country, not a filter of the other pages.
DONOR_KEY = "donor"
FILTER_KEYS = (
    YEARS_KEY,
    MISSIONS_KEY,
    COUNTRIES_KEY,
    CATEGORIES_KEY,
    STATUSES_KEY,
    SERVICES_KEY,
    UNCONFIRMED_KEY,
)


@dataclass(frozen=True)
class Filters:
    """What the user has chosen to look at. Empty tuples mean 'all'."""

    years: tuple[int, int]
    missions: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    services: tuple[str, ...] = ()
    include_unconfirmed: bool = False

    @property
    def span_words(self) -> str:
        """The year range as a reader sees it: '2016–2024', or '2020' for one year."""
        low, high = self.years
        return str(low) if low == high else f"{low}–{high}"

    @property
    def span_slug(self) -> str:
        """The year range in a file name: '2016-2024'."""
        return f"{self.years[0]}-{self.years[1]}"


@dataclass(frozen=True)
class FilterOptions:
    """What each filter can be set to, taken from the data."""

    year_bounds: tuple[int, int]
    missions: tuple[str, ...]
    countries: tuple[str, ...]
    country_labels: Mapping[str, str]
    categories: tuple[str, ...]
    statuses: tuple[str, ...]
    services: tuple[str, ...]
    # Every donor a contribution or a donor list names, for the donor picker.
    donors: tuple[str, ...] = ()

    def defaults(self) -> Filters:
        return Filters(years=self.year_bounds)


def filter_options(bundle: DataBundle) -> FilterOptions:
    """The choices offered in the sidebar: only values that some dataset actually holds."""
    allegations, missions, projects = bundle.allegations, bundle.missions, bundle.projects
    funding_years = [int(str(v)[:4]) for v in bundle.funding["as_of"].dropna()]
    years = [*allegations["year"].dropna().astype(int).tolist(), *funding_years]
    names = country_names(bundle.basemap)
    used_missions = set(allegations["mission"].dropna()) | set(projects["mission"].dropna())
    mission_rows = missions[missions["acronym"].isin(used_missions)].sort_values("acronym")
    countries = sorted(
        set(projects["country_iso3"].dropna()) | {c for cell in mission_rows["country_iso3"] for c in cell_codes(cell)}
    )
    return FilterOptions(
        year_bounds=(min(years), max(years)),
        missions=tuple(mission_rows["acronym"]),
        countries=tuple(countries),
        country_labels={c: names.get(c, c) for c in countries},
        categories=CATEGORIES,
        statuses=tuple(sorted(set(projects["status"].dropna()))),
        services=tuple(s for s in SERVICES if any(s in row for row in projects["services"])),
        donors=tuple(sorted(set(bundle.contributions["donor"].dropna()) | set(bundle.donor_roster["donor"].dropna()))),
    )


@cache
def _code_labels(key: str, lang: Language) -> dict[str, str]:
    """The labels of a filter's codes, in English as the app has always shown them (the codes, spaced). Each in its
    filter's context: a word such as "other" or "police" may translate differently elsewhere."""
    if key == CATEGORIES_KEY:
        return {
            "military": lang.p_("category of personnel", "military"),
            "police": lang.p_("category of personnel", "police"),
            "civilian": lang.p_("category of personnel", "civilian"),
        }
    if key == STATUSES_KEY:
        return {
            "ongoing": lang.p_("project status", "ongoing"),
            "completed": lang.p_("project status", "completed"),
            "planned": lang.p_("project status", "planned"),
        }
    return {
        "medical": lang.p_("project service", "medical"),
        "psychosocial": lang.p_("project service", "psychosocial"),
        "legal": lang.p_("project service", "legal"),
        "livelihoods": lang.p_("project service", "livelihoods"),
        "education": lang.p_("project service", "education"),
        "vocational_training": lang.p_("project service", "vocational training"),
        "community_outreach": lang.p_("project service", "community outreach"),
        "complaint_networks": lang.p_("project service", "complaint networks"),
        "child_support": lang.p_("project service", "child support"),
        "shelter": lang.p_("project service", "shelter"),
        "other": lang.p_("project service", "other"),
    }


def code_label(key: str, code: str, lang: Language = ENGLISH) -> str:
    """How a code of the category, status or service filter reads: 'vocational training' / 'formation
    professionnelle'. A code with no label (a status only the data knows) reads as itself, spaced."""
    return _code_labels(key, lang).get(code) or code.replace("_", " ")


def country_label(code: str, options: FilterOptions, lang: Language = ENGLISH) -> str:
    """A host country as the filter shows it: in English the basemap's name (what links hold), in another language
    CLDR's name by ISO code, the basemap's where CLDR has none."""
    english = options.country_labels.get(code, code)
    return english if lang.code == ENGLISH.code else lang.country(code, english)


def service_label(code: str, lang: Language = ENGLISH) -> str:
    return code_label(SERVICES_KEY, code, lang)


def link_value(key: str, code: str, options: FilterOptions) -> str:
    """What the link holds for a chosen value: the same in every language, so a link made in French opens the same
    filters in English. Countries by their English name and services spaced, as links have always held them."""
    if key == COUNTRIES_KEY:
        return options.country_labels.get(code, code)
    if key == SERVICES_KEY:
        return code.replace("_", " ")
    return code


def ignored_query_values(params: Mapping[str, Sequence[str]], options: FilterOptions) -> list[str]:
    """Values in the URL that no filter (or the donor picker) can take, in words, so the app can say it ignored
    them."""
    allowed: dict[str, Sequence[str]] = {
        MISSIONS_KEY: options.missions,
        COUNTRIES_KEY: [link_value(COUNTRIES_KEY, c, options) for c in options.countries],
        CATEGORIES_KEY: options.categories,
        STATUSES_KEY: options.statuses,
        SERVICES_KEY: [link_value(SERVICES_KEY, s, options) for s in options.services],
        UNCONFIRMED_KEY: ("true", "false"),
        DONOR_KEY: options.donors,
    }
    ignored: list[str] = []
    for key, values in params.items():
        if key in allowed:
            ignored += [f"{key}={v}" for v in values if v not in allowed[key]]
        elif key == YEARS_KEY:
            low, high = options.year_bounds
            ignored += [f"{key}={v}" for v in values if not low <= (parse_year(v) or low - 1) <= high]
    return ignored


def donors_given_as_countries(params: Mapping[str, Sequence[str]], options: FilterOptions) -> list[str]:
    """Donors in the URL's country filter (`?country=Norway`): Countries holds host countries only."""
    hosts = set(options.country_labels.values())
    return [v for v in params.get(COUNTRIES_KEY, ()) if v in options.donors and v not in hosts]


def donor_hint(donors: Sequence[str], lang: Language = ENGLISH) -> str:
    """Where a donor given as a country can be seen instead, as markdown (the names come from the link)."""
    names = escape_markdown(", ".join(donors))
    return lang._(
        "{names} is a donor, not a host country: its card is under Donor on the Contributions page.", names=names
    )


def donor_link_label(donor: str, lang: Language = ENGLISH) -> str:
    """The link to a donor's card on the Contributions page, as markdown (the name comes from the link)."""
    return lang._("{donor} on Contributions", donor=escape_markdown(donor))


# Parameters read without a widget: Streamlit's embed mode, the presenting switch read before any page draws, and
# the Briefing's screen number.
READ_WITHOUT_WIDGET = frozenset({"embed", "embed_options", "presenting", "screen"})


def unused_query_values(
    params: Mapping[str, Sequence[str]], after: Mapping[str, Sequence[str]], state: Mapping[str, object]
) -> list[str]:
    """Values in the URL the page did not use, in words, so the app can say it ignored them rather than drop them
    silently: a parameter that nothing read (no widget key in `state`, the widget values after the run, and not
    read directly), and a value a widget dropped from the link (`after`: the link after the run) without taking
    it (a widget drops its default value from the link too, having taken it). The filters and the donor are
    checked beforehand, by value, in ignored_query_values."""
    unused = []
    for key, values in params.items():
        if key in FILTER_KEYS or key in (DONOR_KEY, *READ_WITHOUT_WIDGET):
            continue
        if key not in state:
            unused += [f"{key}={value}" for value in values or [""]]
            continue
        kept = after.get(key, ())
        unused += [f"{key}={value}" for value in values if value not in kept and not _holds(state[key], value)]
    return unused


def _holds(widget_value: object, text: str) -> bool:
    """Whether a widget's value is the value a link gave as text."""
    if isinstance(widget_value, bool):
        return text == str(widget_value).lower()
    if isinstance(widget_value, list | tuple):
        return text in map(str, widget_value)
    return str(widget_value) == text


_YEAR = re.compile(r"-?[0-9]{1,6}")


def parse_year(text: str) -> int | None:
    """A year from the URL, or None: never int() on unbounded text (5,000 digits raise in Python)."""
    return int(text) if _YEAR.fullmatch(text) else None


MAX_SHOWN_VALUE = 40


def ignored_notice(ignored: Sequence[str], lang: Language = ENGLISH) -> str:
    """The sidebar notice as markdown: values from the link are escaped (a link could carry markup) and cut."""
    shown = [v if len(v) <= MAX_SHOWN_VALUE else v[:MAX_SHOWN_VALUE] + "…" for v in ignored]
    return lang._("Ignored from the link, not valid here: {values}", values=escape_markdown(", ".join(shown)))


def active_filter_labels(
    filters: Filters, options: FilterOptions, applies_to: Sequence[str], lang: Language = ENGLISH
) -> list[str]:
    """Readable list of the filters a page uses that differ from 'all'."""
    labels: list[str] = []
    if YEARS_KEY in applies_to and filters.years != options.year_bounds:
        labels.append(lang._("Years {span}", span=filters.span_words))
    countries = tuple(country_label(c, options, lang) for c in filters.countries)
    multi = (
        (MISSIONS_KEY, lang._("Mission: {values}", values=", ".join(filters.missions))),
        (COUNTRIES_KEY, lang._("Country: {values}", values=", ".join(countries))),
        (CATEGORIES_KEY, lang._("Personnel: {values}", values=_labels(CATEGORIES_KEY, filters.categories, lang))),
        (STATUSES_KEY, lang._("Status: {values}", values=_labels(STATUSES_KEY, filters.statuses, lang))),
        (SERVICES_KEY, lang._("Service: {values}", values=_labels(SERVICES_KEY, filters.services, lang))),
    )
    chosen = {MISSIONS_KEY: filters.missions, COUNTRIES_KEY: countries, CATEGORIES_KEY: filters.categories}
    chosen |= {STATUSES_KEY: filters.statuses, SERVICES_KEY: filters.services}
    labels += [label for key, label in multi if key in applies_to and chosen[key]]
    if UNCONFIRMED_KEY in applies_to and filters.include_unconfirmed:
        labels.append(lang._("Including projects not explicitly tied to the Fund"))
    return labels


def _labels(key: str, codes: Sequence[str], lang: Language) -> str:
    return ", ".join(code_label(key, code, lang) for code in codes)


def filters_caption(active: Sequence[str], nothing_set: str | None = None, lang: Language = ENGLISH) -> str:
    """The line under a page title saying which filters apply, as markdown (labels hold names from the data)."""
    if not active:
        return lang._("No filter set.") if nothing_set is None else nothing_set
    return lang._("Filters: {filters}.", filters=escape_markdown("; ".join(active)))


def in_years(years: pd.Series, filters: Filters) -> pd.Series:
    low, high = filters.years
    return years.between(low, high)


def in_selection(values: pd.Series, chosen: tuple[str, ...]) -> pd.Series:
    """True where a value is chosen, or everywhere when nothing is chosen."""
    if not chosen:
        return pd.Series(True, index=values.index)
    return values.isin(chosen)
