"""Build data/basemap/countries-110m.geojson from two npm registry packages (see data/basemap/PROVENANCE.md).

    python -m tools.build_basemap WORLD_ATLAS_DIR ISO_COUNTRIES_DIR

WORLD_ATLAS_DIR is the unpacked `world-atlas@2.0.2` package (Natural Earth 1:110m as TopoJSON, ids
are ISO 3166-1 numeric codes); ISO_COUNTRIES_DIR the unpacked `i18n-iso-countries@7.14.0` package,
whose codes.json maps numeric codes to alpha-3 codes.
"""

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "basemap" / "countries-110m.geojson"
# Natural Earth features without an ISO numeric id, mapped by name. Kosovo has no ISO code;
# KOS is Natural Earth's own code, which the missions table uses for UNMIK.
NO_ISO_BY_NAME = {"Kosovo": "KOS"}


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


def build(world_atlas: Path, iso_countries: Path) -> dict[str, Any]:
    topology = json.loads((world_atlas / "countries-110m.json").read_text())
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


def main(argv: list[str]) -> int:
    collection = build(Path(argv[0]), Path(argv[1]))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(collection, separators=(",", ":")), encoding="utf-8")
    missing = [f["properties"]["name"] for f in collection["features"] if not f["properties"]["iso3"]]
    print(f"{len(collection['features'])} features written to {OUT}; without ISO code: {missing}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
