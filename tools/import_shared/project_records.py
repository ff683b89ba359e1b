"""projects.yaml from shared/sources/projects/projects.yaml, with sources moved to the registry."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from components.data.bundle import parse_yaml
from tools.import_shared.citations import BENEFICIARY_SOURCES
from tools.import_shared.common import clean_text, qualifier_for, register
from tools.import_shared.io import write_yaml
from tools.import_shared.registry import SourceRegistry

BENEFICIARY_QUALIFIERS = {
    "exact": ("exact", ""),
    "about": ("about", ""),
    "at least": ("at_least", ""),
    "more than (planned)": ("over", "planned"),
    "more than (targeted)": ("over", "targeted"),
    "more than": ("over", ""),
}
# Details about one identifiable person are dropped: with a town and a date they could point to a victim.
PRIVACY_EDITS = {" (one trainee aged 13 per her testimony)": ""}
NOTE_FIELDS = ("status_note", "trust_fund_link_note", "earlier_mention_note", "beneficiaries_note", "services_note",
               "services_basis")  # fmt: skip


def _private(text: Any) -> Any:
    if not isinstance(text, str):
        return text
    for old, new in PRIVACY_EDITS.items():
        text = text.replace(old, new)
    return " ".join(text.split())


def _mission_basis(record: dict[str, Any]) -> str:
    if not record.get("related_mission"):
        return "none"
    basis = str(record.get("related_mission_basis") or "")
    return "stated" if basis.startswith("stated") else "context_only"


def _partner(partner: Any) -> str:
    if isinstance(partner, str):
        return partner
    name = partner["name"]
    variants = partner.get("name_variants") or []
    return f"{name} (also written {', '.join(variants)})" if variants else name


def _beneficiary_source(project_id: str, count: int, sources: dict[str, str]) -> str:
    """The id of the project source whose text gives this count (citations.BENEFICIARY_SOURCES), never a guess."""
    url = BENEFICIARY_SOURCES.get((project_id, count))
    if url is None:
        raise KeyError(f"{project_id}: no source stated for the beneficiary figure {count} (citations.py)")
    if url not in sources:
        raise KeyError(f"{project_id}: the source stated for {count} is not one of the project's sources: {url}")
    return sources[url]


def _budget_qualifier(record: dict[str, Any]) -> str | None:
    """The qualifier the budget note's words give the budget ("about US$329,000" -> about); None without a budget."""
    if record.get("budget_usd") is None:
        return None
    return qualifier_for(float(record["budget_usd"]), str(record.get("budget_note") or ""))


def _with_additions(record: dict[str, Any], addition: dict[str, Any] | None) -> dict[str, Any]:
    """A project record with the third research pass's additions (additions/projects_supplement.yaml): its
    follow-up reports become beneficiary figures, a newer status, conflicts and sources; its corroborating
    sources and notes join the record's. Nothing in the record is replaced except a status a later report gives."""
    if addition is None:
        return record
    record = dict(record)
    beneficiaries, sources = list(record.get("beneficiaries") or []), list(record["sources"])
    conflicts, notes = list(record.get("conflicts") or []), []
    if addition.get("launch_attendance_note"):
        notes.append(f"Launch: {clean_text(addition['launch_attendance_note'])}")
    for partner in addition.get("additional_partners") or []:
        notes.append(f"Also present: {partner['name']} — {partner['type']}.")
    for follow_up in addition.get("follow_ups") or []:
        source = follow_up["source"]
        sources.append({"title": source["title"], "url": source["url"], "locator": source.get("locator")})
        notes.append(f"Follow-up {follow_up['date']}: {clean_text(follow_up['event'])}")
        for item in follow_up.get("beneficiaries") or []:
            beneficiaries.append({**item, "source_ref": f"{source['title']} ({follow_up['date']})"})
        conflicts += follow_up.get("conflicts") or []
        if follow_up.get("status") and str(follow_up["status_as_of"]) > str(record.get("status_as_of")):
            record["status"], record["status_as_of"] = follow_up["status"], follow_up["status_as_of"]
            record["status_note"] = (
                f"Reported {follow_up['status']} in the follow-up of {follow_up['date']} ({source['title']}); "
                "the first research pass, before this report was found, noted: "
                f"{record.get('status_note') or 'nothing'}"
            )
    for source in addition.get("corroborating_sources") or []:
        sources.append({"title": source["title"], "url": source["url"], "locator": source.get("locator")})
        notes.append(f"{source['title']}: {clean_text(source.get('note', ''))}")
    record.update(beneficiaries=beneficiaries, sources=sources, conflicts=conflicts)
    record["supplement_notes"] = notes
    return record


