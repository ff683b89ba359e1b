"""Maps (pure) drawn over the offline country outlines: no tiles, no token, no internet. pydeck decks for
the Mission map and the Projects close-up; a Vega-Lite glance map for the Overview.

The mission map shows mission headquarters (sized by the allegations with a sourced count in the selected
years, coloured by type), project places and the country outlines of data/basemap; `places_deck` is the small
map other pages reuse. Nothing here imports streamlit: pages only pick a deck and draw it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from itertools import combinations
from typing import Any

import altair as alt
import pandas as pd
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from components.allegations import PERSONNEL_METHOD, mission_year_grid, preferred_allegations
from components.basemap import MAX_SIDE_PX, Frame, basemap_png, data_url, frame_for_view, land_rows
from components.charts import MISSION_TYPE_COLOURS, OKABE_ITO
from components.data import DataBundle
from components.filters import Filters, in_selection, in_years
from components.formatting import UNKNOWN, format_figure, format_number, plural
from components.projects import filter_projects
from components.sources import SourceRef, resolve_sources, sources_of


def _rgb(hex_colour: str, alpha: int = 225) -> list[int]:
    return [int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)] + [alpha]


MISSION_TYPE_LABELS = {
    "peacekeeping": "Peacekeeping operation",
    "special_political_mission": "Special political mission",
    "support_office": "Support office",
}
# Fills are translucent so the outlines read on the light and the dark theme alike.
CLEAR = [0, 0, 0, 0]
COUNTRY_FILL = [150, 150, 150, 55]
HOST_FILL = [86, 180, 233, 110]
OUTLINE = [120, 120, 120, 200]
# Reddish purple: no mission type uses it. A dark ring shows on the light theme, the fill on the dark one.
PROJECT_COLOUR = _rgb(OKABE_ITO["reddish_purple"], 240)
PROJECT_OUTLINE = [40, 40, 40, 255]
KNOWN_OUTLINE = [255, 255, 255, 230]
UNKNOWN_RADIUS_PX = 6
MIN_RADIUS_PX = 4
MAX_RADIUS_PX = 40
# Area, not radius, grows with the count: the largest shipped sum (about 200) gets a radius of about 30 px.
PX_PER_SQRT_ALLEGATION = 1.8
PLACE_RADIUS_PX = 5
# The size a map is framed for: the Mission map's column (two thirds of the page: about 520 px wide on a 1280 px
# laptop screen), and the small map of the Projects page.
MAP_WIDTH_PX = 500
MAP_HEIGHT_PX = 560
SMALL_MAP_PX = (260, 300)
PLACES_MAX_ZOOM = 4.0
NO_COUNT = "no sourced count in these years"
CLICK_HINT = "Click to see its figures beside the map."
# The Overview's glance map: drawn by Vega-Lite in a half-width card, over a picture of the land about
# twice as wide as the card. The land is about 0.65 times as tall as wide: at this height it fills a card
# 360-460 px wide (a laptop's half page) with little space above and below.
GLANCE_MAP_HEIGHT_PX = 300
GLANCE_PICTURE_PX = 1200
# The borders picture is drawn for users zooming in: up to eight picture pixels per screen pixel of the first
# view, at most 2,048 a side, which keeps the Mission map's world sharp to about zoom 2. A 4,096 px picture stayed
# sharp one step further but cost about 0.6 s more to draw on each visit in headless Chromium.
OUTLINES_PX_PER_SCREEN_PX = 8
OUTLINES_MAX_SIDE_PX = 2048
# Borders two picture pixels wide, so they still show when the picture is shrunk to the whole world.
OUTLINE_PX = 2
PERIOD_LABELS = {"year": "calendar year", "Jan-Jun": "January–June", "Jul-Dec": "July–December"}
LAYER_NAMES = {"countries": "Country outlines", "missions": "Missions", "projects": "Project places"}
# pydeck's placeholder style. Streamlit 1.67's frontend deletes a mapStyle equal to it and draws no base map;
# `map_style=None` (or an empty style) makes it fill in a Carto style fetched from the internet instead.
NO_BASEMAP_STYLE = "__MAP_STYLE__"
_COLOUR_NAMES = {hex_colour: name.replace("_", " ") for name, hex_colour in OKABE_ITO.items()}
_LOWER = {"over", "at_least"}
_UPPER = {"under", "up_to"}
_NEAR = {"about", "close_to"}


def country_names(basemap: Mapping[str, Any]) -> dict[str, str]:
    return {
        f["properties"]["iso3"]: f["properties"].get("name") or f["properties"]["iso3"]
        for f in basemap.get("features", [])
        if f.get("properties", {}).get("iso3")
    }


def sum_qualifier(qualifiers: Iterable[str]) -> str | None:
    """The qualifier a sum inherits from its parts: 'over 10' + 5 is over 15, 'about 10' + 5 is about 15.
    None when the parts bound it in opposite directions, so no single word is honest."""
    inexact = {q for q in qualifiers if q and q != "exact"}
    if not inexact:
        return "exact"
    for group, word in ((_LOWER, "over" if "over" in inexact else "at_least"), (_UPPER, "up_to"), (_NEAR, "about")):
        if inexact <= group:
            return word
    return None


def _sum_display(total: float, qualifier: str | None) -> str:
    if qualifier is None:
        return f"{format_number(total)} (some parts are approximate or bounds)"
    return format_figure(total, qualifier)


def sum_text(values: pd.Series, qualifiers: pd.Series) -> str:
    """A sum of counts as users read it, with the qualifier it inherits; 'not known' when nothing is known."""
    if values.empty:
        return UNKNOWN
    return _sum_display(float(values.sum()), sum_qualifier(qualifiers.fillna("exact")))


def active_years(missions: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """First and last year of each mission inside the year range (a partial date counts as its whole year);
    `active` is False for missions that ran entirely outside it."""
    low, high = filters.years
    start = pd.to_numeric(missions["start_date"].astype("string").str[:4]).fillna(low)
    # An interval end "2016-07/2017-09" may mean as late as its second date.
    end = pd.to_numeric(missions["end_date"].astype("string").str.split("/").str[-1].str[:4]).fillna(high)
    first, last = start.clip(lower=low), end.clip(upper=high)
    return pd.DataFrame({"first": first, "last": last, "active": first <= last}, index=missions.index)


def mission_allegation_rows(bundle: DataBundle, missions: tuple[str, ...] = ()) -> pd.DataFrame:
    """The source rows of per-mission allegation counts (all personnel), of the given missions or all."""
    rows = bundle.allegations
    return rows[
        (rows["scope"] == "mission")
        & (rows["measure"] == "allegations")
        & rows["category"].isna()
        & in_selection(rows["mission"], missions)
    ]


def mission_grid(bundle: DataBundle, filters: Filters) -> pd.DataFrame:
    """Every mission with a per-mission count × every year in range, one preferred value per mission-year.

    The preferred-value rule ranks the sources of one fact against each other only, so it is applied to the
    per-mission rows alone: the same values, without ranking every other figure of the dataset."""
    rows = mission_allegation_rows(bundle, filters.missions)
    return mission_year_grid(preferred_allegations(replace(bundle, allegations=rows)), filters)


def mission_counts(grid: pd.DataFrame) -> pd.DataFrame:
    """Per mission: the sum of its yearly allegation counts in the range, one preferred value per mission-year
    (several sources of one mission-year are never added), the qualifier the sum inherits, the years known."""
    known = grid.dropna(subset=["value"])
    grouped = known.groupby("mission")
    counts = pd.DataFrame({"allegations": grouped["value"].sum(), "years_known": grouped["year"].nunique()})
    qualifiers = grouped["qualifier"].agg(lambda q: sum_qualifier(q.fillna("exact")))
    counts["allegations_display"] = [
        _sum_display(total, q) for total, q in zip(counts["allegations"], qualifiers.reindex(counts.index), strict=True)
    ]
    return counts


def _in_countries(codes: pd.Series, countries: tuple[str, ...]) -> pd.Series:
    if not countries:
        return pd.Series(True, index=codes.index)
    return codes.fillna("").str.split(";").map(lambda cell: any(c in countries for c in cell))


def mission_points(bundle: DataBundle, filters: Filters, grid: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per mission on the map: active in the year range or with a sourced count in it, narrowed by the
    mission and country filters; with its allegations in the range, or 'not known', and how it is drawn.
    `grid` is `mission_grid(bundle, filters)` when the caller has it already."""
    counts = mission_counts(mission_grid(bundle, filters) if grid is None else grid)
    missions = bundle.missions
    span = active_years(missions, filters)
    keep = (
        (span["active"] | missions["acronym"].isin(counts.index))
        & in_selection(missions["acronym"], filters.missions)
        & _in_countries(missions["country_iso3"], filters.countries)
    )
    points = missions[keep].join(span[keep]).join(counts, on="acronym").reset_index(drop=True)
    names = country_names(bundle.basemap)
    known = points["allegations"].notna()
    years_in_range = (points["last"] - points["first"] + 1).clip(lower=0)
    points["years_known"] = points["years_known"].fillna(0).astype(int)
    points["years_counted"] = [max(int(n), k) for n, k in zip(years_in_range, points["years_known"], strict=True)]
    points["type_label"] = points["type"].map(MISSION_TYPE_LABELS)
    points["countries"] = (
        points["country_iso3"]
        .fillna("")
        .str.split(";")
        .map(lambda codes: ", ".join(names.get(c, c) for c in codes if c))
    )
    points["hq"] = points["hq_city"].astype("object").where(points["hq_city"].notna(), UNKNOWN)
    points["allegations_text"] = [
        f"{d} in the {int(n)} year(s) with a sourced count" if ok else NO_COUNT
        for ok, d, n in zip(known, points["allegations_display"], points["years_known"], strict=True)
    ]
    points["years_text"] = [f"{k} of {n}" for k, n in zip(points["years_known"], points["years_counted"], strict=True)]
    colours = points["type"].map(MISSION_TYPE_COLOURS)
    # A mission with no sourced count is a hollow ring of fixed size: never a filled point sized as zero.
    points["colour"] = [_rgb(c) if ok else _rgb(c, 40) for c, ok in zip(colours, known, strict=True)]
    points["line"] = [KNOWN_OUTLINE if ok else _rgb(c, 255) for c, ok in zip(colours, known, strict=True)]
    points["line_px"] = [1.0 if ok else 2.5 for ok in known]
    points["radius_px"] = [
        min(MAX_RADIUS_PX, MIN_RADIUS_PX + PX_PER_SQRT_ALLEGATION * math.sqrt(a)) if ok else UNKNOWN_RADIUS_PX
        for a, ok in zip(points["allegations"].fillna(0), known, strict=True)
    ]
    span_text = filters.span_words
    points["tooltip_title"] = points["acronym"] + " — " + points["name"]
    points["tooltip_body"] = [
        f"{label} · HQ {hq}\nAllegations {span_text}: "
        + (
            f"{d} (sum of the {plural(k, 'year')} of {n} with a sourced count; the others are not known)"
            if ok
            else f"not known — {NO_COUNT}"
        )
        + "\n"
        + CLICK_HINT
        for label, hq, ok, d, k, n in zip(
            points["type_label"],
            points["hq"],
            known,
            points["allegations_display"],
            points["years_known"],
            points["years_counted"],
            strict=True,
        )
    ]
    return points


