"""Benchmark: each page's rerun, cold start and navigation as ratios to an empty Streamlit page.

    python -m bench.run            full run: reruns at 1x, 10x, 100x data; browser timings at 1x, 100x
    python -m bench.run --smoke    short run for CI: it must finish and write its table

Ratios are taken against an empty page timed in the same process and run, so they compare across
machines. Results: a printed table and bench/results/latest.json.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from components.ui.caches import clear_loaded_data
from components.ui.navigation import PAGE_MENU_LINKS, PUBLIC_PAGES

if TYPE_CHECKING:
    from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
EMPTY_APP = 'import streamlit as st\nst.write("empty")\n'
# Its page menu is drawn as the dashboard's is (components.ui.navigation.sidebar_page_menu: Streamlit's own is off).
EMPTY_NAV_APP = (
    "import streamlit as st\n"
    "from components.ui.navigation import sidebar_page_menu\n"
    "def a():\n    st.title('A')\n"
    "def b():\n    st.title('B')\n"
    "pages = [st.Page(a, title='A', default=True), st.Page(b, title='B')]\n"
    "navigation = st.navigation(pages, position='hidden')\n"
    "sidebar_page_menu(pages)\n"
    "navigation.run()\n"
)
# The floor for a filter change: a page with a years slider like the dashboard's that shows what was chosen, so
# every change reruns and redraws something (with nothing to redraw, a fast rerun can leave the page untouched).
EMPTY_FILTER_APP = (
    "import streamlit as st\n"
    "years = st.sidebar.slider('Years', 2005, 2024, (2005, 2024))\n"
    "st.title('A')\n"
    "st.write(f'{years[0]}-{years[1]}')\n"
)
YEARS_END_THUMB = '[data-testid="stSidebar"] [data-testid="stSlider"] >> nth=0 >> input[type="range"] >> nth=-1'


def declared_pages() -> list[tuple[str, str]]:
    """(file, title) of the pages every viewer sees."""
    return list(PUBLIC_PAGES)


def page_files() -> list[str]:
    return [path for path, _title in declared_pages()]


def _median_rerun(at, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


# Year ranges no page has been shown with yet, one per rerun: each such rerun builds the page's view, as the
# first choice of a new range in front of a room does. The two ranges of the "filter changed" column are left out.
FRESH_RANGES = [
    [str(low), str(high)]
    for low in range(2005, 2025)
    for high in range(low + 1, 2025)
    if (low, high) not in {(2010, 2020), (2012, 2022)}
]
FRESH_RUNS = 9


def rerun_times(data_dir: Path, runs: int) -> dict[str, dict[str, float]]:
    """Median seconds per page of a rerun with the default filters, and of a run with the year filter changed:
    between two ranges (views cached after one pass each) and to ranges never shown (the view built).

    A filter change is timed as the first run of a session opened with the range in its link: AppTest (Streamlit
    1.67) cannot move a widget bound to the URL after a session's first run (neither `set_value` nor a new URL
    reaches it), which left every earlier "filter changed" timing with the default filters. The empty page is
    timed the same way, so both columns compare like with like."""
    import streamlit as st
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import AppTest, app_test, local_script_runner

    from components.figures.filters import YEARS_KEY

    # The server compiles each script once and keeps the bytecode for the life of the process; AppTest
    # makes a new cache on every run, so without this every rerun would also time compiling the page and
    # the entry script (about half of a page's rerun here), which no user ever waits for.
    shared_script_cache = ScriptCache()
    app_test.ScriptCache = local_script_runner.ScriptCache = lambda: shared_script_cache
    os.environ["TFSEA_DATA_DIR"] = str(data_dir)
    clear_loaded_data()  # the loaded data and every view made from it
    st.cache_data.clear()
    empty_script = Path(tempfile.mkdtemp()) / "empty.py"
    empty_script.write_text(EMPTY_APP)

    def first_run(script: Path, page: str | None = None, years: list[str] | None = None) -> float:
        at = AppTest.from_file(str(script), default_timeout=600)
        if years:
            at.query_params[YEARS_KEY] = years
        if page and not page.endswith("overview.py"):
            at.switch_page(page)
        start = time.perf_counter()
        at.run()
        elapsed = time.perf_counter() - start
        if at.exception:
            raise RuntimeError(f"{page}: {at.exception[0].value}")
        if years and at.session_state[YEARS_KEY] != tuple(map(int, years)):
            raise RuntimeError(f"{page}: the years in the link did not reach the filter")
        return elapsed

    empty = AppTest.from_file(str(empty_script), default_timeout=600)
    empty.run()
    _median_rerun(empty, runs)  # warm-up
    for _ in range(3):
        first_run(empty_script)
    results: dict[str, dict[str, float]] = {}
    baselines, session_baselines = [], []
    unseen = random.Random(0).sample(FRESH_RANGES, len(FRESH_RANGES))
    pairs = (["2010", "2020"], ["2012", "2022"])
    for page in page_files():
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=600)
        at.run()
        if not page.endswith("overview.py"):
            at.switch_page(page)
        at.run()  # warm-up: caches filled for the default filters
        # The empty page is timed next to each page, so a slower or busier stretch of the run moves both.
        baseline = _median_rerun(empty, runs)
        baselines.append(baseline)
        default = _median_rerun(at, runs)
        session_baseline = statistics.median(first_run(empty_script) for _ in range(runs))
        session_baselines.append(session_baseline)
        for years in pairs:  # warm-up: both ranges' views built
            first_run(ROOT / "dashboard.py", page, years)
        changed = statistics.median(first_run(ROOT / "dashboard.py", page, pairs[i % 2]) for i in range(runs))
        new_filters = statistics.median(
            first_run(ROOT / "dashboard.py", page, unseen.pop()) for _ in range(min(runs, FRESH_RUNS))
        )
        results[page] = {
            "default": default,
            "filter changed": changed,
            "new filters": new_filters,
            "empty page": baseline,
            "empty page, new session": session_baseline,
        }
    results["empty page"] = {
        "default": statistics.median(baselines),
        "new session": statistics.median(session_baselines),
    }
    return results


def _peak_rss_mb(pid: int) -> float:
    total = 0.0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            total = int(line.split()[1]) / 1024
    return total


NAVIGATION_TIMEOUT_MS = 120_000
NEW_HEADING_JS = """previous => {
    const heading = document.querySelector('[data-testid="stMain"] h1');
    return heading !== null && heading.innerText !== previous;
}"""
# Streamlit's own "settled" (script done, nothing stale) comes before Vega has drawn, and a page's charts can
# arrive after its heading: a page counts as drawn once as many charts (the maps are charts too) as its script
# makes (counted in AppTest) have their SVG or canvas, and then three frames in a row came less than 50 ms apart,
# so nothing is still drawing.
DRAWN_JS = """charts => document.querySelectorAll(
    '.vega-embed > svg, .vega-embed > canvas, [data-testid="stDeckGlJsonChart"] canvas'
).length >= charts"""
QUIET_JS = """() => new Promise(resolve => {
    let last = performance.now(), calm = 0;
    const frame = now => {
        calm = now - last < 50 ? calm + 1 : 0;
        last = now;
        if (calm >= 3) resolve(); else requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
})"""


# The in-page clock: when the click or key press lands, when the page last changed, and when the server last
# sent something. Playwright spends about 90 ms on its checks before it clicks, and notices the page has stopped
# changing only some frames later; both apps pay that alike, and timed only from outside it made every page look
# about twice as close to the empty app as it is. Changes inside a canvas are its fallback content, never drawn:
# the data grid's table for screen readers, which the grid updates about 200 ms after it has redrawn.
PAGE_CLOCK_JS = """() => {
    window.__benchInput = null;
    window.__benchLastChange = null;
    window.__benchMessages = 0;
    window.__benchLastMessage = 0;
    for (const kind of ['click', 'keydown']) {
        document.addEventListener(kind, () => { window.__benchInput = performance.now(); }, true);
    }
    new MutationObserver(changes => {
        for (const change of changes) {
            const node = change.target.nodeType === 1 ? change.target : change.target.parentElement;
            if (!node || !node.closest('canvas')) window.__benchLastChange = performance.now();
        }
    }).observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
    const Socket = window.WebSocket;
    window.WebSocket = class extends Socket {
        constructor(...args) {
            super(...args);
            this.addEventListener('message', () => {
                window.__benchMessages += 1;
                window.__benchLastMessage = performance.now();
            });
        }
    };
}"""
# A rerun has been answered once the server has sent something since, then nothing for 100 ms (it sends a run's
# messages in one burst). A fast run can start and finish within one frame, so the page's running state may never
# show.
RUN_ANSWERED_JS = "n => window.__benchMessages > n && performance.now() - window.__benchLastMessage > 100"
SINCE_INPUT_JS = "(window.__benchLastChange - window.__benchInput) / 1000"


def wait_drawn(page, charts: int = 0) -> None:
    from tests.browser.conftest import wait_settled

    wait_settled(page, 600_000)
    page.wait_for_function(DRAWN_JS, arg=charts, timeout=NAVIGATION_TIMEOUT_MS)
    page.evaluate(QUIET_JS)


def pages_with_default_filters(data_dir: Path) -> Iterator[tuple[str, AppTest]]:
    """(title, AppTest run of that page with the default filters) for each page, on the data in `data_dir`."""
    from streamlit.testing.v1 import AppTest

    os.environ["TFSEA_DATA_DIR"] = str(data_dir)
    clear_loaded_data()
    for path, title in declared_pages():
        app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=600)
        app.run()
        app.switch_page(path)
        app.run()
        yield title, app


def charts_per_page(data_dir: Path) -> dict[str, int]:
    """How many charts (maps included) each page draws with the default filters, by title, as AppTest sees the
    script make them."""
    return {
        title: len(app.get("vega_lite_chart")) + len(app.get("deck_gl_json_chart"))
        for title, app in pages_with_default_filters(data_dir)
    }


def _open_sidebar(page) -> None:
    """The Briefing page starts with the sidebar closed; a user opens it to leave or to change a filter."""
    if page.get_by_test_id("stExpandSidebarButton").is_visible():
        page.get_by_test_id("stExpandSidebarButton").click()


def _navigate(page, title: str, charts: int) -> tuple[float, float]:
    """Seconds from a click on `title` in the page list to that page drawn: as the page's own clock has it (the
    click event to the last change of the page), and as the harness sees it (from asking Playwright to click to
    noticing the page drawn and still)."""
    link = page.locator(PAGE_MENU_LINKS).filter(has_text=title)
    heading = page.locator('[data-testid="stMain"] h1').first.inner_text()
    _open_sidebar(page)
    link.first.wait_for(state="visible")
    # Whatever the last page still draws is not counted against the next one.
    page.evaluate(QUIET_JS)
    started = time.perf_counter()
    link.first.click()
    # Until the new page's heading is drawn the old page still looks settled.
    page.wait_for_function(NEW_HEADING_JS, arg=heading, timeout=NAVIGATION_TIMEOUT_MS)
    wait_drawn(page, charts)
    harness = time.perf_counter() - started
    return page.evaluate(SINCE_INPUT_JS), harness


def _change_years(page, key: str, charts: int) -> float:
    """Seconds from a key press on the years filter's end thumb (one year less or more) to the page drawn again,
    by the page's clock."""
    _open_sidebar(page)
    page.locator(YEARS_END_THUMB).focus()
    page.evaluate(QUIET_JS)
    messages = page.evaluate("window.__benchMessages")
    page.keyboard.press(key)
    page.wait_for_function(RUN_ANSWERED_JS, arg=messages, timeout=NAVIGATION_TIMEOUT_MS)
    wait_drawn(page, charts)
    return page.evaluate(SINCE_INPUT_JS)


