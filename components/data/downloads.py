"""CSV files users take away, safe to open in a spreadsheet. The briefing's pictures, slides and workbooks are
components/briefing/exports.py's."""

from __future__ import annotations

import pandas as pd

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells cannot run as spreadsheet formulas (=HYPERLINK(...) stays text)."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(
                lambda v: "'" + v if isinstance(v, str) and v.startswith(_FORMULA_STARTS) else v
            )
    return safe


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV that is safe to open in a spreadsheet: cells that start a formula are kept as text."""
    return spreadsheet_safe(frame).to_csv(index=False).encode("utf-8")
