"""The Overview and Contributions in French and in English (issue 20): the money figures, their dates, what they count
and who says so, the donor card and the Fund's reported reach. Expected French is written by hand from the data
(data/funding.csv, data/contributions.csv, data/donor_roster.csv, data/portfolio.csv) and CLDR's French: a decimal
comma, a narrow no-break space between thousands, the currency after the number, "20 juil. 2023"."""

from __future__ import annotations

import pytest

from components.charts.theme import title_words
from components.data.bundle import DataBundle
from components.figures.contributions import as_of_label, build_contributions_view, donor_card, figure_text
from components.figures.filters import Filters, filter_options
from components.figures.overview import build_overview_view, build_page_views
from components.figures.portfolio import build_portfolio_view, projects_listed_sentence, reported_reach
from components.language.translation import ENGLISH, FRENCH
from components.ui.caches import page_views
from tests.french_page import english_left, page_words
from tests.pages_app import open_page

NBSP = "\u00a0"  # before the currency, and before French ':' and ';'
THIN = "\u202f"  # between thousands in French


def test_dates_read_as_each_language_writes_them():
    assert as_of_label("2016-07/2017-09", "our_bracket", FRENCH) == "non daté, entre juil. 2016 et sept. 2017"
    assert as_of_label("2018-12-31", "stated", FRENCH) == "31 déc. 2018"
    assert as_of_label("2024", "our_bracket", FRENCH) == "2024 ou plus tard, non daté"
    assert as_of_label("2024", "our_bracket", ENGLISH) == "2024 or later, undated"


def test_money_keeps_its_qualifier_and_says_when_its_currency_is_not_stated():
    assert (
        figure_text(536_000, "exact", "dollars_unstated", lang=FRENCH)
        == f"536{THIN}000{NBSP}$US (monnaie non précisée)"
    )
    assert figure_text(600_000, "about", "usd", short=True, lang=FRENCH) == f"environ 600{NBSP}k{NBSP}$US"
    assert figure_text(600_000, "about", "usd", short=True) == "about $600K"


@pytest.mark.parametrize(
    ("lang", "total", "caption", "donors_caption"),
    [
        (
            ENGLISH,
            "$4.8M",
            "Received, as of 20 Jul 2023 — South Asian Daily (Xinhua text)",
            "As of 2024 or later, undated",
        ),
        (
            FRENCH,
            f"4,8{NBSP}M{NBSP}$US",
            "Reçus, au 20 juil. 2023 — South Asian Daily (Xinhua text)",
            "En 2024 ou plus tard, non daté",
        ),
    ],
)
def test_the_overview_headline_in_each_language(
    bundle: DataBundle, defaults: Filters, lang, total, caption, donors_caption
):
    # funding.csv: $4.8 million received, Xinhua's text of the 20 Jul 2023 briefing; 25 donors on the 2024 list.
    view = build_overview_view(bundle, defaults, lang=lang)
    assert view.total == total
    assert view.total_caption == caption
    assert view.donors == "25"
    assert view.donors_caption == f"{donors_caption} — United Nations (un.org)"


def test_the_money_sentence_in_french(bundle: DataBundle, defaults: Filters):
    view = build_overview_view(bundle, defaults, lang=FRENCH)
    assert view.money_takeaway == (
        f"Contributions{NBSP}: 4,8{NBSP}M{NBSP}$US reçus (au 20 juil. 2023, South Asian Daily (Xinhua text)). "
        f"Pays donateurs{NBSP}: 25 (en 2024 ou plus tard, non daté). "
        f"Sommes retenues{NBSP}: environ 600{NBSP}k{NBSP}$US (en sept. 2022, United Nations (un.org){NBSP}; "
        "partie d'un total dont la base n'est pas précisée)."
    )
    assert view.projects_takeaway.startswith(f"9 projets dans 5 pays correspondent aux filtres{NBSP}; budgets connus")


