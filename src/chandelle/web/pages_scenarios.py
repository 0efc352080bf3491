"""Scenarios: save the planner's settings under a name, compare them side by side, and download
the report and the calendar of each one.

Scenarios are written to ``scenarios.toml`` next to the profile, in the format of
``chandelle plan --scenarios`` (plan/scenarios.py), so the command line reads the same file.
A scenario is a query string for every page: the report and calendar downloads of a scenario
are the plan's downloads with its hours, network limit and exclusions.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from chandelle.analysis import Analysis, PlanRequest
from chandelle.errors import ConfigError, InputError
from chandelle.plan.scenarios import load_scenarios
from chandelle.request import MAX_HOURS_PER_WEEK, MAX_NETWORKS
from chandelle.toml_files import dumps, write_toml_atomically
from chandelle.web.context import analysis_for, as_of_from
from chandelle.web.deps import csrf_protect, settings_of
from chandelle.web.render import page

router = APIRouter(dependencies=[Depends(csrf_protect)])
MAX_SCENARIOS = 6
MAX_NAME = 80


@dataclass(frozen=True)
class SavedScenario:
    name: str
    hours: float | None
    max_networks: int | None
    exclude: tuple[str, ...]

    def query(self, as_of: str | None = None) -> str:
        """The scenario as the plan's query string (what every download link carries)."""
        pairs: list[tuple[str, str]] = []
        if self.hours is not None:
            pairs.append(("hours", f"{self.hours:g}"))
        if self.max_networks is not None:
            pairs.append(("max_networks", str(self.max_networks)))
        pairs += [("exclude", slug) for slug in self.exclude]
        if as_of:
            pairs.append(("as_of", as_of))
        return urlencode(pairs)

    def table(self) -> dict[str, Any]:
        data: dict[str, Any] = {"name": self.name}
        if self.hours is not None:
            data["hours"] = self.hours
        if self.max_networks is not None:
            data["max_networks"] = self.max_networks
        if self.exclude:
            data["exclude"] = list(self.exclude)
        return data


def scenarios_path(request: Request) -> Path:
    return settings_of(request).profile_path.with_name("scenarios.toml")


def saved_scenarios(request: Request) -> list[SavedScenario]:
    """The file's scenarios (none when there is no file yet)."""
    path = scenarios_path(request)
    if not path.exists():
        return []
    found = load_scenarios(path, PlanRequest(as_of_from(request)))
    return [SavedScenario(s.name, s.request.hours, s.request.max_networks, s.request.exclude) for s in found]


def _write(request: Request, scenarios: list[SavedScenario]) -> None:
    path = scenarios_path(request)
    if not scenarios:
        path.unlink(missing_ok=True)
        return
    write_toml_atomically(path, dumps({"scenario": [s.table() for s in scenarios]}),
                          check=lambda written: load_scenarios(written, PlanRequest(as_of_from(request))))


@router.post("/scenarios", name="scenario_save")
async def scenario_save(request: Request) -> Response:
    """Save the planner's current settings (hidden fields of the plan's result) under a name."""
    from chandelle.web.plan_request import HOURS_STEP, checked_number

    form = await request.form()
    name = " ".join(str(form.get("name") or "").split())[:MAX_NAME]
    if not name:
        raise InputError("Give the scenario a name.", hint="For example: « Une demi-journée de plus ».")
    hours, hours_ok = checked_number(str(form.get("hours") or ""), MAX_HOURS_PER_WEEK, HOURS_STEP)
    networks, networks_ok = checked_number(str(form.get("max_networks") or ""), MAX_NETWORKS, 1.0)
    if not (hours_ok and networks_ok):
        raise InputError("The scenario's hours or number of networks are out of range.",
                         hint="Correct them in the planner, then save again.")
    wanted = PlanRequest(as_of_from(request), hours=hours,
                         max_networks=None if networks is None else int(networks),
                         exclude=tuple(str(v) for v in form.getlist("exclude") if v))
    kept = [s for s in saved_scenarios(request) if s.name != name][: MAX_SCENARIOS - 1]
    _write(request, [*kept, SavedScenario(name, wanted.hours, wanted.max_networks, wanted.exclude)])
    return RedirectResponse("/scenarios", status_code=303)


@router.post("/scenarios/delete", name="scenario_delete")
async def scenario_delete(request: Request) -> Response:
    form = await request.form()
    name = str(form.get("name") or "")
    _write(request, [s for s in saved_scenarios(request) if s.name != name])
    return RedirectResponse("/scenarios", status_code=303)


@dataclass(frozen=True)
class Column:
    """One scenario's plan, as the comparison shows it."""

    scenario: SavedScenario
    analysis: Analysis
    query: str


def _columns(request: Request) -> list[Column]:
    as_of = as_of_from(request)
    keep_date = request.query_params.get("as_of")
    base = SavedScenario("", None, None, ())
    columns = []
    for scenario in [base, *saved_scenarios(request)]:
        wanted = PlanRequest(as_of, hours=scenario.hours, max_networks=scenario.max_networks,
                             exclude=scenario.exclude)
        columns.append(Column(scenario, analysis_for(request, wanted), scenario.query(keep_date)))
    return columns


@router.get("/scenarios", name="scenarios_page")
def scenarios_page(request: Request) -> Response:
    try:
        columns = _columns(request)
    except ConfigError as exc:
        raise InputError("{file} cannot be read: {detail}", hint="Fix or delete the file.",
                         file=scenarios_path(request).name, detail=str(exc)) from exc
    platforms = sorted({n.platform for c in columns for n in c.analysis.plan.networks
                        if n.decision != "absent" or n.handle})
    segments = [r.segment for r in columns[0].analysis.plan.reach]
    return page(request, "scenarios.html", columns=columns, platforms=platforms, segments=segments,
                max_scenarios=MAX_SCENARIOS)
