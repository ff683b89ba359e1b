"""The Briefing and its exports in French (issue 20): the Briefing's own words, written by hand here as a
francophone programme officer reads them. The English of the same builders is tested in test_briefing.py and
test_briefing_export.py, unchanged."""

from __future__ import annotations

import io
import json
from datetime import date

import openpyxl
import pandas as pd
import pytest
from pptx import Presentation

from components.briefing.exports import (
    briefing_pptx,
    briefing_xlsx,
    deck_file_stem,
    export_file_name,
    screen_csv,
)
from components.briefing.screens import (
    build_briefing,
    map_takeaway,
    mission_takeaway,
    screen_position,
    sources_line,
)
from components.charts.theme import title_words
from components.figures.citations import SourceRef
from components.figures.filters import Filters
from components.figures.formatting import escape_markdown
from components.language.translation import ENGLISH, FRENCH
from tests.french_page import english_left, page_words
from tests.pages_app import open_page

NBSP = "\u00a0"  # before ":" and ";" in French
NNBSP = "\u202f"  # between thousands (CLDR)
MADE_ON = date(2026, 11, 24)
YEARS = Filters(years=(2016, 2024))


@pytest.fixture(scope="module")
def briefing(bundle):
    return build_briefing(bundle, YEARS, lang=FRENCH)


def _screen(briefing, slug):
    return next(s for s in briefing.screens if s.slug == slug)


# ---- sentences --------------------------------------------------------------------------------------------------


def test_map_takeaway_in_french_agrees_each_count_by_the_french_plural_rule():
    assert map_takeaway(9, 5, 3, 7, lang=FRENCH) == (
        f"9 projets dans 5 pays correspondent aux filtres{NBSP}; 3 d'entre eux ont un lieu avec coordonnées, "
        "représentés par 7 points. 6 autres projets n'ont aucun lieu avec coordonnées dans les données."
    )
    # French counts 0 and 1 as singular.
    assert map_takeaway(0, 0, 0, 0, lang=FRENCH) == "0 projet dans 0 pays correspond aux filtres."
    assert map_takeaway(1, 1, 1, 1, lang=FRENCH) == (
        f"1 projet dans 1 pays correspond aux filtres{NBSP}; 1 d'entre eux a un lieu avec coordonnées, "
        "représenté par 1 point."
    )
    assert map_takeaway(2, 1, 1, 1, "Haïti (1)", lang=FRENCH).endswith(
        f" 1 autre projet n'a aucun lieu avec coordonnées dans les données{NBSP}: Haïti (1)."
    )
    assert map_takeaway(1234, 12, 1000, 1500, lang=FRENCH).startswith(
        f"1{NNBSP}234 projets dans 12 pays correspondent aux filtres{NBSP}; 1{NNBSP}000 d'entre eux ont un lieu"
    )


def test_map_takeaway_in_english_reads_as_before():
    assert (
        map_takeaway(9, 5, 3, 7, lang=ENGLISH)
        == map_takeaway(9, 5, 3, 7)
        == (
            "9 projects in 5 countries match the filters; 3 of them have a place with coordinates, drawn as 7 points. "
            "The other 6 have no place with coordinates in the data."
        )
    )


def test_a_screen_number_that_does_not_exist_is_said_in_french():
    assert screen_position("9", 7, FRENCH) == (
        0,
        f"Cet exposé n'a pas d'écran «{NBSP}9{NBSP}» (écrans 1 à 7){NBSP}; affichage de l'écran 1.",
    )


def test_mission_takeaway_in_french_says_not_known_rather_than_zero():
    rows = pd.DataFrame({"year": [2019], "value": [None], "display": [None], "note": [None]})
    assert mission_takeaway("TESTMIS", rows, "2019", FRENCH) == (
        f"Aucune source publique ne donne de nombre annuel d'allégations pour la mission TESTMIS (2019){NBSP}: inconnu."
    )