BRIEFING_TITLE = dict(PUBLIC_PAGES)["pages/briefing.py"]


def _step_briefing(page, key: str, charts: int) -> float:
    """Seconds from an arrow key on the Briefing (the next or previous screen) to the page drawn again, by the
    page's clock."""
    # Off any focused widget, which would keep the arrow key to itself.
    page.locator('[data-testid="stMain"] h1').first.click()
    page.evaluate(QUIET_JS)
    messages = page.evaluate("window.__benchMessages")
    page.keyboard.press(key)
    page.wait_for_function(RUN_ANSWERED_JS, arg=messages, timeout=NAVIGATION_TIMEOUT_MS)
    wait_drawn(page, charts)
    return page.evaluate(SINCE_INPUT_JS)


def browser_times(data_dir: Path, rounds: int) -> dict[str, object]:
    """Cold start to first page drawn, navigation and a years-filter change to drawn per page, server peak RSS.
    The empty apps, the floor app (bench/floor.py) and the dashboard run side by side, and each action in the
    dashboard comes right after the same action in an empty app and right before it in the floor app, so a slower
    stretch of the run moves all of them: run to run, the empty app alone moved by 150-199 ms."""
    from playwright.sync_api import sync_playwright

    from bench.floor import floor_app
    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, run_server

    charts = charts_per_page(data_dir)
    titles = [title for _path, title in declared_pages()]
    with sync_playwright() as playwright, contextlib.ExitStack() as stack:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        stack.callback(browser.close)
        apps = {}
        for label, script, first_charts in (
            ("empty app", EMPTY_NAV_APP, 0),
            ("empty app with a slider", EMPTY_FILTER_APP, 0),
            ("floor", floor_app(data_dir), charts[titles[0]]),
            ("dashboard", None, charts[titles[0]]),
        ):
            start = time.perf_counter()
            server = stack.enter_context(run_server(data_dir=data_dir, script=script))
            page = browser.new_context(viewport={"width": 1600, "height": 1000}).new_page()
            page.add_init_script(script=f"({PAGE_CLOCK_JS})()")
            page.goto(server.url)
            page.wait_for_selector('[data-testid="stMain"] h1', timeout=600_000)
            wait_drawn(page, first_charts)
            apps[label] = (server, page, time.perf_counter() - start)
        empty_page, slider_page, floor_page, page = (
            apps[label][1] for label in ("empty app", "empty app with a slider", "floor", "dashboard")
        )
        # (in page, harness) seconds of every click, by page title.
        navigation: dict[str, dict[str, list[tuple[float, float]]]] = {label: {} for label in apps}
        # In-page seconds of every years-filter change, by page title.
        filter_change: dict[str, dict[str, list[float]]] = {label: {} for label in apps}
        # The first page is open already: start from the second, so every click changes page.
        for _ in range(rounds):
            for title in titles[1:] + titles[:1]:
                other = "B" if empty_page.locator('[data-testid="stMain"] h1').first.inner_text() == "A" else "A"
                navigation["empty app"].setdefault(other, []).append(_navigate(empty_page, other, 0))
                navigation["dashboard"].setdefault(title, []).append(_navigate(page, title, charts.get(title, 0)))
                navigation["floor"].setdefault(title, []).append(_navigate(floor_page, title, charts.get(title, 0)))
                # One year less, then back: each reruns the page with new figures.
                for key in ("ArrowLeft", "ArrowRight"):
                    filter_change["empty app with a slider"].setdefault("A", []).append(
                        _change_years(slider_page, key, 0)
                    )
                    filter_change["dashboard"].setdefault(title, []).append(
                        _change_years(page, key, charts.get(title, 0))
                    )
                    filter_change["floor"].setdefault(title, []).append(
                        _change_years(floor_page, key, charts.get(title, 0))
                    )
        # The presenter's arrow keys on the Briefing, screen 1 to 2 and back, against the floor's same buttons.
        briefing_step: dict[str, list[float]] = {"dashboard": [], "floor": []}
        briefing_charts = charts.get(BRIEFING_TITLE, 0)
        for app_page in (page, floor_page):
            _navigate(app_page, BRIEFING_TITLE, briefing_charts)
        for _ in range(rounds):
            for key in ("ArrowRight", "ArrowLeft"):
                for label, app_page in (("dashboard", page), ("floor", floor_page)):
                    briefing_step[label].append(_step_briefing(app_page, key, briefing_charts))
        return {
            label: {
                "cold start": cold,
                "briefing step": statistics.median(briefing_step[label]) if briefing_step.get(label) else None,
                "navigation": {k: statistics.median(t[0] for t in v) for k, v in navigation[label].items()},
                "navigation (harness)": {k: statistics.median(t[1] for t in v) for k, v in navigation[label].items()},
                "filter change": {k: statistics.median(v) for k, v in filter_change[label].items()},
                "peak RSS MB": _peak_rss_mb(server.process.pid),
            }
            for label, (server, _page, cold) in apps.items()
        }


