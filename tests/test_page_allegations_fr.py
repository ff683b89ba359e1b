"""The Allegations page in French (issue 20): every word of the app French, figures written the French way."""

from __future__ import annotations

import pytest

from components.data.bundle import DataBundle
from components.figures.allegations import build_allegations_view, headline_takeaway
from components.figures.filters import Filters
from components.language.translation import ENGLISH, FRENCH
from tests.french_page import english_left, page_words
from tests.pages_app import open_page


@pytest.mark.parametrize("params", [{}, {"missions": "MONUSCO"}], ids=["all", "monusco"])
def test_the_allegations_page_in_french_has_no_english_left(bundle: DataBundle, params: dict[str, str]) -> None:
    at = open_page("allegations", lang="fr", **params)
    assert at.title[0].value == "Allégations d'exploitation et d'atteintes sexuelles"
    assert english_left(page_words(at), bundle) == []


def test_the_headline_sentence_reads_in_french_with_the_sources_own_figure(bundle: DataBundle) -> None:
    headline = {
        "year": 2024,
        "scope": "peace_operations",
        "value": 102.0,
        "display": "102",
        "alternatives": "",
        "previous": 100.0,
        "previous_exact": True,
    }
    assert headline_takeaway(headline, FRENCH) == (
        "En 2024, 102 allégations ont été signalées dans les opérations de maintien de la paix et les missions "
        "politiques spéciales, 2 de plus qu'en 2023."
    )
    assert headline_takeaway(headline, ENGLISH) == (
        "In 2024, 102 allegations were reported in peacekeeping and special political missions, 2 more than in 2023."
    )


def test_french_views_write_figures_and_labels_in_french(bundle: DataBundle, defaults: Filters) -> None:
    view = build_allegations_view(bundle, defaults, FRENCH)
    assert view.headline_label == "Allégations en 2024"
    assert view.headline_delta == "+2 par rapport à 2023"
    assert set(view.victims_per_year["kind"]) == {"Ensemble des victimes", "Victimes adultes", "Victimes mineures"}
    assert view.mission_years["display"].isin(["inconnu"]).any()
