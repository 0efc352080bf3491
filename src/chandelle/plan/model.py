"""The portfolio MILP: which accounts to keep, start, archive or quit, and what to publish on them.

Written once for a federation of institutions (a single institution is a federation of one).
An *account unit* is one account to decide on: one per member and platform, or one for the
whole federation on a shared platform. docs/planner.md states the model in equations; the
names below follow it (k keep, s start, a archive, q quit, n items per 4 weeks, L learn a
skill, λ a set of active accounts, U union reach of a segment, c its parts).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import combinations
from math import comb, log10

from chandelle.plan.inputs import (
    WEEKS_PER_PERIOD,
    CurrentPresence,
    FederationInputs,
    FormatOption,
    PlanInputs,
    PlatformOption,
    intersection,
)
from chandelle.plan.reach import reach_value, union_reach

UnitKey = tuple[str, str]  # (member institution or "*" when shared, platform)
SHARED = "*"


@dataclass
class Unit:
    """One account to decide on."""

    key: UnitKey
    option: PlatformOption
    owners: tuple[int, ...]  # indices of the members whose audiences it serves
    current: CurrentPresence | None
    excluded: bool
    penalty: float

    @property
    def platform(self) -> str:
        return self.key[1]


@dataclass
class Columns:
    cost: list[float] = field(default_factory=list)
    lower: list[float] = field(default_factory=list)
    upper: list[float] = field(default_factory=list)
    integer: list[bool] = field(default_factory=list)
    names: list[str] = field(default_factory=list)


@dataclass
class Rows:
    lower: list[float] = field(default_factory=list)
    upper: list[float] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    index: list[int] = field(default_factory=list)
    value: list[float] = field(default_factory=list)


INF = float("inf")


@dataclass
class Milp:
    """A maximisation MILP in row-wise arrays, with named columns."""

    cols: Columns = field(default_factory=Columns)
    rows: Rows = field(default_factory=Rows)

    def var(self, name: str, upper: float, *, integer: bool = False, cost: float = 0.0) -> int:
        self.cols.names.append(name)
        self.cols.cost.append(cost)
        self.cols.lower.append(0.0)
        self.cols.upper.append(upper)
        self.cols.integer.append(integer)
        return len(self.cols.names) - 1

    def add_cost(self, col: int, cost: float) -> None:
        self.cols.cost[col] += cost

    def row(self, terms: Mapping[int, float], lower: float = -INF, upper: float = INF) -> None:
        self.rows.starts.append(len(self.rows.index))
        for col, coef in terms.items():
            if coef != 0.0:
                self.rows.index.append(col)
                self.rows.value.append(coef)
        self.rows.lower.append(lower)
        self.rows.upper.append(upper)


@dataclass
class UnitVars:
    keep: int
    start: int
    archive: int
    quit: int
    items: dict[str, int]  # format -> n (items per 4 weeks)

    def active(self, coef: float = 1.0) -> dict[int, float]:
        return {self.keep: coef, self.start: coef}


@dataclass
class BuiltModel:
    federation: FederationInputs
    milp: Milp
    units: list[Unit]
    unit_vars: list[UnitVars]
    learn: dict[str, int]  # skill -> L column
    union: dict[tuple[int, str], list[tuple[int, float]]]  # (member, segment) -> Σ coef × column = reach
    hours_terms: dict[int, float]  # column -> hours per week per unit of it


def build_units(federation: FederationInputs) -> list[Unit]:
    units: dict[UnitKey, Unit] = {}
    for index, member in enumerate(federation.members):
        for option in member.platforms:
            shared = option.platform in federation.shared_platforms
            key: UnitKey = (SHARED if shared else member.institution, option.platform)
            if key not in units:
                units[key] = Unit(key, option, (index,), option.current, option.excluded, option.penalty)
                continue
            unit = units[key]
            unit.owners = (*unit.owners, index)
            unit.current = _merge_presence(unit.current, option.current)
            unit.excluded = unit.excluded or option.excluded
            unit.penalty += option.penalty
    return list(units.values())


def _merge_presence(first: CurrentPresence | None, second: CurrentPresence | None) -> CurrentPresence | None:
    if first is None or second is None:
        return first or second
    order = ("ghost", "dormant", "irregular", "active")
    best = max(first.status, second.status, key=order.index)
    followers = (first.followers or 0) + (second.followers or 0)
    return CurrentPresence(
        f"{first.handle}, {second.handle}",
        best,
        followers,
        first.items_per_week + second.items_per_week,
        first.hours_per_week + second.hours_per_week,
        {**first.sources, **second.sources},
    )


def team_skills(federation: FederationInputs) -> dict[str, float | None]:
    """Skill -> None when the team has it (or cannot learn it: see ``learnable``), learn hours otherwise."""
    merged: dict[str, float | None] = {}
    for member in federation.members:
        for name, skill in member.skills.items():
            if skill.available:
                merged[name] = 0.0
            elif name not in merged or merged[name] is None:
                merged[name] = skill.learn_hours_per_week
            elif skill.learn_hours_per_week is not None:
                merged[name] = min(merged[name] or 0.0, skill.learn_hours_per_week)
    return merged


def community_value(member: PlanInputs, current: CurrentPresence | None) -> float:
    """Points kept by keeping an existing account: per power of ten of followers, by status."""
    if current is None:
        return 0.0
    scales = member.scales
    factor = scales.status_factor.get(current.status, 0.0)
    known = current.followers if current.followers is not None else scales.assumed_followers_when_unknown
    followers = max(0, known or 0)
    weight = 1.0 + member.objective_weights.get("community", 0.0)
    per_followers = scales.community_points_per_decade * log10(1 + followers)
    return (per_followers + scales.continuity_points) * factor * weight


def item_value(federation: FederationInputs, unit: Unit, fmt: FormatOption) -> float:
    """Points per item a week: fit of the format to each owner's weighted objectives."""
    total = 0.0
    for index in unit.owners:
        member = federation.members[index]
        fit = sum(member.objective_weights.get(obj, 0.0) * value for obj, value in fmt.value_per_item.items())
        total += member.scales.item_points * fit
    return total


