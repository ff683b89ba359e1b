"""allegations.csv, scopes.csv and measures.csv from shared/sources/allegations/."""

from __future__ import annotations

from pathlib import Path

from tools.import_shared.common import clean_text, qualifier_for, read_csv, register
from tools.import_shared.io import write_csv
from tools.import_shared.registry import SourceRegistry

COLUMNS = [
    "year", "period", "scope", "mission", "category", "measure", "value", "qualifier",
    "source_id", "source_locator", "note",
]  # fmt: skip
SCOPES = {
    "peacekeeping": (
        "peacekeeping",
        "Peacekeeping operations",
        "Personnel of UN peacekeeping operations; the label sources use up to 2016.",
    ),
    "peacekeeping+SPM": (
        "peace_operations",
        "Peacekeeping and special political missions",
        "Peacekeeping operations plus special political missions: the scope of the "
        "Secretary-General's reports from the 2016–2017 figures on.",
    ),
    "SPM": ("special_political_missions", "Special political missions", "Special political missions on their own."),
    "other UN entities": (
        "other_un_entities",
        "Other UN entities",
        "UN personnel outside peace operations: agencies, funds, programmes and the Secretariat.",
    ),
    "other UN entities and implementing partners": (
        "other_un_entities_and_partners",
        "Other UN entities and implementing partners",
        "A combined figure for UN personnel outside peace operations and implementing partners.",
    ),
    "implementing partners": (
        "implementing_partners",
        "Implementing partners",
        "Personnel of non-UN organisations that implement UN programmes.",
    ),
    "non-UN international forces": (
        "non_un_forces",
        "Non-UN international forces",
        "Forces under a Security Council mandate but not under UN command.",
    ),
    "UN system-wide (UN personnel)": (
        "un_system_personnel",
        "UN system-wide (UN personnel)",
        "All UN staff and related personnel, without implementing partners.",
    ),
    "UN system-wide (all categories)": (
        "un_system_all",
        "UN system-wide (all categories)",
        "Grand total including implementing partners and non-UN forces.",
    ),
}
MISSION_SCOPE = ("mission", "One mission", "Allegations against the personnel of one field mission.")
ALL_MISSIONS = {
    "ALL (peacekeeping)": "peacekeeping",
    "ALL (peacekeeping+SPM)": "peace_operations",
    "ALL (special political missions)": "special_political_missions",
}
MEASURES = {
    "allegations": ("Allegations", "count", "Allegations of sexual exploitation and abuse received."),
    "victims": ("Victims", "count", "Victims identified in the allegations received."),
    "adult_victims": ("Adult victims", "count", "Victims aged 18 or over."),
    "child_victims": ("Child victims", "count", "Victims under 18."),
    "allegations_involving_minors": (
        "Allegations involving minors",
        "count",
        "Allegations in which at least one victim was under 18.",
    ),
    "allegations_sexual_abuse": ("Allegations of sexual abuse", "count", "Allegations classed as sexual abuse."),
    "allegations_sexual_exploitation": (
        "Allegations of sexual exploitation",
        "count",
        "Allegations classed as sexual exploitation.",
    ),
    "allegations_egregious": (
        "Allegations of the most egregious forms",
        "count",
        "Sexual activity with minors and rape, as the source groups them.",
    ),
    "allegations_non_consensual_adults": (
        "Allegations of rape or non-consensual sex with adults",
        "count",
        "As the source words it.",
    ),
    "allegations_consensual_local": (
        "Allegations involving consensual relationships with local people",
        "count",
        "As the mission's report words it.",
    ),
    "allegations_paternity": (
        "Allegations with paternity or child-support claims",
        "count",
        "Allegations linked to a pregnancy, a paternity claim or a request for child support.",
    ),
    "allegations_multiple_victims": ("Allegations involving multiple victims", "count", "As the source words it."),
    "allegations_recent_incidents": (
        "Allegations about incidents in the same or prior year",
        "count",
        "Allegations reported within about a year of the incident.",
    ),
    "allegations_old_incidents": (
        "Allegations about incidents more than two years earlier",
        "count",
        "Allegations reported long after the incident.",
    ),
    "allegations_outside_minusca": ("Allegations in missions other than MINUSCA", "count", "As the source words it."),
    "allegations_investigated": ("Allegations investigated", "count", "Allegations whose investigation was done."),
    "completed_investigations": ("Completed investigations", "count", "Investigations completed at the date noted."),
    "substantiated": ("Substantiated", "count", "Allegations or cases an investigation found to be true."),
    "unsubstantiated": ("Unsubstantiated", "count", "Allegations an investigation did not find to be true."),
    "alleged_perpetrators": ("Alleged perpetrators", "count", "Persons accused (not allegations)."),
    "share_from_minusca_monusco": (
        "Share of allegations from MINUSCA and MONUSCO",
        "percent",
        "Percent of the year's peace-operation allegations.",
    ),
    "share_involving_minors": ("Share of allegations involving minors", "percent", "Percent of the year's total."),
    "share_non_consensual": (
        "Share of allegations involving non-consensual sex",
        "percent",
        "Percent of the year's total.",
    ),
    "share_child_victims": ("Share of victims who were children", "percent", "Percent of the year's victims."),
}
# other_figures.csv measure wording -> (measure code, category, period, note added)
OTHER_MEASURES: dict[str, tuple[str, str, str, str]] = {
    "victims": ("victims", "", "year", ""),
    "adult victims": ("adult_victims", "", "year", ""),
    "child victims": ("child_victims", "", "year", ""),
    "allegations involving minors": ("allegations_involving_minors", "", "year", ""),
    "allegations reported January-June": ("allegations", "", "Jan-Jun", ""),
    "allegations reported July-December": ("allegations", "", "Jul-Dec", ""),
    "allegations with paternity claims / pregnancy": ("allegations_paternity", "", "year", ""),
    "allegations associated with paternity claims": ("allegations_paternity", "", "year", ""),
    "allegations involving women who gave birth and sought child support": (
        "allegations_paternity",
        "",
        "year",
        "worded as: women who gave birth and sought child support",
    ),
    "unsubstantiated (of completed investigations, as at 31 Jan 2016)": (
        "unsubstantiated",
        "",
        "year",
        "of completed investigations, as at 31 Jan 2016",
    ),
    "substantiated (of completed investigations, as at 31 Jan 2016)": (
        "substantiated",
        "",
        "year",
        "of completed investigations, as at 31 Jan 2016",
    ),
    "completed investigations (as at 31 Jan 2016)": ("completed_investigations", "", "year", "as at 31 Jan 2016"),
    "substantiated so far (at time of report)": ("substantiated", "", "year", "so far, at the time of the report"),
    "substantiated (of 5 investigated from January-June 2007)": (
        "substantiated",
        "",
        "Jan-Jun",
        "of 5 investigated from January-June 2007",
    ),
    "share of allegations from MINUSCA and MONUSCO (percent)": ("share_from_minusca_monusco", "", "year", ""),
    "share of allegations from MONUSCO and MINUSCA (percent)": ("share_from_minusca_monusco", "", "year", ""),
    "allegations about incidents in same or prior year": ("allegations_recent_incidents", "", "year", ""),
    "allegations about incidents more than two years earlier": ("allegations_old_incidents", "", "year", ""),
    "allegations involving consensual relationships with local population": (
        "allegations_consensual_local",
        "",
        "year",
        "",
    ),
    "allegations investigated": ("allegations_investigated", "", "year", ""),
    "allegations of egregious forms (sexual activity with minors incl. rape)": (
        "allegations_egregious",
        "",
        "year",
        "",
    ),
    "substantiated cases - civilian personnel": ("substantiated", "civilian", "year", "substantiated cases"),
    "substantiated cases - military personnel": ("substantiated", "military", "year", "substantiated cases"),
    "substantiated cases - police and corrections personnel": (
        "substantiated",
        "police",
        "year",
        "substantiated cases; source says police and corrections personnel",
    ),
    "share of allegations involving minors (percent)": ("share_involving_minors", "", "year", ""),
    "share of allegations involving non-consensual sex (percent)": ("share_non_consensual", "", "year", ""),
    "allegations in missions other than MINUSCA": ("allegations_outside_minusca", "", "year", ""),
    "allegations of rape/non-consensual sex with adults": ("allegations_non_consensual_adults", "", "year", ""),
    "alleged perpetrators": ("alleged_perpetrators", "", "year", ""),
    "allegations of sexual abuse": ("allegations_sexual_abuse", "", "year", ""),
    "allegations of sexual exploitation": ("allegations_sexual_exploitation", "", "year", ""),
    "alleged perpetrators - civilian": ("alleged_perpetrators", "civilian", "year", ""),
    "alleged perpetrators - military": ("alleged_perpetrators", "military", "year", ""),
    "alleged perpetrators - police": ("alleged_perpetrators", "police", "year", ""),
    "share of victims who were children (percent)": ("share_child_victims", "", "year", ""),
    "allegations involving civilian perpetrators": (
        "allegations",
        "civilian",
        "year",
        "worded as: allegations involving civilian perpetrators",
    ),
    "allegations involving multiple victims": ("allegations_multiple_victims", "", "year", ""),
    "allegations in which minors were victims": ("allegations_involving_minors", "", "year", ""),
}


