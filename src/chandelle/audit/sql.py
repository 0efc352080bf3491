"""The audit's SQL: every per-item computation runs in DuckDB over ``content_items``.

Days are calendar days in Europe/Paris. ``age`` of an item = ``as_of - day`` (0 = published on
``as_of``); the 365-day window is ``age < 365``, the recent window ``age < $window`` (90 days
by default: kb ``rules.window_days``; the ``*90`` names below refer to it). Items after
``as_of`` are ignored. The status rules (docs/audit.md) are the CASE at the end of
``ACCOUNT_STATS``; their thresholds come from the knowledge base as parameters.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import duckdb

from chandelle.store import rollup
from chandelle.store.rollup import LOCAL_DAY_SQL as LOCAL_DAY_SQL

# The Europe/Paris calendar day of an item (store/rollup.py explains the expression).
_LOCAL_DAY = LOCAL_DAY_SQL


def _longest_gap(bits: str, oldest_age: str) -> str:
    """SQL: the longest silence in days within ages 0..``oldest_age``, from the publishing-day bitmap.

    ``bits`` has one character per age (position 1 = the audit day), '1' when at least one item
    was published that day. Splitting on '1' gives the zero runs: the first run is the silence
    up to the audit day, the last one the silence after the window start (or the account's first
    item), and an inner run of k zeros is a silence of k + 1 days between two publishing days.
    """
    window = f"substr({bits}, 1, {oldest_age} + 1)"
    parts = f"string_split({window}, '1')"
    return (
        f"CASE WHEN NOT contains({window}, '1') THEN {oldest_age} ELSE greatest("
        f"length({parts}[1]), length({parts}[-1]), "
        f"coalesce(list_max(list_transform({parts}[2:-2], lambda p: length(p) + 1)), 0)) END"
    )


def _active_weeks(bits: str, weeks: str) -> str:
    """SQL: how many of the first ``weeks`` 7-day blocks of the bitmap hold a publishing day."""
    return f"len(list_filter(range({weeks}), lambda w: contains(substr({bits}, w * 7 + 1, 7), '1')))"


# Account-level numbers and the status, in ONE aggregation over content_items grouped by account:
# counts, first and last day, a 365-character bitmap of publishing days (bitstring_agg), and
# histograms of months and formats. Gaps and active weeks are then read from the bitmap, so no
# per-day grouping is needed. Parameters are named ($as_of, $window, $ghost_days, ...).
PER_ACCOUNT_FROM_ITEMS = """
aged AS (
    SELECT c.account_id, c.format, {day} AS day, $as_of - {day} AS age
    FROM content_items c
    WHERE c.published_at < $as_of + INTERVAL 1 DAY
),
per_account AS (
    SELECT account_id,
           count(*) FILTER (WHERE age < 365) AS n365,
           count(*) FILTER (WHERE age < $window) AS n90,
           min(day) AS first_day, max(day) AS last_day,
           bitstring_agg(age, 0, 364) FILTER (WHERE age < 365) AS days365,
           histogram(year(day) * 100 + month(day)) AS months,
           histogram(format) FILTER (WHERE age < 365) AS mix365,
           histogram(format) FILTER (WHERE age < $window) AS mix90
    FROM aged WHERE age >= 0
    GROUP BY account_id
)"""

# The same per-account numbers from the rollup maintained at import (store/rollup.py): first and
# last day and the month histogram from the month rows (item_months; $as_of's own month from its
# days up to $as_of); counts, active weeks (a 52-bit map of weeks) and silences from the publishing
# days of the last 365 days (item_days; ``older`` is the account's previous publishing day, as an
# age); the format mix over the 365 days and the recent window from the month rows of the months
# they cover whole ($whole_365, $whole_recent onwards) and the day rows of the rest. Silences: the
# longest of the one up to the audit day (the newest age), the one after the window's start or
# the first item (oldest age), and the steps between consecutive publishing days, as
# _longest_gap reads them from the bitmap. Histograms come as lists already ordered (months by
# month, formats most frequent first, ties by name) so that Python only zips them.
PER_ACCOUNT_FROM_ROLLUP = """
history AS (
    SELECT account_id, min(first_day) AS first_day, max(last_day) AS last_day,
           list(month ORDER BY month) AS month_keys, list(items ORDER BY month) AS month_items
    FROM (SELECT account_id, month, items::BIGINT AS items, first_day, last_day
          FROM item_months WHERE month < $month_start
          UNION ALL
          SELECT account_id, $month_start::DATE, sum(items)::BIGINT, min(day), max(day)
          FROM item_days WHERE day BETWEEN $month_start AND $as_of GROUP BY account_id)
    GROUP BY account_id
),
recent_days AS (
    SELECT account_id, sum(items)::BIGINT AS n365, (sum(items) FILTER (WHERE age < $window))::BIGINT AS n90,
           bit_count(bitstring_agg(age // 7, 0, 51) FILTER (WHERE age < 364)) AS active_weeks365,
           bit_count(bitstring_agg(age // 7, 0, 51) FILTER (WHERE age < $window // 7 * 7)) AS active_weeks90,
           min(age) AS newest365, max(age) AS oldest365,
           max(older - age) FILTER (WHERE older < 365) AS inner365,
           min(age) FILTER (WHERE age < $window) AS newest90,
           max(age) FILTER (WHERE age < $window) AS oldest90,
           max(older - age) FILTER (WHERE older < $window) AS inner90
    FROM (SELECT account_id, items, ($as_of - day)::INTEGER AS age, ($as_of - previous_day)::INTEGER AS older
          FROM item_days WHERE day BETWEEN $as_of - 364 AND $as_of)
    GROUP BY account_id
),
format_counts AS (
    SELECT account_id, format, items AS n365, CASE WHEN month >= $whole_recent THEN items ELSE 0 END AS n90
    FROM item_month_formats WHERE month >= $whole_365 AND month < $month_start
    UNION ALL
    SELECT account_id, format,
           CASE WHEN day < $whole_365 OR day >= $month_start THEN items ELSE 0 END,
           CASE WHEN day >= $as_of - $window + 1 AND (day < $whole_recent OR day >= $month_start)
                THEN items ELSE 0 END
    FROM item_day_formats
    WHERE day BETWEEN $as_of - 364 AND $as_of
      AND (day < $whole_365 OR day >= $month_start OR (day >= $as_of - $window + 1 AND day < $whole_recent))
),
recent_formats AS (
    SELECT account_id,
           list(format ORDER BY n365 DESC, format) AS mix365_keys,
           list(n365 ORDER BY n365 DESC, format) AS mix365_items,
           list(format ORDER BY n90 DESC, format) FILTER (WHERE n90 > 0) AS mix90_keys,
           list(n90 ORDER BY n90 DESC, format) FILTER (WHERE n90 > 0) AS mix90_items
    FROM (SELECT account_id, format, sum(n365)::BIGINT AS n365, sum(n90)::BIGINT AS n90
          FROM format_counts GROUP BY ALL)
    GROUP BY account_id
),
per_account AS (
    SELECT * FROM history LEFT JOIN recent_days USING (account_id) LEFT JOIN recent_formats USING (account_id)
)"""


def _longest_gap_from_days(newest: str, oldest: str, inner: str, oldest_age: str) -> str:
    """SQL: what ``_longest_gap`` reads from the bitmap, from the newest and oldest publishing ages
    in the window and the longest step between two consecutive ones (NULL: fewer than two)."""
    return (f"CASE WHEN {newest} IS NULL THEN {oldest_age} ELSE greatest("
            f"{newest}, {oldest_age} - {oldest}, coalesce({inner}, 0)) END")


ACCOUNT_STATS = """
WITH kb_cadence(platform, min_pw, overhead) AS ({cadence_values}),
{per_account},
joined AS (
    SELECT a.account_id, a.platform, a.handle, a.institution_id, p.* EXCLUDE (account_id),{bits}
           coalesce(kc.min_pw, $default_min_pw) AS min_pw,
           coalesce(kc.overhead, $default_overhead) AS overhead,
           $as_of - p.first_day + 1 AS age_days
    FROM accounts a
    LEFT JOIN per_account p USING (account_id)
    LEFT JOIN kb_cadence kc ON kc.platform = a.platform
),
rated AS (
    SELECT *,
        coalesce(n365, 0) AS items365, coalesce(n90, 0) AS items90,
        greatest(least(365, age_days), 28) AS eff365, greatest(least($window, age_days), 28) AS eff90,
        least(52, greatest(4, ceil(age_days / 7))) AS weeks_in365,
        least($window // 7, greatest(4, ceil(age_days / 7))) AS weeks_in90,
        {weeks365} AS weeks365, {weeks90} AS weeks90,
        $as_of - last_day AS days_since,
        CASE WHEN first_day IS NULL THEN NULL ELSE {gap365} END AS gap365,
        CASE WHEN first_day IS NULL THEN NULL ELSE {gap90} END AS gap90
    FROM joined
),
final AS (
    SELECT *,
        coalesce(items365 * 7.0 / eff365, 0) AS rate365,
        coalesce(items90 * 7.0 / eff90, 0) AS rate90,
        $max_gap_intervals * 7.0 / min_pw AS max_gap_days
    FROM rated
)
SELECT account_id, platform, handle, institution_id, items365, items90, rate365, rate90, eff90,
       coalesce(weeks365 / weeks_in365, 0) AS week_share365,
       coalesce(weeks90 / weeks_in90, 0) AS week_share90,
       days_since, gap365, gap90, first_day, last_day, min_pw, overhead, max_gap_days, $window AS window_days,
       {histograms},
       CASE
           WHEN last_day IS NULL OR days_since >= $ghost_days THEN 'ghost'
           WHEN rate90 < $dormant_share * min_pw THEN 'dormant'
           WHEN rate90 < min_pw OR gap90 > max_gap_days THEN 'irregular'
           ELSE 'active'
       END AS status
FROM final
ORDER BY platform, handle
"""

# A cheap UTC pre-filter before the Paris day is computed: a Paris day in as_of - 364 .. as_of
# starts at most 2 h before its UTC midnight, so its items are in this UTC range.
RECENT_UTC = ("(c.published_at >= ($as_of - 365)::TIMESTAMP"
              " AND c.published_at < ($as_of + 1)::TIMESTAMP)")

FEATURES_USED = """
SELECT DISTINCT c.account_id, unnest(c.features) AS feature
FROM content_items c
WHERE c.features IS NOT NULL AND {recent} AND {day} BETWEEN $as_of - 364 AND $as_of
"""

# The last day each format and each feature tag was used, over the whole history up to as_of:
# what tells "never used" from "stopped using" (docs/audit.md, "Unused features").
LAST_USED = """
WITH d AS (
    SELECT c.account_id, c.format, c.features, {day} AS day FROM content_items c WHERE {day} <= $as_of
)
SELECT account_id, 'format' AS what, format AS key, max(day) AS last_day FROM d GROUP BY ALL
UNION ALL
SELECT account_id, 'feature', feature, max(day)
FROM (SELECT account_id, unnest(features) AS feature, day FROM d WHERE features IS NOT NULL)
GROUP BY ALL
"""

# The same two from the rollup: features used from their day rows, last uses from the month rows
# (and the days of $as_of's month).
FEATURES_USED_FROM_ROLLUP = """
SELECT DISTINCT account_id, feature FROM item_day_features WHERE day BETWEEN $as_of - 364 AND $as_of
"""


def _last_days(what: str, column: str) -> str:
    """SQL: the last day each ``column`` (format or feature) was used up to $as_of, per account."""
    return f"""
SELECT account_id, '{what}' AS what, {column} AS key, max(last_day) AS last_day FROM (
    SELECT account_id, {column}, last_day FROM item_month_{column}s WHERE month < $month_start
    UNION ALL
    SELECT account_id, {column}, day FROM item_day_{column}s WHERE day BETWEEN $month_start AND $as_of
) GROUP BY ALL"""


LAST_USED_FROM_ROLLUP = _last_days("format", "format") + "\nUNION ALL" + _last_days("feature", "feature")

# One row per item with its current metrics (item_metrics_current), and its interactions: likes,
# comments, shares, saves, replies and reposts added up, NULL when the export has none of them.
# Shared by the 365-day medians per format and the monthly series.
_ITEM_METRICS = """
m AS (
    SELECT c.account_id, c.format, c.item_id, {day} AS day,
           max(v.value) FILTER (WHERE v.metric = 'likes') AS likes,
           max(v.value) FILTER (WHERE v.metric = 'comments') AS comments,
           max(v.value) FILTER (WHERE v.metric = 'shares') AS shares,
           max(v.value) FILTER (WHERE v.metric = 'saves') AS saves,
           max(v.value) FILTER (WHERE v.metric IN ('replies')) AS replies,
           max(v.value) FILTER (WHERE v.metric IN ('reposts')) AS reposts,
           max(v.value) FILTER (WHERE v.metric = 'views') AS views,
           max(v.value) FILTER (WHERE v.metric = 'reach') AS reach,
           max(v.value) FILTER (WHERE v.metric = 'impressions') AS impressions
    FROM content_items c JOIN item_metrics_current v USING (platform, item_id)
    WHERE {where}
    GROUP BY ALL
), i AS (
    SELECT *,
        CASE WHEN coalesce(likes, comments, shares, saves, replies, reposts) IS NULL THEN NULL ELSE
            coalesce(likes, 0) + coalesce(comments, 0) + coalesce(shares, 0) + coalesce(saves, 0)
            + coalesce(replies, 0) + coalesce(reposts, 0) END AS interactions
    FROM m
)"""

# Medians per item by format over 365 days; the rate only where the export has its denominator.
ENGAGEMENT = "WITH " + _ITEM_METRICS.replace(
    "{where}", "{recent} AND {day} BETWEEN $as_of - 364 AND $as_of") + """
SELECT account_id, format, count(*) AS items_with_metrics,
       median(interactions) AS interactions, median(likes) AS likes, median(comments) AS comments,
       median(shares) AS shares, median(views) AS views, median(reach) AS reach,
       median(interactions / nullif(reach, 0)) AS interaction_rate_reach,
       median(interactions / nullif(impressions, 0)) AS interaction_rate_impressions
FROM i GROUP BY ALL ORDER BY account_id, format
"""

# Engagement over time: per account and Paris month from $start (first day of the audit's first
# chart month) to $as_of, the median interactions per item and how many items it rests on. Only
# items whose export carries interactions count; a month without any has no row (a gap).
ENGAGEMENT_MONTHLY = "WITH " + _ITEM_METRICS.replace(
    "{where}", "c.published_at >= ($start - 1)::TIMESTAMP AND c.published_at < ($as_of + 1)::TIMESTAMP"
) + """
SELECT account_id, year(day) * 100 + month(day) AS month, count(*) AS items,
       median(interactions) AS interactions
FROM i WHERE interactions IS NOT NULL AND day BETWEEN $start AND $as_of
GROUP BY ALL ORDER BY account_id, month
"""

FOLLOWERS = """
SELECT account_id, min(day), arg_min(followers, day), max(day), arg_max(followers, day)
FROM follower_snapshots WHERE day BETWEEN $as_of - 364 AND $as_of
GROUP BY account_id
"""


@dataclass(frozen=True)
class Thresholds:
    """The kb values the SQL needs (already resolved against the profile)."""

    ghost_days: float
    window_days: int
    dormant_share: float
    max_gap_intervals: float
    default_min_pw: float
    default_overhead: float


def _values(rows: Sequence[tuple[Any, ...]], types: Sequence[str]) -> str:
    """A literal VALUES list (kb numbers and slugs only, quoted safely)."""
    if not rows:
        nulls = ", ".join(f"NULL::{t}" for t in types)
        return f"SELECT {nulls} WHERE false"
    rendered = []
    for row in rows:
        cells = []
        for value, sql_type in zip(row, types, strict=True):
            if sql_type == "VARCHAR":
                cells.append("'" + str(value).replace("'", "''") + "'")
            else:
                cells.append(f"{float(value)!r}::{sql_type}")
        rendered.append("(" + ", ".join(cells) + ")")
    return "VALUES " + ", ".join(rendered)


def account_stats(con: duckdb.DuckDBPyConnection, as_of: date, thresholds: Thresholds,
                  cadence: Sequence[tuple[str, float, float]], *, use_rollup: bool | None = None,
                  ) -> list[dict[str, Any]]:
    """One row per account (every account of the store, with or without items).

    ``use_rollup``: read the import-time rollup (default: whenever it is current) or every item.
    Both give the same rows (tests/audit/test_rollup.py): ``months`` {first day of the month:
    items} in month order, ``mix365`` and ``mix90`` {format: items} most frequent first (ties by
    format), empty when there is nothing to count.
    """
    from_rollup = rollup.is_current(con) if use_rollup is None else use_rollup
    params = {
        "as_of": as_of, "window": thresholds.window_days, "ghost_days": thresholds.ghost_days,
        "dormant_share": thresholds.dormant_share, "max_gap_intervals": thresholds.max_gap_intervals,
        "default_min_pw": thresholds.default_min_pw, "default_overhead": thresholds.default_overhead,
    }
    cadence_values = _values(cadence, ("VARCHAR", "DOUBLE", "DOUBLE"))
    if from_rollup:
        return _rows_from_rollup(con, cadence_values, params | _month_bounds(as_of, thresholds.window_days))
    return _rows_from_items(con, cadence_values, params)


def _rows_from_rollup(con: duckdb.DuckDBPyConnection, cadence_values: str,
                      params: dict[str, Any]) -> list[dict[str, Any]]:
    sql = ACCOUNT_STATS.format(
        per_account=PER_ACCOUNT_FROM_ROLLUP, cadence_values=cadence_values, bits="",
        weeks365="coalesce(active_weeks365, 0)", weeks90="coalesce(active_weeks90, 0)",
        gap365=_longest_gap_from_days("newest365", "oldest365", "inner365", "least(364, age_days - 1)"),
        gap90=_longest_gap_from_days("newest90", "oldest90", "inner90", "least($window - 1, age_days - 1)"),
        histograms="month_keys, month_items, mix365_keys, mix365_items, mix90_keys, mix90_items",
    )
    rows = _dicts(con.execute(sql, params))
    for row in rows:
        for name in ("month", "mix365", "mix90"):
            row["months" if name == "month" else name] = dict(
                zip(row.pop(f"{name}_keys") or (), row.pop(f"{name}_items") or (), strict=True))
    return rows


def _rows_from_items(con: duckdb.DuckDBPyConnection, cadence_values: str,
                     params: dict[str, Any]) -> list[dict[str, Any]]:
    sql = ACCOUNT_STATS.format(
        per_account=PER_ACCOUNT_FROM_ITEMS.format(day=_LOCAL_DAY), cadence_values=cadence_values,
        bits="\n           coalesce(CAST(p.days365 AS VARCHAR), repeat('0', 365)) AS bits,",
        weeks365=_active_weeks("bits", "52"), weeks90=_active_weeks("bits", "$window // 7"),
        gap365=_longest_gap("bits", "least(364, age_days - 1)"),
        gap90=_longest_gap("bits", "least($window - 1, age_days - 1)"),
        histograms="months, mix365, mix90",
    )
    rows = _dicts(con.execute(sql, params))
    for row in rows:
        months = sorted(_histogram(row["months"]).items())
        row["months"] = {date(key // 100, key % 100, 1): n for key, n in months}
        row["mix365"], row["mix90"] = _histogram(row["mix365"]), _histogram(row["mix90"])
    return rows


def _month_bounds(as_of: date, window: int) -> dict[str, date]:
    """The first day of ``as_of``'s month, and of the first whole month of the 365-day and recent
    windows: the rollup's month rows cover whole months, its day rows the rest."""
    return {"month_start": as_of.replace(day=1), "whole_365": _whole_months_from(as_of - timedelta(days=364)),
            "whole_recent": _whole_months_from(as_of - timedelta(days=window - 1))}


def _whole_months_from(day: date) -> date:
    """The first day of the first calendar month that starts on or after ``day``."""
    if day.day == 1:
        return day
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _histogram(value: Any) -> dict[Any, int]:
    """A DuckDB histogram (MAP) as a dict, most frequent first (ties by key); NULL -> {}."""
    if not value:
        return {}
    items = value.items() if isinstance(value, dict) else zip(value["key"], value["value"], strict=True)
    return dict(sorted(((k, int(n)) for k, n in items), key=lambda kv: (-kv[1], str(kv[0]))))


def used_features(con: duckdb.DuckDBPyConnection, as_of: date, from_rollup: bool) -> list[tuple[Any, ...]]:
    """(account_id, feature) for every feature tag used in the 365 days up to ``as_of``."""
    if from_rollup:
        return con.execute(FEATURES_USED_FROM_ROLLUP, {"as_of": as_of}).fetchall()
    return per_account_rows(con, FEATURES_USED, as_of)


def last_uses(con: duckdb.DuckDBPyConnection, as_of: date, from_rollup: bool) -> list[tuple[Any, ...]]:
    """(account_id, 'format' or 'feature', key, last day used up to ``as_of``)."""
    if from_rollup:
        params = {"as_of": as_of, "month_start": as_of.replace(day=1)}
        return con.execute(LAST_USED_FROM_ROLLUP, params).fetchall()
    return per_account_rows(con, LAST_USED, as_of)


def per_account_rows(con: duckdb.DuckDBPyConnection, query: str, as_of: date) -> list[tuple[Any, ...]]:
    """Run one of the GROUP BY queries above for ``as_of``."""
    return con.execute(query.format(day=_LOCAL_DAY, recent=RECENT_UTC), {"as_of": as_of}).fetchall()


def has_metrics(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the store holds any metric snapshot (the engagement figures need them)."""
    return bool(con.execute("SELECT EXISTS (SELECT 1 FROM metric_snapshots)").fetchall()[0][0])


def monthly_engagement(con: duckdb.DuckDBPyConnection, as_of: date, months: int,
                       ) -> list[tuple[int, date, int, float]]:
    """(account_id, first day of the month, items measured, median interactions per item) for the
    ``months`` calendar months ending with ``as_of``'s, months with measured items only."""
    index = as_of.year * 12 + as_of.month - 1 - (months - 1)
    start = date(index // 12, index % 12 + 1, 1)
    rows = con.execute(ENGAGEMENT_MONTHLY.format(day=_LOCAL_DAY), {"as_of": as_of, "start": start}).fetchall()
    return [(int(a), date(int(m) // 100, int(m) % 100, 1), int(n), float(v)) for a, m, n, v in rows]


def _dicts(cursor: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description or []]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
