"""The offline country outlines as one picture, for the maps' Vega-Lite image marks.

Drawn as vectors, the outlines were most of a map's cost in the browser (deck.gl's polygon and path
layers took 1.1 to 1.8 s to draw in headless Chromium on every visit to the Mission map; GeoJSON in a
Vega-Lite spec made every rerun re-encode it), while a picture of the same outlines draws in a few
milliseconds. The picture is drawn here in Web Mercator, the projection the maps put it in, so it lines up
with the points drawn over it. Nothing here imports streamlit.
"""

from __future__ import annotations

import base64
import functools
import io
import json
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw

from components.data.once import MadeOnce

# Geography shipped with the code, the same for every data folder (see data/basemap/PROVENANCE.md).
SHIPPED_BASEMAP_DIR = Path(__file__).resolve().parents[2] / "data" / "basemap"
LAKES_FILE = "lakes.geojson"
CLOSE_UP_COUNTRIES_FILE = "countries-50m.geojson"
EARTH_RADIUS_KM = 6371.0088
COMPASS_POINTS = (
    "north", "north-north-east", "north-east", "east-north-east",
    "east", "east-south-east", "south-east", "south-south-east",
    "south", "south-south-west", "south-west", "west-south-west",
    "west", "west-north-west", "north-west", "north-north-west",
)  # fmt: skip
# Web map zoom levels: the whole world 512 px wide at zoom 0, and twice as wide at each zoom step.
WORLD_PX_AT_ZOOM_0 = 512
# Web Mercator stops here; beyond it the projection runs to infinity.
MAX_LATITUDE = 85.0511287798
# Two image pixels per screen pixel at the first view: sharp on a projector or a high-density screen,
# and still sharp one zoom step in.
PX_PER_SCREEN_PX = 2
# A larger image costs the browser memory (four bytes a pixel) and the server time to draw it.
MAX_SIDE_PX = 2048
# A close-up picture covers the first view and one more view's width and height on every side, so
# panning a little still shows the land.
MARGIN_IN_VIEWS = 1.0


def mercator_x(lon: float) -> float:
    """Longitude as a fraction of the world's width, west edge 0, east edge 1 (beyond for lon > 180)."""
    return (lon + 180.0) / 360.0


def mercator_y(lat: float) -> float:
    """Latitude as a fraction of the world's height, north edge 0, south edge 1."""
    lat = max(-MAX_LATITUDE, min(MAX_LATITUDE, lat))
    return (1.0 - math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) / math.pi) / 2.0


def latitude_at(y: float) -> float:
    """The inverse of mercator_y."""
    return math.degrees(math.atan(math.sinh(math.pi * (1.0 - 2.0 * y))))


@dataclass(frozen=True)
class Frame:
    """The part of the world a picture covers, as fractions of the world (0 to 1), and its size in pixels."""

    left: float
    top: float
    right: float
    bottom: float
    width_px: int
    height_px: int

    def pixel(self, lon: float, lat: float) -> tuple[float, float]:
        x = (mercator_x(lon) - self.left) / (self.right - self.left) * self.width_px
        y = (mercator_y(lat) - self.top) / (self.bottom - self.top) * self.height_px
        return x, y


def land_rows(basemap: Mapping[str, Any]) -> tuple[float, float]:
    """The northmost and southmost edges of the land, as fractions of the world's height: the picture
    need not hold the empty sea beyond them (without Antarctica, a third of the world's height)."""
    lats = [lat for feature in basemap["features"] for ring in _outer_rings(feature["geometry"]) for _lon, lat in ring]
    return (mercator_y(max(lats)), mercator_y(min(lats))) if lats else (0.0, 1.0)


def whole_land_frame(land: tuple[float, float], width_px: int) -> Frame:
    """The whole world's width between the `land` rows (as land_rows gives them), `width_px` pixels wide."""
    top, bottom = land
    return Frame(0.0, top, 1.0, bottom, width_px, round(width_px * (bottom - top)))


