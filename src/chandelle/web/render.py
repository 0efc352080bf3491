"""Jinja2 rendering: autoescaped templates, the `_` translator and French-first formatting."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from chandelle.i18n import LANGUAGES, check_language, fmt_date, fmt_number, fmt_percent, translator
from chandelle.report.labels import platform_label
from chandelle.web.labels import slug_label
from chandelle.web.security import LANG_COOKIE

TEMPLATES = Path(__file__).parent / "templates"

NAV = (
    ("import_page", "Import"),
    ("accounts_page", "Accounts"),
    ("profile_page", "Profile"),
    ("audit_page", "Audit"),
    ("plan_page", "Plan"),
    ("calendar_page", "Calendar"),
    ("downloads_page", "Downloads"),
)

environment = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html", "xml", "svg"], default_for_string=True, default=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def request_language(request: Request) -> str:
    """The cookie's language if valid, else French."""
    raw = request.cookies.get(LANG_COOKIE)
    return raw if raw in LANGUAGES else check_language(None)


def page(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """Render ``template`` for this request, in its language, with the CSRF token at hand."""
    lang = request_language(request)
    session = getattr(request.state, "session", {}) or {}
    values: dict[str, Any] = {
        "request": request,
        "lang": lang,
        "_": translator(lang),
        "number": partial(fmt_number, lang=lang),
        "percent": partial(fmt_percent, lang=lang),
        "day": partial(fmt_date, lang=lang),
        "csrf_token": session.get("csrf", ""),
        "logged_in": bool(session.get("auth")),
        "needs_login": bool(getattr(request.app.state, "password_required", False)),
        "nav": NAV,
        "slug_label": slug_label,
        "platform_name": lambda slug: platform_label(slug, translator(lang)),
        "current": request.scope.get("route").name if request.scope.get("route") else "",  # type: ignore[union-attr]
    }
    values.update(context)
    html = environment.get_template(template).render(values)
    return HTMLResponse(html, status_code=status_code)