def place_points(places: pd.DataFrame) -> pd.DataFrame:
    """One point per coordinate pair, naming every project there: several projects often share a town.

    `places` needs lat, lon and locality; optional title and mission columns go into the tooltip."""
    located = places.dropna(subset=["lat", "lon"])
    columns = ["lat", "lon", "localities", "project_ids", "tooltip_title", "tooltip_body"]
    if located.empty:
        return pd.DataFrame(columns=columns)
    missions = located.get("mission", pd.Series("", index=located.index))
    located = located.assign(
        title=located.get("title", ""),
        project_id=located.get("project_id", ""),
        mission=missions.astype("object").where(missions.notna(), "none named"),
    )
    rows = []
    for (lat, lon), group in located.groupby(["lat", "lon"], sort=False):
        localities = list(dict.fromkeys(group["locality"].astype(str)))
        projects = group.drop_duplicates(subset=["project_id", "title"])
        lines = [
            f"{title} (mission: {mission})" if mission else str(title)
            for title, mission in zip(projects["title"], projects["mission"], strict=True)
            if title
        ]
        rows.append(
            {
                "lat": float(lat),
                "lon": float(lon),
                "localities": "; ".join(localities),
                "project_ids": [str(p) for p in projects["project_id"] if p],
                "tooltip_title": "Project place: " + "; ".join(localities),
                "tooltip_body": "\n".join(lines) if lines else "",
            }
        )
    return pd.DataFrame(rows, columns=columns)


