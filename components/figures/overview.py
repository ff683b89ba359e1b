"""The overview (pure): headline figures from every part of the dashboard, each with its source."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from components.data.bundle import DataBundle
from components.figures.allegations import HEADLINE_SCOPES, AllegationsView, build_allegations_view
from components.figures.cards import FigureCard
from components.figures.citations import SourceRef
from components.figures.contributions import ContributionsView, build_contributions_view
from components.figures.filters import Filters
from components.figures.formatting import format_number
from components.figures.projects import ProjectsView, build_projects_view
from components.language.translation import ENGLISH, N_, Language

FEATURED_PROJECT = "DRC-SAKE-2018"
# How a page view is built for the overview and the briefing: (builder, bundle, filters, lang) -> view.
ViewBuild = Callable[[Callable[[DataBundle, Filters, Language], Any], DataBundle, Filters, Language], Any]
GLANCE_DESCRIPTION = N_("Map of missions and project places; see the Mission map page")


class PageViews:
    """The content pages' views for one filter set and language (money, projects, allegations), which the overview
    and the briefing are made from. Each is built when first read, by `build(builder, bundle, filters, lang)`: the
    builder itself by default, the view cache on a page (caches.page_views)."""

    def __init__(
        self, bundle: DataBundle, filters: Filters, build: ViewBuild | None = None, lang: Language = ENGLISH
    ) -> None:
        self._bundle, self._filters, self.lang = bundle, filters, lang
        self._build: ViewBuild = build or (lambda builder, bundle, filters, lang: builder(bundle, filters, lang))

    @cached_property
    def money(self) -> ContributionsView:
        return self._build(build_contributions_view, self._bundle, self._filters, self.lang)

    @cached_property
    def projects(self) -> ProjectsView:
        return self._build(build_projects_view, self._bundle, self._filters, self.lang)

    @cached_property
    def allegations(self) -> AllegationsView:
        return self._build(build_allegations_view, self._bundle, self._filters, self.lang)


def build_page_views(bundle: DataBundle, filters: Filters, lang: Language = ENGLISH) -> PageViews:
    return PageViews(bundle, filters, lang=lang)


@dataclass(frozen=True)
class OverviewView:
    total: str
    total_when: str
    # Under the figure: what the total counts, its date and source, and other sources' statements of it.
    total_caption: str
    total_basis: str
    # The headline total's caveats in full (its source's note), and the later total of promises beside it, if any.
    total_note: str
    promise: str
    donors: str
    donors_caption: str
    donors_note: str
    donors_when: str
    projects: str
    countries: str
    allegations_label: str
    allegations: str
    allegations_delta: str | None
    # The headline row's note ('' for none); the figure carries its mark.
    allegations_note: str
    kpi_sources: tuple[SourceRef, ...]
    money_takeaway: str
    projects_takeaway: str
    featured: tuple[str, str] | None
    # The trend is made when first read: the briefing's first screen does not show it. The map beside it is the
    # Mission map at a glance (charts.maps.build_mission_glance).
    views: PageViews = field(repr=False, compare=False)
    lang: Language = field(default=ENGLISH, repr=False, compare=False)

    @cached_property
    def trend(self) -> FigureCard:
        return peace_operations_trend(self.views.allegations.totals)


def peace_operations_trend(totals: FigureCard) -> FigureCard:
    """The allegations card without the UN system-wide line, whose scale would flatten the missions' own."""
    data = totals.data[totals.data["scope"].isin(HEADLINE_SCOPES)]
    # The allegations chart's own options are for its page; only the language carries over.
    options = tuple((name, value) for name, value in totals.chart_options if name == "lang")
    return replace(totals, key="overview-trend", drawn=data, data=data, chart_options=options)


def money_promise_line(money: ContributionsView, lang: Language = ENGLISH) -> str:
    """The total of promises shown beside the headline, never in its place: '' when there is none."""
    if money.promise is None:
        return ""
    return lang._("A different measure: {figure}.", figure=money.promise.phrase)


def money_takeaway(money: ContributionsView, lang: Language = ENGLISH) -> str:
    """The contributions in one sentence, each figure with what it counts, its date and its source."""
    total = money.total_figure
    values = {
        "donors": money.donors,
        "donors_when": money.donors_when,
        "withheld": money.withheld_figure.phrase,
    }
    if not total.source:
        return lang._(
            "No total of contributions is reported in these years. Donor countries: {donors} ({donors_when}). "
            "Withheld payments: {withheld}.",
            **values,
        )
    if money.promise is not None:
        return lang._(
            "Contributions: {total}; a different measure: {promise}. Donor countries: {donors} ({donors_when}). "
            "Withheld payments: {withheld}.",
            total=total.phrase,
            promise=money.promise.phrase,
            **values,
        )
    return lang._(
        "Contributions: {total}. Donor countries: {donors} ({donors_when}). Withheld payments: {withheld}.",
        total=total.phrase,
        **values,
    )


def projects_takeaway(shown: int, countries: int, known_budget: str, lang: Language = ENGLISH) -> str:
    """'3 projects in 2 countries match the filters; known budgets: ...'."""
    return lang.n_(
        "{n} project in {places} matches the filters; known budgets: {budgets}.",
        "{n} projects in {places} match the filters; known budgets: {budgets}.",
        shown,
        places=lang.n_("{n} country", "{n} countries", countries),
        budgets=known_budget,
    )


def build_overview_view(
    bundle: DataBundle, filters: Filters, views: PageViews | None = None, lang: Language = ENGLISH
) -> OverviewView:
    """The overview for these filters, from the pages' views where the caller has them already built (their
    language is the overview's)."""
    views = views or build_page_views(bundle, filters, lang)
    lang = views.lang
    money, projects, allegations = views.money, views.projects, views.allegations
    featured = bundle.projects[bundle.projects["id"] == FEATURED_PROJECT]
    return OverviewView(
        total=money.total,
        total_when=money.total_when,
        total_caption=money.total_figure.caption,
        total_basis=money.total_figure.basis,
        total_note=money.total_figure.note,
        promise=money_promise_line(money, lang),
        donors=money.donors,
        donors_caption=money.donors_figure.caption,
        donors_note=money.donors_figure.note,
        donors_when=money.donors_when,
        projects=format_number(projects.shown, lang),
        countries=format_number(projects.countries, lang),
        allegations_label=allegations.headline_label,
        allegations=allegations.headline,
        allegations_delta=allegations.headline_delta,
        allegations_note=allegations.headline_note,
        kpi_sources=money.kpi_sources + allegations.headline_sources,
        money_takeaway=money_takeaway(money, lang),
        projects_takeaway=projects_takeaway(projects.shown, projects.countries, projects.known_budget, lang),
        featured=None if featured.empty else (FEATURED_PROJECT, str(featured.iloc[0]["title"])),
        views=views,
        lang=lang,
    )
