"""Maps (pure) drawn over the offline country outlines and lakes: no tiles, no token, no internet.

The Mission map is a deck.gl map (pydeck, `mission_deck`) to pan, zoom, hover and click; its "simple map" and
the maps that must become pictures (the Overview's glance, a project's close-up) are Vega-Lite specs from one
builder (map_spec), with no WebGL. The mission map shows mission headquarters (sized by MISSION_MEASURE, the count
of the latest year with a sourced count in the selected years, coloured by type), project places and the country
outlines and lakes of data/basemap; `places_map_spec` is the small map other pages reuse. Nothing here imports
streamlit: pages only pick a deck or a spec and draw it.
"""

from __future__ import annotations

import json
import math
import textwrap
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal, cast

import altair as alt
import pandas as pd
import pydeck
from pydeck.bindings.json_tools import default_serialize

from components.charts.basemap import (
    WORLD_PX_AT_ZOOM_0,
    Frame,
    basemap_png,
    close_up_countries,
    compass_direction,
    data_url,
    distance_km,
    features_in_box,
    lakes,
    land_rows,
    latitude_at,
    mercator_x,
    mercator_y,
    whole_land_frame,
)
from components.charts.served import served_json, still_served
from components.charts.theme import (
    IN_DRAWN_BAND,
    MISSION_TYPE_COLOURS,
    OKABE_ITO,
    TYPE_SCALE_PARAM,
    WIDEST_BAND_END,
    chart_spec,
    colour_if,
    fitted_title,
    streamlit_ready,
    title_lines,
)
from components.data.bundle import DataBundle
from components.data.countries import cell_codes
from components.data.once import MadeOnce
from components.figures.citations import SourceRef, resolve_sources, sources_of
from components.figures.filters import Filters
from components.figures.formatting import format_number
from components.figures.missions import (
    CLICK_HINT,
    MISSION_MEASURE,
    MISSION_MEASURE_NOTE,
    MISSION_TYPE_LABELS,
    PLACE_FIELD,
    mission_allegation_rows,
    mission_grid,
    mission_points,
    mission_search_words,
    mission_table,
    mission_type_label,
    place_points,
    project_places,
)
from components.figures.projects import filter_projects
from components.language.translation import ENGLISH, N_, Language


def _rgb(hex_colour: str, alpha: int = 225) -> list[int]:
    return [int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)] + [alpha]


# Fills are translucent so the outlines read on the light and the dark theme alike.
CLEAR = [0, 0, 0, 0]
COUNTRY_FILL = [150, 150, 150, 55]
# Host countries in a warm sand tint: the light blue they had read as water (a close-up of the DRC looked like
# half sea). Blue is for lakes only.
HOST_FILL = [204, 170, 102, 120]
LAKE_FILL = [86, 180, 233, 210]
OUTLINE = [120, 120, 120, 200]
# Reddish purple: no mission type uses it. A dark ring shows on the light theme, the fill on the dark one.
PROJECT_COLOUR = _rgb(OKABE_ITO["reddish_purple"], 240)
PROJECT_OUTLINE = [40, 40, 40, 255]
KNOWN_OUTLINE = [255, 255, 255, 230]
UNKNOWN_RADIUS_PX = 6
MIN_RADIUS_PX = 4
MAX_RADIUS_PX = 40
# Area, not radius, grows with the count: the largest shipped yearly count (66) gets a radius of about 19 px.
PX_PER_SQRT_ALLEGATION = 1.8
PLACE_RADIUS_PX = 5
# The Mission map's height.
MAP_HEIGHT_PX = 560
# A map never starts closer than this share of the world's width: about a large country.
MIN_SPAN = 1 / 64
MAP_DESCRIPTION = N_("Map of UN field missions and project places; the same figures are in the table below the map.")
DECK_DESCRIPTION = N_(
    "Interactive map of UN field mission headquarters, sized by their sourced allegation counts, and project "
    "places, over country outlines with host countries shaded and lakes in blue. The same figures are in the "
    "table below the map."
)
# The Mission map is about this wide on a 1400 px laptop page (two thirds of the page beside the sidebar).
DECK_WIDTH_PX = 600
# Streamlit tells the server no screen width, and deck.gl's JSON has no fit-to-bounds (fitBounds is a JavaScript
# call), so the deck's first view is one centre and zoom for every screen. It fits the marks into the narrowest
# map that must show them all: 358 px on a 390 px phone, 368 px on a 1024 px laptop page beside the open sidebar
# (both measured in Chromium). A wider map shows more land around the same centre. Fitted to a laptop's map
# instead, a phone's first view showed only the middle of the frame: a MONUSCO map showed neither Kinshasa nor
# the project places in the Kivus.
DECK_FIT_WIDTH_PX = 358
# deck.gl layer ids: a click's selection comes back under these names.
DECK_LAYER_IDS = {"missions": "missions", "projects": "places"}
# The outline layers' addresses (components/charts/served.py), by basemap (or lakes) and set of countries: the same
# string for every view with those host countries, so a deck.gl layer given the same address again neither reloads
# nor re-triangulates it, and the shapes are written and hashed once per process. The basemap is kept in the value
# so its id is not reused while the entry lives.
MAX_OUTLINE_URLS = 64
_outline_urls: MadeOnce[tuple[Mapping[str, Any], str]] = MadeOnce(max_entries=MAX_OUTLINE_URLS)
SELECTED_RING_PX = 4
# The deck's outlines are Natural Earth 1:110m (data/basemap): about 1 km per screen pixel at zoom 7, where their
# corners show as steps. Zoom 6 (a region such as North Kivu fills the map) is as close as they look like borders.
DECK_MAX_ZOOM = 6
# Names beside the points: mission acronyms, and place names in a smaller size.
LABEL_PX = 13
PLACE_LABEL_PX = 12
LABEL_OFFSET_PX = 8
# Over the whole world the 30-odd missions' names overprint one another (hovering names each); a filtered map of
# this many or fewer marks of a kind names them all.
LABELLED_MARKS_MAX = 12
# A literal string for a pydeck layer: pydeck turns an unquoted string into an expression on each row's fields.
PIXELS = "'pixels'"
TOOLTIP = {"text": "{tooltip_title}\n{tooltip_body}"}
DECK_HOW_TO = N_(
    "Scroll or pinch to zoom, drag to move, hover a point for its figures, click a mission to see them beside the "
    "map. “Reset view” goes back to the first view."
)
BLANK_MAP_HELP = N_(
    "Map blank? It needs WebGL, which some remote desktops and locked-down laptops switch off: turn on “Simple "
    "map (no WebGL)” above, or use the table below."
)
MAP_HOW_TO = N_("Scroll on the map to zoom in, drag to move it, double-click to go back.")
# What a click on the Mission map chooses, by layer: the name of its Vega-Lite selection.
MAP_SELECTIONS = {"missions": "mission", "projects": "place"}
SPOKEN_EXPRESSION = "datum.details ? datum.what + '. ' + datum.details : datum.what"
# The Overview's glance map: in a half-width card, over a picture of the land about twice as wide as the card.
# The land is about 0.65 times as tall as wide: at this height it fills a card 360-460 px wide (a laptop's half
# page) with little space above and below.
GLANCE_MAP_HEIGHT_PX = 300
GLANCE_PICTURE_PX = 1200
# The glance draws at most this many missions, the largest first (about twice the real list's 48): at 100x data all
# 4,899 were 1.7 MB sent on each years change and 6,000 SVG nodes in a half-width card, where they overprint into
# one blot. The note under the map says how many more there are; the Mission map draws every one.
MAX_GLANCE_MISSIONS = 100
# The Mission map's borders picture is drawn for users zooming in: 2,048 px for the whole land, about three
# picture pixels per screen pixel of the first view, so borders stay sharp two or three wheel steps in; made once
# per process. The hosts' shading is drawn for each choice of filters, and a fill needs no sharp edge.
OUTLINES_PICTURE_PX = 2048
SHADING_PICTURE_PX = 1024
# The simple map's first view is at least this share of the world wide: the picture's pixels then show at most
# about three screen pixels each on a map DECK_WIDTH_PX wide.
SIMPLE_MIN_SPAN = DECK_WIDTH_PX / (OUTLINES_PICTURE_PX * 3)
# Borders two picture pixels wide, so they still show when the picture is shrunk to the whole world.
OUTLINE_PX = 2
LAYER_NAMES = {
    "countries": N_("Country outlines and lakes"),
    "missions": N_("Missions"),
    "projects": N_("Project places"),
}
# The legend's words for the colours of OKABE_ITO, by their hex code.
_COLOUR_NAMES = {
    OKABE_ITO["blue"]: N_("blue"),
    OKABE_ITO["vermillion"]: N_("vermillion"),
    OKABE_ITO["bluish_green"]: N_("bluish green"),
    OKABE_ITO["reddish_purple"]: N_("reddish purple"),
    OKABE_ITO["orange"]: N_("orange"),
    OKABE_ITO["sky_blue"]: N_("sky blue"),
    OKABE_ITO["black"]: N_("black"),
    OKABE_ITO["yellow"]: N_("yellow"),
}
# Which way one place lies from another (basemap.compass_direction's 16 points), as the distances sentence says it:
# the French holds its preposition ("au nord", "à l'est"), which depends on the direction, so these words serve
# that sentence only.
_DIRECTION_WORDS = {
    "north": N_("north"),
    "north-north-east": N_("north-north-east"),
    "north-east": N_("north-east"),
    "east-north-east": N_("east-north-east"),
    "east": N_("east"),
    "east-south-east": N_("east-south-east"),
    "south-east": N_("south-east"),
    "south-south-east": N_("south-south-east"),
    "south": N_("south"),
    "south-south-west": N_("south-south-west"),
    "south-west": N_("south-west"),
    "west-south-west": N_("west-south-west"),
    "west": N_("west"),
    "west-north-west": N_("west-north-west"),
    "north-west": N_("north-west"),
    "north-north-west": N_("north-north-west"),
}


def layer_name(layer: str, lang: Language = ENGLISH) -> str:
    """A layer's name (a key of LAYER_NAMES) in `lang`, for the layer switch."""
    return lang._(LAYER_NAMES[layer])


def drawn_missions(points: pd.DataFrame) -> pd.DataFrame:
    """`points` (figures.missions.mission_points) with how each mission is drawn: fill `colour` by type, outline
    `line` and `line_px`, and `radius_px` growing with MISSION_MEASURE."""
    known = points["latest_count"].notna()
    colours = points["type"].map(MISSION_TYPE_COLOURS)
    drawn = points.copy()
    # A mission with no sourced count is a hollow ring of fixed size: never a filled point sized as zero.
    drawn["colour"] = [_rgb(c) if ok else _rgb(c, 40) for c, ok in zip(colours, known, strict=True)]
    drawn["line"] = [KNOWN_OUTLINE if ok else _rgb(c, 255) for c, ok in zip(colours, known, strict=True)]
    drawn["line_px"] = [1.0 if ok else 2.5 for ok in known]
    drawn["radius_px"] = [
        min(MAX_RADIUS_PX, MIN_RADIUS_PX + PX_PER_SQRT_ALLEGATION * math.sqrt(a)) if ok else UNKNOWN_RADIUS_PX
        for a, ok in zip(points["latest_count"].fillna(0), known, strict=True)
    ]
    return drawn


def _world_per_px(frame: MapFrame, size_px: tuple[int, int]) -> float:
    """World fractions per screen pixel when `frame` is fitted into a map of about `size_px`."""
    width_px, height_px = size_px
    return max(frame.width / (width_px - 2 * frame.padding_px), frame.height / (height_px - 2 * frame.padding_px))


