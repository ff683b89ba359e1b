"""The Projects page run through the real entry script (AppTest): what a user sees, checked against figures read
by hand in data/projects.yaml and its sources (never the builder called again).

Filters are set through the URL, as a shared link does: in AppTest (Streamlit 1.67) the entry script's sidebar
drops out of the element tree after the first run, and `set_value` on a widget bound to the URL does not reach
the filters, so the sidebar widgets cannot be driven directly. A table row cannot be clicked in AppTest either.
"""

from __future__ import annotations

import json
from pathlib import Path

from streamlit import dataframe_util
from streamlit.testing.v1 import AppTest

from components.charts.theme import title_words
from components.data.bundle import DATA_DIR_ENV
from components.figures.formatting import escape_markdown
from tests.french_page import english_left, page_words
from tests.pages_app import open_page, projects_table, shown_tables
from tests.tiny_data import tiny_tables, write_data

SAKE = "DRC-SAKE-2018"
SAKE_TITLE = (
    "Vocational training centre and community complaint networks for victims and at-risk women around Goma and Sake"
)
# The nine records whose sources tie them to the Trust Fund by name (trust_fund_link: confirmed), in the page's order.
CONFIRMED = [
    SAKE,
    "DRC-SYAM-SIXZONES-2021",
    "DRC-GOMA-NYIRAGONGO-2023",
    "CAF-GBV-SERVICES-PLANNED",
    "LBR-EDU-VOC",
    "LBR-2022",
    "HTI-2021",
    "SSD-UNFPA-WGFS",
    "SSD-SKILLS-TRAINING",
]


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_default_view_shows_the_confirmed_projects_and_their_figures():
    at = open_page("projects")
    # Countries: DRC, CAR, Liberia, Haiti, South Sudan. Budgets: Sake US$175,000 (UN Peacekeeping launch story) and
    # the six-zone project US$360,000 (Radio Okapi, 29 Aug 2021). Beneficiary counts: the three DRC projects.
    assert _metrics(at) == {
        "Projects shown": "9",
        "Countries reached": "5",
        "Known budgets": "$535,000",
        "With a beneficiary figure": "3 of 9",
    }
    assert "Known budgets: \\$535,000 across 2 of 9 projects with a public budget" in [c.value for c in at.caption]
    assert list(projects_table(at)["id"]) == CONFIRMED


def test_default_view_hides_unconfirmed_projects_and_says_so(bundle):
    at = open_page("projects")
    table = projects_table(at)
    assert set(table["Fund link"].str.split(";").str[0]) == {"Confirmed by a source"}
    # Four projects' sources name MONUSCO or MINUSCA, not the Fund (see the next test).
    assert (
        "**9 projects shown; 4 more projects match these filters but are hidden because their link to the Fund is "
        "not confirmed.** No source ties them to the Trust Fund by name: the sources name the mission."
    ) in [m.value for m in at.markdown]


def test_unconfirmed_projects_appear_marked_when_the_filter_is_on(bundle):
    at = open_page("projects", unconfirmed="true")
    table = projects_table(at)
    assert len(table) == len(bundle.projects) == 13
    marked = table[table["Fund link"].str.startswith("Link to the Fund not confirmed by a source")]
    # The sources of these four name MONUSCO or MINUSCA, not the Fund.
    assert sorted(marked["id"]) == [
        "CAF-BAMBARI-2024",
        "CAF-NOLA-2023",
        "DRC-ITURI-TSHOPO-HAUTUELE-2022",
        "DRC-SYAM-SCHOOLKITS-2022",
    ]
    assert any(c.value.startswith("4 of the projects shown are marked") for c in at.caption)


IN_MINUSCA_HOST_COUNTRY = "in MINUSCA's host country; no source names the mission"


