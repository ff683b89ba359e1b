"""Money figures a donor can trust (issue 15, items 1, 2 and 6): the headline never mixes what totals count, the
running-totals chart draws only what sources say, sources stating one money figure differently are compared, and
a figure's caveats reach the screen in full. Expected texts are written by hand from data/funding.csv and the
research in ../shared/sources/trust_fund/."""

from __future__ import annotations

import pandas as pd
import pytest

from components.charts.cards import chart_card
from components.data.bundle import load_bundle
from components.data.validate import coverage_rows
from components.figures.contributions import build_contributions_view, figure_text, funding_fact_keys, funding_facts
from components.figures.filters import Filters
from components.figures.formatting import escape_markdown
from components.figures.overview import build_overview_view
from tests.pages_app import open_page

TO_2020 = Filters(years=(2016, 2020))
ALL_YEARS = Filters(years=(2005, 2026))


@pytest.fixture(scope="module")
def bundle():
    return load_bundle()


def _row(as_of: str, measure: str, value: float, basis: str, source_id: str, **extra: str) -> dict[str, object]:
    return {
        "as_of": as_of,
        "as_of_basis": extra.get("as_of_basis", "stated"),
        "measure": measure,
        "value": value,
        "unit": extra.get("unit", "usd"),
        "qualifier": extra.get("qualifier", "exact"),
        "basis": basis,
        "source_id": source_id,
        "source_locator": "",
        "note": extra.get("note", ""),
    }


# ---- item 1: the headline rule -------------------------------------------------------------------------------


def test_a_pledged_total_never_takes_the_headline_from_an_earlier_received_one(bundle):
    """Years 2016-2020: 'over $2.5M' received (end 2018) is the headline, not the $2M pledged of Jun 2019."""
    view = build_contributions_view(bundle, TO_2020)
    assert view.total == "over $2.5M"
    assert view.total_figure.caption == "Received, as of 31 Dec 2018 — Conduct in UN Field Missions"
    assert view.promise is not None
    assert view.promise.phrase == "$2M pledged (as of 21 Jun 2019, europeansting.com)"


def test_the_headline_rule_holds_for_every_year_range(bundle):
    """The rule as a class: for any years, the headline is the latest US-dollar total that is received or does not
    say what it counts; no pledged or incl.-commitments total and no figure of unstated currency."""
    funding = bundle.funding
    years = sorted({int(a[:4]) for a in funding["as_of"]})
    checked = 0
    for low in years:
        for high in [y for y in years if y >= low]:
            view = build_contributions_view(bundle, Filters(years=(low, high)))
            eligible = view.figures[
                (view.figures["measure"] == "cumulative_usd")
                & view.figures["basis"].isin(["received", "not_stated"])
                & (view.figures["unit"] == "usd")
            ]
            if eligible.empty:
                assert view.total == "not known"
                continue
            checked += 1
            newest = eligible.sort_values(["date", "placed_by_us"], ascending=[True, False]).iloc[-1]
            assert view.total_when == f"as of {newest['when']}"
            assert view.total == figure_text(newest["value"], newest["qualifier"], "usd", short=True)
            assert view.total_figure.basis in ("received", "what it counts is not stated")
            assert view.total_figure.caption.startswith(view.total_figure.basis.capitalize() + ", as of ")
    assert checked > 10


def test_headline_says_what_it_counts_on_overview_contributions_and_briefing():
    overview = open_page("overview", years=["2016", "2020"])
    money = next(m for m in overview.metric if m.label == "Contributions reported")
    assert money.value == "over $2.5M"
    captions = [c.value for c in overview.main.caption]
    assert escape_markdown("Received, as of 31 Dec 2018 — Conduct in UN Field Missions") in captions
    assert escape_markdown("A different measure: $2M pledged (as of 21 Jun 2019, europeansting.com).") in captions

    page = open_page("contributions", years=["2016", "2020"])
    assert [m.value for m in page.metric if m.label == "Total contributions reported"] == ["over $2.5M"]
    assert escape_markdown("Received, as of 31 Dec 2018 — Conduct in UN Field Missions") in [
        c.value for c in page.main.caption
    ]


def test_briefing_headline_tile_says_received(bundle):
    from components.briefing.screens import headline_figures

    figures = headline_figures(build_overview_view(bundle, TO_2020))
    money = figures[figures["What"] == "Contributions reported"].iloc[0]
    assert (money["Figure"], money["Note"]) == ("over $2.5M", "received\nas of 31 Dec 2018")