def test_the_money_sentence_in_english_reads_as_it_did(bundle: DataBundle, defaults: Filters):
    view = build_overview_view(bundle, defaults)
    assert view.money_takeaway == (
        "Contributions: $4.8M received (as of 20 Jul 2023, South Asian Daily (Xinhua text)). "
        "Donor countries: 25 (as of 2024 or later, undated). "
        "Withheld payments: about $600K (as of Sep 2022, United Nations (un.org); part of a total whose basis is not "
        "stated)."
    )
    assert view.projects_takeaway.startswith("9 projects in 5 countries match the filters; known budgets")


def test_the_page_views_carry_the_viewers_language(bundle: DataBundle, defaults: Filters):
    # The Briefing and the Overview are made from these: a viewer in French gets every view in French.
    assert build_page_views(bundle, defaults, FRENCH).money.total == f"4,8{NBSP}M{NBSP}$US"
    assert build_page_views(bundle, defaults).money.total == "$4.8M"
    # The view cache keys on the language: one viewer in French does not give another their French view.
    assert page_views(bundle, defaults, FRENCH).money.withheld == f"environ 600{NBSP}k{NBSP}$US"
    assert page_views(bundle, defaults, ENGLISH).money.withheld == "about $600K"


def test_the_running_totals_sentence_in_french(bundle: DataBundle, defaults: Filters):
    view = build_contributions_view(bundle, defaults, FRENCH)
    assert view.totals is not None and view.donor_counts is not None
    assert view.totals.takeaway == (
        f"Dernier total publié{NBSP}: 4,8{NBSP}M{NBSP}$US reçus (au 20 juil. 2023, South Asian Daily (Xinhua text))"
        f"{NBSP}; dernier chiffre des sommes retenues{NBSP}: environ 600{NBSP}k{NBSP}$US (en sept. 2022, United "
        f"Nations (un.org){NBSP}; partie d'un total dont la base n'est pas précisée). Les totaux entre deux rapports "
        f"ne sont pas connus. Absent du graphique en dollars des États-Unis{NBSP}: 536{THIN}000{NBSP}$US (monnaie non "
        "précisée), publié par Toronto Star (28 janv. 2017)."
    )
    assert (
        view.donor_counts.takeaway == "25 États Membres avaient versé une contribution en 2024 ou plus tard, non daté."
    )
    assert view.roster_note == "La liste (2024) n'a pu être lue qu'en partie (20 noms sur 25)."


def test_the_tables_have_french_headers_and_labels_and_keep_the_data_as_written(bundle: DataBundle, defaults: Filters):
    view = build_contributions_view(bundle, defaults, FRENCH)
    norway = view.contributions.iloc[0]
    # contributions.csv row 1: NOK one million pledged by Norway on 14 May 2016, no US-dollar value.
    assert (norway["Donateur"], norway["Date"], norway["Montant tel que publié"]) == (
        "Norway",
        "2016-05-14",
        f"1{THIN}000{THIN}000 NOK",
    )
    assert (norway["Dollars des États-Unis"], norway["Statut"], norway["Type"]) == ("inconnu", "Annoncée", "volontaire")
    other = view.other_money.set_index("Chiffre")
    assert other.loc["Objectif de l'appel de fonds", ["Date", "Montant"]].tolist() == [
        "sept. 2020",
        f"3{NBSP}M{NBSP}$US",
    ]