def test_mission_filter_keeps_that_missions_projects_and_those_in_its_host_country_marked():
    at = open_page("projects", mission="MINUSCA", unconfirmed="true")
    table = projects_table(at).set_index("id")
    # Nola and Bambari name MINUSCA; the planned GBV-services project names the Central African Republic only.
    assert table["Mission"].to_dict() == {
        "CAF-GBV-SERVICES-PLANNED": IN_MINUSCA_HOST_COUNTRY,
        "CAF-NOLA-2023": "MINUSCA",
        "CAF-BAMBARI-2024": "MINUSCA",
    }
    # No source gives a budget for any of the three; the Bambari story counts 60 women.
    assert _metrics(at) == {
        "Projects shown": "3",
        "Countries reached": "1",
        "Known budgets": "not known",
        "With a beneficiary figure": "1 of 3",
    }
    assert any(c.value.startswith("Filters: " + escape_markdown("Mission: MINUSCA;")) for c in at.caption)


def test_year_filter_keeps_projects_whose_start_is_not_known_and_says_so():
    at = open_page("projects", years=["2018", "2020"])
    # Liberia's second project (2022) and the Haiti project (2021) start after 2020; Sake started in 2018; the
    # others have no known start and stay.
    assert list(projects_table(at)["id"]) == [pid for pid in CONFIRMED if pid not in ("LBR-2022", "HTI-2021")]
    assert _metrics(at) == {
        "Projects shown": "7",
        "Countries reached": "4",
        "Known budgets": "$535,000",
        "With a beneficiary figure": "3 of 7",
    }
    assert any("or if its start is not known" in c.value for c in at.caption)


def test_overview_link_opens_the_sake_project_in_one_more_click():
    overview = AppTest.from_file("../dashboard.py", default_timeout=120)
    overview.run()
    link = next(link for link in overview.get("page_link") if "Sake" in link.proto.label)
    assert link.proto.query_string == f"project={SAKE}"
    at = open_page("projects", project=SAKE)
    assert at.selectbox(key="project").value == SAKE
    assert escape_markdown(SAKE_TITLE) in [s.value for s in at.subheader]
    [facts] = [m.value for m in at.markdown if m.value.startswith("- **Record id:** DRC\\-SAKE\\-2018")]
    assert "- **Implementing entity:** MONUSCO \\(Conduct and Discipline team\\)" in facts
    assert "- **Started:** 2018\\-05\\-08" in facts, "launch in Sake on 8 May 2018 (MONUSCO release of 10 May 2018)"
    assert "- **Budget:** \\$175,000" in facts


def test_sake_detail_shows_each_beneficiary_figure_with_its_source_and_unmapped_places(bundle):
    at = open_page("projects", project=SAKE)
    tables = {tuple(table.columns): table for table in shown_tables(at)}
    beneficiaries = tables[("Number", "Who", "Note", "Source", "Link")]
    assert list(beneficiaries["Number"]) == ["over 500", "about 490", "about 130", "over 150"]
    assert list(beneficiaries["Who"])[:3] == [
        "community members (women and young people, victims or at risk)",
        "women victims in Masisi territory",
        "women attending three workshops at the Sake centre (as of Aug/Nov 2018)",
    ]
    # Each figure cites the document whose text gives it: the August 2018 release for 130, Nov 2019 for 150.
    assert list(beneficiaries["Link"])[2:] == [
        "https://fr.allafrica.com/stories/201808270708.html",
        "https://fr.allafrica.com/stories/201911290698.html",
    ]
    assert beneficiaries["Link"].str.startswith("http").all()
    places = tables[("Place", "Area", "Map", "Coordinates from")].set_index("Place")
    assert places.loc["Munigi", "Map"] == "no coordinates in the gazetteer"
    assert places.loc["Sake", "Map"] == "on the map"
    cited = (bundle.project_sources["project_id"] == SAKE).sum()
    assert cited > 0
    assert any(e.label == f"Every source for this project ({cited})" for e in at.expander)


def test_link_to_a_hidden_unconfirmed_project_opens_it_with_a_warning(bundle):
    at = open_page("projects", project="CAF-NOLA-2023")
    assert any("The current filters hide this project" in c.value for c in at.caption)
    assert any(w.value.startswith("Link to the Fund not confirmed by a source") for w in at.warning)


