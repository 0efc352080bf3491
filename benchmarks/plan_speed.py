"""Planner speed: one institution, a federation of 50 institutions × 12 platforms, and HiGHS
against exhaustive enumeration on the sizes where enumeration still finishes.

    .venv/bin/python benchmarks/plan_speed.py [--quick]

Synthetic problems are drawn with a fixed seed (reach, hours, cadences, followers, overlap);
the single institution uses the real knowledge base and a two-person profile. Every MILP is
solved to proven optimality (HiGHS status "optimal", relative gap 0) on one thread.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from datetime import date
from itertools import combinations, product

from chandelle.plan import inputs_from, plan_for
from chandelle.plan.explain import minimum_hours, union_reach
from chandelle.plan.inputs import (
    CurrentPresence,
    FederationInputs,
    FormatOption,
    Overlap,
    PlanInputs,
    PlatformOption,
    Scales,
    as_federation,
)
from chandelle.plan.model import community_value
from chandelle.plan.solve import solve
from chandelle.profile import profile_from_mapping

SLUGS = (
    "instagram",
    "facebook",
    "tiktok",
    "youtube",
    "x",
    "mastodon",
    "bluesky",
    "linkedin",
    "threads",
    "twitch",
    "other",
    "pinterest",
    "snapchat",
    "whatsapp",
    "discord",
    "reddit",
)
SEGMENTS = ("general_public", "young_people", "international")


def synthetic_member(
    rng: random.Random, name: str, platforms: int, hours: float, *, item_values: bool, max_networks: int = 3
) -> PlanInputs:
    options = []
    for slug in SLUGS[:platforms]:
        photo = FormatOption(
            "photo", rng.choice([0.5, 1.0, 1.5]), 3.0, {"education": rng.random()} if item_values else {}
        )
        video = FormatOption(
            "video", rng.choice([2.0, 3.0]), 2.0, {"visibility": rng.random()} if item_values else {}
        )
        current = None
        if rng.random() < 0.5:
            current = CurrentPresence(
                f"@{name}",
                rng.choice(["active", "irregular", "dormant", "ghost"]),
                rng.choice([50, 800, 5000, 40000]),
            )
        options.append(
            PlatformOption(
                slug,
                (photo, video),
                rng.choice([0.5, 1.0, 2.0]),
                rng.choice([0.5, 1.0]),
                {s: rng.choice([0.0, 0.1, 0.2, 0.4, 0.6]) for s in SEGMENTS},
                current,
                penalty=rng.choice([0.0, 0.0, 5.0]),
            )
        )
    weights = {"general_public": 0.5, "young_people": rng.random(), "international": rng.random() / 2}
    return PlanInputs(
        name,
        tuple(options),
        weights,
        {"education": 0.5, "visibility": 0.5},
        Overlap(rng.choice([0.5, 0.8])),
        {},
        hours,
        0.0,
        max_networks,
        Scales(hour_cost=0.0 if not item_values else 0.01),
    )


def time_single_institution(repeats: int) -> None:
    profile = profile_from_mapping(
        {
            "name": "Musée de démonstration",
            "team": [
                {"name": "A", "hours_per_week": 10, "skills": ["photo", "writing"]},
                {"name": "B", "hours_per_week": 6, "skills": ["video_editing"]},
            ],
            "objectives": {"visibility": 2, "youth_13_24": 1, "community": 1, "education": 1},
        }
    )
    inputs = inputs_from(profile.knowledge_base(), profile, None, None, date(2026, 11, 24))
    solves, full = [], []
    for _ in range(repeats):
        started = time.perf_counter()
        solution = solve(as_federation(inputs))
        solves.append(time.perf_counter() - started)
        assert solution.optimal
        started = time.perf_counter()
        plan_for(inputs, date(2026, 11, 24))
        full.append(time.perf_counter() - started)
    print(
        f"One institution, {len(inputs.platforms)} platforms of the kb: solve median "
        f"{statistics.median(solves) * 1000:.1f} ms; full plan with every what-if "
        f"(each platform forced in/out, +4 h) median {statistics.median(full) * 1000:.0f} ms"
    )
    time_robustness("the profile above, no accounts", inputs)
    time_robustness("the demo institution (its store, profile and accounts)", demo_inputs())


def demo_inputs() -> PlanInputs:
    """The planner's inputs for the demo institution: its exports imported into a temporary store."""
    import tempfile
    from importlib.resources import files
    from pathlib import Path

    from chandelle import store
    from chandelle.audit import run_audit
    from chandelle.demo import DEFAULT_AS_OF, DEMO_HANDLE, write_exports
    from chandelle.ingest import import_paths
    from chandelle.profile import load_profile

    with tempfile.TemporaryDirectory() as folder:
        write_exports(Path(folder) / "exports", DEFAULT_AS_OF)
        con = store.connect(Path(folder) / "demo.duckdb")
        import_paths(con, [Path(folder) / "exports"], hints={"handle": DEMO_HANDLE})
        profile_file = Path(folder) / "institution.toml"
        text = files("chandelle.demo").joinpath("institution.toml").read_text("utf-8")
        profile_file.write_text(text, "utf-8")
        profile = load_profile(profile_file)
        audit = run_audit(con, profile, profile.knowledge_base(), DEFAULT_AS_OF)
        con.close()
    return inputs_from(profile.knowledge_base(), profile, audit, None, DEFAULT_AS_OF)


