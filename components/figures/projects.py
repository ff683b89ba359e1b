"""Project figures (pure): the filtered portfolio, its table, timeline, services and one project's detail."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

import pandas as pd

from components.data.bundle import DataBundle
from components.data.schema import partial_date_start
from components.figures.cards import FigureCard
from components.figures.citations import SourceRef, resolve_sources, source_columns
from components.figures.filters import Filters, in_selection, service_label
from components.figures.formatting import (
    UNKNOWN,
    escape_markdown,
    format_figure,
    format_number,
    format_sum,
    plural,
    sum_qualifier,
)
from components.language.translation import ENGLISH, Language

LINK_LABELS = {"confirmed": "Confirmed by a source", "not_explicit": "Link to the Fund not confirmed by a source"}
NO_END = "end date not known"
NO_COORDINATES = "no coordinates in the gazetteer"
ON_THE_MAP = "on the map"
CONTEXT_ONLY = "context only"


def _known(value: Any) -> bool:
    return value is not None and not (not isinstance(value, tuple) and pd.isna(value))


def _text(value: object, unknown: str = UNKNOWN) -> str:
    return str(value) if _known(value) else unknown


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


def in_host_country_text(missions: tuple[str, ...]) -> str:
    """How a project with no mission named is marked when a mission filter finds it by its host country."""
    names = " and ".join(f"{m}'s" for m in missions)
    return f"in {names} host country; no source names the mission"


def host_country_projects(projects: pd.DataFrame, missions: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """Projects with no mission named, in a chosen mission's host country, that the other filters keep: a mission
    filter finds them too (marked), or a Central African Republic project never appears under MINUSCA."""
    if not filters.missions:
        return projects.iloc[0:0]
    hosts = host_country_missions(missions, filters.missions)
    others = filter_projects(projects, replace(filters, missions=()))
    return others[others["mission"].isna() & others["country_iso3"].isin(list(hosts))]


def mission_text(mission: object, basis: object) -> str:
    if not _known(mission):
        return "none named"
    return f"{mission} ({CONTEXT_ONLY})" if basis == "context_only" else str(mission)


def status_text(status: object, as_of: object) -> str:
    if not _known(status):
        return UNKNOWN
    return f"{status} (as of {as_of})" if _known(as_of) else str(status)


def budget_text(budget: Any, qualifier: Any) -> str:
    return format_figure(budget, qualifier if _known(qualifier) else "exact", "usd")


def run_by_text(entity: object, partners: tuple[str, ...]) -> str:
    """Who runs a project, in one cell: the implementing entity, then its partners."""
    return f"{_text(entity)}; partners: {'; '.join(partners) or UNKNOWN}"


def services_text(services: tuple[str, ...]) -> str:
    return ", ".join(service_label(s) for s in services) or UNKNOWN


def link_text(link: str, duplicate_of: object) -> str:
    """How the table marks a project's tie to the Fund, and a record that may repeat another."""
    return LINK_LABELS[link] + (f"; possible duplicate of {duplicate_of}" if _known(duplicate_of) else "")


def beneficiaries_text(beneficiaries: pd.DataFrame, project_id: str) -> str:
    """Every reported number with its qualifier and who it counts; never added up (they count different people)."""
    rows = beneficiaries[beneficiaries["project_id"] == project_id]
    if rows.empty:
        return UNKNOWN
    return "; ".join(
        f"{format_figure(c, q)} {k}" for c, q, k in zip(rows["count"], rows["qualifier"], rows["kind"], strict=True)
    )


def project_table(
    projects: pd.DataFrame, beneficiaries: pd.DataFrame, host_marks: dict[str, str] | None = None
) -> pd.DataFrame:
    """One row per project as the table shows it; `id` links a row to its detail. `host_marks` replaces the
    Mission cell of projects found only through a chosen mission's host country."""
    marks = host_marks or {}
    return pd.DataFrame(
        {
            "id": projects["id"],
            "Project": projects["title"],
            "Country": projects["country"],
            "Mission": [
                marks.get(i, mission_text(m, b))
                for i, m, b in zip(projects["id"], projects["mission"], projects["mission_basis"], strict=True)
            ],
            "Implementing entity": projects["implementing_entity"].map(_text),
            "Partners": projects["partners"].map(lambda p: "; ".join(p) or UNKNOWN),
            "Run by": [
                run_by_text(e, p) for e, p in zip(projects["implementing_entity"], projects["partners"], strict=True)
            ],
            "Services": projects["services"].map(services_text),
            "Status": [status_text(s, d) for s, d in zip(projects["status"], projects["status_as_of"], strict=True)],
            "Budget": [
                budget_text(b, q) for b, q in zip(projects["budget_usd"], projects["budget_qualifier"], strict=True)
            ],
            "Beneficiaries": [beneficiaries_text(beneficiaries, i) for i in projects["id"]],
            "Fund link": [
                link_text(link, dup)
                for link, dup in zip(projects["trust_fund_link"], projects["possible_duplicate_of"], strict=True)
            ],
        }
    ).reset_index(drop=True)


