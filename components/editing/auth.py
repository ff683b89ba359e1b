"""Who may edit the data (pure): local accounts with salted argon2 hashes, sign-in throttling, editor roles.

Viewing needs no account. Editing needs a signed-in user with the `editor` role, either a local account
(for a laptop or an office without an identity provider) or an OIDC user whose e-mail is listed as an
editor. No account ships: `python -m components.editing.accounts add-user NAME` creates the first one.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import re
import threading
import time
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from components.language.translation import ENGLISH, Language

log = logging.getLogger("tfsea.auth")
ACCOUNTS_FILE_ENV = "TFSEA_ACCOUNTS_FILE"
# The header a trusted reverse proxy sets to the client's address (e.g. X-Forwarded-For); unset = none.
TRUSTED_PROXY_HEADER_ENV = "TFSEA_TRUSTED_PROXY_HEADER"
EDITOR_EMAILS_ENV = "TFSEA_EDITOR_EMAILS"
DEFAULT_ACCOUNTS_FILE = Path(__file__).resolve().parents[2] / ".streamlit" / "accounts.toml"
EDITOR_ROLE = "editor"
ROLES = (EDITOR_ROLE, "viewer")
MIN_PASSWORD_LENGTH = 12
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{1,63}$")

_hasher = PasswordHasher()


@functools.cache
def _dummy_hash() -> str:
    """Verifying against this when the user does not exist takes as long as a real check, so the time a
    failed sign-in takes does not tell an attacker which user names exist. Made at the first sign-in, not
    at import: each argon2 hash briefly takes 64 MB, which every server start paid for nothing."""
    return _hasher.hash("not a password: used to even out timing")


class AccountError(ValueError):
    """A user name, password or accounts file that cannot be used, said in words."""


@dataclass(frozen=True)
class Account:
    username: str
    password_hash: str
    roles: tuple[str, ...]
    name: str = ""


@dataclass(frozen=True)
class User:
    """Whoever is signed in, however they signed in."""

    id: str
    name: str
    roles: tuple[str, ...]
    method: str  # "local" | "oidc"

    @property
    def is_editor(self) -> bool:
        return EDITOR_ROLE in self.roles


def accounts_path() -> Path:
    """The local accounts file: the environment's setting, else .streamlit/accounts.toml (git-ignored)."""
    return Path(os.environ.get(ACCOUNTS_FILE_ENV) or DEFAULT_ACCOUNTS_FILE)


def normalise_username(username: str) -> str:
    return username.strip().lower()


def check_username(username: str) -> str:
    name = normalise_username(username)
    if not _USERNAME.match(name):
        raise AccountError(
            "a user name is 2 to 64 characters: lower-case letters, digits and . _ @ -, starting with a letter or digit"
        )
    return name


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    if password.strip() != password:
        raise AccountError("a password must not start or end with a space")


def load_accounts(path: Path) -> dict[str, Account]:
    """Accounts by user name; an absent file means no accounts."""
    if not path.exists():
        return {}
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise AccountError(f"{path} is not a valid accounts file: {exc}") from exc
    accounts = {}
    for username, entry in (document.get("users") or {}).items():
        if not isinstance(entry, Mapping) or not isinstance(entry.get("password_hash"), str):
            raise AccountError(f"{path}: user {username!r} has no password_hash")
        roles = tuple(str(r) for r in entry.get("roles") or ())
        accounts[username] = Account(username, entry["password_hash"], roles, str(entry.get("name") or ""))
    return accounts


def _toml_string(text: str) -> str:
    # A JSON string is a valid TOML basic string (same escapes), so json.dumps quotes safely.
    return json.dumps(text, ensure_ascii=False)


def accounts_toml(accounts: Iterable[Account]) -> str:
    lines = [
        "# Local editor accounts for the dashboard. Written by `python -m components.editing.accounts`; never commit.",
        "",
    ]
    for account in sorted(accounts, key=lambda a: a.username):
        lines += [
            f"[users.{_toml_string(account.username)}]",
            f"name = {_toml_string(account.name)}",
            f"roles = [{', '.join(_toml_string(r) for r in account.roles)}]",
            f"password_hash = {_toml_string(account.password_hash)}",
            "",
        ]
    return "\n".join(lines)


