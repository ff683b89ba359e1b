"""Load and validate every dataset: the only code that knows the file formats.

`load_bundle` is a plain function (tests call it directly); the app reaches it through
`components/ui/caches.py: current_data`, which loads once per process and per change of the files.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import itertools
import json
import os
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd
import yaml
from yaml.composer import Composer, ComposerError
from yaml.events import SequenceEndEvent, SequenceStartEvent, StreamEndEvent

from components.data.countries import basemap_codes
from components.data.once import MadeOnce
from components.data.schema import (
    BENEFICIARY_FIELDS,
    PLACE_FIELDS,
    PROJECT_FIELDS,
    PROJECT_SOURCE_FIELDS,
    SCHEMAS,
    Column,
    DataIssue,
    DataValidationError,
    TableSchema,
    check_value,
    validate_records,
)
from components.language.translation import N_

DATA_DIR_ENV = "TFSEA_DATA_DIR"
SHIPPED_DATA_DIR = Path(__file__).resolve().parents[2] / "data"
BASEMAP_FILE = "basemap/countries-110m.geojson"
PROJECTS_FILE = "projects.yaml"
MAX_FILE_BYTES = 50 * 1024 * 1024


def data_directory() -> Path:
    """The folder the app reads: the shipped data unless the environment points elsewhere."""
    return Path(os.environ.get(DATA_DIR_ENV) or SHIPPED_DATA_DIR)


T = TypeVar("T")


@dataclass(frozen=True)
class DataBundle:
    """Every dataset, validated and typed. Treat the frames as read-only: they are shared."""

    sources: pd.DataFrame
    missions: pd.DataFrame
    personnel: pd.DataFrame
    scopes: pd.DataFrame
    measures: pd.DataFrame
    allegations: pd.DataFrame
    contributions: pd.DataFrame
    funding: pd.DataFrame
    donor_roster: pd.DataFrame
    portfolio: pd.DataFrame
    projects: pd.DataFrame
    project_places: pd.DataFrame
    project_beneficiaries: pd.DataFrame
    project_sources: pd.DataFrame
    basemap: dict[str, Any] = field(repr=False)
    data_dir: str = ""
    fingerprint: str = ""
    # Not copied by dataclasses.replace: a bundle with other frames starts with nothing derived. Filled once
    # under a lock: a cached bundle is shared by every session.
    _derived: MadeOnce[Any] = field(default_factory=MadeOnce, init=False, repr=False, compare=False)

    def derived(self, func: Callable[..., T], *args: Hashable) -> T:
        """`func(self, *args)`, computed once for this data and these arguments (a language): frames that every view
        derives alike, whatever the filters (the preferred value of each fact)."""
        return self._derived.get((f"{func.__module__}.{func.__qualname__}", *args), lambda: func(self, *args))

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tabular datasets by name, in the order the data page lists them."""
        return {
            "allegations": self.allegations,
            "contributions": self.contributions,
            "funding": self.funding,
            "donor_roster": self.donor_roster,
            "portfolio": self.portfolio,
            "projects": self.projects,
            "project_places": self.project_places,
            "missions": self.missions,
            "personnel": self.personnel,
            "sources": self.sources,
            "scopes": self.scopes,
            "measures": self.measures,
        }


def _read_text(path: Path, label: str) -> str:
    if not path.exists():
        raise DataValidationError([DataIssue(label, None, "(file)", "", N_("the file is missing"))])
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise DataValidationError(
            [
                DataIssue(
                    label,
                    None,
                    "(file)",
                    f"{size} bytes",
                    N_("the file is larger than {limit} bytes"),
                    (("limit", str(MAX_FILE_BYTES)),),
                )
            ]
        )
    raw = path.read_bytes()
    if b"\x00" in raw:
        raise DataValidationError([DataIssue(label, None, "(file)", "", N_("the file is binary, not text"))])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataValidationError(
            [DataIssue(label, None, "(file)", f"byte {exc.start}", N_("the file is not UTF-8 text"))]
        ) from exc


