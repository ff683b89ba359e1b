"""The Data & sources page's builders and the citation words in English and French (issue 20): the app's words
translate, the data's own text (titles, publishers, dates, locators) stays as its sources wrote it."""

from __future__ import annotations

import pandas as pd

from components.data.bundle import DataBundle
from components.figures.catalogue import build_catalogue, coverage_scope, dataset_label, shown_rows
from components.figures.citations import SourceRef, citation_markdown, source_list_markdown
from components.figures.glossary import labels_in
from components.language.translation import ENGLISH, FRENCH

NNBSP = "\u202f"
NBSP = "\u00a0"
REF = SourceRef("afp", "UN says sex abuse claims rose", "AFP", "press", "https://example.org/a", "2017-03-14", "¶ 4")


def test_a_citation_names_the_kind_of_source_in_the_viewers_language_and_nothing_else():
    english = citation_markdown(REF)
    french = citation_markdown(REF, FRENCH)
    assert english.endswith("— AFP, 2017\\-03\\-14 · Press report · ¶ 4")
    assert french.endswith("— AFP, 2017\\-03\\-14 · Article de presse · ¶ 4")
    # The title, publisher, date and locator are the data's, the same in both.
    assert french.replace("Article de presse", "Press report") == english


def test_a_long_source_list_says_how_many_more_in_french():
    refs = [SourceRef(f"s{i}", f"T{i}", "P", "un_news", f"https://example.org/{i}", "2020") for i in range(1_061)]
    french = source_list_markdown(refs, FRENCH)
    assert "· ONU Info" in french
    assert f"… et 1{NNBSP}001 autres{NBSP}: toutes les sources sont présentées" in french
    assert "and 1,001 more: every source is listed" in source_list_markdown(refs, ENGLISH)


def test_the_table_note_counts_rows_the_french_way():
    frame = pd.DataFrame({"n": range(2_500)})
    _, note = shown_rows(frame, lang=FRENCH)
    assert note == (
        f"Affichage des 2{NNBSP}000 premières lignes sur 2{NNBSP}500{NBSP}; le fichier CSV à télécharger les contient "
        "toutes."
    )


def test_the_catalogue_in_french_translates_labels_and_keeps_the_data(bundle: DataBundle):
    english = build_catalogue(bundle)
    french = build_catalogue(bundle, FRENCH)
    # Same sources, same titles; only the kind of source is a translated label.
    assert french.sources["title"].tolist() == english.sources["title"].tolist()
    kinds = dict(zip(english.sources["kind_label"], french.sources["kind_label"], strict=True))
    assert kinds["UN News"] == "ONU Info"
    assert kinds["UN mission site"] == "Site d'une mission des Nations Unies"
    assert kinds["Press report"] == "Article de presse"
    coverage = french.coverage.set_index("dataset")
    assert coverage.loc["allégations", "years"] == "2005–2024 (20 ans)"
    assert coverage.loc["allégations", "rows"] == english.coverage.set_index("dataset").loc["allegations", "rows"]
    assert french.descriptions["allegations"] == (
        "Chiffres des allégations d'exploitation et d'atteintes sexuelles, une ligne par source."
    )
    assert coverage_scope(french, FRENCH).startswith("9 des 12 jeux de données contiennent des chiffres")
    assert coverage_scope(english).startswith("9 of the 12 datasets hold figures")


def test_datasets_are_named_by_their_files_in_english_and_in_words_in_french():
    assert dataset_label("donor_roster") == "donor_roster"
    assert dataset_label("donor_roster", FRENCH) == "listes de donateurs"
    assert dataset_label("project_places", FRENCH) == "lieux des projets"


def test_scope_and_measure_labels_read_in_french_with_the_english_where_none_is_given(bundle: DataBundle):
    assert labels_in(bundle.scopes)["special_political_missions"] == "Special political missions"
    assert labels_in(bundle.scopes, FRENCH)["special_political_missions"] == "Missions politiques spéciales"
    assert labels_in(bundle.measures, FRENCH)["alleged_perpetrators"] == "Auteurs présumés"
    assert labels_in(bundle.measures, FRENCH, "definition")["child_victims"] == "Victimes âgées de moins de 18 ans."
    partial = pd.DataFrame({"code": ["a", "b"], "label": ["One", "Two"], "label_fr": ["Un", ""]})
    assert labels_in(partial, FRENCH).tolist() == ["Un", "Two"]
    assert labels_in(partial.drop(columns="label_fr"), FRENCH).tolist() == ["One", "Two"]


def test_files_with_problems_are_counted_in_the_viewers_language():
    from components.data.schema import DataIssue
    from components.ui.cards import problem_files

    issues = [DataIssue("data/a.csv", 2, "year", "x", "rule"), DataIssue("data/a.csv", 3, "year", "y", "rule")]
    issues.append(DataIssue("/srv/data/b.csv", 1, "value", "z", "rule"))
    assert problem_files(issues) == "a.csv (2 problems), b.csv (1 problem)"
    assert problem_files(issues, FRENCH) == "a.csv (2 problèmes), b.csv (1 problème)"
