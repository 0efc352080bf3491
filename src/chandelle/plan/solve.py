"""Solve the portfolio MILP with HiGHS and read back decisions, cadences, hours and reach."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from chandelle.errors import PlanError
from chandelle.plan.inputs import WEEKS_PER_PERIOD, FederationInputs
from chandelle.plan.model import BuiltModel, GroupKey, UnitKey, build_model

_BANNER_SILENCED = False
SMALL_MODEL = 3000  # columns: below this, solver options tuned for speed
# Re-solves of a model whose optimum is known to close at the root (the robustness draws): the
# primal heuristics that HiGHS still runs with mip_heuristic_effort 0 (feasibility jump, RINS,
# RENS, root reduced cost), root restarts, strong branching before pseudo-costs are reliable and
# a large cut pool find incumbents or bounds sooner on hard models but do not change the proven
# optimum (gap 0); measured on the demo: −30 % of HiGHS's time per draw for the first four,
# −25 % more for pseudo-costs without strong branching, one pooled cut and cuts aged out after
# 3 rounds (benchmarks/plan_speed.py, "robustness").
RESOLVE_OPTIONS: dict[str, bool | int] = {
    "mip_heuristic_run_feasibility_jump": False,
    "mip_heuristic_run_rins": False,
    "mip_heuristic_run_rens": False,
    "mip_heuristic_run_root_reduced_cost": False,
    "mip_allow_restart": False,
    "mip_lp_age_limit": 3,
    "mip_pool_soft_limit": 1,
    "mip_pscost_minreliable": 0,
}


@dataclass(frozen=True)
class UnitResult:
    key: UnitKey  # (institution or "*", platform, handle or "" for an account to start)
    decision: str  # keep | start | archive | quit | merge | absent
    items_per_week: Mapping[str, float]  # format -> items per week (only > 0)
    hours_per_week: float
    merge_into: str | None = None  # handle of the sibling a merged account redirects to


@dataclass(frozen=True)
class GroupResult:
    key: GroupKey
    active: bool
    effective_items_per_week: float  # x: the cadence the response curve reads
    response_share: float  # z: share of the platform's contribution its cadence reaches


@dataclass(frozen=True)
class Solution:
    status: str  # "optimal", "time_limit", "infeasible"...
    optimal: bool
    objective_value: float
    dual_bound: float
    mip_gap: float
    seconds: float
    nodes: int
    units: tuple[UnitResult, ...]  # empty when no feasible plan exists
    learned_skills: tuple[str, ...]
    reach: Mapping[tuple[int, str], float]  # (member index, segment) -> union reach 0..1
    planned_hours_per_week: float
    groups: tuple[GroupResult, ...] = ()
    learning_hours_per_week: float = 0.0
    setup_hours_per_week: float = 0.0
    events_announced: tuple[tuple[int, int], ...] = ()  # (member index, event index)
    event_hours_per_week: float = 0.0  # announcements of the events, spread over the year

    def unit(self, key: UnitKey) -> UnitResult:
        for result in self.units:
            if result.key == key:
                return result
        raise KeyError(key)

    def group(self, key: GroupKey) -> GroupResult:
        for result in self.groups:
            if result.key == key:
                return result
        raise KeyError(key)

    def accounts(self, key: GroupKey) -> tuple[UnitResult, ...]:
        return tuple(u for u in self.units if (u.key[0], u.key[1]) == key)

    def active(self, key: GroupKey) -> bool:
        return any(u.decision in ("keep", "start") for u in self.accounts(key))


def _highs() -> Any:
    """A silent HiGHS instance (its first construction prints a banner on the C stdout)."""
    import highspy

    global _BANNER_SILENCED
    factory: Any = highspy.Highs
    if _BANNER_SILENCED:
        return factory()
    sys.stdout.flush()
    try:
        saved = os.dup(1)
    except OSError:  # no usable stdout: nothing to protect
        return factory()
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 1)
            highs = factory()
    finally:
        os.dup2(saved, 1)
        os.close(saved)
    _BANNER_SILENCED = True
    return highs


def _pass_model(highs: Any, built: BuiltModel) -> None:
    import highspy
    import numpy as np

    cols, rows = built.milp.cols, built.milp.rows
    lp = highspy.HighsLp()
    lp.num_col_ = len(cols.names)
    lp.num_row_ = len(rows.lower)
    lp.col_cost_ = np.array(cols.cost, dtype=float)
    lp.col_lower_ = np.array(cols.lower, dtype=float)
    lp.col_upper_ = np.array(cols.upper, dtype=float)
    inf = highspy.kHighsInf
    lp.row_lower_ = np.array([max(v, -inf) for v in rows.lower], dtype=float)
    lp.row_upper_ = np.array([min(v, inf) for v in rows.upper], dtype=float)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = np.array([*rows.starts, len(rows.index)], dtype=np.int32)
    lp.a_matrix_.index_ = np.array(rows.index, dtype=np.int32)
    lp.a_matrix_.value_ = np.array(rows.value, dtype=float)
    lp.integrality_ = [
        highspy.HighsVarType.kInteger if i else highspy.HighsVarType.kContinuous for i in cols.integer
    ]
    lp.sense_ = highspy.ObjSense.kMaximize
    highs.passModel(lp)


def solve_model(
    built: BuiltModel, *, time_limit_s: float = 60.0, threads: int = 1, resolve: bool = False
) -> Solution:
    """Run HiGHS to proven optimality (relative gap 0) unless the time limit stops it;
    ``resolve``: with ``RESOLVE_OPTIONS`` (small models only)."""
    highs = _highs()
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("mip_rel_gap", 0.0)
    highs.setOptionValue("time_limit", float(time_limit_s))
    highs.setOptionValue("threads", threads)
    highs.setOptionValue("random_seed", 0)
    if len(built.milp.cols.names) <= SMALL_MODEL:
        # one institution: the root LP is tight enough that presolve, primal heuristics and
        # symmetry detection cost more than they save (measured: benchmarks/plan_speed.py)
        highs.setOptionValue("presolve", "off")
        highs.setOptionValue("mip_heuristic_effort", 0.0)
        highs.setOptionValue("mip_detect_symmetry", False)
        if resolve:
            for name, value in RESOLVE_OPTIONS.items():
                highs.setOptionValue(name, value)
    _pass_model(highs, built)
    started = time.perf_counter()
    highs.run()
    seconds = time.perf_counter() - started
    status = highs.modelStatusToString(highs.getModelStatus()).lower().replace(" ", "_")
    info = highs.getInfo()
    if info.primal_solution_status != 2:  # kSolutionStatusFeasible
        return _no_solution(status, seconds)
    values = list(highs.getSolution().col_value)
    return _read(built, values, status, info, seconds)


def _read(built: BuiltModel, values: list[float], status: str, info: Any, seconds: float) -> Solution:
    units = []
    hours_total = 0.0
    setup = 0.0
    for unit, uv in zip(built.units, built.unit_vars, strict=True):
        option = built.groups[unit.group].option
        decision = _decision(unit.current is not None, values, uv)
        items = {
            fmt: round(values[col]) / WEEKS_PER_PERIOD
            for fmt, col in uv.items.items()
            if round(values[col]) > 0
        }
        hours = sum(built.hours_terms[col] * round(values[col]) for col in uv.items.values())
        if decision in ("keep", "start"):
            hours += built.hours_terms[uv.keep if decision == "keep" else uv.start]
        if decision == "start":
            setup += built.hours_terms[uv.start] - option.overhead_hours_per_week
        if decision == "merge":
            hours += built.hours_terms[uv.merge]
        hours_total += hours
        units.append(
            UnitResult(
                unit.key,
                decision,
                items,
                hours,
                _merge_target(built, unit, values) if decision == "merge" else None,
            )
        )
    learned = tuple(name for name, col in built.learn.items() if values[col] > 0.5)
    learning = sum(built.hours_terms[built.learn[name]] for name in learned)
    announced = tuple(key for key, col in built.events.items() if values[col] > 0.5)
    events = sum(built.hours_terms[built.events[key]] for key in announced)
    hours_total += learning + events
    gap = float(info.mip_gap) if info.mip_gap < 1e300 else float("inf")
    groups = tuple(
        GroupResult(
            group.key,
            values[gv.active] > 0.5,
            max(0.0, values[gv.cadence]),
            min(1.0, max(0.0, values[gv.share])),
        )
        for group, gv in zip(built.groups, built.group_vars, strict=True)
    )
    return Solution(
        status=status,
        optimal=status == "optimal",
        objective_value=float(info.objective_function_value),
        dual_bound=float(info.mip_dual_bound),
        mip_gap=max(0.0, gap),
        seconds=seconds,
        nodes=int(info.mip_node_count),
        units=tuple(units),
        learned_skills=learned,
        reach={key: min(1.0, max(0.0, values[col])) for key, col in built.union.items()},
        planned_hours_per_week=hours_total,
        groups=groups,
        learning_hours_per_week=learning,
        setup_hours_per_week=setup,
        events_announced=announced,
        event_hours_per_week=events,
    )


def _merge_target(built: BuiltModel, unit: Any, values: list[float]) -> str | None:
    for other, uv in zip(built.units, built.unit_vars, strict=True):
        if other.group == unit.group and other is not unit and values[uv.keep] > 0.5:
            return str(other.key[2])
    return None


def _no_solution(status: str, seconds: float) -> Solution:
    """Only a forced what-if can be infeasible: absence always satisfies every constraint."""
    return Solution(
        status=status,
        optimal=False,
        objective_value=float("-inf"),
        dual_bound=float("-inf"),
        mip_gap=float("inf"),
        seconds=seconds,
        nodes=0,
        units=(),
        learned_skills=(),
        reach={},
        planned_hours_per_week=0.0,
    )


def _decision(present: bool, values: list[float], uv: Any) -> str:
    if present:
        for name, col in (("keep", uv.keep), ("merge", uv.merge), ("archive", uv.archive)):
            if values[col] > 0.5:
                return name
        return "quit"
    return "start" if values[uv.start] > 0.5 else "absent"


def solve(
    federation: FederationInputs,
    *,
    force: Mapping[GroupKey, bool] | None = None,
    time_limit_s: float = 60.0,
    patterns: bool = True,
    resolve: bool = False,
) -> Solution:
    """Build and solve the model for ``federation`` (``force`` pins platforms active or inactive;
    ``resolve``: the options of the robustness re-solves)."""
    solution = solve_model(
        build_model(federation, force, patterns=patterns), time_limit_s=time_limit_s, resolve=resolve
    )
    if not solution.units and not force:
        raise PlanError(
            "The planning model has no feasible solution (HiGHS status: {status}).",
            hint="This is a bug in chandelle: absence is always feasible; please report it.",
            status=solution.status,
        )
    return solution
