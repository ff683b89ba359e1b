"""Synthetic benchmark data: valid, larger by the scale asked for, and never passing for real."""

from bench.synthetic import write_synthetic_data
from components.data.bundle import SHIPPED_DATA_DIR, load_bundle


def test_synthetic_data_validates_and_is_marked_synthetic(tmp_path):
    real = load_bundle(SHIPPED_DATA_DIR)
    bundle = load_bundle(write_synthetic_data(SHIPPED_DATA_DIR, tmp_path / "x3", scale=3))
    assert len(bundle.missions) == 3 * len(real.missions)
    assert len(bundle.projects) == 3 * len(real.projects)
    assert len(bundle.allegations) >= 2 * len(real.allegations)
    new_sources = bundle.sources[~bundle.sources["id"].isin(real.sources["id"])]
    assert len(new_sources) > 0
    assert new_sources["title"].str.startswith("SYNTHETIC").all()
    assert new_sources["url"].str.startswith("https://example.invalid/").all()


def test_synthetic_data_is_never_written_into_the_real_folder():
    import pytest

    with pytest.raises(ValueError):
        write_synthetic_data(SHIPPED_DATA_DIR, SHIPPED_DATA_DIR, scale=2)
