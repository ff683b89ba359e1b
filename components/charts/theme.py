"""Altair chart builders (pure): frame in, chart out. One palette, one look, for every chart.

Frames are aggregated before they reach a builder: Altair embeds every row in the spec.
"""

from __future__ import annotations

import json
from typing import Any, TypeVar

import altair as alt
import pandas as pd
import pyarrow as pa

from components.language.translation import ENGLISH, Language

# Altair checks each chart part against the Vega-Lite schema as it is made, and the whole chart again in
# to_dict: a quarter of the time a page's view took for a new filter set. The specs are checked against the same
# schema once, in tests (tests/test_chart_specs.py), for every chart the views make.
alt.utils.schemapi.disable_debug_mode()


def chart_spec(chart: alt.TopLevelMixin) -> dict[str, Any]:
    """The chart as a Vega-Lite spec (plain JSON), unchecked (see disable_debug_mode above), with the house rules
    for legends applied: see legends_that_say_something."""
    return legends_that_say_something(chart.to_dict(validate=False))


# Channels Vega-Lite draws a legend for.
LEGEND_CHANNELS = ("color", "fill", "stroke", "shape", "size", "opacity", "strokeDash", "fillOpacity")


# A legend label broken into lines of at most about 28 characters, at spaces (Vega draws an array as lines): on a
# 390 px phone a long scope name ran off the card.
def wrapped_label(characters: int) -> str:
    """A Vega label expression breaking `datum.label` into lines of at most about `characters` characters."""
    return f"split(trim(replace(datum.label, regexp('(.{{1,{characters}}})(\\\\s+|$)', 'g'), '$1\\n')), '\\n')"


LEGEND_LINE_CHARACTERS = 28
WRAPPED_LABEL = wrapped_label(LEGEND_LINE_CHARACTERS)


def label_lines(label: str, characters: int = LEGEND_LINE_CHARACTERS) -> int:
    """How many lines `label` takes once wrapped_label(characters) breaks it."""
    lines, line = 0, ""
    for word in label.split():
        if line and len(line) + 1 + len(word) > characters:
            lines, line = lines + 1, word
        else:
            line = f"{line} {word}".strip()
    return lines + 1


def legend_lines(labels: list[str]) -> int:
    """How many lines a legend's labels take once WRAPPED_LABEL breaks them (a French scope name takes two or three),
    so a chart can make room for them below its plot."""
    return sum(label_lines(label) for label in labels)


def legend_values(encoding: dict[str, Any], rows: list[dict[str, Any]] | None) -> list[Any] | None:
    """The entries a legend of this channel would list: its scale's domain when given, else the field's distinct
    values in `rows`; None when they cannot be told (a continuous scale, data from elsewhere)."""
    if "field" not in encoding or encoding.get("type") not in ("nominal", "ordinal"):
        return None
    domain = (encoding.get("scale") or {}).get("domain")
    if isinstance(domain, list):
        return domain
    if rows is None:
        return None
    return sorted({str(row[encoding["field"]]) for row in rows if row.get(encoding["field"]) is not None})


