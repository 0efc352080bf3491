"""One analysis for every front end: audit the store, plan, and the plans with more or fewer hours.

Usage (the command line, the web app, the report, the calendar and the exports all do this)::

    from chandelle.analysis import Institution, PlanRequest, analyse
    institution = Institution.of(load_profile(path))        # profile (or defaults) and kb
    analysis = analyse(con, institution, PlanRequest(as_of, hours=12))
    analysis.audit, analysis.plan, analysis.alternatives    # AuditReport, Plan, tuple[Plan, ...]

``PlanRequest`` and ``CalendarRequest`` are validated when built (``InputError``). An analysis
is a pure function of (store version, profile, request): ``store_version`` and ``file_version``
give the first two, the request is hashable, so a caller can cache analyses by that key
(the web app does, in ``web/context.py``). docs/planner.md, "One analysis", says more.
"""

from __future__ import annotations

from chandelle.analysis.compute import (
    WHAT_IF_DELTAS,
    Analysis,
    Institution,
    LatestItem,
    StoreReading,
    analyse,
    analysis_of,
    file_version,
    latest_items,
    read_store,
    store_version,
)
from chandelle.request import (
    EARLIEST_DAY,
    LATEST_DAY,
    MAX_CALENDAR_WEEKS,
    MAX_HOURS_PER_WEEK,
    CalendarRequest,
    PlanRequest,
    day_from,
    next_monday,
    number_from,
    today,
)

__all__ = [
    "EARLIEST_DAY", "LATEST_DAY", "MAX_CALENDAR_WEEKS", "MAX_HOURS_PER_WEEK", "WHAT_IF_DELTAS", "Analysis",
    "CalendarRequest", "Institution", "LatestItem", "PlanRequest", "StoreReading", "analyse", "analysis_of",
    "day_from", "file_version", "latest_items", "next_monday", "number_from", "read_store",
    "store_version", "today",
]
