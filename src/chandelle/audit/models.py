"""The audit's results: one ``AccountAudit`` per account and the ``AuditReport`` around them.

Reasons are stored as message ids and parameters and rendered in the reader's language.
``AuditReport.to_dict(lang)`` / ``to_json(lang)`` follow docs/audit-json.md (a stable schema:
keys are only ever added, never renamed or removed within a ``schema_version``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, NamedTuple

from chandelle.i18n import fmt_number, translator

SCHEMA_VERSION = 1
STATUSES = ("active", "irregular", "dormant", "ghost")
# Keys of schema_version 1 named after the default 90-day window (kb ``rules.window_days``, 28-365
# days): still written, equal to their new name, for one version (docs/audit-json.md).
DEPRECATED_KEYS = {
    "items_last_90d": "items_in_window",
    "items_per_week_90d": "items_per_week_in_window",
    "active_week_share_90d": "active_week_share_in_window",
    "longest_gap_days_90d": "longest_gap_days_in_window",
}


@dataclass(frozen=True)
class Clause:
    """One part of a reason: singular/plural msgids chosen by ``count`` in the reader's language."""

    msgid: str
    params: dict[str, Any] = field(default_factory=dict)
    msgid_plural: str | None = None
    count: float | None = None

    def chosen_msgid(self, lang: str) -> str:
        if self.msgid_plural is None or self.count is None:
            return self.msgid
        singular = self.count in (0, 1) if lang == "fr" else self.count == 1
        return self.msgid if singular else self.msgid_plural

    def render(self, lang: str) -> str:
        _ = translator(lang)
        params = {k: _format_param(v, lang) for k, v in self.params.items()}
        return _(self.chosen_msgid(lang), **params)

    def to_dict(self, lang: str) -> dict[str, Any]:
        return {"msgid": self.chosen_msgid(lang), "params": _jsonable(self.params)}


@dataclass(frozen=True)
class Reason:
    """The one-sentence reason for a status, e.g. 'dernière publication il y a 143 jours ; ...'."""

    clauses: tuple[Clause, ...]

    def render(self, lang: str = "fr") -> str:
        separator = " ; " if lang == "fr" else "; "
        return separator.join(c.render(lang) for c in self.clauses)


def _format_param(value: Any, lang: str) -> str:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return fmt_number(value, lang, 0)
    if isinstance(value, float):
        return fmt_number(value, lang, 2)
    return str(value)


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if hasattr(value, "to_dict"):
        return value.to_dict()
    return value


@dataclass(frozen=True)
class UnusedFeature:
    """A format or feature the platform offers that the account did not use in 365 days."""

    platform: str
    handle: str
    feature: str                     # kb key, e.g. "story", "live", "guide"
    label: str
    hours_per_item: float | None
    expected_value_per_hour: float | None   # sum(objective weight x fit) / hours; None if unknown
    sources: dict[str, str]          # what -> kb source key
    usage: str = "never"             # "never" used, or "stopped": used before, not in the recent window
    last_used_on: date | None = None # the last day the account used it (None: never)
    fit: dict[str, float] = field(default_factory=dict)   # objective -> what the kb says it brings (0..1)

    def to_dict(self) -> dict[str, Any]:
        return {k: _jsonable(v) for k, v in self.__dict__.items()}


@dataclass(frozen=True)
class FollowerTrend:
    """Followers at the first and last snapshot of the 365-day window."""

    first_day: date
    first: int
    last_day: date
    last: int

    @property
    def change(self) -> int:
        return self.last - self.first

    @property
    def change_share(self) -> float | None:
        return None if self.first == 0 else self.change / self.first

    def to_dict(self) -> dict[str, Any]:
        return {"first_day": self.first_day.isoformat(), "first": self.first,
                "last_day": self.last_day.isoformat(), "last": self.last, "change": self.change,
                "change_share": self.change_share}


class MonthCount(NamedTuple):
    """One month's items (a named tuple: the audit builds one per account and month)."""

    month: date                      # first day of the month (Europe/Paris)
    items: int


@dataclass(frozen=True)
class MonthEngagement:
    """Engagement over time: one month's median interactions per item and the items behind it."""

    month: date                      # first day of the month (Europe/Paris)
    items: int                       # items published that month whose export carries interactions
    interactions: float              # median interactions (likes + comments + shares + ...) per item


