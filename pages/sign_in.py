"""Editor sign-in: viewing needs no account; changing the data does."""

import streamlit as st

from components.figures.formatting import escape_markdown
from components.ui.context import page_context
from components.ui.session_user import current_user, local_sign_in_form, oidc_configured, oidc_providers, sign_out

# A first visit by this page's own address goes through the entry script's navigation.
lang = page_context().lang
st.title(lang._("Editor sign-in"))
st.markdown(
    lang._(
        "Everyone can view the dashboard. Fund officers with an editor role sign in here to import, review and "
        "publish new figures."
    )
)
user = current_user()
if user is not None:
    st.warning(
        lang._(
            "You are signed in as {name}, who has no editor role. Ask an administrator to add your e-mail to the "
            "editors.",
            name=escape_markdown(user.name),
        )
    )
    if st.button(lang._("Sign out")):
        sign_out()
    st.stop()

if oidc_configured():
    st.subheader(lang._("With your organisation's account"))
    for provider in oidc_providers():
        if provider is None:
            label = lang._("Sign in with your organisation")
        else:
            label = lang._("Sign in with {provider}", provider=provider)
        if st.button(label, type="primary", key=f"login-{provider}"):
            st.login(provider)
    st.subheader(lang._("With a local account"))
local_sign_in_form(lang)
