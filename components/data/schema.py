"""What each dataset must hold, and the one validator that checks it.

Plain code rather than pandera or frictionless: every message must name the file, the spreadsheet
row, the column, the value and the rule in words an editor understands, and several rules are
references across files (a mission acronym must exist in missions.csv, an ISO3 code in the
basemap). Both libraries can do the single-table checks, but their failure reports would need
rewriting into these messages anyway, and the cross-file references are custom in each of them.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from components.language.translation import ENGLISH, N_, Language

QUALIFIERS = ("exact", "over", "about", "at_least", "close_to", "up_to", "under")
# The words are the catalogue's messages: shown through `formatting.qualifier_word`, in the viewer's language.
QUALIFIER_WORDS = {
    "exact": "",
    "over": N_("over"),
    "about": N_("about"),
    "at_least": N_("at least"),
    "close_to": N_("close to"),
    "up_to": N_("up to"),
    "under": N_("under"),
}
SOURCE_KINDS = (
    "un_document",
    "un_news",
    "mission_site",
    "un_page",
    "government",
    "ngo",
    "press",
    "dataset",
    "other",
)
# Labels of the codes, shown with `Language._` (the codes stay in the data and in links).
SOURCE_KIND_LABELS = {
    "un_document": N_("UN document"),
    "un_news": N_("UN News"),
    "mission_site": N_("UN mission site"),
    "un_page": N_("UN web page"),
    "government": N_("Government"),
    "ngo": N_("NGO report"),
    "press": N_("Press report"),
    "dataset": N_("Dataset"),
    "other": N_("Other"),
}
MISSION_TYPES = ("peacekeeping", "special_political_mission", "support_office")
# The language a source is written in (ISO 639-1), where it is not English: the UN's official languages and
# Portuguese, which the researched sources use.
SOURCE_LANGUAGES = ("ar", "en", "es", "fr", "pt", "ru", "zh")
CATEGORIES = ("military", "police", "civilian")
PERIODS = ("year", "Jan-Jun", "Jul-Dec")
PERIOD_LABELS = {"year": N_("calendar year"), "Jan-Jun": N_("January–June"), "Jul-Dec": N_("July–December")}
PERSONNEL_METHODS = ("annual_mean_of_reported_months", "december_value", "person_years_sum_div12")
CONTRIBUTION_STATUSES = (
    "pledged",
    "received",
    "committed_amount_undisclosed",
    "contributed_amount_unknown",
    "under_discussion",
    # A source says the donor had not contributed as of its date (the United Kingdom, Mar 2018).
    "no_contribution_reported",
)
PAYMENT_TYPES = ("voluntary", "withheld")
FUNDING_MEASURES = (
    "donor_count",
    "cumulative_usd",
    "withheld_usd",
    "appeal_target_usd",
    "funds_remaining_usd",
    "additional_sought_usd",
    "received_to_date_usd",
)
FUNDING_BASES = ("received", "available_incl_commitments", "pledged", "not_stated")
AS_OF_BASES = ("stated", "publication_date", "our_bracket")
# What the Fund reports it has reached, for its portfolio as a whole: code -> (label, unit, definition).
PORTFOLIO_MEASURES: dict[str, tuple[str, str, str]] = {
    "projects_financed": (
        N_("Projects financed"),
        "projects",
        "Projects the Fund has financed since it began, completed or under way.",
    ),
    "people_reached": (
        N_("Victims and community members reached"),
        "people",
        "Victims and community members who took part in income-generating activities or received other support "
        "since 2016.",
    ),
    "people_supported": (
        N_("Women, children and men supported"),
        "people",
        "People given support to restart their lives since the Fund began in 2016.",
    ),
    "people_reached_in_year": (
        N_("Victims and community members reached in the year"),
        "people",
        "People whose lives the year's projects reached; `as_of` is that year.",
    ),
    "programme_support_cost_percent": (
        N_("Programme support cost"),
        "percent",
        "The share of the Fund's annual expenditure charged as UN programme support cost.",
    ),
}
PORTFOLIO_UNITS = ("projects", "people", "percent")
SERVICES = (
    "medical",
    "psychosocial",
    "legal",
    "livelihoods",
    "education",
    "vocational_training",
    "community_outreach",
    "complaint_networks",
    "child_support",
    "shelter",
    "other",
)
PROJECT_LINKS = ("confirmed", "not_explicit")
MISSION_BASES = ("stated", "context_only", "none")
EARLIEST_YEAR = 1948

_PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_ISO3 = re.compile(r"^[A-Z]{3}$")
_CODE = re.compile(r"^[a-z][a-z0-9_]*$")


class Message(str):
    """A placeholder value that is itself a catalogue message (a dataset's label): translated when shown."""


# The rule a cell breaks, as a catalogue message and the values of its `{placeholders}`: made once when the data
# is loaded (shared by every session) and written in each viewer's language only when shown. A value that is a
# number is written the language's way, a `Message` translated; other text (codes, years, file names, parser
# details) is put in as it is.
RuleValue = str | int | float
Rule = tuple[str, tuple[tuple[str, RuleValue], ...]]

# Places that are not a data column (the whole file, a whole row or record), as `DataIssue.column` names them.
PSEUDO_COLUMNS = {"(file)": N_("(file)"), "(row)": N_("(row)"), "(record)": N_("(record)")}
NEW_SOURCE_LABEL = "new source"


def rule(message: str, **values: RuleValue) -> Rule:
    """A broken rule: `message` is marked for the catalogue where it is written (`N_`)."""
    return message, tuple(values.items())


@dataclass(frozen=True)
class DataIssue:
    """One broken rule, located precisely enough for an editor to fix it: file, row, column, value, and the rule
    as a catalogue message (`rule_id`, English, with `{placeholders}` filled from `values`)."""

    file: str
    row: int | None
    column: str
    value: str
    rule_id: str
    values: tuple[tuple[str, RuleValue], ...] = ()
    # Found in the data as it would be after an upload (the file is then named "after the change: ...").
    after_change: bool = False

    @property
    def rule(self) -> str:
        """The rule in English."""
        return self.rule_text()

    def rule_text(self, lang: Language = ENGLISH) -> str:
        return lang._(self.rule_id, **{name: _shown(value, lang) for name, value in self.values})

    def file_label(self, lang: Language = ENGLISH) -> str:
        file = lang._("new source") if self.file == NEW_SOURCE_LABEL else self.file
        return lang._("after the change: {file}", file=file) if self.after_change else file

    def column_label(self, lang: Language = ENGLISH) -> str:
        """The column as named in the file; the places that are not a column, and a header cell with no name
        (`column 3`), in the viewer's language."""
        if self.column in PSEUDO_COLUMNS:
            return lang._(PSEUDO_COLUMNS[self.column])
        unnamed = re.fullmatch(r"column (\d+)", self.column)
        if unnamed:
            return lang._("column {number}", number=unnamed.group(1))
        new_source_field = re.fullmatch(r"new source: (.+)", self.column)
        if new_source_field:
            return lang._("new source: {field}", field=new_source_field.group(1))
        return self.column

    def message(self, lang: Language = ENGLISH) -> str:
        """'allegations.csv, row 3, column 'value': value 'x' — must be a number (no units or words)'."""
        values = {
            "file": self.file_label(lang),
            "column": self.column_label(lang),
            "value": repr(self.value),
            "rule": self.rule_text(lang),
        }
        if self.row is None:
            return lang._("{file}, column '{column}': value {value} — {rule}", **values)
        return lang._("{file}, row {row}, column '{column}': value {value} — {rule}", row=self.row, **values)


def _shown(value: RuleValue, lang: Language) -> str:
    if isinstance(value, Message):
        return lang._(value)
    if isinstance(value, int | float):
        return lang.number(value)
    return value


def issue_rows(issues: Iterable[DataIssue], lang: Language = ENGLISH) -> list[dict[str, object]]:
    """The problems as a table (the list an editor downloads), headers and rules in the viewer's language."""
    return [
        {
            lang.p_("problems table", "file"): issue.file_label(lang),
            lang.p_("problems table", "row"): issue.row,
            lang.p_("problems table", "column"): issue.column_label(lang),
            lang.p_("problems table", "value"): issue.value,
            lang.p_("problems table", "problem"): issue.rule_text(lang),
        }
        for issue in issues
    ]


class DataValidationError(Exception):
    """Raised with every issue found, so an editor fixes a file in one pass."""

    def __init__(self, issues: list[DataIssue]):
        self.issues = issues
        super().__init__("\n".join(i.message() for i in issues[:50]))


@dataclass(frozen=True)
class Column:
    name: str
    kind: str = "text"  # text | int | number | date | date_or_interval | code | iso3 | url
    required: bool = True
    allowed: tuple[str, ...] | None = None
    minimum: float | None = None
    maximum: float | None = None
    references: str | None = None  # "<table>.<column>" the value must exist in
    multi: bool = False  # ';'-separated list of values
    not_future: bool = False
    # Another column of the same row: when that one has a value, this one needs one too (a French name needs the
    # source it was read in).
    required_with: str | None = None


@dataclass(frozen=True)
class TableSchema:
    name: str
    file: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    description: str = ""
    extra_rules: tuple[str, ...] = field(default=())

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


def _this_year() -> int:
    return dt.date.today().year


def _year(required: bool = True) -> Column:
    return Column("year", "int", required=required, minimum=EARLIEST_YEAR, maximum=None)


SOURCE_ID = Column("source_id", references="sources.id")
LOCATOR = Column("source_locator", required=False)
NOTE = Column("note", required=False)
QUALIFIER = Column("qualifier", allowed=QUALIFIERS)
# The French label and definition of a scope or measure (issue 20): our own words, like the English ones; a blank one
# shows the English (glossary.label_in).
FRENCH_LABEL_COLUMNS = (Column("label_fr", required=False), Column("definition_fr", required=False))

SCHEMAS: dict[str, TableSchema] = {
    s.name: s
    for s in (
        TableSchema(
            "sources",
            "sources.yaml",
            (
                Column("id", "code_id"),
                Column("title"),
                Column("publisher"),
                Column("kind", allowed=SOURCE_KINDS),
                Column("url", "url"),
                Column("date", "date", required=False, not_future=True),
                Column("note", required=False),
                Column("language", required=False, allowed=SOURCE_LANGUAGES),
            ),
            key=("id",),
            description=N_("Every document a figure was read in."),
        ),
        TableSchema(
            "missions",
            "missions.csv",
            (
                Column("acronym"),
                Column("name"),
                # The official French name, as the source cited beside it writes it; empty where none was found.
                Column("name_fr", required=False),
                Column("name_fr_source_id", required=False, references="sources.id", required_with="name_fr"),
                Column("type", allowed=MISSION_TYPES),
                Column("country_iso3", "iso3", multi=True, references="basemap.iso3"),
                Column("hq_city", required=False),
                Column("lat", "number", required=False, minimum=-90, maximum=90),
                Column("lon", "number", required=False, minimum=-180, maximum=180),
                Column("start_date", "date", required=False),
                Column("end_date", "date", required=False),
                Column("end_date_note", required=False),
                Column("coords_basis", required=False, allowed=("hub", "hub_same_city", "general_knowledge")),
                Column("source_ids", multi=True, references="sources.id"),
                NOTE,
            ),
            key=("acronym",),
            description=N_("UN field missions: type, host countries, HQ point, dates."),
        ),
        TableSchema(
            "personnel",
            "personnel.csv",
            (
                Column("mission", references="missions.acronym"),
                _year(),
                Column("personnel", "int", minimum=0),
                Column("method", allowed=PERSONNEL_METHODS),
                SOURCE_ID,
                NOTE,
            ),
            key=("mission", "year", "method"),
            description=N_("Uniformed personnel per mission and year (denominator for rates)."),
        ),
        TableSchema(
            "scopes",
            "scopes.csv",
            (Column("code", "code"), Column("label"), Column("definition"), *FRENCH_LABEL_COLUMNS),
            key=("code",),
            description=N_("Populations an allegation figure can cover."),
        ),
        TableSchema(
            "measures",
            "measures.csv",
            (
                Column("code", "code"),
                Column("label"),
                Column("unit", allowed=("count", "percent")),
                Column("definition"),
                *FRENCH_LABEL_COLUMNS,
            ),
            key=("code",),
            description=N_("Kinds of allegation figure."),
        ),
        TableSchema(
            "allegations",
            "allegations.csv",
            (
                _year(),
                Column("period", allowed=PERIODS),
                Column("scope", references="scopes.code"),
                Column("mission", required=False, references="missions.acronym"),
                Column("category", required=False, allowed=CATEGORIES),
                Column("measure", references="measures.code"),
                Column("value", "number", minimum=0),
                QUALIFIER,
                SOURCE_ID,
                LOCATOR,
                NOTE,
            ),
            key=("year", "period", "scope", "mission", "category", "measure", "source_id"),
            description=N_("Sexual exploitation and abuse allegation figures, one row per source."),
        ),
        TableSchema(
            "contributions",
            "contributions.csv",
            (
                Column("donor"),
                Column("donor_iso3", "iso3", required=False, references="basemap.iso3"),
                Column("date", "date", required=False, not_future=True),
                _year(required=False),
                Column("amount_original", "number", required=False, minimum=0),
                Column("currency", required=False),
                Column("amount_usd", "number", required=False, minimum=0),
                Column("status", allowed=CONTRIBUTION_STATUSES),
                Column("payment_type", allowed=PAYMENT_TYPES),
                QUALIFIER,
                SOURCE_ID,
                LOCATOR,
                NOTE,
            ),
            key=("donor", "status", "date", "source_id"),
            description=N_("Reported contributions, pledges and commitments by donor."),
        ),
        TableSchema(
            "funding",
            "funding.csv",
            (
                Column("as_of", "date_or_interval", not_future=True),
                Column("as_of_basis", allowed=AS_OF_BASES),
                Column("measure", allowed=FUNDING_MEASURES),
                Column("value", "number", minimum=0),
                Column("unit", allowed=("usd", "dollars_unstated", "donors")),
                QUALIFIER,
                Column("basis", allowed=FUNDING_BASES),
                SOURCE_ID,
                LOCATOR,
                NOTE,
            ),
            key=("as_of", "measure", "basis", "source_id"),
            description=N_("Running totals and other money figures of the Trust Fund."),
        ),
        TableSchema(
            "portfolio",
            "portfolio.csv",
            (
                Column("as_of", "date_or_interval", not_future=True),
                Column("as_of_basis", allowed=AS_OF_BASES),
                Column("measure", allowed=tuple(PORTFOLIO_MEASURES)),
                Column("value", "number", minimum=0),
                Column("unit", allowed=PORTFOLIO_UNITS),
                QUALIFIER,
                SOURCE_ID,
                LOCATOR,
                NOTE,
            ),
            key=("as_of", "measure", "source_id"),
            description=N_("What the Fund reports it has reached: projects financed, people reached, support cost."),
        ),
        TableSchema(
            "donor_roster",
            "donor_roster.csv",
            (
                Column("as_of", "date_or_interval", not_future=True),
                Column("as_of_basis", allowed=AS_OF_BASES),
                Column("donor"),
                Column("donor_iso3", "iso3", required=False, references="basemap.iso3"),
                Column("list_complete", allowed=("true", "false")),
                SOURCE_ID,
            ),
            key=("as_of", "donor", "source_id"),
            description=N_("Donors named in each dated donor list."),
        ),
    )
}

# Projects are nested records (YAML); their fields are checked by the same column rules.
PROJECT_FIELDS: tuple[Column, ...] = (
    Column("id"),
    Column("title"),
    Column("description"),
    Column("country"),
    Column("country_iso3", "iso3", references="basemap.iso3"),
    Column("mission", required=False, references="missions.acronym"),
    Column("mission_basis", allowed=MISSION_BASES),
    Column("implementing_entity", required=False),
    Column("start_date", "date", required=False),
    Column("end_date", "date", required=False),
    Column("budget_usd", "number", required=False, minimum=0),
    Column("budget_qualifier", required=False, allowed=QUALIFIERS),
    Column("status", required=False),
    Column("status_as_of", "date", required=False, not_future=True),
    Column("trust_fund_link", allowed=PROJECT_LINKS),
    Column("services", multi=True, required=False, allowed=SERVICES),
)
PLACE_FIELDS: tuple[Column, ...] = (
    Column("locality"),
    Column("admin_area", required=False),
    # The French wording of the two, where the English holds words of ours ("quarter of Goma"), as scopes.csv's
    # label_fr; blank, the English is shown as written.
    Column("locality_fr", required=False),
    Column("admin_area_fr", required=False),
    Column("lat", "number", required=False, minimum=-90, maximum=90),
    Column("lon", "number", required=False, minimum=-180, maximum=180),
)
BENEFICIARY_FIELDS: tuple[Column, ...] = (
    Column("count", "number", required=False, minimum=0),
    Column("qualifier", required=False, allowed=QUALIFIERS),
    Column("kind", required=False),
    Column("source_id", required=False, references="sources.id"),
)
PROJECT_SOURCE_FIELDS: tuple[Column, ...] = (
    Column("source_id", references="sources.id"),
    Column("locator", required=False),
)


def _is_valid_partial_date(text: str) -> bool:
    if not _PARTIAL_DATE.match(text):
        return False
    parts = [int(p) for p in text.split("-")]
    try:
        dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return False
    return True


def partial_date_start(text: str) -> dt.date:
    """The first day a partial date (or the start of an interval) can mean."""
    first = text.split("/")[0]
    parts = [int(p) for p in first.split("-")]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def _format_value(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def check_value(column: Column, raw: object, refs: Mapping[str, set[str]]) -> list[Rule]:
    """The rules one cell breaks (empty when it is fine)."""
    text = _format_value(raw)
    if text == "":
        return [rule(N_("a value is required"))] if column.required else []
    values = [v.strip() for v in text.split(";")] if column.multi else [text]
    broken: list[Rule] = []
    for value in values:
        broken.extend(_check_single(column, value, refs))
    return broken


def _check_single(column: Column, value: str, refs: Mapping[str, set[str]]) -> list[Rule]:
    kind = column.kind
    if kind in ("int", "number"):
        try:
            number = float(value.replace(",", "")) if kind == "number" else int(value)
        except ValueError:
            if kind == "int":
                return [rule(N_("must be a whole number"))]
            return [rule(N_("must be a number (no units or words)"))]
        if math.isnan(number) or math.isinf(number):
            return [rule(N_("must be a finite number"))]
        # Bounds are written as in the file (a year stays 2026, not 2,026), so as text.
        if column.minimum is not None and number < column.minimum:
            return [rule(N_("must be ≥ {minimum}"), minimum=f"{column.minimum:g}")]
        maximum = _this_year() if column.name == "year" and column.maximum is None else column.maximum
        if maximum is not None and number > maximum:
            return [rule(N_("must be ≤ {maximum}"), maximum=f"{maximum:g}")]
        return []
    if kind in ("date", "date_or_interval"):
        pieces = value.split("/") if kind == "date_or_interval" else [value]
        if len(pieces) > 2 or not all(_is_valid_partial_date(p) for p in pieces):
            if kind == "date_or_interval":
                return [rule(N_("must be a date YYYY, YYYY-MM or YYYY-MM-DD or an interval A/B of those"))]
            return [rule(N_("must be a date YYYY, YYYY-MM or YYYY-MM-DD"))]
        if column.not_future and partial_date_start(pieces[-1]) > dt.date.today():
            return [rule(N_("must not be in the future"))]
        return []
    if kind == "iso3" and not _ISO3.match(value):
        return [rule(N_("must be an ISO 3166-1 alpha-3 code (three capital letters)"))]
    if kind == "code" and not _CODE.match(value):
        return [rule(N_("must be a lower-case code of letters, digits and _"))]
    if kind == "code_id" and not re.match(r"^[a-z0-9][a-z0-9-]*$", value):
        return [rule(N_("must be lower-case letters, digits and -"))]
    if kind == "url" and not re.match(r"^https?://\S+$", value):
        return [rule(N_("must be a web address starting with http:// or https://"))]
    if column.allowed is not None and value not in column.allowed:
        return [rule(N_("must be one of: {allowed}"), allowed=", ".join(column.allowed))]
    if column.references:
        table, ref_col = column.references.split(".")
        known = refs.get(column.references)
        if known is not None and value not in known:
            return [rule(N_("must exist in {table} ({column})"), table=table, column=ref_col)]
    return []


def paired_value_issues(columns: Iterable[Column], record: Mapping[str, object]) -> list[tuple[str, Rule]]:
    """(column, rule) for each empty cell its row needs because another cell of the row has a value
    (`Column.required_with`)."""
    return [
        (column.name, rule(N_("a value is required when '{column}' has one"), column=column.required_with))
        for column in columns
        if column.required_with
        and _format_value(record.get(column.required_with))
        and not _format_value(record.get(column.name))
    ]


def validate_records(
    schema: TableSchema,
    records: Iterable[Mapping[str, object]],
    refs: Mapping[str, set[str]],
    file_label: str | None = None,
    first_row: int = 2,
) -> list[DataIssue]:
    """Check rows (as read, all text) against a table schema; row numbers count the header as row 1."""
    label = file_label or schema.file
    issues: list[DataIssue] = []
    seen: dict[tuple[str, ...], int] = {}
    rows = list(records)
    if rows:
        missing = [c for c in schema.column_names if c not in rows[0]]
        for name in missing:
            issues.append(DataIssue(label, None, name, "", N_("the column is missing")))
        if missing:
            return issues
    for offset, record in enumerate(rows):
        row_number = first_row + offset
        for column in schema.columns:
            for rule_id, values in check_value(column, record.get(column.name), refs):
                shown = _format_value(record.get(column.name))
                issues.append(DataIssue(label, row_number, column.name, shown, rule_id, values))
        for name, (rule_id, values) in paired_value_issues(schema.columns, record):
            issues.append(DataIssue(label, row_number, name, _format_value(record.get(name)), rule_id, values))
        if schema.key:
            key = tuple(_format_value(record.get(k)) for k in schema.key)
            if key in seen:
                issues.append(
                    DataIssue(
                        label,
                        row_number,
                        ", ".join(schema.key),
                        " | ".join(key),
                        N_("duplicate key: the same as row {row}"),
                        (("row", str(seen[key])),),
                    )
                )
            else:
                seen[key] = row_number
    return issues
