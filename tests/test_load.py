"""The load generator (bench/load.py) against a real `streamlit run`: what it must notice and report."""

from __future__ import annotations

from bench.load import ViewerSession, percentile, run_async, summarize
from tests.browser.conftest import run_server

FAILING_APP = "import streamlit as st\nst.title('Start')\nraise ValueError('the figures did not add up')\n"
TWO_FILTER_APP = (
    "import streamlit as st\n"
    "years = st.sidebar.slider('Years', 2005, 2024, (2005, 2024), key='years', bind='query-params')\n"
    "missions = st.sidebar.multiselect('Missions', ['MINUSCA', 'MONUSCO'], key='mission', bind='query-params')\n"
    'st.title(f\'{years[0]}-{years[1]} {",".join(missions) or "all"}\')\n'
)


def _run(coroutine):
    return run_async(coroutine)


def test_an_exception_the_app_sends_to_the_page_is_reported(tmp_path):
    with run_server(script=FAILING_APP, log_dir=tmp_path) as server:
        session = ViewerSession(server.url)

        async def visit():
            try:
                return await session.open()
            finally:
                await session.close()

        run = _run(visit())
    # .streamlit/config.toml (showErrorDetails = "none"): the page gets Streamlit's redacted message, never the
    # error's own text; the load run still counts it as one exception.
    [message] = run.exceptions
    assert "redacted" in message and "the figures did not add up" not in message
    assert run.elements["heading"] == 1


def test_a_filter_set_by_the_session_reaches_the_app_and_its_link(tmp_path, monkeypatch):
    with run_server(script=TWO_FILTER_APP, log_dir=tmp_path) as server:
        session = ViewerSession(server.url)
        headings: list[str] = []

        async def visit():
            try:
                first = await session.open()
                session.set_widget("years", (2010, 2020))
                session.set_widget("mission", ["MONUSCO"])
                second = await session.rerun()
                return first, second
            finally:
                await session.close()

        original = ViewerSession._delta

        def keep_headings(self, msg, run):
            if msg.delta.new_element.WhichOneof("type") == "heading":
                headings.append(msg.delta.new_element.heading.body)
            original(self, msg, run)

        monkeypatch.setattr(ViewerSession, "_delta", keep_headings)
        first, second = _run(visit())
    assert (first.errors, second.errors) == ([], [])
    assert headings == ["2005-2024 all", "2010-2020 MONUSCO"]
    assert session.query_string == "mission=MONUSCO&years=2010&years=2020"


def test_a_session_that_cannot_connect_is_an_error_not_a_crash():
    from bench.load import load

    report = load("http://127.0.0.1:9", 2, [], think=(0.0, 0.0), ramp=0.0)
    assert report["errors"] == 2
    assert report["steps"]["open Overview"]["runs"] == 0


def test_percentiles_are_nearest_rank():
    values = [float(v) for v in range(1, 21)]
    assert (percentile(values, 0.5), percentile(values, 0.95), percentile(values, 1.0)) == (10.0, 19.0, 20.0)
    assert percentile([], 0.95) == 0.0


def test_summary_counts_failed_steps_as_errors_not_as_times():
    from bench.load import StepResult

    results = [
        StepResult(0, "open Overview", 0.5, [], [], {}),
        StepResult(1, "open Overview", 9.0, ["GET /: HTTP 502"], [], {}),
        StepResult(2, "open Overview", 0.7, [], ["ValueError: x"], {}),
    ]
    step = summarize(results)["steps"]["open Overview"]
    assert (step["runs"], step["errors"], step["exceptions"], step["max"]) == (2, 1, 1, 0.7)
