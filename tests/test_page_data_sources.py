"""The Data & sources page through the real entry script (AppTest): it opens on coverage and the known gaps, and
each other section is a tab named in the link, built only when open."""

from __future__ import annotations

from components.figures.glossary import DEFINITIONS, EMPTY_CELLS
from tests.pages_app import open_page

SECTIONS = ["Coverage and gaps", "Sources", "Datasets", "Rules and definitions"]


def test_the_page_opens_on_coverage_and_the_known_gaps(bundle):
    at = open_page("data_sources")
    assert [tab.label for tab in at.tabs] == SECTIONS
    assert [s.value for s in at.subheader] == ["Coverage and known gaps"]
    [table] = at.dataframe
    coverage = table.value.set_index("dataset")
    assert list(coverage.index) == [
        "allegations",
        "funding",
        "contributions",
        "donor_roster",
        "portfolio",  # the Fund's own portfolio figures (projects financed, people reached), data/portfolio.csv
        "projects",
        "missions",
        "personnel",
        "sources",
    ]
    # UNMIL's 2005 count (its own report) to 2024; personnel from the IPI and UN monthly reports, 2007-2024.
    assert coverage.loc["allegations", "years"] == "2005–2024 (20 years)"
    assert coverage.loc["personnel", "years"] == "2007–2024 (18 years)"
    assert coverage.loc["allegations", "rows"] == len(bundle.allegations) > 0
    assert any("Missing is not zero" in m.value for m in at.markdown)
    assert f"{len(bundle.sources):,} cited sources" in at.success[0].value


def test_the_sources_tab_lists_every_source(bundle):
    at = open_page("data_sources", section="Sources")
    [table] = at.dataframe
    assert sorted(table.value["id"]) == sorted(bundle.sources["id"])
    assert len(table.value) > 0
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


def test_the_dataset_count_matches_the_datasets_listed_and_says_where_the_others_are():
    at = open_page("data_sources")
    [table] = at.dataframe
    covered = len(table.value)
    datasets_tab = open_page("data_sources", section="Datasets")
    listed = datasets_tab.get("button_group")[0].proto.options
    assert f"All {len(listed)} datasets pass their checks" in at.success[0].value
    [scope] = [c.value for c in at.caption if "datasets hold figures" in c.value]
    assert scope.startswith(f"{covered} of the {len(listed)} datasets hold figures")
    # project_places, scopes and measures (data/README.md): lists the figures refer to, with no coverage row.
    assert "(project_places, scopes, measures) are lists the figures refer to" in scope
