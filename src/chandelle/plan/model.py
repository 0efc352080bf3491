"""The portfolio MILP: which accounts to keep, start, archive, merge or quit, and what to publish on them.

Written once for a federation of institutions (a single institution is a federation of one).
A *platform group* is one member's presence on one platform (or the whole federation's on a
shared platform); it holds one *account unit* per existing account, or one unit that could be
started when the platform has none. docs/planner.md states the model in equations; the names
below follow it (k keep, s start, a archive, q quit, m merge, n items per 4 weeks, L learn a
skill, v a platform active, x its effective cadence, z its response share, λ a set of active
platforms, w the response share of a platform inside the active set, U the reach of a segment).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations, pairwise
from math import comb, log10

from chandelle.plan.inputs import (
    WEEKS_PER_PERIOD,
    CurrentPresence,
    FederationInputs,
    FormatOption,
    PlanInputs,
    PlatformOption,
    Response,
)
from chandelle.plan.reach import contributions

UnitKey = tuple[str, str, str]  # (member institution or "*" when shared, platform, handle or "")
GroupKey = tuple[str, str]  # (member institution or "*", platform)
SHARED = "*"
NEW = ""  # the handle of an account the plan would start
MERGE_HOURS = 2.0  # one-off hours of a merge: announce, redirect, archive (plan/assumptions.toml)
RESPONSE_STEPS = (0.04, 0.1, 0.2, 0.3, 0.45, 0.6, 0.8, 1.0)  # breakpoints between f0 and f_sat


@dataclass
class Group:
    """One member's presence on one platform (or the federation's, on a shared platform)."""

    key: GroupKey
    option: PlatformOption
    owners: tuple[int, ...]  # indices of the members whose audiences it serves
    excluded: bool
    penalty: float

    @property
    def platform(self) -> str:
        return self.key[1]


@dataclass
class Unit:
    """One account to decide on (existing, or one that could be started)."""

    key: UnitKey
    group: int  # index in BuiltModel.groups
    current: CurrentPresence | None

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

    def var(
        self, name: str, upper: float, *, integer: bool = False, cost: float = 0.0, lower: float = 0.0
    ) -> int:
        self.cols.names.append(name)
        self.cols.cost.append(cost)
        self.cols.lower.append(lower)
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
    merge: int
    items: dict[str, int]  # format -> n (items per 4 weeks)

    def active(self, coef: float = 1.0) -> dict[int, float]:
        return {self.keep: coef, self.start: coef}


@dataclass
class GroupVars:
    active: int  # v: the platform is active (at least one account kept or started)
    cadence: int  # x: effective items a week on the platform
    share: int  # z: response share g(x), 0..1


@dataclass
class BuiltModel:
    federation: FederationInputs
    milp: Milp
    groups: list[Group]
    group_vars: list[GroupVars]
    units: list[Unit]
    unit_vars: list[UnitVars]
    learn: dict[str, int]  # skill -> L column
    events: dict[tuple[int, int], int]  # (member, event index) -> announced column
    union: dict[tuple[int, str], int]  # (member, segment) -> U column (reach 0..1)
    hours_terms: dict[int, float]  # column -> hours per week per unit of it


def build_groups(federation: FederationInputs) -> tuple[list[Group], list[Unit]]:
    groups: dict[GroupKey, Group] = {}
    for index, member in enumerate(federation.members):
        for option in member.platforms:
            shared = option.platform in federation.shared_platforms
            key: GroupKey = (SHARED if shared else member.institution, option.platform)
            if key not in groups:
                groups[key] = Group(key, option, (index,), option.excluded, option.penalty)
                continue
            group = groups[key]
            group.owners = (*group.owners, index)
            group.excluded = group.excluded or option.excluded
            group.penalty += option.penalty
    ordered = list(groups.values())
    units: list[Unit] = []
    for position, group in enumerate(ordered):
        accounts = _group_accounts(federation, group)
        if not accounts:
            units.append(Unit((group.key[0], group.platform, NEW), position, None))
        for account in accounts:
            units.append(Unit((group.key[0], group.platform, account.handle), position, account))
    return ordered, units


def _group_accounts(federation: FederationInputs, group: Group) -> list[CurrentPresence]:
    seen: dict[str, CurrentPresence] = {}
    for index in group.owners:
        for option in federation.members[index].platforms:
            if option.platform == group.platform:
                for account in option.present_accounts:
                    seen.setdefault(account.handle, account)
    return list(seen.values())


def team_skills(federation: FederationInputs) -> dict[str, float | None]:
    """Skill -> 0 when the team has it, learn hours when it can learn it, None when it cannot."""
    merged: dict[str, float | None] = {}
    for member in federation.members:
        for name, skill in member.skills.items():
            learnable = skill.learn_hours_per_week if member.allow_learning else None
            if skill.available:
                merged[name] = 0.0
            elif name not in merged or merged[name] is None:
                merged[name] = learnable
            elif learnable is not None:
                merged[name] = min(merged[name] or 0.0, learnable)
    return merged


def community_value(member: PlanInputs, current: CurrentPresence | None) -> float:
    """Points kept by keeping an existing account: per power of ten of followers (the exports'
    count, else the peers' median, tier sector; never invented) plus continuity, by status."""
    if current is None:
        return 0.0
    scales = member.scales
    factor = scales.status_factor.get(current.status, 0.0)
    followers = current.valued_followers
    weight = 1.0 + member.objective_weights.get("community", 0.0)
    per_followers = scales.community_points_per_decade * log10(1 + followers)
    return (per_followers + scales.continuity_points) * factor * weight


def objective_fit(member: PlanInputs, fmt: FormatOption) -> float:
    """Fit 0..1 of a format to the member's weighted objectives."""
    return sum(member.objective_weights.get(obj, 0.0) * value for obj, value in fmt.value_per_item.items())


def item_value(federation: FederationInputs, group: Group, fmt: FormatOption) -> float:
    """Points per item a week: fit of the format to each owner's weighted objectives."""
    return sum(
        federation.members[i].scales.item_points * objective_fit(federation.members[i], fmt)
        for i in group.owners
    )


def effective_weight(federation: FederationInputs, group: Group, fmt: FormatOption) -> float:
    """How much one item counts in the platform's effective cadence: the format's own weight
    (identity, register), raised by its fit to the owners' objectives (up to ×1.5)."""
    fit = max((objective_fit(federation.members[i], fmt) for i in group.owners), default=0.0)
    return fmt.weight * (1.0 + 0.5 * min(1.0, fit))


def response_breakpoints(
    response: Response, elasticity: float | None = None, saturation: float | None = None
) -> list[tuple[float, float]]:
    """(items a week, share) points of the piecewise-linear response: exact at each point,
    linear (hence below the concave curve) in between."""
    f_sat = response.saturation_items_per_week.value if saturation is None else saturation
    f0 = min(response.token_items_per_week, 0.99 * f_sat)
    points = [(f0, 0.0)]
    for step in RESPONSE_STEPS:
        f = f0 + (f_sat - f0) * step
        points.append((f, response.share(f, elasticity, f_sat)))
    return points


def build_model(
    federation: FederationInputs, force: Mapping[GroupKey, bool] | None = None, *, patterns: bool = True
) -> BuiltModel:
    """The MILP for ``federation``; ``force`` pins a platform group active (True) or inactive (False);
    ``patterns`` False: always the compact reach formulation (same optimum, faster to build)."""
    milp = Milp()
    groups, units = build_groups(federation)
    skills = team_skills(federation)
    learn = {
        name: milp.var(f"L[{name}]", 1.0, integer=True)
        for name, hours in sorted(skills.items())
        if hours not in (None, 0.0)
    }
    forced = force or {}
    group_vars = [_group_columns(milp, group, forced.get(group.key)) for group in groups]
    unit_vars = [
        _unit_columns(
            milp,
            federation,
            groups[unit.group],
            unit,
            units,
            skills,
            learn,
            forced.get(groups[unit.group].key),
        )
        for unit in units
    ]
    built = BuiltModel(federation, milp, groups, group_vars, units, unit_vars, learn, {}, {}, {})
    _link_groups(built)
    _switches(built)
    _events(built)
    built.hours_terms.update(_hours_terms(built, skills))
    milp.row(built.hours_terms, upper=federation.usable_hours_per_week)
    epsilon = max((m.scales.hour_cost for m in federation.members), default=0.0)
    hour_points = max((m.scales.hour_points for m in federation.members), default=0.0)
    for col, coef in built.hours_terms.items():
        milp.add_cost(col, -(epsilon + hour_points) * coef)
    _network_limits(built)
    _union_reach(built, patterns)
    return built


def _group_columns(milp: Milp, group: Group, forced: bool | None) -> GroupVars:
    name = f"{group.key[0]}/{group.platform}"
    can = not group.excluded and forced is not False
    active = milp.var(f"v[{name}]", 1.0 if can else 0.0, integer=True, cost=-group.penalty)
    cadence = milp.var(f"x[{name}]", INF)
    share = milp.var(f"z[{name}]", 1.0)
    if forced:
        milp.row({active: 1.0}, lower=1.0)
    return GroupVars(active, cadence, share)


def _unit_columns(
    milp: Milp,
    federation: FederationInputs,
    group: Group,
    unit: Unit,
    units: Sequence[Unit],
    skills: Mapping[str, float | None],
    learn: Mapping[str, int],
    forced: bool | None,
) -> UnitVars:
    name = "/".join(part for part in unit.key if part)
    present = unit.current is not None
    can_be_active = not group.excluded and forced is not False
    owner = federation.members[group.owners[0]]
    kept = community_value(owner, unit.current)
    siblings = sum(1 for u in units if u.group == unit.group and u.current is not None and u is not unit)
    keep = milp.var(f"k[{name}]", 1.0 if present and can_be_active else 0.0, integer=True, cost=kept)
    start = milp.var(
        f"s[{name}]",
        1.0 if not present and can_be_active else 0.0,
        integer=True,
        cost=-group.option.setup_hours * owner.scales.hour_points,
    )
    archive = milp.var(
        f"a[{name}]",
        1.0 if present and not group.excluded else 0.0,
        integer=True,
        cost=kept * owner.scales.archive_keeps_share,
    )
    quit_ = milp.var(f"q[{name}]", 1.0 if present else 0.0, integer=True)
    merge = milp.var(
        f"m[{name}]",
        1.0 if present and siblings and not group.excluded else 0.0,
        integer=True,
        cost=kept * owner.scales.merge_keeps_share,
    )
    uv = UnitVars(keep, start, archive, quit_, merge, {})
    if present:
        milp.row({keep: 1.0, archive: 1.0, quit_: 1.0, merge: 1.0}, lower=1.0, upper=1.0)
    option = group.option
    minimum = option.min_items_per_week * WEEKS_PER_PERIOD
    cadence: dict[int, float] = {}
    required: dict[int, float] = {}
    for fmt in option.formats:
        cap = float(int(fmt.max_items_per_week * WEEKS_PER_PERIOD + 1e-9))
        if any(skills.get(s, None) is None for s in fmt.skills) or fmt.weight <= 0.0:
            cap = 0.0  # a skill the team lacks and cannot learn, or a format its identity refuses
        col = milp.var(
            f"n[{name}/{fmt.format}]",
            cap,
            integer=True,
            cost=item_value(federation, group, fmt) / WEEKS_PER_PERIOD,
        )
        uv.items[fmt.format] = col
        if fmt.counts_for_cadence:
            cadence[col] = 1.0
        if fmt.format in option.required_formats:
            required[col] = 1.0
        milp.row({col: 1.0, **uv.active(-cap)}, upper=0.0)
        for skill in fmt.skills:
            if skill in learn:
                milp.row({col: 1.0, learn[skill]: -cap}, upper=0.0)
    milp.row({**cadence, **uv.active(-minimum)}, lower=0.0)
    if option.required_formats:
        milp.row({**required, **uv.active(-minimum)}, lower=0.0)
    if option.max_items_per_week is not None:
        ceiling = float(
            int(max(option.max_items_per_week, option.min_items_per_week) * WEEKS_PER_PERIOD + 1e-9)
        )
        milp.row({**cadence, **uv.active(-ceiling)}, upper=0.0)
    return uv


def _link_groups(built: BuiltModel) -> None:
    """v ≥ y_u and v ≤ Σ y_u; Σ y_u ≤ accounts wanted; a merge goes into a kept sibling;
    x = Σ weight·n/4; x ≥ f0·v; z ≤ g(x) piecewise (or z ≤ v without a response curve)."""
    milp = built.milp
    for position, (group, gv) in enumerate(zip(built.groups, built.group_vars, strict=True)):
        mine = [i for i, unit in enumerate(built.units) if unit.group == position]
        upper: dict[int, float] = {gv.active: 1.0}
        limit: dict[int, float] = {}
        cadence: dict[int, float] = {gv.cadence: -1.0}
        for i in mine:
            uv = built.unit_vars[i]
            milp.row({gv.active: 1.0, **uv.active(-1.0)}, lower=0.0)
            for col, coef in uv.active(-1.0).items():
                upper[col] = coef
                limit[col] = 1.0
            for fmt in group.option.formats:
                weight = effective_weight(built.federation, group, fmt)
                cadence[uv.items[fmt.format]] = weight / WEEKS_PER_PERIOD
            siblings = {built.unit_vars[j].keep: -1.0 for j in mine if j != i}
            if siblings:
                milp.row({uv.merge: 1.0, **siblings}, upper=0.0)
        milp.row(upper, upper=0.0)
        milp.row(limit, upper=float(max(1, group.option.max_accounts)))
        milp.row(cadence, lower=0.0, upper=0.0)
        milp.row({gv.share: 1.0, gv.active: -1.0}, upper=0.0)
        member = built.federation.members[group.owners[0]]
        if group.option.response is not None and member.scales.min_start_response > 0:
            starts = {built.unit_vars[i].start: -member.scales.min_start_response for i in mine}
            milp.row({gv.share: 1.0, **starts}, lower=0.0)  # a new account is well fed or not opened
        response = group.option.response
        if response is not None:
            _response_rows(milp, gv, response)


def _switches(built: BuiltModel) -> None:
    """Archiving or quitting an active account of a member (not closing it on values) while
    opening a new one or reviving a dormant or ghost one costs ``switch_points``: the plan swaps
    an active community for another network only for a large gain, which its sentences state.
    sw ≥ a_w + q_w + s_u − 1 (k_u for a revived account; q_w left out where a value refuses the
    platform) for every such pair."""
    for index, member in enumerate(built.federation.members):
        points = member.scales.switch_points
        if points <= 0:
            continue
        mine = [i for i, unit in enumerate(built.units) if index in built.groups[unit.group].owners]
        active = [i for i in mine if _status(built.units[i]) in ("active", "irregular")]
        new = [i for i in mine if _status(built.units[i]) in (None, "dormant", "ghost")]
        for w in active:
            for u in new:
                name = f"sw[{built.units[w].key[1]}/{built.units[w].key[2]}>{built.units[u].key[1]}]"
                col = built.milp.var(name, 1.0, cost=-points)
                gone, other = built.unit_vars[w], built.unit_vars[u]
                given_up = {gone.archive: -1.0}
                if not built.groups[built.units[w].group].excluded:
                    given_up[gone.quit] = -1.0
                opened = other.keep if built.units[u].current is not None else other.start
                built.milp.row({col: 1.0, **given_up, opened: -1.0}, lower=-1.0)


def _status(unit: Unit) -> str | None:
    return unit.current.status if unit.current is not None else None


def response_lines(response: Response) -> list[tuple[float, float]]:
    """(slope, intercept) of each piece of the piecewise-linear response: z ≤ intercept·v + slope·x,
    i.e. z ≤ g1·v + slope·(x − f1·v) between the breakpoints (f1, g1) and (f2, g2)."""
    lines = []
    for (f1, g1), (f2, g2) in pairwise(response_breakpoints(response)):
        if f2 - f1 > 1e-12:
            slope = (g2 - g1) / (f2 - f1)
            lines.append((slope, g1 - slope * f1))
    return lines


def _response_rows(milp: Milp, gv: GroupVars, response: Response) -> None:
    f0 = response_breakpoints(response)[0][0]
    milp.row({gv.cadence: 1.0, gv.active: -f0}, lower=0.0)
    for slope, intercept in response_lines(response):
        milp.row({gv.share: 1.0, gv.cadence: -slope, gv.active: -intercept}, upper=0.0)


def _events(built: BuiltModel) -> None:
    """An event of the profile counts when at least one of the member's platforms is active to
    announce it (announcements are costed in ``_hours_terms``)."""
    for index, member in enumerate(built.federation.members):
        if not member.events or member.scales.event_points <= 0:
            continue
        mine = {
            built.group_vars[g].active: -1.0 for g, group in enumerate(built.groups) if index in group.owners
        }
        points = member.scales.event_points * (1.0 + member.objective_weights.get("events", 0.0))
        for number, event in enumerate(member.events):
            col = built.milp.var(f"e[{member.institution}/{event.name}]", 1.0, integer=True, cost=points)
            built.events[(index, number)] = col
            built.milp.row({col: 1.0, **mine}, upper=0.0)


def _hours_terms(built: BuiltModel, skills: Mapping[str, float | None]) -> dict[int, float]:
    terms: dict[int, float] = {}
    for unit, uv in zip(built.units, built.unit_vars, strict=True):
        group = built.groups[unit.group]
        member = built.federation.members[group.owners[0]]
        for fmt in group.option.formats:
            terms[uv.items[fmt.format]] = fmt.hours_per_item / WEEKS_PER_PERIOD
        terms[uv.keep] = group.option.overhead_hours_per_week
        terms[uv.start] = group.option.overhead_hours_per_week + group.option.setup_hours / max(
            1.0, member.scales.setup_weeks
        )
        terms[uv.merge] = MERGE_HOURS / max(1.0, member.horizon_weeks)
    for name, col in built.learn.items():
        terms[col] = float(skills[name] or 0.0)
    for (index, _number), col in built.events.items():
        member = built.federation.members[index]
        terms[col] = (
            member.scales.announcements_per_event * ANNOUNCEMENT_HOURS / max(1.0, member.horizon_weeks)
        )
    return terms


ANNOUNCEMENT_HOURS = 1.0  # hours of one announcement item (plan/assumptions.toml, events)


def _network_limits(built: BuiltModel) -> None:
    for index, member in enumerate(built.federation.members):
        terms = {
            gv.active: 1.0
            for group, gv in zip(built.groups, built.group_vars, strict=True)
            if index in group.owners
        }
        built.milp.row(terms, upper=float(max(0, member.max_networks)))


PATTERN_LIMIT = 1000  # above this many active sets for one member, the compact formulation


def _union_reach(built: BuiltModel, patterns: bool = True) -> None:
    """Reach into each member's segments, each person counted once (``plan.reach``), in one of
    two exact formulations: the member's active sets as patterns (tight; used when they are
    few, e.g. at most 3 networks among 12), or the compact linearisation (any size)."""
    for index, member in enumerate(built.federation.members):
        weighted = {s: w for s, w in member.segment_weights.items() if w > 0.0}
        mine = [
            g for g, group in enumerate(built.groups) if index in group.owners and _can_be_active(built, g)
        ]
        seen = [g for g in mine if any(built.groups[g].option.reach.get(s, 0.0) > 0.0 for s in weighted)]
        if not seen:
            continue
        unions = {
            s: built.milp.var(f"U[{member.institution}/{s}]", 1.0, cost=member.scales.reach_points * w)
            for s, w in sorted(weighted.items())
        }
        for segment, col in unions.items():
            built.union[(index, segment)] = col
        limit = min(len(seen), max(0, member.max_networks))
        if patterns and sum(comb(len(seen), k) for k in range(limit + 1)) <= PATTERN_LIMIT:
            _reach_patterns(built, member, seen, limit, unions)
        else:
            _reach_compact(built, member, seen, unions)


def _can_be_active(built: BuiltModel, position: int) -> bool:
    """False when no account of the group can hold its minimum cadence within the hours (values,
    skills, forced out): its sets are left out of the reach patterns (v = 0 anyway)."""
    cols = built.milp.cols
    group = built.groups[position]
    option = group.option
    usable = built.federation.usable_hours_per_week
    for unit, uv in zip(built.units, built.unit_vars, strict=True):
        if unit.group != position or max(cols.upper[uv.keep], cols.upper[uv.start]) <= 0:
            continue
        hours = [
            f.hours_per_item
            for f in option.formats
            if f.counts_for_cadence
            and cols.upper[uv.items[f.format]] > 0
            and (not option.required_formats or f.format in option.required_formats)
        ]
        if hours and option.overhead_hours_per_week + min(hours) * option.min_items_per_week <= usable + 1e-9:
            return True
    return False


def _evidence(option: PlatformOption) -> float:
    return option.evidence_factor.value if option.evidence_factor is not None else 1.0


def _reach_patterns(
    built: BuiltModel, member: PlanInputs, seen: list[int], limit: int, unions: Mapping[str, int]
) -> None:
    """λ_T ≥ 0 per set T of active platforms (|T| ≤ N): Σ_T λ_T = 1 and v_p = Σ_{T∋p} λ_T;
    w_Tp ≤ λ_T and Σ_{T∋p} w_Tp ≤ z_p; U_s ≤ Σ_T Σ_{p∈T} m_ps(T)·e_p·w_Tp.

    With binary v the only λ allowed is the indicator of the active set, so w_Tp = z_p there
    and U_s is exactly Σ_p m_ps(T)·e_p·z_p: each platform's share of the segment not already
    counted by a wider one, times the share of it the cadence reaches."""
    milp = built.milp
    convexity: dict[int, float] = {}
    linking: dict[int, dict[int, float]] = {p: {built.group_vars[p].active: -1.0} for p in seen}
    shares: dict[int, dict[int, float]] = {p: {built.group_vars[p].share: -1.0} for p in seen}
    reach_terms: dict[str, dict[int, float]] = {s: {col: 1.0} for s, col in unions.items()}
    for size in range(limit + 1):
        for chosen in combinations(seen, size):
            label = "+".join(built.groups[p].platform for p in chosen)
            lam = milp.var(f"λ[{member.institution}/{label}]", 1.0)
            convexity[lam] = 1.0
            options = [built.groups[p].option for p in chosen]
            parts = {s: contributions(member, options, s) for s in unions}
            for p in chosen:
                linking[p][lam] = 1.0
                w = milp.var(f"w[{member.institution}/{label}/{built.groups[p].platform}]", 1.0)
                milp.row({w: 1.0, lam: -1.0}, upper=0.0)
                shares[p][w] = 1.0
                factor = _evidence(built.groups[p].option)
                for segment in unions:
                    share = parts[segment].get(built.groups[p].platform, 0.0) * factor
                    if share > 0.0:
                        reach_terms[segment][w] = -share
    milp.row(convexity, lower=1.0, upper=1.0)
    for terms in linking.values():
        milp.row(terms, lower=0.0, upper=0.0)
    for terms in shares.values():
        milp.row(terms, upper=0.0)
    for terms in reach_terms.values():
        milp.row(terms, upper=0.0)


def _reach_compact(built: BuiltModel, member: PlanInputs, seen: list[int], unions: Mapping[str, int]) -> None:
    """U_s ≤ Σ c_ps: from the widest audience to the narrowest, c_ps ≤ r_ps·e_p·z_p and, for
    every wider a, c_ps ≤ (r_ps − I_pas)·e_p·z_p + I_pas·e_p·(1 − v_a) (exact on binary v)."""
    milp = built.milp
    for segment, union in unions.items():
        reach = {g: built.groups[g].option.reach.get(segment, 0.0) for g in seen}
        ordered = reach_order([(built.groups[g].key, reach[g], g) for g in seen if reach[g] > 0.0])
        total: dict[int, float] = {union: 1.0}
        for rank, p in enumerate(ordered):
            factor = _evidence(built.groups[p].option)
            gp = built.group_vars[p]
            part = milp.var(f"c[{member.institution}/{segment}/{built.groups[p].platform}]", INF)
            total[part] = -1.0
            milp.row({part: 1.0, gp.share: -reach[p] * factor}, upper=0.0)
            for a in ordered[:rank]:
                both = member.overlap.intersection(
                    built.groups[p].platform, reach[p], built.groups[a].platform, reach[a]
                )
                if both <= 0.0:
                    continue
                terms = {
                    part: 1.0,
                    gp.share: -(reach[p] - both) * factor,
                    built.group_vars[a].active: both * factor,
                }
                milp.row(terms, upper=both * factor)
        milp.row(total, upper=0.0)


def reach_order(items: list[tuple[GroupKey, float, int]]) -> list[int]:
    """Indices from the widest audience to the narrowest (ties by platform slug): the order of
    the union-reach model, shared with ``plan.reach``."""
    return [index for _key, _reach, index in sorted(items, key=lambda t: (-t[1], t[0][1], t[0][0]))]
