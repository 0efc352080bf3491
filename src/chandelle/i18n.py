"""Translation catalogues and French-first formatting of numbers and dates.

Message ids are English; catalogues live in ``locale/<lang>/LC_MESSAGES/*.po`` (one
file per area: core, importers, audit, plan, report, web...). French is the default
language of every word a user reads. Numbers and dates are formatted with Babel in the
user's locale, dates in Europe/Paris.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from functools import cache, lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent

LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"
PARIS = ZoneInfo("Europe/Paris")
_LOCALE_DIR = Path(__file__).parent / "locale"
_LOCALES = {"fr": "fr_FR", "en": "en_GB"}


def check_language(lang: str | None) -> str:
    """Return a supported language code (default French).

    The front ends only ever pass a language they have checked (``--lang`` is a choice, the web
    cookie is compared with LANGUAGES), so anything else is a programming error: ValueError.
    """
    if not lang:
        return DEFAULT_LANGUAGE
    code = lang.lower().split("-")[0].split("_")[0]
    if code not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; chandelle speaks {', '.join(LANGUAGES)}")
    return code


@cache
def _catalogue(lang: str) -> dict[str, str]:
    messages: dict[str, str] = {}
    folder = _LOCALE_DIR / lang / "LC_MESSAGES"
    for po_path in sorted(folder.glob("*.po")):
        with po_path.open("rb") as handle:
            catalog = read_po(handle, locale=lang)
        for message in catalog:
            if message.id and isinstance(message.id, str) and message.string:
                messages[message.id] = str(message.string)
    return messages


Translator = Callable[..., str]


def translator(lang: str = DEFAULT_LANGUAGE) -> Translator:
    """Return ``_(msgid, **params)`` for ``lang``; unknown ids fall back to the msgid."""
    table = _catalogue(check_language(lang))

    def _(msgid: str, /, **params: Any) -> str:
        text = table.get(msgid, msgid)
        return text.format(**params) if params else text

    return _


# Pages format the same few hundred numbers again and again; Babel takes ~0.1 ms per number.
FORMAT_CACHE_SIZE = 8192


@lru_cache(maxsize=FORMAT_CACHE_SIZE)
def fmt_number(value: float | int | None, lang: str = DEFAULT_LANGUAGE, digits: int = 1) -> str:
    """12 345,6 in French; '—' for a missing value (never 0)."""
    if value is None:
        return "—"
    pattern = "#,##0" if digits == 0 else "#,##0." + "#" * digits
    return str(format_decimal(value, format=pattern, locale=_LOCALES[check_language(lang)]))


@lru_cache(maxsize=FORMAT_CACHE_SIZE)
def fmt_percent(value: float | None, lang: str = DEFAULT_LANGUAGE) -> str:
    if value is None:
        return "—"
    if abs(value) < 0.005:     # shown as 0 %: never « -0 % »
        value = 0.0
    return str(format_percent(value, locale=_LOCALES[check_language(lang)]))


def fmt_date(value: date | datetime | None, lang: str = DEFAULT_LANGUAGE, style: str = "long") -> str:
    """A date in the user's language; datetimes are shown in Europe/Paris."""
    if value is None:
        return "—"
    locale = _LOCALES[check_language(lang)]
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(PARIS)
        text = str(format_datetime(value, format=style, locale=locale, tzinfo=PARIS))
    else:
        text = str(format_date(value, format=style, locale=locale))
    return _french_first_of_month(text) if check_language(lang) == "fr" and value.day == 1 else text


_FIRST_OF_MONTH = re.compile(r"(?<![\d/.])1 (?=[^\W\d])")


def _french_first_of_month(text: str) -> str:
    """« 1 février » → « 1er février » (French writes the first of the month as an ordinal)."""
    return _FIRST_OF_MONTH.sub("1er ", text, count=1)


def fmt_period(window: str | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """A data window « 2019-01-01..2022-05-31 » as words: « du 1er janvier 2019 au 31 mai 2022 »."""
    if not window or ".." not in window:
        return window or "—"
    first, _sep, last = window.partition("..")
    try:
        start, end = date.fromisoformat(first), date.fromisoformat(last)
    except ValueError:
        return window
    return translator(lang)("from {start} to {end}", start=fmt_date(start, lang), end=fmt_date(end, lang))
