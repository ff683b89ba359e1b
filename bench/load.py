"""Load generator: N viewers at once, each speaking Streamlit's own websocket protocol as a browser does.

    python -m bench.load --sessions 25                    start a server on the shipped data and load it
    python -m bench.load --sessions 25 --scale 100        the same on 100x synthetic data (bench/synthetic.py)
    python -m bench.load --url http://127.0.0.1:8080 --sessions 150 --pids 11,12,13 --upload
                                                          an already running server or proxy (replicas' pids)

Each session does what a browser does when a viewer opens the dashboard (checked against Chromium's own frames,
see tests/browser/test_load_matches_browser.py): `GET /`, `GET /_stcore/health` (it sets the XSRF cookie),
`GET /_stcore/host-config`, the websocket
`/_stcore/stream` with the `streamlit` subprotocol, then `rerun_script` BackMsgs carrying the query string, the
sidebar's widget states, the page's script hash, the hashes of the messages it has cached and the browser's
context. It opens the Overview, moves through every public page, goes back to the Overview, moves the years
filter and picks a mission, reading every ForwardMsg until `script_finished`, with a think time between steps.
Images the page shows are fetched from `/media/`, as the browser fetches them. With `--upload` it also uploads a
small file the way Streamlit's file uploader does (a `file_urls_request`, then a PUT to the URL it returns): it
only succeeds on the server that holds the session, which is what sticky sessions must guarantee.

Reported per step: p50/p95/max seconds from sending the request to `script_finished`, errors (a failed request,
a closed socket, a timeout, a run that did not finish successfully, a page not found) and exceptions the app sent
to the page; for the server (each replica): peak RSS (VmHWM), RSS at the end and CPU. Every loop is bounded: a
step times out, sessions are counted, and the run stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import http.cookiejar
import json
import os
import random
import resource
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlparse

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

from components.ui.navigation import PUBLIC_PAGES

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
STEP_TIMEOUT_SECONDS = 300.0
# The replica that answered, as the proxy in deploy/ names it on every response (the websocket handshake too).
REPLICA_HEADER = "X-Replica"
# What a browser on this machine reports about itself in each rerun (Chromium's own, read from its frames).
CONTEXT = {"timezone": "UTC", "timezone_offset": 0, "locale": "en-US", "is_embedded": False, "color_scheme": "light"}
# Missions a session may pick, the first one the filter offers; the years are ranges within the filter's bounds.
MISSION_CHOICES = ("MONUSCO", "MINUSCA", "UNMISS", "MINUSMA")


def year_choices(low: int, high: int) -> list[tuple[int, int]]:
    """A few ranges a viewer might pick: sessions share them, as a room following a briefing link does."""
    return [
        (max(low, high - 9), high),
        (max(low, high - 4), high),
        (low, max(low, high - 1)),
        (min(high, low + 5), high),
    ]


def element_kind(msg: ForwardMsg) -> str | None:
    """The kind of thing a delta draws: an element's type (`vega_lite_chart`, `markdown`…) or `block:<type>`."""
    if msg.WhichOneof("type") != "delta":
        return None
    delta = msg.delta
    kind = delta.WhichOneof("type")
    if kind == "new_element":
        return delta.new_element.WhichOneof("type")
    if kind == "add_block":
        return f"block:{delta.add_block.WhichOneof('type')}"
    return kind


def _widget_state(element) -> WidgetState | None:
    """The value a browser holds for a sidebar filter widget once it is drawn (the kinds the sidebar has)."""
    kind = element.WhichOneof("type")
    state = WidgetState()
    if kind == "slider":
        state.id = element.slider.id
        values = element.slider.value if element.slider.set_value else element.slider.default
        state.double_array_value.data.extend(values)
    elif kind == "multiselect":
        widget = element.multiselect
        state.id = widget.id
        state.string_array_value.data.extend(
            widget.raw_values if widget.set_value else [widget.options[i] for i in widget.default]
        )
    elif kind == "checkbox":
        state.id = element.checkbox.id
        state.bool_value = element.checkbox.value if element.checkbox.set_value else element.checkbox.default
    else:
        return None
    return state


