"""The shared filters (pure): one frozen dataclass, the choices it offers, the query-parameter names and
the row masks every figure applies. The sidebar that sets them is components/ui/sidebar.py."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from components.data.bundle import DataBundle
from components.data.countries import cell_codes, country_names
from components.data.schema import CATEGORIES, SERVICES
from components.figures.formatting import escape_markdown

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


def service_label(code: str) -> str:
    return code.replace("_", " ")


def ignored_query_values(params: Mapping[str, Sequence[str]], options: FilterOptions) -> list[str]:
    """Values in the URL that no filter (or the donor picker) can take, in words, so the app can say it ignored
    them."""
    allowed: dict[str, Sequence[str]] = {
        MISSIONS_KEY: options.missions,
        COUNTRIES_KEY: [options.country_labels[c] for c in options.countries],
        CATEGORIES_KEY: options.categories,
        STATUSES_KEY: options.statuses,
        SERVICES_KEY: [service_label(s) for s in options.services],
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


def donor_hint(donors: Sequence[str]) -> str:
    """Where a donor given as a country can be seen instead, as markdown (the names come from the link)."""
    names = escape_markdown(", ".join(donors))
    return f"{names} is a donor, not a host country: its card is under Donor on the Contributions page."


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


def ignored_notice(ignored: Sequence[str]) -> str:
    """The sidebar notice as markdown: values from the link are escaped (a link could carry markup) and cut."""
    shown = [v if len(v) <= MAX_SHOWN_VALUE else v[:MAX_SHOWN_VALUE] + "…" for v in ignored]
    return f"Ignored from the link, not valid here: {escape_markdown(', '.join(shown))}"


def active_filter_labels(filters: Filters, options: FilterOptions, applies_to: Sequence[str]) -> list[str]:
    """Readable list of the filters a page uses that differ from 'all'."""
    labels: list[str] = []
    if YEARS_KEY in applies_to and filters.years != options.year_bounds:
        labels.append(f"Years {filters.span_words}")
    multi = (
        (MISSIONS_KEY, "Mission", filters.missions),
        (COUNTRIES_KEY, "Country", tuple(options.country_labels.get(c, c) for c in filters.countries)),
        (CATEGORIES_KEY, "Personnel", filters.categories),
        (STATUSES_KEY, "Status", filters.statuses),
        (SERVICES_KEY, "Service", filters.services),
    )
    for key, name, values in multi:
        if key in applies_to and values:
            labels.append(f"{name}: {', '.join(values)}")
    if UNCONFIRMED_KEY in applies_to and filters.include_unconfirmed:
        labels.append("Including projects not explicitly tied to the Fund")
    return labels


def filters_caption(active: Sequence[str], nothing_set: str = "No filter set.") -> str:
    """The line under a page title saying which filters apply, as markdown (labels hold names from the data)."""
    return f"Filters: {escape_markdown('; '.join(active))}." if active else nothing_set


def in_years(years: pd.Series, filters: Filters) -> pd.Series:
    low, high = filters.years
    return years.between(low, high)


def in_selection(values: pd.Series, chosen: tuple[str, ...]) -> pd.Series:
    """True where a value is chosen, or everywhere when nothing is chosen."""
    if not chosen:
        return pd.Series(True, index=values.index)
    return values.isin(chosen)
