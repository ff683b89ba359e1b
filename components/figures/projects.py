"""Project figures (pure): the filtered portfolio, its table, timeline, services and one project's detail."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

import pandas as pd

from components.data.bundle import DataBundle
from components.data.once import MadeOnce
from components.data.schema import partial_date_start
from components.figures.cards import FigureCard
from components.figures.citations import SourceRef, resolve_sources, short_citation_markdown, source_columns
from components.figures.filters import STATUSES_KEY, Filters, code_label, in_selection, service_label
from components.figures.formatting import (
    UNKNOWN,
    escape_markdown,
    format_figure,
    format_number,
    format_sum,
    sum_qualifier,
)
from components.language.translation import ENGLISH, N_, Language

LINK_LABELS = {
    "confirmed": N_("Confirmed by a source"),
    "not_explicit": N_("Link to the Fund not confirmed by a source"),
}
NO_END = N_("end date not known")
NO_COORDINATES = N_("no coordinates in the gazetteer")
ON_THE_MAP = N_("on the map")
# Headers of the detail's table of beneficiaries: its columns keep these English names (the Briefing reads them),
# and the page shows them translated (`shown_headers`).
BENEFICIARY_HEADERS = {"Number": N_("Number"), "Who": N_("Who"), "Note": N_("Note")}


def status_label(code: str, lang: Language = ENGLISH) -> str:
    """A project status as the sidebar's status filter names it."""
    return code_label(STATUSES_KEY, code, lang)


def link_label(code: str, lang: Language = ENGLISH) -> str:
    """How a project's tie to the Fund (a `trust_fund_link` code) reads."""
    return lang._(LINK_LABELS[code])


def shown_headers(frame: pd.DataFrame, headers: dict[str, str], lang: Language = ENGLISH) -> pd.DataFrame:
    """`frame` with the columns named in `headers` renamed to their label in `lang`."""
    return frame.rename(columns={key: lang._(label) for key, label in headers.items()})


def _known(value: Any) -> bool:
    return value is not None and not (not isinstance(value, tuple) and pd.isna(value))


def _text(value: object, unknown: str = UNKNOWN, lang: Language = ENGLISH) -> str:
    """A data value as written, or the (translated) `unknown` words where there is none."""
    return str(value) if _known(value) else lang._(unknown)


def country_text(iso3: object, name: object, lang: Language = ENGLISH) -> str:
    """A project's country: in English as the data writes it; in another language CLDR's name, by its code."""
    if lang == ENGLISH or not _known(iso3):
        return str(name)
    return lang.country(str(iso3), str(name))


def places_in(places: pd.DataFrame, lang: Language = ENGLISH) -> pd.DataFrame:
    """Project places (a bundle's project_places rows) with their locality and area in `lang`: in French the
    `locality_fr` and `admin_area_fr` projects.yaml gives ("Bujovu (quartier de Goma)"), the English as written where
    it gives none, as a scopes.csv label falls back to its English."""
    if lang.code == ENGLISH.code:
        return places
    words = {}
    for column in ("locality", "admin_area"):
        translated = f"{column}_{lang.code}"
        if translated in places:
            given = places[translated].notna() & (places[translated].astype("string").str.strip() != "")
            words[column] = places[translated].where(given, places[column])
    return places.assign(**words)


