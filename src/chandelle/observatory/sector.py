"""The observatory of one store: the audit per institution, then sector aggregates.

The audit runs once over the whole store (``run_audit``, default profile: one kb, no
institution's overrides); its per-account rows are then grouped by ``accounts.institution_id``.
Accounts of no institution form one group, "sans institution" (``institution_id`` null), which is
not counted as an institution in the share of institutions over the network limit.
JSON schema: docs/observatory.md.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from statistics import median
from typing import Any

import duckdb

from chandelle.audit import STATUSES, AccountAudit, run_audit
from chandelle.audit.models import with_deprecated_keys
from chandelle.kb.models import KnowledgeBase
from chandelle.store.institutions import account_institutions, list_institutions

SCHEMA_VERSION = 1


@dataclass
class InstitutionSummary:
    """One institution (or the accounts of none) as the audit sees it."""

    institution_id: int | None
    slug: str | None
    name: str | None
    networks: list[str]
    status_counts: dict[str, int]
    estimated_hours_per_week: float
    hours_to_reach_minimum: float
    accounts: list[dict[str, Any]]

    @property
    def network_count(self) -> int:
        return len(self.networks)

    def to_dict(self) -> dict[str, Any]:
        return {"institution_id": self.institution_id, "slug": self.slug, "name": self.name,
                "networks": self.networks, "network_count": self.network_count,
                "status_counts": self.status_counts,
                "estimated_hours_per_week": self.estimated_hours_per_week,
                "hours_to_reach_minimum": self.hours_to_reach_minimum, "accounts": self.accounts}


@dataclass(frozen=True)
class PlatformAggregate:
    """The sector on one platform: how many accounts, how many ghosts, the median cadence."""

    platform: str
    accounts: int
    ghosts: int
    median_items_per_week: float
    min_items_per_week: float

    @property
    def ghost_share(self) -> float:
        return self.ghosts / self.accounts if self.accounts else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"platform": self.platform, "accounts": self.accounts, "ghosts": self.ghosts,
                "ghost_share": round(self.ghost_share, 4),
                "median_items_per_week": self.median_items_per_week,
                "min_items_per_week": self.min_items_per_week}


@dataclass
class ObservatoryReport:
    as_of: date
    institutions: list[InstitutionSummary]
    platforms: list[PlatformAggregate]
    max_networks: int
    max_networks_source: str
    institutions_over_max: int
    institution_count: int
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def share_over_max(self) -> float | None:
        return self.institutions_over_max / self.institution_count if self.institution_count else None

    def to_dict(self) -> dict[str, Any]:
        share = self.share_over_max
        return {
            "schema_version": SCHEMA_VERSION, "as_of": self.as_of.isoformat(),
            "institutions": [i.to_dict() for i in self.institutions],
            "sector": {
                "institution_count": self.institution_count,
                "max_networks": {"value": self.max_networks, "source": self.max_networks_source},
                "institutions_over_max_networks": self.institutions_over_max,
                "share_institutions_over_max_networks": None if share is None else round(share, 4),
                "platforms": [p.to_dict() for p in self.platforms],
            },
            "rules": self.rules,
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)


def _account_row(a: AccountAudit) -> dict[str, Any]:
    return with_deprecated_keys({
        "platform": a.platform, "handle": a.handle, "status": a.status,
        "items_per_week": a.items_per_week, "items_per_week_in_window": a.items_per_week_in_window,
        "min_items_per_week": a.min_items_per_week, "hours_per_week": a.hours_per_week,
        "days_since_last_item": a.days_since_last_item})


def _summary(key: int | None, names: dict[int, tuple[str, str]],
             accounts: list[AccountAudit]) -> InstitutionSummary:
    slug, name = names[key] if key is not None else (None, None)
    return InstitutionSummary(
        institution_id=key, slug=slug, name=name,
        networks=sorted({a.platform for a in accounts}),
        status_counts={s: sum(1 for a in accounts if a.status == s) for s in STATUSES},
        estimated_hours_per_week=round(sum(a.hours_per_week for a in accounts), 2),
        hours_to_reach_minimum=round(sum(a.hours_to_reach_minimum for a in accounts), 2),
        accounts=[_account_row(a) for a in accounts],
    )


def _platforms(accounts: list[AccountAudit]) -> list[PlatformAggregate]:
    by_platform: dict[str, list[AccountAudit]] = {}
    for a in accounts:
        by_platform.setdefault(a.platform, []).append(a)
    return [PlatformAggregate(platform=p, accounts=len(rows),
                              ghosts=sum(1 for a in rows if a.status == "ghost"),
                              median_items_per_week=round(median(a.items_per_week for a in rows), 3),
                              min_items_per_week=rows[0].min_items_per_week)
            for p, rows in sorted(by_platform.items())]


def run_observatory(con: duckdb.DuckDBPyConnection, kb: KnowledgeBase, as_of: date) -> ObservatoryReport:
    """Audit every account once, then summarise per institution and for the whole sector."""
    audit = run_audit(con, None, kb, as_of)
    owner = account_institutions(con)
    known = list_institutions(con)
    names = {i.institution_id: (i.slug, i.name) for i in known}
    grouped: dict[int | None, list[AccountAudit]] = {i.institution_id: [] for i in known}
    for account in audit.accounts:
        grouped.setdefault(owner.get((account.platform, account.handle)), []).append(account)
    summaries = [_summary(i.institution_id, names, grouped[i.institution_id]) for i in known]
    if grouped.get(None):
        summaries.append(_summary(None, names, grouped[None]))
    limit_fact = kb.defaults.max_networks
    limit = int(limit_fact.number or 0)
    return ObservatoryReport(
        as_of=as_of, institutions=summaries, platforms=_platforms(audit.accounts),
        max_networks=limit, max_networks_source=limit_fact.source or "",
        institutions_over_max=sum(1 for s in summaries
                                  if s.institution_id is not None and s.network_count > limit),
        institution_count=len(known), rules=audit.rules,
    )
