"""The benchmark's floor app draws what each dashboard page draws, with trivial content, and refuses to guess."""

from types import SimpleNamespace

import pytest
from streamlit.testing.v1 import AppTest

from bench.floor import UnknownElement, _block, floor_app, page_outlines
from bench.run import ROOT
from components.data.bundle import SHIPPED_DATA_DIR
from components.ui.navigation import PUBLIC_PAGES

KINDS = ("vega_lite_chart", "dataframe", "metric", "expander", "tabs")


def counts(app: AppTest) -> dict[str, int]:
    return {kind: len(app.get(kind)) for kind in KINDS}


@pytest.fixture(scope="module")
def outlines() -> dict[str, list[str]]:
    return page_outlines(SHIPPED_DATA_DIR)


def test_each_page_outline_has_the_page_charts_tables_and_cards(outlines):
    for path, title in PUBLIC_PAGES:
        page = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
        page.run()
        page.switch_page(path)
        page.run()
        code = "\n".join(outlines[title])
        assert code.count("st.vega_lite_chart(") == len(page.get("vega_lite_chart")), title
        assert code.count("st.dataframe(") == len(page.get("dataframe")), title
        assert code.count("st.metric(") == len(page.get("metric")), title


def test_the_floor_app_runs_and_draws_the_first_page_like_the_dashboard():
    dashboard = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    dashboard.run()
    floor = AppTest.from_string(floor_app(SHIPPED_DATA_DIR), default_timeout=60)
    floor.run()
    assert not floor.exception
    assert floor.title[0].value == dashboard.title[0].value
    assert counts(floor) == counts(dashboard)
    assert floor.sidebar.slider[0].label == "Years"


def test_an_element_kind_without_a_stand_in_stops_the_floor():
    with pytest.raises(UnknownElement, match="'plotly_chart'"):
        _block([SimpleNamespace(type="plotly_chart", children={})], 1, [0])


def test_the_mission_maps_search_box_has_a_stand_in_that_draws_a_text_input():
    # The Mission map draws a search box above its chooser only with more than CHOOSER_MAX_OPTIONS missions (100x).
    lines = _block([SimpleNamespace(type="text_input", children={})], 0, [0])
    floor = AppTest.from_string("import streamlit as st\n" + "\n".join(lines), default_timeout=60)
    floor.run()
    assert not floor.exception
    assert len(floor.text_input) == 1