def query_values(state: WidgetState) -> list[str]:
    """A widget state as the text its query parameter holds (`2010`, `MONUSCO`, `true`)."""
    kind = state.WhichOneof("value")
    if kind == "double_array_value":
        return [str(int(v)) if float(v).is_integer() else str(v) for v in state.double_array_value.data]
    if kind == "string_array_value":
        return list(state.string_array_value.data)
    return ["true" if state.bool_value else "false"]


def widget_key(widget_id: str) -> str:
    """The user key of a widget id (`$$ID-<hash>-years` → `years`)."""
    return widget_id.rsplit("-", 1)[-1]


@dataclass
class Run:
    """What one script run sent: its element kinds, exceptions, errors, images, and how long it took."""

    seconds: float = 0.0
    elements: Counter = field(default_factory=Counter)
    exceptions: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    media: list[str] = field(default_factory=list)
    metrics: dict[str, str] = field(default_factory=dict)  # label -> figure shown, for checks of what a viewer sees


@dataclass
class StepResult:
    session: int
    step: str
    seconds: float
    errors: list[str]
    exceptions: list[str]
    elements: dict[str, int]
    replica: str = ""


class ViewerSession:
    """One browser's conversation with the server: cookies, one websocket, widget states, a message cache."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url.rstrip("/")
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))
        self.socket = None
        self.session_id = ""
        self.pages: dict[str, str] = {}  # title -> page script hash
        self.page_hash = ""
        self.query_string = ""
        self.widgets: dict[str, WidgetState] = {}  # key -> state
        self.widget_options: dict[str, list[str]] = {}
        # Widgets bound to the address: key -> (query parameter, its value when the widget is at its default).
        self.bound: dict[str, tuple[str, list[str]]] = {}
        self.year_bounds: tuple[int, int] | None = None
        self.cache: dict[str, tuple[ForwardMsg, int]] = {}  # hash -> (message, run it was last used in)
        self.max_cached_age = 2
        self.runs = 0
        self.replicas: set[str] = set()  # every replica that answered this session, as the proxy names it
        self.url = self.base_url + "/"

    # HTTP, as the browser does before and beside the websocket.
    def _get(self, path: str, method: str = "GET", body: bytes | None = None, headers=None) -> tuple[int, bytes]:
        request = urllib.request.Request(self.base_url + path, data=body, method=method, headers=headers or {})
        try:
            with self.opener.open(request, timeout=60) as response:
                self._note_replica(response.headers)
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            self._note_replica(error.headers)
            return error.code, error.read()

    def _note_replica(self, headers) -> None:
        replica = headers.get(REPLICA_HEADER) if headers else None
        if replica:
            self.replicas.add(replica)

    def _cookie_header(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.cookies)

    def _xsrf(self) -> str:
        return next((c.value for c in self.cookies if c.name == "_streamlit_xsrf"), "")

    async def open(self, path: str = "", query_string: str = "") -> Run:
        """Load the page at `path` (`""` is the default page) with `query_string`, as a browser opening a link."""
        from websockets.asyncio.client import connect

        started = time.perf_counter()
        run = Run()
        # The browser's own order: the page, the health check (which sets the XSRF cookie), the host's settings.
        page_path = f"/{path}" + (f"?{query_string}" if query_string else "")
        for request_path in (page_path, "/_stcore/health", "/_stcore/host-config"):
            status, _body = await asyncio.to_thread(self._get, request_path)
            if status != 200:
                run.errors.append(f"GET {request_path}: HTTP {status}")
        if run.errors:
            run.seconds = time.perf_counter() - started
            return run
        parsed = urlparse(self.base_url)
        scheme = "wss" if parsed.scheme == "https" else "ws"
        self.socket = await connect(
            f"{scheme}://{parsed.netloc}{parsed.path}/_stcore/stream",
            subprotocols=["streamlit", self._xsrf()] if self._xsrf() else ["streamlit"],
            additional_headers={"Cookie": self._cookie_header()},
            origin=f"{parsed.scheme}://{parsed.netloc}",
            max_size=None,
            open_timeout=60,
            ping_interval=None,
        )
        self._note_replica(self.socket.response.headers)
        self.url = f"{self.base_url}/{path}"
        self.query_string = query_string
        run = await self.rerun(page_name=path, with_widgets=False)
        run.seconds = time.perf_counter() - started
        return run

    async def rerun(self, page: str | None = None, page_name: str = "", with_widgets: bool = True) -> Run:
        """Send a rerun (to the page titled `page`, else the current one) and read every message to its end."""
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query_string
        if with_widgets:
            state.widget_states.widgets.extend(self.widgets.values())
        else:
            state.widget_states.SetInParent()
        if page is not None:
            self.page_hash = self.pages[page]
            # The browser keeps only the bound widgets' parameters when it changes page (Briefing's `screen` goes).
            self.query_string = self._bound_query(parse_qsl(""))
        if self.page_hash:
            state.page_script_hash = self.page_hash
        if page_name:
            state.page_name = page_name
        state.cached_message_hashes.extend(self.cache)
        state.context_info.url = self.url
        for name, value in CONTEXT.items():
            setattr(state.context_info, name, value)
        started = time.perf_counter()
        await self.socket.send(msg.SerializeToString())
        run = await asyncio.wait_for(self._read_run(), STEP_TIMEOUT_SECONDS)
        run.seconds = time.perf_counter() - started
        return run

    async def _read_run(self) -> Run:
        run = Run()
        self.runs += 1
        while True:
            msg = ForwardMsg()
            msg.ParseFromString(await self.socket.recv())
            kind = msg.WhichOneof("type")
            if kind == "ref_hash":
                cached = self.cache.get(msg.ref_hash)
                if cached is None:
                    run.errors.append(f"reference to a message never received: {msg.ref_hash}")
                    continue
                reference = msg
                msg = ForwardMsg()
                msg.CopyFrom(cached[0])
                msg.metadata.CopyFrom(reference.metadata)
                kind = "delta"
            if msg.metadata.cacheable and msg.hash:
                self.cache[msg.hash] = (msg, self.runs)
            elif msg.hash in self.cache:
                self.cache[msg.hash] = (self.cache[msg.hash][0], self.runs)
            if kind == "new_session":
                self._new_session(msg.new_session)
            elif kind == "navigation":
                self.pages = {p.page_name: p.page_script_hash for p in msg.navigation.app_pages}
                self.page_hash = msg.navigation.page_script_hash
            elif kind == "page_info_changed":
                self.query_string = msg.page_info_changed.query_string
            elif kind == "page_not_found":
                run.errors.append(f"page not found: {msg.page_not_found.page_name}")
            elif kind == "delta":
                self._delta(msg, run)
            elif kind == "script_finished":
                if msg.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    # The app asked for another run (st.rerun, a switch of page): the page is what that run draws.
                    run.elements.clear()
                    continue
                if msg.script_finished != ForwardMsg.FINISHED_SUCCESSFULLY:
                    run.errors.append(
                        f"script finished with {ForwardMsg.ScriptFinishedStatus.Name(msg.script_finished)}"
                    )
                self._evict()
                return run

    def _new_session(self, new_session) -> None:
        self.session_id = new_session.initialize.session_id
        if new_session.config.max_cached_message_age:
            self.max_cached_age = new_session.config.max_cached_message_age

    def _delta(self, msg: ForwardMsg, run: Run) -> None:
        kind = element_kind(msg)
        run.elements[kind] += 1
        if msg.delta.WhichOneof("type") != "new_element":
            return
        element = msg.delta.new_element
        if kind == "exception":
            run.exceptions.append(f"{element.exception.type}: {element.exception.message}")
        elif kind == "metric":
            run.metrics[element.metric.label] = element.metric.body
        elif kind == "imgs":
            run.media.extend(img.url for img in element.imgs.imgs if img.url.startswith("/media/"))
        elif kind == "alert" and element.alert.format == element.alert.ERROR:
            run.exceptions.append(f"error shown: {element.alert.body[:200]}")
        state = _widget_state(element)
        if state is not None:
            key = widget_key(state.id)
            if key not in self.widgets or self.widgets[key].id != state.id:
                self.widgets[key] = state
            query_key = getattr(element, kind).query_param_key
            if query_key:
                default = WidgetState()
                default.CopyFrom(state)
                self._default_of(element, kind, default)
                self.bound[key] = (query_key, query_values(default))
            if kind == "multiselect":
                self.widget_options[key] = list(element.multiselect.options)
            if kind == "slider":
                self.year_bounds = (int(element.slider.min), int(element.slider.max))

    @staticmethod
    def _default_of(element, kind: str, state: WidgetState) -> None:
        widget = getattr(element, kind)
        if kind == "slider":
            del state.double_array_value.data[:]
            state.double_array_value.data.extend(widget.default)
        elif kind == "multiselect":
            del state.string_array_value.data[:]
            state.string_array_value.data.extend(widget.options[i] for i in widget.default)
        else:
            state.bool_value = widget.default

    def _bound_query(self, others: list[tuple[str, str]]) -> str:
        """`others` plus each bound widget's parameter where it is not at its default, as the browser's bar shows."""
        pairs = [(k, v) for k, v in others if k not in {q for q, _d in self.bound.values()}]
        for key, (query_key, default) in sorted(self.bound.items(), key=lambda item: item[1][0]):
            values = query_values(self.widgets[key])
            if values != default:
                pairs.extend((query_key, v) for v in values)
        return urlencode(pairs)

    def _evict(self) -> None:
        """Forget messages not used in the last runs, as the browser's message cache does."""
        for digest, (_msg, last_run) in list(self.cache.items()):
            if self.runs - last_run >= self.max_cached_age:
                del self.cache[digest]

    def set_widget(self, key: str, values: Sequence) -> None:
        """Set a filter as a viewer's click does; the widget must have been drawn."""
        state = self.widgets[key]
        if state.WhichOneof("value") == "double_array_value":
            del state.double_array_value.data[:]
            state.double_array_value.data.extend(float(v) for v in values)
        elif state.WhichOneof("value") == "string_array_value":
            del state.string_array_value.data[:]
            state.string_array_value.data.extend(values)
        else:
            raise ValueError(f"{key}: cannot set a {state.WhichOneof('value')}")
        if key in self.bound:
            self.query_string = self._bound_query(parse_qsl(self.query_string))

    async def fetch_media(self, urls: Sequence[str]) -> list[str]:
        errors = []
        for url in dict.fromkeys(urls):
            status, _body = await asyncio.to_thread(self._get, url)
            if status != 200:
                errors.append(f"GET {url}: HTTP {status}")
        return errors

    async def upload(self, name: str, data: bytes) -> list[str]:
        """Upload a file as Streamlit's file uploader does; it only succeeds on the server holding the session."""
        msg = BackMsg()
        msg.file_urls_request.request_id = uuid.uuid4().hex
        msg.file_urls_request.file_names.append(name)
        msg.file_urls_request.session_id = self.session_id
        await self.socket.send(msg.SerializeToString())

        async def response() -> ForwardMsg:
            while True:
                reply = ForwardMsg()
                reply.ParseFromString(await self.socket.recv())
                if reply.WhichOneof("type") == "file_urls_response":
                    return reply

        reply = await asyncio.wait_for(response(), STEP_TIMEOUT_SECONDS)
        if reply.file_urls_response.error_msg:
            return [f"upload refused: {reply.file_urls_response.error_msg}"]
        upload_url = reply.file_urls_response.file_urls[0].upload_url
        boundary = uuid.uuid4().hex
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
                f"Content-Type: text/csv\r\n\r\n"
            ).encode()
            + data
            + f"\r\n--{boundary}--\r\n".encode()
        )
        headers = {"Content-Type": f"multipart/form-data; boundary={boundary}", "X-Xsrftoken": self._xsrf()}
        status, text = await asyncio.to_thread(self._get, urlparse(upload_url).path, "PUT", body, headers)
        return [] if status == 204 else [f"upload: HTTP {status} {text[:200]!r}"]

    async def close(self) -> None:
        if self.socket is not None:
            await self.socket.close()


