"""The donor's journey in Chromium: open Contributions, pick a donor, see its card, and the link keeps it."""

from __future__ import annotations

import pytest

from tests.browser.conftest import PAGES, screenshot, wait_settled

pytestmark = pytest.mark.browser


def test_picking_norway_on_contributions_shows_its_card_and_puts_it_in_the_link(offline_page, app_server):
    page, traffic = offline_page
    page.goto(f"{app_server.url}/{PAGES['contributions']}")
    wait_settled(page)
    picker = page.locator('[data-testid="stMain"] [data-testid="stSelectbox"]', has_text="Donor").first
    picker.click()
    page.keyboard.type("Norway")
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.search.includes('donor=Norway')")
    wait_settled(page)
    main = page.locator('[data-testid="stMain"]')
    main.get_by_role("heading", name="Norway").wait_for()
    # Norwegian Ministry of Foreign Affairs, 14 May 2016: NOK one million pledged; the Sake project (US$175,000,
    # Japan and Norway, UN Peacekeeping 11 May 2018).
    main.get_by_text("named in 5 donor lists", exact=False).first.wait_for()
    card = main.locator(".st-key-donor-card")
    assert card.locator('[data-testid="stTable"]').count() == 3
    screenshot(page, "donor-norway-light")
    assert traffic.foreign_requests == []


def test_picking_norway_in_french_shows_its_card_in_french_and_the_link_names_it_as_in_english(
    offline_page, app_server
):
    page, traffic = offline_page
    page.goto(f"{app_server.url}/{PAGES['contributions']}?lang=fr")
    wait_settled(page)
    main = page.locator('[data-testid="stMain"]')
    main.get_by_text("Totaux cumulés publiés", exact=False).first.wait_for()
    picker = main.locator('[data-testid="stSelectbox"]', has_text="Donateur").first
    picker.click()
    page.keyboard.type("Norway")
    page.keyboard.press("Enter")
    # The link holds the donor as the data names it, so it opens the same card in English.
    page.wait_for_function("() => location.search.includes('donor=Norway')")
    wait_settled(page)
    main.get_by_role("heading", name="Norway").wait_for()
    main.get_by_text("cité dans 5 listes de donateurs", exact=False).first.wait_for()
    screenshot(page, "donor-norway-fr-light")
    assert traffic.foreign_requests == []


def test_a_donor_in_the_country_filter_is_reported_with_where_to_look(offline_page, app_server):
    page, _traffic = offline_page
    page.goto(f"{app_server.url}/?country=Norway&colour=red")
    wait_settled(page)
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text("a donor, not a host country", exact=False).wait_for()
    notice = sidebar.locator('[data-testid="stCaptionContainer"]', has_text="Ignored from the link").inner_text()
    assert "country=Norway" in notice and "colour=red" in notice
    screenshot(page, "donor-as-country-notice")
    sidebar.get_by_role("link", name="Norway on Contributions").click()
    page.wait_for_function("() => location.search.includes('donor=Norway')")
    wait_settled(page)
    page.locator(".st-key-donor-card").get_by_role("heading", name="Norway").wait_for()


def test_a_donor_or_tab_the_page_does_not_have_is_reported(offline_page, app_server):
    page, _traffic = offline_page
    page.goto(f"{app_server.url}/{PAGES['contributions']}?donor=Atlantis&table=Nope")
    wait_settled(page)
    notice = page.locator('[data-testid="stSidebar"] [data-testid="stCaptionContainer"]', has_text="Ignored")
    notice.wait_for()
    assert "donor=Atlantis" in notice.inner_text() and "table=Nope" in notice.inner_text()
