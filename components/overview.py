"""The overview (pure): headline figures from every part of the dashboard, each with its source."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pydeck as pdk

from components.allegations import HEADLINE_SCOPES, build_allegations_view, yearly_totals_chart
from components.charts import ChartCard
from components.data import DataBundle
from components.filters import Filters
from components.formatting import plural
from components.funding import build_contributions_view
from components.maps import build_mission_map_view, country_layer, deck, view_state
from components.projects import build_projects_view
from components.sources import SourceRef

FEATURED_PROJECT = "DRC-SAKE-2018"
# The Overview map fills half the page: about 385 px wide on a 1280 px laptop screen.
OVERVIEW_MAP_PX = (360, 380)


@dataclass(frozen=True)
class OverviewView:
    total: str
    total_when: str
    donors: str
    donors_when: str
    projects: str
    countries: str
    allegations_label: str
    allegations: str
    allegations_delta: str | None
    kpi_sources: tuple[SourceRef, ...]
    trend: ChartCard
    map_deck: pdk.Deck
    map_takeaway: str
    money_takeaway: str
    projects_takeaway: str
    featured: tuple[str, str] | None


def peace_operations_trend(totals: ChartCard) -> ChartCard:
    """The allegations card without the UN system-wide line, whose scale would flatten the missions' own."""
    data = totals.data[totals.data["scope"].isin(HEADLINE_SCOPES)]
    return replace(totals, key="overview-trend", spec=yearly_totals_chart(data).to_dict(), data=data)


def projects_takeaway(shown: int, countries: int, known_budget: str) -> str:
    verb = "matches" if shown == 1 else "match"
    places = plural(countries, "country", "countries")
    return f"{plural(shown, 'project')} in {places} {verb} the filters; known budgets: {known_budget}."


def build_overview_view(bundle: DataBundle, filters: Filters) -> OverviewView:
    money = build_contributions_view(bundle, filters)
    projects = build_projects_view(bundle, filters)
    allegations = build_allegations_view(bundle, filters)
    mission_map = build_mission_map_view(bundle, filters)
    map_state = view_state(mission_map.marks["lat"], mission_map.marks["lon"], *OVERVIEW_MAP_PX)
    featured = bundle.projects[bundle.projects["id"] == FEATURED_PROJECT]
    return OverviewView(
        total=money.total,
        total_when=money.total_when,
        donors=money.donors,
        donors_when=money.donors_when,
        projects=str(projects.shown),
        countries=str(projects.countries),
        allegations_label=allegations.headline_label,
        allegations=allegations.headline,
        allegations_delta=allegations.headline_delta,
        kpi_sources=money.kpi_sources + allegations.headline_sources,
        trend=peace_operations_trend(allegations.totals),
        map_deck=deck(
            [
                country_layer(bundle.basemap, map_state, OVERVIEW_MAP_PX, mission_map.hosts, borders=False),
                mission_map.layers["missions"],
                mission_map.layers["projects"],
            ],
            map_state,
        ),
        map_takeaway=mission_map.summary,
        money_takeaway=(
            f"{money.total} has been reported in contributions ({money.total_when}), from {money.donors} donor "
            f"countries ({money.donors_when}); withheld payments reported: {money.withheld} ({money.withheld_when})."
        ),
        projects_takeaway=projects_takeaway(projects.shown, projects.countries, projects.known_budget),
        featured=None if featured.empty else (FEATURED_PROJECT, str(featured.iloc[0]["title"])),
    )
