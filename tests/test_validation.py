"""Every validation rule names the file, row, column and rule of the problem it finds."""

from __future__ import annotations

from pathlib import Path

import pytest

from components.data.bundle import SHIPPED_DATA_DIR, load_bundle
from components.data.schema import DataValidationError
from tests.tiny_data import tiny_tables, write_data


def _issues(tmp_path: Path, edit) -> list:
    tables = tiny_tables()
    edit(tables)
    write_data(tmp_path, tables)
    with pytest.raises(DataValidationError) as caught:
        load_bundle(tmp_path)
    return caught.value.issues


def _only(issues, file: str, column: str):
    found = [i for i in issues if i.file.endswith(file) and i.column == column]
    assert found, f"no issue for {file}/{column} in {[i.message() for i in issues]}"
    return found[0]


def test_tiny_data_is_valid(tmp_path):
    bundle = load_bundle(write_data(tmp_path))
    assert len(bundle.allegations) == 3


def test_shipped_data_loads_without_errors():
    bundle = load_bundle(SHIPPED_DATA_DIR)
    assert len(bundle.allegations) > 100
    assert len(bundle.projects) >= 13
    assert len(bundle.sources) > 50


def test_missing_required_value_names_row_and_column(tmp_path):
    issues = _issues(tmp_path, lambda t: t["allegations"][1].update(measure=""))
    issue = _only(issues, "allegations.csv", "measure")
    assert issue.row == 3
    assert "required" in issue.rule


def test_negative_amount_is_refused(tmp_path):
    issues = _issues(tmp_path, lambda t: t["contributions"][0].update(amount_usd="-5"))
    issue = _only(issues, "contributions.csv", "amount_usd")
    assert (issue.row, issue.value) == (2, "-5")
    assert "≥ 0" in issue.rule


def test_words_in_a_number_column_are_refused(tmp_path):
    issue = _only(_issues(tmp_path, lambda t: t["allegations"][0].update(value="about 80")), "allegations.csv", "value")
    assert "number" in issue.rule


def test_value_outside_vocabulary_lists_allowed_values(tmp_path):
    issue = _only(
        _issues(tmp_path, lambda t: t["allegations"][0].update(qualifier="roughly")), "allegations.csv", "qualifier"
    )
    assert "must be one of" in issue.rule and "about" in issue.rule


def test_unknown_mission_reference_is_refused(tmp_path):
    issue = _only(
        _issues(tmp_path, lambda t: t["allegations"][2].update(mission="UNKNOWNMISSION")), "allegations.csv", "mission"
    )
    assert issue.row == 4
    assert "must exist in missions" in issue.rule


def test_unknown_source_reference_is_refused(tmp_path):
    issue = _only(_issues(tmp_path, lambda t: t["funding"][0].update(source_id="nowhere")), "funding.csv", "source_id")
    assert "must exist in sources" in issue.rule


def test_iso3_must_exist_in_basemap(tmp_path):
    issue = _only(
        _issues(tmp_path, lambda t: t["missions"][0].update(country_iso3="COD;XYZ")), "missions.csv", "country_iso3"
    )
    assert "must exist in basemap" in issue.rule


def test_year_out_of_range_is_refused(tmp_path):
    issue = _only(_issues(tmp_path, lambda t: t["allegations"][0].update(year="2999")), "allegations.csv", "year")
    assert "must be ≤" in issue.rule


def test_unparseable_date_is_refused(tmp_path):
    issue = _only(
        _issues(tmp_path, lambda t: t["contributions"][0].update(date="22/07/2016")), "contributions.csv", "date"
    )
    assert "YYYY-MM-DD" in issue.rule


def test_impossible_date_is_refused(tmp_path):
    issue = _only(_issues(tmp_path, lambda t: t["funding"][0].update(as_of="2018-02-30")), "funding.csv", "as_of")
    assert "date" in issue.rule


def test_future_date_is_refused(tmp_path):
    issue = _only(_issues(tmp_path, lambda t: t["funding"][0].update(as_of="2999-01")), "funding.csv", "as_of")
    assert "future" in issue.rule