def place_distances(places: pd.DataFrame, lang: Language = ENGLISH) -> str:
    """How far each located place lies from the first one, in words ('Sake, about 23 km west-north-west of
    Bujovu, in a straight line'), computed from the places' coordinates in the data, not a road distance."""
    located = place_points(places, lang)
    if len(located) < 2:
        return ""
    first = located.iloc[0]
    parts = []
    for _i, row in located.iloc[1:].iterrows():
        km = round(distance_km(row["lat"], row["lon"], first["lat"], first["lon"]))
        direction = compass_direction(row["lat"], row["lon"], first["lat"], first["lon"])
        parts.append(
            lang._(
                "{place}, about {km} km {direction} of {origin}",
                place=row["localities"],
                km=format_number(km, lang),
                direction=lang._(_DIRECTION_WORDS[direction]),
                origin=first["localities"],
            )
        )
    return lang._("{distances}, in a straight line.", distances="; ".join(parts))


# The one map of project places, for the Projects page's close-up and the Briefing's maps (screen and slide): Vega-Lite
# geoshapes of the offline outlines and lakes, drawn the same in the browser and by vl-convert, which renders a
# slide's PNG, SVG and PowerPoint picture without a browser. Print colours on a white card, as every briefing chart.
PLACES_HOST_FILL = "#E6D7B9"
PLACES_OTHER_FILL = "#EEEEEE"
PLACES_LAKE_FILL = "#9CCFEA"
PLACES_TEXT_COLOUR = "#111318"
PLACES_COUNTRY_LABEL = "#5A4A2A"
# A single town still gets its region around it: enough to see which country and neighbours it is in.
MIN_MAP_PAD_DEGREES = 5.0
# Around whole countries a thin margin is enough (their neighbours' edges show where they are), and room at the sides
# for a country's label, centred on it.
COUNTRY_PAD_DEGREES = 2.0
OUTLINES_DATASET = "country_outlines"
LAKES_DATASET = "lakes"
LABEL_CLASH_DEGREES = 0.6
# Room at each side of a framed country for its neighbours' edges and the labels of places near its border.
LABEL_ROOM_DEGREES = 8.0
Box = tuple[float, float, float, float]


def _coordinates(geometry: Mapping[str, Any]) -> Iterable[tuple[float, float]]:
    def walk(node: Any) -> Iterable[tuple[float, float]]:
        if node and isinstance(node[0], int | float):
            yield float(node[0]), float(node[1])
        else:
            for child in node:
                yield from walk(child)

    return walk(geometry.get("coordinates", []))


def country_boxes(basemap: Mapping[str, Any], countries: Iterable[str]) -> dict[str, Box]:
    """West, south, east and north edges of each of `countries` (ISO3) that the basemap outlines."""
    wanted = set(countries)
    return {
        str(f["properties"]["iso3"]): _bounds(f["geometry"])
        for f in basemap.get("features", [])
        if f["properties"].get("iso3") in wanted and f.get("geometry")
    }


def map_frame(lons: pd.Series, lats: pd.Series, boxes: Iterable[Box] = ()) -> Box:
    """West, south, east, north around the points with room around them, and around every box (whole countries)."""
    boxes = list(boxes)
    frames = []
    if len(lons):
        west, east, south, north = float(lons.min()), float(lons.max()), float(lats.min()), float(lats.max())
        pad_x = max(MIN_MAP_PAD_DEGREES, (east - west) * 0.25)
        pad_y = max(MIN_MAP_PAD_DEGREES, (north - south) * 0.25)
        frames.append((west - pad_x, south - pad_y, east + pad_x, north + pad_y))
    pad, side = COUNTRY_PAD_DEGREES, COUNTRY_PAD_DEGREES + LABEL_ROOM_DEGREES / 2
    frames += [(w - side, s - pad, e + side, n + pad) for w, s, e, n in boxes]
    if not frames:
        return (-180.0, -85.0, 180.0, 85.0)
    return (
        min(f[0] for f in frames),
        max(min(f[1] for f in frames), -85.0),
        max(f[2] for f in frames),
        min(max(f[3] for f in frames), 85.0),
    )


def countries_in_frame(basemap: Mapping[str, Any], frame: Box) -> list[dict]:
    """The country outlines that reach into the frame: the spec embeds them, so the rest of the world stays out."""
    west, south, east, north = frame
    kept = []
    for feature in basemap.get("features", []):
        points = list(_coordinates(feature.get("geometry") or {}))
        if not points:
            continue
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        if min(xs) <= east and max(xs) >= west and min(ys) <= north and max(ys) >= south:
            kept.append(feature)
    return kept


# The largest drawing of a places map: the slide picture, 1600 px wide at PNG scale 2. A shape's corners closer than
# one of its pixels apart cannot be told apart there, so the spec carries the outlines and lakes snapped to that
# grid: the briefing's world-wide map embedded 170 kB of them, and the browser parsed and projected every corner on
# each visit to the screen.
FINEST_DRAWING_PX = 3200


def thinned(features: Iterable[Mapping[str, Any]], frame: Box) -> list[dict[str, Any]]:
    """`features` (GeoJSON polygons and multipolygons) with their corners rounded to the grid of a pixel of the
    finest drawing of `frame` and repeats dropped; a ring left with fewer than four corners (smaller than a pixel)
    is dropped, and a feature left with no ring."""
    west, _south, east, _north = frame
    step = max(east - west, 1e-9) / FINEST_DRAWING_PX
    digits = max(0, -math.floor(math.log10(step)))

    def ring(points: Sequence[Sequence[float]]) -> list[list[float]]:
        kept: list[list[float]] = []
        for lon, lat, *_rest in points:
            corner = [round(round(lon / step) * step, digits), round(round(lat / step) * step, digits)]
            if not kept or corner != kept[-1]:
                kept.append(corner)
        return kept if len(kept) >= 4 else []

    def polygon(rings: Sequence[Any]) -> list[list[list[float]]]:
        outer, *holes = [ring(r) for r in rings]
        return [outer, *(h for h in holes if h)] if outer else []

    out = []
    for feature in features:
        geometry = feature.get("geometry") or {}
        if geometry.get("type") == "Polygon":
            shape = polygon(geometry["coordinates"])
            new_geometry = {"type": "Polygon", "coordinates": shape} if shape else None
        elif geometry.get("type") == "MultiPolygon":
            shapes = [p for p in (polygon(rings) for rings in geometry["coordinates"]) if p]
            new_geometry = {"type": "MultiPolygon", "coordinates": shapes} if shapes else None
        else:
            new_geometry = dict(geometry) if geometry else None
        if new_geometry:
            out.append({**feature, "geometry": new_geometry})
    return out


def map_labels(points: pd.DataFrame) -> list[str]:
    """The shortest name of each point: a point may gather 'Goma' and 'Bujovu (quarter of Goma)'."""
    return [min(str(names).split("; "), key=len) for names in points["localities"]]


def label_sides(points: pd.DataFrame) -> list[str]:
    """'left' for a point with a close neighbour to its east, so the two labels do not overprint."""
    return [
        "left"
        if any(
            j != i and 0 <= other_lon - lon < LABEL_CLASH_DEGREES and abs(other_lat - lat) < LABEL_CLASH_DEGREES
            for j, (other_lon, other_lat) in enumerate(zip(points["lon"], points["lat"], strict=True))
        )
        else "right"
        for i, (lon, lat) in enumerate(zip(points["lon"], points["lat"], strict=True))
    ]


# Labels are laid out for the smallest drawing of a places map, in the spec's own type: the Projects page's close-up
# in its column on a laptop. A larger drawing only sets them further apart.
LAYOUT_PX = (400, 280)
# The dots' radius in that type size (their area is 160 px²).
DOT_RADIUS_PX = 7
LABEL_FONT_PX = 11
LABEL_LINE_PX = 14
LABEL_GAP_PX = 10
# Bold sans-serif letters are about this share of the type size wide, on average.
GLYPH_WIDTH = 0.62
Side = Literal["left", "right"]
PixelBox = tuple[float, float, float, float]
# The narrowest drawing the labels are laid out for, in the spec's own type: a 390 px phone draws the Briefing's map
# 358 px wide at doubled type, 179 px at the spec's own. Between the layout size and this one, a layout every
# LAYOUT_STEP narrower: each band of widths draws the labels laid out for its narrowest width, which a wider drawing
# only sets further apart.
NARROWEST_LAYOUT_PX = 150.0
LAYOUT_STEP = 0.8
# The widest layout holds for drawings up to this many times its width (a 1920 px projector's).
WIDEST_BAND_STRETCH = 2.0
# A close-up's scale bar: at most this share of the frame's width, this share of it from the west edge and of its
# height above the bottom, its distance this many pixels above it.
SCALE_BAR_SHARE = 0.3
SCALE_BAR_INSET = 0.05
SCALE_BAR_LIFT = 0.08
SCALE_BAR_LABEL_DY = 4


@dataclass(frozen=True)
class LabelGrid:
    """Pixels (y down) of a Mercator map fitted to `frame` in `size_px`, as Vega's projection fit draws it: basemap's
    world fractions (mercator_x, mercator_y) times `scale`."""

    frame: Box
    size_px: tuple[int, int] = LAYOUT_PX

    @property
    def scale(self) -> float:
        """Pixels per world width."""
        west, south, east, north = self.frame
        return min(
            self.size_px[0] / max(mercator_x(east) - mercator_x(west), 1e-9),
            self.size_px[1] / max(mercator_y(south) - mercator_y(north), 1e-9),
        )

    def x(self, lon: float) -> float:
        return (mercator_x(lon) - mercator_x(self.frame[0])) * self.scale

    def y(self, lat: float) -> float:
        return (mercator_y(lat) - mercator_y(self.frame[3])) * self.scale

    def lon(self, x: float) -> float:
        return self.frame[0] + x / self.scale * 360.0

    def lat(self, y: float) -> float:
        return latitude_at(mercator_y(self.frame[3]) + y / self.scale)

    @property
    def view(self) -> PixelBox:
        """The whole drawing (left, top, right, bottom) in these pixels: the projection's fit centres the frame, so a
        frame narrower or shorter than the drawing leaves equal margins at its sides or above and below it."""
        west, south, east, north = self.frame
        width = (mercator_x(east) - mercator_x(west)) * self.scale
        height = (mercator_y(south) - mercator_y(north)) * self.scale
        margin_x, margin_y = (self.size_px[0] - width) / 2, (self.size_px[1] - height) / 2
        return (-margin_x, -margin_y, width + margin_x, height + margin_y)


def spread(wanted: Sequence[float], gap: float) -> list[float]:
    """Positions as close as can be to `wanted` (in increasing order) with at least `gap` between neighbours: the
    least squares answer, by pooling adjacent violators (a block of labels stays centred where it wanted to be)."""
    blocks: list[list[float]] = []  # [sum of shifted positions, count]
    for i, y in enumerate(wanted):
        blocks.append([y - i * gap, 1])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] > blocks[-1][0] / blocks[-1][1]:
            total, count = blocks.pop()
            blocks[-1][0] += total
            blocks[-1][1] += count
    shifted = [total / count for total, count in blocks for _ in range(int(count))]
    return [y + i * gap for i, y in enumerate(shifted)]


