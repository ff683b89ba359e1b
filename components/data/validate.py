"""python -m components.data.validate [DATA_DIR]: check every data file and print a coverage report.

Exit status 1 when a file breaks a rule, with every problem named by file, row, column and rule.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from components.data.bundle import DataBundle, data_directory, load_bundle
from components.data.preferred import ALLEGATION_FACT, preferred_values
from components.data.schema import DataValidationError
from components.editing.history import HistoryError, changed_since_published, read_log
from components.figures.allegations import MISSION_YEAR_DEFINITION, known_mission_years
from components.figures.contributions import funding_facts
from components.figures.formatting import plural
from components.language.translation import ENGLISH, Language


def _years(series: pd.Series, lang: Language) -> str:
    years = sorted({int(str(v)[:4]) for v in series.dropna()})
    if not years:
        return "—"
    return lang.n_(
        "{first}–{last} ({n} year)", "{first}–{last} ({n} years)", len(years), first=years[0], last=years[-1]
    )


def coverage_rows(bundle: DataBundle, lang: Language = ENGLISH) -> list[dict[str, object]]:
    """One line per dataset: rows, years covered, facts whose sources disagree, unknown values (in `lang`; the keys
    stay the same in every language)."""
    n = lang.number
    allegations = preferred_values(bundle.allegations, bundle.sources, ALLEGATION_FACT)
    funding = funding_facts(bundle.funding, bundle.sources)
    projects = bundle.projects
    project_unknowns = lang._(
        "budget {budget}, start date {start}, status {status}, implementing entity {entity}",
        budget=n(int(projects["budget_usd"].isna().sum())),
        start=n(int(projects["start_date"].isna().sum())),
        status=n(int(projects["status"].isna().sum())),
        entity=n(int(projects["implementing_entity"].isna().sum())),
    )
    # The page's "Mission-years known" and this line count the same thing (MISSION_YEAR_DEFINITION).
    mission_years = known_mission_years(allegations)
    return [
        {
            "dataset": "allegations",
            "rows": len(bundle.allegations),
            "years": _years(bundle.allegations["year"], lang),
            "facts": len(allegations),
            "conflicting facts": int(allegations["conflict"].sum()),
            "unknown": lang._(
                "{missions} missions with any per-mission count; {known} mission-years known ({definition})",
                missions=n(mission_years["mission"].nunique()),
                known=n(len(mission_years)),
                definition=lang._(MISSION_YEAR_DEFINITION),
            ),
        },
        {
            "dataset": "funding",
            "rows": len(bundle.funding),
            "years": _years(bundle.funding["as_of"], lang),
            "facts": len(funding),
            "conflicting facts": int(funding["conflict"].sum()),
            "unknown": lang._("no yearly income, expenditure or per-donor withheld payments are public"),
        },
        {
            "dataset": "contributions",
            "rows": len(bundle.contributions),
            "years": _years(bundle.contributions["year"], lang),
            "facts": len(bundle.contributions),
            "conflicting facts": 0,
            "unknown": lang._(
                "{count} without a USD amount", count=n(int(bundle.contributions["amount_usd"].isna().sum()))
            ),
        },
        {
            "dataset": "donor_roster",
            "rows": len(bundle.donor_roster),
            "years": _years(bundle.donor_roster["as_of"], lang),
            "facts": bundle.donor_roster["as_of"].nunique(),
            "conflicting facts": 0,
            "unknown": lang.n_(
                "{n} name from incomplete lists",
                "{n} names from incomplete lists",
                int((bundle.donor_roster["list_complete"] == "false").sum()),
            ),
        },
        {
            "dataset": "portfolio",
            "rows": len(bundle.portfolio),
            "years": _years(bundle.portfolio["as_of"], lang),
            "facts": len(bundle.portfolio[["as_of", "measure"]].drop_duplicates()),
            "conflicting facts": 0,
            "unknown": lang._("no yearly reach figure after 2021; no project list of the 17 financed"),
        },
        {
            "dataset": "projects",
            "rows": len(projects),
            "years": _years(projects["start_date"], lang),
            "facts": len(projects),
            "conflicting facts": int(projects["conflicts"].map(len).gt(0).sum()),
            "unknown": project_unknowns,
        },
        {
            "dataset": "missions",
            "rows": len(bundle.missions),
            "years": _years(bundle.missions["start_date"], lang),
            "facts": len(bundle.missions),
            "conflicting facts": 0,
            "unknown": lang._("{count} without HQ coordinates", count=n(int(bundle.missions["lat"].isna().sum()))),
        },
        {
            "dataset": "personnel",
            "rows": len(bundle.personnel),
            "years": _years(bundle.personnel["year"], lang),
            "facts": len(bundle.personnel[["mission", "year"]].drop_duplicates()),
            "conflicting facts": 0,
            "unknown": lang._("uniformed personnel only; none for civilian staff"),
        },
        {
            "dataset": "sources",
            "rows": len(bundle.sources),
            "years": _years(bundle.sources["date"], lang),
            "facts": len(bundle.sources),
            "conflicting facts": 0,
            "unknown": lang._("{count} without a publication date", count=n(int(bundle.sources["date"].isna().sum()))),
        },
    ]


def drift_lines(data_dir: Path) -> list[str]:
    """Files in use that differ from the last version published from the Data management page."""
    try:
        versions = read_log(data_dir)
    except HistoryError as damaged:
        return [f"The version history is damaged: {damaged}"]
    changed = changed_since_published(data_dir, versions)
    if not changed:
        return []
    last = versions[-1].version
    return [
        f"{name} ({what}) differs from the last published version, {last}. If that was not meant, restore "
        f"version {last} on the Data management page (Version history)."
        for name, what in changed.items()
    ]


def main(argv: list[str]) -> int:
    data_dir = Path(argv[0]) if argv else data_directory()
    for line in drift_lines(data_dir):
        print(f"Warning: {line}", file=sys.stderr)
    try:
        bundle = load_bundle(data_dir)
    except DataValidationError as exc:
        print(f"Data in {data_dir} has {plural(len(exc.issues), 'problem', 'problems')}:", file=sys.stderr)
        for issue in exc.issues:
            print(f"  {issue.message()}", file=sys.stderr)
        return 1
    print(f"All data files in {data_dir} pass their checks.\n")
    print(pd.DataFrame(coverage_rows(bundle)).to_string(index=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