def test_latitude_out_of_range_is_refused(tmp_path):
    issue = _only(_issues(tmp_path, lambda t: t["missions"][0].update(lat="95")), "missions.csv", "lat")
    assert issue.row == 2 and "≤ 90" in issue.rule


def test_duplicate_key_names_both_rows(tmp_path):
    issues = _issues(tmp_path, lambda t: t["allegations"].append(dict(t["allegations"][0])))
    issue = next(i for i in issues if "duplicate key" in i.rule)
    assert issue.row == 5 and "row 2" in issue.rule


def test_project_field_errors_name_the_record_and_field(tmp_path):
    issues = _issues(tmp_path, lambda t: t["projects"][0]["places"][0].update(lat=123))
    issue = _only(issues, "projects.yaml", "places[0].lat")
    assert issue.row == 1


def test_project_service_outside_vocabulary_is_refused(tmp_path):
    issue = _only(_issues(tmp_path, lambda t: t["projects"][0].update(services=["magic"])), "projects.yaml", "services")
    assert "must be one of" in issue.rule


def test_malformed_csv_names_the_row(tmp_path):
    write_data(tmp_path)
    path = tmp_path / "allegations.csv"
    path.write_text(path.read_text() + '2021,year,"unclosed\n', encoding="utf-8")
    with pytest.raises(DataValidationError) as caught:
        load_bundle(tmp_path)
    assert any(i.file.endswith("allegations.csv") and i.row is not None for i in caught.value.issues)


def test_malformed_yaml_names_the_file_and_line(tmp_path):
    write_data(tmp_path)
    path = tmp_path / "sources.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    broken = len(lines) + 1
    path.write_text("\n".join([*lines, "- id: [unclosed", ""]), encoding="utf-8")
    issue = _only(load_errors(tmp_path), "sources.yaml", "(file)")
    assert "not valid YAML" in issue.rule
    assert issue.row in (broken, broken + 1), "the line of the problem, or the next one where the parser noticed it"


def test_row_with_wrong_cell_count_names_the_row(tmp_path):
    write_data(tmp_path)
    path = tmp_path / "personnel.csv"
    path.write_text(path.read_text() + "MONUSCO,2020\n", encoding="utf-8")
    with pytest.raises(DataValidationError) as caught:
        load_bundle(tmp_path)
    issue = caught.value.issues[0]
    assert issue.row == 3 and "cells" in issue.rule


def test_missing_column_is_named(tmp_path):
    write_data(tmp_path)
    path = tmp_path / "missions.csv"
    lines = path.read_text().splitlines()
    path.write_text("\n".join(line.rsplit(",", 1)[0] for line in lines) + "\n", encoding="utf-8")
    issue = _only(load_errors(tmp_path), "missions.csv", "note")
    assert "missing" in issue.rule


def test_binary_file_is_refused_by_name(tmp_path):
    write_data(tmp_path)
    (tmp_path / "funding.csv").write_bytes(b"\x89PNG\x00\x00binary")
    issue = _only(load_errors(tmp_path), "funding.csv", "(file)")
    assert "binary" in issue.rule


def test_non_utf8_file_is_refused_by_name(tmp_path):
    write_data(tmp_path)
    path = tmp_path / "contributions.csv"
    path.write_bytes(path.read_text().replace("India", "Côte d'Ivoire").encode("latin-1"))
    issue = _only(load_errors(tmp_path), "contributions.csv", "(file)")
    assert "UTF-8" in issue.rule


def test_message_reads_file_row_column_value_rule(tmp_path):
    issue = _only(_issues(tmp_path, lambda t: t["allegations"][0].update(value="-1")), "allegations.csv", "value")
    message = issue.message()
    assert "allegations.csv" in message and "row 2" in message and "'value'" in message and "'-1'" in message


def load_errors(folder: Path) -> list:
    with pytest.raises(DataValidationError) as caught:
        load_bundle(folder)
    return caught.value.issues
