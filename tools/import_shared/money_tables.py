"""contributions.csv, funding.csv and donor_roster.csv from shared/sources/trust_fund/ and additions/.

The running totals need reading, not parsing: each snapshot's basis, qualifiers and date basis
below were read from the row's notes (see shared/sources/trust_fund/README.md) and are listed
here explicitly so a reviewer can check them against the source row by row.
"""

from __future__ import annotations

from pathlib import Path

from tools.import_shared.common import clean_text, qualifier_for, read_csv, register
from tools.import_shared.io import write_csv
from tools.import_shared.registry import SourceRegistry

DONOR_ISO3 = {
    "Albania": "ALB", "Australia": "AUS", "Bangladesh": "BGD", "Bhutan": "BTN", "Canada": "CAN", "Cyprus": "CYP",
    "Ecuador": "ECU", "Finland": "FIN", "Germany": "DEU", "India": "IND", "Italy": "ITA", "Japan": "JPN",
    "Luxembourg": "LUX", "Nepal": "NPL", "Nigeria": "NGA", "Norway": "NOR", "Pakistan": "PAK",
    "Philippines": "PHL", "Portugal": "PRT", "Slovakia": "SVK", "Sri Lanka": "LKA", "Switzerland": "CHE",
    "Uganda": "UGA", "United Kingdom": "GBR",
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
    # The spokesperson: "the trust fund has received $4.8 million" (the row's locator quotes it): received.
    11: ("2023-07-20", "publication_date", "received", True),
    # "Between 2016 and 2024": the source states a year, not a day. With the year, this mirror's 25 and the un.org
    # page's 25 (row 13) are one fact, and the preferred value cites un.org.
    12: ("2024", "stated", "not_stated", True),
    13: ("2024", "our_bracket", "not_stated", True),
}
# The third pass's snapshots (additions/cumulative_snapshots.csv), by their `as_of`, read the same way.
ADDITION_SNAPSHOTS: dict[str, tuple[str, str, str, bool]] = {
    # "will rise to approximately $1.5 million" with the latest commitments: the UN DPI item of Mon 2 Oct 2017.
    "2017-10-02": ("2017-10-02", "publication_date", "available_incl_commitments", True),
    # The Guardian: 19 states "have made voluntary payments totalling $2m"; "The fund includes $370,000" withheld.
    "2018-03-13": ("2018-03-13", "publication_date", "received", True),
}
# Where a row's notes quote another source's wording of the same value, the qualifier is stated here rather than
# read from the notes: (research file, as_of, measure) -> qualifier.
STATED_QUALIFIERS: dict[tuple[str, str, str], str] = {
    # The Guardian writes "totalling $2m"; the "some US$2 million" in the notes is the un.org page's wording.
    ("additions/cumulative_snapshots.csv", "2018-03-13", "cumulative_usd"): "exact",
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
    "2024-12-31": ("2024", "stated"),  # "Between 2016 and 2024" (see SNAPSHOTS row 12)
}
INCOMPLETE_LISTS = {"2024-12-31"}


def _contributions(shared: Path, registry: SourceRegistry) -> list[dict[str, str]]:
    rows = []
    for file, src in _rows(shared, "contributions.csv"):
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
                "source_id": register(registry, src["source_url"], src["source_title"], (file, src["donor"])),
                "source_locator": src["source_locator"],
                "note": clean_text(src["notes"]),
            }
        )
    return rows


def _rows(shared: Path, name: str) -> list[tuple[str, dict[str, str]]]:
    """(research file, row) for a trust_fund table and then the third pass's new rows in the same columns."""
    files = [f"trust_fund/{name}", f"additions/{name}"]
    return [(f, row) for f in files if (shared / f).exists() for row in read_csv(shared / f)]


def _funding(shared: Path, registry: SourceRegistry) -> list[dict[str, str]]:
    rows = []
    snapshots = _rows(shared, "cumulative_snapshots.csv")
    for index, (file, src) in enumerate(snapshots):
        main_table = file.startswith("trust_fund/")
        as_of, as_of_basis, basis, keep_count = SNAPSHOTS[index] if main_table else ADDITION_SNAPSHOTS[src["as_of"]]
        source_id = register(registry, src["source_url"], src["source_title"], (file, src["as_of"]))
        note = clean_text(src["notes"])
        common = {"as_of": as_of, "as_of_basis": as_of_basis, "basis": basis, "source_id": source_id,
                  "source_locator": src["source_locator"], "note": note}  # fmt: skip
        money_unit = "dollars_unstated" if main_table and index in CURRENCY_NOT_STATED_ROWS else "usd"
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
                    "qualifier": STATED_QUALIFIERS.get((file, src["as_of"], measure))
                    or (qualifier_for(value, src["notes"]) if unit != "donors" else "exact"),
                }
            )
    for file, src in _rows(shared, "financial_overview.csv"):
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
                "source_id": register(registry, src["source_url"], src["source_title"], (file, src["measure"])),
                "source_locator": src["source_locator"],
                "note": clean_text(src["notes"]),
            }
        )
    return rows


def _roster(shared: Path, registry: SourceRegistry) -> list[dict[str, str]]:
    rows = []
    for file, src in _rows(shared, "donors_by_snapshot.csv"):
        as_of, basis = ROSTER_DATES[src["as_of"]]
        rows.append(
            {
                "as_of": as_of,
                "as_of_basis": basis,
                "donor": src["donor"],
                "donor_iso3": DONOR_ISO3[src["donor"]],
                "list_complete": "false" if src["as_of"] in INCOMPLETE_LISTS else "true",
                "source_id": register(
                    registry, src["source_url"], f"Donor list of the Trust Fund ({src['as_of']})", (file, src["as_of"])
                ),
            }
        )
    return rows


def build(shared: Path, registry: SourceRegistry, out: Path) -> None:
    write_csv(out / "contributions.csv", CONTRIBUTION_COLUMNS, _contributions(shared, registry))
    write_csv(out / "funding.csv", FUNDING_COLUMNS, _funding(shared, registry))
    write_csv(out / "donor_roster.csv", ROSTER_COLUMNS, _roster(shared, registry))
