"""Pure figure functions, one behaviour per test, on the tiny fictitious data folder."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from components.charts.cards import chart_card
from components.charts.maps import drawn_missions
from components.charts.theme import title_words
from components.data.bundle import load_bundle
from components.figures.allegations import (
    build_allegations_view,
    headline_takeaway,
    headline_year,
    mission_year_grid,
    preferred_allegations,
    rates_per_thousand,
    yearly_totals,
)
from components.figures.citations import source_columns
from components.figures.contributions import (
    as_of_label,
    build_contributions_view,
    funding_figures,
    incomplete_lists_note,
)
from components.figures.filters import FilterOptions, Filters, ignored_query_values
from components.figures.missions import mission_points
from components.figures.projects import build_projects_view, filter_projects, gantt_frame
from tests.tiny_data import tiny_tables, write_data


@pytest.fixture
def bundle(tmp_path):
    return load_bundle(write_data(tmp_path))


def test_yearly_totals_leave_unknown_years_out_rather_than_zero(bundle):
    totals = yearly_totals(preferred_allegations(bundle), Filters(years=(2018, 2021)))
    assert list(totals["year"]) == [2019, 2020]
    assert 0 not in list(totals["value"])


def test_headline_says_the_change_from_the_year_before(bundle):
    headline = headline_year(yearly_totals(preferred_allegations(bundle), Filters(years=(2015, 2024))))
    assert headline_takeaway(headline) == (
        "In 2020, 66 allegations were reported in peacekeeping and special political missions, 14 fewer than in 2019."
    )


def test_headline_does_not_invent_a_change_when_the_previous_year_is_unknown(bundle):
    headline = headline_year(yearly_totals(preferred_allegations(bundle), Filters(years=(2019, 2019))))
    assert "no total for 2018 is in the data" in headline_takeaway(headline)


def test_mission_grid_marks_unknown_mission_years_as_unknown_not_zero(bundle):
    grid = mission_year_grid(preferred_allegations(bundle), Filters(years=(2018, 2020)))
    assert list(grid["year"]) == [2018, 2019, 2020]
    assert grid["value"].isna().tolist() == [True, False, True]
    assert list(grid["display"]) == ["not known", "30", "not known"]


def test_mission_filter_keeps_only_that_mission(bundle):
    grid = mission_year_grid(preferred_allegations(bundle), Filters(years=(2018, 2020), missions=("MONUSCO",)))
    assert list(zip(grid["mission"], grid["display"], strict=True)) == [
        ("MONUSCO", "not known"),
        ("MONUSCO", "30"),
        ("MONUSCO", "not known"),
    ]
    # The tiny data has no MINUSCA count: an empty grid, which the MONUSCO case shows is not a filter dropping all.
    assert mission_year_grid(preferred_allegations(bundle), Filters(years=(2019, 2019), missions=("MINUSCA",))).empty


def test_rate_per_thousand_needs_both_figures(bundle):
    rates = rates_per_thousand(
        mission_year_grid(preferred_allegations(bundle), Filters(years=(2018, 2020))), bundle.personnel
    )
    assert list(rates["mission"]) == ["MONUSCO"]
    assert rates.iloc[0]["rate"] == pytest.approx(30 / 16000 * 1000)


def test_allegations_chart_has_title_description_and_tooltips(bundle):
    spec = chart_card(build_allegations_view(bundle, Filters(years=(2015, 2024))).totals).spec
    assert title_words(spec["title"]) == "Allegations reported per year"
    assert "gaps, not zeros" in spec["description"]
    assert "tooltip" in json.dumps(spec)


def test_funding_figure_keeps_its_qualifier(bundle):
    figures = funding_figures(bundle, Filters(years=(2015, 2024)))
    total = figures[figures["measure"] == "cumulative_usd"].iloc[0]
    assert total["display"] == "over $2.5M"


def test_contributions_view_says_not_known_when_a_figure_is_absent(bundle):
    view = build_contributions_view(bundle, Filters(years=(2015, 2024)))
    assert view.withheld == "not known"
    assert view.total == "over $2.5M" and view.total_when == "as of 31 Dec 2018"


def test_contribution_tables_name_each_rows_source_with_a_link_to_it(bundle):
    view = build_contributions_view(bundle, Filters(years=(2015, 2024)))
    assert view.roster[["Donor", "Source", "Link"]].values.tolist() == [
        ["India", "UN, 2020-02", "https://example.org/un-report"],
        ["Norway", "UN, 2020-02", "https://example.org/un-report"],
    ]
    assert view.contributions[["Source", "Link"]].values.tolist() == [
        ["Press, 2021-03-01", "https://example.org/press"]
    ]


def test_a_row_without_a_source_says_so_and_has_no_link(bundle):
    columns = source_columns(["press-2021", None, float("nan")], bundle.sources)
    assert columns == {"Source": ["Press, 2021-03-01", "—", "—"], "Link": ["https://example.org/press", None, None]}


def test_undated_figures_are_labelled_as_placed_by_us():
    assert as_of_label("2016-07/2017-09", "our_bracket") == "undated, between Jul 2016 and Sep 2017"
    assert as_of_label("2018-12-31", "stated") == "31 Dec 2018"


def test_a_partly_read_donor_list_is_named_with_its_count_from_the_same_date(tmp_path):
    tables = tiny_tables()
    bundle = load_bundle(write_data(tmp_path, tables))
    assert incomplete_lists_note(bundle.donor_roster, bundle.funding) == ""
    tables["donor_roster"][0]["list_complete"] = "false"
    bundle = load_bundle(write_data(tmp_path / "partial", tables))
    assert incomplete_lists_note(bundle.donor_roster, bundle.funding) == (
        "The 31 Dec 2018 list was only partly readable (1 of 21 names)."
    )
    assert build_contributions_view(bundle, Filters(years=(2015, 2024))).roster_note.endswith("(1 of 21 names).")


def test_unconfirmed_projects_are_hidden_by_default(tmp_path):
    tables = tiny_tables()
    second = dict(tables["projects"][0], id="CAF-TEST", trust_fund_link="not_explicit", mission="MINUSCA")
    tables["projects"].append(second)
    bundle = load_bundle(write_data(tmp_path, tables))
    assert list(filter_projects(bundle.projects, Filters(years=(2015, 2024)))["id"]) == ["DRC-TEST-2018"]
    shown = filter_projects(bundle.projects, Filters(years=(2015, 2024), include_unconfirmed=True))
    assert list(shown["id"]) == ["DRC-TEST-2018", "CAF-TEST"]


def test_project_with_unknown_start_stays_in_any_year_range(tmp_path):
    tables = tiny_tables()
    tables["projects"][0]["start_date"] = None
    bundle = load_bundle(write_data(tmp_path, tables))
    assert len(filter_projects(bundle.projects, Filters(years=(2023, 2024)))) == 1
    assert gantt_frame(bundle.projects).empty


def test_known_budgets_are_labelled_as_a_partial_sum(bundle):
    view = build_projects_view(bundle, Filters(years=(2015, 2024)))
    assert view.known_budget == "$175,000 across 1 of 1 project with a public budget"


def test_mission_without_sourced_count_is_not_sized_as_zero(bundle):
    points = drawn_missions(mission_points(bundle, Filters(years=(2015, 2024)))).set_index("acronym")
    assert pd.isna(points.loc["MINUSCA", "latest_count"])
    assert points.loc["MINUSCA", "radius_px"] > 0
    assert points.loc["MINUSCA", "allegations_text"] == "no sourced count in these years"
    assert points.loc["MONUSCO", "allegations_text"] == "30 in 2019"


def test_invalid_url_values_are_reported():
    options = FilterOptions((2007, 2024), ("MONUSCO",), ("COD",), {"COD": "Congo"}, ("military",), (), ())
    ignored = ignored_query_values(
        {"mission": ["MONUSCO", "XYZ"], "years": ["1990", "2010"], "country": ["Congo"]}, options
    )
    assert ignored == ["mission=XYZ", "years=1990"]


def test_overview_projects_sentence_agrees_in_number():
    from components.figures.overview import projects_takeaway

    assert projects_takeaway(1, 1, "$175,000") == "1 project in 1 country matches the filters; known budgets: $175,000."
    many = projects_takeaway(9, 5, "not known")
    assert many == "9 projects in 5 countries match the filters; known budgets: not known."


def test_year_span_reads_as_one_year_or_a_range_and_names_files_with_a_hyphen():
    assert Filters(years=(2020, 2020)).span_words == "2020"
    assert Filters(years=(2016, 2024)).span_words == "2016–2024"
    assert Filters(years=(2016, 2024)).span_slug == "2016-2024"


def test_filters_caption_ends_its_sentence_and_shows_names_as_text():
    from components.figures.filters import filters_caption

    assert filters_caption([]) == "No filter set."
    assert filters_caption(["Years 2016–2020"]) == "Filters: Years 2016–2020."
    assert "\\*\\*" in filters_caption(["Mission: **X**"])


def _temporal_axes(spec: dict) -> list[dict]:
    """The x axes of every layer of a chart spec that are on a time scale."""
    layers = spec.get("layer", [spec])
    found = []
    for layer in layers:
        found += _temporal_axes(layer) if "layer" in layer else []
        x = layer.get("encoding", {}).get("x", {})
        if isinstance(x, dict) and x.get("type") == "temporal" and "axis" in x:
            found.append(x["axis"])
    return found


def test_every_time_axis_names_its_years(bundle):
    """Vega's default names ticks between Januaries by their month only: a chart of years showed none."""
    filters = Filters(years=(2015, 2024))
    money = build_contributions_view(bundle, filters)
    cards = [money.totals, money.donor_counts, build_projects_view(bundle, filters).timeline]
    for card in cards:
        axes = _temporal_axes(chart_card(card).spec)
        assert axes and all(axis["format"] == "%Y" for axis in axes), card.key


