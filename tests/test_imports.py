"""Uploads: reading CSV and Excel safely, mapping columns, and the problems listed before anything is saved."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import pytest
from openpyxl import Workbook

from components.data.bundle import load_bundle, read_records
from components.data.downloads import csv_bytes
from components.data.schema import DataIssue, DataValidationError, issue_rows
from components.editing.uploads import (
    EDITABLE,
    MAX_UPLOAD_BYTES,
    REPLACE,
    column_guide,
    map_columns,
    prepare_change,
    problems_markdown,
    read_upload,
    template_csv,
)
from components.language.translation import FRENCH
from tests.tiny_data import write_data

HEADER = "year,period,scope,mission,category,measure,value,qualifier,source_id,source_locator,note"
GOOD_ROW = "2021,year,peace_operations,,,allegations,70,exact,un-doc-2020,para 4,"
NEW_SOURCE = {
    "id": "un-doc-2022",
    "title": "Test UN report 2022",
    "publisher": "UN",
    "kind": "un_document",
    "url": "https://example.org/2022",
    "date": "2022-02",
    "note": "",
}


@pytest.fixture
def data_dir(tmp_path):
    return write_data(tmp_path / "data")


@pytest.fixture
def bundle(data_dir):
    return load_bundle(data_dir)


def _refusal(name: str, data: bytes, size: int | None = None) -> str:
    with pytest.raises(DataValidationError) as refused:
        read_upload(name, data, size)
    return refused.value.issues[0].message()


def _prepare(data_dir, bundle, text: str, dataset: str = "allegations", **options):
    return prepare_change(data_dir, bundle, dataset, read_upload("upload.csv", text.encode()), **options)


def _messages(change) -> list[str]:
    return [i.message() for i in change.issues]


# Reading the file -------------------------------------------------------------------------------------


def test_empty_file_is_refused():
    assert _refusal("new.csv", b"") == "new.csv, column '(file)': value '' — the file is empty"
    assert "the file is empty" in _refusal("new.csv", b"\n\n  \n")


def test_header_without_rows_is_refused():
    assert "no data rows" in _refusal("new.csv", (HEADER + "\n").encode())


def test_file_over_the_size_limit_is_refused_before_it_is_parsed():
    too_big = b"\x00" * (MAX_UPLOAD_BYTES + 1)  # would be refused as binary if it were parsed
    assert "larger than the 10 MB limit" in _refusal("big.csv", too_big)
    assert "104,857,600 bytes" in _refusal("huge.csv", b"x", size=100 * 1024 * 1024)


def test_utf16_with_byte_order_mark_is_decoded():
    table = read_upload("new.csv", f"{HEADER}\n{GOOD_ROW.replace('para 4', 'Paragraphe é')}\n".encode("utf-16"))
    assert table.rows[0][1][9] == "Paragraphe é"
    assert table.note == "UTF-16 (with byte order mark)"


def test_utf8_with_byte_order_mark_is_decoded_without_the_mark_in_the_header():
    table = read_upload("new.csv", f"\ufeff{HEADER}\n{GOOD_ROW}\n".encode())
    assert table.header[0] == "year"


def test_latin1_is_refused_with_the_line_and_a_way_out():
    message = _refusal("old.csv", f"{HEADER}\n{GOOD_ROW.replace('para 4', 'Côte')}\n".encode("latin-1"))
    assert message.startswith("old.csv, row 2, column '(file)': value 'byte 0xF4'")
    assert "Latin-1" in message and "CSV UTF-8" in message


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (b"PK\x03\x04" + b"\x00" * 50, "Excel workbook or a zip archive"),
        (b"%PDF-1.7\n" + b"\x00\x01" * 20, "PDF document"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "PNG image"),
        (b"year,\x00\x00\x01\x02", "binary data"),
    ],
)
def test_binary_file_renamed_csv_is_refused(content, kind):
    assert kind in _refusal("renamed.csv", content)


def test_other_file_types_are_refused():
    assert "upload a .csv or an .xlsx file" in _refusal("figures.json", b"{}")
    assert "(.xls)" in _refusal("figures.xls", b"\xd0\xcf\x11\xe0")


def test_semicolon_separated_csv_is_read():
    table = read_upload("new.csv", f"{HEADER.replace(',', ';')}\n{GOOD_ROW.replace(',', ';')}\n".encode())
    assert table.rows[0][1][6] == "70"


def test_excel_cells_read_as_the_text_a_csv_would_hold():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(","))
    sheet.append([2021, "year", "peace_operations", None, None, "allegations", 70.0, "exact", "un-doc-2020", "p"])
    sheet.append([dt.date(2021, 5, 1), "year", '=HYPERLINK("http://evil")'])
    out = io.BytesIO()
    workbook.save(out)
    table = read_upload("figures.xlsx", out.getvalue())
    number, cells = table.rows[0]
    assert (number, cells[:10]) == (
        2,
        ("2021", "year", "peace_operations", "", "", "allegations", "70", "exact", "un-doc-2020", "p"),
    )
    assert table.rows[1][1][:3] == ("2021-05-01", "year", '=HYPERLINK("http://evil")')


def test_file_named_xlsx_that_is_not_a_workbook_is_refused():
    assert "not an Excel .xlsx workbook" in _refusal("figures.xlsx", b"year,value\n2020,1\n")


# Columns -----------------------------------------------------------------------------------------------


def test_columns_are_matched_ignoring_case_spaces_and_common_variants():
    header = ["Year", "PERIOD", "scope", "Mission", "category", "Measure", "Value", "Qualifier", "Source", "Locator"]
    mapping, issues = map_columns("allegations", header, "f.csv")
    assert issues == []
    assert mapping[8] == "source_id" and mapping[9] == "source_locator" and mapping[0] == "year"
    mapping, _ = map_columns("contributions", ["Amount (USD)", "Donor ISO3", "Source ID"], "f.csv")
    assert list(mapping.values()) == ["amount_usd", "donor_iso3", "source_id"]


def test_unknown_duplicate_and_missing_columns_are_named():
    _, issues = map_columns("allegations", [*HEADER.split(",")[:-3], "Colour", "source", "Source ID"], "f.csv")
    messages = [i.message() for i in issues]
    assert "f.csv, row 1, column 'Source ID': value 'Source ID' — the same column as 'source'" in messages
    assert messages[0].startswith(
        "f.csv, row 1, column 'Colour': value 'Colour' — not a column of the dataset “Allegation figures”"
    )
    _, issues = map_columns("allegations", ["year", "colour"], "f.csv")
    assert issues[0].rule.startswith("not a column of the dataset “Allegation figures”")
    assert {i.column for i in issues if i.rule == "the column is missing"} >= {"value", "source_id"}


def test_template_has_the_exact_headers_of_each_dataset():
    for name, spec in EDITABLE.items():
        assert template_csv(name).decode().strip() == ",".join(spec.column_names)


# Validation messages ------------------------------------------------------------------------------------


def test_good_upload_adds_the_row_and_nothing_is_written(data_dir, bundle):
    before = (data_dir / "allegations.csv").read_bytes()
    change = _prepare(data_dir, bundle, f"{HEADER}\n{GOOD_ROW}\n")
    assert change.ok, _messages(change)
    assert change.after["allegations.csv"][-1]["value"] == "70"
    assert len(change.after_bundle.allegations) == len(bundle.allegations) + 1
    assert (data_dir / "allegations.csv").read_bytes() == before


def test_one_bad_row_is_named_by_file_row_column_value_and_rule(data_dir, bundle):
    bad = GOOD_ROW.replace(",70,", ",-5,")
    change = _prepare(data_dir, bundle, f"{HEADER}\n{GOOD_ROW.replace('2021', '2018')}\n{bad}\n")
    assert _messages(change) == ["upload.csv, row 3, column 'value': value '-5' — must be ≥ 0"]
    assert change.new_texts == {}


def test_absurd_number_is_refused(data_dir, bundle):
    change = _prepare(data_dir, bundle, f"{HEADER}\n{GOOD_ROW.replace(',70,', ',7000000,')}\n")
    assert _messages(change) == [
        "upload.csv, row 2, column 'value': value '7000000' — is implausibly large (over 100,000): a typo?"
    ]


def test_words_in_a_number_cell_are_refused(data_dir, bundle):
    change = _prepare(data_dir, bundle, f"{HEADER}\n{GOOD_ROW.replace(',70,', ',about 70,')}\n")
    assert change.issues[0].rule == "must be a number (no units or words)"


def test_unknown_mission_is_refused(data_dir, bundle):
    row = "2021,year,mission,MINUSXX,,allegations,3,exact,un-doc-2020,p,"
    change = _prepare(data_dir, bundle, f"{HEADER}\n{row}\n")
    assert _messages(change) == [
        "upload.csv, row 2, column 'mission': value 'MINUSXX' — must exist in missions (acronym)"
    ]


def test_future_year_and_future_date_are_refused(data_dir, bundle):
    next_year = dt.date.today().year + 1
    change = _prepare(data_dir, bundle, f"{HEADER}\n{GOOD_ROW.replace('2021', str(next_year))}\n")
    assert change.issues[0].rule == f"must be ≤ {next_year - 1}"
    funding = (
        "as_of,as_of_basis,measure,value,unit,qualifier,basis,source_id,source_locator,note\n"
        f"{next_year}-01-01,stated,donor_count,30,donors,exact,received,un-doc-2020,p,\n"
    )
    change = _prepare(data_dir, bundle, funding, dataset="funding")
    assert _messages(change) == [
        f"upload.csv, row 2, column 'as_of': value '{next_year}-01-01' — must not be in the future"
    ]


def test_duplicate_keys_in_the_file_are_refused(data_dir, bundle):
    change = _prepare(data_dir, bundle, f"{HEADER}\n{GOOD_ROW}\n{GOOD_ROW.replace(',70,', ',71,')}\n")
    assert change.issues[0].row == 3
    assert change.issues[0].rule == "duplicate key: the same as row 2 of this file"


def test_row_without_a_known_source_is_refused(data_dir, bundle):
    missing = _prepare(data_dir, bundle, f"{HEADER}\n{GOOD_ROW.replace('un-doc-2020', '')}\n")
    unknown = _prepare(data_dir, bundle, f"{HEADER}\n{GOOD_ROW.replace('un-doc-2020', 'un-doc-2022')}\n")
    assert _messages(missing) == ["upload.csv, row 2, column 'source_id': value '' — a value is required"]
    assert _messages(unknown) == [
        "upload.csv, row 2, column 'source_id': value 'un-doc-2022' — must exist in sources (id)"
    ]


def test_row_citing_a_new_source_given_with_the_upload_is_accepted(data_dir, bundle):
    change = _prepare(
        data_dir, bundle, f"{HEADER}\n{GOOD_ROW.replace('un-doc-2020', 'un-doc-2022')}\n", new_source=NEW_SOURCE
    )
    assert change.ok, _messages(change)
    assert set(change.new_texts) == {"allegations.csv", "sources.yaml"}
    assert "un-doc-2022" in set(change.after_bundle.sources["id"])


def test_new_source_is_checked_with_the_rules_of_sources(data_dir, bundle):
    broken = {**NEW_SOURCE, "url": "example.org", "kind": "blog"}
    change = _prepare(data_dir, bundle, f"{HEADER}\n{GOOD_ROW}\n", new_source=broken)
    assert {(i.file, i.column) for i in change.issues} == {("new source", "url"), ("new source", "kind")}


def test_formula_is_stored_neutralised_and_not_prefixed_twice_in_exports(data_dir, bundle):
    formula = '=HYPERLINK("http://evil.example","click")'
    row = GOOD_ROW.replace("para 4,", f'"{formula.replace(chr(34), chr(34) * 2)}",')
    change = _prepare(data_dir, bundle, f"{HEADER}\n{row}\n")
    assert change.ok, _messages(change)
    stored = change.after_bundle.allegations
    assert "'" + formula in set(stored["source_locator"])
    exported = pd.read_csv(io.BytesIO(csv_bytes(stored)), dtype=str)
    assert "'" + formula in set(exported["source_locator"])


def test_html_in_a_text_cell_is_kept_verbatim(data_dir, bundle):
    row = GOOD_ROW.replace("para 4,", "<script>alert(1)</script>,")
    change = _prepare(data_dir, bundle, f"{HEADER}\n{row}\n")
    assert "<script>alert(1)</script>" in set(change.after_bundle.allegations["source_locator"])


def test_merge_keeps_columns_the_file_lacks_and_replace_removes_rows(data_dir, bundle):
    short_header = "year,period,scope,mission,category,measure,value,qualifier,source_id"
    update = "2019,year,peace_operations,,,allegations,81,exact,un-doc-2020"
    merged = _prepare(data_dir, bundle, f"{short_header}\n{update}\n")
    first = merged.after["allegations.csv"][0]
    assert (first["value"], first["source_locator"]) == ("81", "para 1")
    assert len(merged.after["allegations.csv"]) == 3
    replaced = _prepare(data_dir, bundle, f"{HEADER}\n{GOOD_ROW}\n", mode=REPLACE)
    assert len(replaced.after["allegations.csv"]) == 1


def test_replace_that_would_orphan_a_reference_is_refused_as_a_whole(data_dir, bundle):
    sources = (
        "id,title,publisher,kind,url,date,note,language\n"
        "press-2021,Test press story,Press,press,https://example.org/p,2021,,en\n"
    )
    change = _prepare(data_dir, bundle, sources, dataset="sources", mode=REPLACE)
    assert not change.ok
    assert all(i.after_change and i.message().startswith("after the change: ") for i in change.issues)
    assert any(i.column == "source_id" and i.value == "un-doc-2020" for i in change.issues)


def test_project_upload_updates_flat_fields_and_keeps_places(data_dir, bundle):
    text = "id,budget_usd,source_id,source_locator\nDRC-TEST-2018,180000,press-2021,para 9\n"
    header_only = "id,title,description,country,country_iso3,mission_basis,trust_fund_link,source_id"
    change = _prepare(data_dir, bundle, text, dataset="projects")
    assert [i.column for i in change.issues] == [
        "title",
        "description",
        "country",
        "country_iso3",
        "mission_basis",
        "trust_fund_link",
    ]
    full = text.replace(
        "id,budget_usd,source_id,source_locator",
        "id,budget_usd,source_id,source_locator,title,description,country,country_iso3,mission_basis,trust_fund_link",
    )
    full = full.replace(
        "para 9\n",
        "para 9,Test project in Sake,Fictitious test project.,Democratic Republic of the Congo,COD,stated,confirmed\n",
    )
    change = _prepare(data_dir, bundle, full, dataset="projects")
    assert change.ok, _messages(change)
    project = change.after["projects.yaml"][0]
    assert project["budget_usd"] == 180000
    assert project["places"][0]["locality"] == "Sake"
    assert [s["source_id"] for s in project["sources"]] == ["un-doc-2020", "press-2021"]
    new_row = "CAF-NEW-2024,New project,Fictitious.,Central African Republic,CAF,none,not_explicit,press-2021"
    new = f"{header_only}\n{new_row}\n"
    change = _prepare(data_dir, bundle, new, dataset="projects")
    assert change.ok, _messages(change)
    assert change.after_bundle.projects["id"].tolist() == ["DRC-TEST-2018", "CAF-NEW-2024"]
    assert read_records(data_dir, "projects.yaml")[0]["budget_usd"] == 175000


def test_problem_list_shows_markup_in_values_as_text(data_dir, bundle):
    row = GOOD_ROW.replace(",70,", ",<script>alert(1)</script>,")
    change = _prepare(data_dir, bundle, f"{HEADER}\n{row}\n")
    text = problems_markdown(change.issues, "upload.csv")
    assert text == (
        "- Row 2, column **value**: value '\\<script\\>alert\\(1\\)\\</script\\>' — must be a number "
        "\\(no units or words\\)"
    )
    assert "(upload.csv)" not in text
    assert problems_markdown(change.issues * 3, "other.csv", limit=2).endswith(
        "- … and 1 more (in the list you can download)"
    )


def test_free_text_cells_starting_a_formula_are_warned_and_stored_with_an_apostrophe(data_dir, bundle):
    row = GOOD_ROW + '"=1+2"'  # the note column, last
    change = _prepare(data_dir, bundle, f"{HEADER}\n{row}\n")
    assert change.ok
    assert [(w.row, w.column, w.value) for w in change.warnings] == [(2, "note", "=1+2")]
    stored = [r for r in change.after["allegations.csv"] if r.get("year") in (2021, "2021")]
    assert [r["note"] for r in stored] == ["'=1+2"]
    assert "'=1+2" in change.new_texts["allegations.csv"]


def test_formula_like_new_source_title_is_neutralised_too(data_dir, bundle):
    source = {**NEW_SOURCE, "title": "@SUM(A1)"}
    change = _prepare(
        data_dir, bundle, f"{HEADER}\n{GOOD_ROW.replace('un-doc-2020', 'un-doc-2022')}\n", new_source=source
    )
    assert change.ok
    assert [(w.column, w.value) for w in change.warnings] == [("new source: title", "@SUM(A1)")]
    assert "'@SUM(A1)" in change.new_texts["sources.yaml"]


def test_refused_upload_is_logged_without_its_contents(data_dir, bundle, caplog):
    caplog.set_level("INFO", logger="tfsea")
    _prepare(data_dir, bundle, f"{HEADER}\n{GOOD_ROW.replace('70', 'seventy-secret')}\n")
    assert "refused upload upload.csv for allegations: 1 problems" in caplog.text
    assert "seventy-secret" not in caplog.text


PORTFOLIO_HEADER = "as_of,as_of_basis,measure,value,unit,qualifier,source_id,source_locator,note"


def test_portfolio_upload_adds_a_reported_figure(data_dir, bundle):
    row = "2024-06,publication_date,people_reached,50000,people,over,un-doc-2020,para 3,"
    change = _prepare(data_dir, bundle, f"{PORTFOLIO_HEADER}\n{row}\n", "portfolio")
    assert change.ok, _messages(change)
    added = change.after_bundle.portfolio.iloc[-1]
    assert (added["measure"], added["value"], added["qualifier"]) == ("people_reached", 50000, "over")
    assert len(change.after_bundle.portfolio) == len(bundle.portfolio) + 1


def test_portfolio_upload_with_an_unknown_measure_is_refused_by_row_and_column(data_dir, bundle):
    row = "2024-06,publication_date,money_spent,5,people,exact,un-doc-2020,para 3,"
    change = _prepare(data_dir, bundle, f"{PORTFOLIO_HEADER}\n{row}\n", "portfolio")
    assert _messages(change) == [
        "upload.csv, row 2, column 'measure': value 'money_spent' — must be one of: projects_financed, "
        "people_reached, people_supported, people_reached_in_year, programme_support_cost_percent"
    ]


# In French: the problems are found once, in no language, and written in the reader's -------------------------

NBSP = "\u00a0"
NARROW_NBSP = "\u202f"


def test_a_bad_row_is_named_by_file_row_column_value_and_rule_in_french(data_dir, bundle):
    bad = GOOD_ROW.replace(",70,", ",-5,")
    change = _prepare(data_dir, bundle, f"{HEADER}\n{bad}\n")
    assert [i.message(FRENCH) for i in change.issues] == [
        f"upload.csv, ligne 2, colonne «{NBSP}value{NBSP}»{NBSP}: valeur '-5' — doit être ≥ 0"
    ]
    assert problems_markdown(change.issues, "upload.csv", lang=FRENCH) == (
        f"- Ligne 2, colonne **value**{NBSP}: valeur '\\-5' — doit être ≥ 0"
    )


def test_numbers_in_a_rule_are_written_the_readers_way(data_dir, bundle):
    change = _prepare(data_dir, bundle, f"{HEADER}\n{GOOD_ROW.replace(',70,', ',7000000,')}\n")
    assert change.issues[0].rule_text() == "is implausibly large (over 100,000): a typo?"
    assert change.issues[0].rule_text(FRENCH) == (
        f"est d'une grandeur invraisemblable (plus de 100{NARROW_NBSP}000){NBSP}: une faute de frappe{NBSP}?"
    )


def test_unreadable_files_are_refused_in_french_too():
    with pytest.raises(DataValidationError) as refused:
        read_upload("report.csv", b"%PDF-1.7 ...")
    assert refused.value.issues[0].message(FRENCH) == (
        f"report.csv, colonne «{NBSP}(fichier){NBSP}»{NBSP}: valeur '' — "
        "c'est un document PDF, pas un fichier texte CSV."
    )


def test_unknown_column_names_the_dataset_in_the_readers_language():
    _, issues = map_columns("allegations", ["year", "colour"], "f.csv")
    assert (
        issues[0]
        .rule_text(FRENCH)
        .startswith(f"ne fait pas partie des colonnes du jeu de données «{NBSP}Chiffres des allégations{NBSP}»{NBSP};")
    )


def test_problems_after_the_change_name_the_file_in_french():
    issue = DataIssue("allegations.csv", 3, "value", "x", "must be a whole number", after_change=True)
    assert (
        issue.message()
        == "after the change: allegations.csv, row 3, column 'value': value 'x' — must be a whole number"
    )
    assert issue.message(FRENCH) == (
        f"après la modification{NBSP}: allegations.csv, ligne 3, colonne «{NBSP}value{NBSP}»{NBSP}: valeur 'x' — doit "
        "être un nombre entier"
    )


def test_the_downloaded_list_of_problems_has_french_headers():
    issue = DataIssue("f.csv", None, "(row)", "", "the file is empty")
    assert issue_rows([issue], FRENCH) == [
        {"fichier": "f.csv", "ligne": None, "colonne": "(ligne)", "valeur": "", "problème": "le fichier est vide"}
    ]
    assert issue_rows([issue]) == [
        {"file": "f.csv", "row": None, "column": "(row)", "value": "", "problem": "the file is empty"}
    ]


def test_the_column_guide_in_french():
    guide = column_guide("allegations", lang=FRENCH)
    value = next(row for row in guide if row["colonne"] == "value")
    assert value == {"colonne": "value", "obligatoire": "oui", "contenu": "nombre"}
    mission = next(row for row in guide if row["colonne"] == "mission")
    assert mission == {
        "colonne": "mission",
        "obligatoire": "non",
        "contenu": "une valeur existante de missions (acronym)",
    }
