"""One analysis of the store: audit, then plan, then the plans with more or fewer hours.

Every front end (command line, web app, report, calendar, exports) asks for an ``Analysis``
instead of composing "audit, then plan" itself, so the store is audited once per day asked
for and the plan solved once per request. ``analyse`` does both steps on an open store;
``read_store`` and ``analysis_of`` are the same two steps apart, for a caller (the web app)
that keeps the store's reading while the user moves the plan's controls.
"""

from __future__ import annotations

import threading
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cached_property
from pathlib import Path
from typing import NamedTuple

import duckdb

from chandelle.audit import AuditReport, run_audit
from chandelle.content.models import ContentReport
from chandelle.i18n import PARIS
from chandelle.kb.models import KnowledgeBase
from chandelle.plan import Plan, make_plan
from chandelle.profile import Profile, default_profile
from chandelle.request import PlanRequest

# The report's "what more or fewer hours would change": the plan solved again with these changes.
WHAT_IF_DELTAS = (-4.0, -2.0, 2.0, 4.0)
LATEST_ITEM_CHARS = 160


@dataclass(frozen=True)
class Institution:
    """The profile as given (None: the audit lists the defaults it used), the one planned with, the kb."""

    given: Profile | None
    profile: Profile
    kb: KnowledgeBase

    @classmethod
    def of(cls, given: Profile | None) -> Institution:
        if given is not None:
            return cls(given, given, given.knowledge_base())
        from chandelle.kb import load_kb

        return cls(None, default_profile(), load_kb())


class LatestItem(NamedTuple):
    """An account's last item up to the day of the analysis (Paris time) and its text, shortened."""

    published_at: datetime
    text: str


@dataclass(frozen=True)
class StoreReading:
    """What the store says on one day: the audit and each account's latest item."""

    as_of: date
    audit: AuditReport
    latest_items: Mapping[tuple[str, str], LatestItem]
    content: ContentReport | None = None      # series, registers (issue 14); None: not read


@dataclass(frozen=True)
class Analysis:
    """The audit, the recommended plan and (computed on first use) its alternatives.

    ``alternatives`` are the plans solved again with ``WHAT_IF_DELTAS`` more or fewer hours
    (without their own what-ifs); only the report reads them, so they are computed once, on
    first use, and kept with the analysis.
    """

    request: PlanRequest
    institution: Institution
    reading: StoreReading
    plan: Plan
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    @property
    def audit(self) -> AuditReport:
        return self.reading.audit

    @property
    def profile(self) -> Profile:
        return self.institution.profile

    @property
    def kb(self) -> KnowledgeBase:
        return self.institution.kb

    @cached_property
    def alternatives(self) -> tuple[Plan, ...]:
        with self._lock:
            return tuple(_plan(self.reading, self.institution, self.request.with_hours(hours), what_if=False)
                         for hours in self._alternative_hours())

    def _alternative_hours(self) -> list[float]:
        capacity = self.plan.capacity_hours_per_week
        return [capacity + delta for delta in WHAT_IF_DELTAS if capacity + delta >= 0]


def _plan(reading: StoreReading, institution: Institution, request: PlanRequest, *, what_if: bool) -> Plan:
    evidence = None
    if reading.content is not None:
        from chandelle.content.fit import format_fit_evidence

        evidence = format_fit_evidence(reading.content)
    return make_plan(reading.audit, institution.profile, institution.kb, request, what_if=what_if,
                     fit_evidence=evidence)


def read_store(con: duckdb.DuckDBPyConnection, institution: Institution, as_of: date) -> StoreReading:
    """Audit the store on ``as_of``, read each account's latest item and what it posts (content)."""
    from chandelle.content import run_content  # scipy and scikit-learn: loaded only when needed

    audit = run_audit(con, institution.given, institution.kb, as_of)
    return StoreReading(as_of, audit, latest_items(con, as_of), run_content(con, as_of))


def analysis_of(reading: StoreReading, institution: Institution, request: PlanRequest) -> Analysis:
    """Plan from a reading of the store (no store access)."""
    return Analysis(request, institution, reading, _plan(reading, institution, request, what_if=True))


def analyse(con: duckdb.DuckDBPyConnection, institution: Institution, request: PlanRequest) -> Analysis:
    """Audit the store on ``request.as_of``, then plan as the request asks."""
    return analysis_of(read_store(con, institution, request.as_of), institution, request)


def latest_items(con: duckdb.DuckDBPyConnection, as_of: date) -> dict[tuple[str, str], LatestItem]:
    """Per (platform, handle): the last content item up to ``as_of`` and its text (shortened)."""
    rows = con.execute("""
        SELECT platform, handle, max(published_at), arg_max(coalesce(text, ''), published_at)
        FROM content_items WHERE published_at < ?::DATE + INTERVAL 1 DAY
        GROUP BY platform, handle
    """, [as_of]).fetchall()
    out = {}
    for platform, handle, moment, text in rows:
        short = text if len(text) <= LATEST_ITEM_CHARS else text[:LATEST_ITEM_CHARS - 1] + "…"
        out[(platform, handle)] = LatestItem(moment.replace(tzinfo=UTC).astimezone(PARIS), short)
    return out


def file_version(path: Path) -> tuple[int, int]:
    """Modification time and size of a file ((0, 0) when it does not exist)."""
    try:
        stat = path.stat()
    except OSError:
        return (0, 0)
    return (stat.st_mtime_ns, stat.st_size)


def store_version(db: Path) -> Hashable:
    """Changes whenever the store changes (any import, from the web app or a terminal)."""
    return (file_version(db), file_version(db.with_name(db.name + ".wal")))
