"""No chart text is cut: titles come in lines, legend labels have no length limit, heatmap cells write a qualifier
as a sign in a type size that fits the cell, the timeline names each project whole (issue 19)."""

from __future__ import annotations

import pandas as pd

from components.briefing.exports import SLIDE_CHART_PX, chart_svg
from components.briefing.screens import build_briefing, presentation_spec
from components.charts.allegations import cell_text, grid_font_size, mission_grid_chart
from components.charts.cards import chart_card
from components.charts.projects import gantt_chart
from components.charts.theme import APP_TITLE_PX, chart_spec, fitted_title, title_lines, title_words
from components.data.bundle import load_bundle
from components.figures.allegations import build_allegations_view
from components.figures.filters import Filters
from components.figures.projects import gantt_frame
from components.language.translation import FRENCH


def test_a_long_title_is_broken_into_lines_at_spaces_and_a_short_one_kept_whole():
    lines = ["Allegations reported per year, all", "missions"]
    assert title_lines("Allegations reported per year, all missions") == lines
    assert title_lines("Services by country") == "Services by country"
    assert title_lines("Where the project works", 16) == ["Where the", "project works"]


def test_a_heatmap_cell_writes_at_least_as_a_sign_and_keeps_the_note_mark():
    # MINUSCA 2018: "at least 10" (data/allegations.csv, qualifier at_least), with a note.
    assert cell_text("at least 10†", "at_least") == "≥10†"
    assert cell_text("au moins 10†", "at_least", FRENCH) == "≥10†"
    assert cell_text("41", "exact") == "41"


def test_the_heatmap_type_shrinks_with_the_cell_for_its_longest_label():
    assert grid_font_size(pd.Series(["≥10†", "6"])) == "min(11, (bandwidth('x') - 2) / 2.4)"


def _grid() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "mission": ["MINUSCA", "MINUSCA", "MONUSCO"],
            "year": [2018, 2019, 2018],
            "value": [10.0, 41.0, None],
            "qualifier": ["at_least", "exact", None],
            "display": ["at least 10†", "41", "not known"],
            "note": ["a note", "", ""],
            "status": ["", "", ""],
            "alternatives": ["", "", ""],
            "source_count": [1, 1, 0],
        }
    )


def test_the_heatmap_legend_says_what_its_sign_means_and_cells_use_the_short_text():
    spec = chart_spec(mission_grid_chart(_grid()))
    texts = [layer for layer in spec["layer"] if layer["mark"]["type"] == "text"]
    assert {layer["encoding"]["text"]["field"] for layer in texts} == {"cell_text"}
    assert all(layer["mark"]["fontSize"] == {"expr": "min(11, (bandwidth('x') - 2) / 2.4)"} for layer in texts)
    colour = next(layer["encoding"]["color"] for layer in spec["layer"] if "color" in layer.get("encoding", {}))
    assert colour["title"] == ["Allegations (count)", "≥ = at least"]


def _legends(spec: dict) -> list[dict]:
    found = []
    for layer in spec.get("layer", [spec]):
        for channel in layer.get("encoding", {}).values():
            if isinstance(channel, dict) and isinstance(channel.get("legend"), dict):
                found.append(channel["legend"])
    return found


def test_no_legend_label_is_cut(bundle, defaults):
    from components.charts.cards import chart_card
    from components.figures.contributions import build_contributions_view

    spec = chart_card(build_contributions_view(bundle, defaults).totals).spec
    legends = _legends(spec)
    # "Withheld payments" was cut to "Withheld payn…" by Vega's 160 px default.
    assert legends and all(legend["labelLimit"] == 0 for legend in legends)


def test_the_timeline_names_each_project_whole_on_wrapped_lines(bundle):
    frame = gantt_frame(bundle.projects)
    dated = bundle.projects[bundle.projects["start_date"].notna()]
    # "Vocational training centre and community complaint networks for victims and at-risk women around Goma and
    # Sake" (data/projects.yaml) was cut at 60 characters with "…".
    assert set(frame["project"]) == set(dated["title"])
    assert not frame["project"].str.endswith("…").any()
    axis = gantt_chart(frame).to_dict()["layer"][0]["encoding"]["y"]["axis"]
    assert axis["labelLimit"] == 0 and "split(" in axis["labelExpr"]


def _title_lines_drawn(svg: str) -> list[str]:
    """The lines of a chart's title as Vega drew it (its SVG)."""
    import xml.etree.ElementTree as ET

    ns = "{http://www.w3.org/2000/svg}"
    for group in ET.fromstring(svg).iter(f"{ns}g"):
        if "role-title-text" in group.get("class", ""):
            text = next(group.iter(f"{ns}text"))
            spans = [span.text or "" for span in text.iter(f"{ns}tspan")]
            return spans or [text.text or ""]
    return []


def test_a_title_written_with_its_words_reads_back_whole():
    title = "Où le projet « intervient » d'après l'ONU"
    assert title_words(fitted_title(title)) == title
    assert title_words(title_lines(title, 12)) == title
    assert title_words({"text": title, "subtitle": "km"}) == title


def test_a_title_is_one_line_where_it_fits_and_broken_at_spaces_where_it_does_not(bundle, defaults):
    """A fixed 40-character wrap broke short titles into two lines on a wide screen and cut none on a phone only by
    luck. Drawn by Vega (vl-convert) in a phone's, a 1024 px and a 1400 px card: one line where the title fits, else
    lines at spaces each within the drawing (at an average letter of half the type size, Source Sans bold's
    0.45 measured), no word lost."""
    import vl_convert

    spec = chart_card(build_allegations_view(bundle, defaults, FRENCH).totals).spec
    title = title_words(spec["title"])
    assert title == "Allégations signalées par année"
    long_title = "Allégations signalées par année, toutes missions et entités des Nations Unies"
    for width, lines in ((358, 2), (900, 1), (1240, 1)):
        for words, count in ((title, 1), (long_title, lines)):
            drawn = _title_lines_drawn(
                vl_convert.vegalite_to_svg({**spec, "title": fitted_title(words), "width": width})
            )
            assert " ".join(drawn) == words, width
            assert len(drawn) == count, (width, drawn)
            assert all(len(line) * 0.5 * APP_TITLE_PX <= width for line in drawn), (width, drawn)


def test_the_briefing_and_its_exports_draw_a_long_title_whole_in_lines_as_wide_as_the_picture():
    """MONUSCO's French name (105 characters with its acronym) lost its acronym to Vega's "…" on a projector. On a
    phone, a 1024 px and a 1400 px screen at the projector's 32 px title, and on the slide picture, every word is
    drawn, in lines within the picture."""
    import vl_convert

    screens = build_briefing(load_bundle(), Filters(years=(2016, 2024)), lang=FRENCH).screens
    spec = next(s for s in screens if s.slug == "mission").spec
    name = title_words(spec["title"])
    assert name.endswith("(MONUSCO)")
    drawings = {width: vl_convert.vegalite_to_svg({**presentation_spec(spec), "width": width}) for width in (358, 900)}
    drawings[SLIDE_CHART_PX[0]] = chart_svg(spec).decode()
    for width, svg in drawings.items():
        drawn = _title_lines_drawn(svg)
        assert " ".join(drawn) == name, width
        assert all(len(line) * 0.5 * 32 <= width for line in drawn), (width, drawn)
    assert len(_title_lines_drawn(drawings[358])) > len(_title_lines_drawn(drawings[900])) >= 2