def _short(title: str, limit: int = 60) -> str:
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"


def gantt_frame(projects: pd.DataFrame) -> pd.DataFrame:
    """One row per project with a known start: from the start to its end if a source gives one, else to the
    last date a source shows the project. No end is ever inferred."""
    columns = ["project", "id", "start", "bar_end", "start_text", "last_text", "end_text", "status", "fund_link"]
    rows = []
    for _, p in projects[projects["start_date"].notna()].iterrows():
        start = partial_date_start(str(p["start_date"]))
        last = partial_date_start(str(p["status_as_of"])) if _known(p["status_as_of"]) else start
        end = partial_date_start(str(p["end_date"])) if _known(p["end_date"]) else None
        rows.append(
            {
                "project": _short(p["title"]),
                "id": p["id"],
                "start": pd.Timestamp(start),
                "bar_end": pd.Timestamp(max(start, end or last)),
                "start_text": str(p["start_date"]),
                "last_text": _text(p["status_as_of"]),
                "end_text": _text(p["end_date"], NO_END),
                "status": _text(p["status"]),
                "fund_link": LINK_LABELS[p["trust_fund_link"]],
            }
        )
    frame = pd.DataFrame(rows, columns=columns).sort_values("start", kind="stable").reset_index(drop=True)
    # Two long titles can shorten to the same label; the id keeps their rows apart.
    clash = frame["project"].duplicated(keep=False)
    frame.loc[clash, "project"] = frame.loc[clash, "project"] + " (" + frame.loc[clash, "id"] + ")"
    return frame


MAX_TIMELINE_PROJECTS = 40


def timeline_rows(gantt: pd.DataFrame) -> pd.DataFrame:
    """The projects that started most recently, at most MAX_TIMELINE_PROJECTS: a timeline of more bars is too
    tall to read (the table and the CSV keep every project)."""
    return gantt.tail(MAX_TIMELINE_PROJECTS)


def timeline_takeaway(gantt: pd.DataFrame, shown: int) -> str:
    """One line for under the timeline, as markdown (the project title is escaped)."""
    if gantt.empty:
        return (
            f"None of the {plural(shown, 'project', 'projects')} shown has a known start date, "
            "so none can be placed on a timeline."
        )
    first = gantt.iloc[0]
    ended = int((gantt["end_text"] != NO_END).sum())
    ends = (
        "No source gives an end date for any of them, so each bar stops at the last date a source reports the project."
        if ended == 0
        else f"{ended} of them {'has' if ended == 1 else 'have'} an end date from a source; the other bars stop at "
        "the last date a source reports the project."
    )
    charted = len(timeline_rows(gantt))
    cap = (
        f" The timeline draws the {charted} that started most recently; the table lists every project."
        if charted < len(gantt)
        else ""
    )
    return (
        f"{len(gantt)} of {plural(shown, 'project', 'projects')} shown {'has' if len(gantt) == 1 else 'have'} "
        "a known start; "
        f"the earliest is {escape_markdown(first['project'])}, started {first['start_text']}. {ends}{cap}"
    )


def services_by_country(projects: pd.DataFrame) -> pd.DataFrame:
    """Number of projects offering each service in each country (projects, not people)."""
    exploded = projects[["id", "country", "services"]].explode("services").dropna(subset=["services"])
    counts = exploded.groupby(["country", "services"]).size().rename("projects").reset_index()
    return (
        counts.assign(service=counts["services"].map(service_label))
        .drop(columns="services")[["country", "service", "projects"]]
        .sort_values(["service", "country"])
        .reset_index(drop=True)
    )


