"""Real tweets of Bristol Museum & Art Gallery (2015–2019): the audit's yearly counts equal a direct
count of the file (read from ../shared, never copied)."""

from __future__ import annotations

import csv
import re
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb
import pytest

from chandelle.audit import run_audit
from chandelle.ingest import import_paths
from chandelle.kb import load_kb

pytestmark = pytest.mark.shared
RELATIVE = Path("data/bristol_museum_twitter/bristolmuseum_own_tweets_2015_2019.csv")
PARIS = ZoneInfo("Europe/Paris")


def _rows(shared: Path) -> list[dict[str, str]]:
    with (shared / RELATIVE).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _paris_year(timestamp: str) -> int:
    return datetime.fromisoformat(timestamp.replace("Z", "+00:00")).astimezone(PARIS).year


def _direct_count(rows: list[dict[str, str]], originals_only: bool) -> dict[int, int]:
    """Tweets per year (Paris time), each tweet id once; optionally without retweets and replies."""
    seen: dict[str, dict[str, str]] = {}
    for row in rows:
        seen.setdefault(row["Tweet ID"], row)
    retweet = re.compile(r"^RT\s*[:@]")

    def original(row: dict[str, str]) -> bool:
        text = row["Content"].strip()
        return not retweet.match(text) and not (
            text.startswith("@") and not text.lower().startswith("@bristolmuseum "))

    kept = [r for r in seen.values() if original(r) or not originals_only]
    return dict(Counter(_paris_year(r["Timestamp"]) for r in kept))


def test_yearly_counts_through_the_generic_importer(con: duckdb.DuckDBPyConnection, shared: Path) -> None:
    import_paths(con, [shared / RELATIVE])
    report = run_audit(con, None, load_kb(), date(2019, 2, 14))
    (account,) = report.accounts
    assert (account.platform, account.handle) == ("x", "bristolmuseum")
    expected = _direct_count(_rows(shared), originals_only=True)
    assert account.yearly_items == expected
    assert sum(expected.values()) > 2900


def test_yearly_counts_on_rows_loaded_by_sql(con: duckdb.DuckDBPyConnection, shared: Path) -> None:
    """The same check without any importer: every distinct tweet of the file as a content item."""
    con.execute("INSERT INTO accounts (platform, handle) VALUES ('x', 'bristolmuseum')")
    con.execute("""
        INSERT INTO items (platform, item_id, account_id, published_at, format, kind)
        SELECT 'x', "Tweet ID", 1, CAST(min(CAST("Timestamp" AS TIMESTAMPTZ)) AS TIMESTAMP),
               'text', 'original'
        FROM read_csv(?, header = true, all_varchar = true) GROUP BY "Tweet ID"
    """, [str(shared / RELATIVE)])
    report = run_audit(con, None, load_kb(), date(2024, 1, 1))
    (account,) = report.accounts
    assert account.yearly_items == _direct_count(_rows(shared), originals_only=False)
    assert account.status == "ghost"
    assert account.days_since_last_item == (date(2024, 1, 1) - date(2019, 2, 14)).days


def test_the_audit_of_bristol_in_2017_is_active(con: duckdb.DuckDBPyConnection, shared: Path) -> None:
    import_paths(con, [shared / RELATIVE])
    (account,) = run_audit(con, None, load_kb(), date(2017, 12, 31)).accounts
    assert account.status == "active"  # about 17 tweets a week, never silent more than 5 days
    assert account.items_last_365d == _direct_count(_rows(shared), originals_only=True)[2017]
