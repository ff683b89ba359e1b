"""An editor's whole round in Chromium: sign in, upload a file with one bad row, read the problem, fix it,
review, publish, and see the new figure on the overview. Runs on a copy of data/ and a temporary
accounts file, so the shipped data never changes."""

from __future__ import annotations

import hashlib
import re
import shutil

import pytest

from components.editing.auth import ACCOUNTS_FILE_ENV, new_account, save_accounts
from components.editing.history import read_log
from tests.browser.conftest import ROOT, open_offline_page, run_server, screenshot, wait_settled

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery"
HEADER = "year,period,scope,mission,category,measure,value,qualifier,source_id,source_locator,note"
SOURCE = "100reporters-2015-04"  # any source of the shipped data
GOOD = f"2025,year,peace_operations,,,allegations,4321,exact,{SOURCE},browser test row,"
BAD = f"2025,year,peace_operations,,,victims,-5,exact,{SOURCE},browser test row,"
# A 404 probe of Streamlit's frontend, and its log line for the visitor's request of the editors' page.
BENIGN_CONSOLE = (
    "the server responded with a status of 404",
    "The page that you have requested does not seem to exist",
)
TIMEOUT_MS = 60_000
NBSP = "\u00a0"
NARROW_NBSP = "\u202f"


def _digest(folder) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _upload(page, path) -> None:
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(path))
    wait_settled(page)


