"""A broken data file is named in the app, and the app keeps serving the last good data."""

from __future__ import annotations

import os

from streamlit.testing.v1 import AppTest

from components.data.bundle import DATA_DIR_ENV
from components.editing.auth import ACCOUNTS_FILE_ENV, load_accounts, local_user, new_account, save_accounts
from components.ui.caches import current_data
from tests.tiny_data import write_data


def test_broken_file_keeps_the_last_good_data_and_names_the_problem(tmp_path, monkeypatch):
    folder = write_data(tmp_path / "data")
    monkeypatch.setenv(DATA_DIR_ENV, str(folder))
    good = current_data()
    assert good.error is None and len(good.bundle.allegations) == 3

    path = folder / "allegations.csv"
    path.write_text(path.read_text().replace(",80,", ",eighty,"), encoding="utf-8")
    os.utime(path, ns=(1, 1))  # a different mtime, as any edit gives
    broken = current_data()
    assert broken.bundle is good.bundle
    assert "allegations.csv, row 2, column 'value'" in broken.error.issues[0].message()


def _app_with_broken_funding(tmp_path, monkeypatch, user=None) -> AppTest:
    folder = write_data(tmp_path / "data")
    (folder / "funding.csv").write_text("as_of,measure\n2018,cumulative_usd\n", encoding="utf-8")
    monkeypatch.setenv(DATA_DIR_ENV, str(folder))
    at = AppTest.from_file("../dashboard.py", default_timeout=60)
    if user is not None:
        at.session_state["_signed_in_user"] = user
    at.run()
    assert not at.exception
    return at


def test_viewers_are_told_which_file_has_problems_but_not_where_it_lives(tmp_path, monkeypatch):
    at = _app_with_broken_funding(tmp_path, monkeypatch)
    message = at.error[0].value.replace("\\", "")
    assert message.startswith("The data files have problems: funding.csv (")
    assert str(tmp_path) not in message
    assert [t.value for t in at.text] == []
    assert [e.label for e in at.expander] == []


def test_editors_get_every_problem_with_its_place(tmp_path, monkeypatch):
    accounts = tmp_path / "accounts.toml"
    save_accounts(accounts, [new_account("alice", "correct horse battery")])
    monkeypatch.setenv(ACCOUNTS_FILE_ENV, str(accounts))
    at = _app_with_broken_funding(tmp_path, monkeypatch, local_user(load_accounts(accounts)["alice"]))
    assert at.error[0].value.replace("\\", "").startswith("The data files have problems: funding.csv (")
    assert any("funding.csv" in t.value and "missing" in t.value for t in at.text)


def test_problems_found_once_are_read_by_each_viewer_in_their_own_language(tmp_path, monkeypatch):
    accounts = tmp_path / "accounts.toml"
    save_accounts(accounts, [new_account("alice", "correct horse battery")])
    monkeypatch.setenv(ACCOUNTS_FILE_ENV, str(accounts))
    alice = local_user(load_accounts(accounts)["alice"])
    english = _app_with_broken_funding(tmp_path, monkeypatch, alice)
    french = AppTest.from_file("../dashboard.py", default_timeout=60)
    french.session_state["_signed_in_user"] = alice
    french.query_params["lang"] = "fr"
    french.run()
    assert not french.exception

    assert english.error[0].value.replace("\\", "").startswith("The data files have problems: funding.csv (")
    assert french.error[0].value.replace("\\", "") == (
        "Les fichiers de données comportent des problèmes\u00a0: funding.csv (8 problèmes). Aucune donnée valide "
        "n'a encore été chargée\u00a0: rien ne peut être affiché tant que les fichiers ne sont pas corrigés."
    )
    assert [e.label for e in french.expander] == ["Ce qui ne va pas, fichier par fichier"]
    # Editors see the file's place on the server, as the loader found it.
    assert any(t.value.endswith("funding.csv, column 'value': value '' — the column is missing") for t in english.text)
    assert any(
        t.value.endswith("funding.csv, colonne «\u00a0value\u00a0»\u00a0: valeur '' — la colonne est absente")
        for t in french.text
    )
