"""Mission names in French: the official names in data/missions.csv, each with the French source it was read in, and
`mission_name` for the pages (the French name where known, else the English one). Expected names are written by hand
from the cited pages."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from components.data.bundle import SHIPPED_DATA_DIR, load_bundle
from components.data.schema import DataValidationError
from components.figures.missions import mission_name
from components.language.translation import ENGLISH, FRENCH
from tests.tiny_data import tiny_tables, write_data


@pytest.fixture(scope="module")
def shipped():
    return load_bundle(SHIPPED_DATA_DIR)


@pytest.mark.parametrize(
    ("acronym", "french"),
    [
        (
            "MONUSCO",
            "Mission de l'Organisation des Nations Unies pour la stabilisation en République démocratique du Congo",
        ),
        (
            "MINUSCA",
            "Mission multidimensionnelle intégrée des Nations Unies pour la stabilisation en République centrafricaine",
        ),
        ("MINUSTAH", "Mission des Nations Unies pour la stabilisation en Haïti"),
        ("BINUH", "Bureau intégré des Nations Unies en Haïti"),
        ("UNMISS", "Mission des Nations Unies au Soudan du Sud"),
        ("UNAMID", "Opération hybride Union africaine-Nations Unies au Darfour"),
    ],
)
def test_the_french_name_is_the_official_one(shipped, acronym, french):
    assert mission_name(shipped.missions, acronym, lang=FRENCH) == french


def test_english_keeps_the_english_name(shipped):
    assert (
        mission_name(shipped.missions, "MONUSCO", lang=ENGLISH)
        == "United Nations Organization Stabilization Mission in the Democratic Republic of the Congo"
    )
    assert mission_name(shipped.missions, "BINUH") == "United Nations Integrated Office in Haiti"


def test_without_a_sourced_french_name_french_falls_back_to_the_english_name(shipped):
    # No French page naming UNSOA was found: the French reader sees the English name, never an invented one.
    assert mission_name(shipped.missions, "UNSOA", lang=FRENCH) == "United Nations Support Office for AMISOM"


def test_one_row_of_the_table_is_enough():
    row = pd.Series(
        {
            "acronym": "UNMIL",
            "name": "United Nations Mission in Liberia",
            "name_fr": "Mission des Nations Unies au Libéria",
        }
    )
    assert mission_name(row, "UNMIL", lang=FRENCH) == "Mission des Nations Unies au Libéria"
    assert mission_name(row, "UNMIL", lang=ENGLISH) == "United Nations Mission in Liberia"
    empty = row.copy()
    empty["name_fr"] = None
    assert mission_name(empty, "UNMIL", lang=FRENCH) == "United Nations Mission in Liberia"


def test_an_acronym_the_table_does_not_hold_is_returned_as_it_is(shipped):
    assert mission_name(shipped.missions, "ONUC", lang=FRENCH) == "ONUC"


def test_every_french_name_cites_a_french_source_with_its_address(shipped):
    named = shipped.missions[shipped.missions["name_fr"].notna()]
    assert len(named) == 46
    sources = shipped.sources.set_index("id")
    for _, row in named.iterrows():
        source = sources.loc[row["name_fr_source_id"]]
        assert source["language"] == "fr", row["acronym"]
        assert str(source["url"]).startswith("http"), row["acronym"]
        # Where in the page the name was read, and the acronym it names.
        assert row["acronym"] in str(source["note"]), row["acronym"]


def _issues(tmp_path: Path, edit) -> list:
    tables = tiny_tables()
    edit(tables)
    write_data(tmp_path, tables)
    with pytest.raises(DataValidationError) as caught:
        load_bundle(tmp_path)
    return caught.value.issues


def test_a_french_name_without_its_source_is_refused_with_row_and_column(tmp_path):
    issues = _issues(tmp_path, lambda t: t["missions"][1].update(name_fr="Mission en RCA", name_fr_source_id=""))
    found = [i for i in issues if i.file.endswith("missions.csv") and i.column == "name_fr_source_id"]
    assert found, [i.message() for i in issues]
    assert found[0].row == 3
    assert "name_fr" in found[0].rule


def test_a_french_name_citing_an_unknown_source_is_refused(tmp_path):
    issues = _issues(tmp_path, lambda t: t["missions"][0].update(name_fr="Mission en RDC", name_fr_source_id="nowhere"))
    found = [i for i in issues if i.file.endswith("missions.csv") and i.column == "name_fr_source_id"]
    assert found and "must exist in sources" in found[0].rule


def test_a_french_name_with_its_source_loads(tmp_path):
    tables = tiny_tables()
    tables["missions"][0].update(name_fr="Mission test en RDC", name_fr_source_id="un-doc-2020")
    bundle = load_bundle(write_data(tmp_path, tables))
    assert mission_name(bundle.missions, "MONUSCO", lang=FRENCH) == "Mission test en RDC"
    assert mission_name(bundle.missions, "MINUSCA", lang=FRENCH) == "Test mission in CAR"


def test_a_source_language_outside_the_list_is_refused(tmp_path):
    issues = _issues(tmp_path, lambda t: t["sources"][0].update(language="french"))
    found = [i for i in issues if i.file.endswith("sources.yaml") and i.column == "language"]
    assert found and "must be one of" in found[0].rule