def test_sources_line_in_french():
    refs = [
        SourceRef(id=f"s{i}", title="t", publisher=publisher, kind="news", url="https://example.org", date=day)
        for i, (publisher, day) in enumerate([("UN News", "2020-01-02"), ("AP", "2019"), ("Reuters", "2018")])
    ]
    assert sources_line(refs, "dans les notes", lang=FRENCH) == (
        f"Sources{NBSP}: UN News 2020{NBSP}; AP 2019 et 1 autre (dans les notes)"
    )
    assert sources_line(refs[:1], "dans les notes", lang=FRENCH) == f"Sources{NBSP}: UN News 2020"
    assert sources_line([], "dans les notes", lang=FRENCH) == f"Sources{NBSP}: aucune"


# ---- the screens ------------------------------------------------------------------------------------------------


def test_the_screens_titles_are_french(briefing):
    # The last screen's title is the Fund's portfolio page's own (components/figures/portfolio.py).
    assert [s.title for s in briefing.screens] == [
        "Le Fonds d'affectation spéciale en bref",
        "Les contributions au fil du temps",
        "Où se trouvent les projets du Fonds",
        "Les allégations, année par année",
        f"MONUSCO{NBSP}: allégations par année",
        f"Un projet (MONUSCO){NBSP}: Sake",
        "Les résultats publiés par le Fonds",
    ]
    assert briefing.lang == FRENCH


def test_the_headline_screen_writes_its_tiles_and_caveat_in_french(briefing):
    headline = _screen(briefing, "headline")
    assert list(headline.data.columns) == ["Chiffre", "Intitulé", "Note"]
    assert list(headline.data["Intitulé"])[:3] == ["Contributions déclarées", "Pays donateurs", "Projets du Fonds"]
    # 9 projects tied to the Fund in 2016-2024: in the DRC, the Central African Republic, Liberia, Haiti, South Sudan.
    assert headline.data["Note"].iloc[2] == "dans 5 pays"
    assert (
        headline.data["Note"].iloc[3].startswith("opérations de maintien de la paix et missions politiques spéciales")
    )
    assert headline.caveat == (
        f"Un chiffre qu'aucune source publique ne donne est indiqué comme «{NBSP}inconnu{NBSP}», jamais comme zéro."
    )
    assert headline.spec["description"].startswith(f"Contributions déclarées{NBSP}: ")
    assert headline.file_stem == "chiffres-cles_2016-2024"


def test_the_projects_map_screen_in_french_names_the_countries_without_a_place(briefing):
    # data/projects.yaml, confirmed projects in 2016-2024: 3 in the DRC with places with coordinates; none for the
    # Central African Republic (1), Liberia (2), Haiti (1) and South Sudan (2).
    screen = _screen(briefing, "projects-map")
    assert screen.takeaway.startswith(
        f"9 projets dans 5 pays correspondent aux filtres{NBSP}; 3 d'entre eux ont un lieu avec coordonnées, "
        f"représentés par 7 points. 6 autres projets n'ont aucun lieu avec coordonnées dans les données{NBSP}: "
        "République centrafricaine (1), "
    )
    assert screen.takeaway.endswith(", Haïti (1), Soudan du Sud (2).")
    assert list(screen.data.columns) == ["Lieu", "Latitude", "Longitude", "Projets"]
    assert "inconnu (Haïti)" in set(screen.data["Lieu"])
    labels = next(layer for layer in screen.spec["layer"] if layer["mark"].get("fontStyle") == "italic")
    named = {row["label"] for row in screen.spec["datasets"][labels["data"]["name"]]}
    assert "Haïti\naucun lieu connu" in named
    assert screen.caveat == (
        f"Les lieux sont les localités que nomment les sources{NBSP}; un projet peut intervenir au-delà."
    )


