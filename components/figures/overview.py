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
from components.figures.formatting import format_number, plural
from components.figures.projects import ProjectsView, build_projects_view

FEATURED_PROJECT = "DRC-SAKE-2018"
# How a page view is built for the overview and the briefing: (builder, bundle, filters) -> view.
ViewBuild = Callable[[Callable[[DataBundle, Filters], Any], DataBundle, Filters], Any]
GLANCE_DESCRIPTION = "Map of missions and project places; see the Mission map page"


class PageViews:
    """The content pages' views for one filter set (money, projects, allegations), which the overview and the
    briefing are made from. Each is built when first read, by `build(builder, bundle, filters)`: the builder
    itself by default, the view cache on a page (caches.page_views)."""

    def __init__(self, bundle: DataBundle, filters: Filters, build: ViewBuild | None = None) -> None:
        self._bundle, self._filters = bundle, filters
        self._build: ViewBuild = build or (lambda builder, bundle, filters: builder(bundle, filters))

    @cached_property
    def money(self) -> ContributionsView:
        return self._build(build_contributions_view, self._bundle, self._filters)

    @cached_property
    def projects(self) -> ProjectsView:
        return self._build(build_projects_view, self._bundle, self._filters)

    @cached_property
    def allegations(self) -> AllegationsView:
        return self._build(build_allegations_view, self._bundle, self._filters)


def build_page_views(bundle: DataBundle, filters: Filters) -> PageViews:
    return PageViews(bundle, filters)


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
    # Mission map's view at a glance (charts.maps.MissionMapView.glance_spec).
    views: PageViews = field(repr=False, compare=False)

    @cached_property
    def trend(self) -> FigureCard:
        return peace_operations_trend(self.views.allegations.totals)


def peace_operations_trend(totals: FigureCard) -> FigureCard:
    """The allegations card without the UN system-wide line, whose scale would flatten the missions' own."""
    data = totals.data[totals.data["scope"].isin(HEADLINE_SCOPES)]
    return replace(totals, key="overview-trend", drawn=data, data=data, chart_options=())


def money_promise_line(money: ContributionsView) -> str:
    """The total of promises shown beside the headline, never in its place: '' when there is none."""
    if money.promise is None:
        return ""
    return f"A different measure: {money.promise.phrase}."


def money_takeaway(money: ContributionsView) -> str:
    """The contributions in one sentence, each figure with what it counts, its date and its source."""
    total = money.total_figure
    text = f"Contributions: {total.phrase}" if total.source else "No total of contributions is reported in these years"
    if money.promise is not None:
        text += f"; {money_promise_line(money)[0].lower()}{money_promise_line(money)[1:-1]}"
    return (
        f"{text}. Donor countries: {money.donors} ({money.donors_when}). "
        f"Withheld payments: {money.withheld_figure.phrase}."
    )


def projects_takeaway(shown: int, countries: int, known_budget: str) -> str:
    verb = "matches" if shown == 1 else "match"
    places = plural(countries, "country", "countries")
    return f"{plural(shown, 'project', 'projects')} in {places} {verb} the filters; known budgets: {known_budget}."


def build_overview_view(bundle: DataBundle, filters: Filters, views: PageViews | None = None) -> OverviewView:
    """The overview for these filters, from the pages' views where the caller has them already built."""
    views = views or build_page_views(bundle, filters)
    money, projects, allegations = views.money, views.projects, views.allegations
    featured = bundle.projects[bundle.projects["id"] == FEATURED_PROJECT]
    return OverviewView(
        total=money.total,
        total_when=money.total_when,
        total_caption=money.total_figure.caption,
        total_basis=money.total_figure.basis,
        total_note=money.total_figure.note,
        promise=money_promise_line(money),
        donors=money.donors,
        donors_caption=money.donors_figure.caption,
        donors_note=money.donors_figure.note,
        donors_when=money.donors_when,
        projects=format_number(projects.shown),
        countries=format_number(projects.countries),
        allegations_label=allegations.headline_label,
        allegations=allegations.headline,
        allegations_delta=allegations.headline_delta,
        allegations_note=allegations.headline_note,
        kpi_sources=money.kpi_sources + allegations.headline_sources,
        money_takeaway=money_takeaway(money),
        projects_takeaway=projects_takeaway(projects.shown, projects.countries, projects.known_budget),
        featured=None if featured.empty else (FEATURED_PROJECT, str(featured.iloc[0]["title"])),
        views=views,
    )
