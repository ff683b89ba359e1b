"""Project figures (components/figures/projects.py), one behaviour per test, on the tiny fictitious data folder."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from components.charts.projects import gantt_chart, services_chart
from components.charts.theme import title_words
from components.data.bundle import load_bundle
from components.figures.filters import Filters
from components.figures.projects import (
    BENEFICIARY_HEADERS,
    DATA_ORDER,
    LINK_LABELS,
    NO_COORDINATES,
    NO_END,
    build_projects_view,
    filter_projects,
    gantt_frame,
    hidden_projects_sentence,
    in_host_country_text,
    known_budget_sum,
    project_detail,
    project_order,
    project_table,
    services_by_country,
    services_takeaway,
    shown_headers,
    timeline_takeaway,
)
from components.language.translation import ENGLISH, FRENCH
from tests.tiny_data import tiny_tables, write_data

ALL_YEARS = Filters(years=(2015, 2024))


def _project(**changes) -> dict:
    """A copy of the tiny data's one project, changed where asked."""
    return dict(tiny_tables()["projects"][0], **changes)


@pytest.fixture
def bundle(tmp_path):
    return load_bundle(write_data(tmp_path))


@pytest.fixture
def portfolio(tmp_path):
    """Three projects: the tiny one (MONUSCO, 2018), and two in CAR: an unconfirmed duplicate with no start, no
    budget and no beneficiaries, and one whose mission is context only and whose place has no coordinates."""
    tables = tiny_tables()
    tables["projects"].append(
        _project(
            id="CAF-TEST",
            title="Second test project",
            country="Central African Republic",
            country_iso3="CAF",
            mission="MINUSCA",
            start_date=None,
            status="completed",
            status_as_of="2024-10",
            budget_usd=None,
            budget_qualifier=None,
            services=["livelihoods", "legal"],
            beneficiaries=[],
            trust_fund_link="not_explicit",
            possible_duplicate_of="DRC-TEST-2018",
            places=[],
        )
    )
    tables["projects"].append(
        _project(
            id="CAF-CONTEXT",
            title="Context test project",
            country="Central African Republic",
            country_iso3="CAF",
            mission="MINUSCA",
            mission_basis="context_only",
            start_date="2021",
            status_as_of="2022",
            budget_usd=50000,
            budget_qualifier="over",
            services=["education"],
            beneficiaries=[],
            places=[{"locality": "Somewhere", "admin_area": "County", "lat": None, "lon": None, "coords_source": "x"}],
        )
    )
    return load_bundle(write_data(tmp_path, tables))


def _ids(frame: pd.DataFrame) -> list[str]:
    return list(frame["id"])


def test_unconfirmed_projects_are_shown_only_when_asked_for(portfolio):
    assert "CAF-TEST" not in _ids(filter_projects(portfolio.projects, ALL_YEARS))
    shown = filter_projects(portfolio.projects, Filters(years=(2015, 2024), include_unconfirmed=True))
    assert "CAF-TEST" in _ids(shown)


def test_mission_filter_keeps_only_that_missions_projects(portfolio):
    shown = filter_projects(portfolio.projects, Filters(years=(2015, 2024), missions=("MINUSCA",)))
    assert _ids(shown) == ["CAF-CONTEXT"]


def test_country_status_and_service_filters_combine(portfolio):
    everything = Filters(years=(2015, 2024), include_unconfirmed=True)
    by_country = Filters(years=everything.years, countries=("COD",), include_unconfirmed=True)
    assert _ids(filter_projects(portfolio.projects, by_country)) == ["DRC-TEST-2018"]
    by_status = Filters(years=everything.years, statuses=("completed",), include_unconfirmed=True)
    assert _ids(filter_projects(portfolio.projects, by_status)) == ["CAF-TEST"]
    by_service = Filters(years=everything.years, services=("education", "legal"), include_unconfirmed=True)
    assert _ids(filter_projects(portfolio.projects, by_service)) == ["CAF-TEST", "CAF-CONTEXT"]


def test_year_range_keeps_projects_started_in_it_and_those_with_unknown_start(portfolio):
    shown = filter_projects(portfolio.projects, Filters(years=(2020, 2024), include_unconfirmed=True))
    assert _ids(shown) == ["CAF-TEST", "CAF-CONTEXT"]


