"""Hand-made planning problems for the planner's tests (no kb, no store)."""

from __future__ import annotations

from chandelle.plan.inputs import (
    CurrentPresence,
    FormatOption,
    Overlap,
    PlanInputs,
    PlatformOption,
    Scales,
    Skill,
)

NO_TIE_BREAK = Scales(hour_cost=0.0)


def fmt(
    name: str,
    hours: float,
    cap: float,
    value: float = 0.0,
    objective: str = "education",
    skills: tuple[str, ...] = (),
) -> FormatOption:
    return FormatOption(name, hours, cap, {objective: value} if value else {}, skills)


def platform(
    slug: str,
    *,
    reach: float = 0.0,
    hours: float = 1.0,
    minimum: float = 1.0,
    cap: float = 3.0,
    overhead: float = 0.0,
    value: float = 0.0,
    followers: int | None = None,
    status: str = "active",
    skills: tuple[str, ...] = (),
    excluded: bool = False,
    penalty: float = 0.0,
    formats: tuple[FormatOption, ...] | None = None,
) -> PlatformOption:
    current = CurrentPresence(f"@{slug}", status, followers) if followers is not None else None
    return PlatformOption(
        slug,
        formats or (fmt("photo", hours, cap, value, skills=skills),),
        minimum,
        overhead,
        {"all": reach} if reach else {},
        current,
        ("no_x",) if excluded else (),
        penalty,
        ("value",) if penalty else (),
    )


def problem(
    *platforms: PlatformOption,
    hours: float = 10.0,
    max_networks: int = 3,
    overlap: float = 0.5,
    skills: dict[str, Skill] | None = None,
    scales: Scales = NO_TIE_BREAK,
    weights: dict[str, float] | None = None,
) -> PlanInputs:
    return PlanInputs(
        "Musée test",
        tuple(platforms),
        {"all": 1.0},
        weights or {"education": 1.0},
        Overlap(overlap),
        skills or {},
        hours,
        0.0,
        max_networks,
        scales,
    )
