"""ISO3 codes, read in one place (components/data/countries.py)."""

import math

from components.data.countries import basemap_codes, cell_codes, country_names
from tests.tiny_data import BASEMAP


def test_a_cell_listing_several_host_countries_gives_each_code():
    assert cell_codes("COD;RWA") == ["COD", "RWA"]
    assert cell_codes("CAF") == ["CAF"]


def test_an_empty_or_missing_cell_gives_no_code_rather_than_nan():
    assert cell_codes("") == []
    assert cell_codes(None) == []
    assert cell_codes(math.nan) == []


def test_basemap_codes_are_the_countries_that_carry_a_code():
    named = country_names(BASEMAP)
    assert basemap_codes(BASEMAP) == set(named)
    assert named, "the tiny basemap has countries"
    coded = [f["properties"]["iso3"] for f in BASEMAP["features"] if f.get("properties", {}).get("iso3")]
    assert sorted(basemap_codes(BASEMAP)) == sorted(coded)