def test_choosing_a_project_in_the_selectbox_opens_its_detail_and_marks_a_possible_duplicate():
    at = open_page("projects")
    at.selectbox(key="project").set_value("LBR-2022").run()
    assert escape_markdown("Second Liberia Trust Fund project (prepared for 2022)") in [s.value for s in at.subheader]
    assert [w.value for w in at.warning] == [
        escape_markdown(
            "Possible duplicate: this record may describe the same project as Education and vocational training "
            "for marginalised victims in Liberia."
        ),
        escape_markdown(
            "Mission shown for context only: no source on this project names UNMIL; it is the mission the "
            "sources' context points to."
        ),
    ]


def test_a_mission_result_says_what_the_link_switch_hides_and_offers_to_show_it():
    at = open_page("projects", mission="MINUSCA")
    # Only the planned CAR project is confirmed; Nola and Bambari name MINUSCA, not the Fund.
    assert list(projects_table(at)["id"]) == ["CAF-GBV-SERVICES-PLANNED"]
    assert any(
        m.value.startswith(
            "**1 project shown; 2 more projects match these filters but are hidden because their link to the Fund "
            "is not confirmed.**"
        )
        for m in at.markdown
    )
    # The button turns the sidebar switch on (AppTest cannot follow that: see the module docstring).
    assert [b.label for b in at.button if b.label == "Show them, marked"] == ["Show them, marked"]
    assert not [
        b for b in open_page("projects", mission="MINUSCA", unconfirmed="true").button if b.label == "Show them, marked"
    ]


def test_the_project_picker_lists_the_names_of_the_projects_the_filters_show():
    at = open_page("projects", mission="MINUSCA", unconfirmed="true")
    picker = at.selectbox(key="project")
    assert picker.options == [
        "Medical, psychosocial and legal services for victims within existing GBV programming (announced)",
        "Vocational training centre in Nola for victims and women at risk",
        "Nine-month skills programme and start-up kits for 60 women in Bambari",
    ]


SERVICES_TAKEAWAY = (
    "The most common services are livelihoods and vocational training, each offered by 5 of 9 projects shown; "
    "1 project lists no service."
)


def test_the_timeline_opens_first_and_lists_projects_without_a_start():
    at = open_page("projects")
    assert [tab.label for tab in at.tabs] == ["Timeline", "Services by country"]
    texts = [m.value for m in at.markdown]
    # Known starts: Sake 2018-05-08, Liberia's second project 2022, Haiti 2021; the other six have none.
    assert any(t.startswith("3 of 9 projects shown have a known start; the earliest is Vocational") for t in texts)
    assert escape_markdown(SERVICES_TAKEAWAY) not in texts, "one chart at a time"
    [unknown] = [c.value for c in at.caption if c.value.startswith("Start not known, so not on the timeline: ")]
    assert unknown.count("; ") + 1 == 6
    assert escape_markdown("Education and vocational training for marginalised victims in Liberia") in unknown


def test_the_services_tab_in_the_link_shows_services_by_country():
    at = open_page("projects", chart="Services by country")
    texts = [m.value for m in at.markdown]
    assert escape_markdown(SERVICES_TAKEAWAY) in texts, "takeaways are written as escaped markdown"
    assert not any("have a known start" in t for t in texts)
    assert [title_words(json.loads(chart.proto.spec)["title"]) for chart in at.get("vega_lite_chart")] == [
        "Services by country"
    ]


def test_an_opened_project_shows_its_places_on_a_close_up_map():
    at = open_page("projects", project="DRC-SAKE-2018")
    maps = [chart for chart in at.get("vega_lite_chart") if "places" in json.loads(chart.proto.spec)["description"]]
    assert len(maps) == 1
    tables = [dataframe_util.convert_arrow_bytes_to_pandas_df(named.data.data) for named in maps[0].proto.datasets]
    # The points, not the labels (one row per place for each band of drawing widths it is named at).
    shown = next(table for table in tables if "localities" in table.columns and "label" not in table.columns)
    # Munigi and Kavumu are not in the gazetteer, so two of the four places are drawn.
    assert list(shown["localities"]) == ["Sake", "Bujovu (quarter of Goma)"]


