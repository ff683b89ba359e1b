"""How a figure reads on screen: with its qualifier and unit, never rounded into another number."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from components.data.schema import QUALIFIER_WORDS

UNKNOWN = "not known"


def _is_missing(value: Any) -> bool:
    return value is None or bool(pd.isna(value))


def format_number(value: float) -> str:
    """1234 -> '1,234'; 12.5 -> '12.5'. Whole numbers print without decimals."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def format_usd(value: float, short: bool = False) -> str:
    """US dollars, shortened to millions only when that loses no digit ($4.3M, but $536,000). `short` also
    writes whole thousands as K ($600K), for headline numbers in narrow cards; it never drops a digit either."""
    if abs(value) >= 1_000_000 and (value * 10) % 1_000_000 == 0:
        return f"${value / 1_000_000:g}M"
    if short and 1_000 <= abs(value) < 1_000_000 and value % 1_000 == 0:
        return f"${value / 1_000:g}K"
    return f"${format_number(value)}"


def format_figure(value: object, qualifier: str | None = "exact", unit: str = "count", short: bool = False) -> str:
    """A value as users read it, with its qualifier: 'over $4.3M', 'about 600', '35%', 'not known'."""
    if _is_missing(value):
        return UNKNOWN
    number = float(value)  # type: ignore[arg-type]
    if unit == "usd":
        text = format_usd(number, short)
    elif unit == "percent":
        text = f"{format_number(number)}%"
    else:
        text = format_number(number)
    word = QUALIFIER_WORDS.get(qualifier or "exact", "")
    return f"{word} {text}" if word else text


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


def format_sum(total: float, qualifier: str | None, unit: str = "count") -> str:
    """A sum as users read it, with the qualifier `sum_qualifier` gave it; said in words where it has none."""
    if qualifier is None:
        return f"{format_figure(total, 'exact', unit)} (some parts are approximate or bounds)"
    return format_figure(total, qualifier, unit)


def format_change(current: float, previous: float) -> str:
    """'2 more than', '5 fewer than', 'the same as' — the honest difference between two counts."""
    diff = current - previous
    if diff == 0:
        return "the same number as"
    word = "more" if diff > 0 else "fewer"
    return f"{format_number(abs(diff))} {word} than"


def plural_word(count: int, singular: str, plural: str) -> str:
    """The form of a word or verb that agrees with `count` ('year'/'years', 'is'/'are'). Both forms are given,
    as gettext's ngettext(singular, plural, n) takes them, so a translation can take over without new calls."""
    return singular if count == 1 else plural


def plural(count: int, singular: str, plural_form: str) -> str:
    """A count with the noun that agrees with it: '1 year', '3 years', '0 projects'."""
    return f"{count:,} {plural_word(count, singular, plural_form)}"


_MARKDOWN_SPECIALS = "\\`*_{}[]()<>#+-.!|~$:"


def escape_markdown(text: object) -> str:
    """Text from the data shown literally in st.markdown: no links, emphasis or HTML it did not ask for."""
    return "".join("\\" + ch if ch in _MARKDOWN_SPECIALS else ch for ch in str(text))