def parse_csv_text(text: str, label: str) -> list[dict[str, str]]:
    """Rows of a CSV as text, keyed by header; a malformed file names its row."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise DataValidationError(
            [DataIssue(label, reader.line_num, "(file)", "", N_("not valid CSV: {detail}"), (("detail", str(exc)),))]
        ) from exc
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise DataValidationError(
            [DataIssue(label, None, "(file)", "", N_("the file is empty: it needs a header row"))]
        )
    header = [h.strip() for h in rows[0]]
    records: list[dict[str, str]] = []
    issues: list[DataIssue] = []
    for number, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            issues.append(
                DataIssue(
                    label,
                    number,
                    "(row)",
                    ",".join(cells)[:80],
                    N_("has {cells} cells, the header has {header}"),
                    (("cells", len(cells)), ("header", len(header))),
                )
            )
            continue
        records.append({h: c.strip() for h, c in zip(header, cells, strict=True)})
    if issues:
        raise DataValidationError(issues)
    return records


# libyaml's parser, where PyYAML was built with it (its wheels are): same documents, same error marks, and
# several times faster than the pure-Python one (bench/README.md, "Measurements behind the code").
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _EntryByEntryLoader(_YAML_LOADER, Composer):  # type: ignore[misc,valid-type]
    """A safe loader that makes a document's top-level list entry by entry, each entry's nodes freed once it is
    made. PyYAML first composes a whole document's nodes (each scalar a node with two marks), then makes the data:
    at 100x data sources.yaml (3.7 MB) took 140 MB at its peak that way and left the process 90 MB larger; entry by
    entry, 25 MB (bench/README.md, "Server memory"). The events still come from libyaml; anything but a plain list
    (a tag, an anchor on the list) is made whole, as PyYAML makes it."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)  # type: ignore[call-arg]
        self.anchors = {}

    def get_single_data(self) -> Any:
        self.get_event()  # the stream's start
        data = None
        if not self.check_event(StreamEndEvent):
            document = self.get_event()
            event = self.peek_event()
            if isinstance(event, SequenceStartEvent) and event.tag is None and event.anchor is None:
                self.get_event()
                data = []
                while not self.check_event(SequenceEndEvent):
                    data.append(self.construct_document(self.compose_node(None, None)))  # type: ignore[arg-type]  # as PyYAML calls it
                self.get_event()
            else:
                data = self.construct_document(self.compose_node(None, None))  # type: ignore[arg-type]
            self.get_event()  # the document's end
            if not self.check_event(StreamEndEvent):
                raise ComposerError(
                    "expected a single document in the stream",
                    document.start_mark,
                    "but found another document",
                    self.get_event().start_mark,
                )
        self.get_event()
        return data


def parse_yaml(text: str) -> Any:
    """A YAML document as plain data (safe: no Python objects)."""
    return yaml.load(text, Loader=_EntryByEntryLoader)


def _read_yaml(path: Path, label: str) -> Any:
    text = _read_text(path, label)
    try:
        return parse_yaml(text)
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        raise DataValidationError(
            [
                DataIssue(
                    label,
                    None if line is None else line + 1,
                    "(file)",
                    "",
                    N_("not valid YAML: {detail}"),
                    (("detail", str(exc)),),
                )
            ]
        ) from exc


def _typed_frame(schema: TableSchema, records: list[dict[str, str]]) -> pd.DataFrame:
    frame = pd.DataFrame(records, columns=schema.column_names)
    for column in schema.columns:
        series = frame[column.name].replace("", None)
        if column.kind == "int":
            frame[column.name] = pd.to_numeric(series).astype("Int64")
        elif column.kind == "number":
            frame[column.name] = pd.to_numeric(series.str.replace(",", "", regex=False)).astype("float64")
        else:
            frame[column.name] = series.astype("string")
    return frame


def _basemap_iso3(basemap: Mapping[str, Any], label: str) -> set[str]:
    features = basemap.get("features") if isinstance(basemap, Mapping) else None
    if not isinstance(features, list) or not features:
        raise DataValidationError([DataIssue(label, None, "features", "", N_("must be a GeoJSON FeatureCollection"))])
    return basemap_codes(basemap)


def _refs(frames: Mapping[str, pd.DataFrame], basemap_codes: set[str]) -> dict[str, set[str]]:
    refs: dict[str, set[str]] = {"basemap.iso3": basemap_codes}
    for table, column in (
        ("sources", "id"),
        ("missions", "acronym"),
        ("scopes", "code"),
        ("measures", "code"),
    ):
        if table in frames:
            refs[f"{table}.{column}"] = set(frames[table][column].dropna().astype(str))
    return refs