async def viewer(
    base_url: str, number: int, think: tuple[float, float], start_delay: float, upload: bool, results: list
) -> None:
    """One viewer's whole visit; every step's outcome goes to `results`, whatever fails."""
    rng = random.Random(number)
    session = ViewerSession(base_url)
    await asyncio.sleep(start_delay)

    def record(step: str, run: Run, extra_errors: Sequence[str] = ()) -> None:
        results.append(
            StepResult(number, step, run.seconds, run.errors + list(extra_errors), run.exceptions, dict(run.elements))
        )

    async def step(name: str, action, expect_in_link: str = "") -> bool:
        try:
            run = await action
        except Exception as error:  # any failure of a step is a result, not a crash of the run
            results.append(StepResult(number, name, 0.0, [f"{type(error).__name__}: {error}"], [], {}))
            return False
        errors = await session.fetch_media(run.media) if run.media else []
        # The filters are bound to the address: a change the app took shows there, as in the browser's bar.
        if expect_in_link and expect_in_link not in session.query_string:
            errors.append(f"the filter did not reach the app: link {session.query_string!r}, not {expect_in_link!r}")
        record(name, run, errors)
        await asyncio.sleep(rng.uniform(*think))
        return not run.errors

    try:
        if not await step(f"open {PUBLIC_PAGES[0][1]}", session.open()):
            return
        for _path, title in PUBLIC_PAGES[1:] + PUBLIC_PAGES[:1]:
            await step(f"page: {title}", session.rerun(page=title))
        low, high = session.year_bounds or (2005, 2024)
        years = year_choices(low, high)[number % 4]
        session.set_widget("years", years)
        await step("years changed", session.rerun(), expect_in_link=f"years={years[0]}&years={years[1]}")
        offered = [m for m in MISSION_CHOICES if m in session.widget_options.get("mission", [])]
        mission = offered[number % len(offered)] if offered else session.widget_options["mission"][0]
        session.set_widget("mission", [mission])
        await step("mission chosen", session.rerun(), expect_in_link=f"mission={mission}")
        if upload:
            started = time.perf_counter()
            errors = await session.upload(f"viewer-{number}.csv", b"a,b\n1,2\n")
            results.append(StepResult(number, "upload", time.perf_counter() - started, errors, [], {}))
    except Exception as error:
        results.append(StepResult(number, "session", 0.0, [f"{type(error).__name__}: {error}"], [], {}))
    finally:
        with contextlib.suppress(Exception):
            await session.close()
        replicas = sorted(session.replicas)
        if replicas:
            results.append(
                StepResult(
                    number,
                    "replicas",
                    0.0,
                    [] if len(replicas) == 1 else [f"moved between {replicas}"],
                    [],
                    {},
                    replica=",".join(replicas),
                )
            )


