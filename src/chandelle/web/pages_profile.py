"""The institution profile page: a form over institution.toml, with errors next to the fields."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends
from pydantic import ValidationError
from starlette.requests import Request
from starlette.responses import Response

from chandelle import profile
from chandelle.errors import ConfigError
from chandelle.i18n import translator
from chandelle.kb.models import OBJECTIVES
from chandelle.profile import save_profile
from chandelle.web.deps import csrf_protect, settings_of
from chandelle.web.profile_form import (
    field_errors,
    form_from_profile,
    form_from_submission,
    mapping_from_form,
)
from chandelle.web.render import page, request_language

router = APIRouter(dependencies=[Depends(csrf_protect)])


def read_raw_profile(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError):
        return {}


def _choices() -> dict[str, Any]:
    return {"kinds": profile.KINDS, "skills": profile.SKILLS, "targets": profile.TARGETS,
            "value_names": profile.VALUES, "zones": profile.ZONES, "objectives": OBJECTIVES}


@router.get("/profile", name="profile_page")
def profile_page(request: Request) -> Response:
    path = settings_of(request).profile_path
    load_error = None
    try:
        current = profile.load_profile(path) if path.exists() else profile.default_profile()
    except ConfigError as exc:
        load_error = exc.render(request_language(request))
        current = profile.default_profile()
    return page(request, "profile.html", form=form_from_profile(current), choices=_choices(),
                load_error=load_error, exists=path.exists(), path=path.name)


@router.post("/profile", name="profile_save")
async def profile_save(request: Request) -> Response:
    _ = translator(request_language(request))
    path = settings_of(request).profile_path
    form_data = await request.form()
    mapping, errors = mapping_from_form(form_data, read_raw_profile(path), _)
    model = None
    try:
        model = profile.Profile.model_validate(mapping)
    except ValidationError as exc:
        errors = {**field_errors(exc, _, request_language(request)), **errors}
    if errors or model is None:
        form = form_from_submission(form_data, mapping, errors)
        return page(request, "profile.html", status_code=422, form=form, choices=_choices(),
                    load_error=None, exists=path.exists(), path=path.name)
    save_profile(path, mapping)
    form = form_from_profile(profile.load_profile(path))
    form.saved = True
    return page(request, "profile.html", form=form, choices=_choices(), load_error=None, exists=True,
                path=path.name)
