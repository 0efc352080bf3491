"""Home, login and logout, the language switch, and a health probe.

A login attempt from a client still inside its back-off (``LoginThrottle``) is answered 429 with
``Retry-After`` without checking the password; Argon2 runs in a worker thread, so other users'
pages do not wait for it.
"""

from __future__ import annotations

import asyncio
import math

from fastapi import APIRouter, Depends
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from chandelle.i18n import LANGUAGES
from chandelle.web.deps import csrf_protect, gate_of, settings_of
from chandelle.web.render import page
from chandelle.web.security import LANG_COOKIE, LoginThrottle, verify_password

router = APIRouter(dependencies=[Depends(csrf_protect)])
LOGIN_FAILURE_DELAY_S = 1.0


@router.get("/", name="home")
def home(request: Request) -> Response:
    with gate_of(request).read() as con:
        row = con.execute("SELECT count(*) FROM accounts").fetchone()
    has_accounts = bool(row and row[0])
    return RedirectResponse("/audit" if has_accounts else "/import", status_code=303)


@router.get("/healthz", name="healthz")
def healthz() -> Response:
    return JSONResponse({"ok": True})


@router.get("/login", name="login_page")
def login_page(request: Request) -> Response:
    return page(request, "login.html", failed=False)


@router.post("/login", name="login")
async def login(request: Request) -> Response:
    throttle: LoginThrottle = request.app.state.login_throttle
    client = request.client.host if request.client else "?"
    wait_s = throttle.wait_s(client)
    if wait_s > 0:
        refused = page(request, "login.html", status_code=429, failed=True, wait_s=math.ceil(wait_s))
        refused.headers["Retry-After"] = str(math.ceil(wait_s))
        return refused
    form = await request.form()
    password = form.get("password")
    password_hash = settings_of(request).password_hash
    if password_hash and isinstance(password, str) and \
            await run_in_threadpool(verify_password, password_hash, password):
        throttle.succeeded(client)
        session = request.state.session
        session["auth"] = True
        session["csrf"] = _new_token()   # a fresh token once logged in
        request.state.session_changed = True
        return RedirectResponse("/", status_code=303)
    throttle.failed(client)
    await asyncio.sleep(LOGIN_FAILURE_DELAY_S)
    return page(request, "login.html", status_code=401, failed=True)


@router.post("/logout", name="logout")
def logout(request: Request) -> Response:
    request.state.session.update({"auth": False, "csrf": _new_token()})
    request.state.session_changed = True
    return RedirectResponse("/login" if settings_of(request).password_hash else "/", status_code=303)


@router.post("/lang", name="set_language")
async def set_language(request: Request) -> Response:
    form = await request.form()
    lang = form.get("lang")
    back = str(form.get("next") or "/")
    target = back if back.startswith("/") and not back.startswith("//") else "/"
    response = RedirectResponse(target, status_code=303)
    if isinstance(lang, str) and lang in LANGUAGES:
        response.set_cookie(LANG_COOKIE, lang, max_age=365 * 24 * 3600, httponly=True, samesite="strict",
                            secure=settings_of(request).behind_https_proxy)
    return response


def _new_token() -> str:
    import secrets

    return secrets.token_urlsafe(32)
