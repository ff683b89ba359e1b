"""The Streamlit boundary: only components/ui/, pages/ and dashboard.py import Streamlit."""

import subprocess
import sys

import pandas as pd
from streamlit import dataframe_util

from components.charts.theme import arrow_bytes, streamlit_ready


def test_a_spec_made_ready_without_streamlit_carries_the_bytes_streamlit_would_send():
    frame = pd.DataFrame({"year": [2019, 2020], "count": [3, None], "mission": ["MONUSCO", "MINUSCA"]})
    assert arrow_bytes(frame) == dataframe_util.convert_anything_to_arrow_bytes(frame)
    spec = {"datasets": {"rows": frame.to_dict("records")}}
    assert streamlit_ready(spec)["datasets"]["rows"] == dataframe_util.convert_anything_to_arrow_bytes(frame)


def test_importing_every_builder_does_not_load_streamlit():
    code = (
        "import sys\n"
        "import components.briefing.exports, components.editing.publish, components.figures.catalogue\n"
        "import components.data.validate, components.editing.accounts\n"
        "print('streamlit' in sys.modules)"
    )
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert shown.strip() == "False"
