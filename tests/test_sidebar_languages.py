"""The shared filters in English and French (issue 20): their labels, the link notices, and a link that opens the same
filters in either language."""

from __future__ import annotations

from types import SimpleNamespace

from components.data.bundle import DataBundle
from components.figures.filters import (
    CATEGORIES_KEY,
    COUNTRIES_KEY,
    SERVICES_KEY,
    STATUSES_KEY,
    FilterOptions,
    Filters,
    active_filter_labels,
    code_label,
    country_label,
    donor_hint,
    filters_caption,
    ignored_notice,
)
from components.language.translation import ENGLISH, FRENCH
from tests.french_page import english_left, page_words
from tests.pages_app import open_page

NNBSP = "\u202f"  # CLDR's French thousands separator
NBSP = "\u00a0"  # before a French colon or semicolon

OPTIONS = FilterOptions(
    year_bounds=(2007, 2024),
    missions=("MINUSCA", "MINUSTAH"),
    countries=("CAF", "COD", "HTI"),
    country_labels={"CAF": "Central African Republic", "COD": "Democratic Republic of the Congo", "HTI": "Haiti"},
    categories=("military", "police", "civilian"),
    statuses=("completed", "ongoing", "planned"),
    services=("medical", "vocational_training", "other"),
)


def test_category_status_and_service_labels_read_in_each_language():
    assert [code_label(CATEGORIES_KEY, c) for c in OPTIONS.categories] == ["military", "police", "civilian"]
    assert [code_label(CATEGORIES_KEY, c, FRENCH) for c in OPTIONS.categories] == ["militaires", "police", "civils"]
    assert [code_label(STATUSES_KEY, s) for s in OPTIONS.statuses] == ["completed", "ongoing", "planned"]
    assert [code_label(STATUSES_KEY, s, FRENCH) for s in OPTIONS.statuses] == ["terminé", "en cours", "prévu"]
    assert [code_label(SERVICES_KEY, s) for s in OPTIONS.services] == ["medical", "vocational training", "other"]
    assert [code_label(SERVICES_KEY, s, FRENCH) for s in OPTIONS.services] == [
        "soins médicaux",
        "formation professionnelle",
        "autre",
    ]
    # A status only the data knows reads as its code, never as nothing.
    assert code_label(STATUSES_KEY, "on_hold", FRENCH) == "on hold"


def test_country_labels_are_the_basemap_names_in_english_and_the_un_names_in_french():
    assert country_label("COD", OPTIONS) == "Democratic Republic of the Congo"
    assert country_label("COD", OPTIONS, FRENCH) == "République démocratique du Congo"
    assert country_label("CAF", OPTIONS, FRENCH) == "République centrafricaine"
    assert country_label("XKX", OPTIONS, FRENCH) == "XKX"


def test_the_filters_caption_names_each_filter_in_the_viewers_language():
    filters = Filters(
        years=(2016, 2020),
        missions=("MINUSCA",),
        countries=("HTI",),
        categories=("police", "civilian"),
        statuses=("ongoing",),
        services=("vocational_training",),
        include_unconfirmed=True,
    )
    keys = ["years", "mission", "country", "category", "status", "service", "unconfirmed"]
    # As markdown, with the colons escaped; compared here as read.
    english = filters_caption(active_filter_labels(filters, OPTIONS, keys)).replace("\\", "")
    assert english == (
        "Filters: Years 2016–2020; Mission: MINUSCA; Country: Haiti; Personnel: police, civilian; Status: ongoing; "
        "Service: vocational training; Including projects not explicitly tied to the Fund."
    )
    french = filters_caption(active_filter_labels(filters, OPTIONS, keys, FRENCH), lang=FRENCH).replace("\\", "")
    assert french == (
        f"Filtres{NBSP}: Années 2016–2020; Mission{NBSP}: MINUSCA; Pays{NBSP}: Haïti; Personnel{NBSP}: police, civils; "
        f"État{NBSP}: en cours; Service{NBSP}: formation professionnelle; Y compris les projets qui ne sont pas "
        "expressément liés au Fonds."
    )
    assert filters_caption([], lang=FRENCH) == "Aucun filtre choisi."


def test_link_notices_read_in_french_and_keep_the_links_values_as_written():
    assert ignored_notice(["colour=red"], FRENCH) == f"Ignoré dans le lien, non valable ici{NBSP}: colour=red"
    assert donor_hint(["Norway"], FRENCH) == (
        f"Norway est un donateur, non un pays hôte{NBSP}: sa fiche se trouve sous Donateur, sur la page Contributions."
    )
    assert donor_hint(["Norway"], ENGLISH).startswith("Norway is a donor, not a host country")


def _sidebar_words(at) -> list[str]:
    # page_words reads an AppTest's element tree; the sidebar alone is read the same way (the pages' own words are
    # their owners' tests).
    return page_words(SimpleNamespace(_tree=at.sidebar))  # type: ignore[arg-type]