def filter_projects(projects: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """Projects matching the filters; a project with no known start stays in any year range."""
    keep = (
        in_selection(projects["mission"].fillna(""), filters.missions)
        & in_selection(projects["country_iso3"], filters.countries)
        & in_selection(projects["status"].fillna(""), filters.statuses)
    )
    if filters.services:
        keep &= projects["services"].map(lambda s: any(x in s for x in filters.services))
    if not filters.include_unconfirmed:
        keep &= projects["trust_fund_link"] == "confirmed"
    start_years = pd.to_numeric(projects["start_date"].str[:4])
    keep &= start_years.isna() | start_years.between(*filters.years)
    return projects[keep]


def host_country_missions(missions: pd.DataFrame, chosen: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """The host countries of the chosen missions (ISO3), each with the chosen missions it hosts."""
    hosts: dict[str, tuple[str, ...]] = {}
    for acronym, countries in zip(missions["acronym"], missions["country_iso3"], strict=True):
        if acronym in chosen and _known(countries):
            for iso3 in str(countries).split(";"):
                hosts[iso3] = (*hosts.get(iso3, ()), acronym)
    return hosts


def in_host_country_text(missions: tuple[str, ...], lang: Language = ENGLISH) -> str:
    """How a project with no mission named is marked when a mission filter finds it by its host country."""
    return lang.n_(
        "in {missions}'s host country; no source names the mission",
        "in the host country of {missions}; no source names the mission",
        len(missions),
        missions=lang.list(list(missions)),
    )


def host_country_projects(projects: pd.DataFrame, missions: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """Projects with no mission named, in a chosen mission's host country, that the other filters keep: a mission
    filter finds them too (marked), or a Central African Republic project never appears under MINUSCA."""
    if not filters.missions:
        return projects.iloc[0:0]
    hosts = host_country_missions(missions, filters.missions)
    others = filter_projects(projects, replace(filters, missions=()))
    return others[others["mission"].isna() & others["country_iso3"].isin(list(hosts))]


def mission_text(mission: object, basis: object, lang: Language = ENGLISH) -> str:
    if not _known(mission):
        return lang._("none named")
    return lang._("{mission} (context only)", mission=mission) if basis == "context_only" else str(mission)


def status_text(status: object, as_of: object, lang: Language = ENGLISH) -> str:
    if not _known(status):
        return lang._(UNKNOWN)
    label = status_label(str(status), lang)
    # `as_of` is data, as its source dates it ("2019-11", or a phrase): written as is.
    return lang._("{status} (as of {date})", status=label, date=as_of) if _known(as_of) else label


def budget_text(budget: Any, qualifier: Any, lang: Language = ENGLISH) -> str:
    return format_figure(budget, qualifier if _known(qualifier) else "exact", "usd", lang=lang)


def _partners_text(partners: tuple[str, ...], lang: Language = ENGLISH) -> str:
    return "; ".join(partners) or lang._(UNKNOWN)


def run_by_text(entity: object, partners: tuple[str, ...], lang: Language = ENGLISH) -> str:
    """Who runs a project, in one cell: the implementing entity, then its partners."""
    return lang._(
        "{entity}; partners: {partners}", entity=_text(entity, lang=lang), partners=_partners_text(partners, lang)
    )


def services_text(services: tuple[str, ...], lang: Language = ENGLISH) -> str:
    return ", ".join(service_label(s, lang) for s in services) or lang._(UNKNOWN)


def link_text(link: str, duplicate_of: object, lang: Language = ENGLISH) -> str:
    """How the table marks a project's tie to the Fund, and a record that may repeat another."""
    label = lang._(LINK_LABELS[link])
    if not _known(duplicate_of):
        return label
    return lang._("{link}; possible duplicate of {record}", link=label, record=duplicate_of)


def beneficiaries_text(beneficiaries: pd.DataFrame, project_id: str, lang: Language = ENGLISH) -> str:
    """Every reported number with its qualifier and who it counts; never added up (they count different people).
    Who it counts is data, as the source words it."""
    rows = beneficiaries[beneficiaries["project_id"] == project_id]
    if rows.empty:
        return lang._(UNKNOWN)
    return "; ".join(
        f"{format_figure(c, q, lang=lang)} {k}"
        for c, q, k in zip(rows["count"], rows["qualifier"], rows["kind"], strict=True)
    )


# The projects table's columns (English keys) and their labels: the table's columns are the labels in its language,
# so what the table and its CSV show is in the viewer's language.
PROJECT_TABLE_HEADERS = {
    "Project": N_("Project"),
    "Country": N_("Country"),
    "Mission": N_("Mission"),
    "Implementing entity": N_("Implementing entity"),
    "Partners": N_("Partners"),
    "Run by": N_("Run by"),
    "Services": N_("Services"),
    "Status": N_("Status"),
    "Budget": N_("Budget"),
    "Beneficiaries": N_("Beneficiaries"),
    "Fund link": N_("Fund link"),
}


def project_table(
    projects: pd.DataFrame,
    beneficiaries: pd.DataFrame,
    host_marks: dict[str, str] | None = None,
    lang: Language = ENGLISH,
) -> pd.DataFrame:
    """One row per project as the table shows it; `id` links a row to its detail. `host_marks` replaces the
    Mission cell of projects found only through a chosen mission's host country. Cells and column names (the
    labels of PROJECT_TABLE_HEADERS) are in `lang`."""
    marks = host_marks or {}
    table = pd.DataFrame(
        {
            "id": projects["id"],
            "Project": projects["title"],
            "Country": [
                country_text(c, n, lang) for c, n in zip(projects["country_iso3"], projects["country"], strict=True)
            ],
            "Mission": [
                marks.get(i, mission_text(m, b, lang))
                for i, m, b in zip(projects["id"], projects["mission"], projects["mission_basis"], strict=True)
            ],
            "Implementing entity": projects["implementing_entity"].map(lambda e: _text(e, lang=lang)),
            "Partners": projects["partners"].map(lambda p: _partners_text(p, lang)),
            "Run by": [
                run_by_text(e, p, lang)
                for e, p in zip(projects["implementing_entity"], projects["partners"], strict=True)
            ],
            "Services": projects["services"].map(lambda s: services_text(s, lang)),
            "Status": [
                status_text(s, d, lang) for s, d in zip(projects["status"], projects["status_as_of"], strict=True)
            ],
            "Budget": [
                budget_text(b, q, lang)
                for b, q in zip(projects["budget_usd"], projects["budget_qualifier"], strict=True)
            ],
            "Beneficiaries": [beneficiaries_text(beneficiaries, i, lang) for i in projects["id"]],
            "Fund link": [
                link_text(link, dup, lang)
                for link, dup in zip(projects["trust_fund_link"], projects["possible_duplicate_of"], strict=True)
            ],
        }
    ).reset_index(drop=True)
    return shown_headers(table, PROJECT_TABLE_HEADERS, lang)


# The table's columns, in the order shown: what a programme officer scans first comes first, the Fund link among it,
# so an unconfirmed or duplicate record is marked at a glance.
TABLE_COLUMNS = (
    "Project",
    "Mission",
    "Country",
    "Status",
    "Fund link",
    "Run by",
    "Services",
    "Budget",
    "Beneficiaries",
)
# What a project's card lists under its name, from the table's own cells (the card and the table never disagree).
CARD_FIELDS = ("Status", "Run by", "Services", "Budget", "Beneficiaries", "Fund link")
CARD_SOURCES_SHOWN = 2
# A phone scrolls through cards one by one: past this many, narrowing the filters is quicker (and a page of
# thousands of cards, at 100x data, is slow to draw).
CARDS_SHOWN = 25


def project_cards(
    table: pd.DataFrame, projects: pd.DataFrame, sources: pd.DataFrame, lang: Language = ENGLISH
) -> tuple[str, ...]:
    """One card per row of `table` (project_table, its headers in `lang`), in markdown with the data escaped, for a
    screen too narrow for the table: the name, its mission and country, each of CARD_FIELDS, and its first sources,
    linked."""
    cited = dict(zip(projects["id"], projects["source_ids"], strict=True))
    header = {key: lang._(label) for key, label in PROJECT_TABLE_HEADERS.items()}
    cards = []
    for row in table.to_dict("records"):
        refs = resolve_sources(sources, [(source_id, None) for source_id in cited.get(row["id"], ())])
        links = "; ".join(short_citation_markdown(ref) for ref in refs[:CARD_SOURCES_SHOWN]) or lang._("none listed")
        if len(refs) > CARD_SOURCES_SHOWN:
            links += " " + lang._("and {n} more (open the project)", n=lang.number(len(refs) - CARD_SOURCES_SHOWN))
        lines = [
            f"**{escape_markdown(row[header['Project']])}**",
            lang._(
                "**Mission:** {mission} · **Country:** {country}",
                mission=escape_markdown(str(row[header["Mission"]])),
                country=escape_markdown(str(row[header["Country"]])),
            ),
            *(
                lang._("**{field}:** {value}", field=header[name], value=escape_markdown(str(row[header[name]])))
                for name in CARD_FIELDS
            ),
            lang._("**Sources:** {links}", links=links),
        ]
        cards.append("  \n".join(lines))
    return tuple(cards)


# The orders the table (and the phone's cards) can be sorted in, by the code the link keeps (the same in either
# language). Each label says its direction; a project whose value no source gives comes last, never as zero.
SORT_KEY = "sort"
DATA_ORDER = "data"
SORT_ORDERS = {
    DATA_ORDER: N_("Order of the data file"),
    "mission": N_("Mission (A to Z)"),
    "country": N_("Country (A to Z)"),
    "start": N_("Start date (latest first)"),
    "budget": N_("Known budget (largest first)"),
    "beneficiaries": N_("Largest beneficiary figure first"),
    "status": N_("Status (ongoing, planned, completed)"),
}
STATUS_ORDER = ("ongoing", "planned", "completed")


def _alphabetical(text: object) -> object:
    """A word's sort key: accents and case aside, so « Équateur » sorts with E and not after Z; no word stays NA."""
    if not _known(text):
        return pd.NA
    return "".join(c for c in unicodedata.normalize("NFKD", str(text)) if not unicodedata.combining(c)).casefold()


def _start_sort_key(start: object) -> object:
    """A start date (as precise as its source) as the negated day number of its first day, so the latest sorts
    first."""
    return -partial_date_start(str(start)).toordinal() if _known(start) else pd.NA


def project_order(
    projects: pd.DataFrame, beneficiaries: pd.DataFrame, order: str, lang: Language = ENGLISH
) -> list[int]:
    """The positions of `projects`' rows in `order` (a SORT_ORDERS code; an unknown code is the data's order).
    Projects whose value is not known come last; ties, and the unknown, keep the data's order. Beneficiary figures
    count different people and are never added up: a project sorts by the largest one a source gives. A budget or
    a figure sorts by its number as written ("over 500" as 500)."""
    if order == "mission":
        keys = projects["mission"].map(_alphabetical)
    elif order == "country":
        keys = pd.Series(
            [
                _alphabetical(country_text(c, n, lang))
                for c, n in zip(projects["country_iso3"], projects["country"], strict=True)
            ],
            index=projects.index,
        )
    elif order == "start":
        keys = projects["start_date"].map(_start_sort_key)
    elif order == "budget":
        keys = -pd.to_numeric(projects["budget_usd"])
    elif order == "beneficiaries":
        largest = beneficiaries.groupby("project_id")["count"].max()
        keys = -pd.to_numeric(projects["id"].map(largest))
    elif order == "status":
        keys = projects["status"].map(lambda s: STATUS_ORDER.index(s) if s in STATUS_ORDER else pd.NA)
    else:
        return list(range(len(projects)))
    frame = pd.DataFrame({"key": list(keys), "position": range(len(projects))})
    known = frame[frame["key"].notna()].sort_values("key", kind="stable")
    return [*known["position"], *frame.loc[frame["key"].isna(), "position"]]


@dataclass(frozen=True)
class ProjectRows:
    """The projects table as the page shows it, its columns in TABLE_COLUMNS' order, and the first CARDS_SHOWN of
    its rows as cards for phones, both in one order."""

    table: pd.DataFrame
    cards: tuple[str, ...]


def gantt_frame(projects: pd.DataFrame, lang: Language = ENGLISH) -> pd.DataFrame:
    """One row per project with a known start: from the start to its end if a source gives one, else to the
    last date a source shows the project. No end is ever inferred. Words (status, link, no end) in `lang`."""
    columns = ["project", "id", "start", "bar_end", "start_text", "last_text", "end_text", "status", "fund_link"]
    rows = []
    for _, p in projects[projects["start_date"].notna()].iterrows():
        start = partial_date_start(str(p["start_date"]))
        last = partial_date_start(str(p["status_as_of"])) if _known(p["status_as_of"]) else start
        end = partial_date_start(str(p["end_date"])) if _known(p["end_date"]) else None
        rows.append(
            {
                # Whole: the timeline wraps a name onto lines (a name cut at 60 characters ended in "…").
                "project": p["title"],
                "id": p["id"],
                "start": pd.Timestamp(start),
                "bar_end": pd.Timestamp(max(start, end or last)),
                "start_text": str(p["start_date"]),
                "last_text": _text(p["status_as_of"], lang=lang),
                "end_text": _text(p["end_date"], NO_END, lang),
                "status": status_label(str(p["status"]), lang) if _known(p["status"]) else lang._(UNKNOWN),
                "fund_link": link_label(p["trust_fund_link"], lang),
            }
        )
    frame = pd.DataFrame(rows, columns=columns).sort_values("start", kind="stable").reset_index(drop=True)
    # Two projects of one title would share a row; the id keeps their rows apart.
    clash = frame["project"].duplicated(keep=False)
    frame.loc[clash, "project"] = frame.loc[clash, "project"] + " (" + frame.loc[clash, "id"] + ")"
    return frame


MAX_TIMELINE_PROJECTS = 40


def timeline_rows(gantt: pd.DataFrame) -> pd.DataFrame:
    """The projects that started most recently, at most MAX_TIMELINE_PROJECTS: a timeline of more bars is too
    tall to read (the table and the CSV keep every project)."""
    return gantt.tail(MAX_TIMELINE_PROJECTS)


def timeline_takeaway(
    gantt: pd.DataFrame, shown: int, lang: Language = ENGLISH, titles: dict[str, str] | None = None
) -> str:
    """One line for under the timeline, as plain text: the chart card escapes it for markdown (escaped here too,
    a title's "at-risk" showed as "at\\-risk"). `gantt` is gantt_frame's, in the same `lang`; `titles` (by id), where
    given, name the earliest project in full, not cut as its bar is."""
    if gantt.empty:
        return lang.n_(
            "None of the {n} project shown has a known start date, so none can be placed on a timeline.",
            "None of the {n} projects shown has a known start date, so none can be placed on a timeline.",
            shown,
        )
    first = gantt.iloc[0]
    ended = int((gantt["end_text"] != lang._(NO_END)).sum())
    ends = (
        lang._(
            "No source gives an end date for any of them, so each bar stops at the last date a source reports "
            "the project."
        )
        if ended == 0
        else lang.n_(
            "{n} of them has an end date from a source; the other bars stop at the last date a source reports "
            "the project.",
            "{n} of them have an end date from a source; the other bars stop at the last date a source reports "
            "the project.",
            ended,
        )
    )
    charted = len(timeline_rows(gantt))
    cap = (
        " "
        + lang._(
            "The timeline draws the {count} that started most recently; the table lists every project.",
            count=lang.number(charted),
        )
        if charted < len(gantt)
        else ""
    )
    known = lang.n_(
        "{n} of {shown} has a known start; the earliest is {title}, started {start}.",
        "{n} of {shown} have a known start; the earliest is {title}, started {start}.",
        len(gantt),
        shown=lang.n_("{n} project shown", "{n} projects shown", shown),
        title=(titles or {}).get(first["id"], first["project"]),
        start=first["start_text"],
    )
    return f"{known} {ends}{cap}"


def services_by_country(projects: pd.DataFrame, lang: Language = ENGLISH) -> pd.DataFrame:
    """Number of projects offering each service in each country (projects, not people); service and country
    names in `lang`."""
    exploded = projects[["id", "country_iso3", "country", "services"]].explode("services").dropna(subset=["services"])
    exploded = exploded.assign(
        country=[country_text(c, n, lang) for c, n in zip(exploded["country_iso3"], exploded["country"], strict=True)]
    )
    counts = exploded.groupby(["country", "services"]).size().rename("projects").reset_index()
    return (
        counts.assign(service=counts["services"].map(lambda code: service_label(code, lang)))
        .drop(columns="services")[["country", "service", "projects"]]
        .sort_values(["service", "country"])
        .reset_index(drop=True)
    )


def services_takeaway(counts: pd.DataFrame, projects: pd.DataFrame, lang: Language = ENGLISH) -> str:
    """The takeaway under the services chart; `counts` is services_by_country's, in the same `lang`."""
    totals = counts.groupby("service")["projects"].sum()
    top = int(totals.max())
    leaders = sorted(totals[totals == top].index)
    shown = lang.n_("{n} project shown", "{n} projects shown", len(projects))
    silent = int((projects["services"].map(len) == 0).sum())
    if len(leaders) == 1:
        lead = lang._(
            "The most common service is {service}, offered by {top} of {shown}",
            service=leaders[0],
            top=lang.number(top),
            shown=shown,
        )
    else:
        lead = lang._(
            "The most common services are {services}, each offered by {top} of {shown}",
            services=lang.list(leaders),
            top=lang.number(top),
            shown=shown,
        )
    if not silent:
        return lang._("{sentence}.", sentence=lead)
    return lang.n_(
        "{sentence}; {n} project lists no service.", "{sentence}; {n} projects list no service.", silent, sentence=lead
    )


def budget_coverage(total: str, with_budget: int, shown: int, lang: Language = ENGLISH) -> str:
    """The known budgets in words, with how many projects have one ("$175,000 across 1 of 1 project with a public
    budget"); when none has, that is said instead of summing nothing."""
    if with_budget == 0:
        return (
            lang._("no public budget for the project shown")
            if shown == 1
            else lang._("no public budget for any of the {count} projects shown", count=lang.number(shown))
        )
    return lang.n_(
        "{total} across {with_budget} of {n} project with a public budget",
        "{total} across {with_budget} of {n} projects with a public budget",
        shown,
        total=total,
        with_budget=lang.number(with_budget),
    )


def known_budget_sum(budgets: pd.Series, qualifiers: pd.Series, lang: Language = ENGLISH) -> str:
    """The sum of the budgets that are public, with the qualifier the sum inherits; 'not known' if none is."""
    if budgets.empty:
        return lang._(UNKNOWN)
    return format_sum(float(budgets.sum()), sum_qualifier(qualifiers.fillna("exact")), "usd", lang=lang)


def facts_markdown(facts: pd.DataFrame, lang: Language = ENGLISH) -> str:
    """The detail's fields as a list: long values wrap, where a table cell cut them short. Values are escaped."""
    return "\n".join(
        lang._("- **{field}:** {value}", field=field, value=escape_markdown(value))
        for field, value in zip(*facts.T.values, strict=True)
    )


@dataclass(frozen=True)
class ProjectDetail:
    id: str
    title: str
    description: str
    flags: tuple[str, ...]
    facts: pd.DataFrame
    beneficiaries: pd.DataFrame
    places: pd.DataFrame
    mapped_places: int
    conflicts: tuple[str, ...]
    notes: tuple[str, ...]
    sources: tuple[SourceRef, ...]


def project_flags(bundle: DataBundle, p: pd.Series, lang: Language = ENGLISH) -> tuple[str, ...]:
    """What a reader must know before trusting the record: an unconfirmed link, a possible duplicate, a mission
    placed by context."""
    titles = bundle.projects.set_index("id")["title"]
    flags = []
    if p["trust_fund_link"] != "confirmed":
        flags.append(
            lang._(
                "{link}: the sources name the mission, not the Trust Fund.",
                link=link_label(p["trust_fund_link"], lang),
            )
        )
    if _known(p["possible_duplicate_of"]):
        other = p["possible_duplicate_of"]
        flags.append(
            lang._(
                "Possible duplicate: this record may describe the same project as {title}.",
                title=titles.get(other, other),
            )
        )
    if p["mission_basis"] == "context_only":
        flags.append(
            lang._(
                "Mission shown for context only: no source on this project names {mission}; it is the mission the "
                "sources' context points to.",
                mission=p["mission"],
            )
        )
    return tuple(flags)


# The detail's fields, in the order shown.
FACT_LABELS = {
    "id": N_("Record id"),
    "country": N_("Country"),
    "mission": N_("Mission"),
    "implementing_entity": N_("Implementing entity"),
    "partners": N_("Partners"),
    "start_date": N_("Started"),
    "end_date": N_("Ended"),
    "dates_note": N_("About the dates"),
    "budget": N_("Budget"),
    "services": N_("Services"),
    "status": N_("Status"),
    "trust_fund_link": N_("Link to the Fund"),
    "possible_duplicate_of": N_("Possible duplicate of"),
    "related_records": N_("Related records"),
}
PLACE_HEADERS = {
    "Place": N_("Place"),
    "Area": N_("Area"),
    "Map": N_("Map"),
    "Coordinates from": N_("Coordinates from"),
}


def project_detail(bundle: DataBundle, project_id: str, lang: Language = ENGLISH) -> ProjectDetail | None:
    """One project's record as the detail shows it, its words in `lang` (the data's own text as written). `facts`
    has the columns Field and Value; `beneficiaries` the columns of BENEFICIARY_HEADERS and the source's."""
    matches = bundle.projects[bundle.projects["id"] == project_id]
    if matches.empty:
        return None
    p = matches.iloc[0]
    titles = bundle.projects.set_index("id")["title"]
    budget = budget_text(p["budget_usd"], p["budget_qualifier"], lang)
    values = {
        "id": p["id"],
        "country": country_text(p["country_iso3"], p["country"], lang),
        "mission": mission_text(p["mission"], p["mission_basis"], lang),
        "implementing_entity": _text(p["implementing_entity"], lang=lang),
        "partners": _partners_text(p["partners"], lang),
        "start_date": _text(p["start_date"], lang=lang),
        "end_date": _text(p["end_date"], NO_END, lang),
        "dates_note": _text(p["dates_note"], "—"),
        "budget": budget + (f" — {p['budget_note']}" if _known(p["budget_note"]) else ""),
        "services": services_text(p["services"], lang),
        "status": status_text(p["status"], p["status_as_of"], lang),
        "trust_fund_link": link_label(p["trust_fund_link"], lang),
        "possible_duplicate_of": _text(p["possible_duplicate_of"], "—"),
        "related_records": "; ".join(f"{r} ({titles.get(r, r)})" for r in p["related_records"]) or "—",
    }
    facts = pd.DataFrame(
        [(lang._(label), values[name]) for name, label in FACT_LABELS.items()], columns=["Field", "Value"]
    )
    benef = bundle.project_beneficiaries[bundle.project_beneficiaries["project_id"] == project_id]
    beneficiaries = pd.DataFrame(
        {
            "Number": [format_figure(c, q, lang=lang) for c, q in zip(benef["count"], benef["qualifier"], strict=True)],
            "Who": list(benef["kind"]),
            "Note": list(benef["note"].fillna("")),
            **source_columns(benef["source_id"], bundle.sources),
        }
    )
    places = places_in(bundle.project_places[bundle.project_places["project_id"] == project_id], lang)
    located = places["lat"].notna() & places["lon"].notna()
    place_table = shown_headers(
        pd.DataFrame(
            {
                "Place": list(places["locality"]),
                "Area": list(places["admin_area"].fillna("")),
                "Map": [lang._(ON_THE_MAP if ok else NO_COORDINATES) for ok in located],
                "Coordinates from": list(places["coords_source"].fillna("")),
            }
        ),
        PLACE_HEADERS,
        lang,
    )
    project_sources = bundle.project_sources[bundle.project_sources["project_id"] == project_id]
    return ProjectDetail(
        id=project_id,
        title=p["title"],
        description=p["description"],
        flags=project_flags(bundle, p, lang),
        facts=facts,
        beneficiaries=beneficiaries,
        places=place_table,
        mapped_places=int(located.sum()),
        conflicts=tuple(p["conflicts"]),
        notes=tuple(p["notes"]) if "notes" in p.index else (),
        sources=resolve_sources(
            bundle.sources, zip(project_sources["source_id"], project_sources["locator"], strict=True)
        ),
    )


def hidden_projects_sentence(hidden: int, shown: int, lang: Language = ENGLISH) -> str:
    """What the "link not confirmed" switch hides from a result, said where the result is (markdown-safe)."""
    return lang.n_(
        "{shown}; {n} more project matches these filters but is hidden because its link to the Fund is not confirmed.",
        "{shown}; {n} more projects match these filters but are hidden because their link to the Fund is not "
        "confirmed.",
        hidden,
        shown=lang.n_("{n} project shown", "{n} projects shown", shown),
    )


def hidden_projects_notice(hidden: int, shown: int, lang: Language = ENGLISH) -> str:
    """The notice over a result that hides projects whose link is not confirmed, as markdown: what is hidden, in
    bold, and why."""
    return lang.n_(
        "**{sentence}** No source ties it to the Trust Fund by name: the sources name the mission.",
        "**{sentence}** No source ties them to the Trust Fund by name: the sources name the mission.",
        hidden,
        sentence=hidden_projects_sentence(hidden, shown, lang),
    )


def picker_ids(shown: tuple[str, ...], every: tuple[str, ...], opened: object) -> tuple[str, ...]:
    """The projects the picker offers: those the filters show, and the one a link opened even if hidden."""
    return shown + ((str(opened),) if opened in every and opened not in shown else ())


@dataclass(frozen=True)
class ProjectsView:
    """What the Projects page shows. Its table and charts are made when first read: the overview needs the
    headline figures only."""

    shown: int
    shown_note: str
    countries: int
    known_budget: str
    known_budget_total: str
    beneficiaries: str
    kpi_sources: tuple[SourceRef, ...]
    project_ids: tuple[str, ...]
    all_ids: tuple[str, ...]
    unconfirmed_shown: int
    unknown_start: tuple[str, ...]
    # Projects the "link not confirmed" switch hides that the other filters would show (0 when it is on).
    hidden_unconfirmed: int
    # Projects with no mission named, shown because they are in a chosen mission's host country: id -> mark.
    host_marks: dict[str, str]
    bundle: DataBundle = field(repr=False, compare=False)
    filters: Filters = field(repr=False, compare=False)
    # The projects the filters keep, which the table and charts are made from.
    projects: pd.DataFrame = field(repr=False, compare=False)
    # The language of every word in the view.
    lang: Language = ENGLISH
    # The table and cards in each order asked for (`in_order`).
    orders: MadeOnce[ProjectRows] = field(default_factory=MadeOnce, repr=False, compare=False)

    @cached_property
    def table(self) -> pd.DataFrame:
        return project_table(self.projects, self.bundle.project_beneficiaries, self.host_marks, self.lang)

    def in_order(self, order: str) -> ProjectRows:
        """The table and the phone's cards sorted by `order` (a SORT_ORDERS code), made once per order and view, so
        the page's reruns pass the same frame (and its Arrow table, past the static table's rows, is made once)."""
        return self.orders.get(order, lambda: self._rows_in(order))

    def _rows_in(self, order: str) -> ProjectRows:
        positions = project_order(self.projects, self.bundle.project_beneficiaries, order, self.lang)
        table = self.table.iloc[positions].reset_index(drop=True)
        return ProjectRows(
            table=table[[self.lang._(PROJECT_TABLE_HEADERS[name]) for name in TABLE_COLUMNS]],
            cards=project_cards(table.head(CARDS_SHOWN), self.projects, self.bundle.sources, self.lang),
        )

    @cached_property
    def titles(self) -> dict[str, str]:
        """Every project's title by id, for the picker."""
        return dict(zip(self.bundle.projects["id"], self.bundle.projects["title"], strict=True))

    @cached_property
    def gantt(self) -> pd.DataFrame:
        return gantt_frame(self.projects, self.lang)

    @cached_property
    def timeline_takeaway(self) -> str:
        return timeline_takeaway(self.gantt, len(self.projects), self.lang, self.titles)

    @cached_property
    def timeline(self) -> FigureCard | None:
        if self.gantt.empty:
            return None
        return FigureCard(
            key="projects-timeline",
            drawn=timeline_rows(self.gantt),
            takeaway=self.timeline_takeaway,
            data=_card_data(self.gantt.drop(columns=["start", "bar_end"]), TIMELINE_HEADERS, self.lang),
            sources=self.kpi_sources,
            file_stem=f"projects-timeline_{self.filters.span_slug}",
            chart_options=(("lang", self.lang),),
        )

    @cached_property
    def services(self) -> FigureCard | None:
        services = services_by_country(self.projects, self.lang)
        if services.empty:
            return None
        return FigureCard(
            key="projects-services",
            drawn=services,
            takeaway=services_takeaway(services, self.projects, self.lang),
            data=_card_data(services, SERVICES_HEADERS, self.lang),
            sources=self.kpi_sources,
            file_stem=f"project-services-by-country_{self.filters.span_slug}",
            chart_options=(("lang", self.lang),),
        )


# The columns of the charts' data (the table a card shows instead of its chart, and its CSV), in another language
# than English. English keeps the columns' own names, as its CSV files always had them.
TIMELINE_HEADERS = {
    "project": N_("Project"),
    "id": N_("Record id"),
    "start_text": N_("Started"),
    "last_text": N_("Last reported"),
    "end_text": N_("Ended"),
    "status": N_("Status"),
    "fund_link": N_("Link to the Fund"),
}
SERVICES_HEADERS = {"country": N_("Country"), "service": N_("Service"), "projects": N_("Projects (count)")}


def _card_data(frame: pd.DataFrame, headers: dict[str, str], lang: Language) -> pd.DataFrame:
    return frame if lang == ENGLISH else shown_headers(frame, headers, lang)


def _portfolio(bundle: DataBundle, filters: Filters) -> pd.DataFrame:
    """The projects the filters keep, with those in a chosen mission's host country, in the data's order."""
    named = filter_projects(bundle.projects, filters)
    hosted = host_country_projects(bundle.projects, bundle.missions, filters)
    return bundle.projects.loc[bundle.projects.index.isin(named.index.union(hosted.index))]


def build_projects_view(bundle: DataBundle, filters: Filters, lang: Language = ENGLISH) -> ProjectsView:
    projects = _portfolio(bundle, filters)
    hosts = host_country_missions(bundle.missions, filters.missions)
    hosted = (
        projects[projects["mission"].isna() & projects["country_iso3"].isin(list(hosts))] if hosts else projects[:0]
    )
    hidden = 0 if filters.include_unconfirmed else len(_portfolio(bundle, replace(filters, include_unconfirmed=True)))
    known = projects["budget_usd"].notna()
    citations = bundle.project_sources[bundle.project_sources["project_id"].isin(projects["id"])]
    refs = resolve_sources(bundle.sources, zip(citations["source_id"], citations["locator"], strict=True))
    budget_total = known_budget_sum(projects.loc[known, "budget_usd"], projects.loc[known, "budget_qualifier"], lang)
    duplicates = int(projects["possible_duplicate_of"].notna().sum())
    reporting = int(projects["id"].isin(bundle.project_beneficiaries["project_id"]).sum())
    return ProjectsView(
        shown=len(projects),
        shown_note=(
            lang.n_(
                "{n} record may describe the same project as another record.",
                "{n} records may describe the same project as another record.",
                duplicates,
            )
            if duplicates
            else lang._("No record shown is marked as a possible duplicate.")
        ),
        countries=projects["country_iso3"].nunique(),
        known_budget=budget_coverage(budget_total, int(known.sum()), len(projects), lang),
        known_budget_total=budget_total,
        beneficiaries=lang._(
            "{count} of {total}", count=format_number(reporting, lang), total=format_number(len(projects), lang)
        ),
        kpi_sources=refs,
        project_ids=tuple(projects["id"]),
        all_ids=tuple(bundle.projects["id"]),
        unconfirmed_shown=int((projects["trust_fund_link"] != "confirmed").sum()),
        unknown_start=tuple(projects.loc[projects["start_date"].isna(), "title"]),
        hidden_unconfirmed=hidden - len(projects) if hidden else 0,
        host_marks={
            i: in_host_country_text(hosts[c], lang) for i, c in zip(hosted["id"], hosted["country_iso3"], strict=True)
        },
        bundle=bundle,
        filters=filters,
        projects=projects,
        lang=lang,
    )
