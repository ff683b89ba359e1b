"""Local accounts, password checks, sign-in throttling and editor roles (no browser)."""

from __future__ import annotations

import stat
import subprocess
from pathlib import Path

import pytest

from components.editing.accounts import main as accounts_command
from components.editing.auth import (
    AccountError,
    SignInThrottle,
    accounts_toml,
    editor_emails_from,
    load_accounts,
    new_account,
    oidc_user,
    save_accounts,
    sign_in,
    verify_password,
)

PASSWORD = "correct horse battery"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_saved_account_stores_a_salted_hash_not_the_password(tmp_path):
    path = tmp_path / "accounts.toml"
    save_accounts(path, [new_account("alice", PASSWORD, name="Alice A.")])
    text = path.read_text()
    assert PASSWORD not in text
    assert "$argon2id$" in text
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert verify_password(load_accounts(path), "alice", PASSWORD).name == "Alice A."


def test_two_accounts_with_the_same_password_get_different_hashes():
    assert new_account("alice", PASSWORD).password_hash != new_account("bob", PASSWORD).password_hash


def test_wrong_password_and_unknown_user_are_refused():
    accounts = {"alice": new_account("alice", PASSWORD)}
    assert verify_password(accounts, "alice", PASSWORD + "x") is None
    assert verify_password(accounts, "mallory", PASSWORD) is None
    assert verify_password(accounts, " ALICE ", PASSWORD).username == "alice"


def test_short_password_and_odd_user_name_are_refused():
    with pytest.raises(AccountError, match="at least 12"):
        new_account("alice", "short")
    with pytest.raises(AccountError, match="user name"):
        new_account("<script>", PASSWORD)


def test_no_accounts_file_means_no_accounts(tmp_path):
    assert load_accounts(tmp_path / "absent.toml") == {}


def test_names_with_quotes_round_trip_through_the_toml_file(tmp_path):
    path = tmp_path / "a.toml"
    save_accounts(path, [new_account("jo.oneil@un.org", PASSWORD, name='Jo "the editor" O\'Neil')])
    assert load_accounts(path)["jo.oneil@un.org"].name == 'Jo "the editor" O\'Neil'
    assert accounts_toml([]).startswith("#")


def test_sign_in_is_throttled_after_five_failures_even_with_the_right_password():
    accounts = {"alice": new_account("alice", PASSWORD)}
    clock = Clock()
    throttle = SignInThrottle(clock=clock)
    for _ in range(5):
        assert sign_in(accounts, "alice", "guess", throttle).message == "Wrong user name or password."
    refused = sign_in(accounts, "alice", PASSWORD, throttle)
    assert refused.user is None
    assert refused.message == "Too many failed sign-ins. Try again in 31 seconds."
    clock.now += 31
    assert sign_in(accounts, "alice", PASSWORD, throttle).user.id == "alice"


def test_throttle_delay_doubles_and_is_capped():
    clock = Clock()
    throttle = SignInThrottle(clock=clock, base_delay=30, max_delay=100)
    for _ in range(6):
        throttle.record_failure(["user:x"])
    assert throttle.wait_seconds(["user:x"]) == 60
    for _ in range(5):
        throttle.record_failure(["user:x"])
    assert throttle.wait_seconds(["user:x"]) == 100


def test_throttle_per_client_stops_guessing_across_user_names():
    accounts = {"alice": new_account("alice", PASSWORD)}
    throttle = SignInThrottle(clock=Clock())
    for name in ("a1", "a2", "a3", "a4", "a5"):
        sign_in(accounts, name, "guess", throttle, client="10.0.0.9")
    assert sign_in(accounts, "alice", PASSWORD, throttle, client="10.0.0.9").user is None
    assert sign_in(accounts, "alice", PASSWORD, throttle, client="10.0.0.10").user is not None


def test_oidc_user_is_an_editor_only_when_listed():
    editors = editor_emails_from("Officer@UN.org, other@un.org")
    assert oidc_user("officer@un.org", "Officer", editors).is_editor
    assert not oidc_user("viewer@un.org", "Viewer", editors).is_editor
    assert not oidc_user("", "", editors).is_editor
    assert editor_emails_from(["a@un.org", " "]) == ("a@un.org",)


def test_add_user_command_writes_an_editor_and_never_takes_the_password_as_an_argument(tmp_path, capsys):
    path = tmp_path / "accounts.toml"
    code = accounts_command(
        ["--file", str(path), "add-user", "Alice", "--name", "Alice"], read_password=lambda: PASSWORD
    )
    assert code == 0
    assert load_accounts(path)["alice"].roles == ("editor",)
    assert accounts_command(["--file", str(path), "add-user", "bob"], read_password=lambda: "short") == 1
    assert "at least 12" in capsys.readouterr().err
    assert accounts_command(["--file", str(path), "remove-user", "alice"]) == 0
    assert load_accounts(path) == {}


def test_accounts_secrets_and_data_history_are_git_ignored():
    root = Path(__file__).resolve().parents[1]
    for path in (".streamlit/accounts.toml", ".streamlit/secrets.toml", "data/.history/log.jsonl"):
        ignored = subprocess.run(["git", "check-ignore", "-q", path], cwd=root, check=False)
        assert ignored.returncode == 0, f"{path} is not git-ignored"