def project_places(bundle: DataBundle, filters: Filters) -> pd.DataFrame:
    """The places of the projects the Projects page shows for these filters (unconfirmed ones only on request)."""
    projects = filter_projects(bundle.projects, filters).set_index("id")
    places = bundle.project_places[bundle.project_places["project_id"].isin(projects.index)]
    return places.assign(
        title=places["project_id"].map(projects["title"]), mission=places["project_id"].map(projects["mission"])
    )


def _picture_layer(layer_id: str, png: bytes, frame: Frame) -> pdk.Layer:
    return pdk.Layer(
        "BitmapLayer",
        id=layer_id,
        # A plain string would be read by pydeck as an accessor expression.
        image=pdk.types.String(data_url(png)),
        bounds=frame.bounds,
        pickable=False,
    )


# Outline pictures by (basemap, frame). The basemap is kept in the value so its id is not reused while the entry
# lives; a few frames at most are in use (the world, and one close-up per project).
_outline_pictures: dict[tuple[int, Frame], tuple[Mapping[str, Any], bytes]] = {}
MAX_OUTLINE_PICTURES = 32


def _outline_picture(basemap: Mapping[str, Any], frame: Frame) -> bytes:
    key = (id(basemap), frame)
    cached = _outline_pictures.get(key)
    if cached is None:
        if len(_outline_pictures) >= MAX_OUTLINE_PICTURES:
            _outline_pictures.pop(next(iter(_outline_pictures)))
        cached = (basemap, basemap_png(basemap, frame, COUNTRY_FILL, outline=OUTLINE, outline_px=OUTLINE_PX))
        _outline_pictures[key] = cached
    return cached[1]


