"""Project figures (pure): the filtered portfolio, its table, timeline, services and one project's detail."""

from __future__ import annotations

from dataclasses import dataclass

import altair as alt
import pandas as pd

from components.charts import ChartCard, series_scale, titled
from components.data import DataBundle
from components.filters import Filters, in_selection
from components.formatting import format_figure, format_usd
from components.schema import partial_date_start
from components.sources import SourceRef, resolve_sources

LINK_LABELS = {"confirmed": "Confirmed by a source", "not_explicit": "Not confirmed: the source names only the mission"}
UNKNOWN_START = "start not known"


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


def beneficiaries_text(beneficiaries: pd.DataFrame, project_id: str) -> str:
    rows = beneficiaries[beneficiaries["project_id"] == project_id]
    if rows.empty:
        return "not known"
    return "; ".join(
        f"{format_figure(c, q)} {k}" for c, q, k in zip(rows["count"], rows["qualifier"], rows["kind"], strict=True)
    )


def project_table(projects: pd.DataFrame, beneficiaries: pd.DataFrame) -> pd.DataFrame:
    mission = [
        "—" if pd.isna(m) else (f"{m} (context only)" if b == "context_only" else m)
        for m, b in zip(projects["mission"], projects["mission_basis"], strict=True)
    ]
    return pd.DataFrame(
        {
            "id": projects["id"],
            "Project": projects["title"],
            "Country": projects["country"],
            "Mission": mission,
            "Runs it": projects["implementing_entity"].fillna("not known"),
            "Partners": projects["partners"].map(lambda p: "; ".join(p) if p else "not known"),
            "Services": projects["services"].map(lambda s: ", ".join(x.replace("_", " ") for x in s)),
            "Status": [
                "not known" if pd.isna(s) else (f"{s} (as of {d})" if not pd.isna(d) else s)
                for s, d in zip(projects["status"], projects["status_as_of"], strict=True)
            ],
            "Budget": [
                format_figure(b, q or "exact", "usd")
                for b, q in zip(projects["budget_usd"], projects["budget_qualifier"], strict=True)
            ],
            "Beneficiaries": [beneficiaries_text(beneficiaries, i) for i in projects["id"]],
            "Fund link": projects["trust_fund_link"].map(LINK_LABELS)
            + projects["possible_duplicate_of"].map(lambda d: "" if pd.isna(d) else f"; may duplicate {d}"),
        }
    ).reset_index(drop=True)


def gantt_frame(projects: pd.DataFrame) -> pd.DataFrame:
    """From start to the last date a source shows the project; no end date is known for any project."""
    rows = []
    for _, p in projects.iterrows():
        if pd.isna(p["start_date"]):
            continue
        start = partial_date_start(str(p["start_date"]))
        last = partial_date_start(str(p["status_as_of"])) if not pd.isna(p["status_as_of"]) else start
        rows.append(
            {
                "project": p["title"][:60],
                "id": p["id"],
                "start": pd.Timestamp(start),
                "last_seen": pd.Timestamp(max(start, last)),
                "start_text": str(p["start_date"]),
                "last_text": "" if pd.isna(p["status_as_of"]) else str(p["status_as_of"]),
                "status": "not known" if pd.isna(p["status"]) else p["status"],
                "country": p["country"],
            }
        )
    return pd.DataFrame(
        rows, columns=["project", "id", "start", "last_seen", "start_text", "last_text", "status", "country"]
    )


def gantt_chart(frame: pd.DataFrame) -> alt.Chart:
    statuses = sorted(frame["status"].unique()) if not frame.empty else []
    base = alt.Chart(frame).encode(
        y=alt.Y(
            "project:N", title=None, sort=list(frame.sort_values("start")["project"]), axis=alt.Axis(labelLimit=180)
        ),
        color=alt.Color("status:N", title="Status", scale=series_scale(statuses)),
        tooltip=[
            alt.Tooltip("project:N", title="Project"),
            alt.Tooltip("start_text:N", title="Started"),
            alt.Tooltip("last_text:N", title="Last reported"),
            alt.Tooltip("status:N", title="Status"),
        ],
    )
    bars = base.mark_bar(height=12, opacity=0.7).encode(x=alt.X("start:T", title="Date"), x2="last_seen:T")
    starts = base.mark_point(filled=True, size=90, shape="triangle-right").encode(x="start:T")
    return titled(
        alt.layer(bars, starts),
        "Projects from their start to the last report of them",
        "Timeline of projects: a triangle marks the start and the bar runs to the last date a source reports the "
        "project. No end date is public for any project, so bars do not show an end.",
    ).properties(height=max(160, 60 * len(frame)))


def services_by_country(projects: pd.DataFrame) -> pd.DataFrame:
    exploded = projects[["id", "country", "services"]].explode("services").dropna(subset=["services"])
    counts = exploded.groupby(["country", "services"]).size().rename("projects").reset_index()
    return counts.assign(service=counts["services"].str.replace("_", " ")).drop(columns="services")


def services_chart(counts: pd.DataFrame) -> alt.Chart:
    chart = (
        alt.Chart(counts)
        .mark_bar()
        .encode(
            y=alt.Y("service:N", title="Service", sort="-x"),
            x=alt.X("sum(projects):Q", title="Projects offering it (count)"),
            color=alt.Color("country:N", title="Country", scale=series_scale(sorted(counts["country"].unique()))),
            tooltip=["country:N", "service:N", alt.Tooltip("projects:Q", title="Projects")],
        )
    )
    return titled(chart, "Services by country", "Stacked bars: how many projects offer each service, by country.")


