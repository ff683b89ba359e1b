"""The Data & sources page through the real entry script (AppTest): it opens on coverage and the known gaps, and
each other section is a tab named in the link, built only when open."""

from __future__ import annotations

import pandas as pd

from components.figures.catalogue import build_catalogue
from components.figures.glossary import DEFINITIONS, EMPTY_CELLS
from tests.pages_app import open_page

SECTIONS = ["Coverage and gaps", "Sources", "Datasets", "Rules and definitions"]


def test_the_page_opens_on_coverage_and_the_known_gaps(bundle):
    at = open_page("data_sources")
    catalogue = build_catalogue(bundle)
    assert [tab.label for tab in at.tabs] == SECTIONS
    assert [s.value for s in at.subheader] == ["Coverage and known gaps"]
    [table] = at.dataframe
    pd.testing.assert_frame_equal(table.value, catalogue.coverage.reset_index(drop=True), check_dtype=False)
    assert any("Missing is not zero" in m.value for m in at.markdown)
    assert f"{len(catalogue.sources):,} cited sources" in at.success[0].value


def test_the_sources_tab_lists_every_source(bundle):
    at = open_page("data_sources", section="Sources")
    catalogue = build_catalogue(bundle)
    [table] = at.dataframe
    assert list(table.value["id"]) == list(catalogue.sources["id"])
    assert [b.label for b in at.get("download_button")] == ["Download the source list (CSV)"]


def test_the_datasets_tab_shows_one_dataset_with_its_download(bundle):
    at = open_page("data_sources", section="Datasets")
    [table] = at.dataframe
    assert len(table.value) == len(bundle.allegations)
    assert [b.label for b in at.get("download_button")] == ["Download allegations (CSV)"]


def test_the_rules_tab_gives_the_preferred_value_rule_and_every_definition():
    at = open_page("data_sources", section="Rules and definitions")
    assert [s.value for s in at.subheader] == ["When sources disagree", "Definitions"]
    assert not at.dataframe, "the tables wait in their tabs"
    shown = "\n".join(m.value for m in at.markdown)
    assert "a UN document over UN News" in shown
    for term in DEFINITIONS:
        assert f"**{term}.**" in shown


def test_raw_tables_leave_empty_cells_blank_and_say_what_blank_means():
    for section in ("Sources", "Datasets"):
        at = open_page("data_sources", section=section)
        [table] = at.dataframe
        assert table.value.isna().any().any(), f"the {section} table has empty cells to show"
        assert table.proto.placeholder == "", f"{section}: empty cells are blank, not 'None'"
        assert any(EMPTY_CELLS in c.value for c in at.caption)
