"""One plan for several institutions served by one communication team, solved as ONE model.

The federation file (TOML) lists the members' profiles and the team's shared capacity::

    name = "Musées de la Ville"
    capacity_hours_per_week = 30      # the shared team's hours (default: sum of the members' teams)
    margin_share = 0.1                # share kept free (default: defaults.margin_share of kb/rules.toml)
    shared_platforms = ["youtube"]    # one account for all; every other platform: one per member
    [[members]]
    profile = "beaux-arts.toml"       # relative to the federation file
    [[members]]
    profile = "histoire.toml"
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from chandelle.errors import ConfigError
from chandelle.plan.assemble import network_lines, segment_reach
from chandelle.plan.build import inputs_from
from chandelle.plan.inputs import FederationInputs, PlanInputs
from chandelle.plan.result import NetworkPlan, SegmentReach, _network_json, _reach_json
from chandelle.plan.solve import solve
from chandelle.request import PlanRequest
from chandelle.toml_files import read_toml


@dataclass(frozen=True)
class FederationPlan:
    name: str
    as_of: date
    capacity_hours_per_week: float
    margin_hours_per_week: float
    planned_hours_per_week: float
    objective_value: float
    status: str
    optimal: bool
    mip_gap: float
    solve_seconds: float
    shared_platforms: tuple[str, ...]
    networks: tuple[NetworkPlan, ...]
    reach: tuple[SegmentReach, ...]

    def to_json(self, lang: str = "fr", indent: int | None = 2) -> str:
        """The plan as JSON text (docs/plan-json.md, "Federation")."""
        return json.dumps(self.to_dict(lang), ensure_ascii=False, indent=indent)

    def to_dict(self, lang: str = "fr") -> dict[str, Any]:
        shared = [n for n in self.networks if n.institution == "*"]
        seen: set[str] = set()
        unique = []
        for network in self.networks:  # a shared account appears once
            key = f"{network.institution}/{network.platform}"
            if network.institution != "*" or key not in seen:
                unique.append(network)
                seen.add(key)
        return {
            "federation": self.name,
            "as_of": self.as_of.isoformat(),
            "capacity_hours_per_week": round(self.capacity_hours_per_week, 2),
            "margin_hours_per_week": round(self.margin_hours_per_week, 2),
            "planned_hours_per_week": round(self.planned_hours_per_week, 2),
            "objective_value": round(self.objective_value, 4),
            "solver": {
                "name": "HiGHS",
                "status": self.status,
                "optimal": self.optimal,
                "mip_gap": self.mip_gap,
                "seconds": round(self.solve_seconds, 4),
            },
            "shared_platforms": list(self.shared_platforms),
            "shared_accounts": len({n.platform for n in shared}),
            "networks": [_network_json(n, lang) for n in unique],
            "reach": [_reach_json(r) for r in self.reach],
        }


def plan_federation(federation: FederationInputs, as_of: date) -> FederationPlan:
    """Solve every member and the shared team in one model; reasons stay short (no what-ifs)."""
    solution = solve(federation)
    networks: list[NetworkPlan] = []
    reach: list[SegmentReach] = []
    for index, member in enumerate(federation.members):
        networks += network_lines(federation, member, solution, what_if=False)
        reach += segment_reach(member, index, solution, federation)
    return FederationPlan(
        federation.name,
        as_of,
        federation.capacity_hours_per_week,
        federation.margin_hours_per_week,
        solution.planned_hours_per_week,
        solution.objective_value,
        solution.status,
        solution.optimal,
        solution.mip_gap,
        solution.seconds,
        tuple(sorted(federation.shared_platforms)),
        tuple(networks),
        tuple(reach),
    )


def load_federation(path: Path, request: PlanRequest) -> FederationInputs:
    """Read the federation file and every member's profile (each member planned on the kb + its profile).

    ``request.hours`` replaces the shared team's capacity and ``request.max_networks`` /
    ``request.exclude`` apply to every member; the margin stays the file's share of the capacity.
    """
    from chandelle.plan import overrides_of
    from chandelle.profile import load_profile

    data = read_toml(path)
    members_raw = data.get("members")
    if not isinstance(members_raw, list) or not members_raw:
        raise ConfigError(
            "{file}: the federation lists no [[members]].",
            hint='Add one [[members]] table with profile = "file.toml" per institution.',
            file=str(path),
        )
    overrides = replace(overrides_of(request), hours=None)
    members: list[PlanInputs] = []
    for index, entry in enumerate(members_raw):
        if not isinstance(entry, dict) or "profile" not in entry:
            raise ConfigError(
                "{file}: members[{index}] has no 'profile' key.",
                hint="Give the path of its institution.toml.",
                file=str(path),
                index=index,
            )
        profile = load_profile(path.parent / str(entry["profile"]))
        inputs = inputs_from(profile.knowledge_base(), profile, None, overrides)
        if any(m.institution == inputs.institution for m in members):
            inputs = replace(inputs, institution=f"{inputs.institution} ({index + 1})")
        members.append(inputs)
    return _federation_inputs(path, data, members, request.hours)


def default_margin_share() -> float:
    """The knowledge base's margin share (defaults.margin_share in kb/rules.toml, with its source)."""
    from chandelle.kb import load_kb

    return float(load_kb().defaults.margin_share.number or 0.0)


def _federation_inputs(
    path: Path, data: dict[str, Any], members: list[PlanInputs], hours: float | None
) -> FederationInputs:
    try:
        capacity = float(data.get("capacity_hours_per_week", sum(m.capacity_hours_per_week for m in members)))
        margin_share = float(data.get("margin_share", default_margin_share()))
        shared = frozenset(str(s) for s in data.get("shared_platforms", []))
    except (TypeError, ValueError) as exc:
        raise ConfigError(
            "{file}: capacity_hours_per_week, margin_share and shared_platforms must be numbers "
            "and a list of platform slugs.",
            hint="See docs/planner.md, 'Federation'.",
            file=str(path),
        ) from exc
    if capacity < 0 or not 0 <= margin_share < 1:
        raise ConfigError(
            "{file}: capacity must be positive and margin_share between 0 and 1.",
            hint="See docs/planner.md, 'Federation'.",
            file=str(path),
        )
    origin = f"federation:{path.name}"
    sources = {
        "capacity_hours_per_week": origin if hours is None else "override:hours",
        "margin_hours_per_week": origin if "margin_share" in data else "kb:defaults.margin_share",
        "shared_platforms": origin,
    }
    capacity = capacity if hours is None else hours
    return FederationInputs(
        str(data.get("name", path.stem)), tuple(members), capacity, capacity * margin_share, shared, sources
    )