def declutter(
    xs: Sequence[float], ys: Sequence[float], widths: Sequence[float], height: float, sides: Sequence[Side]
) -> tuple[list[float], list[float]]:
    """Anchors (x, y in pixels, y down) for labels `widths` wide and `height` tall beside points at (xs, ys), on
    their `sides` (right or left of the point), so that no two labels overlap: labels that would overlap form a
    column at the outermost point of the group, stacked in the order of their points from top to bottom. A label
    with room stays on its point."""
    count = len(xs)
    label_x, label_y = list(xs), list(ys)

    def box(i: int) -> tuple[float, float, float, float]:
        left = label_x[i] if sides[i] == "right" else label_x[i] - widths[i]
        return left, label_y[i] - height / 2, left + widths[i], label_y[i] + height / 2

    def overlap(i: int, j: int) -> bool:
        a, b = box(i), box(j)
        return sides[i] == sides[j] and a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]

    group = list(range(count))
    # Each pass joins groups whose labels still overlap; a pass that joins none leaves every label clear.
    for _ in range(count):
        joined = False
        for i in range(count):
            for j in range(i + 1, count):
                if group[i] != group[j] and overlap(i, j):
                    old, new = group[j], group[i]
                    group = [new if g == old else g for g in group]
                    joined = True
        if not joined:
            break
        for members in {g: [i for i in range(count) if group[i] == g] for g in group}.values():
            members.sort(key=lambda i: ys[i])
            column = max if sides[members[0]] == "right" else min
            for i, y in zip(members, spread([ys[i] for i in members], height), strict=True):
                label_x[i] = column(xs[m] for m in members)
                label_y[i] = y
    return label_x, label_y


def label_width(label: str) -> float:
    """About how many pixels a place's label takes beside its point, its gap from the point included."""
    return LABEL_GAP_PX + len(label) * GLYPH_WIDTH * LABEL_FONT_PX


def place_labels(points: pd.DataFrame, labels: Sequence[str], sides: Sequence[str], grid: LabelGrid) -> dict[str, list]:
    """Where each point's label goes (`label_lon`, `label_lat`) so that no two overprint, whether it moved off its
    point (`leader`: draw a line from the point to it), and the pixel `box` (left, top, right, bottom) it takes."""
    xs = [grid.x(lon) for lon in points["lon"]]
    ys = [grid.y(lat) for lat in points["lat"]]
    widths = [label_width(label) for label in labels]
    label_x, label_y = declutter(xs, ys, widths, LABEL_LINE_PX, [cast(Side, side) for side in sides])
    boxes = [
        (x if side == "right" else x - w, y - LABEL_LINE_PX / 2, x + w if side == "right" else x, y + LABEL_LINE_PX / 2)
        for x, y, w, side in zip(label_x, label_y, widths, sides, strict=True)
    ]
    return {
        "label_lon": [grid.lon(x) for x in label_x],
        "label_lat": [grid.lat(y) for y in label_y],
        "leader": [abs(x - x0) + abs(y - y0) > 1 for x, y, x0, y0 in zip(label_x, label_y, xs, ys, strict=True)],
        "box": boxes,
    }


# Boxes that touch do not overlap: labels stacked a line apart touch, give or take rounding.
TOUCH_PX = 0.01


# A label's width is estimated generously (GLYPH_WIDTH): one that reaches a pixel past the drawing's edge still fits.
EDGE_SLACK_PX = 1.0


def _overlaps(a: PixelBox, b: PixelBox) -> bool:
    return a[0] < b[2] - TOUCH_PX and b[0] < a[2] - TOUCH_PX and a[1] < b[3] - TOUCH_PX and b[1] < a[3] - TOUCH_PX


# How far from its country's centre a name set beside it starts.
BESIDE_PX = 4.0


def lift_country_labels(
    named: pd.DataFrame,
    grid: LabelGrid,
    taken: Iterable[PixelBox] = (),
    fits: Callable[[PixelBox], bool] | None = None,
) -> tuple[list[float], list[float]]:
    """Longitudes and latitudes for country names centred on (lon, lat): a name running past a side of the drawing
    moves in (Haiti's, centred on the frame's west edge, was cut in half); then from the bottom up, a name that would
    overprint a place's label or dot (`taken`) or a name below it goes next to its country (west, east, below or
    above it) where that is clear and `fits` (inside the drawing), else north just clear of what it overprints."""
    lines = [str(label).split("\n") for label in named["label"]]
    left, _top, right, _bottom = grid.view
    half_widths = [max(map(len, rows)) * GLYPH_WIDTH * LABEL_FONT_PX / 2 for rows in lines]
    xs = [
        min(max(grid.x(lon), left + w), right - w) if 2 * w <= right - left else grid.x(lon)
        for lon, w in zip(named["lon"], half_widths, strict=True)
    ]
    ys = [grid.y(lat) for lat in named["lat"]]
    obstacles = list(taken)
    inside = fits or (lambda box: _inside(box, grid.view))
    for i in sorted(range(len(ys)), key=ys.__getitem__, reverse=True):
        w, h = half_widths[i], len(lines[i]) * LABEL_LINE_PX / 2

        def box(x: float, y: float, w: float = w, h: float = h) -> PixelBox:
            return (x - w, y - h, x + w, y + h)

        # Liberia's name, centred on it, overprinted the eastern DRC's column of labels: lifted past them all, it
        # ended 100 px north of Liberia; beside Liberia, over the ocean, it reads as Liberia's.
        x, y = xs[i], ys[i]
        # Each moved in from the drawing's sides, as the centred one is.
        beside = [
            (min(max(at_x, left + w), right - w) if 2 * w <= right - left else at_x, at_y)
            for at_x, at_y in (
                (x, y),
                (x - w - BESIDE_PX, y),
                (x + w + BESIDE_PX, y),
                (x, y + h + BESIDE_PX),
                (x, y - h - BESIDE_PX),
            )
        ]
        clear = [at for at in beside if inside(box(*at)) and not any(_overlaps(box(*at), b) for b in obstacles)]
        if clear:
            xs[i], ys[i] = clear[0]
        else:
            # Each move goes north past one obstacle, so this ends after at most one move per obstacle.
            while hit := [b for b in obstacles if _overlaps(box(x, ys[i]), b)]:
                ys[i] = min(b[1] for b in hit) - h - 1
        obstacles.append(box(xs[i], ys[i]))
    return [grid.lon(x) for x in xs], [grid.lat(y) for y in ys]


def layout_widths(widest: float) -> list[float]:
    """The widths (in the spec's type) a places map's labels are laid out for, widest first (see LAYOUT_STEP)."""
    widths = [float(widest)]
    while widths[-1] * LAYOUT_STEP > NARROWEST_LAYOUT_PX:
        widths.append(widths[-1] * LAYOUT_STEP)
    return widths if widths[-1] <= NARROWEST_LAYOUT_PX else [*widths, NARROWEST_LAYOUT_PX]


# Streamlit fits a chart's title and subtitle into its height on a phone: the map's plot is up to this much shorter
# (at the spec's type) than laid out for, and its frame, centred, loses half of it above and half below.
TITLE_ROOM_PX = 40


def _below_the_title(view: PixelBox) -> PixelBox:
    return (view[0], view[1] + TITLE_ROOM_PX / 2, view[2], view[3] - TITLE_ROOM_PX / 2)


def _inside(box: PixelBox, view: PixelBox) -> bool:
    return all(box[i] >= view[i] - EDGE_SLACK_PX for i in (0, 1)) and all(
        box[i] <= view[i] + EDGE_SLACK_PX for i in (2, 3)
    )


def _without_gap(box: PixelBox) -> PixelBox:
    return (box[0] + LABEL_GAP_PX, box[1], box[2] - LABEL_GAP_PX, box[3])


def _clear_labels(
    wanted: Sequence[PixelBox],
    flipped: Sequence[PixelBox],
    dots: Sequence[PixelBox],
    in_drawing: Callable[[PixelBox], bool],
) -> list[PixelBox | None]:
    """The box each label takes, in order: where it was wanted, else on the other side of its point (`flipped`),
    inside the drawing and clear of the labels before it and of the other points' dots; None for a label with no
    such place."""
    placed: list[PixelBox | None] = []
    for i, candidates in enumerate(zip(wanted, flipped, strict=True)):
        clear = [
            box
            for box in candidates
            if in_drawing(box)
            and not any(other is not None and _overlaps(box, other) for other in placed)
            # The gap between a label and its point is not ink: a column of labels beside its outermost point
            # starts there.
            and not any(_overlaps(_without_gap(box), dot) for k, dot in enumerate(dots) if k != i)
        ]
        placed.append(clear[0] if clear else None)
    return placed


# A country name whose box lies further than this from its country's centre is tied to it by a thin line; one
# closer sits next to it.
LEADER_FROM_PX = LABEL_GAP_PX
# A leader stops this short of the name it leads to.
LEADER_GAP_PX = 2.0


def country_label_box(x: float, y: float, label: str) -> PixelBox:
    """The box (left, top, right, bottom) a country name centred on (x, y) takes, in its lines."""
    lines = str(label).split("\n")
    half_width = max(map(len, lines)) * GLYPH_WIDTH * LABEL_FONT_PX / 2
    half_height = len(lines) * LABEL_LINE_PX / 2
    return (x - half_width, y - half_height, x + half_width, y + half_height)


def leader_end(anchor: tuple[float, float], box: PixelBox) -> tuple[float, float] | None:
    """Where a line from `anchor` (x, y) to a name drawn in `box` stops: the box's nearest point, LEADER_GAP_PX
    short of it; None when the name is next to its anchor (within LEADER_FROM_PX) and needs no line."""
    x = min(max(anchor[0], box[0] - LEADER_GAP_PX), box[2] + LEADER_GAP_PX)
    y = min(max(anchor[1], box[1] - LEADER_GAP_PX), box[3] + LEADER_GAP_PX)
    return (x, y) if math.dist(anchor, (x, y)) > LEADER_FROM_PX else None


NOTE_COLUMNS = ["label", "lines"]
LEADER_COLUMNS = ["lon", "lat", "lon2", "lat2"]


@dataclass(frozen=True)
class BandLabels:
    """A places map's labels laid out for one drawing size: the place labels and country names that fit, clear of
    each other (`places`, `countries`), a line from each country name drawn away from its country to that name
    (`leaders`), the `note` naming those that do not fit (its lines; none when all fit), to be written under the
    map, and every `box` drawn on the map."""

    places: pd.DataFrame
    countries: pd.DataFrame
    leaders: pd.DataFrame
    note: list[str]
    boxes: list[PixelBox]