def test_projects_page_says_how_many_of_the_17_financed_projects_are_listed():
    at = open_page("projects")
    assert "9 projects listed here of 17 the Fund reports financing by Jul 2023\\: the others are not public\\." in [
        m.value for m in at.markdown
    ]
    assert any(e.label == "Source of the 17 (1)" for e in at.expander)


def test_beneficiary_coverage_sits_beside_the_funds_reported_reach():
    at = open_page("projects")
    # portfolio.csv, Jul 2023 (GG News 22 Jul 2023; Xinhua): 'over 43,000 affected victims and community members'.
    captions = [c.value for c in at.caption if "Projects with a beneficiary figure" in c.value]
    assert captions and captions[0].startswith("Projects with a beneficiary figure\\: 3 of 9\\.")
    assert "over 43,000 victims and community members reached" in captions[0]


def test_sort_by_budget_in_the_link_puts_the_largest_known_budget_first_and_the_unknown_after():
    at = open_page("projects", sort="budget")
    # data/projects.yaml: six-zone US$360,000, Sake US$175,000; the seven other confirmed projects have no public
    # budget and follow in the data's order.
    assert list(projects_table(at)["id"]) == ["DRC-SYAM-SIXZONES-2021", SAKE, *CONFIRMED[2:]]
    assert at.selectbox(key="sort").value == "budget"
    assert at.query_params["sort"] == "budget"


def test_choosing_a_sort_writes_it_into_the_link_and_the_data_order_leaves_it_out():
    at = open_page("projects")
    sort = at.selectbox(key="sort")
    assert sort.label == "Sort by" and sort.value == "data"
    assert "sort" not in at.query_params
    sort.set_value("start").run()
    # Starts in data/projects.yaml among the confirmed: Liberia "2022", Haiti "2021", Sake 2018-05-08.
    assert list(projects_table(at)["id"])[:3] == ["LBR-2022", "HTI-2021", SAKE]
    assert at.query_params["sort"] == "start"
    at.selectbox(key="sort").set_value("data").run()
    assert "sort" not in at.query_params and list(projects_table(at)["id"]) == CONFIRMED


def test_an_unknown_sort_in_the_link_is_reported_and_the_data_order_kept():
    at = open_page("projects", sort="cheapest")
    assert list(projects_table(at)["id"]) == CONFIRMED
    # The sort is back to the data's order and the value leaves the link; the sidebar's notice names it (in
    # Chromium: AppTest loses the sidebar after switching page, see the module docstring).
    assert at.selectbox(key="sort").value == "data" and "sort" not in at.query_params


def test_the_sort_in_french_is_labelled_in_french_and_keeps_the_code_in_the_link():
    at = open_page("projects", lang="fr", sort="beneficiaries")
    sort = at.selectbox(key="sort")
    assert sort.label == "Trier par"
    assert sort.options[sort.index] == "Plus grand nombre de bénéficiaires d'abord"
    # Sake's largest figure is "over 500"; Goma-Nyiragongo's "at least 60"; the six-zone project's 55.
    assert list(projects_table(at)["id"])[:3] == [SAKE, "DRC-GOMA-NYIRAGONGO-2023", "DRC-SYAM-SIXZONES-2021"]
    assert at.query_params["sort"] == "beneficiaries"


# ---- in French (issue 20) -------------------------------------------------------------------------------------------

NBSP, NNBSP = "\u00a0", "\u202f"