def test_figures_every_view_derives_alike_are_made_once_per_data_and_never_carried_to_other_data(bundle):
    from dataclasses import replace

    made = []

    def allegation_count(data):
        made.append(data)
        return len(data.allegations)

    assert bundle.derived(allegation_count) == bundle.derived(allegation_count) == 3
    assert len(made) == 1
    fewer = replace(bundle, allegations=bundle.allegations.head(1))
    assert fewer.derived(allegation_count) == 1, "a bundle with other frames derives its own"


def test_contributions_view_with_no_funding_figure_says_not_known_in_every_part(bundle):
    from dataclasses import replace

    view = build_contributions_view(replace(bundle, funding=bundle.funding.iloc[0:0]), Filters(years=(2015, 2024)))
    assert (view.total, view.donors, view.withheld) == ("not known", "not known", "not known")
    assert view.totals is None and view.donor_counts is None
    assert view.other_money.empty
    assert list(view.roster["Donor"]) == ["India", "Norway"]


def _grid_of(values: list[float | None]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "mission": [f"M{i}" for i in range(len(values))],
            "year": [2016] * len(values),
            "value": values,
            "display": ["not known" if v is None else str(int(v)) for v in values],
            "qualifier": [None if v is None else "exact" for v in values],
        }
    )


def test_heatmap_labels_are_black_on_pale_cells_and_white_on_dark_ones():
    from components.charts.allegations import with_label_colours

    # 16 to 22 were white on pale blue; on a 16–103 range they are the palest cells.
    grid = with_label_colours(_grid_of([16.0, 22.0, 60.0, 103.0, None]))
    assert grid["label_colour"].tolist()[:2] == ["black", "black"]
    assert grid["label_colour"].iloc[3] == "white"


def test_label_colour_follows_the_cell_lightness_not_a_fixed_count():
    from components.charts.theme import text_colour_on

    assert text_colour_on("#DEEBF7") == "black"
    assert text_colour_on("#08306B") == "white"
    assert text_colour_on("#FFFFFF") == "black"
