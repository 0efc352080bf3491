"""Build the calendar's input from a plan and the institution's profile."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from chandelle.calendar.model import (
    CalendarInput,
    InstitutionEvent,
    Member,
    PlannedFormat,
    PlannedNetwork,
)

if TYPE_CHECKING:
    from chandelle.plan.result import Plan
    from chandelle.profile import Profile


def format_skills() -> dict[str, tuple[str, ...]]:
    """Skills each format needs: the planner's own table (plan/assumptions.toml)."""
    from chandelle.plan.build import assumptions

    table = assumptions().get("formats", {}).get("skills", {})
    return {fmt: tuple(skills) for fmt, skills in table.items()}


def calendar_input(plan: Plan, profile: Profile, start: date, weeks: int) -> CalendarInput:
    """Planned items of every network kept or started, the team (with the skills the plan has
    them learn given to the member with the most hours), the profile's events and zone."""
    skills = format_skills()
    networks = []
    for network in plan.active_networks:
        publishing = [a for a in network.accounts if a.decision in ("keep", "start") and a.formats]
        # the account is named where the platform holds several (issue 16): which one publishes what
        named = sum(1 for a in network.accounts if a.handle) > 1 and all(a.handle for a in publishing)
        for account in publishing if named else [None]:
            source = network if account is None else account
            formats = tuple(PlannedFormat(network.platform, f.format, f.items_per_week, f.hours_per_item,
                                          skills.get(f.format, ()))
                            for f in source.formats if f.items_per_week > 0)
            making = sum(f.hours_per_week for f in source.formats)
            networks.append(PlannedNetwork(network.platform, formats,
                                           max(0.0, round(source.hours_per_week - making, 4)),
                                           account=None if account is None else account.handle))
    members = [Member(m.name, m.hours_per_week, tuple(m.skills)) for m in profile.team]
    if plan.learned_skills and members:
        learner = max(range(len(members)), key=lambda i: members[i].hours_per_week)
        chosen = members[learner]
        members[learner] = Member(chosen.name, chosen.hours_per_week,
                                  tuple(sorted({*chosen.skills, *plan.learned_skills})))
    events = tuple(InstitutionEvent(e.name, e.start, e.end, e.kind) for e in profile.events)
    return CalendarInput(institution=plan.institution or profile.name, start=start, weeks=weeks,
                         networks=tuple(networks), members=tuple(members), events=events,
                         school_zone=profile.school_holiday_zone, weekend_work=profile.weekend_work)