def band_labels(
    points: pd.DataFrame,
    named: pd.DataFrame,
    grid: LabelGrid,
    widest_px: float,
    lang: Language = ENGLISH,
    scale_bar: bool = False,
) -> BandLabels:
    """The labels of `points` and the country names `named` (lon, lat, label) for drawings from `grid`'s width to
    `widest_px`, `grid` being the map's part of the drawing: placed by place_labels and lift_country_labels; a label
    that still overprints another or runs out of the map is not drawn but named in a note, written under the map."""
    labels = map_labels(points)
    view = _below_the_title(grid.view)
    # A wider drawing of the band sets the labels further from the frame's corner: they must stay inside it too.
    wider = LabelGrid(grid.frame, (round(widest_px), grid.size_px[1]))
    stretch = wider.scale / grid.scale
    wider_view = _below_the_title(wider.view)

    def in_drawing(box: PixelBox) -> bool:
        return _inside(box, view) and _inside(
            (box[0] * stretch, box[1] * stretch, box[2] * stretch, box[3] * stretch), wider_view
        )

    # A label that would run past the drawing's east edge goes to the west of its point.
    sides = [
        "left" if view[2] - grid.x(lon) < label_width(label) else side
        for lon, label, side in zip(points["lon"], labels, label_sides(points), strict=True)
    ]
    laid_out = place_labels(points, labels, sides, grid)
    wanted: list[PixelBox] = laid_out.pop("box")
    xs, ys = list(map(grid.x, points["lon"])), list(map(grid.y, points["lat"]))
    dots = [
        (x - DOT_RADIUS_PX, y - DOT_RADIUS_PX, x + DOT_RADIUS_PX, y + DOT_RADIUS_PX)
        for x, y in zip(xs, ys, strict=True)
    ]
    widths = [label_width(label) for label in labels]
    # A label that cannot stay where place_labels put it may fit on the other side of its own point.
    flipped: list[PixelBox] = [
        (x - w, y - LABEL_LINE_PX / 2, x, y + LABEL_LINE_PX / 2)
        if side == "right"
        else (x, y - LABEL_LINE_PX / 2, x + w, y + LABEL_LINE_PX / 2)
        for x, y, w, side in zip(xs, ys, widths, sides, strict=True)
    ]
    if scale_bar:
        # The bar and its distance (_scale_bar_layers), at their longest: no label goes over them.
        west, south, east, north = grid.frame
        bar_y = grid.y(south + (north - south) * SCALE_BAR_LIFT)
        dots = [
            *dots,
            (
                grid.x(west + (east - west) * SCALE_BAR_INSET),
                bar_y - SCALE_BAR_LABEL_DY - LABEL_LINE_PX,
                grid.x(west + (east - west) * (SCALE_BAR_INSET + SCALE_BAR_SHARE)),
                bar_y + 3,
            ),
        ]
    boxes = _clear_labels(wanted, flipped, dots, in_drawing)
    kept = [i for i, box in enumerate(boxes) if box is not None]
    moved_side = [box is not None and box != wanted[i] for i, box in enumerate(boxes)]
    other_side = {"right": "left", "left": "right"}
    places = (
        points[["lon", "lat", "localities"]]
        .assign(
            label=labels,
            side=[other_side[side] if m else side for side, m in zip(sides, moved_side, strict=True)],
            label_lon=[
                lon if m else at for lon, at, m in zip(points["lon"], laid_out["label_lon"], moved_side, strict=True)
            ],
            label_lat=[
                lat if m else at for lat, at, m in zip(points["lat"], laid_out["label_lat"], moved_side, strict=True)
            ],
            leader=[leader and not m for leader, m in zip(laid_out["leader"], moved_side, strict=True)],
        )
        .iloc[kept]
    )
    taken = [box for box in boxes if box is not None] + dots
    # A name that does not fit is left out and the others laid out again without it: Liberia's name was lifted
    # past the Central African Republic's, which then did not fit and was not drawn.
    shown = named
    while True:
        lons, lats = lift_country_labels(shown, grid, taken, in_drawing) if len(shown) else ([], [])
        country_boxes_drawn = [
            country_label_box(grid.x(lon), grid.y(lat), label)
            for lon, lat, label in zip(lons, lats, shown["label"], strict=True)
        ]
        fits = [in_drawing(box) for box in country_boxes_drawn]
        if all(fits):
            break
        shown = shown[fits]
    countries = shown.assign(lon=lons, lat=lats)
    ends = [
        leader_end((grid.x(lon), grid.y(lat)), box)
        for lon, lat, box in zip(shown["lon"], shown["lat"], country_boxes_drawn, strict=True)
    ]
    leaders = pd.DataFrame(
        [
            {"lon": lon, "lat": lat, "lon2": grid.lon(end[0]), "lat2": grid.lat(end[1])}
            for lon, lat, end in zip(shown["lon"], shown["lat"], ends, strict=True)
            if end is not None
        ],
        columns=LEADER_COLUMNS,
    )
    unnamed = [labels[i] for i in range(len(boxes)) if i not in kept] + [
        str(label).split("\n")[0] for label in named["label"] if label not in set(shown["label"])
    ]
    drawn = taken[: len(kept)] + country_boxes_drawn
    if not unnamed:
        return BandLabels(places, countries, leaders, [], drawn)
    text = lang._("Not named on the map at this size: {names}.", names=", ".join(unnamed))
    per_line = max(int((view[2] - view[0] - 4) / (GLYPH_WIDTH * LABEL_FONT_PX)), 10)
    return BandLabels(places, countries, leaders, textwrap.wrap(text, per_line), drawn)


def note_room_px(lines: int) -> float:
    """The height (in the spec's type) a note of `lines` lines takes under the map, half a gap above and below it."""
    return lines * LABEL_LINE_PX + LABEL_GAP_PX if lines else 0.0


def band_with_note(
    points: pd.DataFrame,
    named: pd.DataFrame,
    frame: Box,
    size_px: tuple[float, float],
    widest_px: float,
    lang: Language = ENGLISH,
    scale_bar: bool = False,
) -> tuple[BandLabels, float]:
    """band_labels for a drawing `size_px` whose note, when it has one, is written under the map: the map takes
    the drawing's height less the note's room. Returns the labels and that room (in the spec's type)."""
    room = 0.0
    # A shorter map may leave out more names, so a longer note: at most one pass per name.
    for _ in range(len(points) + len(named) + 1):
        grid = LabelGrid(frame, (round(size_px[0]), round(size_px[1] - room)))
        band = band_labels(points, named, grid, widest_px, lang, scale_bar)
        needed = note_room_px(len(band.note))
        if needed <= room:
            return band, room
        room = needed
    return band, room


# What a line of a map's subtitle holds: a phone draws the Briefing's map 358 px wide, its subtitle in 24 px type
# (letters about 0.5 of it wide on average).
SUBTITLE_LINE_CHARACTERS = 28
# The note's paper, and how far in from its left edge it is written (in the spec's type).
NOTE_PAPER = "#FFFFFF"
NOTE_INSET_PX = 2
# The height (in pixels, as drawn) under a places map kept for its note: see note_room_expression.
NOTE_ROOM_PARAM = "note_room"


def note_room_expression(rooms: Sequence[tuple[Mapping[str, float], float]]) -> str:
    """A Vega expression of NOTE_ROOM_PARAM: the room (note_room_px, in the spec's type) of the band of widths
    (band_from, band_to) the map is drawn in, scaled to the type it is drawn at."""
    drawn = f"width / {TYPE_SCALE_PARAM}"
    expression = "0"
    for limits, room in rooms:
        if room:
            expression = f"{limits['band_from']} <= {drawn} && {drawn} < {limits['band_to']} ? {room} : {expression}"
    return f"{TYPE_SCALE_PARAM} * ({expression})"


def map_projection(fit: Mapping[str, Any]) -> dict[str, Any]:
    """A Mercator projection fitted to `fit` in the drawing less the note's room at its bottom, and cut there: the
    note under the map is written on the chart's background, never over land or sea."""
    map_area = f"[width, max(1, height - {NOTE_ROOM_PARAM})]"
    return {
        "type": "mercator",
        "fit": fit,
        "size": {"expr": map_area},
        "clipExtent": {"expr": f"[[0, 0], {map_area}]"},
    }


