"""How a figure reads on screen: with its qualifier and unit, never rounded into another number."""

from __future__ import annotations

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


def format_change(current: float, previous: float) -> str:
    """'2 more than', '5 fewer than', 'the same as' — the honest difference between two counts."""
    diff = current - previous
    if diff == 0:
        return "the same number as"
    word = "more" if diff > 0 else "fewer"
    return f"{format_number(abs(diff))} {word} than"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    return f"{count:,} {singular if count == 1 else (plural_form or singular + 's')}"


UNKNOWN_NOTE = "“not known” means no public source gives the figure. It is never shown as zero."
_MARKDOWN_SPECIALS = "\\`*_{}[]()<>#+-.!|~$:"


def escape_markdown(text: object) -> str:
    """Text from the data shown literally in st.markdown: no links, emphasis or HTML it did not ask for."""
    return "".join("\\" + ch if ch in _MARKDOWN_SPECIALS else ch for ch in str(text))