def _check_fields(
    columns: tuple[Column, ...],
    record: Mapping[str, Any],
    refs: Mapping[str, set[str]],
    label: str,
    row: int,
    prefix: str,
) -> list[DataIssue]:
    issues = []
    for column in columns:
        value = record.get(column.name)
        if isinstance(value, list):
            value = ";".join(str(v) for v in value)
        for rule_id, values in check_value(column, value, refs):
            shown = "" if value is None else str(value)
            issues.append(DataIssue(label, row, f"{prefix}{column.name}", shown, rule_id, values))
    return issues


def _load_projects(path: Path, refs: Mapping[str, set[str]], label: str) -> dict[str, pd.DataFrame]:
    records = _read_yaml(path, label)
    if not isinstance(records, list):
        raise DataValidationError([DataIssue(label, None, "(file)", "", N_("must be a list of project records"))])
    issues: list[DataIssue] = []
    projects, places, beneficiaries, sources = [], [], [], []
    seen: set[str] = set()
    for number, record in enumerate(records, start=1):
        if not isinstance(record, dict):
            issues.append(DataIssue(label, number, "(record)", str(record)[:60], N_("must be a mapping of fields")))
            continue
        issues += _check_fields(PROJECT_FIELDS, record, refs, label, number, "")
        project_id = str(record.get("id") or "")
        if project_id in seen:
            issues.append(DataIssue(label, number, "id", project_id, N_("duplicate key: another project has this id")))
        seen.add(project_id)
        for i, place in enumerate(record.get("places") or []):
            issues += _check_fields(PLACE_FIELDS, place, refs, label, number, f"places[{i}].")
            places.append(
                {
                    "project_id": project_id,
                    **{c.name: place.get(c.name) for c in PLACE_FIELDS},
                    "coords_source": place.get("coords_source"),
                }
            )
        for i, item in enumerate(record.get("beneficiaries") or []):
            issues += _check_fields(BENEFICIARY_FIELDS, item, refs, label, number, f"beneficiaries[{i}].")
            beneficiaries.append(
                {
                    "project_id": project_id,
                    **{c.name: item.get(c.name) for c in BENEFICIARY_FIELDS},
                    "note": item.get("note"),
                }
            )
        project_sources = record.get("sources") or []
        if not project_sources:
            issues.append(DataIssue(label, number, "sources", "", N_("a project needs at least one source")))
        for i, item in enumerate(project_sources):
            issues += _check_fields(PROJECT_SOURCE_FIELDS, item, refs, label, number, f"sources[{i}].")
            sources.append(
                {"project_id": project_id, "source_id": item.get("source_id"), "locator": item.get("locator")}
            )
        projects.append(
            {
                **{c.name: record.get(c.name) for c in PROJECT_FIELDS if c.name != "services"},
                "services": tuple(record.get("services") or ()),
                "partners": tuple(record.get("partners") or ()),
                "dates_note": record.get("dates_note"),
                "budget_note": record.get("budget_note"),
                "possible_duplicate_of": record.get("possible_duplicate_of"),
                "related_records": tuple(record.get("related_records") or ()),
                "conflicts": tuple(record.get("conflicts") or ()),
                "notes": tuple(record.get("notes") or ()),
                "source_ids": tuple(s.get("source_id") for s in project_sources),
            }
        )
    if issues:
        raise DataValidationError(issues)
    frame = pd.DataFrame(projects)
    for column in ("budget_usd",):
        frame[column] = pd.to_numeric(frame[column]).astype("float64")
    for column in ("start_date", "end_date", "status_as_of"):
        frame[column] = frame[column].map(lambda v: None if v is None or pd.isna(v) else str(v)).astype("string")
    places_frame = pd.DataFrame(
        places,
        columns=["project_id", "locality", "admin_area", "lat", "lon", "coords_source", "locality_fr", "admin_area_fr"],
    )
    places_frame[["lat", "lon"]] = places_frame[["lat", "lon"]].apply(pd.to_numeric).astype("float64")
    benef_frame = pd.DataFrame(beneficiaries, columns=["project_id", "count", "qualifier", "kind", "source_id", "note"])
    benef_frame["count"] = pd.to_numeric(benef_frame["count"]).astype("float64")
    return {
        "projects": frame,
        "project_places": places_frame,
        "project_beneficiaries": benef_frame,
        "project_sources": pd.DataFrame(sources, columns=["project_id", "source_id", "locator"]),
    }