def test_table_marks_unconfirmed_link_duplicate_and_context_only_mission(portfolio):
    table = project_table(portfolio.projects, portfolio.project_beneficiaries).set_index("id")
    assert table.loc["CAF-TEST", "Fund link"] == (
        "Link to the Fund not confirmed by a source; possible duplicate of DRC-TEST-2018"
    )
    assert table.loc["DRC-TEST-2018", "Fund link"] == LINK_LABELS["confirmed"]
    assert table.loc["CAF-CONTEXT", "Mission"] == "MINUSCA (context only)"


def test_table_says_not_known_for_missing_budget_and_beneficiaries_never_zero(portfolio):
    table = project_table(portfolio.projects, portfolio.project_beneficiaries).set_index("id")
    assert table.loc["CAF-TEST", "Budget"] == "not known"
    assert table.loc["CAF-TEST", "Beneficiaries"] == "not known"
    assert table.loc["CAF-CONTEXT", "Budget"] == "over $50,000"
    assert table.loc["DRC-TEST-2018", "Beneficiaries"] == "about 130 women"
    assert table.loc["DRC-TEST-2018", "Status"] == "ongoing (as of 2018-11)"


def test_gantt_runs_from_start_to_last_report_and_never_invents_an_end(portfolio):
    gantt = gantt_frame(portfolio.projects).set_index("id")
    assert list(gantt.index) == ["DRC-TEST-2018", "CAF-CONTEXT"]  # CAF-TEST has no start: not drawn
    sake = gantt.loc["DRC-TEST-2018"]
    assert sake["start"] == pd.Timestamp("2018-05-10")
    assert sake["bar_end"] == pd.Timestamp("2018-11-01")
    assert set(gantt["end_text"]) == {NO_END}


def test_gantt_bar_ends_at_a_sourced_end_date_when_there_is_one(tmp_path):
    tables = tiny_tables()
    tables["projects"][0]["end_date"] = "2019-06"
    gantt = gantt_frame(load_bundle(write_data(tmp_path, tables)).projects)
    assert gantt.iloc[0]["bar_end"] == pd.Timestamp("2019-06-01")
    assert gantt.iloc[0]["end_text"] == "2019-06"


def test_gantt_chart_has_title_description_and_tooltip_saying_the_end_is_not_known(portfolio):
    spec = gantt_chart(gantt_frame(portfolio.projects)).to_dict()
    assert title_words(spec["title"]) == "Projects from their start to the last report of them"
    assert "no source gives an end date" in spec["description"]
    tooltip_titles = [t["title"] for t in spec["layer"][0]["encoding"]["tooltip"]]
    assert "Ended" in tooltip_titles and NO_END in json.dumps(spec)


def test_timeline_takeaway_counts_projects_with_a_known_start(portfolio):
    projects = filter_projects(portfolio.projects, Filters(years=(2015, 2024), include_unconfirmed=True))
    text = timeline_takeaway(gantt_frame(projects), len(projects))
    assert text.startswith("2 of 3 projects shown have a known start; the earliest is Test project in Sake")
    assert "No source gives an end date" in text


def test_services_are_counted_in_projects_per_country(portfolio):
    counts = services_by_country(portfolio.projects)
    caf = counts[counts["country"] == "Central African Republic"].set_index("service")["projects"]
    assert caf.to_dict() == {"education": 1, "legal": 1, "livelihoods": 1}
    livelihoods = counts[counts["service"] == "livelihoods"]["projects"].sum()
    assert livelihoods == 2


def test_services_takeaway_names_every_service_tied_for_first(portfolio):
    counts = services_by_country(portfolio.projects)
    assert services_takeaway(counts, portfolio.projects) == (
        "The most common service is livelihoods, offered by 2 of 3 projects shown."
    )
    tied = services_by_country(portfolio.projects[portfolio.projects["id"] == "CAF-TEST"])
    assert "legal and livelihoods, each offered by 1 of 1 project shown" in services_takeaway(
        tied, portfolio.projects[portfolio.projects["id"] == "CAF-TEST"]
    )