class ProcessSampler:
    """Samples the servers' RSS and CPU time from /proc in a thread until stopped."""

    def __init__(self, pids: Sequence[int], interval: float = 0.25) -> None:
        self.pids = list(pids)
        self.interval = interval
        self.peak_rss = {pid: 0.0 for pid in self.pids}
        self.cpu_start = {pid: _cpu_seconds(pid) for pid in self.pids}
        self.cpu_end = dict(self.cpu_start)
        self.busiest_second = {pid: 0.0 for pid in self.pids}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self.started = time.monotonic()
        self.stopped = self.started

    def _sample(self) -> None:
        last = {pid: (time.monotonic(), self.cpu_start[pid]) for pid in self.pids}
        while not self._stop.wait(self.interval):
            for pid in self.pids:
                with contextlib.suppress(OSError):
                    self.peak_rss[pid] = max(self.peak_rss[pid], _status_mb(pid, "VmRSS"))
                    now, cpu = time.monotonic(), _cpu_seconds(pid)
                    if now - last[pid][0] >= 1.0:
                        self.busiest_second[pid] = max(
                            self.busiest_second[pid], (cpu - last[pid][1]) / (now - last[pid][0])
                        )
                        last[pid] = (now, cpu)

    def __enter__(self) -> ProcessSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.stopped = time.monotonic()
        for pid in self.pids:
            with contextlib.suppress(OSError):
                self.cpu_end[pid] = _cpu_seconds(pid)

    def report(self) -> dict[str, dict[str, float]]:
        wall = max(self.stopped - self.started, 1e-9)
        report = {}
        for pid in self.pids:
            cpu = self.cpu_end[pid] - self.cpu_start[pid]
            with contextlib.suppress(OSError):
                report[str(pid)] = {
                    "peak RSS MB (VmHWM)": _status_mb(pid, "VmHWM"),
                    "RSS MB at end": _status_mb(pid, "VmRSS"),
                    "peak RSS MB sampled": self.peak_rss[pid],
                    "CPU seconds": cpu,
                    "CPU cores, mean": cpu / wall,
                    "CPU cores, busiest second": self.busiest_second[pid],
                }
        return report