def save_accounts(path: Path, accounts: Iterable[Account]) -> None:
    """Write the file readable by its owner only, replacing it in one step."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(accounts_toml(accounts))
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


def new_account(username: str, password: str, roles: Iterable[str] = (EDITOR_ROLE,), name: str = "") -> Account:
    username = check_username(username)
    check_password(password)
    roles = tuple(roles)
    unknown = [r for r in roles if r not in ROLES]
    if unknown:
        raise AccountError(f"unknown role {unknown[0]!r}: use one of {', '.join(ROLES)}")
    return Account(username, _hasher.hash(password), roles, name.strip())


def verify_password(accounts: Mapping[str, Account], username: str, password: str) -> Account | None:
    """The account if the password matches, else None; unknown users take as long as known ones."""
    account = accounts.get(normalise_username(username))
    try:
        _hasher.verify(account.password_hash if account else _dummy_hash(), password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return None
    return account


def local_user(account: Account) -> User:
    return User(account.username, account.name or account.username, account.roles, "local")


def oidc_user(email: str, name: str, editor_emails: Iterable[str]) -> User:
    """An identity-provider user: an editor only if their e-mail is listed in the setting."""
    email = email.strip().lower()
    editors = {e.strip().lower() for e in editor_emails if e.strip()}
    return User(email, name or email, (EDITOR_ROLE,) if email and email in editors else (), "oidc")


def editor_emails_from(setting: object) -> tuple[str, ...]:
    """The editor list as given in secrets.toml (a list) or the environment (comma-separated)."""
    if isinstance(setting, str):
        return tuple(e.strip() for e in setting.split(",") if e.strip())
    if isinstance(setting, Iterable):
        return tuple(str(e).strip() for e in setting if str(e).strip())
    return ()


@dataclass
class SignInThrottle:
    """Slows down password guessing: after `free_attempts` failures for one user name from one client,
    each further attempt waits, doubling from `base_delay` up to `max_delay` seconds.

    Keyed by user name and client together, so a stranger guessing an editor's password slows down only
    their own attempts, never the editor's. An attempt is reserved (counted) before the password is
    checked, so attempts sent in parallel cannot all pass the check; a success clears the count. The
    table holds at most `max_entries` keys: expired ones go first, then the oldest.

    One throttle serves the whole server process, so opening a new browser tab does not reset it.
    """

    free_attempts: int = 5
    base_delay: float = 30.0
    max_delay: float = 900.0
    forget_after: float = 3600.0
    max_entries: int = 10_000
    clock: Callable[[], float] = time.monotonic
    _failures: dict[str, tuple[int, float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _delay(self, count: int) -> float:
        if count < self.free_attempts:
            return 0.0
        return min(self.base_delay * 2 ** (count - self.free_attempts), self.max_delay)

    def _wait(self, key: str, now: float) -> float:
        count, last = self._failures.get(key, (0, 0.0))
        if count and now - last > self.forget_after:
            del self._failures[key]
            return 0.0
        return max(last + self._delay(count) - now, 0.0)

    def _make_room(self, now: float) -> None:
        if len(self._failures) < self.max_entries:
            return
        for key in [k for k, (_, last) in self._failures.items() if now - last > self.forget_after]:
            del self._failures[key]
        while len(self._failures) >= self.max_entries:
            del self._failures[min(self._failures, key=lambda k: self._failures[k][1])]

    def reserve(self, key: str) -> float:
        """0 and the attempt counted as a failure until it succeeds, or the seconds to wait (nothing counted)."""
        now = self.clock()
        with self._lock:
            wait = self._wait(key, now)
            if wait > 0:
                return wait
            if key not in self._failures:
                self._make_room(now)
            count, _ = self._failures.get(key, (0, 0.0))
            self._failures[key] = (count + 1, now)
            return 0.0

    def record_success(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)

    def __len__(self) -> int:
        return len(self._failures)


def throttle_key(username: str, client: str | None) -> str:
    return f"{normalise_username(username)}|{client or '(unknown client)'}"


def client_address(peer: str | None, headers: Mapping[str, str], trusted_header: str | None) -> str | None:
    """The client's address: from the header a trusted proxy sets, when one is configured, else the peer.

    In X-Forwarded-For the last address is the one the proxy itself appended; earlier ones come from the
    client and can be forged, so only the last one is used.
    """
    if trusted_header:
        value = next((v for k, v in headers.items() if k.lower() == trusted_header.lower()), "")
        address = value.split(",")[-1].strip()
        if address:
            return address
    return peer if isinstance(peer, str) and peer else None


@dataclass(frozen=True)
class SignInResult:
    """The user signed in (None if refused) and what to tell them, written in the viewer's language by `text`
    (sign-in is checked once, the words are chosen by whoever reads them)."""

    user: User | None
    say: Callable[[Language], str]

    def text(self, lang: Language = ENGLISH) -> str:
        return self.say(lang)

    @property
    def message(self) -> str:
        """In English (logs, tests)."""
        return self.text()


def sign_in(
    accounts: Mapping[str, Account],
    username: str,
    password: str,
    throttle: SignInThrottle,
    client: str | None = None,
) -> SignInResult:
    """Check a local sign-in, throttled per user name and client together (logged without the password)."""
    key = throttle_key(username, client)
    known = normalise_username(username) in accounts
    who = normalise_username(username) if known else "(unknown user name)"
    wait = throttle.reserve(key)
    if wait > 0:
        log.warning("sign-in throttled: %s from %s", who, client)
        seconds = int(wait) + 1
        return SignInResult(
            None,
            lambda lang: lang.n_(
                "Too many failed sign-ins. Try again in {n} second.",
                "Too many failed sign-ins. Try again in {n} seconds.",
                seconds,
            ),
        )
    account = verify_password(accounts, username, password)
    if account is None:
        log.warning("failed sign-in: %s from %s", who, client)
        return SignInResult(None, lambda lang: lang._("Wrong user name or password."))
    throttle.record_success(key)
    log.info("signed in: %s from %s", account.username, client)
    name = account.name or account.username
    return SignInResult(local_user(account), lambda lang: lang._("Signed in as {name}.", name=name))


def refreshed_user(user: User, accounts: Mapping[str, Account]) -> User | None:
    """The signed-in local user as the accounts file says now: None once the account is removed, with its
    current roles otherwise (a role taken away takes effect on the next run)."""
    account = accounts.get(user.id)
    return None if account is None else local_user(account)