def test_the_mission_screen_in_french_draws_its_axes_and_unknown_years_in_french(briefing):
    screen = _screen(briefing, "mission")
    # MONUSCO's sourced yearly counts in 2016-2024 (data/allegations.csv): 2017, 2019, 2023 and 2024.
    assert screen.takeaway.endswith(f" Années avec un chiffre{NBSP}: 2017, 2019, 2023, 2024.")
    assert list(screen.data.columns) == ["année", "valeur", "qualificatif", "affiché", "note", "autres sources"]
    # The years with no sourced count (2016, 2018, 2020-2022) are written on the chart, never drawn as zero.
    gaps = next(layer for layer in screen.spec["layer"] if layer["mark"].get("angle") == 270)
    assert {row["label"] for row in screen.spec["datasets"][gaps["data"]["name"]]} == {"inconnu"}
    spec = json.dumps(screen.spec, ensure_ascii=False)
    assert '"title": "Allégations (nombre)"' in spec and '"title": "Année"' in spec
    assert screen.file_stem == "monusco-allegations-par-annee_2016-2024"
    # The mission's official French name (data/missions.csv, name_fr, read in UN press release CS/15949 in French).
    # Too long for one line on a projector (Vega cut it with "…", losing the acronym): in lines as wide as drawn.
    assert title_words(screen.spec["title"]) == (
        "Mission de l'Organisation des Nations Unies pour la stabilisation en République démocratique du Congo "
        "(MONUSCO)"
    )


def test_the_project_screen_in_french_reads_out_the_facts_in_french(briefing):
    screen = _screen(briefing, "project")
    assert screen.takeaway.endswith(f"(MONUSCO, démarré le 2018-05-08){NBSP}: " + screen.takeaway.split(": ")[-1])
    assert f"(MONUSCO, démarré le 2018-05-08){NBSP}: " in screen.takeaway
    points = list(screen.points)
    assert points[0] == (
        # Bujovu's French wording from data/projects.yaml (locality_fr).
        f"Lieu{NBSP}: Sake{NBSP}; Bujovu (quartier de Goma){NBSP}; Munigi{NBSP}; Kavumu "
        "(République démocratique du Congo)"
    )
    assert points[1] == f"Mis en œuvre par{NBSP}: MONUSCO (Conduct and Discipline team)"
    assert points[2].startswith(f"Début{NBSP}: 2018-05-08{NBSP}; fin{NBSP}: ")
    assert points[3].startswith(f"Budget{NBSP}: ")
    assert points[5] == f"Personnes touchées, telles que chaque source les compte (jamais additionnées){NBSP}:"
    assert screen.file_stem == "projet-drc-sake-2018"


# ---- the exports -------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def deck(briefing):
    return Presentation(io.BytesIO(briefing_pptx(briefing, "Années 2016–2024", MADE_ON)))


def test_the_french_deck_reopens_with_french_titles_footers_and_notes(deck):
    titles = [slide.shapes.title.text for slide in deck.slides]
    assert titles == [
        "Le Fonds d'affectation spéciale en bref",
        "Les contributions au fil du temps",
        "Où se trouvent les projets du Fonds",
        "Les allégations, année par année",
        f"MONUSCO{NBSP}: allégations par année",
        f"Un projet (MONUSCO){NBSP}: Sake",
        "Les résultats publiés par le Fonds",
    ]
    footer = next(s for s in deck.slides[0].shapes if s.name == "Caveat and sources").text_frame.text
    assert footer.startswith(
        f"Un chiffre qu'aucune source publique ne donne est indiqué comme «{NBSP}inconnu{NBSP}», jamais comme zéro."
    )
    assert f"1/7 · Sources{NBSP}: " in footer and "(dans les notes) · Années 2016–2024" in footer
    notes = deck.slides[0].notes_slide.notes_text_frame.text
    assert (
        "Années 2016–2024. Établi le 2026-11-24 à partir des données fournies avec le tableau de bord du Fonds "
        "d'affectation spéciale."
    ) in notes
    assert f"\nSources{NBSP}:\n" in notes


def test_the_french_workbook_names_its_sheets_and_headers_in_french(briefing):
    data = briefing_xlsx(briefing, "Années 2016–2024", MADE_ON)
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == [
        "À propos",
        "1 chiffres clés",
        "2 contributions",
        "3 carte des projets",
        "4 allégations",
        "5 mission",
        "6 projet",
        "7 résultats",
        "Sources",
    ]
    about = [row for row in book["À propos"].iter_rows(values_only=True) if any(row)]
    assert about[0][0] == "Exposé" and about[2][0] == "Établi le 2026-11-24"
    assert about[3][:3] == ("Écran", "Message clé", "Feuille")
    assert next(book["Sources"].iter_rows(values_only=True)) == ("Écran", "Source")
    headers = next(book["3 carte des projets"].iter_rows(values_only=True))
    assert headers == ("Lieu", "Latitude", "Longitude", "Projets")
    mission = pd.read_excel(io.BytesIO(data), sheet_name="5 mission")
    assert list(mission.columns) == ["année", "valeur", "qualificatif", "affiché", "note", "autres sources"]


