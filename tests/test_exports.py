import pandas as pd

from components.exports import csv_bytes


def test_formulas_in_text_cells_are_kept_as_text_in_csv():
    frame = pd.DataFrame({"donor": ['=HYPERLINK("http://x")', "Norway", "@SUM(A1)"], "amount": [-5, 10, 0]})
    lines = csv_bytes(frame).decode().splitlines()
    assert lines[1].startswith("\"'=HYPERLINK")
    assert lines[2] == "Norway,10"
    assert lines[3].startswith("'@SUM")
    assert lines[1].endswith(",-5")