def country_layers(
    basemap: Mapping[str, Any],
    state: pdk.ViewState,
    size_px: tuple[int, int],
    highlighted: Iterable[str] = (),
    whole_world: bool = True,
) -> list[pdk.Layer]:
    """The offline outlines as two pictures: the land and its borders, sharp for zooming in and drawn once per
    process (a large picture takes a few tenths of a second to draw and encode); and the highlighted countries
    (those hosting what is shown), lightly shaded, in a smaller picture drawn for each choice of filters (a fill
    needs no sharp edge: the borders above it give one). Framed for a map first showing `state` at about
    `size_px`; without `whole_world` only the view and a margin around it, for a close-up map."""
    land = land_rows(basemap)
    view = (state.latitude, state.longitude, state.zoom, size_px, whole_world, land)
    # A close-up starts zoomed in already; its picture stays small, as it is drawn for each project opened.
    largest = OUTLINES_MAX_SIDE_PX if whole_world else MAX_SIDE_PX
    sharp = frame_for_view(*view, px_per_screen_px=OUTLINES_PX_PER_SCREEN_PX, max_side_px=largest)
    # One picture pixel per screen pixel: a fill needs no more, and a smaller picture draws faster.
    shading = frame_for_view(*view, px_per_screen_px=1)
    hosts = basemap_png(basemap, shading, CLEAR, highlighted, HOST_FILL)
    outlines = _outline_picture(basemap, sharp)
    return [_picture_layer("countries", outlines, sharp), _picture_layer("hosts", hosts, shading)]


def mission_layer(points: pd.DataFrame) -> pdk.Layer:
    # Largest first, so a small mission sharing a city with a large one stays on top and can be clicked.
    data = points.dropna(subset=["lat", "lon"]).sort_values("radius_px", ascending=False)
    return pdk.Layer(
        "ScatterplotLayer",
        id="missions",
        data=data[["acronym", "lat", "lon", "colour", "line", "line_px", "radius_px", "tooltip_title", "tooltip_body"]],
        get_position=["lon", "lat"],
        get_fill_color="colour",
        get_line_color="line",
        get_line_width="line_px",
        get_radius="radius_px",
        radius_units=pdk.types.String("pixels"),
        line_width_units=pdk.types.String("pixels"),
        stroked=True,
        pickable=True,
    )


def places_layer(points: pd.DataFrame) -> pdk.Layer:
    """Project places as points; `points` as `place_points` returns them."""
    return pdk.Layer(
        "ScatterplotLayer",
        id="projects",
        data=points[["lat", "lon", "localities", "project_ids", "tooltip_title", "tooltip_body"]],
        get_position=["lon", "lat"],
        get_fill_color=PROJECT_COLOUR,
        get_line_color=PROJECT_OUTLINE,
        get_radius=PLACE_RADIUS_PX,
        radius_units=pdk.types.String("pixels"),
        stroked=True,
        line_width_min_pixels=1,
        pickable=True,
    )