def machine() -> dict[str, str]:
    import streamlit

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())  # fmt: skip
    memory = next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if "MemTotal" in line)
    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "memory GiB": f"{int(memory) / 1024 / 1024:.0f}",
        "python": platform.python_version(),
        "streamlit": streamlit.__version__,
        "date": time.strftime("%Y-%m-%d"),
    }


def table(results: dict) -> str:
    lines = [
        "| data | page | rerun (default) | years changed (views cached) | years never shown (view built) |",
        "| --- | --- | --- | --- | --- |",
    ]
    for scale, pages in results["rerun"].items():
        empty = pages["empty page"]
        for page, times in pages.items():
            if page == "empty page":
                continue
            cells = [
                f"{times[kind] / times[base]:.1f}× ({times[kind] * 1000:.0f} ms)"
                for kind, base in (
                    ("default", "empty page"),
                    ("filter changed", "empty page, new session"),
                    ("new filters", "empty page, new session"),
                )
            ]
            lines.append(f"| {scale} | {page} | {' | '.join(cells)} |")
        session = f"1.0× ({empty['new session'] * 1000:.0f} ms)"
        lines.append(f"| {scale} | empty page | 1.0× ({empty['default'] * 1000:.0f} ms) | {session} | {session} |")
    for scale, runs in results.get("browser", {}).items():
        empty, app = runs["empty app"], runs["dashboard"]
        nav_empty = statistics.median(empty["navigation"].values())
        harness_empty = statistics.median(empty["navigation (harness)"].values())
        lines.append("")
        ratio = app["cold start"] / empty["cold start"]
        lines.append(f"**{scale}**: cold start {app['cold start']:.1f} s = {ratio:.1f}× "
                     f"the empty app ({empty['cold start']:.1f} s); server peak RSS {app['peak RSS MB']:.0f} MB "
                     f"(empty app {empty['peak RSS MB']:.0f} MB).")  # fmt: skip
        lines.append("")
        lines.append("| page | navigation: click to drawn | ratio to empty app | as the harness times it | ratio "
                     "| floor: same elements, trivial content | ratio to empty app | page ÷ floor |")  # fmt: skip
        lines.append("| --- | --- | --- | --- | --- | --- | --- | --- |")
        for page, seconds in app["navigation"].items():
            harness = app["navigation (harness)"][page]
            floor = runs["floor"]["navigation"][page]
            lines.append(f"| {page} | {seconds * 1000:.0f} ms | {seconds / nav_empty:.1f}× "
                         f"| {harness * 1000:.0f} ms | {harness / harness_empty:.1f}× "
                         f"| {floor * 1000:.0f} ms | {floor / nav_empty:.1f}× | {seconds / floor:.2f} |")  # fmt: skip
        lines.append(f"| (empty app) | {nav_empty * 1000:.0f} ms | 1.0× | {harness_empty * 1000:.0f} ms | 1.0× "
                     "| | | |")  # fmt: skip
        slider_empty = runs["empty app with a slider"]["filter change"]["A"]
        lines.append("")
        lines.append("| page | years filter changed: key press to drawn | ratio to an app with only the slider "
                     "| floor | ratio to the slider app | page ÷ floor |")  # fmt: skip
        lines.append("| --- | --- | --- | --- | --- | --- |")
        for page, seconds in app["filter change"].items():
            floor = runs["floor"]["filter change"][page]
            cells = [f"{seconds * 1000:.0f} ms", f"{seconds / slider_empty:.1f}×", f"{floor * 1000:.0f} ms",
                     f"{floor / slider_empty:.1f}×", f"{seconds / floor:.2f}"]  # fmt: skip
            lines.append(f"| {page} | {' | '.join(cells)} |")
        lines.append(f"| (app with only the slider) | {slider_empty * 1000:.0f} ms | 1.0× | | | |")
        step, floor_step = app.get("briefing step"), runs["floor"].get("briefing step")
        if step and floor_step:
            lines.append("")
            lines.append(f"Briefing, an arrow key to the next or previous screen drawn: {step * 1000:.0f} ms; "
                         f"floor {floor_step * 1000:.0f} ms; page ÷ floor {step / floor_step:.2f}.")  # fmt: skip
    return "\n".join(lines)


