"""Synthetic datasets N times larger than the shipped ones, for benchmarks and tests only.

Every generated text says SYNTHETIC and every source points to example.invalid, so the data can
never pass for real. It is written to a folder the caller names (never data/) and read by the app
through TFSEA_DATA_DIR.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

from components.data.bundle import BASEMAP_FILE, load_bundle, parse_yaml
from components.data.schema import SCHEMAS
from tests.tiny_data import write_data

HOSTS = ("COD", "CAF", "SSD", "MLI", "HTI", "LBR", "LBN", "SOM", "SDN", "CYP")


def _csv_rows(frame) -> list[dict[str, str]]:
    return [{k: "" if v is None or v != v else str(v) for k, v in row.items()} for row in frame.to_dict("records")]


def write_synthetic_data(source_dir: Path, out_dir: Path, scale: int, seed: int = 0) -> Path:
    """Write the real rows plus synthetic ones until each dataset is about `scale` times larger."""
    if out_dir.resolve() == source_dir.resolve():
        raise ValueError("synthetic data never goes into the real data folder")
    rng = random.Random(seed)
    real = load_bundle(source_dir)
    tables = {name: _csv_rows(real.tables()[name]) for name in SCHEMAS}
    extra = scale - 1
    sources = [f"synthetic-{i:05d}" for i in range(max(1, len(tables["sources"]) * extra))]
    tables["sources"] += [
        {"id": s, "title": f"SYNTHETIC — benchmark source {s}", "publisher": "SYNTHETIC", "kind": "other",
         "url": f"https://example.invalid/{s}", "date": "2020-01"}
        for s in sources
    ]  # fmt: skip
    missions = [f"SYN{i:04d}" for i in range(len(tables["missions"]) * extra)]
    tables["missions"] += [
        {"acronym": m, "name": f"SYNTHETIC mission {m}", "type": "peacekeeping", "country_iso3": rng.choice(HOSTS),
         "hq_city": "SYNTHETIC", "lat": f"{rng.uniform(-10, 30):.3f}", "lon": f"{rng.uniform(-15, 45):.3f}",
         "start_date": str(rng.randint(2000, 2015)), "end_date": "", "end_date_note": "", "coords_basis": "",
         "source_ids": rng.choice(sources), "note": "SYNTHETIC"}
        for m in missions
    ]  # fmt: skip
    per_mission_years = max(1, len(tables["allegations"]) * extra // max(1, len(missions)))
    for mission in missions:
        for year in rng.sample(range(2007, 2025), min(per_mission_years, 18)):
            tables["allegations"].append(
                {"year": str(year), "period": "year", "scope": "mission", "mission": mission, "category": "",
                 "measure": "allegations", "value": str(rng.randint(0, 60)), "qualifier": "exact",
                 "source_id": rng.choice(sources), "source_locator": "SYNTHETIC", "note": "SYNTHETIC"}
            )  # fmt: skip
        tables["personnel"].append(
            {"mission": mission, "year": "2020", "personnel": str(rng.randint(50, 15000)),
             "method": "annual_mean_of_reported_months", "source_id": rng.choice(sources), "note": "SYNTHETIC"}
        )  # fmt: skip
    for i in range(len(real.contributions) * extra):
        tables["contributions"].append(
            {"donor": f"SYNTHETIC donor {i}", "donor_iso3": "", "date": f"{rng.randint(2016, 2024)}-01-01",
             "year": "", "amount_original": str(rng.randint(1, 900) * 1000), "currency": "USD",
             "amount_usd": str(rng.randint(1, 900) * 1000), "status": "received", "payment_type": "voluntary",
             "qualifier": "exact", "source_id": rng.choice(sources), "source_locator": "", "note": "SYNTHETIC"}
        )  # fmt: skip
    for i in range(len(real.funding) * extra):
        tables["funding"].append(
            {"as_of": f"{rng.randint(2016, 2024)}-{rng.randint(1, 12):02d}", "as_of_basis": "stated",
             "measure": rng.choice(["cumulative_usd", "donor_count", "withheld_usd"]),
             "value": str(rng.randint(1, 5000)),
             "unit": "usd", "qualifier": "exact", "basis": "not_stated", "source_id": sources[i % len(sources)],
             "source_locator": "", "note": "SYNTHETIC"}
        )  # fmt: skip
    for i in range(len(real.donor_roster) * extra):
        tables["donor_roster"].append(
            {"as_of": f"{rng.randint(2016, 2024)}", "as_of_basis": "stated", "donor": f"SYNTHETIC donor {i}",
             "donor_iso3": "", "list_complete": "true", "source_id": sources[i % len(sources)]}
        )  # fmt: skip
    projects = parse_yaml((source_dir / "projects.yaml").read_text(encoding="utf-8"))
    for i in range(len(projects) * extra):
        mission = rng.choice(missions)
        projects.append(
            {"id": f"SYNTHETIC-{i:05d}", "title": f"SYNTHETIC project {i}", "description": "SYNTHETIC",
             "country": "SYNTHETIC", "country_iso3": rng.choice(HOSTS), "mission": mission, "mission_basis": "stated",
             "implementing_entity": "SYNTHETIC", "partners": ["SYNTHETIC"],
             "places": [{"locality": "SYNTHETIC", "admin_area": None, "lat": rng.uniform(-10, 10),
                         "lon": rng.uniform(10, 40), "coords_source": "SYNTHETIC"}],
             "start_date": f"{rng.randint(2017, 2024)}", "end_date": None, "dates_note": None,
             "budget_usd": rng.randint(1, 500) * 1000, "budget_qualifier": "exact", "budget_note": None,
             "services": rng.sample(["medical", "legal", "livelihoods", "education"], 2), "beneficiaries": [],
             "status": rng.choice(["ongoing", "completed"]), "status_as_of": "2024", "trust_fund_link": "confirmed",
             "possible_duplicate_of": None, "related_records": [], "conflicts": [], "notes": [],
             "sources": [{"source_id": rng.choice(sources), "locator": None}]}
        )  # fmt: skip
    tables["projects"] = projects
    write_data(out_dir, tables)
    shutil.copyfile(source_dir / BASEMAP_FILE, out_dir / BASEMAP_FILE)
    return out_dir
