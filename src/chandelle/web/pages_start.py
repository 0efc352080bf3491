"""The first-run form: the institution's name, the people and their hours, the target audiences.

Without a profile every figure rests on chandelle's defaults; rather than inventing a team, the
app asks these few questions (a banner on every page says when defaults are in use) and writes
institution.toml with the same writer as the profile page. The full profile page stays for the
rest (objectives, values, limits, weekend work).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends
from pydantic import ValidationError
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from chandelle.i18n import translator
from chandelle.profile import TARGETS, Profile, save_profile
from chandelle.web.deps import csrf_protect, settings_of
from chandelle.web.pages_profile import read_raw_profile
from chandelle.web.profile_form import (
    FIRST_RUN_ROWS,
    field_errors,
    first_run_mapping,
)
from chandelle.web.render import page, request_language

router = APIRouter(dependencies=[Depends(csrf_protect)])


def _shown(form: FormData | None, existing: dict[str, Any]) -> dict[str, Any]:
    """What the fields show: the submission when there is one, else the file's values."""
    if form is None:
        team = [{"name": m.get("name", ""), "hours": m.get("hours_per_week", "")}
                for m in existing.get("team", [])]
        name, targets = existing.get("name", ""), list(existing.get("targets", []))
    else:
        team = [{"name": str(form.get(f"team.{i}.name") or ""),
                 "hours": str(form.get(f"team.{i}.hours_per_week") or "")} for i in range(FIRST_RUN_ROWS)]
        name, targets = str(form.get("name") or ""), [str(t) for t in form.getlist("targets")]
    team += [{"name": "", "hours": ""}] * (FIRST_RUN_ROWS - len(team))
    return {"name": name, "team": team[:max(FIRST_RUN_ROWS, len(team))], "targets": targets}


@router.get("/start", name="start_page")
def start_page(request: Request) -> Response:
    existing = read_raw_profile(settings_of(request).profile_path)
    return page(request, "start.html", shown=_shown(None, existing), errors={}, targets=TARGETS)


@router.post("/start", name="start_save")
async def start_save(request: Request) -> Response:
    lang = request_language(request)
    _ = translator(lang)
    path = settings_of(request).profile_path
    form = await request.form()
    existing = read_raw_profile(path)
    mapping, errors = first_run_mapping(form, existing, _)
    try:
        Profile.model_validate(mapping)
    except ValidationError as exc:
        errors = {**field_errors(exc, _, lang), **errors}
    if errors:
        return page(request, "start.html", status_code=422, shown=_shown(form, existing), errors=errors,
                    targets=TARGETS)
    save_profile(path, mapping)
    return RedirectResponse("/audit?welcome=1", status_code=303)
