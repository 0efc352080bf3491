"""Engagement over time: the audit's monthly medians of interactions per item, on a constructed store."""

from __future__ import annotations

import json
from datetime import date

import duckdb

from chandelle.audit import MonthEngagement, run_audit
from chandelle.kb import load_kb

from .history import AS_OF, add_account

# item (handle-age-n) -> metrics of its export; AS_OF is 30 June 2026, so ages 1-3 are in June,
# 40 in May 2026, 729 is 1 July 2024 (the first of the 24 months) and 730 is 30 June 2024 (out).
METRICS = {
    "musee-1-0": {"likes": 10, "comments": 2},           # 12 interactions
    "musee-2-1": {"likes": 4},                           # 4 (an older export said 100: replaced)
    "musee-3-2": {"likes": 20, "shares": 1, "saves": 1},  # 22
    "musee-40-3": {"likes": 7},                          # 7
    "musee-400-4": {"views": 100},                       # no interactions: not counted
    "musee-729-5": {"likes": 5},                         # 5
    "musee-730-6": {"likes": 50},                        # before the 24 months
}


def _store(con: duckdb.DuckDBPyConnection) -> None:
    add_account(con, "instagram", "musee", [1, 2, 3, 40, 400, 729, 730], fmt="photo")
    add_account(con, "x", "musee", [1, 2], fmt="text")  # an export without engagement
    rows = [("instagram", item, metric, "2026-06-30 12:00:00", value)
            for item, metrics in METRICS.items() for metric, value in metrics.items()]
    rows.append(("instagram", "musee-2-1", "likes", "2026-06-01 12:00:00", 100))
    con.executemany("INSERT INTO metric_snapshots (platform, item_id, metric, exported_at, value) "
                    "VALUES (?, ?, ?, ?::TIMESTAMP, ?)", rows)


def test_monthly_medians_of_interactions_with_their_item_counts(con: duckdb.DuckDBPyConnection) -> None:
    _store(con)
    accounts = {a.platform: a for a in run_audit(con, None, load_kb(), AS_OF).accounts}
    assert accounts["instagram"].monthly_engagement == [
        MonthEngagement(date(2024, 7, 1), 1, 5.0),
        MonthEngagement(date(2026, 5, 1), 1, 7.0),
        MonthEngagement(date(2026, 6, 1), 3, 12.0),  # median of 12, 4 and 22
    ]
    assert accounts["x"].monthly_engagement == []


def test_monthly_engagement_in_the_audit_json(con: duckdb.DuckDBPyConnection) -> None:
    _store(con)
    report = run_audit(con, None, load_kb(), AS_OF)
    data = json.loads(report.to_json())
    (instagram,) = [a for a in data["accounts"] if a["platform"] == "instagram"]
    assert instagram["monthly_engagement"][-1] == {"month": "2026-06", "items": 3, "interactions": 12.0}