def places_map_spec(
    points: pd.DataFrame,
    basemap: Mapping[str, Any],
    highlighted: Iterable[str],
    title: str,
    subtitle: str = "",
    water: Mapping[str, Any] | None = None,
    unplaced: Mapping[str, str] | None = None,
    scale_bar: bool = False,
    framed_countries: Iterable[str] = (),
    layout_px: tuple[int, int] = LAYOUT_PX,
    lang: Language = ENGLISH,
) -> dict[str, Any]:
    """Project places (place_points rows) over the offline country outlines and lakes (the shipped lakes when
    `water` is None), each place named beside its point, the `highlighted` countries (ISO3) shaded. `unplaced`:
    countries (ISO3 → label) with a project but no place with coordinates: the map is framed on them too, and each
    is named where it lies, so no country with a project falls outside the map. `subtitle`: words under the title.
    `scale_bar`: a bar of a round distance in the bottom-left corner (a close-up's). `framed_countries` (ISO3): whole
    countries the map must show, beside the places. `layout_px`: the smallest size the map is drawn at, in the
    spec's own type size, for which its labels are set clear of each other. `lang`: the map's own words (tooltip,
    description)."""
    unplaced = dict(unplaced or {})
    boxes = country_boxes(basemap, unplaced)
    framed = country_boxes(basemap, set(framed_countries) | set(unplaced))
    frame = map_frame(points["lon"], points["lat"], framed.values())
    west, south, east, north = frame
    fit_corners = [[west, south], [east, north]]
    corners = {"type": "MultiPoint", "coordinates": fit_corners}
    fit = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, "geometry": corners}]}
    shaded = set(highlighted) | set(unplaced)
    # A top-level member, not properties.iso3: Vega-Lite's field predicates do not reach into nested fields.
    outlines = [{**f, "shaded": f["properties"].get("iso3") in shaded} for f in countries_in_frame(basemap, frame)]
    countries = (
        # Outlines are backdrop: hidden from screen readers (Vega gives shapes no label); the chart's
        # description names the places.
        alt.Chart(alt.NamedData(name=OUTLINES_DATASET))
        .mark_geoshape(stroke="#6E6E6E", strokeWidth=0.6, clip=True, aria=False)
        .encode(color=colour_if({"field": "shaded", "equal": True}, PLACES_HOST_FILL, PLACES_OTHER_FILL))
    )
    named = pd.DataFrame(
        [
            {"lon": (w + e) / 2, "lat": (s + n) / 2, "label": label}
            for code, label in sorted(unplaced.items())
            for w, s, e, n in [boxes[code]]
        ],
        columns=["lon", "lat", "label"],
    )
    if not named.empty:
        # A name lifted past the top of the frame (South Sudan's, above the Central African Republic's) would be cut
        # off: the map reaches north far enough to hold it, at the widest layout.
        grid = LabelGrid(frame, layout_px)
        dots_at = [
            (x - DOT_RADIUS_PX, y - DOT_RADIUS_PX, x + DOT_RADIUS_PX, y + DOT_RADIUS_PX)
            for x, y in zip(map(grid.x, points["lon"]), map(grid.y, points["lat"]), strict=True)
        ]
        placed = band_labels(points, named.iloc[:0], grid, layout_px[0], lang, scale_bar)
        _lons, lats = lift_country_labels(named, grid, placed.boxes + dots_at)
        tops = [
            grid.lat(grid.y(lat) - (str(label).count("\n") + 1) * LABEL_LINE_PX / 2 - LABEL_GAP_PX - TITLE_ROOM_PX / 2)
            for lat, label in zip(lats, named["label"], strict=True)
        ]
        if max(tops) > north:
            north = max(tops)
            frame = (west, south, east, north)
            fit_corners[1][1] = north
            outlines = [
                {**f, "shaded": f["properties"].get("iso3") in shaded} for f in countries_in_frame(basemap, frame)
            ]
    # One layout per band of drawing widths, each band's rows marked with the widths it is drawn at: a phone draws
    # the labels laid out for a phone, where the widest layout's overprinted each other.
    widths = layout_widths(layout_px[0])
    bands = [
        (
            *band_with_note(
                points,
                named,
                frame,
                (width, layout_px[1]),
                widths[i - 1] if i else width * WIDEST_BAND_STRETCH,
                lang,
                scale_bar,
            ),
            {"band_from": width if i < len(widths) - 1 else 0.0, "band_to": widths[i - 1] if i else WIDEST_BAND_END},
        )
        for i, width in enumerate(widths)
    ]
    marks = pd.concat([band.places.assign(**limits) for band, _room, limits in bands], ignore_index=True)
    location = {"longitude": "lon:Q", "latitude": "lat:Q"}
    label_at = {"longitude": "label_lon:Q", "latitude": "label_lat:Q"}
    dots = (
        alt.Chart(points[["lon", "lat", "localities"]])
        .mark_circle(size=160, opacity=1, stroke="#282828", strokeWidth=1, color=hex_colour(PROJECT_COLOUR))
        .encode(**location, tooltip=[alt.Tooltip("localities:N", title=lang._("Place"))])
    )
    # A label moved off its point to keep clear of its neighbours' is tied to it by a thin line.
    moved = marks[marks["leader"]]
    leaders = (
        alt.Chart(moved)
        .mark_rule(strokeWidth=1, color=PLACES_TEXT_COLOUR, aria=False)
        .encode(**location, longitude2="label_lon:Q", latitude2="label_lat:Q")
        .transform_filter(IN_DRAWN_BAND)
    )

    # Labels are clipped to the map like its shapes: a label running past the edge made Vega's autosize shift the
    # whole map off its frame.
    def labels_on(side: str) -> alt.Chart:
        align: Literal["left", "right"] = "left" if side == "right" else "right"
        dx = LABEL_GAP_PX if side == "right" else -LABEL_GAP_PX
        return (
            alt.Chart(marks[marks["side"] == side])
            .mark_text(fontSize=11, align=align, dx=dx, color=PLACES_TEXT_COLOUR, fontWeight="bold", clip=True)
            .encode(**label_at, text="label:N")
            .transform_filter(IN_DRAWN_BAND)
        )

    layers = [countries]
    water_in_frame = features_in_box(lakes() if water is None else water, *frame)
    layers.append(
        alt.Chart(alt.NamedData(name=LAKES_DATASET)).mark_geoshape(
            fill=PLACES_LAKE_FILL, stroke=None, clip=True, aria=False
        )
    )
    country_leaders = (
        pd.concat(
            [band.leaders.assign(**limits) for band, _room, limits in bands if len(band.leaders)], ignore_index=True
        )
        if any(len(band.leaders) for band, _room, _limits in bands)
        else pd.DataFrame()
    )
    if not country_leaders.empty:
        # A country's name lifted away from it (clear of the places' labels) is tied to it by a thin line, drawn
        # under the names: a line to one name may pass behind another.
        layers.append(
            alt.Chart(country_leaders)
            .mark_rule(strokeWidth=1, color=PLACES_COUNTRY_LABEL, aria=False)
            .encode(**location, longitude2="lon2:Q", latitude2="lat2:Q")
            .transform_filter(IN_DRAWN_BAND)
        )
    names = pd.concat([band.countries.assign(**limits) for band, _room, limits in bands], ignore_index=True)
    if not names.empty:
        layers.append(
            alt.Chart(names)
            .mark_text(fontSize=11, fontStyle="italic", color=PLACES_COUNTRY_LABEL, lineBreak="\n", clip=True)
            .encode(**location, text="label:N")
            .transform_filter(IN_DRAWN_BAND)
        )
    if not moved.empty:
        layers.append(leaders)
    layers += [dots, labels_on("right"), labels_on("left")]
    notes = pd.DataFrame(
        [{"label": "\n".join(band.note), **limits} for band, _room, limits in bands if band.note],
        columns=["label", "band_from", "band_to"],
    )
    if not notes.empty:
        # Under the map, never over it: the map's projection leaves the note's room free (map_projection). The note is
        # dark type on a white strip, as the map is pale land on either theme: on the app's dark background, dark
        # type alone could not be read.
        note_top = f"height - {NOTE_ROOM_PARAM}"
        layers.append(
            alt.Chart(notes)
            .mark_rect(
                color=NOTE_PAPER,
                x=0,
                x2=alt.ExprRef(expr="width"),
                y=alt.ExprRef(expr=note_top),
                y2=alt.ExprRef(expr="height"),
                aria=False,
            )
            .transform_filter(IN_DRAWN_BAND)
        )
        layers.append(
            alt.Chart(notes)
            .mark_text(
                fontSize=11,
                align="left",
                baseline="top",
                color=PLACES_TEXT_COLOUR,
                lineBreak="\n",
                x=alt.ExprRef(expr=f"{NOTE_INSET_PX} * {TYPE_SCALE_PARAM}"),
                y=alt.ExprRef(expr=f"{note_top} + {LABEL_GAP_PX / 2} * {TYPE_SCALE_PARAM}"),
            )
            .encode(text="label:N")
            .transform_filter(IN_DRAWN_BAND)
        )
    if scale_bar:
        layers += _scale_bar_layers(frame, lang)
    described = lang.n_(
        "Map of {n} project place with coordinates: {places}. Countries shaded in sand have a project shown; lakes "
        "are blue.",
        "Map of {n} project places with coordinates: {places}. Countries shaded in sand have a project shown; "
        "lakes are blue.",
        len(points),
        places="; ".join(points["localities"]),
    )
    if unplaced:
        described += " " + lang._(
            "No place with coordinates: {countries}.",
            countries="; ".join(v.split("\n")[0] for v in unplaced.values()),
        )
    chart = alt.layer(*layers).properties(
        # Lines as wide as the drawing: the project detail's narrow column cut "Where the project wo…". A subtitle
        # cannot follow the drawing's width (Vega-Lite takes no expression there): in lines a phone holds.
        title={**fitted_title(title), "subtitle": title_lines(subtitle, SUBTITLE_LINE_CHARACTERS)}
        if subtitle
        else fitted_title(title),
        projection=map_projection(fit),
        description=described,
    )
    spec = chart_spec(chart)
    spec["params"] = [
        *spec.get("params", []),
        {"name": TYPE_SCALE_PARAM, "value": 1},
        {"name": NOTE_ROOM_PARAM, "expr": note_room_expression([(limits, room) for _band, room, limits in bands])},
    ]
    # The outlines join the spec as it is: given to Altair, their coordinates were copied and hashed on every
    # build, most of the briefing's build time for new filters.
    spec["datasets"] = {
        **spec.get("datasets", {}),
        OUTLINES_DATASET: thinned(outlines, frame),
        LAKES_DATASET: thinned(water_in_frame, frame),
    }
    return spec


def nice_distance_km(longest_km: float) -> float:
    """The longest round distance (1, 2 or 5 times a power of ten) no longer than `longest_km`."""
    power = 10 ** math.floor(math.log10(longest_km))
    return max(step * power for step in (1, 2, 5) if step * power <= longest_km)


KM_PER_DEGREE = 111.32


def _scale_bar_layers(frame: Box, lang: Language = ENGLISH) -> list[alt.Chart]:
    """A scale bar as a line between two places on the map, so the projection itself gives it its length: right on
    screen and on a slide at any size. Near the frame's bottom-left corner, with its distance above it."""
    west, south, east, north = frame
    lat = south + (north - south) * SCALE_BAR_LIFT
    km_per_degree = KM_PER_DEGREE * math.cos(math.radians(lat))
    km = nice_distance_km((east - west) * SCALE_BAR_SHARE * km_per_degree)
    start = west + (east - west) * SCALE_BAR_INSET
    bar = pd.DataFrame(
        {
            "lon": [start],
            "lat": [lat],
            "lon2": [start + km / km_per_degree],
            "label": [lang._("{km} km", km=format_number(km, lang))],
        }
    )
    line = (
        alt.Chart(bar)
        .mark_rule(strokeWidth=3, color=PLACES_TEXT_COLOUR, aria=False)
        .encode(longitude="lon:Q", latitude="lat:Q", longitude2="lon2:Q", latitude2="lat:Q")
    )
    label = (
        alt.Chart(bar)
        .mark_text(align="left", baseline="bottom", dy=-SCALE_BAR_LABEL_DY, fontSize=11, color=PLACES_TEXT_COLOUR)
        .encode(longitude="lon:Q", latitude="lat:Q", text="label:N")
    )
    return [line, label]


def project_places_map(bundle: DataBundle, project_id: str, lang: Language = ENGLISH) -> dict[str, Any]:
    """The places of one project (Projects page detail), its country shaded, over the 1:50m outlines and lakes."""
    project = bundle.projects.set_index("id").loc[project_id]
    places = bundle.project_places[bundle.project_places["project_id"] == project_id]
    spec = places_map_spec(
        place_points(places.assign(title=project["title"]), lang),
        close_up_countries(),
        {str(project["country_iso3"])},
        lang._("Where the project works"),
        scale_bar=True,
        lang=lang,
    )
    return streamlit_ready(spec)


def project_place_distances(bundle: DataBundle, project_id: str, lang: Language = ENGLISH) -> str:
    """How far apart a project's places are, in words (see place_distances); empty for fewer than two."""
    return place_distances(bundle.project_places[bundle.project_places["project_id"] == project_id], lang)


def legend_text(points: pd.DataFrame, filters: Filters, lang: Language = ENGLISH) -> str:
    """What the marks mean, in words, for the mission types on the map (no data text: safe as markdown)."""
    types = [t for t in MISSION_TYPE_LABELS if t in set(points["type"])]
    colours = ", ".join(
        lang._(
            "{type} {colour}",
            type=mission_type_label(t, lang).lower(),
            colour=lang._(_COLOUR_NAMES[MISSION_TYPE_COLOURS[t]]),
        )
        for t in types
    )
    return lang._(
        "Points are mission headquarters coloured by type ({colours}); a point's area grows with the allegations in "
        "the latest year with a sourced count in {span}. {note} A hollow ring means no sourced count in these "
        "years: not known, not zero. Small purple points with a dark ring are project places; shaded countries "
        "host a mission shown (sand tint); blue areas are lakes. Missions sharing a city overlap, the smaller on "
        "top: the table lists every one.",
        colours=colours or lang._("none shown"),
        span=filters.span_words,
        note=lang._(MISSION_MEASURE_NOTE),
    )


class FrozenDeck(pydeck.Deck):
    """A deck whose JSON is made once: st.pydeck_chart asks for it on every rerun. Build a new deck for new
    contents; this one must not be changed after its first use."""

    _json: str | None = None

    def to_json(self) -> str:
        if self._json is None:
            # pydeck's own serializer (json_tools.serialize) without its indent: a third of its bytes were spaces,
            # sent on every visit. Written at once, not indented and read back: at 100x data that round trip
            # took 0.7 s and held the deck's 4,900 missions twice more as Python objects.
            self._json = json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"))
        return self._json


def deck_first_view(frame: MapFrame) -> pydeck.ViewState:
    """The deck's first view, the same on every screen: centred on `frame` and zoomed so that it fits into a map
    DECK_FIT_WIDTH_PX by MAP_HEIGHT_PX (see DECK_FIT_WIDTH_PX); never closer than DECK_MAX_ZOOM nor further out
    than the whole world's height. deck.gl keeps a map within the world's top and bottom edges (no zoom at which
    the world is shorter than the map, no centre that shows beyond its edges): the view is given as deck.gl will
    show it, so the points a test projects from it are where deck.gl draws them."""
    per_px = _world_per_px(frame, (DECK_FIT_WIDTH_PX, MAP_HEIGHT_PX))
    whole_height = math.log2(MAP_HEIGHT_PX / WORLD_PX_AT_ZOOM_0)
    zoom = min(max(math.log2(1 / (WORLD_PX_AT_ZOOM_0 * per_px)), whole_height), DECK_MAX_ZOOM)
    # Rounded down: rounded up, the marks at the frame's edges could end a fraction of a pixel outside it.
    zoom = max(math.floor(zoom * 1000) / 1000, math.ceil(whole_height * 1000) / 1000)
    half_height = MAP_HEIGHT_PX / 2 / (WORLD_PX_AT_ZOOM_0 * 2**zoom)
    return pydeck.ViewState(
        latitude=latitude_at(min(max(frame.y, half_height), 1 - half_height)),
        longitude=frame.x * 360 - 180,
        zoom=zoom,
        min_zoom=0,
        max_zoom=DECK_MAX_ZOOM,
        bearing=0,
        pitch=0,
    )


def geojson_url(features: Iterable[Mapping[str, Any]]) -> str:
    """The shapes of `features` (no properties) as the address of a served GeoJSON file for a deck.gl layer's
    `data`: deck.gl loads an address once and keeps what it made of it while the address stays the same, where
    data given inline is parsed into new objects on every change of the deck and triangulated again."""
    return served_json(geojson_shapes(features))