def test_services_chart_has_title_units_and_tooltip(portfolio):
    spec = services_chart(services_by_country(portfolio.projects)).to_dict()
    assert title_words(spec["title"]) == "Services by country"
    assert spec["encoding"]["x"]["title"] == "Projects offering it (count)"
    assert spec["encoding"]["tooltip"]


def test_known_budget_sum_keeps_the_qualifier_a_lower_bound_gives_it():
    assert known_budget_sum(pd.Series([100.0, 50.0]), pd.Series(["exact", "exact"])) == "$150"
    assert known_budget_sum(pd.Series([100.0, 50.0]), pd.Series(["exact", "over"])) == "over $150"
    assert known_budget_sum(pd.Series([100.0, 50.0]), pd.Series(["about", "exact"])) == "about $150"
    assert known_budget_sum(pd.Series([100.0, 50.0]), pd.Series(["over", "up_to"])) == (
        "$150 (some parts are approximate or bounds)"
    )
    assert known_budget_sum(pd.Series([], dtype=float), pd.Series([], dtype=object)) == "not known"


def test_view_labels_known_budgets_as_a_partial_sum_and_counts_projects_reporting_beneficiaries(portfolio):
    view = build_projects_view(portfolio, Filters(years=(2015, 2024), include_unconfirmed=True))
    assert view.known_budget == "over $225,000 across 2 of 3 projects with a public budget"
    assert view.beneficiaries == "1 of 3"
    assert (view.shown, view.countries, view.unconfirmed_shown) == (3, 2, 1)
    assert view.shown_note == "1 record may describe the same project as another record."
    assert view.unknown_start == ("Second test project",)


def test_view_charts_carry_sources_and_csv_named_for_content_and_years(bundle):
    view = build_projects_view(bundle, ALL_YEARS)
    assert view.timeline.file_stem == "projects-timeline_2015-2024"
    assert view.services.file_stem == "project-services-by-country_2015-2024"
    assert [ref.id for ref in view.timeline.sources] == ["un-doc-2020"]
    assert "start" not in view.timeline.data.columns  # the CSV holds the dates as the sources give them


def test_view_without_any_known_start_has_no_timeline_and_says_why(tmp_path):
    tables = tiny_tables()
    tables["projects"][0]["start_date"] = None
    view = build_projects_view(load_bundle(write_data(tmp_path, tables)), ALL_YEARS)
    assert view.timeline is None
    assert view.timeline_takeaway == (
        "None of the 1 project shown has a known start date, so none can be placed on a timeline."
    )
    assert view.unknown_start == ("Test project in Sake",)


def test_detail_lists_beneficiaries_with_their_source_and_places_without_coordinates(portfolio):
    detail = project_detail(portfolio, "DRC-TEST-2018")
    assert detail.beneficiaries.to_dict("records") == [
        {
            "Number": "about 130",
            "Who": "women",
            "Note": "",
            "Source": "Press, 2021-03-01",
            "Link": "https://example.org/press",
        }
    ]
    assert [ref.id for ref in detail.sources] == ["un-doc-2020"]
    assert detail.sources[0].locator == "para 1"
    context_only = project_detail(portfolio, "CAF-CONTEXT")
    assert list(context_only.places["Map"]) == [NO_COORDINATES]
    assert context_only.mapped_places == 0


def test_detail_warns_of_unconfirmed_link_duplicate_and_context_only_mission(portfolio):
    flags = project_detail(portfolio, "CAF-TEST").flags
    assert flags[0].startswith("Link to the Fund not confirmed by a source")
    assert flags[1] == "Possible duplicate: this record may describe the same project as Test project in Sake."
    assert project_detail(portfolio, "CAF-CONTEXT").flags[0].startswith("Mission shown for context only")
    assert project_detail(portfolio, "DRC-TEST-2018").flags == ()


def test_detail_facts_say_not_known_rather_than_inventing(portfolio):
    facts = project_detail(portfolio, "CAF-TEST").facts.set_index("Field")["Value"]
    assert facts["Started"] == "not known"
    assert facts["Ended"] == NO_END
    assert facts["Budget"] == "not known"


