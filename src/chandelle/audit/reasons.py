"""The one-sentence reason behind each status, built from the account's numbers (msgids + params)."""

from __future__ import annotations

from typing import Any

from chandelle.audit.models import Clause, Reason


def _last_item(days: int) -> Clause:
    if days == 0:
        return Clause("last item today")
    return Clause("last item {count} day ago", {"count": days}, "last item {count} days ago", days)


def _items_in_year(count: int) -> Clause:
    return Clause("{count} item in 12 months", {"count": count}, "{count} items in 12 months", count)


def _rate(rate: float, minimum: float, below: bool, days: int) -> Clause:
    params = {"rate": round(rate, 2), "minimum": round(minimum, 2), "days": days}
    if below:
        return Clause("{rate} items a week over the last {days} days, below the minimum of {minimum}", params)
    return Clause("{rate} items a week over the last {days} days, at or above the minimum of {minimum}",
                  params)


def _gap(gap: int, limit: float, over: bool, days: int) -> Clause:
    params = {"count": gap, "limit": round(limit, 1), "days": days}
    if over:
        return Clause("a silence of {count} days in the last {days} days (limit {limit})", params)
    return Clause("no silence over {limit} days in the last {days} days", params)


def reason_for(row: dict[str, Any]) -> Reason:
    """Why the account has its status; ``row`` is one line of ``sql.ACCOUNT_STATS``."""
    status = row["status"]
    if row["last_day"] is None:
        return Reason((Clause("no item published"),))
    days = int(row["days_since"])
    rate, minimum = float(row["rate90"]), float(row["min_pw"])
    gap, limit, window = int(row["gap90"]), float(row["max_gap_days"]), int(row["window_days"])
    if status == "ghost":
        return Reason((_last_item(days), _items_in_year(int(row["items365"]))))
    if status == "dormant":
        return Reason((_rate(rate, minimum, True, window), _last_item(days)))
    if status == "irregular":
        clauses = [_rate(rate, minimum, rate < minimum, window)]
        if gap > limit or rate >= minimum:
            clauses.append(_gap(gap, limit, gap > limit, window))
        return Reason(tuple(clauses))
    return Reason((_rate(rate, minimum, False, window), _gap(gap, limit, False, window)))