def write_readme_table(name: str, machine_info: dict, text: str) -> None:
    """Replace the block between `<!-- name -->` and `<!-- /name -->` of bench/README.md with `text` and the machine."""
    readme = ROOT / "bench" / "README.md"
    body = readme.read_text()
    start, end = f"<!-- {name} -->", f"<!-- /{name} -->"
    info = ", ".join(f"{k}: {v}" for k, v in machine_info.items())
    new = f"{start}\nMachine — {info}\n\n{text}\n{end}"
    readme.write_text(body[: body.index(start)] + new + body[body.index(end) + len(end) :])


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--smoke", action="store_true", help="short run for CI")
    parser.add_argument("--write-readme", action="store_true", help="put the table into bench/README.md")
    args = parser.parse_args(argv)
    from bench.synthetic import write_synthetic_data
    from components.data.bundle import SHIPPED_DATA_DIR

    rerun_scales = (1, 10) if args.smoke else (1, 10, 100)
    browser_scales = (1,) if args.smoke else (1, 100)
    runs = 3 if args.smoke else 25
    results: dict[str, object] = {"machine": machine(), "smoke": args.smoke, "rerun": {}, "browser": {}}
    with tempfile.TemporaryDirectory() as tmp:
        folders = {1: SHIPPED_DATA_DIR}
        for scale in sorted(set(rerun_scales) | set(browser_scales)):
            if scale != 1:
                folders[scale] = write_synthetic_data(SHIPPED_DATA_DIR, Path(tmp) / f"x{scale}", scale)
        for scale in rerun_scales:
            results["rerun"][f"{scale}x"] = rerun_times(folders[scale], runs)
        for scale in browser_scales:
            results["browser"][f"{scale}x"] = browser_times(folders[scale], rounds=1 if args.smoke else 5)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(results, indent=2))
    text = table(results)
    print(text)
    if args.write_readme:
        write_readme_table("table", results["machine"], text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