def test_with_all_years_the_headline_says_the_total_was_received_as_its_source_says(bundle):
    view = build_contributions_view(bundle, ALL_YEARS)
    assert view.total == "$4.8M"
    # Xinhua (South Asian Daily): 'He said the trust fund has received $4.8 million'.
    assert view.total_figure.caption == "Received, as of 20 Jul 2023 — South Asian Daily (Xinhua text)"
    assert view.promise is None, "the $2M pledged of 2019 is older than the headline"


# ---- item 2: the running-totals chart ------------------------------------------------------------------------


def _marks(spec: dict) -> list[str]:
    layers = spec.get("layer", [spec])
    return [layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"] for layer in layers]


def _chart_rows(spec: dict) -> list[dict]:
    return [row for rows in spec["datasets"].values() for row in rows]


def test_running_totals_chart_joins_no_reports_with_a_line(bundle):
    card = build_contributions_view(bundle, ALL_YEARS).totals
    assert "line" not in _marks(chart_card(card).spec)
    assert sorted(_marks(chart_card(card).spec)) == ["point", "rule", "text"]


def test_running_totals_chart_carries_only_us_dollars_and_names_the_rest(bundle):
    card = build_contributions_view(bundle, ALL_YEARS).totals
    rows = _chart_rows(chart_card(card).spec)
    assert rows and {row["unit"] for row in rows} == {"usd"}
    assert 536000 not in {row["value"] for row in rows}
    assert (
        "Not on the US-dollar chart: $536,000 (currency not stated), reported 28 Jan 2017 by Toronto Star."
    ) in card.takeaway


def test_running_totals_chart_shows_each_qualifier_on_its_mark(bundle):
    spec = chart_card(build_contributions_view(bundle, ALL_YEARS).totals).spec
    labels = {row["short"] for row in _chart_rows(spec)}
    assert {"over $2.5M", "about $1.5M", "over $4.3M", "about $600K", "over $400K"} <= labels
    text_layer = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "text")
    assert text_layer["encoding"]["text"]["field"] == "short"


def test_an_undated_total_is_drawn_across_its_bracket_not_at_a_date(bundle):
    spec = chart_card(build_contributions_view(bundle, ALL_YEARS).totals).spec
    rule = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "rule")
    assert (rule["encoding"]["x"]["field"], rule["encoding"]["x2"]["field"]) == ("date_from", "date")
    bracket = [r for r in _chart_rows(spec) if r["as_of"] == "2017-09/2018-12" and r["measure"] == "cumulative_usd"]
    assert bracket and {r["short"] for r in bracket} == {"about $2M"}
    assert str(bracket[0]["date_from"]).startswith("2017-09-01")


# ---- item 6: money conflicts ---------------------------------------------------------------------------------


def test_sources_giving_one_withheld_figure_differently_are_compared(bundle):
    facts = funding_facts(bundle.funding, bundle.sources).set_index("fact")
    withheld = facts.loc["withheld_usd|2017-09|available_incl_commitments"]
    assert (withheld["value"], withheld["qualifier"]) == (100000, "about")
    assert withheld["alternatives"] == "$102,000 (Business Standard (PTI/AP), 2017-09-28)"
    assert withheld["conflict"]
    total = facts.loc["cumulative_usd|2017-09|available_incl_commitments"]
    assert total["alternatives"] == "$1.5M (Business Standard (PTI/AP), 2017-09-28)"


def test_validation_counts_the_money_conflicts(bundle):
    funding = next(row for row in coverage_rows(bundle) if row["dataset"] == "funding")
    assert funding["conflicting facts"] == 2


def test_other_sources_say_reaches_the_chart_and_its_table(bundle):
    card = build_contributions_view(bundle, Filters(years=(2017, 2017))).totals
    withheld = card.data[(card.data["measure"] == "withheld_usd")]
    assert list(withheld["alternatives"]) == ["$102,000 (Business Standard (PTI/AP), 2017-09-28)"]
    tip = next(r["tip"] for r in _chart_rows(chart_card(card).spec) if r["measure"] == "withheld_usd")
    assert "Other sources say: $102,000 (Business Standard (PTI/AP), 2017-09-28)" in tip.split(" · ")
    assert "Amount: about $100,000" in tip.split(" · ")


def test_one_report_dated_to_its_day_month_or_a_few_days_later_is_one_fact():
    funding = pd.DataFrame(
        [
            _row("2017-09", "cumulative_usd", 1500000, "available_incl_commitments", "a", qualifier="about"),
            _row("2017-09", "cumulative_usd", 400000, "received", "a", qualifier="over"),
            _row("2017-09-27", "cumulative_usd", 1500000, "not_stated", "b"),
            _row("2017-10-02", "cumulative_usd", 1500000, "not_stated", "c", qualifier="about"),
            _row("2017-10-20", "cumulative_usd", 1600000, "not_stated", "d"),
            _row("2017-09/2018-12", "cumulative_usd", 2000000, "not_stated", "e", as_of_basis="our_bracket"),
        ]
    )
    assert list(funding_fact_keys(funding)) == [
        "cumulative_usd|2017-09|available_incl_commitments",
        "cumulative_usd|2017-09|received",
        # A total that does not say what it counts joins the stated total of its time nearest in value.
        "cumulative_usd|2017-09|available_incl_commitments",
        "cumulative_usd|2017-09|available_incl_commitments",
        # More than a week after the last: another report.
        "cumulative_usd|2017-10-20|not_stated",
        # Placed by us, not dated by a source: never merged with a dated figure.
        "cumulative_usd|2017-09/2018-12|not_stated",
    ]