def test_editor_fixes_a_bad_row_publishes_and_sees_the_new_figure(browser, tmp_path, monkeypatch):
    shipped = _digest(ROOT / "data")
    data_dir = tmp_path / "data"
    shutil.copytree(ROOT / "data", data_dir, ignore=shutil.ignore_patterns(".history"))
    accounts = tmp_path / "accounts.toml"
    save_accounts(accounts, [new_account("alice", PASSWORD, name="Alice Editor")])
    monkeypatch.setenv(ACCOUNTS_FILE_ENV, str(accounts))
    bad_file = tmp_path / "figures-2025.csv"
    bad_file.write_text(f"{HEADER}\n{GOOD}\n{BAD}\n", encoding="utf-8")
    fixed_file = tmp_path / "figures-2025-fixed.csv"
    fixed_file.write_text(f"{HEADER}\n{GOOD}\n{BAD.replace(',-5,', ',5,')}\n", encoding="utf-8")
    corrected_file = tmp_path / "figures-2025-corrected.csv"
    corrected_file.write_text(f"{HEADER}\n{GOOD.replace(',4321,', ',4322,')}\n", encoding="utf-8")

    with run_server(data_dir=data_dir, log_dir=tmp_path) as server:
        context, page, traffic = open_offline_page(browser, server.url)
        try:
            page.set_default_timeout(TIMEOUT_MS)
            page.goto(f"{server.url}/data_management")
            wait_settled(page)
            assert page.get_by_role("tab", name="Import and publish").count() == 0
            assert page.get_by_role("link", name="Data management").count() == 0
            screenshot(page, "data-management-visitor")
            # Streamlit's own notice for an address the navigation does not hold; it then runs the overview.
            not_found = page.get_by_role("dialog")
            not_found.wait_for()
            assert "Page not found" in not_found.inner_text()
            page.keyboard.press("Escape")
            not_found.wait_for(state="detached")
            page.get_by_role("link", name="Editor sign-in").click()
            page.get_by_role("heading", name="Editor sign-in").wait_for()
            wait_settled(page)
            screenshot(page, "data-management-sign-in")
            page.get_by_role("textbox", name="User name").fill("alice")
            page.get_by_role("textbox", name="Password").fill(PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            page.get_by_role("link", name="Data management").click()
            page.get_by_role("heading", name="Data management").wait_for()
            wait_settled(page)
            screenshot(page, "data-management-start")

            _upload(page, bad_file)
            problem = page.get_by_text("Row 3, column value: value '-5' — must be ≥ 0")
            problem.wait_for()
            assert page.get_by_text("1 problem in figures-2025.csv").is_visible()
            assert page.get_by_role("button", name="Publish").count() == 0
            screenshot(page, "data-management-problem")
            assert read_log(data_dir) == []

            _upload(page, fixed_file)
            page.get_by_text("figures-2025-fixed.csv: every row passes the checks.").wait_for()
            headline = page.locator('[data-testid="stTable"]', has_text="Allegations in 2025")
            headline.wait_for()
            assert "4,321" in headline.inner_text()
            reason = page.get_by_label("Why this change (kept in the version history)")
            reason.fill("2025 figures from the annual report")
            reason.press("Enter")
            wait_settled(page)
            screenshot(page, "data-management-review")
            page.get_by_role("button", name="Publish").click()
            page.get_by_text("Published version 2: allegations.csv: 2 added").wait_for()
            wait_settled(page)
            screenshot(page, "data-management-published")
            log = server.log.read_text()
            # Prepared once, though the page ran again for the reason, the Enter and the click.
            assert log.count("prepared upload figures-2025-fixed.csv for allegations: 2 rows") == 1
            assert "signed in: alice" in log and "version 2: publish by Alice Editor" in log
            assert PASSWORD not in log

            page.get_by_role("link", name="See the overview with the new data").click()
            page.get_by_role("heading", name="Trust Fund in Support of Victims").wait_for()
            wait_settled(page)
            metric = page.locator('[data-testid="stMetric"]', has_text="Allegations in 2025")
            assert metric.locator('[data-testid="stMetricValue"]').inner_text().strip() == "4,321"
            screenshot(page, "data-management-overview-after")

            page.get_by_role("link", name="Data management").click()
            page.get_by_role("tab", name="Version history").click()
            page.get_by_role("button", name="Restore version 1").wait_for()
            screenshot(page, "data-management-history")

            # The same officer goes on in French (the sidebar switch keeps the session, so the sign-in too).
            page.locator('[data-testid="stSidebar"]').get_by_text("Français", exact=True).click()
            page.get_by_role("heading", name="Gestion des données").wait_for()
            wait_settled(page)
            _upload(page, bad_file)
            page.get_by_text(f"Ligne 3, colonne value{NBSP}: valeur '-5' — doit être ≥ 0").wait_for()
            assert page.get_by_text("1 problème dans figures-2025.csv").is_visible()
            assert page.get_by_role("button", name="Publier").count() == 0
            screenshot(page, "data-management-problem-fr")
            _upload(page, corrected_file)
            page.get_by_text(f"figures-2025-corrected.csv{NBSP}: toutes les lignes passent les contrôles.").wait_for()
            effect = page.locator('[data-testid="stTable"]', has_text="après publication")
            # The overview's own figures (its builder writes them; French once it takes the language).
            assert re.search(f"4[,{NARROW_NBSP}]322", effect.inner_text())
            reason = page.get_by_label("Motif de cette modification (conservé dans l'historique des versions)")
            reason.fill("chiffre corrigé du rapport annuel")
            reason.press("Enter")
            wait_settled(page)
            screenshot(page, "data-management-review-fr")
            page.get_by_role("button", name="Publier").click()
            page.get_by_text(f"Version 3 publiée{NBSP}: allegations.csv{NBSP}: 1 ligne modifiée.").wait_for()
            wait_settled(page)
            page.get_by_role("tab", name="Historique des versions").click()
            page.get_by_role("button", name="Rétablir la version 2").wait_for()
            screenshot(page, "data-management-history-fr")

            errors = [e for e in traffic.console_errors if not any(b in e for b in BENIGN_CONSOLE)]
            assert (traffic.foreign_requests, errors, traffic.page_errors) == ([], [], [])
        finally:
            context.close()

    versions = read_log(data_dir)
    assert [(v.action, v.who, v.reason) for v in versions][1] == (
        "publish",
        "Alice Editor <alice> (local)",
        "2025 figures from the annual report",
    )
    assert (versions[2].summary, versions[2].reason) == (
        "allegations.csv: 1 changed",
        "chiffre corrigé du rapport annuel",
    )
    assert "4322" in (data_dir / "allegations.csv").read_text()
    assert _digest(ROOT / "data") == shipped
