"""The Mission map's figures (pure): which missions and project places are shown for the filters, each mission's
count (MISSION_MEASURE), the figures beside the map for one mission, and the same figures as a table. What the marks
look like (colours, sizes), the Vega-Lite specs and the pydeck decks are drawn from these in components/charts/maps.py.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace
from typing import cast

import pandas as pd

from components.data.bundle import DataBundle
from components.data.countries import cell_codes, country_names
from components.data.schema import PERIOD_LABELS
from components.figures.allegations import PERSONNEL_METHOD, mission_year_grid, preferred_allegations
from components.figures.citations import SourceRef, source_columns, sources_of
from components.figures.filters import Filters, in_selection, in_years
from components.figures.formatting import UNKNOWN, format_number
from components.figures.projects import filter_projects, places_in
from components.language.translation import ENGLISH, N_, Language

MISSION_TYPE_LABELS = {
    "peacekeeping": N_("Peacekeeping operation"),
    "special_political_mission": N_("Special political mission"),
    "support_office": N_("Support office"),
}


def mission_type_label(code: str, lang: Language = ENGLISH) -> str:
    """A mission type's label (a key of MISSION_TYPE_LABELS) in `lang`; the code itself for a type it lacks."""
    return lang._(MISSION_TYPE_LABELS[code]) if code in MISSION_TYPE_LABELS else code


# The words of schema.PERIOD_LABELS (the same English), marked here for the catalogue: the detail's table shows them.
PERIOD_WORDS = {"year": N_("calendar year"), "Jan-Jun": N_("January–June"), "Jul-Dec": N_("July–December")}


NO_COUNT = N_("no sourced count in these years")
CLICK_HINT = N_("Click to see its figures beside the map.")


PLACE_FIELD = "place"


def mission_name(missions: pd.DataFrame | pd.Series, acronym: str, lang: Language = ENGLISH) -> str:
    """A mission's full name in the viewer's language: in French its official French name where missions.csv gives
    one (with the source it was read in, `name_fr_source_id`), else the English name as the data writes it. Takes the
    missions table (looked up by `acronym`) or one of its rows; an acronym the table does not hold is returned as
    it is, since no name is known for it."""
    if isinstance(missions, pd.Series):
        row = missions
    else:
        found = missions[missions["acronym"] == acronym]
        if found.empty:
            return acronym
        row = found.iloc[0]
    english = _text(row.get("name")) or acronym
    if lang == ENGLISH:
        return english
    return _text(row.get(f"name_{lang.code}")) or english


def _text(value: object) -> str:
    """A cell's text; a missing cell (NaN, <NA>, None) is empty."""
    return value.strip() if isinstance(value, str) else ""


