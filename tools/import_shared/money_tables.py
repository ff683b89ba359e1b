"""contributions.csv, funding.csv and donor_roster.csv from shared/sources/trust_fund/.

The running totals need reading, not parsing: each snapshot's basis, qualifiers and date basis
below were read from the row's notes (see shared/sources/trust_fund/README.md) and are listed
here explicitly so a reviewer can check them against the source row by row.
"""

from __future__ import annotations

from pathlib import Path

from tools.import_shared.common import qualifier_for, read_csv, register, shorten
from tools.import_shared.io import write_csv
from tools.import_shared.registry import SourceRegistry

DONOR_ISO3 = {
    "Albania": "ALB", "Australia": "AUS", "Bangladesh": "BGD", "Bhutan": "BTN", "Canada": "CAN", "Cyprus": "CYP",
    "Ecuador": "ECU", "Finland": "FIN", "Germany": "DEU", "India": "IND", "Italy": "ITA", "Japan": "JPN",
    "Luxembourg": "LUX", "Nepal": "NPL", "Nigeria": "NGA", "Norway": "NOR", "Pakistan": "PAK",
    "Philippines": "PHL", "Portugal": "PRT", "Slovakia": "SVK", "Sri Lanka": "LKA", "Switzerland": "CHE",
    "Uganda": "UGA",
}  # fmt: skip
CONTRIBUTION_COLUMNS = [
    "donor", "donor_iso3", "date", "year", "amount_original", "currency", "amount_usd", "status", "payment_type",
    "qualifier", "source_id", "source_locator", "note",
]  # fmt: skip
FUNDING_COLUMNS = [
    "as_of", "as_of_basis", "measure", "value", "unit", "qualifier", "basis", "source_id", "source_locator", "note",
]  # fmt: skip
ROSTER_COLUMNS = ["as_of", "as_of_basis", "donor", "donor_iso3", "list_complete", "source_id"]

# Snapshot row (0-based, in file order) -> (as_of, as_of_basis, basis of the total, donor count kept?)
SNAPSHOTS: dict[int, tuple[str, str, str, bool]] = {
    0: ("2016-07/2017-09", "our_bracket", "received", True),
    1: ("2017-01-28", "publication_date", "received", True),
    2: ("2017-09", "stated", "received", True),
    # The page gives "5 earlier" and "10 new" donors; 15 would be our sum, so no donor count is kept.
    3: ("2017-09", "stated", "available_incl_commitments", False),
    4: ("2017-09-27", "stated", "not_stated", True),
    5: ("2017-09/2018-12", "our_bracket", "not_stated", True),
    6: ("2018-12-31", "stated", "received", True),
    7: ("2019-06-21", "stated", "pledged", True),
    8: ("2020-07", "publication_date", "not_stated", True),
    9: ("2021", "publication_date", "not_stated", True),
    10: ("2022-09", "publication_date", "not_stated", True),
    11: ("2023-07-20", "publication_date", "not_stated", True),
    12: ("2024-12-31", "stated", "not_stated", True),
    13: ("2024", "our_bracket", "not_stated", True),
}
# The Toronto Star writes "$" without saying which dollar.
CURRENCY_NOT_STATED_ROWS = {1}
OVERVIEW = {
    "fundraising_appeal_target": ("appeal_target_usd", "2020-09", "stated"),
    "received_to_date_scope_unclear": ("received_to_date_usd", "2021", "publication_date"),
    "funds_remaining": ("funds_remaining_usd", "2022-09", "publication_date"),
    "additional_funding_sought_by_2024": ("additional_sought_usd", "2022-09", "publication_date"),
}
ROSTER_DATES = {
    "undated (2016-07 to 2017-09)": ("2016-07/2017-09", "our_bracket"),
    "2017-01-28": ("2017-01-28", "publication_date"),
    "undated (2017-09 to 2018-12)": ("2017-09/2018-12", "our_bracket"),
    "2018-12-31": ("2018-12-31", "stated"),
    "2024-12-31": ("2024-12-31", "stated"),
}
INCOMPLETE_LISTS = {"2024-12-31"}


