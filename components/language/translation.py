"""One `Language` per viewer's choice: the app's words in that language, and numbers, money, dates and plurals in
its way. Nothing here is process-wide: one Streamlit process serves viewers in both languages at once, so every
builder takes the `Language` as an argument instead of reading an installed `_` or a global locale."""

from __future__ import annotations

import datetime as dt
import gettext
import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from babel import Locale, dates, numbers
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALES = Path(__file__).resolve().parent / "locales"
DOMAIN = "messages"
ENGLISH_CODE = "en"
# The languages a viewer can choose, by code, each named in itself (as a language switch shows them).
LANGUAGE_NAMES = {"en": "English", "fr": "Français"}
LANGUAGE_KEY = "lang"


def N_(message: str) -> str:
    """Marks a module-level message for the catalogue; translate it where it is shown, with `Language._`."""
    return message


@dataclass(frozen=True)
class Language:
    """A viewer's language. Compared and hashed by its code, so caches can key on it."""

    code: str

    @property
    def name(self) -> str:
        return LANGUAGE_NAMES[self.code]

    def _(self, message: str, **values: Any) -> str:
        """The message in this language, its `{named}` placeholders filled with `values` (as given: format
        numbers with `number`/`usd` first)."""
        text = _translations(self.code).gettext(message)
        return text.format(**values) if values else text

    def n_(self, singular: str, plural: str, count: int, **values: Any) -> str:
        """The form that agrees with `count` by this language's plural rule (French: 0 and 1 are singular).
        `{n}` in the message is the count written in this language."""
        text = _translations(self.code).ngettext(singular, plural, count)
        return text.format(n=self.number(count), **values)

    def p_(self, context: str, message: str, **values: Any) -> str:
        """A message whose translation depends on where it is shown (`context`), e.g. a short label."""
        text = _translations(self.code).pgettext(context, message)
        return text.format(**values) if values else text

    @property
    def locale(self) -> Locale:
        return _locale(self.code)

    def number(self, value: float) -> str:
        """1234 -> '1,234' / '1 234' (narrow no-break space); 12.5 -> '12.5' / '12,5'. Whole numbers print
        without decimals; at most two decimals, never rounded to fewer digits than the value has."""
        number = float(value)
        if number.is_integer():
            return numbers.format_decimal(int(number), format="#,##0", locale=self.locale)
        return numbers.format_decimal(number, format="#,##0.##", locale=self.locale)

    def percent(self, value: float) -> str:
        """35 -> '35%' / '35 %' (the value is already a percentage, not a fraction)."""
        pattern = self.locale.percent_formats[None].pattern.split(";")[0]
        return pattern.replace("#,##0", self.number(value))

    def usd(self, value: float, short: bool = False) -> str:
        """US dollars as CLDR writes them, shortened to millions only when that loses no digit ('$4.3M' /
        '4,3 M $US', but '$536,000' / '536 000 $US'). `short` also writes whole thousands as K, for narrow cards."""
        number = float(value)
        millions = abs(number) >= 1_000_000 and (number * 10) % 1_000_000 == 0
        thousands = short and 1_000 <= abs(number) < 1_000_000 and number % 1_000 == 0
        if millions or thousands:
            digits = 0 if (number / (1_000_000 if millions else 1_000)).is_integer() else 1
            return numbers.format_compact_currency(number, "USD", locale=self.locale, fraction_digits=digits)
        pattern = self.locale.currency_formats["standard"].pattern.split(";")[0].replace("0.00", "0.##")
        return numbers.format_currency(number, "USD", format=pattern, currency_digits=False, locale=self.locale)

    def date(self, day: dt.date) -> str:
        """'20 Jul 2023' / '20 juil. 2023'."""
        return dates.format_date(day, "d MMM y", locale=self.locale)

    def month(self, day: dt.date) -> str:
        """'Jul 2023' / 'juil. 2023'."""
        return dates.format_date(day, "MMM y", locale=self.locale)

    def country(self, iso3: str, fallback: str | None = None) -> str:
        """A country's name in this language, from CLDR by its ISO code; `fallback` (or the code) where CLDR has
        none."""
        name = _country_names(self.code).get(iso3)
        return name or fallback or iso3

    def list(self, items: list[str]) -> str:
        """'A, B and C' / 'A, B et C'."""
        from babel.lists import format_list

        return format_list(items, locale=self.locale) if items else ""


