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
    client_address,
    editor_emails_from,
    load_accounts,
    local_user,
    new_account,
    oidc_user,
    refreshed_user,
    save_accounts,
    sign_in,
    verify_password,
)
from components.language.translation import FRENCH

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
    assert [throttle.reserve("x|c") for _ in range(5)] == [0, 0, 0, 0, 0]
    assert throttle.reserve("x|c") == 30
    clock.now += 30
    assert throttle.reserve("x|c") == 0
    assert throttle.reserve("x|c") == 60
    clock.now += 60
    assert throttle.reserve("x|c") == 0
    assert throttle.reserve("x|c") == 100


def test_a_stranger_failing_from_another_client_does_not_lock_the_editor_out():
    accounts = {"alice": new_account("alice", PASSWORD)}
    throttle = SignInThrottle(clock=Clock())
    for _ in range(20):
        sign_in(accounts, "alice", "guess", throttle, client="203.0.113.9")
    assert sign_in(accounts, "alice", PASSWORD, throttle, client="203.0.113.9").user is None
    assert sign_in(accounts, "alice", PASSWORD, throttle, client="10.0.0.10").user is not None


def test_parallel_attempts_cannot_all_pass_the_check():
    """Each attempt is counted before its password is checked: 20 at once, only the free 5 are checked."""
    import threading

    import components.editing.auth as auth

    accounts = {"alice": new_account("alice", PASSWORD)}
    throttle = SignInThrottle(clock=Clock())
    start = threading.Barrier(20)
    checked = []
    real_verify = auth.verify_password

    def slow_verify(*args):
        checked.append(1)
        return real_verify(*args)

    results = []

    def attempt():
        start.wait()
        results.append(sign_in(accounts, "alice", "guess", throttle, client="10.0.0.9").message)

    auth.verify_password, original = slow_verify, auth.verify_password
    try:
        threads = [threading.Thread(target=attempt) for _ in range(20)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        auth.verify_password = original
    assert len(checked) == 5
    assert results.count("Wrong user name or password.") == 5


def test_the_table_of_failures_stays_bounded():
    throttle = SignInThrottle(clock=Clock(), max_entries=100)
    for n in range(1000):
        throttle.reserve(f"name{n}|10.0.0.{n % 250}")
    assert len(throttle) == 100


def test_client_address_comes_from_the_trusted_proxy_header_only_when_configured():
    headers = {"X-Forwarded-For": "6.6.6.6, 198.51.100.7"}
    assert client_address("10.0.0.1", headers, None) == "10.0.0.1"
    assert client_address("10.0.0.1", headers, "x-forwarded-for") == "198.51.100.7"
    assert client_address("10.0.0.1", {}, "X-Forwarded-For") == "10.0.0.1"


def test_sign_ins_and_failures_are_logged_without_the_password(caplog):
    caplog.set_level("INFO", logger="tfsea")
    accounts = {"alice": new_account("alice", PASSWORD)}
    throttle = SignInThrottle(clock=Clock())
    sign_in(accounts, "alice", "wrong-secret-guess", throttle, client="10.0.0.9")
    sign_in(accounts, "alice", PASSWORD, throttle, client="10.0.0.9")
    assert [r.getMessage() for r in caplog.records if r.name == "tfsea.auth"] == [
        "failed sign-in: alice from 10.0.0.9",
        "signed in: alice from 10.0.0.9",
    ]
    assert "wrong-secret-guess" not in caplog.text and PASSWORD not in caplog.text


def test_a_removed_account_or_a_changed_role_takes_effect_on_the_signed_in_user():
    alice = local_user(new_account("alice", PASSWORD))
    assert refreshed_user(alice, {}) is None
    demoted = refreshed_user(alice, {"alice": new_account("alice", PASSWORD, ["viewer"])})
    assert demoted is not None and not demoted.is_editor


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


def test_sign_in_results_are_said_in_the_readers_language():
    accounts = {"alice": new_account("alice", PASSWORD, name="Alice Editor")}
    clock = Clock()
    throttle = SignInThrottle(clock=clock)
    assert sign_in(accounts, "alice", PASSWORD, throttle).text(FRENCH) == "Session ouverte\u00a0: Alice Editor."
    for _ in range(5):
        wrong = sign_in(accounts, "alice", "guess", throttle)
        assert wrong.text(FRENCH) == "Nom d'utilisateur ou mot de passe incorrect."
    refused = sign_in(accounts, "alice", PASSWORD, throttle)
    assert refused.text(FRENCH) == "Trop de tentatives de connexion échouées. Réessayez dans 31 secondes."
    clock.now += 29.5
    assert sign_in(accounts, "alice", PASSWORD, throttle).message == "Too many failed sign-ins. Try again in 1 second."