def test_french_csv_and_file_names(bundle, briefing):
    csv_header = screen_csv(_screen(briefing, "projects-map")).decode("utf-8-sig").splitlines()[0]
    assert csv_header == "Lieu,Latitude,Longitude,Projets"
    assert export_file_name(deck_file_stem(briefing), "pptx", MADE_ON) == "expose_monusco_2016-2024_2026-11-24.pptx"
    assert (
        export_file_name(_screen(briefing, "projects-map").file_stem, "png", MADE_ON)
        == "lieux-des-projets_2016-2024_2026-11-24.png"
    )
    stems = {s.slug: s.file_stem for s in briefing.screens}
    assert stems["contributions"] == "totaux-du-fonds_2016-2024"
    assert stems["allegations"] == "allegations-par-annee_2016-2024"
    # In English the cards' screens keep the names their pages give their files.
    english = {s.slug: s.file_stem for s in build_briefing(bundle, YEARS).screens[1:4:2]}
    assert english == {"contributions": "trust-fund-totals_2016-2024", "allegations": "allegations-by-year_2016-2024"}


# ---- the page ----------------------------------------------------------------------------------------------------


def _own_words(at) -> list[str]:
    """The words the Briefing page itself writes around a screen: title, position, caveat and sources line,
    captions, notices, buttons, settings and download labels (the takeaways and charts come from the pages'
    builders, tested on their pages)."""
    # The project's key points hold the project page's own figures (budget, status, people reached): their French
    # labels are tested above on the screen itself.
    markdown = [m.value for m in at.markdown if not m.value.startswith("#### Lieu")]
    texts = [at.title[0].value, *markdown, *(c.value for c in at.caption)]
    texts += [w.value for w in at.warning] + [e.label for e in at.expander]
    texts += [b.label for b in at.button] + [t.label for t in at.toggle] + [t.help for t in at.toggle]
    texts += [s.label for s in at.selectbox if s.key == "story"]
    return [text for text in texts if text]


@pytest.mark.parametrize("screen", ["1", "2", "3", "4", "5", "7"])
def test_the_briefing_page_in_french_has_no_english_left(bundle, screen):
    at = open_page("briefing", lang="fr", screen=screen)
    assert english_left(page_words(at), bundle) == []
    words = _own_words(at)
    assert f"### {screen} / 7" in words
    assert "Précédent" in words and "Suivant" in words
    assert "Paramètres de présentation" in words and "Téléchargements (avec les filtres ci-dessus)" in words
    assert any(text.startswith(f"Sources{NBSP}\\: ") for text in words)


def test_the_project_screen_in_french_writes_its_own_words_in_french(bundle):
    # Screen 6's key points quote the project's beneficiary notes as their sources word them (data, cut at their
    # first ";"): the page's own words around them are checked here, the points' labels on the screen above.
    at = open_page("briefing", lang="fr", screen="6")
    assert english_left(_own_words(at), bundle) == []
    assert at.title[0].value == escape_markdown(f"Un projet (MONUSCO){NBSP}: Sake")


def test_a_french_briefing_address_with_a_wrong_screen_says_so_in_french():
    at = open_page("briefing", lang="fr", screen="99")
    assert at.warning[0].value == (
        f"Cet exposé n'a pas d'écran «{NBSP}99{NBSP}» (écrans 1 à 7){NBSP}; affichage de l'écran 1."
    )
    assert at.title[0].value == "Le Fonds d'affectation spéciale en bref"


def test_the_french_download_buttons():
    at = open_page("briefing", lang="fr", screen="3")
    at.session_state["downloads"] = True
    at.run()
    assert [button.label for button in at.get("download_button")] == [
        "Ce graphique (PNG)",
        "Ce graphique (SVG)",
        "Les données de cet écran (CSV)",
        "L'exposé complet (PowerPoint)",
        "Les données de tous les écrans (Excel)",
    ]