@dataclass
class AccountAudit:
    """Everything the audit says about one account on ``as_of``."""

    platform: str
    handle: str
    status: str                      # one of STATUSES
    reason: Reason
    items_last_365d: int
    items_in_window: int             # in the recent window: kb rules.window_days (28-365, 90 by default)
    items_per_week: float            # over 365 days (or the account's age if younger, min 28 days)
    items_per_week_in_window: float  # over the recent window (same rule): the rate the status uses
    active_week_share: float         # share of the 52 weeks before as_of with >= 1 item
    active_week_share_in_window: float  # same over the weeks of the recent window
    days_since_last_item: int | None
    longest_gap_days: int | None     # longest silence in the 365-day window
    longest_gap_days_in_window: int | None
    first_item_on: date | None
    last_item_on: date | None
    min_items_per_week: float
    recommended_items_per_week: float | None
    max_gap_days: float              # the silence limit of the 'active' rule
    hours_per_week: float            # estimated: items x hours per format (90 days) + overhead
    hours_per_week_at_minimum: float
    hours_to_reach_minimum: float    # extra hours a week to reach the minimum viable cadence
    format_mix: dict[str, int]       # format -> items in 365 days
    features_used: list[str]
    features_available: list[str]
    unused_features: list[UnusedFeature]
    engagement: dict[str, dict[str, float]]   # format -> metric -> median per item (365 days)
    follower_trend: FollowerTrend | None
    monthly_items: list[MonthCount]  # whole history, for charts
    yearly_items: dict[int, int]     # whole history
    kb_sources: dict[str, str]       # figure -> kb source key
    assumptions: list[str]           # kb paths of the assumptions (confidence A) behind its figures
    # the last 24 months, months with measured items only; empty when the exports carry no engagement
    monthly_engagement: list[MonthEngagement] = field(default_factory=list)

    def to_dict(self, lang: str = "fr") -> dict[str, Any]:
        data: dict[str, Any] = {}
        for key, value in self.__dict__.items():
            if key == "reason":
                data["reason"] = value.render(lang)
                data["reason_parts"] = [c.to_dict(lang) for c in value.clauses]
            elif key == "monthly_items":
                data[key] = [{"month": m.month.isoformat()[:7], "items": m.items} for m in value]
            elif key == "monthly_engagement":
                data[key] = [{"month": m.month.isoformat()[:7], "items": m.items,
                              "interactions": m.interactions} for m in value]
            elif key == "yearly_items":
                data[key] = {str(year): n for year, n in sorted(value.items())}
            else:
                data[key] = _jsonable(value)
        return with_deprecated_keys(data)


def with_deprecated_keys(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with each deprecated key (``DEPRECATED_KEYS``) next to its new one, same value."""
    return data | {old: data[new] for old, new in DEPRECATED_KEYS.items() if new in data}


@dataclass(frozen=True)
class AssumedDefault:
    """A value the audit used that the institution did not give (or the kb only assumes)."""

    key: str
    value: float | int | str | None
    source: str
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class AuditReport:
    """The whole audit on ``as_of``: workload against capacity, and every account."""

    as_of: date
    institution: str
    capacity_hours_per_week: float
    estimated_hours_per_week: float
    over_commitment_ratio: float | None
    hours_at_minimum_per_week: float
    hours_to_reach_minimum: float
    unused_features: list[UnusedFeature]
    assumed_defaults: list[AssumedDefault]
    accounts: list[AccountAudit]
    rules: dict[str, dict[str, Any]]          # threshold -> {value, source, confidence, note}
    sources: dict[str, dict[str, Any]]        # bibliography of every key cited above
    peers: list[Any] = field(default_factory=list)   # audit.peers.PeerPosition, per account

    def status_counts(self) -> dict[str, int]:
        return {s: sum(1 for a in self.accounts if a.status == s) for s in STATUSES}

    @property
    def window_days(self) -> int:
        """The recent window of the ``*_in_window`` figures (kb ``rules.window_days``, 90 by default)."""
        value = self.rules.get("window_days", {}).get("value")
        return int(value) if value is not None else 90

    def to_dict(self, lang: str = "fr") -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "as_of": self.as_of.isoformat(),
            "lang": lang,
            "institution": self.institution,
            "capacity_hours_per_week": self.capacity_hours_per_week,
            "estimated_hours_per_week": self.estimated_hours_per_week,
            "over_commitment_ratio": self.over_commitment_ratio,
            "hours_at_minimum_per_week": self.hours_at_minimum_per_week,
            "hours_to_reach_minimum": self.hours_to_reach_minimum,
            "status_counts": self.status_counts(),
            "unused_features": [u.to_dict() for u in self.unused_features],
            "assumed_defaults": [d.to_dict() for d in self.assumed_defaults],
            "rules": self.rules,
            "accounts": [a.to_dict(lang) for a in self.accounts],
            "sources": self.sources,
            "peers": [p.to_dict() for p in self.peers],
        }

    def to_json(self, lang: str = "fr", indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(lang), ensure_ascii=False, indent=indent)