THIRD_PASS = "_third_pass"
# Third-pass figures that the allegations table cannot hold: several years at once, or the figures of one
# allegation's investigation (incidents from 2014 to 2021) rather than a count for a year. Listed in data/README.md.
NOT_ANNUAL = {
    "victims identified in preliminary investigation",
    "child victims identified in preliminary investigation",
    "alleged perpetrators (persons, identities unknown)",
    "paternity claims recorded",
}


def _category(text: str) -> tuple[str, str]:
    """('military', the source's own wording) from 'military (contingent members ...)'."""
    base = text.split(" (")[0].strip()
    return base, (text if text != base else "")


def _row(source: dict[str, str], registry: SourceRegistry, **fact: str) -> dict[str, str]:
    value = fact.pop("value")
    extra_note = fact.pop("extra_note", "")
    note = "; ".join(p for p in (extra_note, source.get("notes", "")) if p)
    row_key = ("allegations", " ".join(fact[c] for c in ("year", "period", "scope", "mission", "category", "measure")))
    return {
        **fact,
        "value": value,
        "qualifier": qualifier_for(float(value), source.get("notes", "")),
        "source_id": register(registry, source["source_url"], source["source_title"], row_key),
        "source_locator": source["source_locator"],
        "note": clean_text(note),
        THIRD_PASS: source.get(THIRD_PASS, ""),
    }