def test_the_page_in_french_has_no_english_left_and_french_figures(bundle):
    at = open_page("projects", lang="fr")
    assert english_left(page_words(at), bundle) == []
    # The same figures as the English page, written the French way.
    assert _metrics(at) == {
        "Projets affichés": "9",
        "Pays couverts": "5",
        "Budgets connus": f"535{NNBSP}000{NBSP}$US",
        "Bénéficiaires chiffrés": "3 sur 9",
    }
    table = projects_table(at)
    assert list(table["id"]) == CONFIRMED
    assert set(table["Lien avec le Fonds"].str.split(f"{NBSP};").str[0]) == {"Confirmé par une source"}
    assert table.set_index("id").loc[SAKE, "Budget"] == f"175{NNBSP}000{NBSP}$US"
    # The timeline's takeaway names the earliest project in full, escaped once (not "at\\-risk").
    markdown = [m.value for m in at.markdown]
    assert any(escape_markdown(f"le plus ancien est {SAKE_TITLE}, commencé en 2018-05-08.") in m for m in markdown)


def test_the_page_in_french_filtered_to_monusco_marks_host_country_projects_in_french(bundle):
    at = open_page("projects", lang="fr", mission="MONUSCO")
    assert english_left(page_words(at), bundle) == []
    table = projects_table(at).set_index("id")
    assert table.loc[SAKE, "Mission"] == "MONUSCO"
    assert table.loc[SAKE, "Pays"] == "République démocratique du Congo"


def test_one_project_in_french_has_its_detail_in_french(bundle):
    at = open_page("projects", lang="fr", project=SAKE)
    assert english_left(page_words(at), bundle) == []
    markdown = [m.value for m in at.markdown]
    assert f"- **Statut{NBSP}:** en cours \\(au 2019\\-11\\)" in "\n".join(markdown)
    assert "**Bénéficiaires signalés**" in markdown


def _many_projects(tmp_path, count: int) -> Path:
    tables = tiny_tables()
    template = tables["projects"][0]
    tables["projects"] = [
        {**template, "id": f"SYN-{i:03d}", "title": f"Synthetic project {i:03d}"} for i in range(count)
    ]
    return write_data(tmp_path / "data", tables)


def test_the_projects_table_is_static_up_to_a_hundred_rows_and_a_grid_past_them(tmp_path, monkeypatch):
    # A hundred rows read in full; the 900 of 100x data were a page of markdown drawn again on every rerun.
    monkeypatch.setenv(DATA_DIR_ENV, str(_many_projects(tmp_path / "a", 100)))
    at = open_page("projects")
    assert [table.value.shape[0] for table in at.table] == [100]
    assert [grid.value.shape[0] for grid in at.dataframe] == []
    monkeypatch.setenv(DATA_DIR_ENV, str(_many_projects(tmp_path / "b", 101)))
    at = open_page("projects")
    assert [table.value.shape[0] for table in at.table] == []
    grids = [grid.value for grid in at.dataframe]
    assert [grid.shape[0] for grid in grids] == [101]
    assert list(grids[0].columns[:3]) == ["Project", "Mission", "Country"]
    assert grids[0]["Project"].iloc[-1] == "Synthetic project 100"


def test_the_french_page_names_the_places_in_french_where_the_data_gives_their_french_wording():
    at = open_page("projects", lang="fr", project=SAKE)
    # data/projects.yaml, Sake's places: Bujovu's locality_fr and each area's admin_area_fr; Munigi has none, so
    # its name is shown as written.
    places = next(table for table in shown_tables(at) if "Lieu" in table)
    assert list(places["Lieu"]) == ["Sake", "Bujovu (quartier de Goma)", "Munigi", "Kavumu"]
    assert list(places["Zone"]) == ["Nord-Kivu (territoire de Masisi)", "Nord-Kivu", "Nord-Kivu", "Sud-Kivu"]
    # The close-up map's points (its datasets, not its per-width labels).
    tables = [
        dataframe_util.convert_arrow_bytes_to_pandas_df(named.data.data)
        for chart in at.get("vega_lite_chart")
        for named in chart.proto.datasets
    ]
    shown = next(table for table in tables if "localities" in table.columns and "label" not in table.columns)
    assert list(shown["localities"]) == ["Sake", "Bujovu (quartier de Goma)"]
    assert not any("quarter of" in " ".join(map(str, table.to_numpy().ravel())) for table in shown_tables(at))