def view_state(
    lats: pd.Series,
    lons: pd.Series,
    width_px: int = MAP_WIDTH_PX,
    height_px: int = MAP_HEIGHT_PX,
    max_zoom: float = 6.0,
) -> pdk.ViewState:
    """A camera that frames the points in a map of about width_px by height_px; the world when there are none.
    deck.gl draws the whole world 512 px wide at zoom 0, and twice as wide at each zoom step."""
    lats, lons = lats.dropna(), lons.dropna()
    if lats.empty:
        return pdk.ViewState(latitude=10, longitude=20, zoom=1)
    lat = (float(lats.min()) + float(lats.max())) / 2
    lon = (float(lons.min()) + float(lons.max())) / 2
    wide = math.log2(width_px / 512 * 360 / max(float(lons.max() - lons.min()), 1.0))
    tall = math.log2(height_px / 512 * 360 / max(float(lats.max() - lats.min()), 1.0))
    zoom = max(0.0, min(max_zoom, min(wide, tall) - 0.3))
    return pdk.ViewState(latitude=lat, longitude=lon, zoom=round(zoom, 2))


class PreparedDeck(pdk.Deck):
    """A deck that serialises itself once, compactly. pydeck re-serialises every layer on each call (about
    30 ms with the country outlines), and st.pydeck_chart asks on every rerun; decks are cached and not
    changed after they are built, so the first JSON stays right. pydeck indents its JSON, which made the
    outlines five times larger on the wire."""

    _json: str | None = None

    def to_json(self) -> str:
        if self._json is None:
            self._json = json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"))
        return self._json


def deck(layers: list[pdk.Layer], state: pdk.ViewState) -> pdk.Deck:
    """A deck with no base map style and no provider: only our layers are drawn, nothing is fetched."""
    return PreparedDeck(
        layers=layers,
        initial_view_state=state,
        map_style=NO_BASEMAP_STYLE,
        map_provider=None,
        # "text", not "html": deck.gl puts an html tooltip in as markup, and names come from the data.
        tooltip={
            "text": "{tooltip_title}\n{tooltip_body}",
            "style": {"fontSize": "14px", "maxWidth": "380px", "whiteSpace": "pre-wrap"},
        },
    )


def places_deck(
    places: pd.DataFrame,
    basemap: Mapping[str, Any],
    highlighted: Iterable[str] = (),
    size_px: tuple[int, int] = SMALL_MAP_PX,
) -> pdk.Deck:
    """A small map of project places over the offline country outlines, for any page.

    `places`: one row per place with `lat`, `lon` and `locality` (rows without coordinates are left out);
    optional `title`, `mission` and `project_id` columns name the projects in the tooltip. `highlighted`:
    ISO3 codes of the countries to shade. `size_px`: the (width, height) the map is drawn at, to frame the
    places. Places sharing coordinates become one point naming them all."""
    points = place_points(places)
    # Places of one project lie close together; closer than this the coarse outlines give no sense of where it is.
    state = view_state(points["lat"], points["lon"], *size_px, max_zoom=PLACES_MAX_ZOOM)
    return deck([*country_layers(basemap, state, size_px, highlighted, whole_world=False), places_layer(points)], state)


def project_places_deck(bundle: DataBundle, project_id: str) -> pdk.Deck:
    """The places of one project (Projects page detail)."""
    project = bundle.projects.set_index("id").loc[project_id]
    places = bundle.project_places[bundle.project_places["project_id"] == project_id]
    return places_deck(places.assign(title=project["title"]), bundle.basemap, {project["country_iso3"]})


def legend_text(points: pd.DataFrame, filters: Filters) -> str:
    """What the marks mean, in words, for the mission types on the map (no data text: safe as markdown)."""
    types = [t for t in MISSION_TYPE_LABELS if t in set(points["type"])]
    colours = ", ".join(
        f"{MISSION_TYPE_LABELS[t].lower()} {_COLOUR_NAMES.get(MISSION_TYPE_COLOURS[t], '')}".strip() for t in types
    )
    return (
        f"Points are mission headquarters coloured by type ({colours or 'none shown'}); a point's area grows with "
        f"the allegations that have a sourced count in {filters.span_words}. A hollow ring means no sourced count in "
        "these years: not known, not zero. Small purple points with a dark ring are project places; shaded countries "
        "host a mission shown. Missions sharing a city overlap, the smaller on top: the table lists every one."
    )


@dataclass(frozen=True)
class MissionDetail:
    """The figures beside the map for one mission."""

    acronym: str
    name: str
    facts: str
    allegations_total: str
    allegations: pd.DataFrame
    personnel: pd.DataFrame
    projects: tuple[tuple[str, str], ...]
    projects_note: str
    sources: tuple[SourceRef, ...]


