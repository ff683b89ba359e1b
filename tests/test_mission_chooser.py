"""The Mission map's chooser with many missions (issue 17): above CHOOSER_MAX_OPTIONS it lists only the missions a
search finds, and always the chosen one; at real sizes it lists every mission, as before."""

from __future__ import annotations

import pytest

from components.charts.maps import build_mission_map_view
from components.data.bundle import DATA_DIR_ENV
from components.figures.missions import CHOOSER_MAX_OPTIONS, ChooserOptions, chooser_options
from tests.pages_app import open_page
from tests.tiny_data import tiny_tables, write_data

# 250 missions SYN000..SYN249; SYN200 has a French name.
WORDS = {f"SYN{i:03d}": f"syn{i:03d} synthetic mission number {i}" for i in range(250)}


def test_an_empty_search_lists_the_first_missions_and_says_how_many_more():
    options = chooser_options(WORDS, "", None, limit=100)
    assert options == ChooserOptions(tuple(f"SYN{i:03d}" for i in range(100)), 150)


def test_a_link_to_a_mission_outside_the_first_hundred_keeps_it_listed():
    options = chooser_options(WORDS, "", "SYN200", limit=100)
    assert "SYN200" in options.missions and len(options.missions) == 101 and options.more == 150
    # It stays listed whatever the search finds.
    assert chooser_options(WORDS, "syn001", "SYN200").missions == ("SYN001", "SYN200")
    # A mission that is not shown is not added.
    assert chooser_options(WORDS, "syn001", "GONE").missions == ("SYN001",)


def test_a_search_narrows_to_the_matches_without_more():
    # Every word of the search, anywhere in the mission's words: "24" is in "syn124" too.
    assert chooser_options(WORDS, "number 24", None) == ChooserOptions(
        ("SYN024", "SYN124", "SYN224", *(f"SYN{i}" for i in range(240, 250))), 0
    )
    assert chooser_options(WORDS, "nothing like it", None) == ChooserOptions((), 0)


def test_the_search_finds_real_missions_by_acronym_and_by_english_or_french_name(bundle, defaults):
    words = build_mission_map_view(bundle, defaults).mission_words
    # missions.csv: MINUSCA, "United Nations Multidimensional Integrated Stabilization Mission in the Central
    # African Republic", French "... pour la stabilisation en République centrafricaine".
    assert chooser_options(words, "minusca", None).missions == ("MINUSCA",)
    assert chooser_options(words, "Central African", None).missions == ("BINUCA", "BONUCA", "MINURCAT", "MINUSCA")
    assert chooser_options(words, "stabilization central african", None).missions == ("MINUSCA",)
    # French names, case and accents dropped: MINURCAT is "... en République centrafricaine et au Tchad".
    assert chooser_options(words, "TCHAD", None).missions == ("MINURCAT",)
    assert chooser_options(words, "republique centrafricaine stabilisation", None).missions == ("MINUSCA",)


def _many_missions(count: int) -> dict:
    tables = tiny_tables()
    template = tables["missions"][1]
    tables["missions"] += [
        {**template, "acronym": f"SYN{i:03d}", "name": f"Synthetic mission {i:03d}"} for i in range(count)
    ]
    tables["missions"][-1].update(name="Synthetic mission far down the list")
    return tables


@pytest.fixture
def many_missions(tmp_path, monkeypatch):
    monkeypatch.setenv(DATA_DIR_ENV, str(write_data(tmp_path / "data", _many_missions(150))))


def test_with_many_missions_the_chooser_lists_the_first_hundred_and_a_search_box(many_missions):
    at = open_page("mission_map")
    chooser = at.selectbox(key="map_mission")
    # 152 missions shown: MINUSCA, MONUSCO and SYN000..SYN149, in order; the first hundred listed.
    assert len(chooser.options) == CHOOSER_MAX_OPTIONS
    assert chooser.options[:3] == ["MINUSCA", "MONUSCO", "SYN000"]
    assert at.text_input(key="map_mission_find").label == "Find a mission (name or acronym)"
    assert "52 more missions match: type more letters to find them." in [c.value for c in at.caption]

    at.text_input(key="map_mission_find").input("far down").run()
    assert at.selectbox(key="map_mission").options == ["SYN149"]
    at.selectbox(key="map_mission").select("SYN149").run()
    assert not at.exception
    assert at.selectbox(key="map_mission").value == "SYN149"
    assert "SYN149" in [s.value for s in at.subheader]
    # Another search keeps the chosen mission listed and chosen.
    at.text_input(key="map_mission_find").input("syn00").run()
    assert at.selectbox(key="map_mission").options == [f"SYN00{i}" for i in range(10)] + ["SYN149"]
    assert at.selectbox(key="map_mission").value == "SYN149"


def test_with_many_missions_a_link_to_one_far_down_the_list_selects_it(many_missions):
    at = open_page("mission_map", map_mission="SYN149")
    assert at.selectbox(key="map_mission").value == "SYN149"
    assert "SYN149" in [s.value for s in at.subheader]


def test_at_real_size_the_chooser_lists_every_mission_and_no_search_box():
    at = open_page("mission_map")
    assert len(at.selectbox(key="map_mission").options) == 48
    assert not at.text_input


def _table_missions(at) -> list[str]:
    return list(at.dataframe[0].value["Mission"])


def test_with_many_missions_the_table_lists_the_missions_the_chooser_lists(many_missions):
    """At 100x data the table held every one of 4,899 missions, decoded and laid out again in the browser on every
    filter change; it now lists the chooser's missions and says how many it leaves out."""
    at = open_page("mission_map")
    # The same missions, in the table's own order.
    assert sorted(_table_missions(at)) == sorted(at.selectbox(key="map_mission").options)
    assert len(_table_missions(at)) == CHOOSER_MAX_OPTIONS
    assert (
        "The table lists the same missions as the chooser; 52 other missions are left out: find them with “Find a "
        "mission”." in [c.value for c in at.caption]
    )
    at.text_input(key="map_mission_find").input("far down").run()
    assert _table_missions(at) == ["SYN149"]
    assert any("151 other missions are left out" in c.value for c in at.caption)


def test_at_real_size_the_table_lists_every_mission():
    at = open_page("mission_map")
    assert len(_table_missions(at)) == 48
    assert not any("left out" in c.value for c in at.caption)
