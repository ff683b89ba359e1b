"""The dashboard's languages (English, French): the session's `Language`, which translates the app's own words
through the gettext catalogues in `locales/` and writes numbers, money, dates, plurals and country names as CLDR
gives them for that language. It imports nothing else of the dashboard, so every package may use it.

Data stays as its sources wrote it: titles, quotations and notes are never translated.
"""