def services_takeaway(counts: pd.DataFrame, projects: pd.DataFrame) -> str:
    totals = counts.groupby("service")["projects"].sum()
    top = int(totals.max())
    leaders = sorted(totals[totals == top].index)
    shown = plural(len(projects), "project", "projects")
    if len(leaders) == 1:
        lead = f"The most common service is {leaders[0]}, offered by {top} of {shown} shown"
    else:
        names = ", ".join(leaders[:-1]) + f" and {leaders[-1]}"
        lead = f"The most common services are {names}, each offered by {top} of {shown} shown"
    silent = int((projects["services"].map(len) == 0).sum())
    if not silent:
        return lead + "."
    return lead + f"; {plural(silent, 'project', 'projects')} {'lists' if silent == 1 else 'list'} no service."


def budget_coverage(total: str, with_budget: int, shown: int) -> str:
    """The known budgets in words, with how many projects have one ("$175,000 across 1 of 1 project with a public
    budget"); when none has, that is said instead of summing nothing."""
    if with_budget == 0:
        return (
            "no public budget for the project shown"
            if shown == 1
            else f"no public budget for any of the {shown} projects shown"
        )
    return f"{total} across {with_budget} of {plural(shown, 'project', 'projects')} with a public budget"


def known_budget_sum(budgets: pd.Series, qualifiers: pd.Series) -> str:
    """The sum of the budgets that are public, with the qualifier the sum inherits; 'not known' if none is."""
    if budgets.empty:
        return UNKNOWN
    return format_sum(float(budgets.sum()), sum_qualifier(qualifiers.fillna("exact")), "usd")


def facts_markdown(facts: pd.DataFrame) -> str:
    """The detail's fields as a list: long values wrap, where a table cell cut them short. Values are escaped."""
    return "\n".join(f"- **{field}:** {escape_markdown(value)}" for field, value in zip(*facts.T.values, strict=True))


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


def project_flags(bundle: DataBundle, p: pd.Series) -> tuple[str, ...]:
    """What a reader must know before trusting the record: an unconfirmed link, a possible duplicate, a mission
    placed by context."""
    titles = bundle.projects.set_index("id")["title"]
    flags = []
    if p["trust_fund_link"] != "confirmed":
        flags.append(f"{LINK_LABELS[p['trust_fund_link']]}: the sources name the mission, not the Trust Fund.")
    if _known(p["possible_duplicate_of"]):
        other = p["possible_duplicate_of"]
        flags.append(f"Possible duplicate: this record may describe the same project as {titles.get(other, other)}.")
    if p["mission_basis"] == "context_only":
        flags.append(
            f"Mission shown for context only: no source on this project names {p['mission']}; it is the mission "
            "the sources' context points to."
        )
    return tuple(flags)


