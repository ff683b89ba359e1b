"""The data-management page through the real entry script (AppTest): hidden from visitors, reached by a
signed-in editor, and its history can restore a version.

AppTest (Streamlit 1.67) cannot drive a file upload; the upload → problems → publish path is driven in
Chromium by tests/browser/test_data_management_in_browser.py.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

import components.ui.session_user as session_user
from components.data.bundle import DATA_DIR_ENV, load_bundle
from components.editing.auth import ACCOUNTS_FILE_ENV, SignInThrottle, new_account, save_accounts
from components.editing.publish import publish
from components.editing.uploads import prepare_change, read_upload
from components.figures.formatting import escape_markdown
from tests.french_page import english_left, page_words
from tests.tiny_data import write_data

PASSWORD = "correct horse battery"
MANAGEMENT = "pages/data_management.py"


@pytest.fixture(scope="module")
def editor_and_viewer():
    """Hashed once for the module (an argon2 hash is about 0.15 s of CPU); each test still gets its own file."""
    return [new_account("alice", PASSWORD, name="Alice Editor"), new_account("vic", PASSWORD, ["viewer"])]


@pytest.fixture(autouse=True)
def accounts(tmp_path, monkeypatch, editor_and_viewer):
    path = tmp_path / "accounts.toml"
    save_accounts(path, editor_and_viewer)
    monkeypatch.setenv(ACCOUNTS_FILE_ENV, str(path))
    monkeypatch.setattr(session_user, "THROTTLE", SignInThrottle())
    return path


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    folder = write_data(tmp_path / "data")
    monkeypatch.setenv(DATA_DIR_ENV, str(folder))
    return folder


def _app(lang: str | None = None) -> AppTest:
    at = AppTest.from_file("../dashboard.py", default_timeout=120)
    if lang is not None:
        at.query_params["lang"] = lang
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _sign_in(at: AppTest, username: str, password: str) -> AppTest:
    at.switch_page("pages/sign_in.py")
    at.run()
    user, secret = at.text_input
    user.input(username)
    secret.input(password)
    at.button[0].click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _management_tools_shown(at: AppTest) -> bool:
    """Whether asking for the page gives the user its import and history tabs.

    AppTest refuses to switch to a page the navigation does not hold; after some runs it switches anyway
    (it also knows the scripts of pages/), and then the page's own guard must stop before any tool shows.
    """
    try:
        at.switch_page(MANAGEMENT)
    except ValueError as refused:
        assert "Could not find a navigation page" in str(refused)
        return False
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    shown = len(at.tabs) > 0 or any(s.label == "Dataset" for s in at.selectbox)
    if not shown:
        assert at.error[0].value.startswith("Only a signed-in editor can change the data.")
    return shown


def test_visitor_has_no_data_management_page_but_a_sign_in_page(data_dir):
    at = _app()
    assert not _management_tools_shown(at)
    at.switch_page("pages/sign_in.py")
    at.run()
    assert at.title[0].value == "Editor sign-in"
    assert [t.label for t in at.text_input] == ["User name", "Password"]


def test_wrong_password_is_refused_and_the_page_stays_hidden(data_dir):
    at = _sign_in(_app(), "alice", "not the password")
    assert at.error[0].value == "Wrong user name or password."
    assert not _management_tools_shown(at)


def test_sixth_failed_sign_in_is_throttled(data_dir):
    at = _app()
    for _ in range(5):
        at = _sign_in(at, "alice", "guess")
    at = _sign_in(at, "alice", PASSWORD)
    assert at.error[0].value.startswith("Too many failed sign-ins. Try again in")


def test_signed_in_user_without_editor_role_does_not_get_the_page(data_dir):
    at = _sign_in(_app(), "vic", PASSWORD)
    assert not _management_tools_shown(at)


def test_signed_in_editor_reaches_the_page_with_import_and_history(data_dir):
    at = _sign_in(_app(), "alice", PASSWORD)
    at.switch_page(MANAGEMENT)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "Data management"
    assert [t.label for t in at.tabs] == ["Import and publish", "Version history"]
    assert at.selectbox[0].options == [
        "Allegation figures",
        "Contributions",
        "Funding snapshots",
        "Portfolio figures (what the Fund reports it has reached)",
        "Projects",
        "Sources",
    ]
    assert "Signed in as Alice Editor." in at.caption[0].value
    assert at.get("download_button")[0].proto.label == "Download the template (CSV)"
    assert "Nothing has been published from this page yet." in at.info[0].value


def test_editor_restores_an_earlier_version_from_the_history_tab(data_dir):
    rows = b"year,period,scope,measure,value,qualifier,source_id\n"
    rows += b"2021,year,peace_operations,allegations,70,exact,un-doc-2020\n"
    upload = read_upload("new.csv", rows)
    change = prepare_change(data_dir, load_bundle(data_dir), "allegations", upload)
    publish(data_dir, change.new_texts, change.base_checksums, "alice", "allegations", "1 added", "report 2022")

    at = _sign_in(_app(), "alice", PASSWORD)
    at.switch_page(MANAGEMENT)
    at.run()
    version_choice = next(s for s in at.selectbox if s.label == "Version")
    assert len(version_choice.options) == 1
    assert version_choice.options[0].startswith("1 — ")
    assert version_choice.options[0].endswith("UTC, (before the first publish): the data as found")
    at.text_input(key="restore-reason").input("the 2021 figure was not final")
    at.run()
    next(b for b in at.button if b.label == "Restore version 1").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.success[0].value == "Restored version 1 as version 3."
    assert 70 not in load_bundle(data_dir).allegations["value"].tolist()


def _oidc_app(email: str) -> AppTest:
    """An identity provider configured in secrets, and a user it signed in (AppTest stands in for st.login)."""
    at = AppTest.from_file("../dashboard.py", default_timeout=120)
    at.secrets["auth"] = {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "test-cookie-secret",
        "client_id": "dashboard",
        "client_secret": "secret",
        "server_metadata_url": "https://idp.example.org/.well-known/openid-configuration",
    }
    at.secrets["tfsea"] = {"editor_emails": ["officer@un.example"]}
    at.user = {"is_logged_in": True, "email": email, "name": "Fund Officer"}
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_identity_provider_user_listed_as_editor_reaches_the_page(data_dir):
    at = _oidc_app("Officer@UN.example")
    at.switch_page(MANAGEMENT)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert [t.label for t in at.tabs] == ["Import and publish", "Version history"]
    assert "Signed in as Fund Officer." in at.caption[0].value


def test_identity_provider_user_not_listed_is_told_and_gets_no_page(data_dir):
    at = _oidc_app("someone@elsewhere.example")
    assert not _management_tools_shown(at)
    at.switch_page("pages/sign_in.py")
    at.run()
    assert at.warning[0].value.startswith("You are signed in as Fund Officer, who has no editor role.")


def _publish_one_row(data_dir) -> None:
    rows = b"year,period,scope,measure,value,qualifier,source_id\n"
    rows += b"2021,year,peace_operations,allegations,70,exact,un-doc-2020\n"
    change = prepare_change(data_dir, load_bundle(data_dir), "allegations", read_upload("new.csv", rows))
    publish(data_dir, change.new_texts, change.base_checksums, "alice", "allegations", "1 added", "report 2022")


def _management_page(data_dir) -> AppTest:
    at = _sign_in(_app(), "alice", PASSWORD)
    at.switch_page(MANAGEMENT)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_editor_is_told_when_the_files_in_use_differ_from_the_last_version_and_can_restore_it(data_dir):
    _publish_one_row(data_dir)
    path = data_dir / "allegations.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:-1]), encoding="utf-8")  # cut at a line boundary: still a valid CSV

    at = _management_page(data_dir)
    assert at.warning[0].value.replace("\\", "") == (
        "The data files in use differ from the last published version, 2: allegations.csv (changed). They were "
        "changed outside this page. If that was not meant, restore version 2 in the “Version history” tab."
    )
    headline = at.table[0].value
    assert list(headline.columns) == ["figure", "version 2", "in use now"]
    # 70 for 2021 is the published row; 66 for 2020 is tiny_data's peace-operations figure.
    assert headline.to_dict("records") == [
        {"figure": "Allegations in 2021", "version 2": "70", "in use now": "—"},
        {"figure": "Allegations in 2020", "version 2": "—", "in use now": "66"},
    ]
    version_choice = next(s for s in at.selectbox if s.label == "Version")
    assert version_choice.options[0].startswith("2 — ")


def test_disk_full_on_restore_is_said_in_plain_words_and_nothing_is_lost(data_dir, monkeypatch):
    import errno
    import os

    _publish_one_row(data_dir)
    before = (data_dir / "allegations.csv").read_bytes()
    at = _management_page(data_dir)
    at.text_input(key="restore-reason").input("undo")
    at.run()

    def disk_full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    next(b for b in at.button if b.label == "Restore version 1").click()
    at.run()
    monkeypatch.undo()
    assert not at.exception, [e.value for e in at.exception]
    assert at.error[0].value.startswith(
        "The data folder could not be written (No space left on device). Nothing was published and no data was lost."
    )
    assert (data_dir / "allegations.csv").read_bytes() == before


def test_removed_editor_loses_the_page_on_the_next_run(data_dir, accounts):
    at = _management_page(data_dir)
    assert [t.label for t in at.tabs] == ["Import and publish", "Version history"]
    save_accounts(accounts, [new_account("vic", PASSWORD, ["viewer"])])
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.tabs) == 0
    assert not _management_tools_shown(at)


def test_editor_whose_role_is_changed_to_viewer_loses_the_page(data_dir, accounts):
    at = _management_page(data_dir)
    save_accounts(accounts, [new_account("alice", PASSWORD, ["viewer"], name="Alice Editor")])
    at.run()
    assert len(at.tabs) == 0
    assert not _management_tools_shown(at)


NBSP = "\u00a0"


def _words_without_the_folder(at: AppTest, data_dir) -> list[str]:
    """The page's words, the data folder's path taken out (pytest names it in English: /tmp/pytest-of-root/…)."""
    return [text.replace(escape_markdown(data_dir), "") for text in page_words(at)]


def test_a_francophone_officer_signs_in_reads_the_page_and_restores_a_version_in_french(data_dir):
    _publish_one_row(data_dir)
    bundle = load_bundle(data_dir)
    at = _app("fr")
    at.switch_page("pages/sign_in.py")
    at.run()
    assert at.title[0].value == "Connexion des éditeurs"
    assert [t.label for t in at.text_input] == ["Nom d'utilisateur", "Mot de passe"]
    assert english_left(page_words(at), bundle) == []

    at = _sign_in(at, "alice", "not the password")
    assert at.error[0].value == "Nom d'utilisateur ou mot de passe incorrect."
    at = _sign_in(at, "alice", PASSWORD)
    at.switch_page(MANAGEMENT)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "Gestion des données"
    assert at.caption[0].value.startswith(f"Session ouverte{NBSP}: Alice Editor. Dossier des données{NBSP}: ")
    assert [t.label for t in at.tabs] == ["Importer et publier", "Historique des versions"]
    dataset = next(s for s in at.selectbox if s.label == "Jeu de données")
    assert dataset.options == [
        "Chiffres des allégations",
        "Contributions",
        "Situations de financement",
        "Chiffres du portefeuille (ce que le Fonds indique avoir atteint)",
        "Projets",
        "Sources",
    ]
    assert at.radio[0].label == "Effet du fichier"
    assert at.radio[0].options[0].startswith("Ajouter les nouvelles lignes")
    assert at.get("download_button")[0].proto.label == "Télécharger le modèle (CSV)"
    version_choice = next(s for s in at.selectbox if s.label == "Version")
    assert version_choice.options[0].startswith("1 — ")
    assert version_choice.options[0].endswith(
        f"UTC, (avant la première publication){NBSP}: les données telles qu'elles étaient"
    )
    assert english_left(_words_without_the_folder(at, data_dir), bundle) == []

    at.text_input(key="restore-reason").input("le chiffre de 2021 n'était pas définitif")
    at.run()
    next(b for b in at.button if b.label == "Rétablir la version 1").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.success[0].value == "Version 1 rétablie comme version 3."
    history = at.dataframe[0].value
    assert list(history.columns) == ["version", "date (UTC)", "auteur", "action", "modification", "motif"]
    assert history.iloc[0]["action"] == "rétablissement de la version 1"
    assert history.iloc[0]["modification"] == "version 1 rétablie"
    assert history.iloc[0]["motif"] == "le chiffre de 2021 n'était pas définitif"  # as its editor wrote it


def test_files_changed_outside_the_page_are_said_in_french(data_dir):
    _publish_one_row(data_dir)
    path = data_dir / "allegations.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:-1]), encoding="utf-8")

    at = _sign_in(_app("fr"), "alice", PASSWORD)
    at.switch_page(MANAGEMENT)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.warning[0].value.replace("\\", "") == (
        f"Les fichiers de données utilisés diffèrent de la dernière version publiée, la version 2{NBSP}: "
        "allegations.csv (modifié). Ils ont été modifiés en dehors de cette page. Si ce n'était pas voulu, "
        f"rétablissez la version 2 dans l'onglet «{NBSP}Historique des versions{NBSP}»."
    )
    assert list(at.table[0].value.columns) == ["chiffre", "version 2", "utilisé maintenant"]