def build_model(federation: FederationInputs, force: Mapping[UnitKey, bool] | None = None) -> BuiltModel:
    """The MILP for ``federation``; ``force`` pins a unit active (True) or inactive (False)."""
    milp = Milp()
    units = build_units(federation)
    skills = team_skills(federation)
    learn = {
        name: milp.var(f"L[{name}]", 1.0, integer=True)
        for name, hours in sorted(skills.items())
        if hours not in (None, 0.0)
    }
    unit_vars = [
        _unit_columns(milp, federation, unit, skills, learn, (force or {}).get(unit.key)) for unit in units
    ]
    hours = _hours_terms(federation, units, unit_vars, skills, learn)
    built = BuiltModel(federation, milp, units, unit_vars, learn, {}, hours)
    milp.row(hours, upper=federation.usable_hours_per_week)
    epsilon = max(m.scales.hour_cost for m in federation.members) if federation.members else 0.0
    for col, coef in hours.items():
        milp.add_cost(col, -epsilon * coef)
    _network_limits(built)
    _union_reach(built)
    return built


def _unit_columns(
    milp: Milp,
    federation: FederationInputs,
    unit: Unit,
    skills: Mapping[str, float | None],
    learn: Mapping[str, int],
    forced: bool | None,
) -> UnitVars:
    name = f"{unit.key[0]}/{unit.platform}"
    present = unit.current is not None
    can_be_active = not unit.excluded and forced is not False
    owner = federation.members[unit.owners[0]]
    kept = community_value(owner, unit.current)
    keep = milp.var(
        f"k[{name}]", 1.0 if present and can_be_active else 0.0, integer=True, cost=kept - unit.penalty
    )
    start = milp.var(
        f"s[{name}]", 1.0 if not present and can_be_active else 0.0, integer=True, cost=-unit.penalty
    )
    archive = milp.var(
        f"a[{name}]",
        1.0 if present and not unit.excluded and forced is not True else 0.0,
        integer=True,
        cost=kept * owner.scales.archive_keeps_share,
    )
    quit_ = milp.var(f"q[{name}]", 1.0 if present and forced is not True else 0.0, integer=True)
    uv = UnitVars(keep, start, archive, quit_, {})
    if present:
        milp.row({keep: 1.0, archive: 1.0, quit_: 1.0}, lower=1.0, upper=1.0)
    minimum = unit.option.min_items_per_week * WEEKS_PER_PERIOD
    cadence: dict[int, float] = {}
    for fmt in unit.option.formats:
        cap = float(int(fmt.max_items_per_week * WEEKS_PER_PERIOD + 1e-9))
        if any(skills.get(s, None) is None for s in fmt.skills):
            cap = 0.0  # a skill the team lacks and cannot learn
        col = milp.var(
            f"n[{name}/{fmt.format}]",
            cap,
            integer=True,
            cost=item_value(federation, unit, fmt) / WEEKS_PER_PERIOD,
        )
        uv.items[fmt.format] = col
        if fmt.counts_for_cadence:
            cadence[col] = 1.0
        milp.row({col: 1.0, **uv.active(-cap)}, upper=0.0)
        for skill in fmt.skills:
            if skill in learn:
                milp.row({col: 1.0, learn[skill]: -cap}, upper=0.0)
    milp.row({**cadence, **uv.active(-minimum)}, lower=0.0)
    if unit.option.max_items_per_week is not None:
        ceiling = float(int(max(unit.option.max_items_per_week, unit.option.min_items_per_week)
                            * WEEKS_PER_PERIOD + 1e-9))
        milp.row({**cadence, **uv.active(-ceiling)}, upper=0.0)
    if forced:
        milp.row(uv.active(), lower=1.0)
    return uv