def geojson_shapes(features: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """A FeatureCollection of the shapes of `features`, without their properties."""
    shapes = [{"type": "Feature", "properties": {}, "geometry": f["geometry"]} for f in features]
    return {"type": "FeatureCollection", "features": shapes}


def outline_features(collection: Mapping[str, Any], iso3: frozenset[str] | None = None) -> list[dict[str, Any]]:
    """`collection`'s features: those of the `iso3` countries, or all."""
    features = collection["features"]
    return list(features) if iso3 is None else [f for f in features if f["properties"].get("iso3") in iso3]


def outline_url(collection: Mapping[str, Any], iso3: frozenset[str] | None = None) -> str:
    """outline_features as a served file's address, made once per process."""
    key = (id(collection), iso3)
    return _outline_urls.get(key, lambda: (collection, geojson_url(outline_features(collection, iso3))))[1]


def lakes_near(basemap: Mapping[str, Any], hosts: frozenset[str]) -> list[dict[str, Any]]:
    """The lakes in and beside the `hosts` countries only: the world's lakes would be half a megabyte more for every
    visit, for lakes no mission is near."""
    near = {
        id(lake): lake
        for country in basemap["features"]
        if country["properties"].get("iso3") in hosts
        for lake in features_in_box(lakes(), *_bounds(country["geometry"]))
    }
    return list(near.values())


def lakes_near_url(basemap: Mapping[str, Any], hosts: frozenset[str]) -> str:
    """lakes_near as a served file's address, made once per process for each set of host countries."""
    key = ("lakes", id(basemap), hosts)
    return _outline_urls.get(key, lambda: (basemap, geojson_url(lakes_near(basemap, hosts))))[1]


def _bounds(geometry: Mapping[str, Any]) -> tuple[float, float, float, float]:
    """West, south, east and north edges of a (Multi)Polygon, in degrees."""
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    lons = [p[0] for polygon in polygons for ring in polygon for p in ring]
    lats = [p[1] for polygon in polygons for ring in polygon for p in ring]
    return min(lons), min(lats), max(lons), max(lats)


def _deck_points(points: pd.DataFrame, columns: Sequence[str]) -> list[dict[str, Any]]:
    """Rows for a deck.gl layer: plain values only (the tooltip's words are text, never markup)."""
    located = points.dropna(subset=["lat", "lon"])
    return [
        {name: (float(v) if isinstance(v, float) else v) for name, v in zip(columns, row, strict=True)}
        for row in located[list(columns)].itertuples(index=False)
    ]


@dataclass(frozen=True)
class MapLayers:
    pictures: list[tuple[bytes, Frame]]
    missions: list[dict[str, Any]]
    places: list[dict[str, Any]]
    frame: MapFrame
    land: tuple[float, float]
    # The deck's first view (deck_first_view): one object per view, so every deck of the view carries the same.
    deck_view: pydeck.ViewState = field(repr=False, compare=False)
    # What the deck draws: every country, the host countries and the lakes near them (served files' addresses, see
    # geojson_url), and one row per mark.
    deck_land: str = field(default="", repr=False)
    deck_hosts: str = field(default="", repr=False)
    deck_lakes: str = field(default="", repr=False)
    deck_missions: list[dict[str, Any]] = field(default_factory=list, repr=False)
    deck_places: list[dict[str, Any]] = field(default_factory=list, repr=False)
    # The language of the marks' tooltips and the map's description.
    lang: Language = ENGLISH
    # What the outline files are made from, to write them again if they were removed (keep_served).
    basemap: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)
    hosts: frozenset[str] = frozenset()
    # The marks' rows as served files' addresses (see served_marks), written when a deck first needs them.
    _served: MadeOnce[str] = field(default_factory=MadeOnce, repr=False, compare=False)

    def keep_served(self, combo: tuple[str, ...]) -> None:
        """Mark the files the deck with these layers reads as used now, and write any that was removed again (see
        served.still_served): a view outlives its files' first writing."""
        if "countries" in combo:
            still_served(self.deck_land, lambda: geojson_shapes(outline_features(self.basemap)))
            still_served(self.deck_hosts, lambda: geojson_shapes(outline_features(self.basemap, self.hosts)))
            still_served(self.deck_lakes, lambda: geojson_shapes(lakes_near(self.basemap, self.hosts)))
        if "missions" in combo:
            still_served(self.served_marks("missions"), lambda: self.deck_missions)
        if "projects" in combo:
            still_served(self.served_marks("places"), lambda: self.deck_places)

    def served_marks(self, layer: Literal["missions", "places"]) -> str:
        """The address of a served file of the missions' or the places' rows. At 100x data they were 2.8 MB of the
        deck's JSON, which the browser parsed again (with a slow JSON5 parser) on every years change; a file is
        fetched and parsed natively, and only when its contents change."""
        rows = self.deck_missions if layer == "missions" else self.deck_places
        return self._served.get(layer, lambda: served_json(rows))

    def deck(self, combo: tuple[str, ...], chosen: str | None) -> pydeck.Deck:
        """The Mission map as a deck.gl map with these layers (keys of LAYER_NAMES), the `chosen` mission ringed.

        Offline: no base map (map_provider None), no tiles, fonts or token; the outlines, lakes and marks are files
        this app serves (same host), given by address. Tooltips are plain text ("text", not "html"): names come
        from data files."""
        layers = []
        if "countries" in combo:
            # The land is the same for every view and the hosts' tint is its own layer, so a years change that keeps
            # the host countries leaves every outline layer's address, and deck.gl's triangles, as they were.
            outlines = {"get_line_color": OUTLINE, "line_width_units": PIXELS, "get_line_width": 1, "stroked": True}
            layers += [
                pydeck.Layer(
                    "GeoJsonLayer",
                    id=layer_id,
                    data=data,
                    get_fill_color=fill,
                    filled=True,
                    pickable=False,
                    **(outlines if layer_id != "lakes" else {"stroked": False}),
                )
                for layer_id, data, fill in (
                    ("countries", self.deck_land, COUNTRY_FILL),
                    ("hosts", self.deck_hosts, HOST_FILL),
                    ("lakes", self.deck_lakes, LAKE_FILL),
                )
            ]
        if "missions" in combo:
            layers.append(
                pydeck.Layer(
                    "ScatterplotLayer",
                    id=DECK_LAYER_IDS["missions"],
                    data=self.served_marks("missions"),
                    get_position=["lon", "lat"],
                    get_fill_color="colour",
                    get_line_color="line",
                    get_line_width="line_px",
                    get_radius="radius_px",
                    radius_units=PIXELS,
                    line_width_units=PIXELS,
                    stroked=True,
                    filled=True,
                    pickable=True,
                    auto_highlight=True,
                )
            )
            ring = [m for m in self.deck_missions if m["acronym"] == chosen]
            if ring:
                layers.append(
                    pydeck.Layer(
                        "ScatterplotLayer",
                        id="chosen",
                        data=ring,
                        get_position=["lon", "lat"],
                        get_radius="radius_px",
                        get_line_color=[17, 19, 24, 255],
                        get_line_width=SELECTED_RING_PX,
                        radius_units=PIXELS,
                        line_width_units=PIXELS,
                        stroked=True,
                        filled=False,
                        pickable=False,
                    )
                )
        if "projects" in combo:
            layers.append(
                pydeck.Layer(
                    "ScatterplotLayer",
                    id=DECK_LAYER_IDS["projects"],
                    data=self.served_marks("places"),
                    get_position=["lon", "lat"],
                    get_fill_color=PROJECT_COLOUR,
                    get_line_color=PROJECT_OUTLINE,
                    get_radius=PLACE_RADIUS_PX,
                    get_line_width=1,
                    radius_units=PIXELS,
                    line_width_units=PIXELS,
                    stroked=True,
                    filled=True,
                    pickable=True,
                    auto_highlight=True,
                )
            )
        layers += self._label_layers(combo)
        return FrozenDeck(
            layers=layers,
            initial_view_state=self.deck_view,
            # No base map. map_style is left at pydeck's default: with map_style=None Streamlit fills in Carto's
            # style from the internet to suit the theme.
            map_provider=None,
            tooltip=TOOLTIP,
        )

    def _label_layers(self, combo: tuple[str, ...]) -> list[pydeck.Layer]:
        """Each mission's acronym and each place's name beside its point, in dark text with a white halo so it reads
        over the land and the lakes, on a map of at most LABELLED_MARKS_MAX marks of a kind (a filtered map). Not
        pickable: the point under a label is what a click chooses."""
        shown = []
        if "missions" in combo and len(self.deck_missions) <= LABELLED_MARKS_MAX:
            shown.append(("mission-labels", self.deck_missions, "acronym", LABEL_PX, "bold"))
        if "projects" in combo and len(self.deck_places) <= LABELLED_MARKS_MAX:
            shown.append(("place-labels", self.deck_places, "label", PLACE_LABEL_PX, "bold"))
        # deck.gl's text has no collision of its own (its collision filter drew no label at all in the test
        # browser): of labels that would overprint at the first view's zoom, a mission's is kept before a place's
        # and a place's before those after it, each east of its point or else west; the tooltip names every point.
        # Pixel distances at a zoom do not depend on the map's width: a phone's map keeps the same labels clear. A
        # label that would run past the edge of the narrowest first view (DECK_FIT_WIDTH_PX: on a phone, "Bunia"
        # was cut to "Bu") goes to the other side of its point if there is room there.
        world_px = WORLD_PX_AT_ZOOM_0 * 2**self.deck_view.zoom
        middle = mercator_x(self.deck_view.longitude) * world_px
        west_edge, east_edge = middle - DECK_FIT_WIDTH_PX / 2, middle + DECK_FIT_WIDTH_PX / 2
        taken: list[PixelBox] = []
        kept_rows = []
        for _layer_id, rows, field_name, size, _weight in shown:
            kept = []
            for row in rows:
                x = mercator_x(row["lon"]) * world_px
                y = mercator_y(row["lat"]) * world_px
                width = len(str(row[field_name])) * GLYPH_WIDTH * size
                # East of its point, else west of it; a side within the narrowest view first.
                sides = (("start", x + LABEL_OFFSET_PX), ("end", x - LABEL_OFFSET_PX - width))
                for anchor, left in sorted(sides, key=lambda side: not west_edge <= side[1] <= east_edge - width):
                    box = (left, y - size / 2, left + width, y + size / 2)
                    if not any(_overlaps(box, other) for other in taken):
                        taken.append(box)
                        offset = LABEL_OFFSET_PX if anchor == "start" else -LABEL_OFFSET_PX
                        kept.append(
                            {
                                "lon": row["lon"],
                                "lat": row["lat"],
                                field_name: row[field_name],
                                "anchor": anchor,
                                "offset": [offset, 0],
                            }
                        )
                        break
            kept_rows.append(kept)
        shown = [
            (layer_id, kept, field_name, size, weight)
            for (layer_id, _rows, field_name, size, weight), kept in zip(shown, kept_rows, strict=True)
        ]
        return [
            pydeck.Layer(
                "TextLayer",
                id=layer_id,
                data=rows,
                get_position=["lon", "lat"],
                get_text=field,
                get_size=size,
                size_units=PIXELS,
                get_color=[17, 19, 24, 255],
                get_text_anchor="anchor",
                get_alignment_baseline="'center'",
                get_pixel_offset="offset",
                font_weight=f"'{weight}'",
                font_family="'Source Sans Pro, Helvetica Neue, Arial, sans-serif'",
                outline_width=2,
                outline_color=[255, 255, 255, 230],
                font_settings={"sdf": True},
                pickable=False,
            )
            for layer_id, rows, field, size, weight in shown
        ]

    def spec(self, combo: tuple[str, ...]) -> dict[str, Any]:
        """The Mission map with these layers (keys of LAYER_NAMES), ready for st.vega_lite_chart."""
        # The land is a picture of OUTLINES_PICTURE_PX for the whole world: a first view closer than
        # SIMPLE_MIN_SPAN would blow it up into blurred steps.
        frame = replace(
            self.frame, width=max(self.frame.width, SIMPLE_MIN_SPAN), height=max(self.frame.height, SIMPLE_MIN_SPAN)
        )
        return streamlit_ready(
            map_spec(
                self.pictures if "countries" in combo else [],
                self.missions if "missions" in combo else None,
                self.places if "projects" in combo else None,
                frame,
                self.land,
                MAP_HEIGHT_PX,
                self.lang._(MAP_DESCRIPTION),
                interactive=True,
                lang=self.lang,
            )
        )


