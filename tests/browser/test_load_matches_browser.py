"""A page opened by the load generator (bench/load.py) gets what Chromium gets: the same elements, kind by kind.

The browser's own websocket frames are read as they arrive (references to cached messages resolved, as the browser
resolves them), and the first run of each page is compared with the load session's first run of the same address.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.load import ViewerSession, element_kind
from tests.browser.conftest import PAGES, open_offline_page, wait_settled

pytestmark = pytest.mark.browser


def _browser_first_run(browser, url: str) -> Counter:
    frames: list[bytes] = []
    context, page, _traffic = open_offline_page(browser, url)
    try:
        page.on("websocket", lambda socket: socket.on("framereceived", lambda payload: frames.append(payload)))
        page.goto(url)
        wait_settled(page)
    finally:
        context.close()
    cache: dict[str, ForwardMsg] = {}
    kinds: Counter = Counter()
    for frame in frames:
        msg = ForwardMsg()
        msg.ParseFromString(frame)
        if msg.WhichOneof("type") == "ref_hash":
            msg = cache[msg.ref_hash]
        if msg.hash:
            cache[msg.hash] = msg
        if msg.WhichOneof("type") == "script_finished":
            if msg.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                return kinds
            kinds.clear()  # the app asked for another run; the page is what that one draws
        if (kind := element_kind(msg)) is not None:
            kinds[kind] += 1
    raise AssertionError(f"{url}: the browser never saw the run finish")


def _load_first_run(base_url: str, path: str) -> Counter:
    session = ViewerSession(base_url)

    async def visit():
        try:
            return await session.open(path)
        finally:
            await session.close()

    # Playwright's own event loop runs in this thread.
    with ThreadPoolExecutor(1) as pool:
        run = pool.submit(asyncio.run, visit()).result()
    assert (run.errors, run.exceptions) == ([], [])
    return run.elements


@pytest.mark.parametrize("name", [*PAGES, "briefing"])
def test_a_load_session_gets_the_elements_a_browser_gets(browser, app_server, name):
    path = PAGES.get(name, name)
    # Opened once first, so neither side's run is the one that fills the caches (a miss shows a spinner).
    _load_first_run(app_server.url, path)
    in_browser = _browser_first_run(browser, f"{app_server.url}/{path}")
    by_load = _load_first_run(app_server.url, path)
    assert in_browser["heading"] >= 1 and sum(in_browser.values()) >= 15
    assert by_load == in_browser
