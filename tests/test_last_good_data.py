"""A broken data file is named in the app, and the app keeps serving the last good data."""

from __future__ import annotations

import os

from streamlit.testing.v1 import AppTest

from components.data.bundle import DATA_DIR_ENV
from components.ui.caches import current_data
from tests.tiny_data import write_data


def test_broken_file_keeps_the_last_good_data_and_names_the_problem(tmp_path, monkeypatch):
    folder = write_data(tmp_path / "data")
    monkeypatch.setenv(DATA_DIR_ENV, str(folder))
    good = current_data()
    assert good.error is None and len(good.bundle.allegations) == 3

    path = folder / "allegations.csv"
    path.write_text(path.read_text().replace(",80,", ",eighty,"), encoding="utf-8")
    os.utime(path, ns=(1, 1))  # a different mtime, as any edit gives
    broken = current_data()
    assert broken.bundle is good.bundle
    assert "allegations.csv, row 2, column 'value'" in broken.error.issues[0].message()


def test_app_shows_the_problem_instead_of_a_traceback(tmp_path, monkeypatch):
    folder = write_data(tmp_path / "data")
    (folder / "funding.csv").write_text("as_of,measure\n2018,cumulative_usd\n", encoding="utf-8")
    monkeypatch.setenv(DATA_DIR_ENV, str(folder))
    at = AppTest.from_file("../dashboard.py", default_timeout=60)
    at.run()
    assert not at.exception
    assert "The data files have" in at.error[0].value
    assert any("funding.csv" in t.value and "missing" in t.value for t in at.text)