def _status_mb(pid: int, field_name: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field_name}:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(values: Sequence[float], share: float) -> float:
    """The value below which `share` of the values lie (nearest rank), 0 for none."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * share // 1))
    return ordered[int(rank) - 1]


def summarize(results: Sequence[StepResult]) -> dict[str, object]:
    steps: dict[str, dict[str, object]] = {}
    for result in results:
        if result.step == "replicas":
            continue
        entry = steps.setdefault(result.step, {"seconds": [], "errors": [], "exceptions": []})
        if not result.errors:
            entry["seconds"].append(result.seconds)
        entry["errors"].extend(result.errors)
        entry["exceptions"].extend(result.exceptions)
    per_step = {
        name: {
            "runs": len(entry["seconds"]),
            "p50": statistics.median(entry["seconds"]) if entry["seconds"] else 0.0,
            "p95": percentile(entry["seconds"], 0.95),
            "max": max(entry["seconds"], default=0.0),
            "errors": len(entry["errors"]),
            "exceptions": len(entry["exceptions"]),
            "first error": entry["errors"][0] if entry["errors"] else "",
            "first exception": entry["exceptions"][0] if entry["exceptions"] else "",
        }
        for name, entry in steps.items()
    }
    timed = [r.seconds for r in results if r.step not in ("replicas", "upload", "session") and not r.errors]
    spread = Counter(r.replica for r in results if r.step == "replicas")
    return {
        "steps": per_step,
        "all steps": {"p50": statistics.median(timed) if timed else 0.0, "p95": percentile(timed, 0.95)},
        "errors": sum(len(r.errors) for r in results),
        "exceptions": sum(len(r.exceptions) for r in results),
        "sessions per replica": dict(spread),
    }


async def run_sessions(
    base_url: str, sessions: int, think: tuple[float, float], ramp: float, upload: bool
) -> list[StepResult]:
    results: list[StepResult] = []
    delays = [ramp * i / max(1, sessions - 1) for i in range(sessions)] if sessions > 1 else [0.0]
    await asyncio.gather(*(viewer(base_url, n, think, delays[n], upload, results) for n in range(sessions)))
    return results


def run_async(coroutine):
    """`asyncio.run`, in a thread of its own when this thread already runs an event loop (Playwright's sync API
    leaves one running in a test process)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def load(
    base_url: str, sessions: int, pids: Sequence[int], think: tuple[float, float] = (1.0, 3.0), ramp: float = 5.0,
    upload: bool = False,
) -> dict[str, object]:  # fmt: skip
    """Run `sessions` viewers against `base_url` and report their steps and the servers' memory and CPU."""
    own_cpu = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    with ProcessSampler(pids) as sampler:
        results = run_async(run_sessions(base_url, sessions, think, ramp, upload))
    own = resource.getrusage(resource.RUSAGE_SELF)
    report = summarize(results)
    report.update(
        sessions=sessions,
        think_seconds=list(think),
        ramp_seconds=ramp,
        wall_seconds=time.perf_counter() - started,
        servers=sampler.report(),
        load_generator_cpu_seconds=(own.ru_utime + own.ru_stime) - (own_cpu.ru_utime + own_cpu.ru_stime),
        results=[r.__dict__ for r in results],
    )
    return report