def _source_labels(sources: pd.DataFrame) -> dict[str, str]:
    dates = sources["date"].fillna("")
    return {i: f"{p}, {d}" if d else str(p) for i, p, d in zip(sources["id"], sources["publisher"], dates, strict=True)}


def mission_detail(bundle: DataBundle, filters: Filters, acronym: str) -> MissionDetail | None:
    """One mission's allegations per year in the range (with the source of each), personnel and projects."""
    rows = bundle.missions[bundle.missions["acronym"] == acronym]
    if rows.empty:
        return None
    mission = rows.iloc[0]
    labels = _source_labels(bundle.sources)
    raw = mission_allegation_rows(bundle, (acronym,))
    raw = raw[in_years(raw["year"], filters)]
    own = preferred_allegations(replace(bundle, allegations=raw)).astype({"year": "int64"})
    annual = own[own["period"] == "year"]
    span = active_years(rows, filters).iloc[0]
    years = set(range(int(span["first"]), int(span["last"]) + 1)) | set(annual["year"])
    # Every year the mission ran in the range gets a row: a year without a source reads "not known".
    base = pd.DataFrame({"year": sorted(years), "period": "year"}, columns=["year", "period"]).astype({"year": "int64"})
    table = pd.concat([base.merge(annual, on=["year", "period"], how="left"), own[own["period"] != "year"]])
    table = table.assign(order=table["period"].map(list(PERIOD_LABELS).index)).sort_values(["year", "order"])
    allegations = pd.DataFrame(
        {
            "Year": table["year"].astype(int),
            "Period": table["period"].map(PERIOD_LABELS),
            "Allegations": table["display"].astype("object").fillna(UNKNOWN),
            "Source": table["source_id"].map(labels).fillna("—"),
            "Sources giving it": table["source_count"].fillna(0).astype(int),
            "Other sources say": table["alternatives"].astype("object").fillna(""),
        }
    ).reset_index(drop=True)
    total = (
        f"{sum_text(annual['value'], annual['qualifier'])} in {filters.span_words}, the sum of the "
        f"{plural(len(annual), 'year')} with a sourced count (the other years are not known)"
        if not annual.empty
        else f"not known: {NO_COUNT}"
    )

    staff = bundle.personnel[
        (bundle.personnel["mission"] == acronym)
        & (bundle.personnel["method"] == PERSONNEL_METHOD)
        & in_years(bundle.personnel["year"], filters)
    ].sort_values("year")
    personnel = pd.DataFrame(
        {
            "Year": staff["year"].astype(int),
            "Uniformed personnel (yearly mean)": staff["personnel"].map(format_number),
            "Note": staff["note"].fillna(""),
            "Source": staff["source_id"].map(labels),
        }
    ).reset_index(drop=True)

    shown = filter_projects(bundle.projects, filters)
    shown = shown[shown["mission"] == acronym]
    unconfirmed = filter_projects(bundle.projects, replace(filters, include_unconfirmed=True))
    hidden = int((unconfirmed["mission"] == acronym).sum()) - len(shown)
    projects = tuple(
        (
            str(pid),
            str(title)
            + (" (mission named for context only)" if basis == "context_only" else "")
            + ("" if link == "confirmed" else " (link to the Fund not confirmed)"),
        )
        for pid, title, basis, link in zip(
            shown["id"], shown["title"], shown["mission_basis"], shown["trust_fund_link"], strict=True
        )
    )
    if projects:
        note = f"{plural(len(projects), 'project')} of the Fund tied to {acronym} match the filters."
    else:
        note = f"No project tied to {acronym} matches the filters."
    if hidden and not filters.include_unconfirmed:
        note += (
            f" {plural(hidden, 'more project')} whose link to the Fund no source confirms "
            f"{'is' if hidden == 1 else 'are'} hidden; switch them on in the sidebar."
        )

    ends = mission["end_date"] if not pd.isna(mission["end_date"]) else "no end date in the data"
    starts = mission["start_date"] if not pd.isna(mission["start_date"]) else UNKNOWN
    hq = mission["hq_city"] if not pd.isna(mission["hq_city"]) else UNKNOWN
    names = country_names(bundle.basemap)
    hosts = ", ".join(names.get(c, c) for c in str(mission["country_iso3"] or "").split(";") if c)
    return MissionDetail(
        acronym=acronym,
        name=str(mission["name"]),
        facts=f"{MISSION_TYPE_LABELS.get(mission['type'], mission['type'])} in {hosts}\n"
        f"Headquarters: {hq}\nFrom {starts} to {ends}",
        allegations_total=total,
        allegations=allegations,
        personnel=personnel,
        projects=projects,
        projects_note=note,
        sources=sources_of(raw, bundle.sources) + sources_of(staff, bundle.sources),
    )


