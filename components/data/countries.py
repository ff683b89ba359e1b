"""Countries by ISO3 code: the one place that reads codes out of the basemap and out of a data cell."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def basemap_codes(basemap: Mapping[str, Any]) -> set[str]:
    """The ISO3 codes of the basemap's countries (features without a code are skipped)."""
    return set(country_names(basemap))


def country_names(basemap: Mapping[str, Any]) -> dict[str, str]:
    """Each basemap country's name by its ISO3 code (the code where the name is missing)."""
    return {
        f["properties"]["iso3"]: f["properties"].get("name") or f["properties"]["iso3"]
        for f in basemap.get("features", [])
        if f.get("properties", {}).get("iso3")
    }


def cell_codes(cell: object) -> list[str]:
    """The ISO3 codes of a data cell that lists several ('COD;RWA'); none for an empty cell."""
    return [code for code in cell.split(";") if code] if isinstance(cell, str) else []
