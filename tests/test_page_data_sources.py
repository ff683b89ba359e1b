"""The Data & sources page through the real entry script (AppTest): it opens on coverage and the known gaps, and
each other section is a tab named in the link, built only when open."""

from __future__ import annotations

from components.figures.glossary import DEFINITIONS, EMPTY_CELLS
from components.ui.navigation import RULES_SECTION
from tests.french_page import english_left, page_words
from tests.pages_app import open_page, shown_tables

SECTIONS = ["Coverage and gaps", "Sources", "Datasets", "Rules and definitions"]


def test_the_page_opens_on_coverage_and_the_known_gaps(bundle):
    at = open_page("data_sources")
    assert [tab.label for tab in at.tabs] == SECTIONS
    assert [s.value for s in at.subheader] == ["Coverage and known gaps"]
    [table] = shown_tables(at)
    coverage = table.set_index("dataset")
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
    assert coverage.loc["allegations", "rows"] == str(len(bundle.allegations)) != "0"
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
    assert not at.dataframe and not at.table, "the tables wait in their tabs"
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
    [table] = shown_tables(at)
    covered = len(table)
    datasets_tab = open_page("data_sources", section="Datasets")
    listed = datasets_tab.get("button_group")[0].proto.options
    assert f"All {len(listed)} datasets pass their checks" in at.success[0].value
    [scope] = [c.value for c in at.caption if "datasets hold figures" in c.value]
    assert scope.startswith(f"{covered} of the {len(listed)} datasets hold figures")
    # project_places, scopes and measures (data/README.md): lists the figures refer to, with no coverage row.
    assert "(project_places, scopes, measures) are lists the figures refer to" in scope


# In French (issue 20): every word the app writes on the page is French; the data stays as its sources wrote it.
FRENCH_SECTIONS = ["Couverture et lacunes", "Sources", "Jeux de données", "Règles et définitions"]


def test_the_page_in_french_holds_no_english_in_any_section(bundle):
    for section in [None, *SECTIONS[1:]]:
        at = open_page("data_sources", lang="fr", **({"section": section} if section else {}))
        assert [tab.label for tab in at.tabs] == FRENCH_SECTIONS
        assert english_left(page_words(at), bundle) == [], section


def test_the_coverage_in_french_counts_years_and_datasets_the_french_way(bundle):
    at = open_page("data_sources", lang="fr")
    assert [s.value for s in at.subheader] == ["Couverture et lacunes connues"]
    [table] = shown_tables(at)
    coverage = table.set_index("jeu de données")
    # The same rows as in English, the datasets, the headings and the year counts in French.
    assert coverage.loc["allégations", "années"] == "2005–2024 (20 ans)"
    assert coverage.loc["effectifs", "années"] == "2007–2024 (18 ans)"
    assert coverage.loc["listes de donateurs", "lignes"] == str(len(bundle.donor_roster))
    sources = f"{len(bundle.sources):,}".replace(",", "\u202f")
    assert f"de {sources} sources citées" in at.success[0].value
    assert at.success[0].value.startswith("Les 12 jeux de données passent tous leurs contrôles")
    [scope] = [c.value for c in at.caption if "jeux de données contiennent des chiffres" in c.value]
    assert scope.startswith("9 des 12 jeux de données contiennent des chiffres")
    assert "(lieux des projets, périmètres, mesures)" in scope
    assert any("**Manquant ne veut pas dire zéro.**" in m.value for m in at.markdown)


def test_a_link_to_the_rules_opens_them_in_either_language_and_keeps_the_english_name():
    # Other pages link to the rules with the English tab name; a French viewer lands on the same tab, in French.
    at = open_page("data_sources", lang="fr", section=RULES_SECTION)
    assert [s.value for s in at.subheader] == ["Quand les sources divergent", "Définitions"]
    shown = "\n".join(m.value for m in at.markdown)
    assert "**Allégation.** Signalement selon lequel" in shown
    assert "un document de l'ONU avant ONU Info" in shown
    assert at.query_params["section"] == RULES_SECTION


def test_the_sources_and_datasets_tabs_in_french_name_columns_and_downloads_in_french(bundle):
    at = open_page("data_sources", lang="fr", section="Sources")
    [table] = at.dataframe
    assert sorted(table.value["id"]) == sorted(bundle.sources["id"])
    # Kinds of source are labels, translated; titles and publishers stay as the sources wrote them.
    assert "Article de presse" in set(table.value["kind_label"])
    assert set(table.value["title"]) == set(bundle.sources["title"])
    assert [b.label for b in at.get("download_button")] == ["Télécharger la liste des sources (CSV)"]
    at = open_page("data_sources", lang="fr", section="Datasets")
    [download] = at.get("download_button")
    assert download.label == "Télécharger le jeu de données «\u00a0allégations\u00a0» (CSV)"
    rows = f"{len(bundle.allegations)} lignes."
    assert any(rows in c.value and "Une cellule vide" in c.value for c in at.caption)
