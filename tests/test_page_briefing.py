"""The Briefing page through the real entry script (AppTest): stepping through screens, the screen number in the
address, and the figures of each screen equal to what the pure builders return."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from components.briefing.screens import build_briefing
from components.figures.filters import Filters
from components.figures.formatting import escape_markdown
from tests.pages_app import open_page


def _position(at: AppTest) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("### ") and " / " in m.value)


def test_briefing_opens_on_the_first_screen_with_its_position_and_takeaway(bundle, defaults):
    at = open_page("briefing")
    first = build_briefing(bundle, defaults).screens[0]
    assert _position(at) == "### 1 / 6"
    assert at.title[0].value == escape_markdown(first.title)
    assert at.subheader[0].value == escape_markdown(first.takeaway)
    assert at.query_params["screen"] == "1"
    assert at.button(key="briefing_previous").disabled


def test_next_moves_to_screen_two_and_the_address_follows(bundle, defaults):
    at = open_page("briefing")
    at.button(key="briefing_next").click().run()
    second = build_briefing(bundle, defaults).screens[1]
    assert _position(at) == "### 2 / 6"
    assert at.title[0].value == escape_markdown(second.title)
    assert at.query_params["screen"] == "2"
    at.button(key="briefing_previous").click().run()
    assert _position(at) == "### 1 / 6"
    assert at.query_params["screen"] == "1"


def test_an_address_with_screen_3_opens_the_third_screen(bundle, defaults):
    at = open_page("briefing", screen="3")
    third = build_briefing(bundle, defaults).screens[2]
    assert _position(at) == "### 3 / 6"
    assert at.title[0].value == escape_markdown(third.title)
    assert not at.warning


def test_the_last_screen_has_no_next(bundle, defaults):
    at = open_page("briefing", screen="6")
    assert at.button(key="briefing_next").disabled
    assert "Sake" in at.subheader[0].value


def test_an_invalid_screen_falls_back_to_the_first_with_a_notice():
    at = open_page("briefing", screen="twelve")
    assert _position(at) == "### 1 / 6"
    assert at.warning[0].value == "There is no screen “twelve” in this briefing (screens 1 to 6); showing screen 1."
    assert at.query_params["screen"] == "1"


def test_filters_in_the_address_shape_the_screens(bundle):
    at = open_page("briefing", screen="4", years=["2016", "2020"])
    expected = build_briefing(bundle, Filters(years=(2016, 2020))).screens[3]
    assert at.subheader[0].value == escape_markdown(expected.takeaway)
    assert expected.takeaway.startswith("In 2020, 66 allegations were reported")
    assert any(c.value == "Filters: Years 2016–2020" for c in at.caption)


def test_the_story_mission_can_be_chosen_in_the_address(bundle, defaults):
    at = open_page("briefing", screen="5", story="MINUSCA")
    expected = build_briefing(bundle, defaults, "MINUSCA").screens[4]
    assert at.title[0].value == escape_markdown(expected.title)
    assert at.title[0].value.startswith("MINUSCA")


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