def legends_that_say_something(spec: dict[str, Any]) -> dict[str, Any]:
    """`spec` with every legend of a single entry removed ("Value is ● exact" when every value is exact says
    nothing, and its symbol vanished on a dark background), and every other legend below the chart (above it when
    the builder asks for the top): at the right it took half of a phone-wide chart and was cut off. Legend labels
    are wrapped (WRAPPED_LABEL) and never cut."""
    datasets = spec.get("datasets", {})

    def rows_of(data: Any, inherited: list[dict[str, Any]] | None) -> list[dict[str, Any]] | None:
        if not isinstance(data, dict):
            return inherited
        if isinstance(data.get("values"), list):
            return data["values"]
        rows = datasets.get(data.get("name"))
        return rows if isinstance(rows, list) else None

    def walk(node: dict[str, Any], inherited: list[dict[str, Any]] | None) -> dict[str, Any]:
        rows = rows_of(node.get("data"), inherited)
        node = dict(node)
        if isinstance(node.get("encoding"), dict):
            encoding = dict(node["encoding"])
            for channel in LEGEND_CHANNELS:
                channel_encoding = encoding.get(channel)
                if not isinstance(channel_encoding, dict) or "field" not in channel_encoding:
                    continue
                # No legend asked for, or colours given as they are (scale None): nothing to draw.
                if channel_encoding.get("legend", {}) is None or channel_encoding.get("scale", {}) is None:
                    continue
                values = legend_values(channel_encoding, rows)
                if values is not None and len(values) <= 1:
                    encoding[channel] = {**channel_encoding, "legend": None}
                else:
                    # labelLimit 0: the wrapped lines are short already, and Vega's default cut of 160 px a line
                    # still ended "Withheld payments" as "Withheld payn…".
                    asked = channel_encoding.get("legend") or {}
                    legend = {
                        "labelExpr": WRAPPED_LABEL,
                        "labelLimit": 0,
                        **asked,
                        # Above the plot when asked: two legends side by side below it ran past a phone's card.
                        "orient": "top" if asked.get("orient") == "top" else "bottom",
                    }
                    encoding[channel] = {**channel_encoding, "legend": legend}
            node["encoding"] = encoding
        for key in ("layer", "concat", "hconcat", "vconcat"):
            if isinstance(node.get(key), list):
                node[key] = [walk(part, rows) for part in node[key]]
        if isinstance(node.get("spec"), dict):
            node["spec"] = walk(node["spec"], rows)
        return node

    return walk(spec, None)


# Okabe-Ito, the colour-blind-safe palette; each has ≥ 3:1 contrast on white except yellow,
# which is therefore never used for thin marks or text.
OKABE_ITO = {
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "bluish_green": "#009E73",
    "reddish_purple": "#CC79A7",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "black": "#000000",
    "yellow": "#F0E442",
}
SERIES_COLOURS = [
    OKABE_ITO["blue"],
    OKABE_ITO["vermillion"],
    OKABE_ITO["bluish_green"],
    OKABE_ITO["reddish_purple"],
    OKABE_ITO["orange"],
    OKABE_ITO["sky_blue"],
]
NO_DATA_GREY = "#BDBDBD"
MISSION_TYPE_COLOURS = {
    "peacekeeping": OKABE_ITO["blue"],
    "special_political_mission": OKABE_ITO["vermillion"],
    "support_office": OKABE_ITO["bluish_green"],
}
CHART_HEIGHT = 320
LEGEND_ROW_PX = 22
# Symbols of a legend that carries no colour (shape only): mid grey reads on light and dark themes alike, where
# Vega's default black vanishes on a dark background.
LEGEND_GREY = "#7F7F7F"

# A heatmap's sequential ramp, pale to dark blue, interpolated in RGB so that a cell's colour (and so the colour of
# the number written on it, text_colour_on) can be worked out here exactly as Vega draws it.
HEAT_RANGE = ("#DEEBF7", "#08306B")