def project_detail(bundle: DataBundle, project_id: str) -> ProjectDetail | None:
    matches = bundle.projects[bundle.projects["id"] == project_id]
    if matches.empty:
        return None
    p = matches.iloc[0]
    titles = bundle.projects.set_index("id")["title"]
    budget = budget_text(p["budget_usd"], p["budget_qualifier"])
    facts = pd.DataFrame(
        [
            ("Record id", p["id"]),
            ("Country", p["country"]),
            ("Mission", mission_text(p["mission"], p["mission_basis"])),
            ("Implementing entity", _text(p["implementing_entity"])),
            ("Partners", "; ".join(p["partners"]) or UNKNOWN),
            ("Started", _text(p["start_date"])),
            ("Ended", _text(p["end_date"], NO_END)),
            ("About the dates", _text(p["dates_note"], "—")),
            ("Budget", budget + (f" — {p['budget_note']}" if _known(p["budget_note"]) else "")),
            ("Services", services_text(p["services"])),
            ("Status", status_text(p["status"], p["status_as_of"])),
            ("Link to the Fund", LINK_LABELS[p["trust_fund_link"]]),
            ("Possible duplicate of", _text(p["possible_duplicate_of"], "—")),
            ("Related records", "; ".join(f"{r} ({titles.get(r, r)})" for r in p["related_records"]) or "—"),
        ],
        columns=["Field", "Value"],
    )
    benef = bundle.project_beneficiaries[bundle.project_beneficiaries["project_id"] == project_id]
    beneficiaries = pd.DataFrame(
        {
            "Number": [format_figure(c, q) for c, q in zip(benef["count"], benef["qualifier"], strict=True)],
            "Who": list(benef["kind"]),
            "Note": list(benef["note"].fillna("")),
            **source_columns(benef["source_id"], bundle.sources),
        }
    )
    places = bundle.project_places[bundle.project_places["project_id"] == project_id]
    located = places["lat"].notna() & places["lon"].notna()
    place_table = pd.DataFrame(
        {
            "Place": list(places["locality"]),
            "Area": list(places["admin_area"].fillna("")),
            "Map": [ON_THE_MAP if ok else NO_COORDINATES for ok in located],
            "Coordinates from": list(places["coords_source"].fillna("")),
        }
    )
    project_sources = bundle.project_sources[bundle.project_sources["project_id"] == project_id]
    return ProjectDetail(
        id=project_id,
        title=p["title"],
        description=p["description"],
        flags=project_flags(bundle, p),
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


def hidden_projects_sentence(hidden: int, shown: int) -> str:
    """What the "link not confirmed" switch hides from a result, said where the result is (markdown-safe)."""
    return (
        f"{plural(shown, 'project', 'projects')} shown; {plural(hidden, 'more project', 'more projects')} "
        f"{'matches' if hidden == 1 else 'match'} these filters but {'is' if hidden == 1 else 'are'} hidden because "
        f"{'its' if hidden == 1 else 'their'} link to the Fund is not confirmed."
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

    @cached_property
    def table(self) -> pd.DataFrame:
        return project_table(self.projects, self.bundle.project_beneficiaries, self.host_marks)

    @cached_property
    def titles(self) -> dict[str, str]:
        """Every project's title by id, for the picker."""
        return dict(zip(self.bundle.projects["id"], self.bundle.projects["title"], strict=True))

    @cached_property
    def gantt(self) -> pd.DataFrame:
        return gantt_frame(self.projects)

    @cached_property
    def timeline_takeaway(self) -> str:
        return timeline_takeaway(self.gantt, len(self.projects))

    @cached_property
    def timeline(self) -> FigureCard | None:
        if self.gantt.empty:
            return None
        return FigureCard(
            key="projects-timeline",
            drawn=timeline_rows(self.gantt),
            takeaway=self.timeline_takeaway,
            data=self.gantt.drop(columns=["start", "bar_end"]),
            sources=self.kpi_sources,
            file_stem=f"projects-timeline_{self.filters.span_slug}",
        )

    @cached_property
    def services(self) -> FigureCard | None:
        services = services_by_country(self.projects)
        if services.empty:
            return None
        return FigureCard(
            key="projects-services",
            drawn=services,
            takeaway=services_takeaway(services, self.projects),
            data=services,
            sources=self.kpi_sources,
            file_stem=f"project-services-by-country_{self.filters.span_slug}",
        )


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
    budget_total = known_budget_sum(projects.loc[known, "budget_usd"], projects.loc[known, "budget_qualifier"])
    duplicates = int(projects["possible_duplicate_of"].notna().sum())
    reporting = int(projects["id"].isin(bundle.project_beneficiaries["project_id"]).sum())
    return ProjectsView(
        shown=len(projects),
        shown_note=(
            f"{plural(duplicates, 'record', 'records')} may describe the same project as another record."
            if duplicates
            else "No record shown is marked as a possible duplicate."
        ),
        countries=projects["country_iso3"].nunique(),
        known_budget=budget_coverage(budget_total, int(known.sum()), len(projects)),
        known_budget_total=budget_total,
        beneficiaries=f"{format_number(reporting)} of {format_number(len(projects))}",
        kpi_sources=refs,
        project_ids=tuple(projects["id"]),
        all_ids=tuple(bundle.projects["id"]),
        unconfirmed_shown=int((projects["trust_fund_link"] != "confirmed").sum()),
        unknown_start=tuple(projects.loc[projects["start_date"].isna(), "title"]),
        hidden_unconfirmed=hidden - len(projects) if hidden else 0,
        host_marks={
            i: in_host_country_text(hosts[c]) for i, c in zip(hosted["id"], hosted["country_iso3"], strict=True)
        },
        bundle=bundle,
        filters=filters,
        projects=projects,
    )