def close_up_frame(
    latitude: float,
    longitude: float,
    zoom: float,
    view_px: tuple[int, int],
    land: tuple[float, float] = (0.0, 1.0),
    px_per_screen_px: float = PX_PER_SCREEN_PX,
    max_side_px: int = MAX_SIDE_PX,
) -> Frame:
    """What a small close-up map first showing this view needs: the view and a margin around it (at its zoom,
    a picture of the whole world would be far too large), no further than the `land` rows; `px_per_screen_px`
    picture pixels for each screen pixel of the view, at most `max_side_px` a side."""
    world_px = WORLD_PX_AT_ZOOM_0 * 2**zoom
    half_width = (0.5 + MARGIN_IN_VIEWS) * view_px[0] / world_px
    half_height = (0.5 + MARGIN_IN_VIEWS) * view_px[1] / world_px
    x, y = mercator_x(longitude), mercator_y(latitude)
    left, right = max(0.0, x - half_width), min(1.0, x + half_width)
    top, bottom = max(land[0], y - half_height), min(land[1], y + half_height)
    scale = world_px * px_per_screen_px
    width, height = (right - left) * scale, (bottom - top) * scale
    shrink = min(1.0, max_side_px / max(width, height))
    return Frame(left, top, right, bottom, max(1, round(width * shrink)), max(1, round(height * shrink)))


def _polygons(geometry: Mapping[str, Any]) -> list[Sequence[Sequence[Sequence[float]]]]:
    return geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]


def _outer_rings(geometry: Mapping[str, Any]) -> Iterator[Sequence[Sequence[float]]]:
    for polygon in _polygons(geometry):
        yield polygon[0]


def _holes(geometry: Mapping[str, Any]) -> Iterator[Sequence[Sequence[float]]]:
    for polygon in _polygons(geometry):
        yield from polygon[1:]


def _drawn_rings(frame: Frame, ring: Sequence[Sequence[float]]) -> Iterator[list[tuple[float, float]]]:
    """The ring in picture pixels; a ring continued past 180° (Russia, Fiji) also drawn a world to the west."""
    yield [frame.pixel(lon, lat) for lon, lat in ring]
    if max(lon for lon, _lat in ring) > 180.0:
        yield [frame.pixel(lon - 360.0, lat) for lon, lat in ring]


# Pictures by basemap and drawing arguments. A map for new filters asks again for the world's outlines and, for
# year ranges with the same host countries, the same shading: 40 ms a picture. The basemap is kept in the value
# so its id is not reused while the entry lives. Few are in use: the outlines, a shading per set of host
# countries, the close-ups of a few projects. Shared by every session of the process: filled and evicted
# under a lock.
MAX_PICTURES = 64
_pictures: MadeOnce[tuple[Mapping[str, Any], bytes]] = MadeOnce(max_entries=MAX_PICTURES)


def basemap_png(
    basemap: Mapping[str, Any],
    frame: Frame,
    fill: Sequence[int],
    highlighted: Iterable[str] = (),
    highlight_fill: Sequence[int] = (),
    outline: Sequence[int] | None = None,
    outline_px: int = 1,
) -> bytes:
    """The countries of `basemap` (GeoJSON with `iso3` properties) as a transparent PNG covering `frame`:
    each country filled with `fill`, the `highlighted` ISO3 codes with `highlight_fill`, and the borders
    drawn in `outline`, `outline_px` pixels wide, when given. Colours are RGBA lists. Drawn once per basemap and
    arguments (see _pictures)."""
    shaded = frozenset(highlighted)
    outline_key = None if outline is None else tuple(outline)
    key = (id(basemap), frame, tuple(fill), shaded, tuple(highlight_fill), outline_key, outline_px)
    return _pictures.get(key, lambda: _drawn(basemap, frame, fill, shaded, highlight_fill, outline, outline_px))[1]


