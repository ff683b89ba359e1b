"""The data page's contents (pure): dataset tables for download, the source list, coverage."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from components.data.bundle import DataBundle, latest_source_date
from components.data.downloads import csv_bytes
from components.data.schema import SCHEMAS
from components.data.validate import coverage_rows
from components.figures.citations import source_kind_label
from components.language.translation import ENGLISH, N_, Language

# Rows a table on the page shows; the download always has every row. The shipped tables are all shorter, but
# sending tens of thousands of rows to the browser on every rerun made the page slow at 100x data.
MAX_SHOWN_ROWS = 2_000


def shown_rows(frame: pd.DataFrame, limit: int = MAX_SHOWN_ROWS, lang: Language = ENGLISH) -> tuple[pd.DataFrame, str]:
    """The rows a page table shows, and a note saying so when some are left for the download."""
    if len(frame) <= limit:
        return frame, ""
    note = lang._(
        "Showing the first {shown} of {total} rows; the CSV download has them all.",
        shown=lang.number(limit),
        total=lang.number(len(frame)),
    )
    return frame.head(limit), note


def dataset_label(name: str, lang: Language = ENGLISH) -> str:
    """A dataset as the page names it: in English its file's name (tfsea-<name>.csv, data/README.md), in another
    language words; the download keeps the file's name in every language."""
    labels = {
        "allegations": lang.p_("dataset", "allegations"),
        "contributions": lang.p_("dataset", "contributions"),
        "funding": lang.p_("dataset", "funding"),
        "donor_roster": lang.p_("dataset", "donor_roster"),
        "portfolio": lang.p_("dataset", "portfolio"),
        "projects": lang.p_("dataset", "projects"),
        "project_places": lang.p_("dataset", "project_places"),
        "missions": lang.p_("dataset", "missions"),
        "personnel": lang.p_("dataset", "personnel"),
        "sources": lang.p_("dataset", "sources"),
        "scopes": lang.p_("dataset", "scopes"),
        "measures": lang.p_("dataset", "measures"),
    }
    return labels.get(name, name)


@dataclass(frozen=True)
class Catalogue:
    coverage: pd.DataFrame
    sources: pd.DataFrame
    source_kind_counts: pd.DataFrame
    tables: dict[str, pd.DataFrame]
    descriptions: dict[str, str]
    row_total: int
    latest_source: str


def coverage_scope(catalogue: Catalogue, lang: Language = ENGLISH) -> str:
    """Which of the datasets the coverage table covers, counted from the same list the Datasets tab offers: the page
    said "All 11 datasets" over a table of 8 rows, with nothing to say where the others were."""
    in_coverage = set(catalogue.coverage["dataset"])
    covered = [name for name in catalogue.tables if dataset_label(name, lang) in in_coverage]
    others = [name for name in catalogue.tables if name not in covered]
    total = lang.number(len(catalogue.tables))
    if not others:
        return lang._(
            "{covered} of the {total} datasets hold figures and are covered here. Every dataset is under Datasets, "
            "to read and download.",
            covered=lang.number(len(covered)),
            total=total,
        )
    return lang._(
        "{covered} of the {total} datasets hold figures and are covered here; the other {others} ({names}) are "
        "lists the figures refer to. Every dataset is under Datasets, to read and download.",
        covered=lang.number(len(covered)),
        total=total,
        others=lang.number(len(others)),
        names=", ".join(dataset_label(name, lang) for name in others),
    )


def _display_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Lists inside cells (project services, partners) shown as '; '-joined text."""
    shown = frame.copy()
    for column in shown.columns:
        if shown[column].map(lambda v: isinstance(v, tuple)).any():
            shown[column] = shown[column].map(lambda v: "; ".join(map(str, v)) if isinstance(v, tuple) else v)
    return shown


def dataset_csv(bundle: DataBundle, name: str, lang: Language = ENGLISH) -> bytes:
    """One dataset as the CSV users download (`sources` is the source list as shown, its kinds in `lang`). The
    headers are the data's column names, the same in every language, as data/README.md documents them."""
    if name == "sources":
        return csv_bytes(build_catalogue(bundle, lang).sources)
    return csv_bytes(_display_table(bundle.tables()[name]))


# What the two tables made in the bundle (not read from a file with a schema) hold.
_BUILT_TABLE_DESCRIPTIONS = {
    "projects": N_("Victim-assistance projects: place, partners, services, budget, beneficiaries, status."),
    "project_places": N_("The places of each project, with coordinates where a gazetteer gives them."),
}


def build_catalogue(bundle: DataBundle, lang: Language = ENGLISH) -> Catalogue:
    """Everything the Data & sources page lists, its words in `lang`; the data's own text as the sources wrote it."""
    tables = {name: _display_table(frame) for name, frame in bundle.tables().items()}
    sources = bundle.sources.assign(kind_label=bundle.sources["kind"].map(lambda kind: source_kind_label(kind, lang)))
    kind_counts = (
        sources.groupby("kind_label").size().rename("sources").reset_index().sort_values("sources", ascending=False)
    )
    descriptions = {name: SCHEMAS[name].description for name in tables if name in SCHEMAS} | _BUILT_TABLE_DESCRIPTIONS
    coverage = pd.DataFrame(coverage_rows(bundle, lang))
    coverage["dataset"] = coverage["dataset"].map(lambda name: dataset_label(name, lang))
    return Catalogue(
        coverage=coverage,
        sources=sources[["id", "kind_label", "publisher", "date", "title", "url", "note"]],
        source_kind_counts=kind_counts,
        tables=tables,
        descriptions={name: lang._(text) for name, text in descriptions.items() if name in tables},
        row_total=int(sum(len(f) for f in bundle.tables().values())),
        latest_source=latest_source_date(bundle),
    )