@dataclass(frozen=True)
class MissionMapView:
    """Everything the Mission map page shows; `spec_for` gives the Vega-Lite map for a choice of layers."""

    # The missions and the project places on the map, one row per mark, as mission_points and place_points give them.
    points: pd.DataFrame
    places: pd.DataFrame
    # ISO3 codes of the countries hosting a mission shown.
    hosts: frozenset[str]
    # What every map is drawn from: the land pictures, the marks of each layer, the frame and the land.
    layers: MapLayers
    mission_ids: tuple[str, ...]
    # What the chooser's search looks in for each mission (mission_search_words).
    mission_words: dict[str, str]
    table: pd.DataFrame
    without_point: tuple[str, ...]
    summary: str
    legend: str
    sources: tuple[SourceRef, ...]
    mission_sources: tuple[SourceRef, ...]
    project_titles: dict[str, str]
    # The language of every word in the view.
    lang: Language = ENGLISH

    # Each map made when first asked for: a page shows one choice of layers, the overview none.
    # A view is cached and shared by sessions: each map and deck is made once, under a lock.
    _specs: MadeOnce[dict[str, Any] | None] = field(default_factory=MadeOnce, repr=False, compare=False)
    _decks: MadeOnce[pydeck.Deck | None] = field(default_factory=MadeOnce, repr=False, compare=False)
    # The table's rows for each list of missions the chooser's search gives (many viewers type different searches).
    _tables: MadeOnce[pd.DataFrame] = field(default_factory=lambda: MadeOnce(max_entries=32), repr=False, compare=False)

    def table_of(self, missions: tuple[str, ...]) -> pd.DataFrame:
        """The table's rows of these missions (acronyms), in the table's order; one frame per list of missions, so a
        rerun with the same list sends the same table."""
        return self._tables.get(
            missions, lambda: self.table[self.table["Mission"].isin(missions)].reset_index(drop=True)
        )

    def deck_for(self, shown: Iterable[str], chosen: str | None = None) -> pydeck.Deck | None:
        """The deck.gl map with the chosen layers (keys of LAYER_NAMES) and the `chosen` mission ringed; None for
        no layer."""
        key = (_layer_combo(shown), chosen)
        self.layers.keep_served(key[0])
        return self._decks.get(key, lambda: self.layers.deck(*key) if key[0] else None)

    def spec_for(self, shown: Iterable[str]) -> dict[str, Any] | None:
        """The map with the chosen layers (keys of LAYER_NAMES), country outlines under the points; None for none."""
        combo = _layer_combo(shown)
        return self._specs.get(combo, lambda: self.layers.spec(combo) if combo else None)

    def places_at(self, picked: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
        """The project places a map selection names (its `place` values); places no longer shown are left out."""
        keys = {str(row[PLACE_FIELD]) for row in picked if PLACE_FIELD in row}
        return self.places[self.places[PLACE_FIELD].isin(keys)] if keys else self.places.iloc[:0]


def _layer_combo(shown: Iterable[str]) -> tuple[str, ...]:
    chosen = set(shown)
    return tuple(name for name in LAYER_NAMES if name in chosen)


def selections_for(shown: Iterable[str]) -> list[str]:
    """The map's click selections (see MAP_SELECTIONS) among the chosen layers, for st.vega_lite_chart."""
    return [MAP_SELECTIONS[name] for name in _layer_combo(shown) if name in MAP_SELECTIONS]


def hex_colour(rgba: Sequence[int]) -> str:
    """An [r, g, b(, a)] colour as CSS hex, which Vega-Lite takes (the alpha is left out)."""
    return "#{:02x}{:02x}{:02x}".format(*(int(c) for c in rgba[:3]))


def _words(title: str, body: str) -> dict[str, str]:
    """A mark's tooltip: what it is, and its details on one line."""
    return {"what": title, "details": body.strip().replace("\n", " · ")}


def _mission_marks(points: pd.DataFrame, click_hint: bool, lang: Language = ENGLISH) -> list[dict[str, Any]]:
    """The missions' marks for map_spec; without the click hint (in `lang`, as the points' tooltips) on a map
    with nothing to click."""
    # Largest first, so a small mission sharing a city with a large one stays on top and can be clicked.
    missions = points.dropna(subset=["lat", "lon"]).sort_values("radius_px", ascending=False)
    hint = lang._(CLICK_HINT)
    details = missions["tooltip_body"] if click_hint else missions["tooltip_body"].str.removesuffix(hint)
    return [
        {
            "x": mercator_x(lon),
            "y": mercator_y(lat),
            "acronym": acronym,
            "fill": hex_colour(colour),
            "fill_opacity": colour[3] / 255,
            "stroke": hex_colour(line),
            "stroke_px": float(line_px),
            "area_px": math.pi * radius**2,
            **_words(title, body),
        }
        for lon, lat, acronym, colour, line, line_px, radius, title, body in zip(
            missions["lon"],
            missions["lat"],
            missions["acronym"],
            missions["colour"],
            missions["line"],
            missions["line_px"],
            missions["radius_px"],
            missions["tooltip_title"],
            details,
            strict=True,
        )
    ]


def _place_marks(places: pd.DataFrame) -> list[dict[str, Any]]:
    return [
        {
            "x": mercator_x(lon),
            "y": mercator_y(lat),
            PLACE_FIELD: key,
            "label": label,
            **_words(title, body),
        }
        for lon, lat, key, label, title, body in zip(
            places["lon"],
            places["lat"],
            places[PLACE_FIELD],
            map_labels(places) if not places.empty else [],
            places["tooltip_title"],
            places["tooltip_body"],
            strict=True,
        )
    ]


@dataclass(frozen=True)
class MapFrame:
    """What a map shows first, in fractions of the world (0 to 1, as basemap.mercator_x and mercator_y give
    them): the centre, and the width and height that must fit, with `padding_px` to spare on every side."""

    x: float
    y: float
    width: float
    height: float
    padding_px: int = 0


def frame_marks(
    xs: Iterable[float], ys: Iterable[float], land: tuple[float, float], min_span: float = MIN_SPAN
) -> MapFrame:
    """A frame around the marks, no narrower than `min_span` of the world; the whole land when there are none."""
    xs, ys = list(xs), list(ys)
    if not xs:
        return MapFrame(0.5, (land[0] + land[1]) / 2, 1.0, land[1] - land[0])
    width, height = max(xs) - min(xs), max(ys) - min(ys)
    return MapFrame(
        (min(xs) + max(xs)) / 2,
        (min(ys) + max(ys)) / 2,
        max(width, min_span),
        max(height, min_span),
        padding_px=MAX_RADIUS_PX,
    )


def map_spec(
    pictures: list[tuple[bytes, Frame]],
    missions: list[dict[str, Any]] | None,
    places: list[dict[str, Any]] | None,
    frame: MapFrame,
    land: tuple[float, float],
    height_px: int,
    description: str,
    interactive: bool,
    lang: Language = ENGLISH,
) -> dict[str, Any]:
    """A map as a Vega-Lite spec: the pictures of the land under the missions and the project places (None
    leaves a layer out), in Web Mercator on plain x and y scales, so the picture and the points line up and
    Vega-Lite's own zoom (wheel) and pan (drag) move them together. Interactive maps also let a click choose a
    mission or a place (the MAP_SELECTIONS parameters).

    Drawn as SVG, with no WebGL: in headless Chromium a deck.gl map cost 0.5-1 s on every visit, most of it
    compiling shaders in software, and now and then stayed blank until the window was resized.

    The first view fits `frame` to the chart's width (known only in the browser): one scale factor, `map_k`
    (world fractions per pixel), for both axes keeps the map's proportions; never more than the whole land."""
    top, bottom = land
    fit = (
        f"max({frame.width!r} / max(width - {2 * frame.padding_px}, 1), "
        f"{frame.height!r} / max(height - {2 * frame.padding_px}, 1))"
    )
    whole_land = f"max(1 / width, {bottom - top!r} / height)"
    params: list[dict[str, Any]] = [{"name": "map_k", "expr": f"min({fit}, {whole_land})"}]
    # Framed on the whole land, the centre is the land's, so the world does not sit off to one side. (A
    # comparison is 1 or 0 here, as in Python: the tests evaluate these expressions.)
    on_land = f"({fit} >= {whole_land})"
    params.append({"name": "map_x", "expr": f"{frame.x!r} + {0.5 - frame.x!r} * {on_land}"})
    params.append({"name": "map_y", "expr": f"{frame.y!r} + {(top + bottom) / 2 - frame.y!r} * {on_land}"})
    x_scale = {
        "domain": {"expr": "[map_x - map_k * width / 2, map_x + map_k * width / 2]"},
        "zero": False,
        "nice": False,
    }
    y_scale = {
        "domain": {"expr": "[map_y - map_k * height / 2, map_y + map_k * height / 2]"},
        "zero": False,
        "nice": False,
        # Mercator y grows southwards.
        "reverse": True,
    }
    x = {"field": "x", "type": "quantitative", "scale": x_scale, "axis": None}
    y = {"field": "y", "type": "quantitative", "scale": y_scale, "axis": None}
    tooltip = [{"field": "what", "title": lang._("Where")}, {"field": "details", "title": lang._("Details")}]
    # What a screen reader says for a mark (Vega-Lite's default lists every field, colours and pixels included),
    # made in the browser from the tooltip's words rather than sent twice.
    spoken = {"description": {"field": "spoken"}}
    speak = [{"calculate": SPOKEN_EXPRESSION, "as": "spoken"}]
    datasets: dict[str, list[dict[str, Any]]] = {}
    layers: list[dict[str, Any]] = []
    if pictures:
        datasets["land"] = [
            {"url": data_url(png), "x": f.left, "x2": f.right, "y": f.top, "y2": f.bottom} for png, f in pictures
        ]
        layers.append(
            {
                "data": {"name": "land"},
                # aria off: a background; the chart's description says what the map is.
                "mark": {"type": "image", "aspect": False, "clip": True, "aria": False},
                "encoding": {"x": x, "x2": {"field": "x2"}, "y": y, "y2": {"field": "y2"}, "url": {"field": "url"}},
            }
        )
    pointer = {"cursor": "pointer"} if interactive else {}
    if missions is not None:
        datasets["missions"] = missions
        stroke_px: dict[str, Any] = {"field": "stroke_px", "type": "quantitative", "scale": None}
        if interactive:
            # The chosen mission's ring is thicker.
            stroke_px = {"condition": {"param": "mission", "empty": False, "value": 4}, **stroke_px}
        layers.append(
            {
                "data": {"name": "missions"},
                "transform": speak,
                # Opacity 1: each mark's own fill opacity is the one meant (Vega-Lite's default is 0.7).
                "mark": {"type": "circle", "clip": True, "opacity": 1, **pointer},
                "encoding": {
                    "x": x,
                    "y": y,
                    "size": {"field": "area_px", "type": "quantitative", "scale": None},
                    "fill": {"field": "fill", "type": "nominal", "scale": None},
                    "fillOpacity": {"field": "fill_opacity", "type": "quantitative", "scale": None},
                    "stroke": {"field": "stroke", "type": "nominal", "scale": None},
                    "strokeWidth": stroke_px,
                    "tooltip": tooltip,
                    **spoken,
                },
                **({"params": [_click_selection("mission", "acronym")]} if interactive else {}),
            }
        )
    if places is not None:
        datasets["places"] = places
        layers.append(
            {
                "data": {"name": "places"},
                "transform": speak,
                "mark": {
                    "type": "circle",
                    "clip": True,
                    "opacity": 1,
                    "size": math.pi * PLACE_RADIUS_PX**2,
                    "fill": hex_colour(PROJECT_COLOUR),
                    "fillOpacity": PROJECT_COLOUR[3] / 255,
                    "stroke": hex_colour(PROJECT_OUTLINE),
                    "strokeWidth": 1,
                    **pointer,
                },
                "encoding": {"x": x, "y": y, "tooltip": tooltip, **spoken},
                **({"params": [_click_selection("place", PLACE_FIELD)]} if interactive else {}),
            }
        )
    # A filtered map names its marks (see LABELLED_MARKS_MAX); the whole world's would overprint. Each name is drawn
    # twice: a white halo under it, so it reads over land, lakes and points.
    for name, marks, text_field, size in (
        ("missions", missions, "acronym", LABEL_PX),
        ("places", places, "label", PLACE_LABEL_PX),
    ):
        if interactive and marks and len(marks) <= LABELLED_MARKS_MAX:
            halo = {"stroke": "white", "strokeWidth": 3, "strokeOpacity": 0.8, "color": "white"}
            for paint in (halo, {"color": "#111318"}):
                layers.append(
                    {
                        "data": {"name": name},
                        "mark": {
                            "type": "text",
                            "align": "left",
                            "baseline": "middle",
                            "dx": LABEL_OFFSET_PX + 4,
                            "fontSize": size,
                            "fontWeight": "bold",
                            "clip": True,
                            "aria": False,
                            **paint,
                        },
                        "encoding": {"x": x, "y": y, "text": {"field": text_field, "type": "nominal"}},
                    }
                )
    if interactive and layers:
        # Wheel to zoom, drag to pan, double-click to go back to the first view.
        zoom = {"name": "zoom", "select": {"type": "interval", "encodings": ["x", "y"]}, "bind": "scales"}
        layers[0] = {**layers[0], "params": [*layers[0].get("params", []), zoom]}
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "description": description,
        "height": height_px,
        "width": "container",
        "params": params,
        "config": {"view": {"stroke": None}},
        "datasets": datasets,
        "layer": layers,
    }