def test_the_sidebar_in_french_holds_no_english(bundle: DataBundle):
    at = open_page(
        None,
        lang="fr",
        country=["Haiti", "Norway"],
        category="police",
        status="ongoing",
        service="vocational training",
        colour="red",
    )
    labels = {m.key: (m.label, m.placeholder, m.options) for m in at.sidebar.multiselect}
    assert labels["mission"][:2] == ("Missions", "Toutes les missions")
    assert labels["country"][:2] == ("Pays", "Tous les pays")
    assert "République démocratique du Congo" in labels["country"][2]
    assert labels["category"] == ("Catégorie de personnel", "Toutes les catégories", ["militaires", "police", "civils"])
    assert labels["status"][:2] == ("État des projets", "Tous les états")
    assert "formation professionnelle" in labels["service"][2]
    # Chosen by code, shown in French.
    assert at.sidebar.multiselect(key="country").value == ["HTI"]
    assert at.sidebar.multiselect(key="service").value == ["vocational_training"]
    assert at.sidebar.slider(key="years").label == "Années"
    assert at.sidebar.toggle(key="unconfirmed").label.startswith("Inclure les projets")
    assert [b.label for b in at.sidebar.button] == ["Réinitialiser les filtres"]
    notice = " ".join(c.value for c in at.sidebar.caption)
    assert "Ignoré dans le lien" in notice and "country=Norway" in notice and "colour=red" in notice
    assert "est un donateur, non un pays hôte" in notice
    assert english_left(_sidebar_words(at), bundle) == []


def _link(at) -> dict[str, list[str]]:
    """The link's filters after the run, each as a list of values (AppTest keeps a single value as a string)."""
    values = {key: at.query_params[key] for key in at.query_params if key != "lang"}
    return {key: [value] if isinstance(value, str) else list(value) for key, value in values.items()}


def test_a_link_made_in_french_opens_the_same_filters_in_english():
    french = open_page(None, lang="fr")
    french.sidebar.multiselect(key=COUNTRIES_KEY).set_value(["COD", "HTI"])
    french.sidebar.multiselect(key=CATEGORIES_KEY).set_value(["civilian"])
    french.sidebar.multiselect(key=STATUSES_KEY).set_value(["completed"])
    french.sidebar.multiselect(key=SERVICES_KEY).set_value(["vocational_training"])
    french.run()
    assert "formation professionnelle" in french.sidebar.multiselect(key=SERVICES_KEY).options
    link = _link(french)
    # The link holds what English links have always held, not the French labels shown.
    assert link == {
        # The basemap's English names, as English links hold them.
        COUNTRIES_KEY: ["Dem. Rep. Congo", "Haiti"],
        CATEGORIES_KEY: ["civilian"],
        STATUSES_KEY: ["completed"],
        SERVICES_KEY: ["vocational training"],
    }
    english = open_page(None, lang="en", **link)
    assert english.sidebar.multiselect(key=COUNTRIES_KEY).value == ["COD", "HTI"]
    assert english.sidebar.multiselect(key=CATEGORIES_KEY).value == ["civilian"]
    assert english.sidebar.multiselect(key=STATUSES_KEY).value == ["completed"]
    assert english.sidebar.multiselect(key=SERVICES_KEY).value == ["vocational_training"]
    assert english.sidebar.multiselect(key=SERVICES_KEY).label == "Project services"
    assert not any("Ignored from the link" in c.value for c in english.sidebar.caption)
    # And back: the English link opens the same filters in French.
    back = open_page(None, lang="fr", **_link(english))
    assert back.sidebar.multiselect(key=COUNTRIES_KEY).value == ["COD", "HTI"]
    assert back.sidebar.multiselect(key=SERVICES_KEY).value == ["vocational_training"]


def test_clearing_a_filter_takes_it_out_of_the_link():
    at = open_page(None, lang="fr", status="ongoing")
    at.sidebar.multiselect(key=STATUSES_KEY).set_value([]).run()
    assert STATUSES_KEY not in at.query_params


def test_switching_language_keeps_the_filters_set():
    at = open_page(None, lang="fr", country="Haiti", service="vocational training", years=["2010", "2020"])
    at.sidebar.radio(key="lang").set_value("en").run()
    assert at.sidebar.multiselect(key=SERVICES_KEY).label == "Project services"
    assert at.sidebar.multiselect(key=COUNTRIES_KEY).value == ["HTI"]
    assert at.sidebar.multiselect(key=SERVICES_KEY).value == ["vocational_training"]
    assert at.sidebar.slider(key="years").value == (2010, 2020)


def test_the_link_keeps_the_language_code():
    # Streamlit's binding dropped ?lang=fr as not one of the names the switch shows, so a copied link lost French.
    at = open_page(None, lang="fr")
    assert at.sidebar.header[0].value == "Filtres"
    assert at.query_params["lang"] == "fr"
    # A link the binding wrote with the shown name still opens in French, and now says fr.
    named = open_page(None, lang="Français")
    assert named.sidebar.header[0].value == "Filtres"
    assert named.query_params["lang"] == "fr"
    # Switching writes the code of the language chosen.
    named.sidebar.radio(key="lang").set_value("en").run()
    assert named.query_params["lang"] == "en"
    assert named.sidebar.header[0].value == "Filters"


def test_the_french_sidebar_leaves_out_streamlits_english_select_all():
    french = open_page(None, lang="fr")
    assert all(not m.proto.select_all for m in french.sidebar.multiselect)
    english = open_page(None)
    assert all(m.proto.select_all for m in english.sidebar.multiselect)