def test_detail_of_an_unknown_id_is_none(bundle):
    assert project_detail(bundle, "NO-SUCH-PROJECT") is None


def test_table_puts_who_runs_a_project_in_one_cell(portfolio):
    table = project_table(portfolio.projects, portfolio.project_beneficiaries).set_index("id")
    # The tiny project names its implementing entity and one partner (tests/tiny_data.py).
    assert table.loc["DRC-TEST-2018", "Run by"] == "Test NGO; partners: Partner A"


def test_a_timeline_of_one_project_still_has_a_date_axis_with_its_year(tmp_path):
    tables = tiny_tables()
    # Like the Nola project: started 2023-06-23, last reported 2023-06, so its bar has no length.
    tables["projects"][0].update(start_date="2023-06-23", status_as_of="2023-06")
    spec = gantt_chart(gantt_frame(load_bundle(write_data(tmp_path, tables)).projects)).to_dict()
    x = spec["layer"][0]["encoding"]["x"]
    assert x["scale"]["domain"] == [{"year": 2023, "month": 1, "date": 1}, {"year": 2024, "month": 1, "date": 1}]


def test_timeline_legends_sit_above_and_below_so_a_phone_keeps_the_bars(portfolio):
    spec = gantt_chart(gantt_frame(portfolio.projects)).to_dict()
    encodings = [layer["encoding"] for layer in spec["layer"]]
    assert encodings[0]["color"]["legend"]["orient"] == "bottom"
    assert encodings[1]["shape"]["legend"]["orient"] == "top"
    assert encodings[0]["y"]["axis"]["labelLimit"] <= 150


def test_a_selection_without_any_public_budget_says_so_instead_of_summing_nothing():
    from components.figures.projects import budget_coverage

    assert budget_coverage("not known", 0, 1) == "no public budget for the project shown"
    assert budget_coverage("not known", 0, 3) == "no public budget for any of the 3 projects shown"


# ---- in French (issue 20): the expected words are written by hand, numbers as CLDR writes them in French ----------

NBSP, NNBSP = "\u00a0", "\u202f"


def test_a_french_table_keeps_the_codes_and_writes_labels_money_and_unknowns_in_french(portfolio):
    view = build_projects_view(portfolio, Filters(years=(2015, 2024), include_unconfirmed=True), FRENCH)
    table = view.table.set_index("id")
    assert list(table.columns) == [
        "Projet",
        "Pays",
        "Mission",
        "Entité d'exécution",
        "Partenaires",
        "Mis en œuvre par",
        "Services",
        "Statut",
        "Budget",
        "Bénéficiaires",
        "Lien avec le Fonds",
    ]
    sake = table.loc["DRC-TEST-2018"]
    assert sake["Pays"] == "République démocratique du Congo"
    assert sake["Services"] == "soins médicaux, moyens de subsistance"
    assert sake["Statut"] == "en cours (au 2018-11)"
    assert sake["Budget"] == f"175{NNBSP}000{NBSP}$US"
    # Who a figure counts is the source's own word, left as written.
    assert sake["Bénéficiaires"] == "environ 130 women"
    assert sake["Mis en œuvre par"] == f"Test NGO{NBSP}; partenaires{NBSP}: Partner A"
    second = table.loc["CAF-TEST"]
    assert second["Budget"] == "inconnu" and second["Bénéficiaires"] == "inconnu"
    assert second["Lien avec le Fonds"] == (
        f"Lien avec le Fonds non confirmé par une source{NBSP}; doublon possible de DRC-TEST-2018"
    )
    assert table.loc["CAF-CONTEXT", "Mission"] == "MINUSCA (contexte seulement)"
    assert table.loc["CAF-CONTEXT", "Budget"] == f"plus de 50{NNBSP}000{NBSP}$US"
    # The same projects in the same order as in English: only the words change.
    english = build_projects_view(portfolio, Filters(years=(2015, 2024), include_unconfirmed=True)).table
    assert list(english["id"]) == list(view.table["id"]) and english.loc[1, "Budget"] == "not known"


