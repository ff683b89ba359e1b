"""The shipped data as the import writes it: explicit citations, qualifiers in the source's words, notes in full,
the third-pass additions and the Fund's portfolio figures. Expected values are written by hand from the sources."""

import pytest

from components.data.bundle import SHIPPED_DATA_DIR, load_bundle
from components.figures.contributions import funding_facts
from tools.import_shared.citations import CONDUCT_TRUST_FUND_PAGE, page_version
from tools.import_shared.common import qualifier_for
from tools.import_shared.project_records import _beneficiary_source


@pytest.fixture(scope="module")
def bundle():
    return load_bundle(SHIPPED_DATA_DIR)


def _url(bundle, source_id: str) -> str:
    return bundle.sources.set_index("id").loc[source_id, "url"]


def _beneficiary(bundle, project_id: str, count: int):
    rows = bundle.project_beneficiaries
    return rows[(rows["project_id"] == project_id) & (rows["count"] == count)].iloc[0]


def test_kalemie_55_cites_the_kalemie_story_of_29_august_2021(bundle):
    row = _beneficiary(bundle, "DRC-SYAM-SIXZONES-2021", 55)
    assert "2021/08/29/actualite/societe/kalemie" in _url(bundle, row["source_id"])


def test_sake_about_130_cites_the_august_2018_release(bundle):
    row = _beneficiary(bundle, "DRC-SAKE-2018", 130)
    assert row["qualifier"] == "about"
    assert _url(bundle, row["source_id"]) == "https://fr.allafrica.com/stories/201808270708.html"


def test_the_conduct_trust_fund_page_is_two_sources_one_per_version(bundle):
    funding = bundle.funding.set_index(["as_of", "measure"])
    older = funding.loc[("2016-07/2017-09", "donor_count"), "source_id"]
    end_2018 = funding.loc[("2018-12-31", "donor_count"), "source_id"]
    assert older != end_2018
    assert _url(bundle, older) == _url(bundle, end_2018) == CONDUCT_TRUST_FUND_PAGE


def test_the_donor_count_25_is_cited_to_the_un_org_page_never_to_the_mirror(bundle):
    best = funding_facts(bundle.funding, bundle.sources)
    counts = best[(best["measure"] == "donor_count") & (best["value"] == 25)]
    assert [_url(bundle, source_id) for source_id in counts["source_id"]] == ["https://www.un.org/sw/node/229526"]
    # The mirror states the same fact and is kept beside it.
    assert counts["source_count"].tolist() == [2]


def test_the_english_sake_launch_story_is_dated_11_may_2018(bundle):
    sources = bundle.sources.set_index("url")
    url = "https://peacekeeping.un.org/en/monusco-launches-projects-to-assist-victims-of-sexual-exploitation-and-abuse"
    assert sources.loc[url, "date"] == "2018-05-11"


def test_a_budget_takes_the_qualifier_of_its_note(bundle):
    project = bundle.projects.set_index("id").loc["DRC-SYAM-SCHOOLKITS-2022"]
    assert project["budget_usd"] == 329000 and project["budget_qualifier"] == "about"


def test_a_year_that_may_be_incomplete_is_a_lower_bound(bundle):
    rows = bundle.allegations
    minusca = rows[(rows["mission"] == "MINUSCA") & (rows["year"] == 2018) & (rows["measure"] == "allegations")]
    assert minusca[["value", "qualifier"]].values.tolist() == [[10, "at_least"]]


def test_funding_notes_are_kept_in_full(bundle):
    note = bundle.funding[bundle.funding["as_of"] == "2023-07-20"]["note"].iloc[0]
    assert note.endswith("leaves open whether withheld payments are inside the 4.8 million.")


def test_the_third_pass_contributions_are_imported(bundle):
    rows = bundle.contributions.set_index(["donor", "status"])
    assert rows.loc[("Bangladesh", "pledged"), ["amount_usd", "date"]].tolist() == [100000, "2017-09-18"]
    assert rows.loc[("United Kingdom", "no_contribution_reported"), "date"] == "2018-03-13"


def test_the_2014_split_by_category_is_imported(bundle):
    rows = bundle.allegations
    split = rows[(rows["year"] == 2014) & rows["category"].notna() & (rows["measure"] == "allegations")]
    assert dict(zip(split["category"], split["value"], strict=True)) == {"military": 24, "police": 13, "civilian": 14}


def test_the_sake_follow_up_of_november_2019_is_imported(bundle):
    row = _beneficiary(bundle, "DRC-SAKE-2018", 150)
    assert row["qualifier"] == "over"
    assert _url(bundle, row["source_id"]) == "https://fr.allafrica.com/stories/201911290698.html"
    assert bundle.projects.set_index("id").loc["DRC-SAKE-2018", "status_as_of"] == "2019-11"


def test_the_portfolio_holds_the_funds_reported_reach(bundle):
    rows = bundle.portfolio
    figures = {(m, v, q) for m, v, q in zip(rows["measure"], rows["value"], rows["qualifier"], strict=True)}
    assert {
        ("projects_financed", 17, "exact"),
        ("people_reached", 43000, "over"),
        ("people_supported", 3340, "about"),
        ("people_reached_in_year", 400, "over"),
        ("programme_support_cost_percent", 13, "exact"),
    } <= figures


def test_a_beneficiary_figure_without_a_stated_source_stops_the_import():
    with pytest.raises(KeyError, match="no source stated"):
        _beneficiary_source("DRC-NEW-2025", 12, {"https://example.org/a": "example-a"})


def test_a_row_citing_a_page_with_several_versions_must_name_one():
    with pytest.raises(KeyError, match="several versions"):
        page_version(CONDUCT_TRUST_FUND_PAGE, ("trust_fund/cumulative_snapshots.csv", "2030-01-01"))


def test_a_quoted_other_value_is_not_this_values_qualifier():
    assert qualifier_for(2_500_000, "'Over USD 2.5 million' received") == "over"
    assert qualifier_for(370_000, "payments of $370,000; elsewhere 'approximately US$317,000'") == "exact"


def test_the_4_8_million_of_july_2023_is_received_as_the_spokesperson_said(bundle):
    # South Asian Daily (Xinhua text), paragraph beginning 'He said the trust fund has received $4.8 million'.
    funding = bundle.funding
    [row] = funding[(funding["as_of"] == "2023-07-20") & (funding["measure"] == "cumulative_usd")].to_dict("records")
    assert (row["value"], row["basis"]) == (4_800_000, "received")
    assert "has received $4.8 million" in row["source_locator"]
