"""missions.csv and personnel.csv from shared/sources/missions/."""

from __future__ import annotations

from pathlib import Path

from tools.import_shared.common import clean_text, read_csv, register
from tools.import_shared.io import write_csv
from tools.import_shared.registry import SourceRegistry

TYPES = {
    "peacekeeping": "peacekeeping",
    "special political mission": "special_political_mission",
    "support office": "support_office",
}
MISSION_COLUMNS = [
    "acronym", "name", "type", "country_iso3", "hq_city", "lat", "lon", "start_date", "end_date",
    "end_date_note", "coords_basis", "source_ids", "note",
]  # fmt: skip
PERSONNEL_COLUMNS = ["mission", "year", "personnel", "method", "source_id", "note"]
SCHEDULED_ENDS = {
    "UNIFIL": "Operations cease on 2026-12-31 under res. 2790 (scheduled; not entered as an end date).",
    "UNMHA": "2026-03-31 is the end of the final mandate (scheduled when the source was read).",
}


def _coords_basis(text: str) -> str:
    if not text:
        return ""
    if text.startswith("general knowledge"):
        return "general_knowledge"
    if "coordinates given for" in text:
        return "hub_same_city"
    return "hub"


def _source_title(url: str) -> str:
    if "DPPADPOSS-PKO" in url:
        return "UN Peace and Security Data Hub, dataset DPPADPOSS-PKO (copy in tdballesteros/conflict-relapse)"
    if "pko.csv" in url:
        return "IPI Peacekeeping Database monthly totals, pko.csv (copy in tdballesteros/conflict-relapse)"
    if "kl371218" in url:
        return "UN monthly reports of uniformed personnel by mission and country (archived PDFs in kl371218/kl371218)"
    if "CountryByYear" in url:
        return "CountryByYear.csv from UN contributions-by-gender open data (corinnee/UN_Peacekeeping_Analytics)"
    return ""


def build(shared: Path, registry: SourceRegistry, out: Path) -> None:
    missions = []
    for row in read_csv(shared / "missions" / "missions.csv"):
        urls = [u.strip() for u in row["source_url"].split(" | ") if u.strip()]
        ids = [
            register(registry, u, _source_title(u) or f"Mission reference for {row['acronym']}",
                     ("missions/missions.csv", row["acronym"]))
            for u in urls
        ]  # fmt: skip
        note = row["notes"]
        if row["coords_source"]:
            note = f"{note} Coordinates: {row['coords_source']}".strip()
        missions.append(
            {
                "acronym": row["acronym"],
                "name": row["name"],
                "type": TYPES[row["type"]],
                "country_iso3": row["country_iso3"],
                "hq_city": row["hq_city"],
                "lat": row["lat"],
                "lon": row["lon"],
                "start_date": row["start_date"],
                "end_date": row["end_date"],
                "end_date_note": SCHEDULED_ENDS.get(row["acronym"], ""),
                "coords_basis": _coords_basis(row["coords_source"]),
                "source_ids": ";".join(dict.fromkeys(ids)),
                "note": clean_text(note),
            }
        )
    write_csv(out / "missions.csv", MISSION_COLUMNS, missions)

    personnel = []
    for name in ("personnel_by_mission_year.csv", "personnel_by_mission_year_2017_2024.csv"):
        for row in read_csv(shared / "missions" / name):
            url = row["source_url"]
            personnel.append(
                {
                    "mission": row["mission"],
                    "year": row["year"],
                    "personnel": row["personnel"],
                    "method": row["method"],
                    "source_id": register(
                        registry,
                        url,
                        _source_title(url) or "Uniformed personnel source",
                        (f"missions/{name}", f"{row['mission']} {row['year']} {row['method']}"),
                    ),
                    "note": clean_text(row["notes"]),
                }
            )
    personnel.sort(key=lambda r: (r["mission"], int(r["year"]), r["method"]))
    write_csv(out / "personnel.csv", PERSONNEL_COLUMNS, personnel)