def _contributions(shared: Path, registry: SourceRegistry) -> list[dict[str, str]]:
    rows = []
    for src in read_csv(shared / "contributions.csv"):
        amount = src["amount_usd"] or src["amount_original"]
        rows.append(
            {
                "donor": src["donor"],
                "donor_iso3": DONOR_ISO3.get(src["donor"], ""),
                "date": src["date"],
                "year": src["year"],
                "amount_original": src["amount_original"],
                "currency": src["currency"],
                "amount_usd": src["amount_usd"],
                "status": src["status"],
                "payment_type": src["type"],
                "qualifier": qualifier_for(float(amount), src["notes"]) if amount else "exact",
                "source_id": register(registry, src["source_url"], src["source_title"]),
                "source_locator": src["source_locator"],
                "note": shorten(src["notes"]),
            }
        )
    return rows


def _funding(shared: Path, registry: SourceRegistry) -> list[dict[str, str]]:
    rows = []
    for index, src in enumerate(read_csv(shared / "cumulative_snapshots.csv")):
        as_of, as_of_basis, basis, keep_count = SNAPSHOTS[index]
        source_id = register(registry, src["source_url"], src["source_title"])
        note = shorten(src["notes"])
        common = {"as_of": as_of, "as_of_basis": as_of_basis, "basis": basis, "source_id": source_id,
                  "source_locator": src["source_locator"], "note": note}  # fmt: skip
        money_unit = "dollars_unstated" if index in CURRENCY_NOT_STATED_ROWS else "usd"
        for measure, column, unit in (
            ("donor_count", "donor_count", "donors"),
            ("cumulative_usd", "cumulative_usd", money_unit),
            ("withheld_usd", "withheld_usd", money_unit),
        ):
            if not src[column] or (measure == "donor_count" and not keep_count):
                continue
            value = float(src[column])
            rows.append(
                {
                    **common,
                    "measure": measure,
                    "value": src[column],
                    "unit": unit,
                    "qualifier": qualifier_for(value, src["notes"]) if unit != "donors" else "exact",
                }
            )
    for src in read_csv(shared / "financial_overview.csv"):
        measure, as_of, as_of_basis = OVERVIEW[src["measure"]]
        rows.append(
            {
                "as_of": as_of,
                "as_of_basis": as_of_basis,
                "measure": measure,
                "value": src["amount_usd"],
                "unit": "usd",
                "qualifier": qualifier_for(float(src["amount_usd"]), src["notes"]),
                "basis": "not_stated",
                "source_id": register(registry, src["source_url"], src["source_title"]),
                "source_locator": src["source_locator"],
                "note": shorten(src["notes"]),
            }
        )
    return rows


def _roster(shared: Path, registry: SourceRegistry) -> list[dict[str, str]]:
    rows = []
    for src in read_csv(shared / "donors_by_snapshot.csv"):
        as_of, basis = ROSTER_DATES[src["as_of"]]
        rows.append(
            {
                "as_of": as_of,
                "as_of_basis": basis,
                "donor": src["donor"],
                "donor_iso3": DONOR_ISO3[src["donor"]],
                "list_complete": "false" if src["as_of"] in INCOMPLETE_LISTS else "true",
                "source_id": register(registry, src["source_url"], f"Donor list of the Trust Fund ({src['as_of']})"),
            }
        )
    return rows


def build(shared: Path, registry: SourceRegistry, out: Path) -> None:
    folder = shared / "trust_fund"
    write_csv(out / "contributions.csv", CONTRIBUTION_COLUMNS, _contributions(folder, registry))
    write_csv(out / "funding.csv", FUNDING_COLUMNS, _funding(folder, registry))
    write_csv(out / "donor_roster.csv", ROSTER_COLUMNS, _roster(folder, registry))