ENGLISH = Language(ENGLISH_CODE)
FRENCH = Language("fr")
LANGUAGES = {code: Language(code) for code in LANGUAGE_NAMES}


def language_for(query_value: str | None, browser_locale: str | None = None) -> Language:
    """The language of a session: the link's `?lang=` if it names one we have; else the browser's language
    (`fr-FR`, `fr` → French); else English."""
    for candidate in (query_value, browser_locale):
        code = (candidate or "").strip().replace("_", "-").split("-")[0].lower()
        if code in LANGUAGES:
            return LANGUAGES[code]
    return ENGLISH


def catalogue_path(code: str) -> Path:
    return LOCALES / code / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def _translations(code: str) -> gettext.NullTranslations:
    """The catalogue of `code`, compiled from its .po in memory once per process (so it cannot go stale beside
    a .mo built earlier); English is the source language and translates to itself."""
    path = catalogue_path(code)
    if code == ENGLISH_CODE or not path.exists():
        return gettext.NullTranslations()
    with path.open("rb") as po:
        catalog = read_po(po, locale=code)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


@cache
def _locale(code: str) -> Locale:
    return Locale.parse(code)


# CLDR's everyday names where the UN's own short names differ (UNTERM, https://unterm.un.org, "short name"):
# the dashboard writes as the UN does, in both languages.
_UN_SHORT_NAMES = {
    "en": {
        "COD": "Democratic Republic of the Congo",
        "COG": "Congo",
        "KOR": "Republic of Korea",
        "PRK": "Democratic People's Republic of Korea",
        "RUS": "Russian Federation",
        "SYR": "Syrian Arab Republic",
        "TZA": "United Republic of Tanzania",
        "USA": "United States of America",
        "GBR": "United Kingdom",
        "VNM": "Viet Nam",
        "IRN": "Iran (Islamic Republic of)",
        "MDA": "Republic of Moldova",
        "BOL": "Bolivia (Plurinational State of)",
        "VEN": "Venezuela (Bolivarian Republic of)",
        "MMR": "Myanmar",
        "CIV": "Côte d'Ivoire",
    },
    "fr": {
        "COD": "République démocratique du Congo",
        "COG": "Congo",
        "KOR": "République de Corée",
        "PRK": "République populaire démocratique de Corée",
        "RUS": "Fédération de Russie",
        "SYR": "République arabe syrienne",
        "TZA": "République-Unie de Tanzanie",
        "USA": "États-Unis d'Amérique",
        "GBR": "Royaume-Uni",
        "VNM": "Viet Nam",
        "IRN": "Iran (République islamique d')",
        "MDA": "République de Moldova",
        "BOL": "Bolivie (État plurinational de)",
        "VEN": "Venezuela (République bolivarienne du)",
        "MMR": "Myanmar",
        "CIV": "Côte d'Ivoire",
        "LBR": "Libéria",
    },
}


@cache
def _country_names(code: str) -> dict[str, str]:
    """ISO3 → name: CLDR's territory names (keyed by ISO 3166 alpha-2, mapped through CLDR's own alpha-3
    aliases), with the UN's short names over them."""
    from babel.core import get_global

    alpha3_to_2 = {alpha3: alpha2 for alpha3, alpha2 in get_global("territory_aliases").items() if len(alpha3) == 3}
    territories = _locale(code).territories
    names = {
        alpha3: territories[alpha2[0] if isinstance(alpha2, list) else alpha2]
        for alpha3, alpha2 in alpha3_to_2.items()
        if (alpha2[0] if isinstance(alpha2, list) else alpha2) in territories
    }
    names.update(_UN_SHORT_NAMES.get(code, {}))
    return names
