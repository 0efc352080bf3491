"""Jinja2 rendering: autoescaped templates, the `_` translator and French-first formatting."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from chandelle import labels
from chandelle.errors import ChandelleError
from chandelle.i18n import LANGUAGES, PARIS, check_language, fmt_date, fmt_number, fmt_percent, translator
from chandelle.importers.guide import export_guides
from chandelle.web.security import LANG_COOKIE

TEMPLATES = Path(__file__).parent / "templates"

NAV = (
    ("import_page", "Import"),
    ("accounts_page", "Accounts"),
    ("profile_page", "Profile"),
    ("audit_page", "Audit"),
    ("content_page", "Posts"),
    ("sector_page", "Sector"),
    ("plan_page", "Plan"),
    ("scenarios_page", "Scenarios"),
    ("followup_page", "Plan and reality"),
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


def iso_day(text: str | None, lang: str) -> str:
    """An ISO timestamp from the store (UTC) as a day in Paris, « 1er février 2026 »; « — » if none."""
    if not text:
        return "—"
    moment = datetime.fromisoformat(text)
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return fmt_date(moment.astimezone(PARIS).date(), lang)


def signed_number(value: float, lang: str, digits: int = 0) -> str:
    """+12 or −3 (a true minus sign), in the reader's number format."""
    text = fmt_number(abs(value), lang, digits)
    return f"+{text}" if value > 0 else (f"−{text}" if value < 0 else text)


def assumed_in_words(default: Any, lang: str) -> str:
    """An assumed default (audit ``AssumedDefault``) as « what it is : value (source) »."""
    value = default.value
    shown = fmt_number(value, lang, 2) if isinstance(value, int | float) and not isinstance(value, bool) \
        else translator(lang)(str(value))
    what = labels.assumption_label(default.key, lang)
    sep = " : " if lang == "fr" else ": "
    return f"{what}{sep}{shown}" + (f" ({default.source})" if default.source else "")


@dataclass(frozen=True)
class DefaultsInUse:
    """What the banner says when figures rest on chandelle's defaults rather than the profile."""

    no_profile: bool
    members: int
    hours_per_member: float
    max_networks: int
    assumed: tuple[str, ...]          # profile keys taken from the defaults


def defaults_in_use(request: Request) -> DefaultsInUse | None:
    """None when the profile gives everything the figures need (or cannot be read: the page
    then says so itself)."""
    from chandelle.web.context import institution_of

    try:
        institution = institution_of(request)
    except ChandelleError:
        return None
    profile = institution.profile
    assumed = tuple(getattr(profile, "assumed", ()))
    if institution.given is not None and not assumed:
        return None
    team = profile.team
    return DefaultsInUse(no_profile=institution.given is None, members=len(team),
                         hours_per_member=team[0].hours_per_week if team else 0.0,
                         max_networks=profile.max_networks, assumed=assumed)


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
        "slug_label": lambda slug: labels.profile_label(slug, lang),
        "platform_name": lambda slug: labels.platform_label(slug, lang),
        "platform": lambda slug: labels.platform_label(slug, lang),
        "format_label": lambda slug: labels.format_label(slug, lang),
        "status": lambda slug: labels.status_label(slug, lang),
        "decision": lambda slug: labels.decision_label(slug, lang),
        "segment": lambda slug: labels.segment_label(slug, lang),
        "feature": lambda slug, kb_label: labels.feature_label(slug, kb_label, lang),
        "signed": lambda value, digits=0: signed_number(value, lang, digits),
        "assumed": lambda default: assumed_in_words(default, lang),
        "export_guides": lambda: [g.translated(lang) for g in export_guides()],
        "iso_day": lambda text: iso_day(text, lang),
        "current": request.scope.get("route").name if request.scope.get("route") else "",  # type: ignore[union-attr]
    }
    if values["logged_in"] or not values["needs_login"]:
        values["defaults"] = defaults_in_use(request)
    values.update(context)
    html = environment.get_template(template).render(values)
    return HTMLResponse(html, status_code=status_code)