def _channels(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def heat_colour(value: float, low: float, high: float) -> str:
    """The fill a cell of `value` gets on HEAT_RANGE over the domain [low, high]."""
    share = 1.0 if high <= low else min(1.0, max(0.0, (value - low) / (high - low)))
    start, end = _channels(HEAT_RANGE[0]), _channels(HEAT_RANGE[1])
    return "#" + "".join(f"{round(a + (b - a) * share):02X}" for a, b in zip(start, end, strict=True))


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a #RRGGBB colour."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in _channels(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def text_colour_on(fill: str) -> str:
    """Black or white, whichever contrasts more with `fill` (WCAG contrast ratio): a label chosen by the cell's
    own lightness, not by a fixed value threshold that put white on pale cells."""
    lum = relative_luminance(fill)
    on_white, on_black = 1.05 / (lum + 0.05), (lum + 0.05) / 0.05
    return "white" if on_white > on_black else "black"


# Every tick of a time axis labelled with its year: by default Vega names ticks between Januaries by their month
# only, and a chart whose ticks fell in April and October showed no year at all.
YEAR_AXIS = alt.Axis(format="%Y", tickCount={"interval": "year", "step": 1}, labelAngle=0)


def colour_if(test: str | dict[str, Any], colour: str, otherwise: str) -> alt.ColorValue:
    """`colour` where `test` (an expression, or a predicate as a dict) holds, else `otherwise`: what alt.condition
    gives, without its cost. Altair checks the dict alt.condition returns against its whole schema as it builds the
    chart (about 15 ms a chart); a value built directly is not checked (tests/test_chart_specs.py checks specs)."""
    return alt.ColorValue(otherwise, condition={"test": test, "value": colour})


def series_scale(domain: list[str]) -> alt.Scale:
    """The palette, assigned in a fixed order so a series keeps its colour across charts."""
    return alt.Scale(domain=domain, range=SERIES_COLOURS[: max(1, len(domain))])


TitledChart = TypeVar("TitledChart", bound=alt.TopLevelMixin)


def vega_locale(lang: Language) -> dict[str, Any]:
    """How Vega writes numbers and dates in `lang` (its d3-format and d3-time-format definitions), from the same CLDR
    data as the page's own figures: a French axis reads '4 000 000' and 'juil.', not '4,000,000' and 'Jul'."""
    locale = lang.locale
    symbols = locale.number_symbols["latn"]
    # CLDR numbers the days from Monday (0); d3 lists them from Sunday.
    week = (6, 0, 1, 2, 3, 4, 5)
    return {
        "number": {
            "decimal": symbols["decimal"],
            "thousands": symbols["group"],
            "grouping": [3],
            "currency": ["", "\u00a0$US"] if lang.code == "fr" else ["$", ""],
        },
        "time": {
            "dateTime": "%x %X",
            "date": "%d/%m/%Y" if lang.code == "fr" else "%m/%d/%Y",
            "time": "%H:%M:%S",
            "periods": ["AM", "PM"],
            "days": [locale.days["format"]["wide"][day] for day in week],
            "shortDays": [locale.days["format"]["abbreviated"][day] for day in week],
            "months": [locale.months["format"]["wide"][month] for month in range(1, 13)],
            "shortMonths": [locale.months["format"]["abbreviated"][month] for month in range(1, 13)],
        },
    }


# Labels laid out server-side for bands of drawing widths (a places map's names, the running totals' values): each
# row carries the widths it is drawn at (band_from, band_to, in the spec's own type), and the chart draws the rows of
# the band it is drawn in. `width` is Vega's own signal, the plot's width in pixels; TYPE_SCALE_PARAM how much larger
# than the spec's own the type is drawn (the Briefing's projector variant doubles it).
TYPE_SCALE_PARAM = "type_scale"
IN_DRAWN_BAND = f"datum.band_from <= width / {TYPE_SCALE_PARAM} && width / {TYPE_SCALE_PARAM} < datum.band_to"
WIDEST_BAND_END = 1e9


def in_language(chart: TitledChart, lang: Language) -> TitledChart:
    """The chart with Vega's numbers and dates written as `lang` writes them (English is Vega's own way). Apply it
    last: a chart with a configuration can no longer be layered."""
    return chart if lang.code == ENGLISH.code else chart.configure(locale=vega_locale(lang))


# A chart title broken into lines of at most this many characters: Vega cuts a title at the chart's width ("Allegations
# reported per year, all missio…" on a 390 px phone, where a card holds about 44 characters of the title's type).
TITLE_LINE_CHARACTERS = 40


def title_lines(title: str, characters: int = TITLE_LINE_CHARACTERS) -> str | list[str]:
    """`title` as Vega-Lite draws it whole: as it is when short enough, else as lines of at most `characters`
    characters broken at spaces (Vega draws a list as lines). A single word longer than a line keeps its own line."""
    if len(title) <= characters:
        return title
    lines: list[str] = []
    for word in title.split():
        if lines and len(lines[-1]) + 1 + len(word) <= characters:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


# The type of a chart's title as Streamlit draws it (its theme's fontSizes.md, bold), and how wide a letter of it is
# on average, as a share of that size, with some room: measured 0.45 (Source Sans, the app's) to 0.5 (the Briefing's
# sans-serif) in drawn titles; a title estimated too narrow would be cut. The estimate takes the plot's width
# (`width`), not the chart's: a title has the room of the y axis besides.
APP_TITLE_PX = 16
TITLE_GLYPH_WIDTH = 0.55
# However narrow the drawing, a line holds this many letters (a phone's card holds about 35 at APP_TITLE_PX).
MIN_TITLE_LINE_CHARACTERS = 12
# A fitted title's expression starts with this call and the title's words, as a JSON string (see title_words).
_FITTED_START = "split(trim(replace("


def fitted_title(title: str, type_px: float = APP_TITLE_PX) -> dict[str, Any]:
    """`title` as a Vega-Lite title broken at spaces into lines as wide as the drawing (Vega's own `width`, in
    pixels) holds at `type_px`: one line where it fits, never cut where it does not. Only for a single or layered
    view: a concatenated or faceted chart has no `width` of its own (use title_lines there)."""
    characters = f"max({MIN_TITLE_LINE_CHARACTERS}, floor(width / {type_px * TITLE_GLYPH_WIDTH:g}))"
    # As wrapped_label does, with the line length from the drawing's width.
    pattern = "'(.{1,' + " + characters + " + '})(\\\\s+|$)'"
    words = json.dumps(title, ensure_ascii=False)
    return {"text": {"expr": f"{_FITTED_START}{words}, regexp({pattern}, 'g'), '$1\\n')), '\\n')"}}


def title_words(title: Any) -> str:
    """The words of a chart's `title` as a reader reads them, in whatever form the spec holds it: a string, its
    lines (title_lines), a fitted title (fitted_title), or a title object with one of these as its text."""
    if isinstance(title, dict):
        text = title.get("text", "")
        if isinstance(text, dict) and str(text.get("expr", "")).startswith(_FITTED_START):
            words, _end = json.JSONDecoder().raw_decode(text["expr"], len(_FITTED_START))
            return str(words)
        return title_words(text)
    if isinstance(title, list):
        return " ".join(map(str, title))
    return str(title or "")


def refitted_title(title: Any, type_px: float) -> Any:
    """`title` (a spec's) with a fitted title's lines made for type `type_px` (a projector's larger title); any
    other title as it is."""
    if not (isinstance(title, dict) and isinstance(title.get("text"), dict)):
        return title
    return {**title, **fitted_title(title_words(title), type_px)}


def titled(chart: TitledChart, title: str, description: str) -> TitledChart:
    """Every chart carries a title, in lines as wide as the drawing that are never cut (fitted_title; a
    concatenated or faceted chart's in lines of title_lines), and a text alternative (Vega's `description` becomes
    aria-label)."""
    fitted = fitted_title(title) if isinstance(chart, alt.Chart | alt.LayerChart) else title_lines(title)
    return chart.properties(title=fitted, description=description, height=CHART_HEIGHT, width="container")


def streamlit_ready(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec with its tables already in Arrow, as st.vega_lite_chart sends them. Streamlit converts JSON
    rows to Arrow on every rerun (about 5 ms a chart) but passes bytes through, so a spec made ready once and
    kept with a cached view costs nothing on a rerun."""
    datasets = spec.get("datasets")
    if not datasets:
        return spec
    return {**spec, "datasets": {name: _arrow_or_geojson(rows) for name, rows in datasets.items()}}


def _arrow_or_geojson(rows: Any) -> Any:
    # GeoJSON stays JSON: Vega-Lite reads it in the browser, and Streamlit keeps it in the spec.
    if isinstance(rows, dict) or (rows and isinstance(rows[0], dict) and rows[0].get("type") == "Feature"):
        return rows
    return arrow_bytes(pd.DataFrame(rows))


def arrow_bytes(frame: pd.DataFrame) -> bytes:
    """`frame` as an Arrow IPC stream: the bytes Streamlit sends for a table (its own conversion does the same)."""
    table = pa.Table.from_pandas(frame)
    sink = pa.BufferOutputStream()
    with pa.RecordBatchStreamWriter(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()