def test_french_cards_and_takeaways_read_as_whole_french_sentences(portfolio):
    view = build_projects_view(portfolio, Filters(years=(2015, 2024), include_unconfirmed=True), FRENCH)
    assert view.known_budget_total == f"plus de 225{NNBSP}000{NBSP}$US"
    assert view.known_budget == f"plus de 225{NNBSP}000{NBSP}$US, soit le budget public de 2 des 3 projets"
    assert view.beneficiaries == "1 sur 3"
    assert view.shown_note == "1 fiche décrit peut-être le même projet qu'une autre fiche."
    assert view.timeline_takeaway == (
        f"2 sur 3 projets affichés ont une date de début connue{NBSP}; le plus ancien est Test project in Sake, "
        "commencé en 2018-05-10. Aucune source ne donne de date de fin pour ces projets"
        f"{NBSP}: chaque barre s'arrête donc à la dernière date à laquelle une source fait état du projet."
    )
    assert view.services.takeaway == (
        f"Service le plus fréquent{NBSP}: moyens de subsistance, offert par 2 des 3 projets affichés."
    )
    assert hidden_projects_sentence(2, 9, FRENCH) == (
        f"9 projets affichés{NBSP}; 2 autres projets correspondent à ces filtres mais sont masqués, car leur lien "
        "avec le Fonds n'est pas confirmé."
    )
    # French counts 0 and 1 as singular.
    assert hidden_projects_sentence(1, 0, FRENCH).startswith(f"0 projet affiché{NBSP}; 1 autre projet correspond")
    assert in_host_country_text(("MONUSCO", "MINUSCA"), FRENCH) == (
        f"dans le pays hôte des missions MONUSCO et MINUSCA{NBSP}; aucune source ne nomme la mission"
    )


def test_a_french_detail_labels_its_fields_and_flags_in_french_and_keeps_the_data_as_written(portfolio):
    detail = project_detail(portfolio, "CAF-TEST", FRENCH)
    facts = dict(zip(detail.facts["Field"], detail.facts["Value"], strict=True))
    assert facts["Identifiant de la fiche"] == "CAF-TEST"
    assert facts["Début"] == "inconnu" and facts["Fin"] == "date de fin inconnue"
    assert facts["Statut"] == "terminé (au 2024-10)"
    assert facts["Doublon possible de"] == "DRC-TEST-2018"
    assert detail.flags == (
        f"Lien avec le Fonds non confirmé par une source{NBSP}: les sources nomment la mission, pas le Fonds "
        "d'affectation spéciale.",
        f"Doublon possible{NBSP}: cette fiche décrit peut-être le même projet que «{NBSP}Test project in Sake{NBSP}».",
    )
    context = project_detail(portfolio, "CAF-CONTEXT", FRENCH)
    assert context.places.to_dict("records") == [
        {
            "Lieu": "Somewhere",
            "Zone": "County",
            "Carte": "pas de coordonnées dans le répertoire géographique",
            "Coordonnées tirées de": "x",
        }
    ]
    sake = project_detail(portfolio, "DRC-TEST-2018", FRENCH)
    # The Briefing reads the beneficiaries by their English keys; the page shows the French headers.
    assert list(sake.beneficiaries["Number"]) == ["environ 130"]
    shown = shown_headers(sake.beneficiaries, BENEFICIARY_HEADERS, FRENCH)
    assert list(shown.columns[:3]) == ["Nombre", "Qui", "Note"]


def test_french_charts_have_french_titles_axes_legends_and_tooltips(portfolio):
    view = build_projects_view(portfolio, Filters(years=(2015, 2024), include_unconfirmed=True), FRENCH)
    timeline_spec = gantt_chart(view.gantt, FRENCH).to_dict()
    timeline = json.dumps(timeline_spec, ensure_ascii=False)
    assert title_words(timeline_spec["title"]) == "Les projets, de leur début à leur dernière mention"
    assert '"title": "Lien avec le Fonds"' in timeline and '"title": "Dernière mention"' in timeline
    # The shape legend finds the French link labels in the rows (it compared English labels before).
    assert '"domain": ["Confirmé par une source"]' in timeline
    assert "aucune source ne donne de date de fin, aucune n'est donc tracée" in timeline
    services_spec = services_chart(view.services.drawn, FRENCH).to_dict()
    services = json.dumps(services_spec, ensure_ascii=False)
    assert title_words(services_spec["title"]) == "Services par pays"
    assert '"title": "Projets qui l\'offrent (nombre)"' in services
    assert "République centrafricaine" in services and "aide juridique" in services
    assert '"title": "Pays"' in services and '"title": "Country"' not in services
    # The table a card shows instead of its chart, and its CSV, have French headers too.
    assert list(view.timeline.data.columns) == [
        "Projet",
        "Identifiant de la fiche",
        "Début",
        "Dernière mention",
        "Fin",
        "Statut",
        "Lien avec le Fonds",
    ]
    assert list(view.services.data.columns) == ["Pays", "Service", "Projets (nombre)"]
    assert view.timeline.csv.decode().startswith("Projet,Identifiant de la fiche,Début,")