@dataclass(frozen=True)
class MissionMapView:
    """Everything the Mission map page shows; `decks` holds one prepared deck per choice of layers."""

    state: pdk.ViewState
    # The missions and the project places on the map, one row per mark, as mission_points and place_points give them.
    points: pd.DataFrame
    places: pd.DataFrame
    # ISO3 codes of the countries hosting a mission shown.
    hosts: frozenset[str]
    decks: dict[tuple[str, ...], pdk.Deck]
    mission_ids: tuple[str, ...]
    table: pd.DataFrame
    without_point: tuple[str, ...]
    summary: str
    legend: str
    sources: tuple[SourceRef, ...]
    mission_sources: tuple[SourceRef, ...]
    project_titles: dict[str, str]

    def deck_for(self, shown: Iterable[str]) -> pdk.Deck:
        """The deck with the chosen layers (keys of LAYER_NAMES), country outlines always drawn first."""
        chosen = set(shown)
        return self.decks[tuple(name for name in LAYER_NAMES if name in chosen)]


def _hex(rgba: list[int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgba[:3])


def glance_map_spec(view: MissionMapView, basemap: Mapping[str, Any], description: str) -> dict[str, Any]:
    """The mission map at a glance, for the Overview: the same marks, colours and tooltips, drawn by Vega-Lite
    over the whole world. No pan, zoom or click (the Mission map page has them), and no WebGL: in headless
    Chromium the deck.gl version took about 0.45 s to draw on every visit, this about 0.05 s.

    The land is the outlines' picture, not GeoJSON: Streamlit re-encodes a chart's spec as JSON on every
    rerun, and the outlines as GeoJSON made that 13 ms a rerun. The projection is written out so the picture
    and the marks line up: Web Mercator, the world as wide as the chart allows at GLANCE_MAP_HEIGHT_PX."""
    top, bottom = land_rows(basemap)
    land_height = bottom - top
    picture = Frame(0.0, top, 1.0, bottom, GLANCE_PICTURE_PX, round(GLANCE_PICTURE_PX * land_height))
    png = basemap_png(basemap, picture, COUNTRY_FILL, view.hosts, HOST_FILL)
    # The world's width in pixels, and the gap above the land that centres it in the chart.
    world = f"min(width, {GLANCE_MAP_HEIGHT_PX} / {land_height!r})"
    above = f"({GLANCE_MAP_HEIGHT_PX} - {land_height!r} * {world}) / 2"
    land = alt.Chart(alt.Data(values=[{"land": 1}])).mark_image(
        url=data_url(png),
        x=alt.ExprRef(f"(width - {world}) / 2"),
        y=alt.ExprRef(above),
        width=alt.ExprRef(world),
        height=alt.ExprRef(f"{land_height!r} * {world}"),
        align="left",
        baseline="top",
        aspect=False,
        aria=False,  # background: the chart's description says what the map is
    )
    projection = alt.Projection(
        type="mercator",
        scale=alt.ExprRef(f"{world} / (2 * PI)"),
        translate=alt.ExprRef(f"[width / 2, {above} + {0.5 - top!r} * {world}]"),
    )
    missions = view.points.dropna(subset=["lat", "lon"]).sort_values("radius_px", ascending=False)
    marks = pd.concat(
        [
            pd.DataFrame(
                {
                    "lon": missions["lon"],
                    "lat": missions["lat"],
                    "fill": [_hex(c) for c in missions["colour"]],
                    "fill_opacity": [c[3] / 255 for c in missions["colour"]],
                    "stroke": [_hex(c) for c in missions["line"]],
                    "stroke_px": missions["line_px"],
                    "area_px": [math.pi * r**2 for r in missions["radius_px"]],
                    "what": missions["tooltip_title"],
                    # Nothing to click here: the hint belongs to the Mission map.
                    "details": [b.removesuffix(CLICK_HINT).strip().replace("\n", " · ") for b in missions.tooltip_body],
                }
            ),
            pd.DataFrame(
                {
                    "lon": view.places["lon"],
                    "lat": view.places["lat"],
                    "fill": _hex(PROJECT_COLOUR),
                    "fill_opacity": PROJECT_COLOUR[3] / 255,
                    "stroke": _hex(PROJECT_OUTLINE),
                    "stroke_px": 1.0,
                    "area_px": math.pi * PLACE_RADIUS_PX**2,
                    "what": view.places["tooltip_title"],
                    "details": view.places["tooltip_body"].str.replace("\n", " · "),
                }
            ),
        ],
        ignore_index=True,
    )
    circles = (
        alt.Chart(marks)
        .mark_circle()
        .encode(
            longitude="lon:Q",
            latitude="lat:Q",
            size=alt.Size("area_px:Q", scale=None),
            fill=alt.Fill("fill:N", scale=None),
            fillOpacity=alt.FillOpacity("fill_opacity:Q", scale=None),
            stroke=alt.Stroke("stroke:N", scale=None),
            strokeWidth=alt.StrokeWidth("stroke_px:Q", scale=None),
            tooltip=[alt.Tooltip("what:N", title="Where"), alt.Tooltip("details:N", title="Details")],
        )
    )
    chart = alt.layer(land, circles).project(**projection.to_dict())
    chart = chart.properties(height=GLANCE_MAP_HEIGHT_PX, width="container", description=description)
    # Altair stops at 5,000 rows to keep aggregations out of the browser; each row here is one mark, as on the
    # Mission map's deck, and there is nothing to aggregate.
    with alt.data_transformers.disable_max_rows():
        return chart.to_dict()


def mission_table(points: pd.DataFrame, project_counts: pd.Series) -> pd.DataFrame:
    """The figures on the map as a table, for screen readers and for reading exact values."""
    return pd.DataFrame(
        {
            "Mission": points["acronym"],
            "Allegations in selected years": points["allegations_text"],
            "Years with a sourced count": points["years_text"],
            "Projects": points["acronym"].map(project_counts).fillna(0).astype(int),
            "Type": points["type_label"],
            "Host countries": points["countries"],
            "HQ": points["hq"],
            "Name": points["name"],
        }
    )


def build_mission_map_view(bundle: DataBundle, filters: Filters) -> MissionMapView:
    grid = mission_grid(bundle, filters)
    points = mission_points(bundle, filters, grid)
    # Largest known counts first, then the missions without one, each group by acronym.
    points = points.sort_values(["allegations", "acronym"], ascending=[False, True], na_position="last")
    points = points.reset_index(drop=True)
    places = project_places(bundle, filters)
    place_marks = place_points(places)
    projects = filter_projects(bundle.projects, filters)
    hosts = frozenset(c for cell in points["country_iso3"].dropna() for c in cell.split(";"))
    marks = pd.concat([points[["lat", "lon"]], place_marks[["lat", "lon"]]], ignore_index=True)
    state = view_state(marks["lat"], marks["lon"])
    layers = {
        "countries": country_layers(bundle.basemap, state, (MAP_WIDTH_PX, MAP_HEIGHT_PX), hosts),
        "missions": [mission_layer(points)],
        "projects": [places_layer(place_marks)],
    }
    decks = {
        combo: deck([layer for name in combo for layer in layers[name]], state)
        for size in range(len(LAYER_NAMES) + 1)
        for combo in combinations(LAYER_NAMES, size)
    }
    with_count = int(points["allegations"].notna().sum())
    # Every source of each mission-year on the map is cited, not only the preferred one.
    known = grid.dropna(subset=["value"])
    known = known[known["mission"].isin(points["acronym"])][["mission", "year"]].astype({"year": "int64"})
    raw = mission_allegation_rows(bundle, filters.missions)
    raw = raw[raw["period"] == "year"].astype({"year": "int64"}).merge(known, on=["mission", "year"])
    cited = [(s, "mission list") for cell in points["source_ids"].dropna() for s in cell.split(";") if s]
    without = tuple(points.loc[points["lat"].isna() | points["lon"].isna(), "acronym"])
    return MissionMapView(
        state=state,
        points=points,
        places=place_marks,
        hosts=hosts,
        decks=decks,
        mission_ids=tuple(sorted(points["acronym"])),
        table=mission_table(points, projects.groupby("mission").size()),
        without_point=without,
        summary=f"{plural(len(points), 'mission')} shown, {with_count} with a sourced allegation count in the selected "
        f"years; {plural(len(place_marks), 'project place')}.",
        legend=legend_text(points, filters),
        sources=sources_of(raw, bundle.sources),
        mission_sources=resolve_sources(bundle.sources, cited),
        project_titles=dict(zip(projects["id"], projects["title"], strict=True)),
    )
