"""How a figure reads on screen: with its qualifier and unit, never rounded into another number."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from components.data.schema import QUALIFIER_WORDS
from components.language.translation import ENGLISH, N_, Language

UNKNOWN = N_("not known")


def _is_missing(value: Any) -> bool:
    return value is None or bool(pd.isna(value))


def unknown(lang: Language = ENGLISH) -> str:
    """What the dashboard writes where a figure is not known (never zero)."""
    return lang._(UNKNOWN)


def format_number(value: float, lang: Language = ENGLISH) -> str:
    """1234 -> '1,234' ('1 234' in French); 12.5 -> '12.5'. Whole numbers print without decimals."""
    return lang.number(value)


def format_usd(value: float, short: bool = False, lang: Language = ENGLISH) -> str:
    """US dollars, shortened to millions only when that loses no digit ($4.3M, but $536,000). `short` also
    writes whole thousands as K ($600K), for headline numbers in narrow cards; it never drops a digit either."""
    return lang.usd(value, short)


def qualifier_word(qualifier: str | None, lang: Language = ENGLISH) -> str:
    """'over', 'about', 'at least'... in the viewer's language; '' for an exact figure."""
    word = QUALIFIER_WORDS.get(qualifier or "exact", "")
    return lang._(word) if word else ""


def format_figure(
    value: object, qualifier: str | None = "exact", unit: str = "count", short: bool = False, lang: Language = ENGLISH
) -> str:
    """A value as users read it, with its qualifier: 'over $4.3M', 'about 600', '35%', 'not known'."""
    if _is_missing(value):
        return unknown(lang)
    number = float(value)  # type: ignore[arg-type]
    if unit == "usd":
        text = format_usd(number, short, lang)
    elif unit == "percent":
        text = lang.percent(number)
    else:
        text = format_number(number, lang)
    word = qualifier_word(qualifier, lang)
    return lang._("{qualifier} {figure}", qualifier=word, figure=text) if word else text


# The one rule for the qualifier of a sum (counts and budgets alike): which words a sum of parts may keep.
_LOWER = {"over", "at_least"}
_UPPER = {"under", "up_to"}
_NEAR = {"about", "close_to"}


def sum_qualifier(qualifiers: Iterable[str | None]) -> str | None:
    """The qualifier a sum inherits from its parts: 'over 10' + 5 is over 15, 'about 10' + 5 is about 15.
    None when the parts bound it in opposite directions, so no single word is honest."""
    inexact = {q for q in qualifiers if q and q != "exact"}
    if not inexact:
        return "exact"
    for group, word in ((_LOWER, "over" if "over" in inexact else "at_least"), (_UPPER, "up_to"), (_NEAR, "about")):
        if inexact <= group:
            return word
    return None


def format_sum(total: float, qualifier: str | None, unit: str = "count", lang: Language = ENGLISH) -> str:
    """A sum as users read it, with the qualifier `sum_qualifier` gave it; said in words where it has none."""
    if qualifier is None:
        return lang._(
            "{figure} (some parts are approximate or bounds)", figure=format_figure(total, "exact", unit, lang=lang)
        )
    return format_figure(total, qualifier, unit, lang=lang)


def format_change(current: float, previous: float, year: int, lang: Language = ENGLISH) -> str:
    """'2 more than in 2023', '5 fewer than in 2023', 'the same number as in 2023': the honest difference between two
    counts, as one message (French elides before the year: « 2 de plus qu'en 2023 »)."""
    diff = current - previous
    if diff == 0:
        return lang._("the same number as in {year}", year=year)
    if diff > 0:
        return lang._("{n} more than in {year}", n=format_number(abs(diff), lang), year=year)
    return lang._("{n} fewer than in {year}", n=format_number(abs(diff), lang), year=year)


def plural_word(count: int, singular: str, plural: str, lang: Language = ENGLISH) -> str:
    """The form of a word that agrees with `count` ('year'/'years') by the language's plural rule. Prefer a whole
    sentence through `Language.n_`: a word alone cannot agree with the rest of a translated sentence."""
    return lang.n_(singular, plural, count)


def plural(count: int, singular: str, plural_form: str, lang: Language = ENGLISH) -> str:
    """A count with the noun that agrees with it: '1 year', '3 years', '0 projects' ('0 projet' in French)."""
    return lang._("{n} {noun}", n=format_number(count, lang), noun=plural_word(count, singular, plural_form, lang))


_MARKDOWN_SPECIALS = "\\`*_{}[]()<>#+-.!|~$:"


def escape_markdown(text: object) -> str:
    """Text from the data shown literally in st.markdown: no links, emphasis or HTML it did not ask for."""
    return "".join("\\" + ch if ch in _MARKDOWN_SPECIALS else ch for ch in str(text))