def test_different_stated_bases_of_one_date_stay_different_facts():
    funding = pd.DataFrame(
        [
            _row("2018-12-31", "cumulative_usd", 2500000, "received", "a"),
            _row("2018-12-31", "cumulative_usd", 2000000, "pledged", "b"),
        ]
    )
    keys = funding_fact_keys(funding)
    assert keys.nunique() == 2


# ---- caveats in full -----------------------------------------------------------------------------------------


def test_every_chart_tooltip_holds_its_figures_note_whole_in_one_text(bundle):
    """The tooltip's table cuts a value at 7 lines; a text tooltip shows all of it."""
    view = build_contributions_view(bundle, ALL_YEARS)
    for card in (view.totals, view.donor_counts):
        layers = chart_card(card).spec.get("layer", [chart_card(card).spec])
        assert all(layer["mark"]["tooltip"] == {"expr": "datum.tip"} for layer in layers), card.key
        rows = _chart_rows(chart_card(card).spec)
        assert rows
        for row in rows:
            assert row["tip"].endswith(f"Note: {row['note']}") if row["note"] else "Note:" not in row["tip"]


def test_every_funding_note_reaches_the_chart_data_in_full(bundle):
    card = build_contributions_view(bundle, ALL_YEARS).totals
    assert len(card.data) >= 10
    for row in card.data.itertuples():
        originals = bundle.funding[(bundle.funding["source_id"] == row.source_id)]["note"].tolist()
        assert row.note in originals, row.when
    longest = bundle.funding[bundle.funding["measure"] == "cumulative_usd"]["note"].str.len().max()
    assert card.data["note"].str.len().max() == longest


def test_headline_help_holds_the_notes_of_the_figure_in_full(bundle):
    view = build_contributions_view(bundle, TO_2020)
    row = bundle.funding[
        (bundle.funding["as_of"] == "2018-12-31") & (bundle.funding["measure"] == "cumulative_usd")
    ].iloc[0]
    assert view.total_figure.note == row["note"]
    assert "Over USD 2.5 million" in view.total_figure.note


def test_other_money_table_shows_notes_and_other_sources(bundle):
    table = build_contributions_view(bundle, ALL_YEARS).other_money
    remaining = table[table["Figure"] == "Funds remaining"].iloc[0]
    assert remaining["Amount"] == "$1M"
    assert remaining["Note"].startswith("'The $1 million remaining' at the release of the fourth annual report")
    assert "Other sources say" in table.columns


def test_headline_cites_the_paragraphs_its_figures_are_read_in_not_every_row_of_their_documents(bundle):
    view = build_contributions_view(bundle, TO_2020)
    assert [(s.id, s.locator) for s in view.kpi_sources] == [
        # data/sources.yaml: the end-2018 version of the Conduct in UN Field Missions Trust Fund page is its own entry.
        ("conduct-trust-fund-page-end-2018", "paragraph beginning 'Between 2016 and end 2018'"),
        ("europeansting-com-2019-06-24", "section 'A fund to rebuild dignity'"),
        ("vdocuments-net-transcript-of-a-2020-07", "Foreword (transcript page 4)"),
    ]


def test_the_totals_chart_cites_the_other_sources_it_names(bundle):
    card = build_contributions_view(bundle, Filters(years=(2017, 2017))).totals
    assert "business-standard-pti-ap-2017-09-28" in {s.id for s in card.sources}


def test_the_donor_count_says_its_source_and_carries_its_caveat(bundle):
    view = build_contributions_view(bundle, ALL_YEARS)
    assert view.donors == "25"
    # The source of the 25 may change (issue 15 item 5: a un.org page gives it); its date and caveat travel with it.
    # data/funding.csv: the 25 is read on the undated un.org news item (united-nations-un-org-6, '25 Member States
    # that have contributed'), which we place in 2024 or later; the page says so rather than invent a day.
    assert view.donors_figure.caption == "As of 2024 or later, undated — United Nations (un.org)"
    assert view.donors_figure.note.startswith("25 Member States have contributed 'until now'")
