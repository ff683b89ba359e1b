"""Fixtures of the shipped data for every test that does not build its own (tiny_data) folder."""

from __future__ import annotations

import pytest

from components.data.bundle import DataBundle, load_bundle
from components.figures.filters import Filters


@pytest.fixture(scope="module")
def bundle() -> DataBundle:
    """The shipped data."""
    return load_bundle()


@pytest.fixture(scope="module")
def defaults(bundle: DataBundle) -> Filters:
    """The filters a first visit has."""
    from components.figures.filters import filter_options

    return filter_options(bundle).defaults()
