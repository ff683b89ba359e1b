"""Briefing mode (pure): the sequence of screens a presenter steps through, built from the current filters.

Each screen holds one idea: a title, a one-line takeaway generated from the data (qualifiers and unknowns
stated, no trend claimed that the data does not show), a chart spec, the data behind it and its sources.
Figures come from the existing page builders; this module only picks, words and re-styles them.
`presentation_spec` turns any chart spec into its projector variant (large type, optional high contrast).
"""

from __future__ import annotations

import copy
import textwrap
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, cached_property
from typing import Any, Literal, cast, overload

import altair as alt
import pandas as pd

from components.charts.basemap import close_up_countries
from components.charts.cards import chart_card
from components.charts.maps import place_distances, places_map_spec
from components.charts.theme import (
    OKABE_ITO,
    TYPE_SCALE_PARAM,
    chart_spec,
    fitted_title,
    refitted_title,
    streamlit_ready,
)
from components.data.bundle import DataBundle
from components.data.once import MadeOnce
from components.figures.allegations import NOTE_MARK, notes_text
from components.figures.cards import FigureCard
from components.figures.citations import SourceRef, sources_of
from components.figures.filters import Filters
from components.figures.formatting import unknown
from components.figures.glossary import NOT_VERIFIED_CAVEAT
from components.figures.missions import (
    latest_text,
    mission_allegation_rows,
    mission_detail,
    mission_grid,
    mission_name,
    place_points,
    project_places,
)
from components.figures.overview import FEATURED_PROJECT, PageViews, build_overview_view, build_page_views
from components.figures.portfolio import NOT_FILTERED as PORTFOLIO_NOT_FILTERED
from components.figures.portfolio import TITLE as PORTFOLIO_TITLE
from components.figures.portfolio import PortfolioView, build_portfolio_view
from components.figures.projects import (
    NO_END,
    beneficiaries_text,
    budget_text,
    places_in,
    project_detail,
    services_text,
    status_text,
)
from components.language.translation import ENGLISH, Language

DEFAULT_STORY_MISSION = "MONUSCO"
# Chart height on a 1920x1080 projector: what is left under the title, the takeaway and the controls.
SCREEN_CHART_HEIGHT = 560
# The map screen's chart spans the page (it has no key points beside it): about 900 x 560 px on a 1024 px projector
# at the doubled type, which the map's labels are laid out for at the spec's own type size.
MAP_SCREEN_LAYOUT_PX = (450, 280)
# Mark sizes scale with the type: a 70 px² point drawn for a laptop is a speck on a projector.
FONT_FACTOR = 2.0
AREA_FACTOR = 3.0
STROKE_FACTOR = 1.6
TEXT_COLOUR = "#111318"
HIGH_CONTRAST_GRID = "#595959"
VALUE_COLOUR = OKABE_ITO["blue"]
NOTE_GREY = "#595959"

# Colours are explicit, not left to the theme: in Streamlit's dark theme an unthemed chart got light-grey labels
# on its white background. A briefing chart is a white card on either theme, like the slide it becomes.
LARGE_TYPE_CONFIG: dict[str, Any] = {
    "background": "#FFFFFF",
    "font": "sans-serif",
    "axis": {
        "labelFontSize": 22,
        "titleFontSize": 24,
        "titlePadding": 14,
        "labelPadding": 6,
        "labelLimit": 420,
        "labelColor": TEXT_COLOUR,
        "titleColor": TEXT_COLOUR,
        "gridColor": "#DDDDDD",
        "domainColor": "#888888",
        "tickColor": "#888888",
    },
    # Years only on time axes: at projector width Vega adds month ticks whose labels ("April") hide the years.
    "axisTemporal": {"format": "%Y", "tickCount": "year"},
    # Year labels read upright; at 22 px they fit side by side on a wide chart, and overlapping ones are dropped.
    "axisXDiscrete": {"labelAngle": 0, "labelOverlap": "greedy"},
    "legend": {
        "labelFontSize": 22,
        "titleFontSize": 22,
        "symbolSize": 320,
        "rowPadding": 8,
        "labelLimit": 0,
        "titleLimit": 0,
        "labelColor": TEXT_COLOUR,
        "titleColor": TEXT_COLOUR,
    },
    "header": {"labelFontSize": 22, "titleFontSize": 24, "labelColor": TEXT_COLOUR, "titleColor": TEXT_COLOUR},
    "title": {"fontSize": 32, "subtitleFontSize": 24, "anchor": "start", "offset": 18, "color": TEXT_COLOUR},
    "text": {"fontSize": 22, "color": TEXT_COLOUR},
    "point": {"size": 240},
    "line": {"strokeWidth": 4},
}
HIGH_CONTRAST_CONFIG: dict[str, Any] = {
    "background": "#FFFFFF",
    "axis": {
        "labelColor": "#000000",
        "titleColor": "#000000",
        "domainColor": "#000000",
        "tickColor": "#000000",
        "gridColor": HIGH_CONTRAST_GRID,
        "domainWidth": 2,
        "tickWidth": 2,
        "labelFontWeight": "bold",
    },
    "legend": {"labelColor": "#000000", "titleColor": "#000000", "labelFontWeight": "bold"},
    "title": {"color": "#000000"},
    "text": {"color": "#000000"},
    "view": {"stroke": "#000000"},
}