def _hours_terms(
    federation: FederationInputs,
    units: list[Unit],
    unit_vars: list[UnitVars],
    skills: Mapping[str, float | None],
    learn: Mapping[str, int],
) -> dict[int, float]:
    terms: dict[int, float] = {}
    for unit, uv in zip(units, unit_vars, strict=True):
        for fmt in unit.option.formats:
            terms[uv.items[fmt.format]] = fmt.hours_per_item / WEEKS_PER_PERIOD
        terms[uv.keep] = unit.option.overhead_hours_per_week
        terms[uv.start] = unit.option.overhead_hours_per_week
    for name, col in learn.items():
        terms[col] = float(skills[name] or 0.0)
    return terms


def _network_limits(built: BuiltModel) -> None:
    for index, member in enumerate(built.federation.members):
        terms: dict[int, float] = {}
        for unit, uv in zip(built.units, built.unit_vars, strict=True):
            if index in unit.owners:
                terms.update(uv.active())
        built.milp.row(terms, upper=float(max(0, member.max_networks)))


PATTERN_LIMIT = 1000  # above this many active sets for one member, the compact formulation


def _union_reach(built: BuiltModel) -> None:
    """Reach into each member's segments, counted once (``plan.reach.union_reach``), in one of two
    exact formulations: the member's active sets as patterns (tight; used when they are few,
    e.g. at most 3 networks among 12), or the compact linearisation (any size)."""
    for index, member in enumerate(built.federation.members):
        mine = [i for i, unit in enumerate(built.units) if index in unit.owners]
        weighted = {s: w for s, w in member.segment_weights.items() if w > 0.0}
        seen = [i for i in mine if any(built.units[i].option.reach.get(s, 0.0) > 0.0 for s in weighted)]
        if not seen:
            continue
        limit = min(len(seen), max(0, member.max_networks))
        if sum(comb(len(seen), k) for k in range(limit + 1)) <= PATTERN_LIMIT:
            _reach_patterns(built, index, member, seen, limit, weighted)
        else:
            _reach_compact(built, index, member, mine, weighted)