def _drawn(
    basemap: Mapping[str, Any],
    frame: Frame,
    fill: Sequence[int],
    shaded: frozenset[str],
    highlight_fill: Sequence[int],
    outline: Sequence[int] | None,
    outline_px: int,
) -> tuple[Mapping[str, Any], bytes]:
    clear = (0, 0, 0, 0)
    colours = [clear, tuple(fill)] + ([tuple(highlight_fill)] if shaded else []) + ([tuple(outline)] if outline else [])
    # A palette picture: one byte a pixel instead of four, which for the largest pictures is 35 MB less
    # for the server to hold while drawing.
    palette = {colour: i for i, colour in enumerate(dict.fromkeys(colours))}
    picture = Image.new("P", (frame.width_px, frame.height_px), palette[clear])
    picture.putpalette([channel for colour in palette for channel in colour[:3]])
    pen = ImageDraw.Draw(picture)
    # A country with a hole (South Africa round Lesotho) first, so the country in the hole is drawn over it.
    features = sorted(basemap["features"], key=lambda feature: not any(_holes(feature["geometry"])))
    borders = []
    for feature in features:
        colour = tuple(highlight_fill if feature["properties"].get("iso3") in shaded else fill)
        for ring in _outer_rings(feature["geometry"]):
            for points in _drawn_rings(frame, ring):
                pen.polygon(points, fill=palette[colour])
                borders.append(points)
        for hole in _holes(feature["geometry"]):
            for points in _drawn_rings(frame, hole):
                pen.polygon(points, fill=palette[clear])
    # Borders after every fill, so a neighbour's fill does not cover them.
    if outline is not None:
        for points in borders:
            pen.line([*points, points[0]], fill=palette[tuple(outline)], width=outline_px)
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG", transparency=bytes(colour[3] for colour in palette))
    return basemap, buffer.getvalue()


def data_url(png: bytes) -> str:
    """A PNG as a data: address: the picture travels with the deck, nothing is fetched."""
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


@functools.cache
def shipped_layer(name: str) -> dict[str, Any]:
    """A GeoJSON layer of data/basemap (lakes, close-up countries), read once per process."""
    path = SHIPPED_BASEMAP_DIR / name
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise RuntimeError(
            f"data/basemap/{name}: cannot read this shipped map layer ({exc}); rebuild it with "
            "python -m tools.build_basemap (see data/basemap/PROVENANCE.md)"
        ) from exc


def lakes() -> dict[str, Any]:
    """Natural Earth's lakes of 1,000 km² or more (Kivu, Edward, Albert, Tanganyika...)."""
    return shipped_layer(LAKES_FILE)


def close_up_countries() -> dict[str, Any]:
    """Natural Earth's countries at 1:50m: coasts and borders that hold at a region's zoom."""
    return shipped_layer(CLOSE_UP_COUNTRIES_FILE)


def _coordinates(geometry: Mapping[str, Any]) -> Iterator[Sequence[float]]:
    for polygon in _polygons(geometry):
        for ring in polygon:
            yield from ring


def features_in_box(
    collection: Mapping[str, Any], west: float, south: float, east: float, north: float
) -> list[dict[str, Any]]:
    """The features of `collection` whose bounding box meets the box (degrees)."""
    kept = []
    for feature in collection["features"]:
        points = list(_coordinates(feature["geometry"]))
        lons, lats = [p[0] for p in points], [p[1] for p in points]
        if points and min(lons) <= east and max(lons) >= west and min(lats) <= north and max(lats) >= south:
            kept.append(feature)
    return kept


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle distance between two points (haversine, mean Earth radius)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def compass_direction(lat1: float, lon1: float, lat2: float, lon2: float) -> str:
    """Which way the first point lies from the second, in words of the 16-point compass ('west-north-west')."""
    phi1, phi2 = math.radians(lat2), math.radians(lat1)
    dlambda = math.radians(lon1 - lon2)
    y = math.sin(dlambda) * math.cos(phi2)
    x = math.cos(phi1) * math.sin(phi2) - math.sin(phi1) * math.cos(phi2) * math.cos(dlambda)
    bearing = math.degrees(math.atan2(y, x)) % 360
    return COMPASS_POINTS[round(bearing / 22.5) % 16]