def _read(shared: Path, name: str) -> list[dict[str, str]]:
    """The rows of one research table followed by the third pass's new rows in the same columns (marked, so that
    where both passes give one source's same fact the first pass's row and notes are kept)."""
    addition = shared / "additions" / name
    third_pass = [{**row, THIRD_PASS: "yes"} for row in read_csv(addition)] if addition.exists() else []
    return read_csv(shared / "allegations" / name) + third_pass


def build(shared: Path, registry: SourceRegistry, out: Path) -> None:
    folder = shared / "allegations"
    rows: list[dict[str, str]] = []
    for src in _read(shared, "allegations_by_year.csv"):
        rows.append(
            _row(
                src,
                registry,
                year=src["year"],
                period="year",
                scope=SCOPES[src["scope"]][0],
                mission="",
                category="",
                measure="allegations",
                value=src["allegations"],
            )
        )
    for src in _read(shared, "allegations_by_mission_year.csv"):
        rows.append(
            _row(
                src,
                registry,
                year=src["year"],
                period="year",
                scope="mission",
                mission=src["mission"],
                category="",
                measure="allegations",
                value=src["allegations"],
            )
        )
    for src in read_csv(folder / "allegations_by_mission_year_extra.csv"):
        category, wording = _category(src["category"]) if src["category"] else ("", "")
        scope = ALL_MISSIONS.get(src["mission"], "mission")
        rows.append(
            _row(
                src,
                registry,
                year=src["year"],
                period="year",
                scope=scope,
                mission="" if src["mission"] in ALL_MISSIONS else src["mission"],
                category=category,
                measure="allegations",
                value=src["allegations"],
                extra_note=f"source's category: {wording}" if wording else "",
            )
        )
    for src in _read(shared, "allegations_by_category_year.csv"):
        category, wording = _category(src["category"])
        scope = "peacekeeping" if int(src["year"]) <= 2016 else "peace_operations"
        rows.append(
            _row(
                src,
                registry,
                year=src["year"],
                period="year",
                scope=scope,
                mission="",
                category=category,
                measure="allegations",
                value=src["allegations"],
                extra_note=f"source's category: {wording}" if wording else "",
            )
        )
    skipped = []
    for src in _read(shared, "other_figures.csv"):
        if not src["value"]:
            skipped.append((src["year"], src["measure"], "no value"))
            continue
        if src["measure"] in NOT_ANNUAL or not src["year"].isdigit():
            skipped.append((src["year"], src["measure"], "not a figure for one year"))
            continue
        measure, category, period, extra = OTHER_MEASURES[src["measure"]]
        if src["scope"] in SCOPES:
            scope, mission = SCOPES[src["scope"]][0], ""
        else:
            scope, mission = "mission", src["scope"]
        rows.append(
            _row(
                src,
                registry,
                year=src["year"],
                period=period,
                scope=scope,
                mission=mission,
                category=category,
                measure=measure,
                value=src["value"],
                extra_note=extra,
            )
        )
    unique: dict[tuple[str, ...], dict[str, str]] = {}
    for row in rows:
        key = tuple(row[c] for c in ("year", "period", "scope", "mission", "category", "measure", "source_id"))
        if key in unique and unique[key]["value"] != row["value"]:
            raise ValueError(f"one source gives two values for one fact: {key}")
        if key not in unique or (unique[key][THIRD_PASS] and not row[THIRD_PASS]):
            unique[key] = row
    for row in unique.values():
        del row[THIRD_PASS]
    ordered = sorted(
        unique.values(),
        key=lambda r: (
            r["scope"],
            r["mission"],
            int(r["year"]),
            r["period"],
            r["measure"],
            r["category"],
            r["source_id"],
        ),
    )
    write_csv(out / "allegations.csv", COLUMNS, ordered)
    scopes = [{"code": c, "label": label, "definition": d} for c, label, d in [*SCOPES.values(), MISSION_SCOPE]]
    write_csv(out / "scopes.csv", ["code", "label", "definition"], scopes)
    measures = [{"code": c, "label": lab, "unit": u, "definition": d} for c, (lab, u, d) in MEASURES.items()]
    write_csv(out / "measures.csv", ["code", "label", "unit", "definition"], measures)
    print(
        f"allegations: {len(rows)} rows read, {len(ordered)} written (same source stating the same fact "
        f"twice is kept once); skipped: {skipped}"
    )
