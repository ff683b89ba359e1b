"""A small, valid, clearly fictitious data folder that tests change one cell at a time."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import yaml

from components.data.schema import SCHEMAS

BASEMAP = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"iso3": iso3, "name": name},
            "geometry": {"type": "Polygon", "coordinates": [[[x, y], [x + 2, y], [x + 2, y + 2], [x, y]]]},
        }
        for iso3, name, x, y in (
            ("COD", "Dem. Rep. Congo", 20, -3),
            ("CAF", "Central African Rep.", 18, 5),
            ("IND", "India", 78, 20),
            ("NOR", "Norway", 10, 60),
        )
    ],
}


def tiny_tables() -> dict[str, list[dict[str, Any]]]:
    """Rows per dataset; tests edit these before writing them out."""
    return {
        "sources": [
            {
                "id": "un-doc-2020",
                "title": "Test UN report",
                "publisher": "UN",
                "kind": "un_document",
                "url": "https://example.org/un-report",
                "date": "2020-02",
            },
            {
                "id": "press-2021",
                "title": "Test press story",
                "publisher": "Press",
                "kind": "press",
                "url": "https://example.org/press",
                "date": "2021-03-01",
            },
        ],
        "scopes": [
            {"code": "peace_operations", "label": "Peacekeeping and special political missions", "definition": "d"},
            {"code": "mission", "label": "One mission", "definition": "d"},
        ],
        "measures": [
            {"code": "allegations", "label": "Allegations", "unit": "count", "definition": "d"},
            {"code": "victims", "label": "Victims", "unit": "count", "definition": "d"},
        ],
        "missions": [
            {
                "acronym": "MONUSCO",
                "name": "Test mission in DR Congo",
                "type": "peacekeeping",
                "country_iso3": "COD",
                "hq_city": "Kinshasa",
                "lat": "-4.3",
                "lon": "15.3",
                "start_date": "2010-07-01",
                "end_date": "",
                "end_date_note": "",
                "coords_basis": "hub",
                "source_ids": "un-doc-2020",
                "note": "",
            },
            {
                "acronym": "MINUSCA",
                "name": "Test mission in CAR",
                "type": "peacekeeping",
                "country_iso3": "CAF",
                "hq_city": "Bangui",
                "lat": "4.4",
                "lon": "18.6",
                "start_date": "2014-04",
                "end_date": "",
                "end_date_note": "",
                "coords_basis": "hub",
                "source_ids": "un-doc-2020",
                "note": "",
            },
        ],
        "personnel": [
            {
                "mission": "MONUSCO",
                "year": "2019",
                "personnel": "16000",
                "method": "annual_mean_of_reported_months",
                "source_id": "un-doc-2020",
                "note": "",
            },
        ],
        "allegations": [
            {
                "year": "2019",
                "period": "year",
                "scope": "peace_operations",
                "mission": "",
                "category": "",
                "measure": "allegations",
                "value": "80",
                "qualifier": "exact",
                "source_id": "un-doc-2020",
                "source_locator": "para 1",
                "note": "",
            },
            {
                "year": "2020",
                "period": "year",
                "scope": "peace_operations",
                "mission": "",
                "category": "",
                "measure": "allegations",
                "value": "66",
                "qualifier": "exact",
                "source_id": "un-doc-2020",
                "source_locator": "para 2",
                "note": "",
            },
            {
                "year": "2019",
                "period": "year",
                "scope": "mission",
                "mission": "MONUSCO",
                "category": "",
                "measure": "allegations",
                "value": "30",
                "qualifier": "exact",
                "source_id": "press-2021",
                "source_locator": "para 3",
                "note": "",
            },
        ],
        "contributions": [
            {
                "donor": "India",
                "donor_iso3": "IND",
                "date": "2016-07-22",
                "year": "2016",
                "amount_original": "100000",
                "currency": "USD",
                "amount_usd": "100000",
                "status": "received",
                "payment_type": "voluntary",
                "qualifier": "exact",
                "source_id": "press-2021",
                "source_locator": "para 1",
                "note": "",
            },
        ],
        "funding": [
            {
                "as_of": "2018-12-31",
                "as_of_basis": "stated",
                "measure": "cumulative_usd",
                "value": "2500000",
                "unit": "usd",
                "qualifier": "over",
                "basis": "received",
                "source_id": "un-doc-2020",
                "source_locator": "para 1",
                "note": "",
            },
            {
                "as_of": "2018-12-31",
                "as_of_basis": "stated",
                "measure": "donor_count",
                "value": "21",
                "unit": "donors",
                "qualifier": "exact",
                "basis": "received",
                "source_id": "un-doc-2020",
                "source_locator": "para 1",
                "note": "",
            },
        ],
        "portfolio": [
            {
                "as_of": "2019-07",
                "as_of_basis": "publication_date",
                "measure": "projects_financed",
                "value": "17",
                "unit": "projects",
                "qualifier": "exact",
                "source_id": "un-doc-2020",
                "source_locator": "para 2",
                "note": "",
            },
        ],
        "donor_roster": [
            {
                "as_of": "2018-12-31",
                "as_of_basis": "stated",
                "donor": "India",
                "donor_iso3": "IND",
                "list_complete": "true",
                "source_id": "un-doc-2020",
            },
            {
                "as_of": "2018-12-31",
                "as_of_basis": "stated",
                "donor": "Norway",
                "donor_iso3": "NOR",
                "list_complete": "true",
                "source_id": "un-doc-2020",
            },
        ],
        "projects": [
            {
                "id": "DRC-TEST-2018",
                "title": "Test project in Sake",
                "description": "Fictitious test project.",
                "country": "Democratic Republic of the Congo",
                "country_iso3": "COD",
                "mission": "MONUSCO",
                "mission_basis": "stated",
                "implementing_entity": "Test NGO",
                "partners": ["Partner A"],
                "places": [
                    {
                        "locality": "Sake",
                        "admin_area": "North Kivu",
                        "lat": -1.57,
                        "lon": 29.04,
                        "coords_source": "test",
                    }
                ],
                "start_date": "2018-05-10",
                "end_date": None,
                "dates_note": None,
                "budget_usd": 175000,
                "budget_qualifier": "exact",
                "budget_note": None,
                "services": ["medical", "livelihoods"],
                "beneficiaries": [
                    {"count": 130, "qualifier": "about", "kind": "women", "source_id": "press-2021", "note": None}
                ],
                "status": "ongoing",
                "status_as_of": "2018-11",
                "trust_fund_link": "confirmed",
                "possible_duplicate_of": None,
                "related_records": [],
                "conflicts": [],
                "sources": [{"source_id": "un-doc-2020", "locator": "para 1"}],
            },
        ],
    }


def write_data(folder: Path, tables: dict[str, list[dict[str, Any]]] | None = None) -> Path:
    """Write the tables in the shipped formats; returns the folder."""
    tables = tables or tiny_tables()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "basemap").mkdir(exist_ok=True)
    (folder / "basemap" / "countries-110m.geojson").write_text(json.dumps(BASEMAP), encoding="utf-8")
    for name, rows in tables.items():
        if name in ("sources", "projects"):
            (folder / f"{name}.yaml").write_text(yaml.safe_dump(rows, sort_keys=False), encoding="utf-8")
            continue
        schema = SCHEMAS[name]
        with (folder / schema.file).open("w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=schema.column_names, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    return folder


HOSTILE_TEXTS = (
    "<script>alert('xss-script')</script>",
    "<img src=x onerror=alert('xss-img')>",
    "**bold** [click](javascript:alert('xss-link')) # heading",
)


def hostile_tables() -> dict[str, list[dict[str, Any]]]:
    """Tiny tables whose names and titles are markup: every page must show them as plain text."""
    tables = tiny_tables()
    script, image, markdown = HOSTILE_TEXTS
    tables["sources"][0].update(title=f"Report {script}", publisher=markdown)
    tables["sources"][1].update(title=f"Story {image}", publisher=script)
    tables["missions"][0].update(name=f"Mission {image}", hq_city=markdown)
    tables["missions"][1].update(name=f"Mission {markdown}")
    tables["contributions"][0].update(donor=f"Donor {script}", note=markdown)
    tables["donor_roster"][0].update(donor=f"Donor {image}")
    tables["allegations"][0].update(note=script, source_locator=image)
    tables["portfolio"][0].update(note=script, source_locator=markdown)
    project = tables["projects"][0]
    project.update(
        title=f"Project {script}",
        description=f"Description {image} {markdown}",
        implementing_entity=markdown,
        partners=[image, script],
        dates_note=script,
        budget_note=image,
        conflicts=[markdown],
    )
    project["places"][0].update(locality=f"Town {image}", admin_area=script)
    project["beneficiaries"][0].update(kind=markdown, note=script)
    return tables