def test_the_donor_card_in_french(bundle: DataBundle):
    card = donor_card(bundle, "Norway", filter_options(bundle).donors, FRENCH)
    assert card.summary == (
        f"Norway{NBSP}: 1 mention de ses contributions{NBSP}; cité dans 5 listes de donateurs{NBSP}; "
        "1 projet déclaré financé par ses fonds."
    )
    assert card.lists["Date de la liste de donateurs"].tolist() == [
        "non daté, entre juil. 2016 et sept. 2017",
        "28 janv. 2017",
        "non daté, entre sept. 2017 et déc. 2018",
        "31 déc. 2018",
        "2024",
    ]
    assert card.lists["Lecture de la liste"].tolist()[-1] == "en partie seulement"
    # projects.yaml, DRC-SAKE-2018: $175,000 from Japan and Norway (the donors' names as the data writes them).
    sake = card.projects.iloc[0]
    assert (sake["Fonds provenant de"], sake["Montant alloué par le Fonds au projet"]) == (
        "Japan et Norway",
        f"175{THIN}000{NBSP}$US",
    )
    assert list(card.contributions.columns)[:4] == [
        "Date",
        "Montant tel que publié",
        "Dollars des États-Unis",
        "Statut",
    ]


def test_the_donor_card_in_english_reads_as_it_did(bundle: DataBundle):
    card = donor_card(bundle, "Norway", filter_options(bundle).donors)
    assert card.summary == (
        "Norway: 1 report on its giving; named in 5 donor lists; 1 project reported as paid for with its money."
    )
    assert list(card.contributions.columns) == [
        "Date",
        "Amount as reported",
        "US dollars",
        "Status",
        "Source",
        "Link",
        "Kind",
        "Note",
    ]


def test_what_the_fund_reports_it_has_reached_in_french(bundle: DataBundle, defaults: Filters):
    # portfolio.csv: 17 projects financed and over 43,000 people reached, both in the July 2023 reports.
    table = build_portfolio_view(bundle, defaults, FRENCH).table.set_index("Chiffre")
    assert table.loc["Projets financés", ["Valeur publiée", "Date"]].tolist() == ["17", "en juil. 2023"]
    assert table.loc["Victimes et membres de la communauté touchés dans l'année", "Date"] == "en 2021"
    assert table.loc["Dépenses d'appui aux programmes", "Valeur publiée"] == f"13{NBSP}%"
    listed = projects_listed_sentence(bundle, FRENCH)
    reach = reported_reach(bundle, FRENCH)
    assert listed is not None and reach is not None
    assert listed[0] == (
        "9 projets répertoriés ici sur les 17 que le Fonds dit avoir financés jusqu'en juil. 2023"
        f"{NBSP}: les autres ne sont pas publics."
    )
    assert reach[0] == (
        f"Selon le Fonds, plus de 43{THIN}000 victimes et membres de la communauté touchés (en juil. 2023), pour "
        "l'ensemble de son portefeuille, et pas seulement pour les projets répertoriés ici."
    )
    english = projects_listed_sentence(bundle)
    assert english is not None
    assert english[0] == (
        "9 projects listed here of 17 the Fund reports financing by Jul 2023: the others are not public."
    )


@pytest.mark.parametrize("params", [{}, {"donor": "Norway"}], ids=["all-donors", "norway"])
def test_the_contributions_page_in_french_has_no_english_left(bundle: DataBundle, params):
    at = open_page("contributions", lang="fr", **params)
    assert at.title[0].value == "Contributions au Fonds d'affectation spéciale"
    assert f"4,8{NBSP}M{NBSP}$US" in [m.value for m in at.metric]
    assert english_left(page_words(at), bundle) == []


def test_the_overview_in_french_has_no_english_left(bundle: DataBundle):
    at = open_page("overview", lang="fr")
    assert at.title[0].value == (
        "Fonds d'affectation spéciale en faveur des victimes d'exploitation et d'atteintes sexuelles"
    )
    assert f"4,8{NBSP}M{NBSP}$US" in [m.value for m in at.metric]
    assert english_left(page_words(at), bundle) == []


