"""The donor's way in: the donor card on Contributions and the link notice for values the app cannot use.
Expected values are read by hand from data/contributions.csv, data/donor_roster.csv and data/projects.yaml."""

from __future__ import annotations

from components.data.bundle import DataBundle
from components.figures.contributions import donor_card
from components.figures.filters import (
    donors_given_as_countries,
    filter_options,
    ignored_query_values,
    unused_query_values,
)
from tests.pages_app import open_page


def test_donor_card_lists_norways_pledge_with_its_source(bundle: DataBundle):
    card = donor_card(bundle, "Norway", filter_options(bundle).donors)
    # Norwegian Ministry of Foreign Affairs, news item of 14 May 2016: NOK one million announced, no USD value.
    row = card.contributions.iloc[0].to_dict()
    assert len(card.contributions) == 1
    assert (row["Date"], row["Amount as reported"], row["US dollars"], row["Status"]) == (
        "2016-05-14",
        "1,000,000 NOK",
        "not known",
        "Pledged",
    )
    assert row["Source"] == "Norwegian Ministry of Foreign Affairs"
    assert "id2500897" in row["Link"]


def test_donor_card_lists_every_donor_list_naming_norway(bundle: DataBundle):
    card = donor_card(bundle, "Norway", filter_options(bundle).donors)
    # donor_roster.csv rows 6, 11, 24, 45, 67: five lists; the 2024 mirror was only partly readable.
    assert card.lists["Donor list of"].tolist() == [
        "undated, between Jul 2016 and Sep 2017",
        "28 Jan 2017",
        "undated, between Sep 2017 and Dec 2018",
        "31 Dec 2018",
        "2024",
    ]
    assert card.lists["List read"].tolist() == ["in full"] * 4 + ["only in part"]


def test_donor_card_names_the_sake_project_paid_with_japan_and_norway(bundle: DataBundle):
    donors = filter_options(bundle).donors
    for donor in ("Norway", "Japan"):
        projects = donor_card(bundle, donor, donors).projects
        # projects.yaml DRC-SAKE-2018: "Trust Fund financing of US$175,000 drawn from contributions by Japan and
        # Norway" (UN Peacekeeping, 11 May 2018).
        assert projects["Id"].tolist() == ["DRC-SAKE-2018"]
        assert projects["Trust Fund money for the project"].tolist() == ["$175,000"]
        assert projects["Money from"].tolist() == ["Japan and Norway"]
        assert projects["Source"].tolist() == ["UN Peacekeeping, 2018-05-11"]


def test_donor_without_projects_or_lists_says_so(bundle: DataBundle):
    card = donor_card(bundle, "United Kingdom", filter_options(bundle).donors)
    # The Guardian, 13 Mar 2018: the UK had not contributed; it is on no donor list read.
    assert card.contributions["Status"].tolist() == ["No contribution, as of the source's date"]
    assert card.lists.empty and card.projects.empty
    assert card.summary == (
        "United Kingdom: 1 report on its giving; named in 0 donor lists; "
        "0 projects reported as paid for with its money."
    )


def test_donor_given_as_country_is_named_and_unknown_donor_ignored(bundle: DataBundle):
    options = filter_options(bundle)
    params = {"country": ["Norway", "Haiti", "Cyprus"], "donor": ["Atlantis", "Japan"]}
    # Cyprus hosts a mission (UNFICYP) and gave to the Fund: as a host country it is a valid filter value.
    assert donors_given_as_countries(params, options) == ["Norway"]
    assert ignored_query_values(params, options) == ["country=Norway", "donor=Atlantis"]


def test_parameters_nothing_reads_are_reported():
    params = {"mission": ["MONUSCO"], "colour": ["red"], "table": ["Donor roster"], "screen": ["3"]}
    after = {"mission": ["MONUSCO"], "table": ["Donor roster"], "screen": ["3"]}
    assert unused_query_values(params, after, {"table": "Donor roster"}) == ["colour=red"]


def test_a_value_a_widget_dropped_without_taking_it_is_reported():
    params = {"view": ["Table"], "story": ["MONUSCO"], "contrast": ["true"]}
    # "story" and "contrast" left the link because they are the widgets' values (a default is not kept in the
    # link); "view" left it because no tab is called "Table".
    state = {"view": "Per mission", "story": "MONUSCO", "contrast": True}
    assert unused_query_values(params, {}, state) == ["view=Table"]


def test_contributions_link_with_donor_opens_its_card():
    at = open_page("contributions", donor="Norway")
    assert at.selectbox(key="donor").value == "Norway"
    assert "Norway" in [h.value for h in at.subheader]
    summary = [m.value for m in at.markdown if "report on its giving" in m.value]
    assert summary and "named in 5 donor lists" in summary[0] and "1 project reported" in summary[0]


def test_donor_in_country_filter_and_unknown_parameter_are_reported():
    at = open_page("overview", country="Norway", colour="red")
    notice = " ".join(c.value for c in at.sidebar.caption)
    assert "country=Norway" in notice
    assert "a donor, not a host country" in notice
    assert "colour=red" in notice


def test_an_unknown_donor_in_the_link_is_reported():
    # AppTest drops the entry script's sidebar after a page switch, so this opens the overview; the Contributions
    # page's own parameters are checked in tests/browser/test_donors_in_browser.py.
    at = open_page("overview", donor="Atlantis")
    assert any("donor=Atlantis" in c.value for c in at.sidebar.caption)
