"""Every chart and map the views make is a valid Vega-Lite spec. The app builds specs without Altair's checks
(components/charts/theme.py says why); this is where they are checked, against the schema Altair ships."""

from __future__ import annotations

from dataclasses import replace

import pytest
from altair.utils.schemapi import validate_jsonschema
from altair.vegalite.v6.schema import core

from components.briefing.screens import build_briefing
from components.charts.maps import LAYER_NAMES, project_places_map
from components.charts.theme import ChartCard
from components.figures.filters import Filters
from components.figures.overview import build_overview_view, build_page_views

SCHEMA = core.load_schema()


def _plain(spec: dict) -> dict:
    """A spec as the schema reads it: tables the page sends as Arrow bytes checked as (empty) rows."""
    datasets = spec.get("datasets", {})
    return {**spec, "datasets": {name: [] if isinstance(rows, bytes) else rows for name, rows in datasets.items()}}


def _specs(bundle, filters: Filters) -> dict[str, dict]:
    views = build_page_views(bundle, filters)
    cards: list[ChartCard | None] = [
        views.money.totals,
        views.money.donor_counts,
        views.projects.timeline,
        views.projects.services,
        views.allegations.totals,
        views.allegations.grid,
        views.allegations.categories,
        views.allegations.victims,
    ]
    overview = build_overview_view(bundle, filters, views)
    specs = {card.key: card.spec for card in [*cards, overview.trend] if card is not None}
    specs["overview map"] = overview.map_spec
    for layers in [tuple(LAYER_NAMES), ("missions",), ("projects",)]:
        specs[f"mission map {layers}"] = views.mission_map.spec_for(layers)
    for screen in build_briefing(bundle, filters, views=views).screens:
        if screen.spec is not None:
            specs[f"briefing {screen.slug}"] = screen.spec
    specs["project close-up"] = project_places_map(bundle, "DRC-SAKE-2018")
    return specs


@pytest.mark.parametrize(
    "narrowed", [{}, {"years": (2016, 2020)}, {"missions": ("MONUSCO",)}], ids=["defaults", "2016-2020", "MONUSCO"]
)
def test_every_chart_and_map_is_a_valid_vega_lite_spec(bundle, defaults, narrowed):
    specs = _specs(bundle, replace(defaults, **narrowed))
    assert len(specs) >= 15
    for name, spec in specs.items():
        assert spec is not None, name
        validate_jsonschema(_plain(spec), SCHEMA)


def test_an_invalid_spec_is_caught(bundle, defaults):
    spec = build_page_views(bundle, defaults).allegations.totals.spec
    broken = {**spec, "layer": [{**spec["layer"][0], "mark": {"type": "no-such-mark"}}, *spec["layer"][1:]]}
    with pytest.raises(Exception, match="no-such-mark"):
        validate_jsonschema(broken, SCHEMA)