@pytest.mark.parametrize(
    ("lang", "linked", "chart_title"),
    [
        ("fr", "Donors over time", "Nombre de pays donateurs"),
        ("en", "Donateurs au fil du temps", "Number of donor countries"),
    ],
)
def test_a_tab_named_in_a_link_from_the_other_language_opens_the_same_tab(lang, linked, chart_title):
    # The open tab is kept in the link by its label (Streamlit's bind): a link shared in one language opens the
    # donors-over-time tab in the other too, not the first tab.
    at = open_page("contributions", lang=lang, table=linked)
    assert chart_title in page_words(at)


def _titles(spec) -> list[str]:
    """Every title in a Vega-Lite spec, one drawn as lines (theme.title_lines, theme.fitted_title) read as one."""
    return [title_words(title) for title in _spec_values(spec, "title")]


def _spec_values(spec, key):
    """Every value of `key` anywhere in a Vega-Lite spec."""
    if isinstance(spec, dict):
        for name, value in spec.items():
            if name == key:
                yield value
            yield from _spec_values(value, key)
    elif isinstance(spec, list):
        for value in spec:
            yield from _spec_values(value, key)


def test_the_running_totals_chart_in_french(bundle: DataBundle, defaults: Filters):
    from components.charts.cards import chart_card

    view = build_contributions_view(bundle, defaults, FRENCH)
    assert view.totals is not None
    spec = chart_card(view.totals).spec
    titles = _titles(spec)
    assert "Totaux cumulés publiés du Fonds d'affectation spéciale" in titles
    assert {"Dollars des États-Unis", "Date", "Ce que recouvre le total", "Chiffre"} <= set(titles)
    domains = [d for d in _spec_values(spec, "domain") if isinstance(d, list)]
    assert domains[0][:3] == ["Reçu", "Disponible, y compris les engagements non encore versés", "Annoncé"]
    # The axis writes 4 000 000 as French does, from CLDR.
    assert spec["config"]["locale"]["number"]["thousands"] == THIN
    assert spec["config"]["locale"]["number"]["decimal"] == ","
    rows = [row for dataset in spec["datasets"].values() for row in dataset]
    received = next(row for row in rows if row.get("short") == f"4,8{NBSP}M{NBSP}$US")
    assert received["tip"].startswith(f"Date{NBSP}: 20 juil. 2023 · Chiffre{NBSP}: Total des contributions · ")


def test_the_running_totals_chart_in_english_keeps_vegas_own_number_format(bundle: DataBundle, defaults: Filters):
    from components.charts.cards import chart_card

    view = build_contributions_view(bundle, defaults)
    assert view.totals is not None
    spec = chart_card(view.totals).spec
    assert "locale" not in spec.get("config", {})
    assert "Reported running totals of the Trust Fund" in _titles(spec)


def test_the_donor_count_chart_in_french(bundle: DataBundle, defaults: Filters):
    from components.charts.cards import chart_card

    view = build_contributions_view(bundle, defaults, FRENCH)
    assert view.donor_counts is not None
    spec = chart_card(view.donor_counts).spec
    titles = _titles(spec)
    assert {"Nombre de pays donateurs", "Pays donateurs (nombre)"} <= set(titles)
    assert ["daté par la source", "non daté, placé par nous"] in list(_spec_values(spec, "domain"))


def test_the_figures_behind_the_money_chart_have_french_headers_and_english_keeps_its_own(
    bundle: DataBundle, defaults: Filters
):
    french = build_contributions_view(bundle, defaults, FRENCH).totals
    english = build_contributions_view(bundle, defaults).totals
    assert french is not None and english is not None
    assert list(french.data.columns) == [
        "date",
        "mesure",
        "valeur publiée",
        "ce que recouvre le total",
        "selon d'autres sources",
        "source",
        "identifiant de la source",
        "note",
    ]
    assert list(english.data.columns) == [
        "when",
        "measure",
        "display",
        "basis_label",
        "alternatives",
        "source",
        "source_id",
        "note",
    ]
    # The measure stays a code in both: it is what the data calls it.
    assert set(french.data["mesure"]) == {"cumulative_usd", "withheld_usd"}
