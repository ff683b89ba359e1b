"""The Overview's "What the Fund reports it has reached": the Fund's own figures, as written in their sources."""

from __future__ import annotations

from tests.pages_app import open_page, shown_tables


def _reach_table(at):
    tables = [table for table in shown_tables(at) if "Reported" in table.columns]
    assert len(tables) == 1
    return tables[0]


def test_overview_shows_what_the_fund_reports_it_has_reached_with_dates_and_sources():
    at = open_page()
    assert "**What the Fund reports it has reached**" in [m.value for m in at.markdown]
    table = _reach_table(at).set_index("Figure")
    assert table.loc["Projects financed", ["Reported", "When"]].tolist() == ["17", "as of Jul 2023"]
    assert table.loc["Victims and community members reached", ["Reported", "When"]].tolist() == [
        "over 43,000",
        "as of Jul 2023",
    ]
    assert table.loc["Women, children and men supported", "Reported"] == "about 3,340"
    assert table.loc["Victims and community members reached in the year", ["Reported", "When"]].tolist() == [
        "over 400",
        "in 2021",
    ]
    assert table.loc["Programme support cost", "Reported"] == "13%"
    assert table.loc["Projects financed", "Link"].startswith("https://www.globalgovernancenews.com/")
    assert any(e.label == "Sources of what the Fund reports (6)" for e in at.expander)


def test_with_years_2016_to_2020_only_the_2019_figure_is_shown():
    at = open_page(years=["2016", "2020"])
    table = _reach_table(at)
    assert table["Figure"].tolist() == ["Women, children and men supported"]
    assert table["Reported"].tolist() == ["about 3,340"]