def time_robustness(label: str, inputs: PlanInputs) -> None:
    """ROBUSTNESS_DRAWS draws: screened re-solves on every core, on one, and the reference (the
    whole model with the plan's own options, one process); the same decisions in every draw."""
    from chandelle.plan.assemble import ROBUSTNESS_DRAWS
    from chandelle.plan.robustness import decisions_per_draw, seeded_draws

    params, positions = seeded_draws(inputs, ROBUSTNESS_DRAWS)
    timings, found = {}, []
    for name, options in (
        ("every core", {}),
        ("one process", {"workers": 1}),
        ("reference", {"resolve": False}),
    ):
        started, cpu = time.perf_counter(), time.process_time()
        found.append(decisions_per_draw(inputs, params, positions, **options))  # type: ignore[arg-type]
        timings[name] = (time.perf_counter() - started, time.process_time() - cpu)
    assert found[0] == found[1] == found[2], "the screened re-solves must give the reference decisions"
    print(
        f"Robustness, {label}: {ROBUSTNESS_DRAWS} draws, "
        + "; ".join(f"{name} {wall:.2f} s wall" for name, (wall, _cpu) in timings.items())
        + f" (same decisions in all {ROBUSTNESS_DRAWS} draws)"
    )


def time_federation(members: int, platforms: int) -> None:
    rng = random.Random(2026)
    federation = FederationInputs(
        f"{members} institutions",
        tuple(synthetic_member(rng, f"m{i}", platforms, 0.0, item_values=True) for i in range(members)),
        capacity_hours_per_week=members * 6.0,
        shared_platforms=frozenset({"youtube"}),
    )
    started = time.perf_counter()
    solution = solve(federation, time_limit_s=600)
    wall = time.perf_counter() - started
    active = sum(1 for u in solution.units if u.decision in ("keep", "start"))
    print(
        f"Federation {members} × {platforms}: {len(solution.units)} accounts, status {solution.status}, "
        f"gap {solution.mip_gap:.1e}, {solution.nodes} nodes, {wall:.2f} s (HiGHS {solution.seconds:.2f} s); "
        f"{active} accounts active, {solution.planned_hours_per_week:.1f} "
        f"/ {federation.capacity_hours_per_week:.0f} h"
    )


def _member_sets(member: PlanInputs) -> list[tuple[float, float]]:
    """(hours, value gain) of every feasible active set of one member (enumeration)."""
    options = [o for o in member.platforms if not o.excluded]
    found = [(0.0, 0.0)]
    for size in range(1, min(len(options), member.max_networks) + 1):
        for chosen in combinations(options, size):
            hours = sum(minimum_hours(o) for o in chosen)
            gain = sum(
                community_value(member, o.current) * (1 - member.scales.archive_keeps_share) - o.penalty
                for o in chosen
            )
            gain += sum(
                member.scales.reach_points * w * union_reach(member, chosen, s)
                for s, w in member.segment_weights.items()
            )
            found.append((hours, gain))
    return found


def enumerate_federation(federation: FederationInputs) -> float:
    base = sum(
        community_value(m, o.current) * m.scales.archive_keeps_share
        for m in federation.members
        for o in m.platforms
        if o.current is not None
    )
    best = float("-inf")
    for combo in product(*(_member_sets(m) for m in federation.members)):
        if sum(h for h, _v in combo) <= federation.usable_hours_per_week + 1e-9:
            best = max(best, sum(v for _h, v in combo))
    return base + best


def compare_with_enumeration(sizes: list[tuple[int, int]]) -> None:
    print("HiGHS vs exhaustive enumeration, no network limit (same optimum required):")
    print(f"{'members × platforms':>20} {'joint subsets':>14} {'HiGHS':>10} {'enumeration':>12}")
    for members, platforms in sizes:
        rng = random.Random(members * 100 + platforms)
        federation = FederationInputs(
            "bench",
            tuple(
                synthetic_member(rng, f"m{i}", platforms, 0.0, item_values=False, max_networks=platforms)
                for i in range(members)
            ),
            capacity_hours_per_week=1.5 * platforms * members,
        )
        started = time.perf_counter()
        solution = solve(federation)
        milp = time.perf_counter() - started
        started = time.perf_counter()
        value = enumerate_federation(federation)
        brute = time.perf_counter() - started
        assert solution.optimal and abs(value - solution.objective_value) < 1e-4, (
            value,
            solution.objective_value,
        )
        subsets = 2 ** (members * platforms)
        print(f"{members:>10} × {platforms:<9} {subsets:>14,} {milp * 1000:>8.1f} ms {brute:>10.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="smaller federation, fewer sizes")
    args = parser.parse_args()
    time_single_institution(3 if args.quick else 10)
    time_federation(10 if args.quick else 50, 12)
    sizes = (
        [(1, 6), (1, 10), (2, 6)]
        if args.quick
        else [(1, 6), (1, 10), (1, 14), (1, 16), (2, 6), (2, 8), (3, 6), (2, 10)]
    )
    compare_with_enumeration(sizes)


if __name__ == "__main__":
    main()
