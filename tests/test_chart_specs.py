"""Every chart and map the views make is a valid Vega-Lite spec. The app builds specs without Altair's checks
(components/charts/theme.py says why); this is where they are checked, against the schema Altair ships."""

from __future__ import annotations

import json
from dataclasses import replace

import pandas as pd
import pytest
from altair.utils.schemapi import validate_jsonschema
from altair.vegalite.v6.schema import core

from components.briefing.screens import build_briefing
from components.charts.cards import chart_card
from components.charts.maps import LAYER_NAMES, build_mission_glance, build_mission_map_view, project_places_map
from components.figures.cards import FigureCard
from components.figures.filters import Filters
from components.figures.overview import GLANCE_DESCRIPTION, build_overview_view, build_page_views

SCHEMA = core.load_schema()


def _plain(spec: dict) -> dict:
    """A spec as the schema reads it: tables the page sends as Arrow bytes checked as (empty) rows."""
    datasets = spec.get("datasets", {})
    return {**spec, "datasets": {name: [] if isinstance(rows, bytes) else rows for name, rows in datasets.items()}}


def _specs(bundle, filters: Filters) -> dict[str, dict]:
    views = build_page_views(bundle, filters)
    cards: list[FigureCard | None] = [
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
    specs = {card.key: chart_card(card).spec for card in [*cards, overview.trend] if card is not None}
    mission_map = build_mission_map_view(bundle, filters)
    specs["overview map"] = build_mission_glance(bundle, filters, GLANCE_DESCRIPTION).spec
    for layers in [tuple(LAYER_NAMES), ("missions",), ("projects",)]:
        specs[f"mission map {layers}"] = mission_map.spec_for(layers)
    for screen in build_briefing(bundle, filters, views=views).screens:
        if screen.spec is not None:
            specs[f"briefing {screen.slug}"] = screen.spec
    specs["project close-up"] = project_places_map(bundle, "DRC-SAKE-2018")
    return specs


@pytest.fixture(scope="module")
def specs_of(bundle, defaults):
    """`_specs` of the default filters narrowed by `narrowed`, built once per narrowing for this module's tests
    (building every view, map and screen is most of their time); the tests only read the specs."""
    made: dict[tuple, dict[str, dict]] = {}

    def specs(narrowed: dict) -> dict[str, dict]:
        key = tuple(sorted(narrowed.items()))
        if key not in made:
            made[key] = _specs(bundle, replace(defaults, **narrowed))
        return made[key]

    return specs


@pytest.mark.parametrize(
    "narrowed", [{}, {"years": (2016, 2020)}, {"missions": ("MONUSCO",)}], ids=["defaults", "2016-2020", "MONUSCO"]
)
def test_every_chart_and_map_is_a_valid_vega_lite_spec(specs_of, narrowed):
    specs = specs_of(narrowed)
    assert len(specs) >= 15
    for name, spec in specs.items():
        assert spec is not None, name
        validate_jsonschema(_plain(spec), SCHEMA)


def test_an_invalid_spec_is_caught(bundle, defaults):
    spec = chart_card(build_page_views(bundle, defaults).allegations.totals).spec
    broken = {**spec, "layer": [{**spec["layer"][0], "mark": {"type": "no-such-mark"}}, *spec["layer"][1:]]}
    with pytest.raises(Exception, match="no-such-mark"):
        validate_jsonschema(broken, SCHEMA)


LEGEND_CHANNELS = ("color", "fill", "stroke", "shape", "size", "opacity", "strokeDash", "fillOpacity")


def _legends(node: dict, datasets: dict, rows=None):
    """(channel, title, entries) of every legend a spec draws; entries None when they cannot be counted."""
    data = node.get("data") or {}
    if "values" in data:
        rows = data["values"]
    elif "name" in data:
        rows = datasets.get(data["name"])
    for channel, enc in (node.get("encoding") or {}).items():
        if channel not in LEGEND_CHANNELS or not isinstance(enc, dict) or "field" not in enc:
            continue
        if enc.get("legend", {}) is None or enc.get("scale", {}) is None or enc.get("type") == "quantitative":
            continue
        domain = (enc.get("scale") or {}).get("domain")
        if isinstance(domain, list):
            entries = len(domain)
        elif isinstance(rows, list):
            entries = len({row.get(enc["field"]) for row in rows} - {None})
        else:
            entries = None
        yield channel, enc.get("title"), entries, (enc.get("legend") or {}).get("orient")
    for key in ("layer", "concat", "hconcat", "vconcat"):
        for part in node.get(key, []):
            yield from _legends(part, datasets, rows)
    if isinstance(node.get("spec"), dict):
        yield from _legends(node["spec"], datasets, rows)


@pytest.mark.parametrize(
    "narrowed", [{}, {"years": (2016, 2020)}, {"missions": ("MONUSCO",)}], ids=["defaults", "2016-2020", "MONUSCO"]
)
def test_no_chart_draws_a_legend_of_one_entry_and_every_legend_sits_below(specs_of, narrowed):
    """Charts, not maps: the map builders (components/charts/maps.py) keep their own legends. A second legend may
    sit above the plot (the running totals' shapes, the timeline's links): two side by side below it ran past a
    phone's card."""
    above = {("funding-totals", "shape"), ("briefing contributions", "shape"), ("projects-timeline", "shape")}
    for name, spec in specs_of(narrowed).items():
        if "map" in name or "close-up" in name:
            continue
        for channel, title, entries, orient in _legends(spec, spec.get("datasets", {})):
            assert entries is None or entries >= 2, f"{name}: legend '{title}' ({channel}) has {entries} entry"
            wanted = "top" if (name, channel) in above else "bottom"
            assert orient == wanted, f"{name}: legend '{title}' ({channel}) is at the {orient}"


def test_the_totals_chart_with_every_value_exact_has_no_value_is_legend():
    from components.charts.allegations import yearly_totals_chart
    from components.charts.theme import chart_spec

    totals = pd.DataFrame(
        {
            "year": [2015, 2016],
            "series": ["Peacekeeping operations (to 2016)"] * 2,
            "value": [69.0, 80.0],
            "qualifier": ["exact", "exact"],
            "display": ["69", "80"],
            "note": ["", ""],
            "source_count": [1, 1],
            "alternatives": ["", ""],
        }
    )
    spec = chart_spec(yearly_totals_chart(totals))
    shapes = [layer["encoding"]["shape"] for layer in spec["layer"] if "shape" in layer["encoding"]]
    assert shapes and all(shape["legend"] is None for shape in shapes)


def test_long_legend_labels_wrap_so_a_phone_shows_them_whole(bundle, defaults):
    spec = chart_card(build_page_views(bundle, defaults).allegations.totals).spec
    [legend] = {json.dumps(layer["encoding"]["color"]["legend"]) for layer in spec["layer"]}
    # "Peacekeeping and special political missions" (44 characters) ran off a 390 px card.
    assert "split(" in json.loads(legend)["labelExpr"]
