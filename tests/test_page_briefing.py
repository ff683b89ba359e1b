"""The Briefing page through the real entry script (AppTest): stepping through screens, the screen number in the
address, and the figures of each screen as read by hand in the sources."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from components.figures.formatting import escape_markdown
from tests.pages_app import open_page


def _position(at: AppTest) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("### ") and " / " in m.value)


def test_briefing_opens_on_the_first_screen_with_its_position_and_takeaway():
    at = open_page("briefing")
    assert _position(at) == "### 1 / 7"
    assert at.title[0].value == "The Trust Fund at a glance"
    # $4.8M received (Xinhua, 20 Jul 2023: 'the trust fund has received $4.8 million'), 25 donors (undated un.org
    # news item, 2024 or later), about $600,000 withheld (fourth annual report, Sep 2022: part of 'over $4.3
    # million', basis not stated).
    assert at.subheader[0].value == escape_markdown(
        "Contributions: $4.8M received (as of 20 Jul 2023, South Asian Daily (Xinhua text)). "
        "Donor countries: 25 (as of 2024 or later, undated). Withheld payments: about $600K (as of Sep 2022, "
        "United Nations (un.org); part of a total whose basis is not stated)."
    )
    assert at.query_params["screen"] == "1"
    assert at.button(key="briefing_previous").disabled


def test_next_moves_to_screen_two_and_the_address_follows():
    at = open_page("briefing")
    at.button(key="briefing_next").click().run()
    assert _position(at) == "### 2 / 7"
    assert at.title[0].value == "Contributions over time"
    assert at.query_params["screen"] == "2"
    at.button(key="briefing_previous").click().run()
    assert _position(at) == "### 1 / 7"
    assert at.query_params["screen"] == "1"


def test_an_address_with_screen_3_opens_the_third_screen():
    at = open_page("briefing", screen="3")
    assert _position(at) == "### 3 / 7"
    assert at.title[0].value == "Where the Fund's projects are"
    # Nine projects tied to the Fund in five countries; Sake, the six-zone and the Goma-Nyiragongo projects have
    # places in the gazetteer.
    assert at.subheader[0].value.startswith("9 projects in 5 countries match the filters; 3 of them have a place")
    assert not at.warning


def test_the_sixth_screen_is_the_sake_project_and_leads_on():
    at = open_page("briefing", screen="6")
    assert not at.button(key="briefing_next").disabled
    assert "Sake" in at.subheader[0].value


def test_the_last_screen_is_what_the_fund_reports_it_has_reached_and_has_no_next(bundle, defaults):
    at = open_page("briefing", screen="7")
    assert at.button(key="briefing_next").disabled
    assert at.title[0].value == "What the Fund reports it has reached"
    assert "projects financed\\: 17 \\(as of Jul 2023\\)" in at.subheader[0].value
    assert "over 43,000 \\(as of Jul 2023\\)" in at.subheader[0].value


def test_an_invalid_screen_falls_back_to_the_first_with_a_notice():
    at = open_page("briefing", screen="twelve")
    assert _position(at) == "### 1 / 7"
    assert at.warning[0].value == "There is no screen “twelve” in this briefing (screens 1 to 7); showing screen 1."
    assert at.query_params["screen"] == "1"


def test_filters_in_the_address_shape_the_screens():
    at = open_page("briefing", screen="4", years=["2016", "2020"])
    # 66 in 2020 (Code Blue, CGTN), 80 in 2019 (AP, Mar 2020).
    assert at.subheader[0].value == escape_markdown(
        "In 2020, 66 allegations were reported in peacekeeping and special political missions, 14 fewer than in 2019. "
        # The chart of these years marks 56† (2018) and 63† (2017): the legend of the mark goes with it.
        "† marks a figure with a note: the note is in its tooltip, the table and the CSV."
    )
    assert any(c.value == "Filters: Years 2016–2020" for c in at.caption)


def test_the_story_mission_can_be_chosen_in_the_address():
    at = open_page("briefing", screen="5", story="MINUSCA")
    assert at.title[0].value == escape_markdown("MINUSCA: allegations per year")
    # MINUSCA 2024: 40 (AP on the 2025 report; its row has a note, hence †), the latest year with a sourced count.
    assert at.subheader[0].value.startswith(
        escape_markdown("MINUSCA: 40† allegations in 2024, the latest year with a sourced count in 2014–2024")
    )


def test_the_download_buttons_are_made_once_their_expander_is_opened():
    at = open_page("briefing")
    assert "Downloads (with the filters above)" in [e.label for e in at.expander]
    assert len(at.get("download_button")) == 0
    at.session_state["downloads"] = True
    at.run()
    labels = [button.label for button in at.get("download_button")]
    assert labels == [
        "This chart (PNG)",
        "This chart (SVG)",
        "This screen's data (CSV)",
        "The whole briefing (PowerPoint)",
        "Every screen's data (Excel)",
    ]


def test_previous_and_next_show_one_arrow_each_the_key_badge_not_an_icon_too():
    at = open_page("briefing", screen="2")
    for key, shortcut in (("briefing_previous", "left"), ("briefing_next", "right")):
        button = at.button(key=key)
        assert button.proto.shortcut == shortcut
        assert button.proto.icon == "", key


def test_the_caveat_is_as_large_as_the_key_points_and_the_sources_are_one_short_line():
    at = open_page("briefing", screen="4")
    texts = [m.value for m in at.markdown]
    assert (
        "#### Allegations are reports, not findings\\: not all are verified, and counts for a year can change as "
        "later reports restate it\\." in texts
    )
    assert not any("reports, not findings" in c.value for c in at.caption)
    line = next(t for t in texts if t.startswith("Sources"))
    assert "http" not in line and "](" not in line
    assert line.endswith("more \\(listed under “All sources of this screen”\\)")
    assert "Notes on the figures marked †" in [e.label for e in at.expander]
