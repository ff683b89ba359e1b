"""A publish through one replica is seen on the other at the viewer's next interaction.

An editor signs in and publishes through nginx in Chromium (the proxy keeps the browser on one replica); a viewer
whose session is held by the other replica, talking Streamlit's protocol (bench/load.py), sees the new figure on
the Overview at its next rerun, with no restart."""

from __future__ import annotations

import asyncio
import shutil
import threading

import pytest

from bench.load import ViewerSession
from components.editing.auth import ACCOUNTS_FILE_ENV, new_account, save_accounts
from deploy.replicas import deployment
from tests.browser.conftest import ROOT, _free_port, open_offline_page, screenshot, wait_settled

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery"
HEADER = "year,period,scope,mission,category,measure,value,qualifier,source_id,source_locator,note"
ROW = "2025,year,peace_operations,,,allegations,4321,exact,100reporters-2015-04,replica test row,"
METRIC = "Allegations in 2025"


@pytest.fixture
def in_loop():
    """Runs coroutines on one event loop in another thread (Playwright's loop runs in this one); the viewer's
    websocket lives on it from its first step to its last."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    yield lambda coroutine: asyncio.run_coroutine_threadsafe(coroutine, loop).result(timeout=300)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(10)
    loop.close()


def test_a_publish_through_one_replica_shows_on_the_other_at_the_next_rerun(browser, tmp_path, monkeypatch, in_loop):
    data_dir = tmp_path / "data"
    shutil.copytree(ROOT / "data", data_dir, ignore=shutil.ignore_patterns(".history"))
    accounts = tmp_path / "accounts.toml"
    save_accounts(accounts, [new_account("alice", PASSWORD, name="Alice Editor")])
    monkeypatch.setenv(ACCOUNTS_FILE_ENV, str(accounts))
    upload = tmp_path / "figures-2025.csv"
    upload.write_text(f"{HEADER}\n{ROW}\n", encoding="utf-8")

    with deployment(2, port=_free_port(), first_port=_free_port(), data_dir=data_dir) as deploy:
        context, page, _traffic = open_offline_page(browser, deploy.url)
        try:
            page.set_default_timeout(60_000)
            page.goto(f"{deploy.url}/sign_in")
            wait_settled(page)
            editor_replica = next(c["value"] for c in context.cookies() if c["name"] == "tfsea_replica")
            # A viewer held by the other replica: its cookie names that replica, as the proxy's first answer would.
            viewer = ViewerSession(deploy.url)
            other = next(r.name for r in deploy.replicas if r.name != editor_replica)
            viewer.opener.addheaders = [("Cookie", f"tfsea_replica={other}")]

            async def open_overview():
                return await viewer.open()

            before = in_loop(open_overview())
            assert viewer.replicas == {other}
            assert before.errors == [] and METRIC not in before.metrics

            page.get_by_role("textbox", name="User name").fill("alice")
            page.get_by_role("textbox", name="Password").fill(PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            page.get_by_role("link", name="Data management").click()
            page.get_by_role("heading", name="Data management").wait_for()
            wait_settled(page)
            page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(upload))
            wait_settled(page)
            page.get_by_text("figures-2025.csv: every row passes the checks.").wait_for()
            reason = page.get_by_label("Why this change (kept in the version history)")
            reason.fill("2025 figures, published through one replica")
            reason.press("Enter")
            wait_settled(page)
            page.get_by_role("button", name="Publish").click()
            page.get_by_text("Published version 2").wait_for()
            screenshot(page, "replicas-published")
            assert {c["value"] for c in context.cookies() if c["name"] == "tfsea_replica"} == {editor_replica}

            async def next_click():
                try:
                    return await viewer.rerun()
                finally:
                    await viewer.close()

            after = in_loop(next_click())
        finally:
            context.close()
    assert after.errors == [] and viewer.replicas == {other}
    assert after.metrics[METRIC] == "4,321"