def _merged(base: Mapping[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in extra.items():
        out[key] = (
            _merged(out[key], value) if isinstance(value, Mapping) and isinstance(out.get(key), Mapping) else value
        )
    return out


def _enlarge_marks(node: Any, high_contrast: bool) -> None:
    """Scale the sizes a chart builder wrote on its marks (they override the config), in place."""
    if isinstance(node, list):
        for item in node:
            _enlarge_marks(item, high_contrast)
        return
    if not isinstance(node, dict):
        return
    mark = node.get("mark")
    if isinstance(mark, dict):
        for key, factor in (("fontSize", FONT_FACTOR), ("size", AREA_FACTOR), ("strokeWidth", STROKE_FACTOR)):
            if isinstance(mark.get(key), int | float):
                mark[key] = mark[key] * factor
        if mark.get("type") == "bar" and isinstance(mark.get("height"), int | float):
            mark["height"] = mark["height"] * STROKE_FACTOR
        if high_contrast and "opacity" in mark:
            mark["opacity"] = 1
    for key in ("layer", "hconcat", "vconcat", "concat", "spec"):
        if key in node:
            _enlarge_marks(node[key], high_contrast)


def presentation_spec(
    spec: Mapping[str, Any], *, high_contrast: bool = False, size: tuple[int, int] | None = None
) -> dict[str, Any]:
    """A projector variant of a Vega-Lite spec: labels ≥ 20 px, a larger title, larger marks, a white
    background; black text and stronger lines in high contrast. `size` (width, height) fits the whole
    chart, legends included, into that many pixels (for images); without it the chart fills its column."""
    out = copy.deepcopy(dict(spec))
    config = _merged(out.get("config", {}), LARGE_TYPE_CONFIG)
    if high_contrast:
        config = _merged(config, HIGH_CONTRAST_CONFIG)
    out["config"] = config
    _enlarge_marks(out, high_contrast)
    # A places map lays its labels out for the width it is drawn at, in its own type: tell it the type is larger.
    out["params"] = [
        {**param, "value": FONT_FACTOR} if param.get("name") == TYPE_SCALE_PARAM else param
        for param in out.get("params", [])
    ]
    if not out["params"]:
        del out["params"]
    # A title broken into lines as wide as the drawing holds at the projector's larger title type.
    if "title" in out:
        out["title"] = refitted_title(out["title"], LARGE_TYPE_CONFIG["title"]["fontSize"])
    if size is None:
        out["width"] = "container"
        out["height"] = SCREEN_CHART_HEIGHT
    else:
        out["width"], out["height"] = size
        out["autosize"] = {"type": "fit", "contains": "padding"}
    return out


@dataclass(frozen=True)
class Screen:
    """One idea on one screen. `takeaway` and `points` are plain text (escape them for markdown)."""

    slug: str
    title: str
    takeaway: str
    spec: dict[str, Any] | None
    data: pd.DataFrame
    sources: tuple[SourceRef, ...]
    file_stem: str
    points: tuple[str, ...] = field(default=())
    # The one caveat the audience must read (large on the screen, on the slide); the notes of the figures marked
    # NOTE_MARK are detail for whoever asks (behind a click on the screen, in the slide's notes).
    caveat: str = ""
    figure_notes: str = ""
    no_chart: str = ""

    @cached_property
    def _projector_specs(self) -> dict[bool, dict[str, Any]]:
        return {}

    def projector_spec(self, high_contrast: bool) -> dict[str, Any] | None:
        """The chart as the Briefing page draws it, made once per screen and contrast: screens live in a
        cached briefing, so stepping back and forth restyles and converts nothing."""
        if self.spec is None:
            return None
        specs = self._projector_specs
        if high_contrast not in specs:
            specs[high_contrast] = streamlit_ready(presentation_spec(self.spec, high_contrast=high_contrast))
        return specs[high_contrast]


@dataclass(frozen=True)
class Briefing:
    screens: Screens
    span: str
    story_mission: str
    # The language the screens are written in: the exports write their own words (headers, notes) in it too.
    lang: Language = ENGLISH

    def __len__(self) -> int:
        return len(self.screens)


def screen_position(raw: str | None, count: int, lang: Language = ENGLISH) -> tuple[int, str | None]:
    """The 0-based screen for a `?screen=` value (1-based), and a notice when the value cannot be used."""
    if raw is None or raw == "":
        return 0, None
    text = str(raw).strip()
    if text.isdigit() and 1 <= int(text) <= count:
        return int(text) - 1, None
    return 0, lang._(
        "There is no screen “{screen}” in this briefing (screens 1 to {count}); showing screen 1.",
        screen=text,
        count=lang.number(count),
    )


def position_label(index: int, count: int) -> str:
    return f"{index + 1} / {count}"


# ---- headline figures -------------------------------------------------------------------------------------


def tile_headers(lang: Language = ENGLISH) -> dict[str, str]:
    """The tiles' columns (Figure, What, Note) as the screen's table and its exports head them."""
    return {
        "Figure": lang.p_("briefing table", "Figure"),
        "What": lang.p_("briefing table", "What"),
        "Note": lang.p_("briefing table", "Note"),
    }


def headline_figures(view: Any, lang: Language = ENGLISH) -> pd.DataFrame:
    """The overview's four headline figures as rows: figure, what it is, when or where (text as shown). The columns
    keep their English names: the tiles chart draws them (`tile_headers` heads them in the viewer's language)."""
    missions = lang._("peacekeeping and special\npolitical missions")
    return pd.DataFrame(
        {
            "Figure": [view.total, view.donors, view.projects, view.allegations],
            "What": [
                lang._("Contributions reported"),
                lang._("Donor countries"),
                lang._("Projects of the Fund"),
                view.allegations_label,
            ],
            "Note": [
                # What the total counts goes with it onto the slide: "received\nas of 31 Dec 2018".
                f"{view.total_basis}\n{view.total_when}" if view.total_basis else view.total_when,
                view.donors_when,
                lang.n_("in {n} country", "in {n} countries", int(view.countries)),
                missions + (f"\n{NOTE_MARK} {view.allegations_note}" if view.allegations_note else ""),
            ],
        }
    )


def headline_chart(figures: pd.DataFrame, lang: Language = ENGLISH) -> alt.LayerChart | alt.FacetChart:
    """The headline figures as large-number tiles, so the screen and the slide show the same thing."""
    frame = figures.reset_index(drop=True).assign(column=lambda f: f.index)
    x = alt.X("column:O", axis=None, scale=alt.Scale(paddingInner=0.1))
    row = alt.Scale(domain=[1, 9])

    def line(y: float, text: str, size: int, colour: str, weight: Literal["normal", "bold"] = "normal") -> alt.Chart:
        return (
            alt.Chart()
            .mark_text(fontSize=size, fontWeight=weight, color=colour, baseline="middle", lineBreak="\n")
            .encode(x=x, y=alt.Y(datum=y, scale=row, axis=None), text=f"{text}:N")
        )

    chart = alt.layer(
        line(6.4, "Figure", 36, VALUE_COLOUR, "bold"),
        line(4.6, "What", 13, TEXT_COLOUR, "bold"),
        line(3.6, "Note", 10, NOTE_GREY),
        data=frame,
    )
    # A tile without a note (the reach tiles) is described without an empty "()".
    description = list_separator(lang).join(
        lang._("{what}: {figure} ({note})", what=w, figure=f, note=n)
        if n
        else lang._("{what}: {figure}", what=w, figure=f)
        for f, w, n in zip(figures["Figure"], figures["What"], figures["Note"], strict=True)
    )
    # No chart title: the screen's title says it, and on the slide the takeaway is the title.
    # The view's own property, not the config: the high-contrast config frames every other chart.
    return chart.properties(description=description.replace("\n", " "), view=alt.ViewBackground(stroke=None))


def _headline_screen(filters: Filters, overview: Any, project_sources: tuple, lang: Language = ENGLISH) -> Screen:
    figures = headline_figures(overview, lang)
    return Screen(
        slug="headline",
        title=lang._("The Trust Fund at a glance"),
        takeaway=overview.money_takeaway,
        spec=chart_spec(headline_chart(figures, lang)),
        data=figures.assign(Note=figures["Note"].str.replace("\n", " ")).rename(columns=tile_headers(lang)),
        sources=overview.kpi_sources + project_sources,
        file_stem=lang.p_("file name", "headline-figures_{span}", span=filters.span_slug),
        caveat=lang._("A figure no public source gives is shown as “not known”, never as zero."),
    )


# ---- what the Fund reports it has reached ------------------------------------------------------------------


def _wrapped(text: str, width: int = 22) -> str:
    return "\n".join(textwrap.wrap(text, width))


def reach_figures(view: PortfolioView) -> pd.DataFrame:
    """The Fund's portfolio figures in the selected years as tiles: figure, what it is, as of when."""
    # The portfolio table's first three columns are the figure's label, its value and its date, headed in the
    # viewer's language: read by place, not by an English header.
    labels, reported, when = (view.table.iloc[:, column].astype(str) for column in range(3))
    return pd.DataFrame(
        {
            # Five tiles side by side: the qualifier goes above its number ("over" / "43,000"), never apart from it.
            "Figure": [text.replace(" ", "\n", 1) if " " in text else text for text in reported],
            # The date under its label, in the same text: a separate line would collide with a long label.
            "What": [f"{_wrapped(label, 14)}\n({date})" for label, date in zip(labels, when, strict=True)],
            "Note": ["" for _ in when],
        }
    )


def _reach_screen(bundle: DataBundle, filters: Filters, lang: Language = ENGLISH) -> Screen:
    view = build_portfolio_view(bundle, filters, lang)
    title = lang._(PORTFOLIO_TITLE)
    if view.empty:
        file_stem = lang.p_("file name", "reach")
        return Screen("reach", title, view.takeaway, None, pd.DataFrame(), (), file_stem, no_chart=view.takeaway)
    figures = reach_figures(view)
    return Screen(
        slug="reach",
        title=title,
        takeaway=view.takeaway,
        spec=chart_spec(headline_chart(figures, lang)),
        data=figures.assign(**{c: figures[c].str.replace("\n", " ") for c in ("Figure", "What", "Note")}).rename(
            columns=tile_headers(lang)
        ),
        sources=view.sources,
        file_stem=lang.p_("file name", "fund-reported-reach_{span}", span=filters.span_slug),
        caveat=lang._(PORTFOLIO_NOT_FILTERED),
    )


# ---- contributions and allegations: the pages' own cards --------------------------------------------------


def figure_notes(shown: pd.DataFrame, series: str | None = None, lang: Language = ENGLISH) -> str:
    """The notes of the marked figures on the screen, year by year: a slide has no tooltip to open."""
    if shown.empty:
        return ""
    shown = shown.sort_values("year")
    label = shown["year"].astype(int).astype(str)
    if series is not None:
        label = label + " " + shown[series].astype(str).str.lower()
    return notes_text(shown, label, lang)


def _card_screen(
    slug: str,
    title: str,
    figure: FigureCard | None,
    no_chart: str,
    caveat: str = "",
    notes: str = "",
    file_stem: str = "",
    empty_file_stem: str = "",
) -> Screen:
    """A page's card as a screen; `file_stem` names its files in the viewer's language (the card's own name is
    English), `empty_file_stem` the files of the screen when there is no card."""
    if figure is None:
        stem = empty_file_stem or slug
        return Screen(slug, title, no_chart, None, pd.DataFrame(), (), stem, no_chart=no_chart, caveat=caveat)
    card = chart_card(figure)
    return Screen(
        slug=slug,
        title=title,
        takeaway=card.takeaway,
        spec=card.spec,
        data=card.data,
        sources=card.sources,
        file_stem=file_stem or card.file_stem,
        caveat=caveat,
        figure_notes=notes,
    )


# ---- projects on the map ----------------------------------------------------------------------------------


def list_separator(lang: Language = ENGLISH) -> str:
    """What separates the items of a list that already holds commas ('UN News 2020; AP 2019'): French puts a
    no-break space before the semicolon."""
    return lang.p_("list separator", "; ")


def country_name(iso3: Any, name: Any, lang: Language = ENGLISH) -> str:
    """A project's country as a label: as the data writes it in English, by its ISO code in another language
    (CLDR, with the UN's short names)."""
    if lang == ENGLISH or not isinstance(iso3, str) or not iso3:
        return str(name)
    return lang.country(iso3, str(name))


def places_table(
    points: pd.DataFrame, titles: Mapping[str, str], unplaced: pd.DataFrame, lang: Language = ENGLISH
) -> pd.DataFrame:
    """The map's places, then each project shown with no place with coordinates (its place 'not known')."""
    place, latitude, longitude, projects = (
        lang.p_("briefing table", "Place"),
        lang.p_("briefing table", "Latitude"),
        lang.p_("briefing table", "Longitude"),
        lang.p_("briefing table", "Projects"),
    )
    located = pd.DataFrame(
        {
            place: points["localities"],
            latitude: points["lat"],
            longitude: points["lon"],
            projects: points["project_ids"].map(lambda ids: "; ".join(titles.get(i, i) for i in ids)),
        }
    )
    without = pd.DataFrame(
        {
            place: [
                lang._("not known ({country})", country=country_name(iso3, country, lang))
                for iso3, country in zip(unplaced["country_iso3"], unplaced["country"], strict=True)
            ],
            latitude: None,
            longitude: None,
            projects: unplaced["title"],
        }
    )
    return pd.concat([located, without], ignore_index=True) if not without.empty else located


def map_takeaway(
    shown: int, countries: int, mapped_projects: int, places: int, unplaced: str = "", lang: Language = ENGLISH
) -> str:
    """The map in one sentence; `unplaced` says where the projects with no place are ('2 in Liberia, 1 in Haiti')."""
    in_countries = lang.n_("{n} country", "{n} countries", countries)
    if shown == 0:
        return lang.n_(
            "{n} project in {countries} matches the filters.",
            "{n} projects in {countries} match the filters.",
            shown,
            countries=in_countries,
        )
    mapped = lang.n_(
        "{n} of them has a place with coordinates, drawn as {points}",
        "{n} of them have a place with coordinates, drawn as {points}",
        mapped_projects,
        points=lang.n_("{n} point", "{n} points", places),
    )
    text = lang.n_(
        "{n} project in {countries} matches the filters; {mapped}.",
        "{n} projects in {countries} match the filters; {mapped}.",
        shown,
        countries=in_countries,
        mapped=mapped,
    )
    if mapped_projects < shown:
        others = shown - mapped_projects
        if unplaced:
            rest = lang.n_(
                "The other {n} has no place with coordinates in the data: {where}.",
                "The other {n} have no place with coordinates in the data: {where}.",
                others,
                where=unplaced,
            )
        else:
            rest = lang.n_(
                "The other {n} has no place with coordinates in the data.",
                "The other {n} have no place with coordinates in the data.",
                others,
            )
        text = f"{text} {rest}"  # two whole sentences
    return text


def unplaced_by_country(unplaced: pd.DataFrame, lang: Language = ENGLISH) -> str:
    """How many projects without a place each country has, in words: '2 in Liberia, 1 in Haiti'."""
    counts = unplaced.groupby(["country_iso3", "country"], sort=False, dropna=False).size()
    return ", ".join(
        lang._("{n} in {country}", n=lang.number(n), country=country_name(iso3, country, lang))
        for (iso3, country), n in zip(counts.index, counts, strict=True)
    )


def unplaced_labels(
    unplaced: pd.DataFrame, mapped_countries: Iterable[str], lang: Language = ENGLISH
) -> dict[str, str]:
    """A label for each country (ISO3) with a project shown but no point on the map: its name, and that no place of
    its projects has coordinates (the takeaway and the table say which projects and how many)."""
    without_point = unplaced[~unplaced["country_iso3"].isin(set(mapped_countries))]
    return {
        str(code): lang._("{country}\nno place known", country=country_name(code, rows["country"].iloc[0], lang))
        for code, rows in without_point.groupby("country_iso3", sort=True)
    }


def _map_screen(bundle: DataBundle, filters: Filters, projects: Any, lang: Language = ENGLISH) -> Screen:
    places = project_places(bundle, filters)
    points = place_points(places, lang)
    located = places.dropna(subset=["lat", "lon"])
    titles = dict(zip(bundle.projects["id"], bundle.projects["title"], strict=True))
    shown = bundle.projects[bundle.projects["id"].isin(projects.project_ids)]
    hosts = set(shown["country_iso3"].dropna())
    unplaced = shown[~shown["id"].isin(located["project_id"])]
    mapped_countries = shown.loc[shown["id"].isin(located["project_id"]), "country_iso3"]
    takeaway = map_takeaway(
        projects.shown,
        projects.countries,
        located["project_id"].nunique(),
        len(points),
        unplaced_by_country(unplaced, lang),
        lang=lang,
    )
    no_chart = lang._("No project matches the filters, so there is nothing to draw.")
    # Every country with a project is on the map, with or without a place: framed on the DRC's towns alone, the
    # map hid the other countries its sentence counted.
    return Screen(
        slug="projects-map",
        title=lang._("Where the Fund's projects are"),
        takeaway=takeaway,
        spec=None
        if shown.empty
        else places_map_spec(
            points,
            bundle.basemap,
            hosts,
            lang._("Project places"),
            unplaced=unplaced_labels(unplaced, mapped_countries, lang),
            framed_countries=hosts,
            lang=lang,
            layout_px=MAP_SCREEN_LAYOUT_PX,
        ),
        data=places_table(points, titles, unplaced, lang),
        sources=projects.kpi_sources,
        file_stem=lang.p_("file name", "project-places_{span}", span=filters.span_slug),
        caveat=lang._("Places are the towns the sources name; a project may work beyond them."),
        no_chart="" if not shown.empty else no_chart,
    )


# ---- a mission's story ------------------------------------------------------------------------------------


def mission_years(bundle: DataBundle, filters: Filters, acronym: str, years: Iterable[int]) -> pd.DataFrame:
    """One row per year the mission ran in the range: its preferred allegation count, or NA (not known)."""
    grid = mission_grid(bundle, replace(filters, missions=(acronym,)))
    rows = grid[grid["year"].isin(list(years))].sort_values("year").reset_index(drop=True)
    return rows[["year", "value", "qualifier", "display", "note", "alternatives"]]


def mission_years_chart(
    rows: pd.DataFrame, acronym: str, name: str, lang: Language = ENGLISH
) -> alt.LayerChart | alt.FacetChart:
    """Bars for the years with a sourced count, labelled with it; 'not known' written where no source gives one."""
    year = lang.p_("chart", "Year")
    x = alt.X("year:O", title=year, axis=alt.Axis(labelAngle=0))
    known = rows.dropna(subset=["value"])
    not_known = rows[rows["value"].isna()].assign(label=unknown(lang))
    bars = (
        alt.Chart(known)
        .mark_bar(color=VALUE_COLOUR)
        .encode(
            x=x,
            y=alt.Y("value:Q", title=lang._("Allegations (count)")),
            tooltip=[
                alt.Tooltip("year:O", title=year),
                alt.Tooltip("display:N", title=lang.p_("chart", "Allegations")),
                alt.Tooltip("note:N", title=lang.p_("chart", "Note")),
            ],
        )
    )
    values = (
        alt.Chart(known).mark_text(dy=-14, fontSize=11, color=TEXT_COLOUR).encode(x=x, y="value:Q", text="display:N")
    )
    gaps = (
        alt.Chart(not_known)
        .mark_text(angle=270, align="left", dx=6, fontSize=10, color=NOTE_GREY)
        .encode(x=x, y=alt.Y(datum=0, type="quantitative"), text="label:N")
    )
    return alt.layer(bars, values, gaps).properties(
        title=fitted_title(f"{name} ({acronym})"),
        description=lang._(
            "Bars of the allegations reported in {mission} per year; years written '{not_known}' have no sourced "
            "count, which is not zero.",
            mission=acronym,
            not_known=unknown(lang),
        ),
    )


def mission_takeaway(acronym: str, rows: pd.DataFrame, span_words: str, lang: Language = ENGLISH) -> str:
    known = rows.dropna(subset=["value"])
    if known.empty:
        return lang._(
            "No public source gives a yearly allegation count for {mission} in {span}: not known.",
            mission=acronym,
            span=span_words,
        )
    years = ", ".join(str(int(y)) for y in known["year"])
    return lang._(
        "{mission}: {latest} Years with a count: {years}.",
        mission=acronym,
        latest=latest_text(known, len(rows), span_words, "allegations", lang=lang),
        years=years,
    )


def story_project(project_ids: Sequence[str]) -> str | None:
    """The project told on the last screen: the featured Sake project when the mission has it, else its first."""
    if FEATURED_PROJECT in project_ids:
        return FEATURED_PROJECT
    return project_ids[0] if project_ids else None


def _years_drawn(rows: pd.DataFrame, otherwise: str) -> str:
    """The span of the years the mission's chart draws (the years it ran, within the filter): the takeaway said
    "in 2005–2024" over a chart of 2010–2024, and counted its years against the longer span."""
    if rows.empty:
        return otherwise
    low, high = int(rows["year"].min()), int(rows["year"].max())
    return str(low) if low == high else f"{low}–{high}"


def mission_year_headers(lang: Language = ENGLISH) -> dict[str, str]:
    """The mission screen's table columns as its exports head them (English keeps the data's own names)."""
    return {
        "year": lang.p_("briefing table", "year"),
        "value": lang.p_("briefing table", "value"),
        "qualifier": lang.p_("briefing table", "qualifier"),
        "display": lang.p_("briefing table", "display"),
        "note": lang.p_("briefing table", "note"),
        "alternatives": lang.p_("briefing table", "alternatives"),
    }


def _mission_screen(
    bundle: DataBundle, filters: Filters, acronym: str, detail: Any, lang: Language = ENGLISH
) -> Screen:
    if detail is None:
        text = lang._("{mission} is not a mission in the data.", mission=acronym)
        file_stem = lang.p_("file name", "mission_{span}", span=filters.span_slug)
        return Screen("mission", acronym, text, None, pd.DataFrame(), (), file_stem, no_chart=text)
    calendar = detail.allegations[detail.allegations["Period"] == "calendar year"]
    rows = mission_years(bundle, filters, acronym, calendar["Year"])
    raw = mission_allegation_rows(bundle, (acronym,))
    raw = raw[raw["year"].isin(rows.dropna(subset=["value"])["year"])]
    return Screen(
        slug="mission",
        title=lang._("{mission}: allegations per year", mission=acronym),
        takeaway=mission_takeaway(acronym, rows, _years_drawn(rows, filters.span_words), lang),
        spec=None
        if rows.empty
        else chart_spec(mission_years_chart(rows, acronym, mission_name(bundle.missions, acronym, lang), lang)),
        data=rows.assign(display=rows["display"].fillna(unknown(lang))).rename(columns=mission_year_headers(lang)),
        sources=sources_of(raw, bundle.sources),
        file_stem=lang.p_(
            "file name", "{mission}-allegations-by-year_{span}", mission=acronym.lower(), span=filters.span_slug
        ),
        caveat=lang._(NOT_VERIFIED_CAVEAT),
        figure_notes=figure_notes(rows.dropna(subset=["value"]), lang=lang),
        no_chart="" if not rows.empty else lang._("{mission} did not run in the selected years.", mission=acronym),
    )


def project_points(bundle: DataBundle, project_id: str, lang: Language = ENGLISH) -> tuple[str, ...]:
    """The project's facts as a presenter reads them out: plain text, each figure with its qualifier."""
    p = cast(pd.Series, bundle.projects.set_index("id").loc[project_id])  # ids are unique: one row
    benef = bundle.project_beneficiaries[bundle.project_beneficiaries["project_id"] == project_id]
    places = places_in(bundle.project_places[bundle.project_places["project_id"] == project_id], lang)
    not_known = unknown(lang)
    lines = [
        lang._(
            "Where: {places} ({country})",
            places=list_separator(lang).join(dict.fromkeys(places["locality"].astype(str))) or not_known,
            country=country_name(p["country_iso3"], p["country"], lang),
        ),
        lang._(
            "Run by: {entity}",
            entity=p["implementing_entity"] if pd.notna(p["implementing_entity"]) else not_known,
        ),
        lang._(
            "Started: {start}; ended: {end}",
            start=p["start_date"] if pd.notna(p["start_date"]) else not_known,
            end=p["end_date"] if pd.notna(p["end_date"]) else lang._(NO_END),
        ),
        lang._("Budget: {budget}", budget=budget_text(p["budget_usd"], p["budget_qualifier"], lang)),
        lang._("Status: {status}", status=status_text(p["status"], p["status_as_of"], lang)),
    ]
    if benef.empty:
        lines.append(lang._("People reached: {figure}", figure=not_known))
    else:
        lines.append(lang._("People reached, as each source counts them (never added up):"))
        notes = benef["note"].fillna("").str.split(";").str[0]
        lines += [
            f"• {text}" + (f" ({note})" if note and not note.startswith("source") else "")
            for text, note in zip(beneficiaries_text(benef, project_id, lang).split("; "), notes, strict=True)
        ]
    return tuple(lines)


def project_takeaway(title: str, services: str, start: Any, mission: str, lang: Language = ENGLISH) -> str:
    if pd.notna(start):
        return lang._(
            "{title} ({mission}, started {start}): {services}.",
            title=title,
            mission=mission,
            start=start,
            services=services,
        )
    return lang._(
        "{title} ({mission}, start date not known): {services}.", title=title, mission=mission, services=services
    )


def _project_screen(
    bundle: DataBundle, filters: Filters, acronym: str, project_id: str | None, lang: Language = ENGLISH
) -> Screen:
    detail = None if project_id is None else project_detail(bundle, project_id, lang)
    if project_id is None or detail is None:
        text = lang._("No project of the Fund tied to {mission} matches the filters.", mission=acronym)
        file_stem = lang.p_("file name", "project_{span}", span=filters.span_slug)
        return Screen("project", lang._("A project"), text, None, pd.DataFrame(), (), file_stem, no_chart=text)
    p = cast(pd.Series, bundle.projects.set_index("id").loc[project_id])  # ids are unique: one row
    places = bundle.project_places[bundle.project_places["project_id"] == project_id].assign(title=p["title"])
    points = place_points(places, lang)
    # The facts' two columns (field, value) and the beneficiaries' first two (number, who) are headed in the
    # viewer's language: read by place.
    field_header, value_header = detail.facts.columns[:2]
    number, who = (detail.beneficiaries.iloc[:, column].astype(str) for column in range(2))
    facts = pd.concat(
        [
            detail.facts,
            pd.DataFrame({field_header: lang._("Beneficiaries (as reported)"), value_header: number + " " + who}),
        ],
        ignore_index=True,
    ).rename(
        columns={field_header: lang.p_("briefing table", "Field"), value_header: lang.p_("briefing table", "Value")}
    )
    first_place = (
        places_in(places, lang)["locality"].iloc[0]
        if not places.empty
        else country_name(p["country_iso3"], p["country"], lang)
    )
    return Screen(
        slug="project",
        title=lang._("A {mission} project in {place}", mission=acronym, place=first_place),
        takeaway=project_takeaway(p["title"], services_text(p["services"], lang), p["start_date"], acronym, lang),
        spec=None
        if points.empty
        else places_map_spec(
            points,
            close_up_countries(),
            [p["country_iso3"]],
            lang._("Where the project works"),
            subtitle=place_distances(places, lang),
            scale_bar=True,
            lang=lang,
        ),
        data=facts,
        sources=detail.sources,
        file_stem=lang.p_("file name", "project-{project}", project=project_id.lower()),
        points=project_points(bundle, project_id, lang) + detail.flags,
        no_chart="" if not points.empty else lang._("No place of this project has coordinates in the data."),
    )


class Screens(Sequence["Screen"]):
    """The briefing's screens, each made when first shown: a presenter sees one at a time, and a new filter set
    made all six (charts and maps) before the first could be drawn. Exports read them all."""

    def __init__(self, makers: Sequence[Callable[[], Screen]]) -> None:
        self._makers = tuple(makers)
        # A briefing is cached and shared by sessions: each screen is made once, under a lock.
        self._made: MadeOnce[Screen] = MadeOnce()

    def __len__(self) -> int:
        return len(self._makers)

    @overload
    def __getitem__(self, index: int) -> Screen: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Screen, ...]: ...
    def __getitem__(self, index: int | slice) -> Screen | tuple[Screen, ...]:
        if isinstance(index, slice):
            return tuple(self[i] for i in range(len(self))[index])
        position = range(len(self))[index]
        return self._made.get(position, self._makers[position])

    def made(self, index: int) -> bool:
        """Whether screen `index` has been made already."""
        return index in self._made

    def prepare_neighbours(self, index: int, high_contrast: bool) -> None:
        """Make the screens before and after `index`, and their charts as the page draws them: called once the
        page has drawn screen `index`, while the room reads it, so an arrow key finds its screen ready (a screen's
        first making took 0.3-1.6 s: the contributions chart, the map of project places, the project's places)."""
        for neighbour in (index + 1, index - 1):
            if 0 <= neighbour < len(self):
                self[neighbour].projector_spec(high_contrast)


def build_briefing(
    bundle: DataBundle,
    filters: Filters,
    story_mission: str = DEFAULT_STORY_MISSION,
    views: PageViews | None = None,
    lang: Language = ENGLISH,
) -> Briefing:
    """The briefing's screens in `lang`, from the pages' views where the caller has them already built."""
    views = views or build_page_views(bundle, filters, lang)
    money, projects = views.money, views.projects
    overview = cache(lambda: build_overview_view(bundle, filters, views))
    # The mission's detail in English: the Briefing reads from it only codes (its calendar years, project ids) and
    # writes its own words.
    detail = cache(lambda: mission_detail(bundle, filters, story_mission))

    def project_screen() -> Screen:
        story = detail()
        project_id = story_project([pid for pid, _ in story.projects]) if story else None
        return _project_screen(bundle, filters, story_mission, project_id, lang)

    screens = Screens(
        [
            lambda: _headline_screen(filters, overview(), projects.kpi_sources, lang),
            lambda: _card_screen(
                "contributions",
                lang._("Contributions over time"),
                money.totals,
                lang._("No running total of contributions is reported for the selected years."),
                file_stem=lang.p_("file name", "trust-fund-totals_{span}", span=filters.span_slug),
                empty_file_stem=lang.p_("file name", "contributions"),
            ),
            lambda: _map_screen(bundle, filters, projects, lang),
            lambda: _card_screen(
                "allegations",
                lang._("Allegations, year by year"),
                overview().trend,
                lang._("No yearly total of allegations is known for the selected years."),
                caveat=lang._(NOT_VERIFIED_CAVEAT),
                notes=figure_notes(overview().trend.data, "series", lang) if overview().trend is not None else "",
                file_stem=lang.p_("file name", "allegations-by-year_{span}", span=filters.span_slug),
                empty_file_stem=lang.p_("file name", "allegations"),
            ),
            lambda: _mission_screen(bundle, filters, story_mission, detail(), lang),
            project_screen,
            lambda: _reach_screen(bundle, filters, lang),
        ]
    )
    return Briefing(screens=screens, span=filters.span_words, story_mission=story_mission, lang=lang)


def sources_plain(sources: Sequence[SourceRef]) -> list[str]:
    """Citations as plain text lines, for slide notes and spreadsheets."""
    lines = []
    for s in sources:
        parts = [s.title, s.publisher + (f", {s.date}" if s.date else ""), s.url]
        if s.locator:
            parts.append(s.locator)
        lines.append(" — ".join(parts))
    return lines


def sources_line(sources: Sequence[SourceRef], where: str, limit: int = 2, lang: Language = ENGLISH) -> str:
    """One short plain-text line for a screen or a slide: 'Sources: UN News 2020; AP 2019 and 5 more (where)'.
    The full citations, with their links, are listed elsewhere (`where` says where)."""
    if not sources:
        return lang._("Sources: none")
    names = list(dict.fromkeys(s.publisher + (f" {s.date[:4]}" if s.date else "") for s in sources))
    more = len(names) - limit
    shown = list_separator(lang).join(names[:limit])
    if more > 0:
        return lang.n_(
            "Sources: {names} and {n} more ({where})",
            "Sources: {names} and {n} more ({where})",
            more,
            names=shown,
            where=where,
        )
    return lang._("Sources: {names}", names=shown)