def warm_up(base_url: str, servers: int = 1) -> dict[str, object]:
    """Sessions through every step with each of the four filter choices, on every server, so the measured runs
    find the data loaded and their views built: what a server serves once a room's few choices have been made
    once (a range never shown costs its view's build once, measured by bench/run.py). Behind the proxy new
    sessions go round-robin, so 4 x `servers` sessions give each replica every choice."""
    return load(base_url, 4 * servers, [], think=(0.0, 0.0), ramp=0.0)


@contextlib.contextmanager
def local_server(data_dir: Path | None) -> Iterator[tuple[str, int]]:
    from tests.browser.conftest import run_server

    with run_server(data_dir=data_dir, log_dir=Path(tempfile.mkdtemp())) as server:
        yield server.url, server.process.pid


def print_report(report: dict[str, object]) -> None:
    print(
        f"{report['sessions']} sessions, think {report['think_seconds']} s, ramp {report['ramp_seconds']} s, "
        f"{report['wall_seconds']:.1f} s wall; errors {report['errors']}, exceptions {report['exceptions']}"
    )
    print("| step | runs | p50 ms | p95 ms | max ms | errors | exceptions |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for name, step in report["steps"].items():
        print(f"| {name} | {step['runs']} | {step['p50'] * 1000:.0f} | {step['p95'] * 1000:.0f} "
              f"| {step['max'] * 1000:.0f} | {step['errors']} | {step['exceptions']} |")  # fmt: skip
    for name, step in report["steps"].items():
        for kind in ("first error", "first exception"):
            if step[kind]:
                print(f"{name}: {kind}: {step[kind]}")
    for pid, server in report["servers"].items():
        print(f"server {pid}: " + ", ".join(f"{k} {v:.2f}" for k, v in server.items()))
    if report["sessions per replica"]:
        print(f"sessions per replica: {report['sessions per replica']}")
    print(f"load generator CPU: {report['load_generator_cpu_seconds']:.1f} s")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=10, help="viewers at once")
    parser.add_argument("--url", help="an already running server or proxy (loopback); else one is started")
    parser.add_argument("--pids", default="", help="with --url: the server processes to measure, comma-separated")
    parser.add_argument("--scale", type=int, default=1, help="started server: data N times the shipped data")
    parser.add_argument("--think", type=float, nargs=2, default=(1.0, 3.0), metavar=("MIN", "MAX"),
                        help="seconds a viewer waits between steps, drawn evenly from MIN to MAX")  # fmt: skip
    parser.add_argument("--ramp", type=float, default=5.0, help="seconds over which the sessions start")
    parser.add_argument("--upload", action="store_true", help="each session also uploads a small file")
    parser.add_argument("--no-warm-up", action="store_true", help="measure from a cold server")
    parser.add_argument("--out", type=Path, help="write the whole report as JSON here")
    parser.add_argument("--fail-on-error", action="store_true", help="exit 1 if any step failed or raised")
    args = parser.parse_args(argv)
    if args.sessions < 1 or args.sessions > 1000:
        parser.error("--sessions must be 1 to 1000")
    if args.url and urlparse(args.url).hostname not in ("127.0.0.1", "localhost", "::1"):
        parser.error("the load generator only talks to this machine (127.0.0.1)")
    with contextlib.ExitStack() as stack:
        if args.url:
            url, pids = args.url, [int(p) for p in args.pids.split(",") if p]
        else:
            data_dir = None
            if args.scale != 1:
                from bench.synthetic import write_synthetic_data
                from components.data.bundle import SHIPPED_DATA_DIR

                tmp = Path(stack.enter_context(tempfile.TemporaryDirectory()))
                data_dir = write_synthetic_data(SHIPPED_DATA_DIR, tmp / f"x{args.scale}", args.scale)
            url, pid = stack.enter_context(local_server(data_dir))
            pids = [pid]
        warm = None if args.no_warm_up else warm_up(url, max(1, len(pids)))
        report = load(url, args.sessions, pids, tuple(args.think), args.ramp, args.upload)
        report["scale"] = args.scale
        report["warm-up errors"] = warm["errors"] if warm else None
    print_report(report)
    out = args.out or RESULTS / "load-latest.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2))
    failed = report["errors"] or report["exceptions"] or (warm and (warm["errors"] or warm["exceptions"]))
    return 1 if args.fail_on_error and failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