def _reach_patterns(
    built: BuiltModel,
    index: int,
    member: PlanInputs,
    seen: list[int],
    limit: int,
    weighted: Mapping[str, float],
) -> None:
    """λ_T ≥ 0 per set T of active accounts (|T| ≤ N): Σ_T λ_T = 1 and y_p = Σ_{T∋p} λ_T.

    With binary y the only λ allowed is the indicator of the active set, so the objective
    Σ_T λ_T·value(T) is exactly the reach value; its LP relaxation is the convex hull.
    """
    milp = built.milp
    convexity: dict[int, float] = {}
    linking: dict[int, dict[int, float]] = {p: built.unit_vars[p].active(-1.0) for p in seen}
    for size in range(limit + 1):
        for chosen in combinations(seen, size):
            options = [built.units[p].option for p in chosen]
            col = milp.var(
                f"λ[{member.institution}/{'+'.join(built.units[p].platform for p in chosen)}]",
                1.0,
                cost=reach_value(member, options),
            )
            convexity[col] = 1.0
            for p in chosen:
                linking[p][col] = 1.0
            for segment in weighted:
                reach = union_reach(member, options, segment)
                if reach > 0.0:
                    built.union.setdefault((index, segment), []).append((col, reach))
    milp.row(convexity, lower=1.0, upper=1.0)
    for terms in linking.values():
        milp.row(terms, lower=0.0, upper=0.0)


def _reach_compact(
    built: BuiltModel, index: int, member: PlanInputs, mine: list[int], weighted: Mapping[str, float]
) -> None:
    """U = Σ c_p: from the widest audience to the narrowest, c_p ≤ r_p·y_p and, for every wider
    a, c_p ≤ (r_p − I_pa)·y_p + I_pa·(1 − y_a) (exact on binaries); U ≤ 1."""
    milp = built.milp
    for segment, weight in sorted(weighted.items()):
        reach = {i: built.units[i].option.reach.get(segment, 0.0) for i in mine}
        ordered = reach_order([(built.units[i].key, reach[i], i) for i in mine if reach[i] > 0.0])
        if not ordered:
            continue
        union = milp.var(f"U[{member.institution}/{segment}]", 1.0, cost=member.scales.reach_points * weight)
        built.union[(index, segment)] = [(union, 1.0)]
        total: dict[int, float] = {union: 1.0}
        for rank, p in enumerate(ordered):
            part = milp.var(f"c[{member.institution}/{segment}/{built.units[p].platform}]", reach[p])
            total[part] = -1.0
            milp.row({part: 1.0, **built.unit_vars[p].active(-reach[p])}, upper=0.0)
            for a in ordered[:rank]:
                both = _pair_intersection(member, built.units[p], built.units[a], segment)
                if both <= 0.0:
                    continue
                terms = {part: 1.0, **built.unit_vars[p].active(-(reach[p] - both))}
                for col, coef in built.unit_vars[a].active(both).items():
                    terms[col] = terms.get(col, 0.0) + coef
                milp.row(terms, upper=both)
        milp.row(total, upper=0.0)


def reach_order(items: list[tuple[UnitKey, float, int]]) -> list[int]:
    """Indices from the widest audience to the narrowest (ties by platform slug): the order of
    the union-reach model, shared with ``explain.union_reach``."""
    return [index for _key, _reach, index in sorted(items, key=lambda t: (-t[1], t[0][1], t[0][0]))]


def _pair_intersection(member: PlanInputs, first: Unit, second: Unit, segment: str) -> float:
    return intersection(member, first.option, second.option, segment)
