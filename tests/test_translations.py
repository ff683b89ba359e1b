"""The French catalogue is whole and right: every message of the code translated, placeholders kept, UN terms used;
and numbers, money, dates and plurals are written the French way (issue 20)."""

from __future__ import annotations

import datetime as dt
import re
import string
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from components.language.translation import ENGLISH, FRENCH, Language, catalogue_path, language_for

ROOT = Path(__file__).resolve().parents[1]
# The same keywords as `make translations` (BABEL_KEYWORDS in the Makefile).
KEYWORDS = {"_": None, "N_": None, "n_": (1, 2), "p_": ((1, "c"), 2), "plural": (2, 3), "plural_word": (2, 3)}
NARROW_NBSP = "\u202f"


def _catalogue():
    with catalogue_path("fr").open("rb") as po:
        return read_po(po, locale="fr")


def _code_messages() -> set[str]:
    found: set[str] = set()
    for folder in ("components", "pages"):
        for _file, _line, message, _comments, context in extract_from_dir(
            ROOT / folder, method_map=[("**.py", "python")], keywords=KEYWORDS
        ):
            msgid = message[0] if isinstance(message, tuple) else message
            found.add(f"{context}\x04{msgid}" if context else msgid)
    for _line, _func, message, _comments in _extract_file(ROOT / "dashboard.py"):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def _extract_file(path: Path):
    from babel.messages.extract import extract_python

    with path.open("rb") as code:
        yield from extract_python(code, KEYWORDS.keys(), [], {})


def _key(message) -> str:
    msgid = message.id[0] if isinstance(message.id, tuple) else message.id
    return f"{message.context}\x04{msgid}" if message.context else msgid


def _fields(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None}


def test_every_message_in_the_code_is_in_the_french_catalogue() -> None:
    missing = _code_messages() - {_key(m) for m in _catalogue() if m.id}
    assert not missing, f"run `make translations` and translate: {sorted(missing)[:20]}"


def test_the_catalogue_holds_no_message_the_code_no_longer_has() -> None:
    stale = {_key(m) for m in _catalogue() if m.id} - _code_messages()
    assert not stale, f"run `make translations` to drop: {sorted(stale)[:20]}"


def test_every_french_message_is_translated_and_not_fuzzy() -> None:
    untranslated = [
        _key(m)
        for m in _catalogue()
        if m.id and (m.fuzzy or not all(m.string if isinstance(m.string, tuple) else [m.string]))
    ]
    assert not untranslated, untranslated[:20]


def test_the_catalogue_header_is_not_fuzzy_so_pybabel_compile_builds_it() -> None:
    # `pybabel compile` (make translations) skips a catalogue whose header is marked fuzzy, leaving no .mo; the app
    # compiles the .po in memory, so only the header flag told them apart.
    assert not _catalogue().fuzzy


def test_every_translation_keeps_the_placeholders_of_its_message() -> None:
    wrong = []
    for m in _catalogue():
        if not m.id:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        expected = set().union(*(_fields(i) for i in ids))
        for text in strings:
            # A singular form may leave out the count ("un projet"), never add or rename a placeholder.
            if not _fields(text) <= expected or (_fields(text) | {"n"}) < expected:
                wrong.append((_key(m), text))
    assert not wrong, wrong[:20]


def test_the_catalogue_compiles_without_warnings() -> None:
    catalogue = _catalogue()
    problems = [(m.id, errors) for m, errors in catalogue.check()]
    assert not problems
    write_mo(__import__("io").BytesIO(), catalogue)


def test_the_french_catalogue_uses_the_uns_terms() -> None:
    text = "\n".join(
        " ".join(m.string if isinstance(m.string, tuple) else (m.string,)) for m in _catalogue() if m.id
    ).lower()
    assert "abus sexuel" not in text, "the UN writes « exploitation et atteintes sexuelles »"
    assert not re.search(r"\bpersonnel uniform", text), "the UN writes « personnel en tenue »"


def test_french_numbers_use_a_decimal_comma_and_a_narrow_space_between_thousands() -> None:
    assert FRENCH.number(1234567.5) == f"1{NARROW_NBSP}234{NARROW_NBSP}567,5"
    assert ENGLISH.number(1234567.5) == "1,234,567.5"


def test_french_money_puts_the_currency_after_the_number_and_never_drops_a_digit() -> None:
    assert FRENCH.usd(536_000) == f"536{NARROW_NBSP}000\u00a0$US"
    assert FRENCH.usd(4_300_000) == "4,3\u00a0M\u00a0$US"
    assert ENGLISH.usd(4_300_000) == "$4.3M"
    assert ENGLISH.usd(4_350_000) == "$4,350,000"


def test_dates_are_written_in_the_viewers_language() -> None:
    assert FRENCH.date(dt.date(2023, 7, 20)) == "20 juil. 2023"
    assert ENGLISH.date(dt.date(2023, 7, 20)) == "20 Jul 2023"


def test_french_plurals_treat_zero_and_one_as_singular() -> None:
    # A message the app uses (the bare "project"/"projects" left the catalogue when the Projects page's sentences
    # became whole messages).
    shown = ("{n} project shown", "{n} projects shown")
    assert [FRENCH.n_(*shown, n) for n in (0, 1, 2)] == ["0 projet affiché", "1 projet affiché", "2 projets affichés"]
    assert [ENGLISH.n_(*shown, n) for n in (0, 1, 2)] == ["0 projects shown", "1 project shown", "2 projects shown"]


def test_country_names_come_from_cldr_with_the_uns_short_names() -> None:
    assert FRENCH.country("NOR") == "Norvège"
    assert FRENCH.country("COD") == "République démocratique du Congo"
    assert FRENCH.country("XXX", "Somewhere") == "Somewhere"


@pytest.mark.parametrize(
    ("link", "browser", "expected"),
    [
        ("fr", "en-US", FRENCH),
        ("en", "fr-FR", ENGLISH),
        (None, "fr-CA", FRENCH),
        ("de", "fr", FRENCH),
        (None, None, ENGLISH),
    ],
)
def test_the_link_decides_then_the_browser_then_english(
    link: str | None, browser: str | None, expected: Language
) -> None:
    assert language_for(link, browser) == expected
