"""The data page's contents (pure): dataset tables for download, the source list, coverage."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from components.data.bundle import DataBundle, latest_source_date
from components.data.downloads import csv_bytes
from components.data.schema import SCHEMAS, SOURCE_KIND_LABELS
from components.data.validate import coverage_rows

# Rows a table on the page shows; the download always has every row. The shipped tables are all shorter, but
# sending tens of thousands of rows to the browser on every rerun made the page slow at 100x data.
MAX_SHOWN_ROWS = 2_000


def shown_rows(frame: pd.DataFrame, limit: int = MAX_SHOWN_ROWS) -> tuple[pd.DataFrame, str]:
    """The rows a page table shows, and a note saying so when some are left for the download."""
    if len(frame) <= limit:
        return frame, ""
    return frame.head(limit), f"Showing the first {limit:,} of {len(frame):,} rows; the CSV download has them all."


@dataclass(frozen=True)
class Catalogue:
    coverage: pd.DataFrame
    sources: pd.DataFrame
    source_kind_counts: pd.DataFrame
    tables: dict[str, pd.DataFrame]
    descriptions: dict[str, str]
    row_total: int
    latest_source: str


def coverage_scope(catalogue: Catalogue) -> str:
    """Which of the datasets the coverage table covers, counted from the same list the Datasets tab offers: the page
    said "All 11 datasets" over a table of 8 rows, with nothing to say where the others were."""
    covered = [name for name in catalogue.tables if name in set(catalogue.coverage["dataset"])]
    others = [name for name in catalogue.tables if name not in covered]
    text = f"{len(covered)} of the {len(catalogue.tables)} datasets hold figures and are covered here"
    if others:
        text += f"; the other {len(others)} ({', '.join(others)}) are lists the figures refer to"
    return text + ". Every dataset is under Datasets, to read and download."


def _display_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Lists inside cells (project services, partners) shown as '; '-joined text."""
    shown = frame.copy()
    for column in shown.columns:
        if shown[column].map(lambda v: isinstance(v, tuple)).any():
            shown[column] = shown[column].map(lambda v: "; ".join(map(str, v)) if isinstance(v, tuple) else v)
    return shown


def dataset_csv(bundle: DataBundle, name: str) -> bytes:
    """One dataset as the CSV users download (`sources` is the source list as shown)."""
    if name == "sources":
        return csv_bytes(build_catalogue(bundle).sources)
    return csv_bytes(_display_table(bundle.tables()[name]))


def build_catalogue(bundle: DataBundle) -> Catalogue:
    tables = {name: _display_table(frame) for name, frame in bundle.tables().items()}
    sources = bundle.sources.assign(kind_label=bundle.sources["kind"].map(SOURCE_KIND_LABELS))
    kind_counts = (
        sources.groupby("kind_label").size().rename("sources").reset_index().sort_values("sources", ascending=False)
    )
    descriptions = {name: SCHEMAS[name].description for name in tables if name in SCHEMAS}
    descriptions |= {
        "projects": "Victim-assistance projects: place, partners, services, budget, beneficiaries, status.",
        "project_places": "The places of each project, with coordinates where a gazetteer gives them.",
    }
    return Catalogue(
        coverage=pd.DataFrame(coverage_rows(bundle)),
        sources=sources[["id", "kind_label", "publisher", "date", "title", "url", "note"]],
        source_kind_counts=kind_counts,
        tables=tables,
        descriptions=descriptions,
        row_total=int(sum(len(f) for f in bundle.tables().values())),
        latest_source=latest_source_date(bundle),
    )
