"""Changing the data: uploads, review and publish with history, local accounts and sign-in rules."""