# Only a click on a point chooses: the click that ends a drag across the map lands on the map itself, and would
# otherwise rerun the page for nothing.
CLICK_ON_A_POINT = "click[event.item && event.item.mark.marktype === 'symbol']"


def _click_selection(name: str, field: str) -> dict[str, Any]:
    return {"name": name, "select": {"type": "point", "fields": [field], "on": CLICK_ON_A_POINT, "clear": False}}


def glance_map_spec(
    points: pd.DataFrame,
    places: pd.DataFrame,
    basemap: Mapping[str, Any],
    description: str,
    lang: Language = ENGLISH,
    hosts: frozenset[str] | None = None,
) -> dict[str, Any]:
    """The mission map at a glance, for the Overview: the same marks, colours and tooltips over the whole
    land, with no zoom and nothing to click (the Mission map page has them), and no borders, which at this
    size would crowd the land. `points` and `places` as MissionMapView holds them, made in `lang` (the marks'
    tooltips come from them); `hosts` (ISO3) are shaded, by default the countries of `points`. Ready for
    st.vega_lite_chart."""
    land = land_rows(basemap)
    picture = whole_land_frame(land, GLANCE_PICTURE_PX)
    shaded = _host_countries(points) if hosts is None else hosts
    png = basemap_png(basemap, picture, COUNTRY_FILL, shaded, HOST_FILL)
    spec = map_spec(
        [(png, picture), (basemap_png(lakes(), picture, LAKE_FILL), picture)],
        _mission_marks(points, click_hint=False, lang=lang),
        _place_marks(places),
        frame_marks([], [], land),
        land,
        GLANCE_MAP_HEIGHT_PX,
        description,
        interactive=False,
        lang=lang,
    )
    return streamlit_ready(spec)


@dataclass(frozen=True)
class MissionGlance:
    """The Overview's map card: the Mission map at a glance, the Mission map's summary line and, when the glance
    leaves missions out (see MAX_GLANCE_MISSIONS), a note saying how many; else "".

    Kept per filter set instead of the whole MissionMapView, which the card does not need: at 100x data a view is
    30-45 MB (its deck rows, marks, table and citations), a glance about 0.3 MB (bench/README.md, "Server memory")."""

    spec: dict[str, Any]
    summary: str
    note: str = ""


def glance_missions(points: pd.DataFrame) -> pd.DataFrame:
    """The missions the glance draws: those with a point, the largest first (as _ranked_points ranks them: by
    MISSION_MEASURE, then the missions without a count), at most MAX_GLANCE_MISSIONS."""
    return points.dropna(subset=["lat", "lon"]).head(MAX_GLANCE_MISSIONS)


def glance_note(points: pd.DataFrame, drawn: pd.DataFrame, lang: Language = ENGLISH) -> str:
    """The line under the glance saying how many missions with a point it leaves out; "" when it draws them all."""
    with_point = int(points[["lat", "lon"]].notna().all(axis=1).sum())
    more = with_point - len(drawn)
    if more <= 0:
        return ""
    return lang.n_(
        "This map draws the {drawn} largest missions by that size; {n} more is on the Mission map.",
        "This map draws the {drawn} largest missions by that size; {n} more are on the Mission map.",
        more,
        drawn=lang.number(len(drawn)),
    )


def build_mission_glance(
    bundle: DataBundle, filters: Filters, description: str, lang: Language = ENGLISH
) -> MissionGlance:
    """The Mission map at a glance for these filters, described by `description`, every word in `lang`."""
    points = _ranked_points(bundle, filters, mission_grid(bundle, filters), lang)
    place_marks = place_points(project_places(bundle, filters), lang)
    drawn = glance_missions(points)
    # Every host is shaded, drawn or not: the land picture costs the same, and the Mission map shades them all.
    return MissionGlance(
        glance_map_spec(drawn, place_marks, bundle.basemap, description, lang, hosts=_host_countries(points)),
        _summary(points, place_marks, lang),
        glance_note(points, drawn, lang),
    )


def _ranked_points(bundle: DataBundle, filters: Filters, grid: pd.DataFrame, lang: Language) -> pd.DataFrame:
    """The missions drawn, ranked by MISSION_MEASURE, then the missions without a count, each group by acronym."""
    points = drawn_missions(mission_points(bundle, filters, grid, lang))
    points = points.sort_values(["latest_count", "acronym"], ascending=[False, True], na_position="last")
    return points.reset_index(drop=True)


def _host_countries(points: pd.DataFrame) -> frozenset[str]:
    return frozenset(c for cell in points["country_iso3"] for c in cell_codes(cell))


def _summary(points: pd.DataFrame, place_marks: pd.DataFrame, lang: Language) -> str:
    return lang.n_(
        "{n} mission shown, {with_count} with a sourced allegation count in the selected years; {places}. A "
        "mission's size: its {measure}.",
        "{n} missions shown, {with_count} with a sourced allegation count in the selected years; {places}. A "
        "mission's size: its {measure}.",
        len(points),
        with_count=lang.number(int(points["latest_count"].notna().sum())),
        places=lang.n_("{n} project place", "{n} project places", len(place_marks)),
        measure=lang._(MISSION_MEASURE),
    )


def build_mission_map_view(bundle: DataBundle, filters: Filters, lang: Language = ENGLISH) -> MissionMapView:
    """The Mission map for these filters, every word in `lang`."""
    grid = mission_grid(bundle, filters)
    points = _ranked_points(bundle, filters, grid, lang)
    places = project_places(bundle, filters)
    place_marks = place_points(places, lang)
    projects = filter_projects(bundle.projects, filters)
    hosts = _host_countries(points)
    land = land_rows(bundle.basemap)
    outlines, shading = whole_land_frame(land, OUTLINES_PICTURE_PX), whole_land_frame(land, SHADING_PICTURE_PX)
    pictures = [
        (basemap_png(bundle.basemap, outlines, COUNTRY_FILL, outline=OUTLINE, outline_px=OUTLINE_PX), outlines),
        (basemap_png(bundle.basemap, shading, CLEAR, hosts, HOST_FILL), shading),
        (basemap_png(lakes(), outlines, LAKE_FILL), outlines),
    ]
    mission_dots, place_dots = _mission_marks(points, click_hint=True, lang=lang), _place_marks(place_marks)
    dots = mission_dots + place_dots
    frame = frame_marks([m["x"] for m in dots], [m["y"] for m in dots], land)
    # Largest first, so a small mission sharing a city with a large one is drawn on top and can be clicked.
    deck_missions = _deck_points(
        points.sort_values("radius_px", ascending=False),
        ["lon", "lat", "acronym", "colour", "line", "line_px", "radius_px", "tooltip_title", "tooltip_body"],
    )
    # Room at the deck's edges for the largest point drawn and the chosen mission's ring, rather than for the
    # largest point there could be: on a phone every pixel of the first view counts.
    largest_px = max([PLACE_RADIUS_PX, *(m["radius_px"] for m in deck_missions)])
    deck_view = deck_first_view(replace(frame, padding_px=math.ceil(largest_px) + SELECTED_RING_PX))
    deck_places = _deck_points(
        place_marks.assign(label=map_labels(place_marks)) if not place_marks.empty else place_marks.assign(label=""),
        ["lon", "lat", PLACE_FIELD, "label", "tooltip_title", "tooltip_body"],
    )
    # Every source of each mission-year on the map is cited, not only the preferred one.
    known = grid.dropna(subset=["value"])
    known = known[known["mission"].isin(points["acronym"])][["mission", "year"]].astype({"year": "int64"})
    raw = mission_allegation_rows(bundle, filters.missions)
    raw = raw[raw["period"] == "year"].astype({"year": "int64"}).merge(known, on=["mission", "year"])
    cited = [(s, "mission list") for cell in points["source_ids"].dropna() for s in cell.split(";") if s]
    without = tuple(points.loc[points["lat"].isna() | points["lon"].isna(), "acronym"])
    return MissionMapView(
        points=points,
        places=place_marks,
        hosts=hosts,
        layers=MapLayers(
            pictures,
            mission_dots,
            place_dots,
            frame,
            land,
            deck_view,
            deck_land=outline_url(bundle.basemap),
            deck_hosts=outline_url(bundle.basemap, hosts),
            deck_lakes=lakes_near_url(bundle.basemap, hosts),
            deck_missions=deck_missions,
            deck_places=deck_places,
            lang=lang,
            basemap=bundle.basemap,
            hosts=hosts,
        ),
        mission_ids=tuple(sorted(points["acronym"])),
        mission_words=mission_search_words(points),
        table=mission_table(points, projects.groupby("mission").size(), lang),
        without_point=without,
        summary=_summary(points, place_marks, lang),
        legend=legend_text(points, filters, lang),
        sources=sources_of(raw, bundle.sources),
        mission_sources=resolve_sources(bundle.sources, cited),
        project_titles=dict(zip(projects["id"], projects["title"], strict=True)),
        lang=lang,
    )