def load_table(data_dir: Path, schema: TableSchema, refs: Mapping[str, set[str]]) -> pd.DataFrame:
    """Read, validate and type one tabular dataset (CSV, or YAML list for sources)."""
    path = data_dir / schema.file
    label = f"data/{schema.file}" if data_dir == SHIPPED_DATA_DIR else str(path)
    if schema.file.endswith(".yaml"):
        loaded = _read_yaml(path, label)
        if not isinstance(loaded, list):
            raise DataValidationError([DataIssue(label, None, "(file)", "", N_("must be a list of entries"))])
        records = [{k: "" if v is None else str(v) for k, v in (r or {}).items()} for r in loaded]
        records = [{c: r.get(c, "") for c in schema.column_names} for r in records]
        first_row = 1
    else:
        records = parse_csv_text(_read_text(path, label), label)
        first_row = 2
    issues = validate_records(schema, records, refs, file_label=label, first_row=first_row)
    if issues:
        raise DataValidationError(issues)
    return _typed_frame(schema, records)


def load_bundle(data_dir: Path | None = None) -> DataBundle:
    """Load and validate every dataset in `data_dir`; raise DataValidationError naming every problem."""
    data_dir = Path(data_dir or data_directory())
    basemap_label = f"data/{BASEMAP_FILE}"
    try:
        basemap = json.loads(_read_text(data_dir / BASEMAP_FILE, basemap_label))
    except json.JSONDecodeError as exc:
        raise DataValidationError(
            [DataIssue(basemap_label, exc.lineno, "(file)", "", N_("not valid JSON: {detail}"), (("detail", exc.msg),))]
        ) from exc
    basemap_codes = _basemap_iso3(basemap, basemap_label)

    frames: dict[str, pd.DataFrame] = {}
    issues: list[DataIssue] = []
    # Order matters: each later table references ids of the earlier ones.
    for name in (
        "sources",
        "scopes",
        "measures",
        "missions",
        "personnel",
        "allegations",
        "contributions",
        "funding",
        "donor_roster",
        "portfolio",
    ):
        try:
            frames[name] = load_table(data_dir, SCHEMAS[name], _refs(frames, basemap_codes))
        except DataValidationError as exc:
            issues.extend(exc.issues)
    try:
        frames.update(_load_projects(data_dir / PROJECTS_FILE, _refs(frames, basemap_codes), f"data/{PROJECTS_FILE}"))
    except DataValidationError as exc:
        issues.extend(exc.issues)
    if issues:
        raise DataValidationError(issues)
    return DataBundle(**frames, basemap=basemap, data_dir=str(data_dir), fingerprint=data_fingerprint(data_dir))


def read_records(data_dir: Path, file: str) -> list[dict[str, Any]]:
    """The entries of one data file as stored, unvalidated: CSV rows as text cells, YAML entries as written."""
    path = Path(data_dir) / file
    text = _read_text(path, file)
    if file.endswith(".yaml"):
        loaded = parse_yaml(text) or []
        if not isinstance(loaded, list):
            raise DataValidationError([DataIssue(file, None, "(file)", "", N_("must be a list of entries"))])
        return loaded
    return parse_csv_text(text, file)


def records_text(file: str, records: Sequence[Mapping[str, Any]], columns: list[str], previous_text: str = "") -> str:
    """A data file's text in the shipped format (the inverse of read_records); a YAML file keeps its
    leading comment lines from `previous_text`."""
    if file.endswith(".yaml"):
        header = "".join(itertools.takewhile(lambda line: line.startswith("#"), previous_text.splitlines(True)))
        return header + yaml.safe_dump(list(records), sort_keys=False, allow_unicode=True, width=100)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n", extrasaction="raise")
    writer.writeheader()
    writer.writerows({c: "" if r.get(c) is None else r.get(c) for c in columns} for r in records)
    return out.getvalue()


def data_fingerprint(data_dir: Path) -> str:
    """Changes whenever a data file is added, removed or rewritten (the version history in .history/ aside)."""
    digest = hashlib.sha1()
    for folder, subfolders, files in os.walk(data_dir):
        # Pruned before anything in them is looked at: .history/ grows with every publish.
        subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or not name.endswith((".csv", ".yaml", ".geojson")):
                continue
            path = Path(folder, name)
            stat = path.stat()
            digest.update(f"{path.relative_to(data_dir)}:{stat.st_mtime_ns}:{stat.st_size};".encode())
    return digest.hexdigest()


def latest_source_date(bundle: DataBundle) -> str:
    dates = bundle.sources["date"].dropna()
    dates = dates[dates.str.len() > 0]
    return max(dates, default="")


@dataclass(frozen=True)
class LoadResult:
    bundle: DataBundle | None
    error: DataValidationError | None
    loaded_at: dt.datetime
