"""pydeck decks (pure) drawn over the offline country outlines: no tiles, no token, no internet."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import pandas as pd
import pydeck as pdk

from components.allegations import mission_year_grid, preferred_allegations
from components.charts import MISSION_TYPE_COLOURS
from components.data import DataBundle
from components.filters import Filters, in_selection
from components.formatting import format_number
from components.projects import filter_projects
from components.schema import partial_date_start

MISSION_TYPE_LABELS = {
    "peacekeeping": "Peacekeeping operation",
    "special_political_mission": "Special political mission",
    "support_office": "Support office",
}
COUNTRY_FILL = [150, 150, 150, 60]
HOST_FILL = [86, 180, 233, 110]
OUTLINE = [120, 120, 120, 200]
PROJECT_COLOUR = [230, 159, 0, 230]
UNKNOWN_RADIUS_PX = 5
LAYER_NAMES = {"countries": "Country outlines", "missions": "Missions", "projects": "Project places"}


def _rgb(hex_colour: str, alpha: int = 220) -> list[int]:
    return [int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)] + [alpha]


def active_in(missions: pd.DataFrame, filters: Filters) -> pd.Series:
    """Missions whose dates overlap the year range (a partial date counts from its first day)."""
    low, high = filters.years
    starts = missions["start_date"].map(lambda d: partial_date_start(d).year if not pd.isna(d) else -math.inf)
    ends = missions["end_date"].map(lambda d: partial_date_start(d).year if not pd.isna(d) else math.inf)
    return (starts <= high) & (ends >= low)


def mission_points(bundle: DataBundle, filters: Filters) -> pd.DataFrame:
    """One row per mission on the map, with its sourced allegations in the selected years (or not known)."""
    grid = mission_year_grid(preferred_allegations(bundle), filters)
    known = grid.dropna(subset=["value"])
    sums = known.groupby("mission").agg(allegations=("value", "sum"), years_known=("year", "nunique"))
    missions = bundle.missions[
        (active_in(bundle.missions, filters) | bundle.missions["acronym"].isin(sums.index))
        & in_selection(bundle.missions["acronym"], filters.missions)
        & bundle.missions["country_iso3"].map(
            lambda c: not filters.countries or any(x in filters.countries for x in c.split(";"))
        )
    ]
    points = missions.join(sums, on="acronym")
    points["type_label"] = points["type"].map(MISSION_TYPE_LABELS)
    points["allegations_text"] = [
        "no sourced count in these years"
        if pd.isna(a)
        else f"{format_number(a)} in the {int(n)} year(s) with a sourced count"
        for a, n in zip(points["allegations"], points["years_known"], strict=True)
    ]
    points["colour"] = [_rgb(MISSION_TYPE_COLOURS[t]) for t in points["type"]]
    points["line"] = [[0, 0, 0, 255] if pd.isna(a) else [255, 255, 255, 255] for a in points["allegations"]]
    # Area grows with the count; a mission with no sourced count keeps a small fixed size, never a zero size.
    points["radius_px"] = [
        UNKNOWN_RADIUS_PX if pd.isna(a) else min(28.0, 6 + 1.2 * math.sqrt(a)) for a in points["allegations"]
    ]
    points["tooltip_title"] = points["acronym"] + " — " + points["name"]
    points["tooltip_body"] = (
        points["type_label"]
        + " · HQ "
        + points["hq_city"].fillna("not known")
        + " · allegations: "
        + points["allegations_text"]
    )
    return points.reset_index(drop=True)


def project_points(bundle: DataBundle, filters: Filters) -> pd.DataFrame:
    projects = filter_projects(bundle.projects, filters)
    places = bundle.project_places[bundle.project_places["project_id"].isin(projects["id"])].dropna(
        subset=["lat", "lon"]
    )
    titles = projects.set_index("id")["title"]
    missions = projects.set_index("id")["mission"]
    return places.assign(
        tooltip_title=places["project_id"].map(titles),
        tooltip_body="Project place: "
        + places["locality"]
        + " · mission: "
        + places["project_id"].map(missions).fillna("none named"),
    ).reset_index(drop=True)


def country_layer(basemap: dict[str, Any], highlighted: set[str]) -> pdk.Layer:
    features = [
        {
            **f,
            "properties": {
                **f["properties"],
                "fill": HOST_FILL if f["properties"].get("iso3") in highlighted else COUNTRY_FILL,
            },
        }
        for f in basemap["features"]
    ]
    return pdk.Layer(
        "GeoJsonLayer",
        id="countries",
        data={"type": "FeatureCollection", "features": features},
        stroked=True,
        filled=True,
        get_fill_color="properties.fill",
        get_line_color=OUTLINE,
        line_width_min_pixels=0.5,
        pickable=False,
    )


def mission_layer(points: pd.DataFrame) -> pdk.Layer:
    data = points.dropna(subset=["lat", "lon"])[
        ["acronym", "lat", "lon", "colour", "line", "radius_px", "tooltip_title", "tooltip_body"]
    ]
    return pdk.Layer(
        "ScatterplotLayer",
        id="missions",
        data=data,
        get_position=["lon", "lat"],
        get_fill_color="colour",
        get_line_color="line",
        get_radius="radius_px",
        radius_units=pdk.types.String("pixels"),
        stroked=True,
        line_width_min_pixels=1.5,
        pickable=True,
    )


def places_layer(places: pd.DataFrame) -> pdk.Layer:
    return pdk.Layer(
        "ScatterplotLayer",
        id="projects",
        data=places[["project_id", "locality", "lat", "lon", "tooltip_title", "tooltip_body"]],
        get_position=["lon", "lat"],
        get_fill_color=PROJECT_COLOUR,
        get_line_color=[0, 0, 0, 255],
        get_radius=6,
        radius_units=pdk.types.String("pixels"),
        stroked=True,
        line_width_min_pixels=1,
        pickable=True,
    )


def view_state(lats: pd.Series, lons: pd.Series) -> pdk.ViewState:
    if lats.dropna().empty:
        return pdk.ViewState(latitude=5, longitude=20, zoom=1.3)
    lat, lon = float(lats.mean()), float(lons.mean())
    spread = max(float(lats.max() - lats.min()), float(lons.max() - lons.min()), 1.0)
    zoom = max(0.8, min(6.0, math.log2(360 / spread) - 0.5))
    return pdk.ViewState(latitude=lat, longitude=lon, zoom=zoom)


# pydeck's placeholder style: Streamlit drops it and draws no base map. `map_style=None` would make
# Streamlit fill in a Carto style fetched from the internet (checked in streamlit 1.67's frontend).
NO_BASEMAP_STYLE = "__MAP_STYLE__"


class PreparedDeck(pdk.Deck):
    """A deck that serialises itself once. pydeck re-serialises every layer on each call (about 30 ms
    with the country outlines), and st.pydeck_chart asks on every rerun; decks are cached and not
    changed after they are built, so the first JSON stays right."""

    _json: str | None = None

    def to_json(self) -> str:
        if self._json is None:
            self._json = super().to_json()
        return self._json


def deck(layers: list[pdk.Layer], state: pdk.ViewState) -> pdk.Deck:
    """A deck with no base map style and no provider: only our layers are drawn, nothing is fetched."""
    return PreparedDeck(
        layers=layers,
        initial_view_state=state,
        map_style=NO_BASEMAP_STYLE,
        map_provider=None,
        # "text", not "html": deck.gl puts an html tooltip in as markup, and names come from the data.
        tooltip={"text": "{tooltip_title}\n{tooltip_body}", "style": {"fontSize": "14px"}},
    )


def places_deck(places: pd.DataFrame, basemap: dict[str, Any], highlighted: set[str]) -> pdk.Deck:
    """A small map of some project places over the country outlines (Projects detail, Overview)."""
    return deck([country_layer(basemap, highlighted), places_layer(places)], view_state(places["lat"], places["lon"]))


@dataclass(frozen=True)
class MissionMapView:
    layers: dict[str, pdk.Layer]
    state: pdk.ViewState
    missions: pd.DataFrame
    table: pd.DataFrame
    without_point: tuple[str, ...]
    summary: str


def mission_map_deck(bundle: DataBundle, filters: Filters, shown: tuple[str, ...]) -> pdk.Deck:
    """The mission map with the chosen layers, countries drawn first."""
    view = build_mission_map_view(bundle, filters)
    return deck([view.layers[name] for name in LAYER_NAMES if name in shown], view.state)


def mission_table(points: pd.DataFrame, bundle: DataBundle, filters: Filters) -> pd.DataFrame:
    projects = filter_projects(bundle.projects, filters)
    counts = projects.groupby("mission").size()
    return pd.DataFrame(
        {
            "Mission": points["acronym"],
            "Name": points["name"],
            "Type": points["type_label"],
            "Host countries": points["country_iso3"].str.replace(";", ", "),
            "HQ": points["hq_city"].fillna("not known"),
            "Allegations in selected years": points["allegations_text"],
            "Projects": points["acronym"].map(counts).fillna(0).astype(int),
        }
    )


def build_mission_map_view(bundle: DataBundle, filters: Filters) -> MissionMapView:
    points = mission_points(bundle, filters)
    places = project_points(bundle, filters)
    hosts = {c for cell in points["country_iso3"] for c in cell.split(";")}
    known = points["allegations"].notna().sum()
    return MissionMapView(
        layers={
            "countries": country_layer(bundle.basemap, hosts),
            "missions": mission_layer(points),
            "projects": places_layer(places),
        },
        state=view_state(points["lat"], points["lon"]),
        missions=points,
        table=mission_table(points, bundle, filters),
        without_point=tuple(points.loc[points["lat"].isna(), "acronym"]),
        summary=f"{len(points)} missions shown, {known} with a sourced allegation count in the selected years; "
        f"{len(places)} project places.",
    )


def mission_detail(bundle: DataBundle, filters: Filters, acronym: str) -> dict[str, Any]:
    """The figures beside the map for one mission: yearly counts, personnel, projects."""
    grid = mission_year_grid(preferred_allegations(bundle), Filters(years=filters.years, missions=(acronym,)))
    staff = bundle.personnel[
        (bundle.personnel["mission"] == acronym) & (bundle.personnel["method"] == "annual_mean_of_reported_months")
    ]
    projects = bundle.projects[bundle.projects["mission"] == acronym]
    if not filters.include_unconfirmed:
        projects = projects[projects["trust_fund_link"] == "confirmed"]
    row = bundle.missions[bundle.missions["acronym"] == acronym].iloc[0]
    return {
        "acronym": acronym,
        "name": row["name"],
        "type": MISSION_TYPE_LABELS[row["type"]],
        "dates": f"{row['start_date'] if not pd.isna(row['start_date']) else 'not known'} – "
        f"{row['end_date'] if not pd.isna(row['end_date']) else 'present'}",
        "allegations": grid[["year", "display", "alternatives"]].rename(
            columns={"year": "Year", "display": "Allegations", "alternatives": "Other sources say"}
        ),
        "personnel": staff[staff["year"].between(*filters.years)][["year", "personnel"]].rename(
            columns={"year": "Year", "personnel": "Uniformed personnel (mean)"}
        ),
        "projects": projects[["id", "title"]],
    }


def project_places_deck(bundle: DataBundle, project_id: str) -> pdk.Deck:
    places = bundle.project_places[bundle.project_places["project_id"] == project_id].dropna(subset=["lat", "lon"])
    title = bundle.projects.set_index("id").loc[project_id, "title"]
    marked = places.assign(tooltip_title=title, tooltip_body="Project place: " + places["locality"])
    country = bundle.projects.set_index("id").loc[project_id, "country_iso3"]
    return places_deck(marked, bundle.basemap, {country})
