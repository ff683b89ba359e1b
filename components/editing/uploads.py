"""Uploads (pure): read a CSV or Excel file safely, map its columns, check its rows, and build the data
files as they would be after the change, checked as a whole with the same loader as the shipped data.

Nothing here writes to the data folder: `prepare_change` only returns the new file texts; publishing
them is components/editing/publish.py's job.

Projects are nested records in projects.yaml. An upload carries their flat fields (one row per project;
`services` and `partners` as `;`-separated lists, one `source_id` with its `source_locator`). Places,
beneficiaries, related records and conflicts are not in the table: an updated project keeps its own, a new
project starts with none (they are added in projects.yaml by hand, in a reviewed pull request).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import re
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pandas as pd

from components.data.bundle import DataBundle, load_bundle, read_records, records_text
from components.data.countries import basemap_codes
from components.data.downloads import csv_bytes
from components.data.schema import (
    LOCATOR,
    NEW_SOURCE_LABEL,
    PROJECT_FIELDS,
    SCHEMAS,
    SOURCE_ID,
    Column,
    DataIssue,
    DataValidationError,
    Message,
    RuleValue,
    check_value,
)
from components.editing.history import file_checksum
from components.figures.formatting import escape_markdown
from components.language.translation import ENGLISH, N_, Language

log = logging.getLogger("tfsea.imports")
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_UPLOAD_ROWS = 50_000
REPLACE = "replace"
MERGE = "merge"
SOURCES_FILE = "sources.yaml"


@dataclass(frozen=True)
class EditableDataset:
    """A dataset editors may upload: its file, the columns of its upload table and the key that finds a row."""

    name: str
    label: str  # a catalogue message: shown with `Language._`
    file: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    # Upper bounds that catch typos and unit slips (a count in the millions, dollars in the trillions).
    plausible_max: Mapping[str, float] = field(default_factory=dict)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


_PROJECT_UPLOAD_COLUMNS = (
    *PROJECT_FIELDS,
    Column("partners", multi=True, required=False),
    Column("dates_note", required=False),
    Column("budget_note", required=False),
    SOURCE_ID,
    LOCATOR,
)
_MONEY_MAX = 10_000_000_000

EDITABLE: dict[str, EditableDataset] = {
    d.name: d
    for d in (
        EditableDataset(
            "allegations",
            N_("Allegation figures"),
            "allegations.csv",
            SCHEMAS["allegations"].columns,
            SCHEMAS["allegations"].key,
            {"value": 100_000},
        ),
        EditableDataset(
            "contributions",
            N_("Contributions"),
            "contributions.csv",
            SCHEMAS["contributions"].columns,
            SCHEMAS["contributions"].key,
            {"amount_original": _MONEY_MAX, "amount_usd": _MONEY_MAX},
        ),
        EditableDataset(
            "funding",
            N_("Funding snapshots"),
            "funding.csv",
            SCHEMAS["funding"].columns,
            SCHEMAS["funding"].key,
            {"value": _MONEY_MAX},
        ),
        EditableDataset(
            "portfolio",
            N_("Portfolio figures (what the Fund reports it has reached)"),
            "portfolio.csv",
            SCHEMAS["portfolio"].columns,
            SCHEMAS["portfolio"].key,
            {"value": 10_000_000},
        ),
        EditableDataset(
            "projects", N_("Projects"), "projects.yaml", _PROJECT_UPLOAD_COLUMNS, ("id",), {"budget_usd": 1e9}
        ),
        EditableDataset("sources", N_("Sources"), SOURCES_FILE, SCHEMAS["sources"].columns, SCHEMAS["sources"].key),
    )
}

# Header spellings seen in spreadsheets, after squashing (lower case, letters and digits only).
_SYNONYMS = {
    "source": "source_id",
    "sourceref": "source_id",
    "sourcereference": "source_id",
    "locator": "source_locator",
    "sourcelocation": "source_locator",
    "whereinsource": "source_locator",
    "notes": "note",
    "comment": "note",
    "comments": "note",
    "iso3": "country_iso3",
    "countrycode": "country_iso3",
    "donorcountrycode": "donor_iso3",
    "missionacronym": "mission",
    "asofdate": "as_of",
    "date_as_of": "as_of",
    "amountinusd": "amount_usd",
    "usd": "amount_usd",
    "projectid": "id",
    "sourceid": "source_id",
}


def template_csv(dataset: str) -> bytes:
    """An empty CSV with the exact headers an upload of this dataset needs."""
    return csv_bytes(pd.DataFrame(columns=EDITABLE[dataset].column_names))


def column_guide(dataset: str, lang: Language = ENGLISH) -> list[dict[str, str]]:
    """One line per upload column: what it must hold, in words (column names stay as the file writes them)."""
    rows = []
    for column in EDITABLE[dataset].columns:
        kinds = {
            "int": N_("whole number"),
            "number": N_("number"),
            "date": N_("date YYYY[-MM[-DD]]"),
            "url": N_("web address"),
            "date_or_interval": N_("date YYYY[-MM[-DD]] or interval A/B"),
        }
        text = N_("text")  # apart: the catalogue's extractor does not look inside the call below
        holds = lang._(kinds.get(column.kind, text))
        if column.allowed:
            holds = lang._("one of: {codes}", codes=", ".join(column.allowed))
        if column.references:
            table, ref_column = column.references.split(".")
            holds = lang._("an existing {table} {column}", table=table, column=ref_column)
        if column.multi:
            holds = lang._("{holds} (several separated by ;)", holds=holds)
        rows.append(
            {
                lang.p_("column guide", "column"): column.name,
                lang.p_("column guide", "required"): lang._("yes") if column.required else lang._("no"),
                lang.p_("column guide", "holds"): holds,
            }
        )
    return rows


# ---------------------------------------------------------------------------------------------------------
# Reading the file: size, kind and encoding first, so nothing hostile reaches a parser.

# What a file that is not text is, each said as the whole rule (a kind alone cannot agree with a translated sentence).
_BINARY_SIGNATURES = {
    b"%PDF": N_("this is a PDF document, not a CSV text file."),
    b"\x89PNG": N_("this is a PNG image, not a CSV text file."),
    b"GIF8": N_("this is a GIF image, not a CSV text file."),
    b"\xff\xd8\xff": N_("this is a JPEG image, not a CSV text file."),
    b"\xd0\xcf\x11\xe0": N_("this is an old Office (Excel 97–2003) file, not a CSV text file."),
    b"\x1f\x8b": N_("this is a gzip archive, not a CSV text file."),
    b"PK\x03\x04": N_(
        "this is an Excel workbook or a zip archive, not a CSV text file. Upload the .xlsx file as it is, or save it "
        "as “CSV UTF-8”."
    ),
}


@dataclass(frozen=True)
class UploadTable:
    """The cells of an upload as text: the header and the data rows with their spreadsheet row numbers."""

    label: str
    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]
    note: str = ""  # how the text was read, a catalogue message ("UTF-8 (with byte order mark)")


def _refuse(label: str, value: str, rule_id: str, row: int | None = None, **values: RuleValue) -> DataValidationError:
    return DataValidationError([DataIssue(label, row, "(file)", value, rule_id, tuple(values.items()))])


def decode_text(data: bytes, label: str) -> tuple[str, str]:
    """The text of a CSV upload and how it was decoded; refuses binary and non-UTF text with the reason."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _decode(data[3:], "utf-8", label), N_("UTF-8 (with byte order mark)")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode(data, "utf-16", label), N_("UTF-16 (with byte order mark)")
    for signature, refusal in _BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise _refuse(label, "", refusal)
    if b"\x00" in data[:4096]:
        raise _refuse(
            label,
            "",
            N_(
                "this is not a CSV text file (it holds binary data, or UTF-16 without a byte order mark); "
                "save it from the spreadsheet as “CSV UTF-8”"
            ),
        )
    return _decode(data, "utf-8", label), "UTF-8"