def _date(value: Any) -> str | None:
    return None if value is None else str(value)


def _status_date(value: Any) -> tuple[str | None, str | None]:
    """A status date as an ISO partial date, and the source's wording when it says more than a date."""
    text = _date(value)
    if text is None:
        return None, None
    match = re.match(r"^(\d{4}(?:-\d{2}(?:-\d{2})?)?)\b(.*)$", text)
    if match and not match.group(2).strip():
        return match.group(1), None
    return (match.group(1) if match else None), f"Status as of: {text}"


def build(shared: Path, registry: SourceRegistry, out: Path) -> None:
    records = parse_yaml((shared / "projects" / "projects.yaml").read_text(encoding="utf-8"))
    supplement = shared / "additions" / "projects_supplement.yaml"
    additions = {a["id"]: a for a in parse_yaml(supplement.read_text(encoding="utf-8"))} if supplement.exists() else {}
    projects = []
    for record in records:
        record = _with_additions(record, additions.get(record["id"]))
        row = ("projects/projects.yaml", record["id"])
        sources = [(register(registry, s["url"], s["title"], row), s["title"], s["url"], s.get("locator")) for s in
                   record["sources"]]  # fmt: skip
        source_by_url = {url: source_id for source_id, _t, url, _l in sources}
        beneficiaries = []
        for item in record.get("beneficiaries") or []:
            qualifier, extra = BENEFICIARY_QUALIFIERS[item["qualifier"]]
            source_id = _beneficiary_source(record["id"], item["count"], source_by_url)
            note = "; ".join(p for p in (extra, f"source: {item.get('source_ref')}") if p)
            beneficiaries.append({"count": item["count"], "qualifier": qualifier, "kind": _private(item["kind"]),
                                  "source_id": source_id, "note": note})  # fmt: skip
        places = [
            {
                "locality": loc["locality"],
                "admin_area": loc.get("admin_area"),
                "lat": loc.get("lat"),
                "lon": loc.get("lon"),
                "coords_source": " ".join(p for p in (loc.get("coords_source"), loc.get("coords_note")) if p) or None,
            }
            for loc in record.get("locations") or []
        ]
        status_as_of, status_wording = _status_date(record.get("status_as_of"))
        notes = [_private(record[f]) for f in NOTE_FIELDS if record.get(f)]
        notes += [_private(n) for n in record.get("supplement_notes") or []]
        if status_wording:
            notes.append(status_wording)
        if record.get("related_mission_basis") and _mission_basis(record) != "stated":
            notes.append(f"Mission: {record['related_mission_basis']}")
        projects.append(
            {
                "id": record["id"],
                "title": record["title"],
                "description": _private(record["description"]),
                "country": record["country"],
                "country_iso3": record["country_iso3"],
                "mission": record.get("related_mission"),
                "mission_basis": _mission_basis(record),
                "implementing_entity": record.get("implementing_entity"),
                "partners": [_partner(p) for p in record.get("partners") or []],
                "places": places,
                "start_date": _date(record.get("start_date")),
                "end_date": _date(record.get("end_date")),
                "dates_note": _private(record.get("dates_note")),
                "budget_usd": record.get("budget_usd"),
                "budget_qualifier": _budget_qualifier(record),
                "budget_note": _private(record.get("budget_note")),
                "services": record.get("services") or [],
                "beneficiaries": beneficiaries,
                "status": record.get("status"),
                "status_as_of": status_as_of,
                "trust_fund_link": record["trust_fund_link"],
                "possible_duplicate_of": record.get("possible_duplicate_of"),
                "related_records": record.get("related_records") or [],
                "conflicts": [_private(c) for c in record.get("conflicts") or []],
                "notes": notes,
                "sources": [{"source_id": i, "locator": loc} for i, _t, _u, loc in sources],
            }
        )
    header = (
        "# Victim-assistance projects that public sources tie to the Trust Fund. Generated by\n"
        "# python -m tools.import_shared from shared/sources/projects/projects.yaml; see data/README.md.\n"
        "# Unknown fields are null, never 0. Descriptions are in our own words."
    )
    write_yaml(out / "projects.yaml", projects, header=header)