def test_a_phone_card_lists_the_tables_fields_and_links_its_first_sources():
    from components.figures.projects import build_projects_view

    view = build_projects_view(load_bundle(), Filters(years=(2005, 2024)))
    cards = dict(zip(view.table["id"], view.in_order(DATA_ORDER).cards, strict=True))
    # data/projects.yaml, DRC-SAKE-2018: $175,000 (exact), MONUSCO, ten sources, the first from UN Peacekeeping.
    sake = cards["DRC-SAKE-2018"]
    assert "**Mission:** MONUSCO" in sake and "**Budget:** \\$175,000" in sake
    assert "[UN Peacekeeping, 2018\\-05\\-11](https://peacekeeping.un.org/" in sake
    assert sake.endswith("and 8 more (open the project)")
    # A project with no public budget says so, never $0.
    assert any("**Budget:** not known" in card for card in view.in_order(DATA_ORDER).cards)


def _ids_sorted_by(order: str, lang=ENGLISH) -> list[str]:
    """Every project of data/projects.yaml, sorted by `order`, by record id."""
    projects = load_bundle().projects
    positions = project_order(projects, load_bundle().project_beneficiaries, order, lang)
    return [projects["id"].iloc[position] for position in positions]


# data/projects.yaml holds 13 projects; these keep its order where no sort applies.
IN_DATA_ORDER = [
    "DRC-SAKE-2018",
    "DRC-SYAM-SIXZONES-2021",
    "DRC-SYAM-SCHOOLKITS-2022",
    "DRC-ITURI-TSHOPO-HAUTUELE-2022",
    "DRC-GOMA-NYIRAGONGO-2023",
    "CAF-GBV-SERVICES-PLANNED",
    "CAF-NOLA-2023",
    "CAF-BAMBARI-2024",
    "LBR-EDU-VOC",
    "LBR-2022",
    "HTI-2021",
    "SSD-UNFPA-WGFS",
    "SSD-SKILLS-TRAINING",
]


def test_sorted_by_budget_the_largest_known_budget_comes_first_and_the_unknown_last_in_data_order():
    # Budgets in data/projects.yaml: six-zone US$360,000 (Radio Okapi), school kits about US$329,000, Sake
    # US$175,000; no source gives the other ten a budget, and they follow, never sorted as $0.
    ids = _ids_sorted_by("budget")
    assert ids[:3] == ["DRC-SYAM-SIXZONES-2021", "DRC-SYAM-SCHOOLKITS-2022", "DRC-SAKE-2018"]
    assert ids[3:] == [i for i in IN_DATA_ORDER if i not in ids[:3]]


def test_sorted_by_beneficiaries_a_project_ranks_by_its_largest_figure_never_a_sum():
    # Sake's largest figure is "over 500" (its four add up to more, and are never added); school kits "over 300";
    # Goma-Nyiragongo "at least 60" and Bambari 60 tie, in data order; the six-zone project's largest is 55 (its
    # "about 50" and 55 add up to more than 60). The eight projects with no figure follow.
    ids = _ids_sorted_by("beneficiaries")
    assert ids[:5] == [
        "DRC-SAKE-2018",
        "DRC-SYAM-SCHOOLKITS-2022",
        "DRC-GOMA-NYIRAGONGO-2023",
        "CAF-BAMBARI-2024",
        "DRC-SYAM-SIXZONES-2021",
    ]
    assert len(ids) == 13 and ids[5] == "DRC-ITURI-TSHOPO-HAUTUELE-2022"


