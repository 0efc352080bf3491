"""Dependencies shared by the routes: CSRF protection, the store gate, the settings."""

from __future__ import annotations

from starlette.requests import Request

from chandelle.web.security import CSRF_FIELD, CSRF_HEADER, SAFE_METHODS, CsrfError, tokens_match
from chandelle.web.settings import WebSettings
from chandelle.web.storage import StoreGate

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


async def csrf_protect(request: Request) -> None:
    """Every state-changing request must carry the session's token (header or form field)."""
    if request.method in SAFE_METHODS:
        return
    expected = str(request.state.session["csrf"])
    given = request.headers.get(CSRF_HEADER)
    if not given and request.headers.get("content-type", "").startswith(FORM_TYPES):
        settings = settings_of(request)
        form = await request.form(max_files=settings.max_files, max_fields=200)
        raw = form.get(CSRF_FIELD)
        given = raw if isinstance(raw, str) else None
    if not tokens_match(expected, given):
        raise CsrfError("The form has expired or did not come from this page (security check failed).",
                        hint="Reload the page and try again.")


def settings_of(request: Request) -> WebSettings:
    settings: WebSettings = request.app.state.settings
    return settings


def gate_of(request: Request) -> StoreGate:
    gate: StoreGate = request.app.state.gate
    return gate


def is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


def wants_json(request: Request) -> bool:
    return "application/json" in request.headers.get("accept", "") or request.url.path.startswith("/api/")
