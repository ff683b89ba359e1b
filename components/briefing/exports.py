"""Files a presenter takes away (pure): each chart as PNG and SVG, the briefing as PowerPoint, its tables as
CSV and Excel. Charts are rendered by vl-convert, which bundles Vega and draws with local fonts: nothing is
fetched, so exports work offline. Every file honours the filters the briefing was built with.

python-pptx is imported when a file is asked for, not with the page. vl-convert runs only in a short-lived
child process (components/briefing/chart_render.py): in the server its JavaScript engine stayed resident after the
first picture, and the server's memory grew past 685 MB after the Briefing's exports.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from typing import Any

import pandas as pd

from components.briefing.chart_render import render_charts
from components.briefing.screens import Briefing, Screen, presentation_spec, sources_line, sources_plain
from components.data.downloads import csv_bytes, spreadsheet_safe
from components.language.translation import ENGLISH, Language

# The chart at 16:9 in CSS pixels; PNGs are drawn at twice that so they stay sharp on a full-screen slide.
SLIDE_CHART_PX = (1600, 900)
PNG_SCALE = 2
# Slide geometry in PowerPoint's own unit (EMU), which python-pptx's lengths are.
EMU_PER_INCH = 914_400
SLIDE_WIDTH = round(13.333 * EMU_PER_INCH)
SLIDE_HEIGHT = round(7.5 * EMU_PER_INCH)
MARGIN = round(0.4 * EMU_PER_INCH)
# Top to bottom, as a presenter expects a slide: the title, the takeaway sentence, the chart, the caveat and sources.
TITLE_HEIGHT = round(0.8 * EMU_PER_INCH)
TAKEAWAY_HEIGHT = round(1.3 * EMU_PER_INCH)
FOOTER_HEIGHT = round(0.75 * EMU_PER_INCH)
GAP = round(0.1 * EMU_PER_INCH)
TAKEAWAY_SHAPE = "Takeaway"
FOOTER_SHAPE = "Caveat and sources"
TITLE_ONLY_LAYOUT = 5
DARK_TEXT = "111318"
SHEET_NAME_LIMIT = 31


def export_file_name(stem: str, extension: str, made_on: date) -> str:
    """'allegations-by-year_2016-2024_2026-11-24.png': content, filter span (in the stem) and the day made."""
    return f"{stem}_{made_on.isoformat()}.{extension}"


def deck_file_stem(briefing: Briefing) -> str:
    """'briefing_monusco_2016-2024' / 'expose_monusco_2016-2024'."""
    return briefing.lang.p_(
        "file name",
        "briefing_{mission}_{span}",
        mission=briefing.story_mission.lower(),
        span=briefing.span.replace("–", "-"),
    )


def slide_spec(spec: dict[str, Any], high_contrast: bool = False) -> dict[str, Any]:
    return presentation_spec(spec, high_contrast=high_contrast, size=SLIDE_CHART_PX)


def chart_png(spec: dict[str, Any], high_contrast: bool = False) -> bytes:
    """The chart as a PNG of SLIDE_CHART_PX × PNG_SCALE pixels, large type."""
    return render_charts([slide_spec(spec, high_contrast)], "png", PNG_SCALE)[0]


def chart_svg(spec: dict[str, Any], high_contrast: bool = False) -> bytes:
    return render_charts([slide_spec(spec, high_contrast)], "svg")[0]


def screen_csv(screen: Screen) -> bytes:
    return csv_bytes(screen.data)


def _sheet_name(index: int, slug: str, lang: Language = ENGLISH) -> str:
    """'1 headline' / '1 chiffres clés': the screen's number and a short name, in Excel's 31 characters."""
    names = {
        "headline": lang.p_("sheet name", "headline"),
        "contributions": lang.p_("sheet name", "contributions"),
        "projects-map": lang.p_("sheet name", "projects-map"),
        "allegations": lang.p_("sheet name", "allegations"),
        "mission": lang.p_("sheet name", "mission"),
        "project": lang.p_("sheet name", "project"),
        "reach": lang.p_("sheet name", "reach"),
    }
    return f"{index + 1} {names.get(slug, slug)}"[:SHEET_NAME_LIMIT]


def briefing_xlsx(briefing: Briefing, filters_text: str, made_on: date) -> bytes:
    """One sheet per screen with the data behind it (cells that start a formula kept as text), and a sheet
    of every source, screen by screen."""
    lang = briefing.lang
    buffer = io.BytesIO()
    screen_header = lang.p_("briefing table", "Screen")
    about = pd.DataFrame(
        {
            screen_header: [f"{i + 1}. {s.title}" for i, s in enumerate(briefing.screens)],
            lang.p_("briefing table", "Takeaway"): [s.takeaway for s in briefing.screens],
            lang.p_("briefing table", "Sheet"): [_sheet_name(i, s.slug, lang) for i, s in enumerate(briefing.screens)],
        }
    )
    sources = pd.DataFrame(
        [(f"{i + 1}. {s.title}", line) for i, s in enumerate(briefing.screens) for line in sources_plain(s.sources)],
        columns=[screen_header, lang.p_("briefing table", "Source")],
    )
    about_sheet = lang.p_("sheet name", "About")
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        made = lang._("Made on {date}", date=made_on.isoformat())
        header = pd.DataFrame({lang.p_("briefing table", "Briefing"): [filters_text, made]})
        spreadsheet_safe(header).to_excel(writer, sheet_name=about_sheet, index=False)
        spreadsheet_safe(about).to_excel(writer, sheet_name=about_sheet, index=False, startrow=len(header) + 2)
        for i, screen in enumerate(briefing.screens):
            note = lang.p_("briefing table", "Note")
            frame = screen.data if not screen.data.empty else pd.DataFrame({note: [screen.no_chart]})
            spreadsheet_safe(frame).to_excel(writer, sheet_name=_sheet_name(i, screen.slug, lang), index=False)
        spreadsheet_safe(sources).to_excel(writer, sheet_name=lang.p_("sheet name", "Sources"), index=False)
    return buffer.getvalue()


def _text_box(slide, left, top, width, height, lines: Sequence[str], size: int | Sequence[int], name: str = "") -> None:
    """Plain text lines in a box; `size` in points, one for all lines or one per line."""
    from pptx.dml.color import RGBColor
    from pptx.util import Pt

    box = slide.shapes.add_textbox(left, top, width, height)
    if name:
        box.name = name
    frame = box.text_frame
    frame.word_wrap = True
    sizes = [size] * len(lines) if isinstance(size, int) else list(size)
    for i, (line, points) in enumerate(zip(lines, sizes, strict=True)):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.text = line
        paragraph.font.size = Pt(points)
        paragraph.font.color.rgb = RGBColor.from_string(DARK_TEXT)


def _picture_box(area_width: int, area_height: int) -> tuple[int, int]:
    """The largest 16:9 picture that fits the area."""
    ratio = SLIDE_CHART_PX[0] / SLIDE_CHART_PX[1]
    width = min(area_width, int(area_height * ratio))
    return width, int(width / ratio)


def briefing_pptx(briefing: Briefing, filters_text: str, made_on: date, high_contrast: bool = False) -> bytes:
    """One slide per screen, laid out as a presenter expects: the screen's title in the title box, its takeaway
    sentence under it, the chart as a picture (or the screen's note when there is no chart) with the key points
    beside it, then the caveat and one short sources line; every source in full, and the notes of marked figures,
    in the speaker notes."""
    from pptx import Presentation
    from pptx.dml.color import RGBColor
    from pptx.util import Emu, Pt

    lang = briefing.lang
    deck = Presentation()
    deck.slide_width, deck.slide_height = Emu(SLIDE_WIDTH), Emu(SLIDE_HEIGHT)
    takeaway_top = MARGIN + TITLE_HEIGHT
    content_top = takeaway_top + TAKEAWAY_HEIGHT + GAP
    footer_top = SLIDE_HEIGHT - MARGIN - FOOTER_HEIGHT
    content_height = footer_top - GAP - content_top
    content_width = SLIDE_WIDTH - 2 * MARGIN
    # Every chart in one child process: starting its drawing engine once, not once per slide.
    specs = [slide_spec(s.spec, high_contrast) for s in briefing.screens if s.spec is not None]
    pictures = iter(render_charts(specs, "png", PNG_SCALE))
    for number, screen in enumerate(briefing.screens, start=1):
        slide = deck.slides.add_slide(deck.slide_layouts[TITLE_ONLY_LAYOUT])
        title = slide.shapes.title
        title.left, title.top, title.width, title.height = MARGIN, MARGIN, content_width, TITLE_HEIGHT
        title.text = screen.title
        title.text_frame.word_wrap = True
        for paragraph in title.text_frame.paragraphs:
            paragraph.font.size = Pt(32)
            paragraph.font.bold = True
            paragraph.font.color.rgb = RGBColor.from_string(DARK_TEXT)
        size = 20 if len(screen.takeaway) < 220 else 16
        _text_box(slide, MARGIN, takeaway_top, content_width, TAKEAWAY_HEIGHT, [screen.takeaway], size, TAKEAWAY_SHAPE)
        picture_width = content_width * 0.62 if screen.points else content_width
        if screen.spec is not None:
            width, height = _picture_box(int(picture_width), int(content_height))
            left = MARGIN + (int(picture_width) - width) // 2
            slide.shapes.add_picture(io.BytesIO(next(pictures)), Emu(left), content_top, Emu(width), Emu(height))
        else:
            _text_box(slide, MARGIN, content_top, Emu(int(picture_width)), EMU_PER_INCH, [screen.no_chart], 24)
        if screen.points:
            left = MARGIN + int(picture_width) + round(0.2 * EMU_PER_INCH)
            width = SLIDE_WIDTH - left - MARGIN
            _text_box(slide, left, content_top, width, content_height, list(screen.points), 14)
        cited = sources_line(screen.sources, lang._("in the notes"), lang=lang)
        sources = f"{number}/{len(briefing.screens)} · {cited} · {filters_text}"
        footer = [screen.caveat, sources] if screen.caveat else [sources]
        sizes = [16, 11] if screen.caveat else [11]
        _text_box(slide, MARGIN, footer_top, content_width, FOOTER_HEIGHT, footer, sizes, FOOTER_SHAPE)
        notes = [
            screen.title,
            screen.takeaway,
            *([screen.caveat] if screen.caveat else []),
            *([screen.figure_notes] if screen.figure_notes else []),
            lang._(
                "{filters}. Made on {date} from the Trust Fund dashboard's shipped data.",
                filters=filters_text,
                date=made_on.isoformat(),
            ),
            lang._("Sources:"),
            *sources_plain(screen.sources),
        ]
        slide.notes_slide.notes_text_frame.text = "\n".join(notes)
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()