def test_sorted_by_start_the_latest_comes_first_and_a_year_alone_sorts_as_its_first_day():
    # Nola 2023-06-23, Ituri 2022-12-17, Liberia "2022", Haiti "2021", Sake 2018-05-08; eight starts are not known.
    ids = _ids_sorted_by("start")
    assert ids[:5] == ["CAF-NOLA-2023", "DRC-ITURI-TSHOPO-HAUTUELE-2022", "LBR-2022", "HTI-2021", "DRC-SAKE-2018"]
    assert ids[5:] == [i for i in IN_DATA_ORDER if i not in ids[:5]]


def test_sorted_by_mission_projects_with_no_mission_named_come_last():
    assert _ids_sorted_by("mission") == [
        "CAF-NOLA-2023",
        "CAF-BAMBARI-2024",
        "HTI-2021",
        "DRC-SAKE-2018",
        "DRC-SYAM-SIXZONES-2021",
        "DRC-SYAM-SCHOOLKITS-2022",
        "DRC-ITURI-TSHOPO-HAUTUELE-2022",
        "DRC-GOMA-NYIRAGONGO-2023",
        "LBR-EDU-VOC",
        "LBR-2022",
        "CAF-GBV-SERVICES-PLANNED",
        "SSD-UNFPA-WGFS",
        "SSD-SKILLS-TRAINING",
    ]


def test_sorted_by_status_ongoing_then_planned_then_completed_and_the_unknown_last():
    ids = _ids_sorted_by("status")
    assert ids[-4:] == [
        "CAF-GBV-SERVICES-PLANNED",
        "DRC-GOMA-NYIRAGONGO-2023",
        "CAF-BAMBARI-2024",
        "SSD-SKILLS-TRAINING",
    ]


def test_sorted_by_country_follows_the_names_a_reader_sees_in_their_language():
    # English: Central African Republic, Democratic Republic of the Congo, Haiti, Liberia, South Sudan. French:
    # Haïti, Libéria, République centrafricaine, République démocratique du Congo, Soudan du Sud (accents aside).
    english = [i.split("-")[0] for i in _ids_sorted_by("country")]
    french = [i.split("-")[0] for i in _ids_sorted_by("country", FRENCH)]
    assert list(dict.fromkeys(english)) == ["CAF", "DRC", "HTI", "LBR", "SSD"]
    assert list(dict.fromkeys(french)) == ["HTI", "LBR", "CAF", "DRC", "SSD"]


def test_an_unknown_sort_keeps_the_data_order():
    assert _ids_sorted_by("data") == _ids_sorted_by("no-such-order") == IN_DATA_ORDER


def test_the_sorted_table_and_cards_follow_the_order_and_are_made_once_per_order():
    view = build_projects_view(load_bundle(), Filters(years=(2005, 2024)))
    rows = view.in_order("budget")
    assert list(rows.table["Project"][:2]) == [
        "Six-zone vocational training and start-up kit project for victims in eastern DRC (2021 cycle)",
        "Vocational training centre and community complaint networks for victims and at-risk women around Goma and "
        "Sake",
    ]
    assert rows.cards[0].startswith("**Six\\-zone vocational training")
    assert view.in_order("budget") is rows


def test_places_in_french_take_their_french_wording_and_keep_the_english_where_none_is_given():
    from components.figures.projects import places_in

    places = pd.DataFrame(
        {
            "locality": ["Bujovu (quarter of Goma)", "Munigi", "Beni"],
            "locality_fr": ["Bujovu (quartier de Goma)", None, ""],
            "admin_area": ["North Kivu", None, "North Kivu"],
            "admin_area_fr": ["Nord-Kivu", None, None],
        }
    )
    french = places_in(places, FRENCH)
    assert list(french["locality"]) == ["Bujovu (quartier de Goma)", "Munigi", "Beni"]
    assert list(french["admin_area"].fillna("none")) == ["Nord-Kivu", "none", "North Kivu"]
    assert list(places_in(places, ENGLISH)["locality"]) == ["Bujovu (quarter of Goma)", "Munigi", "Beni"]
