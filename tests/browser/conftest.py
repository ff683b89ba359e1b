"""A real server and a real browser: `streamlit run dashboard.py` and Debian's headless Chromium.

Every request to a host other than the app's own is blocked and counted, because presenters
often have no internet: the app must work, and try nothing, without it.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

from components.ui.memory import SERVER_ENVIRONMENT

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Software WebGL (SwiftShader) instead of no GPU at all: the Mission map is a deck.gl map, and with the GPU off
# nothing ever drew it. Charts (SVG) are drawn the same either way. Only WebGL needs SwiftShader: compositing and
# rasterising every page through it too made each page visit and full-page screenshot about 40% slower.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--use-gl=angle",
    "--use-angle=swiftshader",
    "--enable-unsafe-swiftshader",
    "--disable-gpu-compositing",
    "--disable-gpu-rasterization",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
PAGES = {
    "overview": "",
    "contributions": "contributions",
    "projects": "projects",
    "allegations": "allegations",
    "mission_map": "mission_map",
    "data_sources": "data_sources",
}
# Pages whose content includes a Vega chart or a deck.gl map once settled.
CHART_PAGES = {"overview", "contributions", "projects", "allegations", "mission_map"}
DECK_CANVAS = '[data-testid="stDeckGlJsonChart"] canvas'

SETTLE_TIMEOUT_MS = 60_000


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log: Path


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@contextlib.contextmanager
def run_server(
    data_dir: Path | None = None, log_dir: Path | None = None, script: str | None = None
) -> Iterator[Server]:
    """Start the dashboard (or another app's `script` text) on a free port, wait for its health check,
    and always stop it."""
    port = _free_port()
    entry = "dashboard.py"
    if script is not None:
        entry_path = Path(tempfile.mkdtemp()) / "app.py"
        entry_path.write_text(script)
        entry = str(entry_path)
    env = {**os.environ, **SERVER_ENVIRONMENT, "PYTHONUNBUFFERED": "1"}
    if data_dir is not None:
        env["TFSEA_DATA_DIR"] = str(data_dir)
    log = (log_dir or ROOT / "artifacts") / f"server-{port}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable, "-m", "streamlit", "run", entry,
        "--server.port", str(port), "--server.headless", "true", "--server.address", "127.0.0.1",
        "--server.fileWatcherType", "none",
    ]  # fmt: skip
    with log.open("w") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        health = f"http://127.0.0.1:{port}/_stcore/health"
        while not _healthy(health):
            if time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not become healthy:\n{log.read_text()}")
            with contextlib.suppress(subprocess.TimeoutExpired):
                # Waits a moment before the next health check, and notices at once if the server died.
                process.wait(timeout=0.2)
                raise RuntimeError(f"streamlit exited early:\n{log.read_text()}")
        yield Server(f"http://127.0.0.1:{port}", process, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@dataclass
class Traffic:
    """What the page tried to reach outside the app, and what went wrong in its console."""

    app_host: str
    foreign_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


def open_offline_page(browser, base_url: str, viewport=(1600, 1200), color_scheme: str = "light"):
    """A fresh context that blocks and records every request to another host."""
    context = browser.new_context(
        viewport={"width": viewport[0], "height": viewport[1]}, accept_downloads=True, color_scheme=color_scheme
    )
    traffic = Traffic(app_host=urlparse(base_url).netloc)

    def route(route_obj):
        host = urlparse(route_obj.request.url).netloc
        if host == traffic.app_host or route_obj.request.url.startswith(("data:", "blob:")):
            route_obj.continue_()
        else:
            traffic.foreign_requests.append(route_obj.request.url)
            route_obj.abort("internetdisconnected")

    # Only what is not the app's own reaches `route`: the app's 120-140 requests per visit were each paused and
    # sent to this process and back (Playwright matches a regular expression in the browser driver).
    app_or_inline = rf"[a-z][a-z0-9+.-]*://{re.escape(traffic.app_host)}(?:[/?#]|$)|data:|blob:"
    context.route(re.compile(rf"^(?!(?:{app_or_inline}))", re.IGNORECASE), route)
    page = context.new_page()
    page.on("console", lambda msg: traffic.console_errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: traffic.page_errors.append(str(exc)))

    def on_dialog(dialog):
        traffic.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return context, page, traffic


def wait_settled(page, timeout_ms: int = SETTLE_TIMEOUT_MS) -> None:
    """Wait until Streamlit has finished running the script and drawn the page."""
    page.wait_for_selector('[data-testid="stAppViewContainer"]', timeout=timeout_ms)
    page.wait_for_selector('[data-testid="stMain"] h1, [data-testid="stException"]', timeout=timeout_ms)
    page.wait_for_function(
        """() => {
            const widget = document.querySelector('[data-testid="stStatusWidget"]');
            const running = widget && /running|connecting/i.test(widget.innerText || '');
            const stale = document.querySelector('[data-stale="true"]');
            const skeleton = document.querySelector('[data-testid="stSkeleton"]');
            return !running && !stale && !skeleton;
        }""",
        timeout=timeout_ms,
    )


def wait_drawn(page, name: str, timeout_ms: int = SETTLE_TIMEOUT_MS) -> None:
    """Wait until every chart (and map) the page holds has drawn something."""
    if name in CHART_PAGES:
        page.wait_for_function(
            """() => {
                const charts = [...document.querySelectorAll('.vega-embed, [data-testid="stDeckGlJsonChart"]')];
                return charts.length > 0 && charts.every(c => c.querySelector('svg, canvas'));
            }""",
            timeout=timeout_ms,
        )


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def app_server() -> Iterator[Server]:
    with run_server() as server:
        yield server


@pytest.fixture(scope="session")
def hostile_server(tmp_path_factory) -> Iterator[Server]:
    """The dashboard on data whose every name is hostile text (tests/tiny_data.hostile_tables): one server for the
    pages' and the briefing's hostile walks, which only read."""
    from tests.tiny_data import hostile_tables, write_data

    folder = write_data(tmp_path_factory.mktemp("hostile") / "data", hostile_tables())
    with run_server(data_dir=folder) as server:
        yield server


@pytest.fixture
def offline_page(browser, app_server):
    context, page, traffic = open_offline_page(browser, app_server.url)
    yield page, traffic
    context.close()


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
