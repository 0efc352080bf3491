"""French first: every message a user can read has a French translation; formats are French."""

from __future__ import annotations

from datetime import UTC, date, datetime

from chandelle.i18n import fmt_date, fmt_number, fmt_percent, translator
from chandelle.i18n_extract import all_messages, missing


def test_every_message_has_a_french_translation() -> None:
    assert len(all_messages()) > 50
    gaps = missing("fr")
    assert not gaps, "run `python scripts/i18n_missing.py` and translate:\n" + "\n".join(
        f"{where}: {msgid}" for msgid, where in sorted(gaps.items(), key=lambda kv: kv[1]))


def test_french_is_the_default_and_english_is_the_msgid() -> None:
    assert translator()("Accounts") == "Comptes"
    assert translator("en")("Accounts") == "Accounts"
    assert translator("fr")("Skipped {count}: {reason}", count=3, reason="x") == "Ignorés (3) : x"


def test_numbers_and_dates_use_french_formats() -> None:
    assert fmt_number(12345.6, "fr") == "12\u202f345,6"
    assert fmt_number(12345.6, "en") == "12,345.6"
    assert fmt_number(None) == "—"
    assert fmt_percent(0.25, "fr").replace("\u202f", "\u00a0") == "25\u00a0%"
    assert fmt_percent(-0.0004, "fr").replace("\u202f", "\u00a0") == "0\u00a0%"   # never « -0 % »
    assert fmt_percent(-0.006, "fr").startswith("-")
    assert fmt_date(date(2026, 5, 16), "fr") == "16 mai 2026"
    # a UTC instant late in the evening is already the next day in Paris
    assert fmt_date(datetime(2026, 5, 16, 23, 30, tzinfo=UTC), "fr", "short").startswith("17/05/2026")
