"""Plan and reality: per network, what the plan asked on a day and what was published since.

The plan "asked" is the plan chandelle recommended on ``since`` (the audit of the store as it
stood that day, the profile as it is); what was published is read from the store between
``since`` and the day of the analysis. Nothing is judged with a hidden threshold: the page
shows the planned and the published cadence, the plan's minimum, and the formats planned,
used, or used without being planned.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

from fastapi import APIRouter, Depends
from starlette.requests import Request
from starlette.responses import Response

from chandelle.analysis import PlanRequest, day_from
from chandelle.errors import InputError
from chandelle.plan.result import Plan
from chandelle.web.context import analysis_for, as_of_from, cache_of, data_version
from chandelle.web.deps import csrf_protect, gate_of, settings_of
from chandelle.web.render import page

router = APIRouter(dependencies=[Depends(csrf_protect)])
DEFAULT_DAYS = 28
MIN_DAYS = 7
Verdict = Literal["planned", "minimum", "below", "stopped", "still_published", "absent"]


@dataclass
class FollowUp:
    """One network: the plan of ``since`` and what was published after it."""

    platform: str
    decision: str
    planned_per_week: float
    minimum_per_week: float
    published: int = 0
    published_per_week: float = 0.0
    formats_planned: dict[str, float] = field(default_factory=dict)   # format -> items per week
    formats_used: dict[str, int] = field(default_factory=dict)        # format -> items since
    verdict: Verdict = "absent"

    @property
    def formats_missing(self) -> list[str]:
        return sorted(f for f in self.formats_planned if f not in self.formats_used)

    @property
    def formats_unplanned(self) -> list[str]:
        return sorted(f for f in self.formats_used if f not in self.formats_planned)


def published_between(request: Request, since: date, until: date) -> dict[tuple[str, str], int]:
    """(platform, format) -> original items published after ``since`` up to ``until`` (Paris days)."""
    def compute() -> dict[tuple[str, str], int]:
        with gate_of(request).read() as con:
            rows = con.execute("""
                SELECT platform, coalesce(format, 'other'), count(*)
                FROM content_items
                WHERE CAST(timezone('Europe/Paris', published_at::TIMESTAMPTZ) AS DATE) > ?
                  AND CAST(timezone('Europe/Paris', published_at::TIMESTAMPTZ) AS DATE) <= ?
                GROUP BY ALL
            """, [since, until]).fetchall()
        return {(str(p), str(f)): int(n) for p, f, n in rows}

    key = ("published", data_version(settings_of(request)), since, until)
    return cache_of(request).get_or_compute(key, compute)


def _verdict(line: FollowUp) -> Verdict:
    if line.decision in ("keep", "start"):
        if line.published_per_week + 1e-9 >= line.planned_per_week:
            return "planned"
        return "minimum" if line.published_per_week + 1e-9 >= line.minimum_per_week else "below"
    return "still_published" if line.published else "stopped"


def follow_up(plan: Plan, published: dict[tuple[str, str], int], weeks: float) -> list[FollowUp]:
    """Per network of the plan (and per network published without being in it)."""
    lines: dict[str, FollowUp] = {}
    for network in plan.networks:
        if network.decision == "absent" and not network.handle:
            continue
        lines[network.platform] = FollowUp(
            network.platform, network.decision, network.items_per_week, network.min_items_per_week,
            formats_planned={f.format: f.items_per_week for f in network.formats if f.items_per_week > 0})
    for (platform, fmt), count in published.items():
        line = lines.setdefault(platform, FollowUp(platform, "absent", 0.0, 0.0))
        line.formats_used[fmt] = line.formats_used.get(fmt, 0) + count
        line.published += count
    for line in lines.values():
        line.published_per_week = line.published / weeks
        line.verdict = _verdict(line)
    return sorted(lines.values(), key=lambda f: (f.decision not in ("keep", "start"), f.platform))


def _since(request: Request, as_of: date) -> date:
    raw = request.query_params.get("since", "").strip()
    since = day_from(raw, "since") if raw else as_of - timedelta(days=DEFAULT_DAYS)
    if (as_of - since).days < MIN_DAYS:
        raise InputError("Compare over at least {days} days: choose an earlier start.",
                         hint="For example four weeks before the day of the analysis.", days=MIN_DAYS)
    return since


@router.get("/followup", name="followup_page")
def followup_page(request: Request) -> Response:
    as_of = as_of_from(request)
    since = _since(request, as_of)
    asked = analysis_for(request, PlanRequest(since))
    weeks = (as_of - since).days / 7
    lines = follow_up(asked.plan, published_between(request, since, as_of), weeks)
    return page(request, "followup.html", lines=lines, since=since, as_of=as_of, weeks=weeks)
