"""The presence audit: cadence, status, workload against capacity, unused features.

``run_audit(con, profile, kb, as_of)`` returns an ``AuditReport``. Every per-item number is
computed by DuckDB (``audit/sql.py``); Python only assembles one record per account.
The status rules are documented in docs/audit.md, the JSON schema in docs/audit-json.md.
"""

from __future__ import annotations

from datetime import date

import duckdb

from chandelle.audit.build import build_report
from chandelle.audit.models import (
    STATUSES,
    AccountAudit,
    AssumedDefault,
    AuditReport,
    Clause,
    FollowerTrend,
    MonthCount,
    MonthEngagement,
    Reason,
    UnusedFeature,
)
from chandelle.kb.models import KnowledgeBase
from chandelle.profile import Profile

__all__ = [
    "STATUSES", "AccountAudit", "AssumedDefault", "AuditReport", "Clause", "FollowerTrend",
    "MonthCount", "MonthEngagement", "Reason", "UnusedFeature", "run_audit",
]


def run_audit(con: duckdb.DuckDBPyConnection, profile: Profile | None, kb: KnowledgeBase,
              as_of: date, *, use_rollup: bool | None = None) -> AuditReport:
    """Audit every account in the store as of ``as_of`` (a Europe/Paris calendar day).

    Without a profile, chandelle's default profile is used and the report lists, in
    ``assumed_defaults``, every default it rests on. ``use_rollup``: read the rollup maintained
    at import (store/rollup.py; default: whenever it is current) or every item (the reference).
    """
    return build_report(con, profile, kb, as_of, use_rollup=use_rollup)
