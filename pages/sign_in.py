"""Editor sign-in: viewing needs no account; changing the data does."""

import streamlit as st

from components.figures.formatting import escape_markdown
from components.ui.context import page_context
from components.ui.session_user import current_user, local_sign_in_form, oidc_configured, oidc_providers, sign_out

page_context()  # a first visit by this page's own address goes through the entry script's navigation
st.title("Editor sign-in")
st.markdown(
    "Everyone can view the dashboard. Fund officers with an editor role sign in here to import, review and "
    "publish new figures."
)
user = current_user()
if user is not None:
    st.warning(
        f"You are signed in as {escape_markdown(user.name)}, who has no editor role. "
        "Ask an administrator to add your e-mail to the editors."
    )
    if st.button("Sign out"):
        sign_out()
    st.stop()

if oidc_configured():
    st.subheader("With your organisation's account")
    for provider in oidc_providers():
        label = "Sign in with your organisation" if provider is None else f"Sign in with {provider}"
        if st.button(label, type="primary", key=f"login-{provider}"):
            st.login(provider)
    st.subheader("With a local account")
local_sign_in_form()
