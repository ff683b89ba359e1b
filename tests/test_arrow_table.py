"""Tables from cached views go to st.dataframe as Arrow, converted once per frame."""

from __future__ import annotations

import gc

import pandas as pd

from components.ui import caches as views
from components.ui.caches import arrow_table


def test_a_frame_is_converted_once_with_its_rows_and_without_its_index():
    frame = pd.DataFrame({"Mission": ["MONUSCO", "MINUSCA"], "Allegations": [30, None]}, index=[7, 9])
    table = arrow_table(frame)
    assert arrow_table(frame) is table
    assert table.column_names == ["Mission", "Allegations"]
    assert table.to_pylist() == [
        {"Mission": "MONUSCO", "Allegations": 30.0},
        {"Mission": "MINUSCA", "Allegations": None},
    ]


def test_a_converted_frame_is_forgotten_with_the_frame():
    frame = pd.DataFrame({"a": [1]})
    key = id(frame)
    arrow_table(frame)
    assert key in views._arrow_tables
    del frame
    gc.collect()
    assert key not in views._arrow_tables