def active_years(missions: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """First and last year of each mission inside the year range (a partial date counts as its whole year);
    `active` is False for missions that ran entirely outside it."""
    low, high = filters.years
    start = pd.to_numeric(missions["start_date"].astype("string").str[:4]).fillna(low)
    # An interval end "2016-07/2017-09" may mean as late as its second date.
    end = pd.to_numeric(missions["end_date"].astype("string").str.split("/").str[-1].str[:4]).fillna(high)
    first, last = start.clip(lower=low), end.clip(upper=high)
    return pd.DataFrame({"first": first, "last": last, "active": first <= last}, index=missions.index)


def _per_mission_counts(rows: pd.DataFrame, missions: tuple[str, ...]) -> pd.DataFrame:
    """The rows of per-mission allegation counts (all personnel), of the given missions or all."""
    return rows[
        (rows["scope"] == "mission")
        & (rows["measure"] == "allegations")
        & rows["category"].isna()
        & in_selection(rows["mission"], missions)
    ]


def mission_allegation_rows(bundle: DataBundle, missions: tuple[str, ...] = ()) -> pd.DataFrame:
    """The source rows of per-mission allegation counts (all personnel), of the given missions or all."""
    return _per_mission_counts(bundle.allegations, missions)


def mission_grid(bundle: DataBundle, filters: Filters) -> pd.DataFrame:
    """Every mission with a per-mission count × every year in range, one preferred value per mission-year."""
    preferred = _per_mission_counts(bundle.derived(preferred_allegations), filters.missions)
    return mission_year_grid(preferred, filters)


# How missions are compared (Mission map, Overview glance, Briefing, the mission table): the count of one year, the
# latest with a sourced count in the selection. A sum over the years that happen to have a source measured how many
# years had one, and added mission reports to UN report figures; a mean would still mix them. The year is always
# shown beside the count, since it differs from mission to mission.
MISSION_MEASURE = N_("allegations in the latest year with a sourced count in the selected years")
MISSION_MEASURE_NOTE = N_(
    "Missions are compared by the count of one year each, the latest with a sourced count in the selected years; "
    "the year is given with it. Counts of different years are never added: sources cover different years for "
    "different missions, and some are the missions' own figures."
)


def mission_latest(grid: pd.DataFrame) -> pd.DataFrame:
    """Per mission with any known year in `grid`: MISSION_MEASURE (`latest_count`, `latest_year`, `latest_display`
    with its note mark, `latest_note`) and `years_known`, the mission-years known in the selection."""
    known = grid.dropna(subset=["value"]).sort_values(["mission", "year"])
    latest = known.groupby("mission").tail(1).set_index("mission")
    return pd.DataFrame(
        {
            "latest_count": latest["value"],
            "latest_year": latest["year"].astype("Int64"),
            "latest_display": latest["display"],
            "latest_note": latest["note"],
            "years_known": known.groupby("mission")["year"].nunique(),
        }
    )


def latest_text(known: pd.DataFrame, years: int, span_words: str, unit: str = "", lang: Language = ENGLISH) -> str:
    """A mission's MISSION_MEASURE in words, with the years known (`known`: its rows with a count, by year).
    `unit` "allegations" names what is counted after the figure (the Briefing's sentence); "" leaves it out."""
    latest = known.sort_values("year").iloc[-1]
    values = {"figure": latest["display"], "year": int(latest["year"]), "span": span_words}
    if unit:
        text = lang._("{figure} allegations in {year}, the latest year with a sourced count in {span}", **values)
    else:
        text = lang._("{figure} in {year}, the latest year with a sourced count in {span}", **values)
    if latest.get("note"):
        text = lang._("{text} (note: {note})", text=text, note=latest["note"])
    return lang.n_(
        "{text}; {n} of {years} has a sourced count, the others are not known. Counts of different years are not "
        "added up.",
        "{text}; {n} of {years} have a sourced count, the others are not known. Counts of different years are not "
        "added up.",
        len(known),
        text=text,
        years=lang.n_("{n} year", "{n} years", years),
    )


def host_name(iso3: str, basemap_names: dict[str, str], lang: Language = ENGLISH) -> str:
    """A host country's name: in English the basemap's, as the map has always written it ("Dem. Rep. Congo"); in
    another language CLDR's, by its code."""
    name = basemap_names.get(iso3, iso3)
    return name if lang == ENGLISH else lang.country(iso3, name)


def _in_countries(codes: pd.Series, countries: tuple[str, ...]) -> pd.Series:
    if not countries:
        return pd.Series(True, index=codes.index)
    return codes.fillna("").str.split(";").map(lambda cell: any(c in countries for c in cell))


def mission_points(
    bundle: DataBundle, filters: Filters, grid: pd.DataFrame | None = None, lang: Language = ENGLISH
) -> pd.DataFrame:
    """One row per mission on the map: active in the year range or with a sourced count in it, narrowed by the
    mission and country filters; with its allegations in the range, or 'not known' (charts.maps.drawn_missions
    adds how it is drawn). Words (labels, tooltips, country names) in `lang`.
    `grid` is `mission_grid(bundle, filters)` when the caller has it already."""
    counts = mission_latest(mission_grid(bundle, filters) if grid is None else grid)
    missions = bundle.missions
    span = active_years(missions, filters)
    keep = (
        (span["active"] | missions["acronym"].isin(counts.index))
        & in_selection(missions["acronym"], filters.missions)
        & _in_countries(missions["country_iso3"], filters.countries)
    )
    points = missions[keep].join(span[keep]).join(counts, on="acronym").reset_index(drop=True)
    names = country_names(bundle.basemap)
    known = points["latest_count"].notna()
    years_in_range = (points["last"] - points["first"] + 1).clip(lower=0)
    points["years_known"] = points["years_known"].fillna(0).astype(int)
    points["years_counted"] = [max(int(n), k) for n, k in zip(years_in_range, points["years_known"], strict=True)]
    points["type_label"] = points["type"].map(lambda t: mission_type_label(t, lang))
    points["countries"] = (
        points["country_iso3"]
        .fillna("")
        .str.split(";")
        .map(lambda codes: ", ".join(host_name(c, names, lang) for c in codes if c))
    )
    points["hq"] = points["hq_city"].astype("object").where(points["hq_city"].notna(), lang._(UNKNOWN))
    points["latest_note"] = points["latest_note"].fillna("")
    points["allegations_text"] = [
        lang._("{figure} in {year}", figure=d, year=int(y)) if ok else lang._(NO_COUNT)
        for ok, d, y in zip(known, points["latest_display"], points["latest_year"], strict=True)
    ]
    points["years_text"] = [
        lang._("{count} of {total}", count=lang.number(k), total=lang.number(n))
        for k, n in zip(points["years_known"], points["years_counted"], strict=True)
    ]
    span_text = filters.span_words
    # The mission's full name in the viewer's language (its official French name where the data has one).
    points["name_shown"] = [mission_name(row, row["acronym"], lang) for _, row in points.iterrows()]
    points["tooltip_title"] = points["acronym"] + " — " + points["name_shown"]
    points["tooltip_body"] = [
        "\n".join(
            [
                lang._("{type} · HQ {city}", type=label, city=hq),
                *(
                    [
                        lang._(
                            "Allegations in {year}, its latest year with a sourced count in {span}: {figure}",
                            year=int(y),
                            span=span_text,
                            figure=d,
                        ),
                        *([lang._("Note: {note}", note=note)] if note else []),
                        lang.n_(
                            "{n} of {years} in {span} has a sourced count; the others are not known",
                            "{n} of {years} in {span} have a sourced count; the others are not known",
                            k,
                            years=lang.n_("{n} year", "{n} years", n),
                            span=span_text,
                        ),
                    ]
                    if ok
                    else [lang._("Allegations {span}: not known — {reason}", span=span_text, reason=lang._(NO_COUNT))]
                ),
                lang._(CLICK_HINT),
            ]
        )
        for label, hq, ok, d, y, note, k, n in zip(
            points["type_label"],
            points["hq"],
            known,
            points["latest_display"],
            points["latest_year"],
            points["latest_note"],
            points["years_known"],
            points["years_counted"],
            strict=True,
        )
    ]
    return points


def place_points(places: pd.DataFrame, lang: Language = ENGLISH) -> pd.DataFrame:
    """One point per coordinate pair, naming every project there: several projects often share a town.

    `places` needs lat, lon and locality (named in `lang`: places_in); optional title and mission columns go into
    the tooltip (its words in `lang`)."""
    located = places_in(places, lang).dropna(subset=["lat", "lon"])
    columns = ["lat", "lon", "localities", "project_ids", "tooltip_title", "tooltip_body", PLACE_FIELD]
    if located.empty:
        return pd.DataFrame(columns=columns)
    missions = located.get("mission", pd.Series("", index=located.index))
    located = located.assign(
        title=located.get("title", ""),
        project_id=located.get("project_id", ""),
        mission=missions.astype("object").where(missions.notna(), lang._("none named")),
    )
    rows = []
    for (lat_key, lon_key), group in located.groupby(["lat", "lon"], sort=False):
        lat, lon = float(cast(float, lat_key)), float(cast(float, lon_key))
        localities = list(dict.fromkeys(group["locality"].astype(str)))
        projects = group.drop_duplicates(subset=["project_id", "title"])
        lines = [
            lang._("{title} (mission: {mission})", title=title, mission=mission) if mission else str(title)
            for title, mission in zip(projects["title"], projects["mission"], strict=True)
            if title
        ]
        rows.append(
            {
                "lat": float(lat),
                "lon": float(lon),
                "localities": "; ".join(localities),
                "project_ids": [str(p) for p in projects["project_id"] if p],
                "tooltip_title": lang._("Project place: {places}", places="; ".join(localities)),
                "tooltip_body": "\n".join(lines) if lines else "",
                # The place's key on the map: its coordinates, unique here.
                PLACE_FIELD: f"{float(lat)!r},{float(lon)!r}",
            }
        )
    return pd.DataFrame(rows, columns=columns)


def project_places(bundle: DataBundle, filters: Filters) -> pd.DataFrame:
    """The places of the projects the Projects page shows for these filters (unconfirmed ones only on request)."""
    projects = filter_projects(bundle.projects, filters).set_index("id")
    places = bundle.project_places[bundle.project_places["project_id"].isin(projects.index)]
    return places.assign(
        title=places["project_id"].map(projects["title"]), mission=places["project_id"].map(projects["mission"])
    )


@dataclass(frozen=True)
class MissionDetail:
    """The figures beside the map for one mission."""

    acronym: str
    name: str
    facts: str
    allegations_total: str
    allegations: pd.DataFrame
    personnel: pd.DataFrame
    projects: tuple[tuple[str, str], ...]
    projects_note: str
    sources: tuple[SourceRef, ...]


def mission_detail(
    bundle: DataBundle, filters: Filters, acronym: str, lang: Language = ENGLISH
) -> MissionDetail | None:
    """One mission's allegations per year in the range (with the source of each), personnel and projects; words
    and table headers in `lang`."""
    rows = bundle.missions[bundle.missions["acronym"] == acronym]
    if rows.empty:
        return None
    mission = rows.iloc[0]
    raw = mission_allegation_rows(bundle, (acronym,))
    raw = raw[in_years(raw["year"], filters)]
    own = _per_mission_counts(bundle.derived(preferred_allegations), (acronym,))
    own = own[in_years(own["year"], filters)].astype({"year": "int64"})
    annual = own[own["period"] == "year"]
    span = active_years(rows, filters).iloc[0]
    years = set(range(int(span["first"]), int(span["last"]) + 1)) | set(annual["year"])
    # Every year the mission ran in the range gets a row: a year without a source reads "not known".
    base = pd.DataFrame({"year": sorted(years), "period": "year"}, columns=["year", "period"]).astype({"year": "int64"})
    table = pd.concat([base.merge(annual, on=["year", "period"], how="left"), own[own["period"] != "year"]])
    table = table.assign(order=table["period"].map(list(PERIOD_LABELS).index)).sort_values(["year", "order"])
    allegations = pd.DataFrame(
        {
            lang._("Year"): table["year"].astype(int),
            lang._("Period"): table["period"].map(lambda period: lang._(PERIOD_WORDS[period])),
            lang._("Allegations"): table["display"].astype("object").fillna(lang._(UNKNOWN)),
            lang._("Note"): table["note"].astype("object").fillna(""),
            **source_columns(table["source_id"], bundle.sources),
            lang._("Sources giving it"): table["source_count"].fillna(0).astype(int),
            lang._("Other sources say"): table["alternatives"].astype("object").fillna(""),
        }
    ).reset_index(drop=True)
    total = (
        latest_text(annual, len(years), filters.span_words, lang=lang)
        if not annual.empty
        else lang._("not known: {reason}", reason=lang._(NO_COUNT))
    )

    staff = bundle.personnel[
        (bundle.personnel["mission"] == acronym)
        & (bundle.personnel["method"] == PERSONNEL_METHOD)
        & in_years(bundle.personnel["year"], filters)
    ].sort_values("year")
    personnel = pd.DataFrame(
        {
            lang._("Year"): staff["year"].astype(int),
            lang._("Uniformed personnel (yearly mean)"): staff["personnel"].map(lambda n: format_number(n, lang)),
            lang._("Note"): staff["note"].fillna(""),
            **source_columns(staff["source_id"], bundle.sources),
        }
    ).reset_index(drop=True)

    shown = filter_projects(bundle.projects, filters)
    shown = shown[shown["mission"] == acronym]
    unconfirmed = filter_projects(bundle.projects, replace(filters, include_unconfirmed=True))
    hidden = int((unconfirmed["mission"] == acronym).sum()) - len(shown)
    projects = tuple(
        (str(pid), _project_label(title, basis, link, lang))
        for pid, title, basis, link in zip(
            shown["id"], shown["title"], shown["mission_basis"], shown["trust_fund_link"], strict=True
        )
    )
    if projects:
        note = lang.n_(
            "{n} project of the Fund tied to {mission} matches the filters.",
            "{n} projects of the Fund tied to {mission} match the filters.",
            len(projects),
            mission=acronym,
        )
    else:
        note = lang._("No project tied to {mission} matches the filters.", mission=acronym)
    if hidden and not filters.include_unconfirmed:
        note += " " + lang.n_(
            "{n} more project whose link to the Fund no source confirms is hidden; switch them on in the sidebar.",
            "{n} more projects whose link to the Fund no source confirms are hidden; switch them on in the sidebar.",
            hidden,
        )

    ends = mission["end_date"] if not pd.isna(mission["end_date"]) else lang._("no end date in the data")
    starts = mission["start_date"] if not pd.isna(mission["start_date"]) else lang._(UNKNOWN)
    hq = mission["hq_city"] if not pd.isna(mission["hq_city"]) else lang._(UNKNOWN)
    names = country_names(bundle.basemap)
    hosts = ", ".join(host_name(c, names, lang) for c in cell_codes(mission["country_iso3"]))
    kind = mission_type_label(mission["type"], lang)
    return MissionDetail(
        acronym=acronym,
        name=mission_name(mission, acronym, lang),
        facts="\n".join(
            [
                lang._("{type} in {countries}", type=kind, countries=hosts),
                lang._("Headquarters: {city}", city=hq),
                lang._("From {start} to {end}", start=starts, end=ends),
            ]
        ),
        allegations_total=total,
        allegations=allegations,
        personnel=personnel,
        projects=projects,
        projects_note=note,
        sources=sources_of(raw, bundle.sources) + sources_of(staff, bundle.sources),
    )


def _project_label(title: object, basis: object, link: object, lang: Language = ENGLISH) -> str:
    """A project's title as the mission's list names it, with what is uncertain about its tie to the mission."""
    if basis == "context_only" and link != "confirmed":
        return lang._("{title} (mission named for context only) (link to the Fund not confirmed)", title=title)
    if basis == "context_only":
        return lang._("{title} (mission named for context only)", title=title)
    if link != "confirmed":
        return lang._("{title} (link to the Fund not confirmed)", title=title)
    return str(title)


def mission_table(points: pd.DataFrame, project_counts: pd.Series, lang: Language = ENGLISH) -> pd.DataFrame:
    """The figures on the map as a table, for screen readers and for reading exact values. The first column,
    "Mission", is the same word in both languages: a selected row is read from it."""
    return pd.DataFrame(
        {
            "Mission": points["acronym"],
            lang._("Allegations, latest sourced year"): points["latest_display"]
            .astype("object")
            .fillna(lang._(UNKNOWN)),
            # Text, so a mission with no count shows an empty cell, not the grid's "None".
            lang._("That year"): points["latest_year"].astype("string").fillna(""),
            lang._("Note"): points["latest_note"],
            lang._("Years with a sourced count"): points["years_text"],
            lang._("Projects"): points["acronym"].map(project_counts).fillna(0).astype(int),
            lang._("Type"): points["type_label"],
            lang._("Host countries"): points["countries"],
            lang._("HQ"): points["hq"],
            lang._("Name"): points["name_shown"],
        }
    )


# Above this many missions the Mission map's chooser lists only those a search matches: Streamlit's selectbox draws
# every option on every rerun (about 0.9 s in the browser with 4,899 missions; bench/README.md, fourth pass).
CHOOSER_MAX_OPTIONS = 100


@dataclass(frozen=True)
class ChooserOptions:
    """The missions the chooser lists, and how many more match the search but are left out (`more`)."""

    missions: tuple[str, ...]
    more: int


def _folded(text: str) -> str:
    """`text` for a search: case and accents dropped, so "cote" finds "Côte"."""
    return "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))


def mission_search_words(points: pd.DataFrame) -> dict[str, str]:
    """Each mission's words a search looks in (acronym, English name, French name where the data has one, the
    name shown), case and accents dropped, by acronym."""
    columns = [c for c in ("acronym", "name", "name_fr", "name_shown") if c in points.columns]
    return {
        str(row["acronym"]): _folded(" ".join(_text(row[c]) for c in columns)) for _, row in points[columns].iterrows()
    }


def chooser_options(
    words: dict[str, str], query: str, chosen: str | None, limit: int = CHOOSER_MAX_OPTIONS
) -> ChooserOptions:
    """The missions (acronyms, in order) whose words hold every word of `query`, at most `limit` of them, with the
    `chosen` mission always among them (it comes from a link, a click on the map or the table) when it is one of
    `words`. An empty query matches every mission."""
    terms = _folded(query).split()
    matches = sorted(acronym for acronym, text in words.items() if all(term in text for term in terms))
    listed = matches[:limit]
    if chosen in words and chosen not in listed:
        listed = sorted([*listed, chosen])
    return ChooserOptions(tuple(listed), len(matches) - len(matches[:limit]))
