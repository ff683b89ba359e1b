import pandas as pd

from components.data.downloads import csv_bytes
from components.figures.catalogue import shown_rows


def test_formulas_in_text_cells_are_kept_as_text_in_csv():
    frame = pd.DataFrame({"donor": ['=HYPERLINK("http://x")', "Norway", "@SUM(A1)"], "amount": [-5, 10, 0]})
    lines = csv_bytes(frame).decode().splitlines()
    assert lines[1].startswith("\"'=HYPERLINK")
    assert lines[2] == "Norway,10"
    assert lines[3].startswith("'@SUM")
    assert lines[1].endswith(",-5")


def test_a_long_table_shows_its_first_rows_and_says_the_download_has_all():
    frame = pd.DataFrame({"n": range(2_500)})
    shown, note = shown_rows(frame)
    assert list(shown["n"]) == list(range(2_000))
    assert note == "Showing the first 2,000 of 2,500 rows; the CSV download has them all."
    short, no_note = shown_rows(frame.head(10))
    assert len(short) == 10 and no_note == ""
