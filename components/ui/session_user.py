"""The signed-in user of this browser session, and the sign-in / sign-out controls.

Two ways in: Streamlit's `st.login` when an identity provider is set in `[auth]` of secrets.toml (editors
are the e-mails in `[tfsea] editor_emails` or `TFSEA_EDITOR_EMAILS`), and local accounts from the accounts
file. The rules themselves are in components/editing/auth.py.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

import streamlit as st

from components.editing.auth import (
    EDITOR_EMAILS_ENV,
    TRUSTED_PROXY_HEADER_ENV,
    AccountError,
    SignInThrottle,
    User,
    accounts_path,
    client_address,
    editor_emails_from,
    load_accounts,
    log,
    oidc_user,
    refreshed_user,
    sign_in,
)
from components.figures.formatting import escape_markdown
from components.language.translation import ENGLISH, Language

_USER_KEY = "_signed_in_user"
# One per server process: every session's failed attempts count against the same user name and client.
THROTTLE = SignInThrottle()


def _secrets_section(name: str) -> dict:
    try:
        if not st.secrets.load_if_toml_exists():
            return {}
        return dict(st.secrets.get(name) or {})
    except Exception:  # a broken secrets.toml must not take the public pages down with it
        return {}


def oidc_configured() -> bool:
    return bool(_secrets_section("auth"))


def oidc_providers() -> list[str | None]:
    """The identity providers of `[auth]`: None for one set directly in it, else each `[auth.NAME]`."""
    section = _secrets_section("auth")
    named = [name for name, value in section.items() if isinstance(value, Mapping)]
    return ([None] if "client_id" in section else []) + named


def editor_emails() -> tuple[str, ...]:
    configured = _secrets_section("tfsea").get("editor_emails")
    return editor_emails_from(configured if configured is not None else os.environ.get(EDITOR_EMAILS_ENV, ""))


def _refreshed_local_user(user: User) -> User | None:
    """The account as the accounts file says on this run (it is small): removed means signed out."""
    try:
        refreshed = refreshed_user(user, load_accounts(accounts_path()))
    except AccountError:  # an unreadable accounts file gives no one editing rights
        refreshed = None
    if refreshed is None:
        st.session_state.pop(_USER_KEY, None)
        log.info("signed out %s: the account is no longer in the accounts file", user.id)
    elif refreshed != user:
        st.session_state[_USER_KEY] = refreshed
    return refreshed


def current_user() -> User | None:
    """The local account signed in in this session (checked against the accounts file on every run), else
    the identity-provider user, else None."""
    user = st.session_state.get(_USER_KEY)
    if isinstance(user, User):
        return _refreshed_local_user(user)
    if oidc_configured() and st.user.is_logged_in:
        return oidc_user(str(st.user.get("email") or ""), str(st.user.get("name") or ""), editor_emails())
    return None


def current_editor() -> User | None:
    user = current_user()
    return user if user is not None and user.is_editor else None


def local_sign_in_form(lang: Language = ENGLISH) -> None:
    """User name and password; a success reruns the app so the navigation gains the editor's page."""
    path = accounts_path()
    try:
        accounts = load_accounts(path)
    except AccountError as exc:
        # The reason names the file and what is wrong in it, for whoever runs the server: as the checker wrote it.
        st.error(lang._("The accounts file cannot be read: {reason}", reason=escape_markdown(exc)))
        return
    if not accounts:
        st.info(
            lang._(
                "No local account exists yet. Someone with access to the server adds one with "
                "`python -m components.editing.accounts add-user NAME` (see the README, “Editing data”)."
            )
        )
        return
    with st.form("local-sign-in"):
        username = st.text_input(lang._("User name"), autocomplete="username")
        password = st.text_input(lang._("Password"), type="password", autocomplete="current-password")
        submitted = st.form_submit_button(lang._("Sign in"), type="primary")
    if submitted:
        trusted_header = os.environ.get(TRUSTED_PROXY_HEADER_ENV)
        headers = dict(st.context.headers) if trusted_header else {}
        client = client_address(st.context.ip_address, headers, trusted_header)
        result = sign_in(accounts, username, password, THROTTLE, client=client)
        if result.user is None:
            st.error(result.text(lang))
            return
        st.session_state[_USER_KEY] = result.user
        st.rerun()


def sign_out() -> None:
    user = current_user()
    st.session_state.pop(_USER_KEY, None)
    if user is not None and user.method == "oidc":
        st.logout()
    st.rerun()


def sidebar_account_control(lang: Language = ENGLISH) -> None:
    """Who is signed in, with a sign-out button; nothing for anonymous viewers."""
    user = current_user()
    if user is None:
        return
    with st.sidebar:
        name = escape_markdown(user.name)
        if user.is_editor:
            st.caption(lang._("Signed in as {name} (editor)", name=name))
        else:
            st.caption(lang._("Signed in as {name} (not an editor)", name=name))
        if st.button(lang._("Sign out"), key="sign-out"):
            sign_out()