def _decode(data: bytes, encoding: str, label: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        byte = data[exc.start : exc.start + 1].hex().upper()
        if encoding == "utf-8":
            rule_id = N_(
                "the file is not UTF-8 text (byte 0x{byte}); it is probably Latin-1 or Windows-1252, which an "
                "older “CSV” save makes. Accented letters would be guessed, so it is refused: save it as "
                "“CSV UTF-8” and upload it again"
            )
        else:
            rule_id = N_("the file says it is {encoding} but byte 0x{byte} cannot be read as such")
        raise _refuse(label, f"byte 0x{byte}", rule_id, row=line, byte=byte, encoding=encoding.upper()) from exc


def _csv_rows(text: str, label: str) -> list[list[str]]:
    first_line = text.split("\n", 1)[0]
    # Spreadsheets in many European locales save ";"-separated "CSV".
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        return list(reader)
    except csv.Error as exc:
        raise _refuse(label, "", N_("not valid CSV: {detail}"), row=reader.line_num, detail=str(exc)) from exc


def _cell_text(value: Any) -> str:
    """An Excel cell as the text a CSV would hold: 80.0 → '80', a date → '2024-05-01'."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _excel_rows(data: bytes, label: str) -> list[list[str]]:
    if not data.startswith(b"PK\x03\x04"):
        raise _refuse(label, "", N_("this is not an Excel .xlsx workbook (its content is not a workbook)"))
    from openpyxl import load_workbook

    try:
        # data_only=False: a formula such as =HYPERLINK(...) is kept as its text and never evaluated.
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        raise _refuse(label, "", N_("the workbook cannot be read: {detail}"), detail=str(exc)) from exc
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for cells in sheet.iter_rows(values_only=True):
            rows.append([_cell_text(v) for v in cells])
            if len(rows) > MAX_UPLOAD_ROWS + 1:
                raise _refuse(label, "", N_("the first sheet has more than {limit} rows"), limit=MAX_UPLOAD_ROWS)
    finally:
        workbook.close()
    return rows


def _read_upload(filename: str, data: bytes, size: int | None = None) -> UploadTable:
    """The upload's cells, or DataValidationError saying why the file cannot be used."""
    label = Path(filename).name or "upload"
    size = len(data) if size is None else size
    if size > MAX_UPLOAD_BYTES:
        limit_mb = MAX_UPLOAD_BYTES // 1024 // 1024
        raise _refuse(label, f"{size:,} bytes", N_("the file is larger than the {limit} MB limit"), limit=limit_mb)
    if not data.strip():
        raise _refuse(label, "", N_("the file is empty"))
    suffix = Path(label).suffix.lower()
    note = ""
    if suffix in (".xlsx", ".xlsm"):
        rows = _excel_rows(data, label)
    elif suffix in (".csv", ".txt"):
        text, note = decode_text(data, label)
        rows = _csv_rows(text, label)
    elif suffix == ".xls":
        raise _refuse(label, "", N_("old Excel 97–2003 files (.xls) are not read: save it as .xlsx or as “CSV UTF-8”"))
    else:
        raise _refuse(label, suffix, N_("upload a .csv or an .xlsx file"))
    rows = [[c.strip() for c in r] for r in rows]
    while rows and not any(rows[0]):
        rows.pop(0)
    if not rows:
        raise _refuse(label, "", N_("the file is empty"))
    if len(rows) > MAX_UPLOAD_ROWS + 1:
        raise _refuse(label, "", N_("the file has more than {limit} rows"), limit=MAX_UPLOAD_ROWS)
    header = tuple(rows[0])
    body = tuple((number, tuple(cells)) for number, cells in enumerate(rows[1:], start=2) if any(cells))
    if not body:
        raise _refuse(label, "", N_("the file has a header row but no data rows"))
    return UploadTable(label, header, body, note)


def read_upload(filename: str, data: bytes, size: int | None = None) -> UploadTable:
    """The upload as a table of text cells; DataValidationError (logged, without contents) if unreadable."""
    try:
        return _read_upload(filename, data, size)
    except DataValidationError as refused:
        log.info("refused upload %s: %s", filename, "; ".join(i.rule for i in refused.issues[:3]))
        raise


# ---------------------------------------------------------------------------------------------------------
# Columns and rows.


def _squash(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def map_columns(dataset: str, header: Sequence[str], label: str) -> tuple[dict[int, str], list[DataIssue]]:
    """Which upload column is which dataset column, matched by name ignoring case, spaces, `_` and `-`."""
    spec = EDITABLE[dataset]
    known = {_squash(name): name for name in spec.column_names}
    synonyms = {_squash(k): v for k, v in _SYNONYMS.items() if v in spec.column_names}
    mapping: dict[int, str] = {}
    issues: list[DataIssue] = []
    seen: dict[str, str] = {}
    for index, title in enumerate(header):
        if not title:
            issues.append(
                DataIssue(label, 1, f"column {index + 1}", "", N_("the header cell is empty: name the column"))
            )
            continue
        name = known.get(_squash(title)) or synonyms.get(_squash(title))
        if name is None:
            issues.append(
                DataIssue(
                    label,
                    1,
                    title,
                    title,
                    N_("not a column of the dataset “{dataset}”; the columns are: {columns}"),
                    (("dataset", Message(spec.label)), ("columns", ", ".join(spec.column_names))),
                )
            )
            continue
        if name in seen:
            issues.append(
                DataIssue(label, 1, title, title, N_("the same column as '{other}'"), (("other", seen[name]),))
            )
            continue
        seen[name] = title
        mapping[index] = name
    for column in spec.columns:
        if column.required and column.name not in seen:
            issues.append(DataIssue(label, 1, column.name, "", N_("the column is missing")))
    return mapping, issues


@dataclass(frozen=True)
class UploadRow:
    number: int
    cells: dict[str, str]


def upload_rows(table: UploadTable, mapping: Mapping[int, str]) -> tuple[list[UploadRow], list[DataIssue]]:
    issues: list[DataIssue] = []
    rows = []
    for number, cells in table.rows:
        extra = [c for i, c in enumerate(cells) if i >= len(table.header) and c]
        if extra:
            issues.append(
                DataIssue(table.label, number, "(row)", extra[0][:60], N_("has a cell beyond the last column"))
            )
        rows.append(UploadRow(number, {name: cells[i] if i < len(cells) else "" for i, name in mapping.items()}))
    return rows, issues


# A cell starting with one of these opens as a formula in a spreadsheet (the raw CSV files in the
# repository are opened that way too). Free-text cells are stored with a leading apostrophe instead.
FORMULA_STARTS = ("=", "+", "-", "@")
FORMULA_RULE = N_("starts like a spreadsheet formula: it is stored with a leading ' so it stays text")


def _free_text(column: Column) -> bool:
    return column.kind == "text" and column.allowed is None and column.references is None


def neutralise_formulas(dataset: str, rows: Sequence[UploadRow], label: str) -> tuple[list[UploadRow], list[DataIssue]]:
    """The rows with every free-text cell that starts a formula prefixed by ', and a warning for each."""
    columns = [c.name for c in EDITABLE[dataset].columns if _free_text(c)]
    warnings: list[DataIssue] = []
    neutral = []
    for row in rows:
        cells = dict(row.cells)
        for name in columns:
            value = cells.get(name, "")
            if value.startswith(FORMULA_STARTS):
                cells[name] = "'" + value
                warnings.append(DataIssue(label, row.number, name, value, FORMULA_RULE))
        neutral.append(UploadRow(row.number, cells))
    return neutral, warnings


def _neutral_source(entry: Mapping[str, str], label: str) -> tuple[dict[str, str], list[DataIssue]]:
    columns = {c.name for c in SCHEMAS["sources"].columns if _free_text(c)}
    neutral, warnings = dict(entry), []
    for name, value in entry.items():
        if name in columns and value and value.startswith(FORMULA_STARTS):
            neutral[name] = "'" + value
            warnings.append(DataIssue(label, None, f"new source: {name}", value, FORMULA_RULE))
    return neutral, warnings


def reference_sets(bundle: DataBundle, extra_sources: Sequence[str] = ()) -> dict[str, set[str]]:
    """The ids an uploaded row may refer to: those of the current data, plus sources added with the upload."""
    return {
        "sources.id": set(bundle.sources["id"].dropna().astype(str)) | set(extra_sources),
        "missions.acronym": set(bundle.missions["acronym"].dropna().astype(str)),
        "scopes.code": set(bundle.scopes["code"].dropna().astype(str)),
        "measures.code": set(bundle.measures["code"].dropna().astype(str)),
        "basemap.iso3": basemap_codes(bundle.basemap),
    }


def check_rows(
    dataset: str, rows: Sequence[UploadRow], refs: Mapping[str, set[str]], label: str, present: set[str]
) -> list[DataIssue]:
    """Every rule each row breaks (schema rules, plausibility, keys repeated within the file)."""
    spec = EDITABLE[dataset]
    issues: list[DataIssue] = []
    seen: dict[tuple[str, ...], int] = {}
    for row in rows:
        for column in spec.columns:
            if column.name not in present:
                continue
            value = row.cells.get(column.name, "")
            for rule_id, values in check_value(column, value, refs):
                issues.append(DataIssue(label, row.number, column.name, value, rule_id, values))
            limit = spec.plausible_max.get(column.name)
            valid_number = bool(value) and not check_value(column, value, refs)
            if limit is not None and valid_number and float(value.replace(",", "")) > limit:
                issues.append(
                    DataIssue(
                        label,
                        row.number,
                        column.name,
                        value,
                        N_("is implausibly large (over {limit}): a typo?"),
                        (("limit", limit),),
                    )
                )
        key = tuple(row.cells.get(k, "") for k in spec.key)
        if key in seen:
            issues.append(
                DataIssue(
                    label,
                    row.number,
                    ", ".join(spec.key),
                    " | ".join(key),
                    N_("duplicate key: the same as row {row} of this file"),
                    (("row", str(seen[key])),),
                )
            )
        else:
            seen[key] = row.number
    return issues


# ---------------------------------------------------------------------------------------------------------
# Merging into the stored records.


def _record_key(record: Mapping[str, Any], key: Sequence[str]) -> tuple[str, ...]:
    return tuple("" if record.get(k) is None else str(record.get(k)) for k in key)


def _typed_project_value(column: Column, text: str) -> Any:
    if text == "":
        return [] if column.multi else None
    if column.multi:
        return [v.strip() for v in text.split(";") if v.strip()]
    if column.kind == "number":
        number = float(text.replace(",", ""))
        return int(number) if number.is_integer() else number
    return text


_PROJECT_ORDER = (
    "id",
    "title",
    "description",
    "country",
    "country_iso3",
    "mission",
    "mission_basis",
    "implementing_entity",
    "partners",
    "places",
    "start_date",
    "end_date",
    "dates_note",
    "budget_usd",
    "budget_qualifier",
    "budget_note",
    "services",
    "beneficiaries",
    "status",
    "status_as_of",
    "trust_fund_link",
    "possible_duplicate_of",
    "related_records",
    "conflicts",
    "sources",
)
_PROJECT_LISTS = ("partners", "places", "services", "beneficiaries", "related_records", "conflicts", "sources")


def _merge_project(old: Mapping[str, Any] | None, cells: Mapping[str, str]) -> dict[str, Any]:
    columns = {c.name: c for c in _PROJECT_UPLOAD_COLUMNS}
    record: dict[str, Any] = (
        dict(old) if old is not None else {k: [] if k in _PROJECT_LISTS else None for k in _PROJECT_ORDER}
    )
    for name, text in cells.items():
        if name in ("source_id", "source_locator"):
            continue
        record[name] = _typed_project_value(columns[name], text)
    source_id = cells.get("source_id", "")
    if source_id:
        sources = [dict(s) for s in record.get("sources") or []]
        existing = next((s for s in sources if s.get("source_id") == source_id), None)
        if existing is None:
            sources.append({"source_id": source_id, "locator": cells.get("source_locator") or None})
        elif cells.get("source_locator"):
            existing["locator"] = cells["source_locator"]
        record["sources"] = sources
    return record


def merge_records(
    dataset: str, current: Sequence[Mapping[str, Any]], rows: Sequence[UploadRow], mode: str
) -> list[dict[str, Any]]:
    """The dataset's records after the upload: `merge` adds new keys and updates known ones (columns the file
    lacks keep their values); `replace` makes the file the whole dataset."""
    spec = EDITABLE[dataset]
    by_key = {_record_key(r, spec.key): r for r in current}
    merged: dict[tuple[str, ...], dict[str, Any]] = {} if mode == REPLACE else {k: dict(r) for k, r in by_key.items()}
    for row in rows:
        key = tuple(row.cells.get(k, "") for k in spec.key)
        old = by_key.get(key)
        if dataset == "projects":
            merged[key] = _merge_project(old, row.cells)
        else:
            base = dict(old) if old is not None else dict.fromkeys(spec.column_names, "")
            merged[key] = {**base, **row.cells}
    return list(merged.values())


def new_source_issues(entry: Mapping[str, str], known_ids: set[str]) -> list[DataIssue]:
    """Check a source typed in beside an upload with the same rules as sources.yaml."""
    label = NEW_SOURCE_LABEL
    issues = [
        DataIssue(label, None, column.name, entry.get(column.name, ""), rule_id, values)
        for column in SCHEMAS["sources"].columns
        for rule_id, values in check_value(column, entry.get(column.name, ""), {})
    ]
    if entry.get("id") in known_ids:
        issues.append(DataIssue(label, None, "id", entry["id"], N_("a source with this id exists already: use it")))
    return issues


# ---------------------------------------------------------------------------------------------------------
# The whole change.


@dataclass(frozen=True)
class PreparedChange:
    """What an upload would do: its problems, or the new text of each data file it changes."""

    dataset: str
    mode: str
    label: str
    issues: tuple[DataIssue, ...]
    before: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    after: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    new_texts: dict[str, str] = field(default_factory=dict)
    base_checksums: dict[str, str] = field(default_factory=dict)
    note: str = ""
    after_bundle: DataBundle | None = None
    warnings: tuple[DataIssue, ...] = ()  # cells stored changed, said per row and column

    @property
    def ok(self) -> bool:
        return not self.issues


def candidate_bundle(data_dir: Path, new_texts: Mapping[str, str]) -> DataBundle:
    """Load the data as it would be with these files replaced, without touching the data folder."""
    with tempfile.TemporaryDirectory(prefix="tfsea-candidate-") as staging:
        staging_dir = Path(staging)
        for path in Path(data_dir).iterdir():
            if not path.name.startswith(".") and path.name not in new_texts:
                (staging_dir / path.name).symlink_to(path.resolve())
        for name, text in new_texts.items():
            (staging_dir / name).write_text(text, encoding="utf-8")
        try:
            bundle = load_bundle(staging_dir)
        except DataValidationError as exc:
            raise DataValidationError(
                [replace(i, file=Path(i.file).name, after_change=True) for i in exc.issues]
            ) from exc
    return bundle


def prepare_change(
    data_dir: Path,
    bundle: DataBundle,
    dataset: str,
    table: UploadTable,
    mode: str = MERGE,
    new_source: Mapping[str, str] | None = None,
) -> PreparedChange:
    """Check an upload against the current data and build the files it would write; nothing is saved."""
    data_dir = Path(data_dir)
    spec = EDITABLE[dataset]
    known_sources = set(bundle.sources["id"].dropna().astype(str))
    issues: list[DataIssue] = []
    if new_source:
        issues += new_source_issues(new_source, known_sources)
    mapping, column_issues = map_columns(dataset, table.header, table.label)
    issues += column_issues
    rows, row_issues = upload_rows(table, mapping)
    issues += row_issues
    present = set(mapping.values())
    if mode == REPLACE:
        issues += [
            DataIssue(table.label, 1, c.name, "", N_("the column is missing (a replacement needs every column)"))
            for c in spec.columns
            if not c.required and c.name not in present
        ]
    refs = reference_sets(bundle, [new_source["id"]] if new_source else [])
    issues += check_rows(dataset, rows, refs, table.label, present)
    if issues:
        log.info("refused upload %s for %s: %d problems", table.label, dataset, len(issues))
        return PreparedChange(dataset, mode, table.label, tuple(issues), note=table.note)
    rows, warnings = neutralise_formulas(dataset, rows, table.label)
    if new_source:
        new_source, source_warnings = _neutral_source(new_source, table.label)
        warnings += source_warnings

    files = [spec.file] + ([SOURCES_FILE] if new_source and spec.file != SOURCES_FILE else [])
    # Taken before reading: if a file changes after this, publishing sees a conflict instead of losing it.
    base_checksums = {name: file_checksum(data_dir / name) for name in files}
    before = {name: read_records(data_dir, name) for name in files}
    after = {spec.file: merge_records(dataset, before[spec.file], rows, mode)}
    if new_source:
        entry = {c: new_source.get(c) or None for c in SCHEMAS["sources"].column_names}
        sources_after = after.get(SOURCES_FILE, before[SOURCES_FILE])
        after[SOURCES_FILE] = [*sources_after, {k: v for k, v in entry.items() if v is not None}]
    columns = {name: file_columns(name) for name in files}
    new_texts = {
        name: records_text(name, after[name], columns[name], (data_dir / name).read_text(encoding="utf-8"))
        for name in files
    }
    try:
        after_bundle = candidate_bundle(data_dir, new_texts)
    except DataValidationError as exc:
        log.info("refused upload %s for %s: %d problems", table.label, dataset, len(exc.issues))
        return PreparedChange(dataset, mode, table.label, tuple(exc.issues), note=table.note)
    log.info("prepared upload %s for %s: %d rows", table.label, dataset, len(rows))
    return PreparedChange(
        dataset,
        mode,
        table.label,
        (),
        before=before,
        after=after,
        new_texts=new_texts,
        base_checksums=base_checksums,
        note=table.note,
        after_bundle=after_bundle,
        warnings=tuple(warnings),
    )


def file_columns(file: str) -> list[str]:
    """The column order of a CSV data file (YAML files have none)."""
    for schema in SCHEMAS.values():
        if schema.file == file:
            return schema.column_names
    return []


def problems_markdown(issues: Sequence[DataIssue], label: str, limit: int = 100, lang: Language = ENGLISH) -> str:
    """A markdown list of problems, one line each; cell values are escaped, so markup in them shows as text."""
    lines = []
    for issue in issues[:limit]:
        values = {
            "row": issue.row,
            "column": escape_markdown(issue.column_label(lang)),
            "value": escape_markdown(repr(issue.value)),
            "rule": escape_markdown(issue.rule_text(lang)),
        }
        if issue.row is None:
            line = (
                lang._("- column **{column}**: value {value} — {rule}", **values)
                if issue.value
                else lang._("- column **{column}** — {rule}", **values)
            )
        else:
            line = (
                lang._("- Row {row}, column **{column}**: value {value} — {rule}", **values)
                if issue.value
                else lang._("- Row {row}, column **{column}** — {rule}", **values)
            )
        file = issue.file_label(lang)
        lines.append(line if file == label else f"{line} ({escape_markdown(file)})")
    if len(issues) > limit:
        lines.append(lang._("- … and {n} more (in the list you can download)", n=lang.number(len(issues) - limit)))
    return "\n".join(lines)