@dataclass(frozen=True)
class ProjectDetail:
    id: str
    title: str
    facts: pd.DataFrame
    description: str
    beneficiaries: pd.DataFrame
    places: pd.DataFrame
    conflicts: tuple[str, ...]
    notes: tuple[str, ...]
    sources: tuple[SourceRef, ...]


def project_detail(bundle: DataBundle, project_id: str) -> ProjectDetail | None:
    matches = bundle.projects[bundle.projects["id"] == project_id]
    if matches.empty:
        return None
    p = matches.iloc[0]

    def text(value: object, unknown: str = "not known") -> str:
        return unknown if value is None or (not isinstance(value, tuple) and pd.isna(value)) else str(value)

    budget = (
        "not known"
        if pd.isna(p["budget_usd"])
        else format_figure(p["budget_usd"], p["budget_qualifier"] or "exact", "usd")
    )
    facts = pd.DataFrame(
        [
            ("Country", p["country"]),
            (
                "Mission",
                text(p["mission"], "none named")
                + (" (context only, not named by the sources)" if p["mission_basis"] == "context_only" else ""),
            ),
            ("Runs it", text(p["implementing_entity"])),
            ("Partners", "; ".join(p["partners"]) or "not known"),
            ("Started", text(p["start_date"])),
            ("Ended", text(p["end_date"])),
            ("Dates", text(p["dates_note"], "")),
            ("Budget", budget + ("" if pd.isna(p["budget_note"]) else f" — {p['budget_note']}")),
            ("Services", ", ".join(s.replace("_", " ") for s in p["services"]) or "not known"),
            ("Status", text(p["status"]) + ("" if pd.isna(p["status_as_of"]) else f" (as of {p['status_as_of']})")),
            ("Link to the Fund", LINK_LABELS[p["trust_fund_link"]]),
            ("May duplicate", text(p["possible_duplicate_of"], "—")),
            ("Related records", ", ".join(p["related_records"]) or "—"),
        ],
        columns=["Field", "Value"],
    )
    benef = bundle.project_beneficiaries[bundle.project_beneficiaries["project_id"] == project_id]
    beneficiaries = pd.DataFrame(
        {
            "Number": [format_figure(c, q) for c, q in zip(benef["count"], benef["qualifier"], strict=True)],
            "Who": benef["kind"],
            "Note": benef["note"].fillna(""),
        }
    )
    places = bundle.project_places[bundle.project_places["project_id"] == project_id]
    cited = bundle.project_sources[bundle.project_sources["project_id"] == project_id]
    return ProjectDetail(
        id=project_id,
        title=p["title"],
        facts=facts,
        description=p["description"],
        beneficiaries=beneficiaries,
        places=places,
        conflicts=tuple(p["conflicts"]),
        notes=tuple(p.get("notes") or ()),
        sources=resolve_sources(bundle.sources, zip(cited["source_id"], cited["locator"], strict=True)),
    )


@dataclass(frozen=True)
class ProjectsView:
    shown: int
    countries: int
    known_budget: str
    known_budget_total: str
    beneficiaries_reported: int
    table: pd.DataFrame
    project_ids: tuple[str, ...]
    timeline: ChartCard | None
    unknown_start: tuple[str, ...]
    services: ChartCard | None


def build_projects_view(bundle: DataBundle, filters: Filters) -> ProjectsView:
    projects = filter_projects(bundle.projects, filters)
    budgets = projects["budget_usd"].dropna()
    gantt = gantt_frame(projects)
    services = services_by_country(projects)
    citations = bundle.project_sources[bundle.project_sources["project_id"].isin(projects["id"])]
    refs = resolve_sources(bundle.sources, zip(citations["source_id"], citations["locator"], strict=True))
    span = f"{filters.years[0]}-{filters.years[1]}"
    budget_total = "not known" if budgets.empty else format_usd(float(budgets.sum()))
    budget_text = f"{budget_total} across {len(budgets)} of {len(projects)} projects with a public budget"
    return ProjectsView(
        shown=len(projects),
        countries=projects["country_iso3"].nunique(),
        known_budget=budget_text,
        known_budget_total=budget_total,
        beneficiaries_reported=int(projects["id"].isin(bundle.project_beneficiaries["project_id"]).sum()),
        table=project_table(projects, bundle.project_beneficiaries),
        project_ids=tuple(projects["id"]),
        timeline=None
        if gantt.empty
        else ChartCard(
            key="projects-timeline",
            spec=gantt_chart(gantt).to_dict(),
            takeaway=f"{len(gantt)} of {len(projects)} projects have a known start; the earliest started "
            f"{gantt['start_text'].min()}. No project has a public end date.",
            data=gantt.drop(columns=["start", "last_seen"]),
            sources=refs,
            file_stem=f"projects-timeline_{span}",
        ),
        unknown_start=tuple(projects.loc[projects["start_date"].isna(), "title"]),
        services=None
        if services.empty
        else ChartCard(
            key="projects-services",
            spec=services_chart(services).to_dict(),
            takeaway=f"The most common service is {services.groupby('service')['projects'].sum().idxmax()}, "
            f"offered by {int(services.groupby('service')['projects'].sum().max())} of {len(projects)} projects.",
            data=services,
            sources=refs,
            file_stem=f"project-services-by-country_{span}",
        ),
    )
