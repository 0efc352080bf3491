"""Request guards: body size limits, the signed session, login, Origin checks and security headers.

``SecurityHeadersMiddleware`` is the outermost layer: every response, a page, a redirect, a 4xx
from the host or size guards or an error page, carries the same headers.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from chandelle.web.security import SAFE_METHODS, SESSION_COOKIE, SESSION_MAX_AGE_S, SessionCodec
from chandelle.web.settings import MAX_FORM_BYTES

LOG = logging.getLogger("chandelle.web")
UPLOAD_PATHS = frozenset({"/import"})
PUBLIC_PREFIXES = ("/static/", "/login", "/healthz", "/lang")
HSTS = "max-age=31536000"
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")


class BodyLimitMiddleware:
    """Refuses request bodies above the limit before reading them (413), and chunked bodies (411)."""

    def __init__(self, app: ASGIApp, max_upload_bytes: int) -> None:
        self.app = app
        self.max_upload_bytes = max_upload_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in SAFE_METHODS:
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        limit = self.max_upload_bytes if scope["path"] in UPLOAD_PATHS else MAX_FORM_BYTES
        length = headers.get("content-length")
        if length is None and "chunked" in headers.get("transfer-encoding", ""):
            await JSONResponse({"error": "Content-Length required"}, status_code=411)(scope, receive, send)
            return
        if length is not None and (not length.isdigit() or int(length) > limit):
            await _too_large(scope, receive, send, limit)
            return
        await self.app(scope, receive, send)


async def _too_large(scope: Scope, receive: Receive, send: Send, limit: int) -> None:
    from chandelle.errors import InputError

    error = InputError("The upload is larger than the limit of {size} MB.",
                       hint="Upload fewer files at once, or the export without its photos and videos.",
                       size=limit // (1024 * 1024))
    request = Request(scope, receive)
    from chandelle.web.render import request_language

    lang = request_language(request)
    await JSONResponse({"error": error.render(lang)}, status_code=413)(scope, receive, send)


CallNext = Callable[[Request], Awaitable[Response]]


def session_middleware(codec: SessionCodec, password_required: bool,
                       secure_cookies: bool = False) -> Callable[[Request, CallNext], Awaitable[Response]]:
    """Loads the session, enforces login when a password is set, and writes the cookie back
    (``Secure`` when the app is served over HTTPS behind a proxy)."""

    async def middleware(request: Request, call_next: CallNext) -> Response:
        session = codec.load(request.cookies.get(SESSION_COOKIE))
        request.state.session = session
        if not _origin_ok(request):
            return JSONResponse({"error": "cross-origin request refused"}, status_code=403)
        path = request.url.path
        if password_required and not session.get("auth") and not path.startswith(PUBLIC_PREFIXES):
            if request.method in SAFE_METHODS:
                return RedirectResponse("/login", status_code=303)
            return JSONResponse({"error": "login required"}, status_code=401)
        response = await call_next(request)
        if session.get("new") or getattr(request.state, "session_changed", False):
            response.set_cookie(SESSION_COOKIE, codec.dump(session), max_age=SESSION_MAX_AGE_S,
                                httponly=True, samesite="strict", path="/", secure=secure_cookies)
        return response

    return middleware


def _origin_ok(request: Request) -> bool:
    """A browser's state-changing request that names its origin must come from this very site."""
    if request.method in SAFE_METHODS:
        return True
    origin = request.headers.get("origin")
    if not origin or origin == "null":
        return True                      # no origin to compare: the CSRF token decides
    return urlsplit(origin).netloc == request.headers.get("host", "")


class SecurityHeadersMiddleware:
    """Adds the security headers to every HTTP response that leaves the app (and HSTS over HTTPS)."""

    def __init__(self, app: ASGIApp, https: bool = False) -> None:
        self.app = app
        self.https = https

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                security_headers(MutableHeaders(scope=message), https=self.https)
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception as exc:
            # a full disk or a bug: logged in full for the administrator; the user gets one line
            LOG.exception("unhandled error on %s %s", scope.get("method"), scope.get("path"))
            if started:
                raise
            await _internal_error(scope, receive, exc)(scope, receive, send_with_headers)


def _internal_error(scope: Scope, receive: Receive, exc: Exception) -> Response:
    from chandelle.errors import disk_failure
    from chandelle.i18n import translator
    from chandelle.web.render import request_language

    lang = request_language(Request(scope, receive))
    disk = disk_failure(exc)
    if disk is not None:
        return PlainTextResponse(disk.render(lang), status_code=507)
    _ = translator(lang)
    message = _("Internal error in chandelle: this is a bug, not a problem with your files. "
                "The details are in the server's log.")
    return PlainTextResponse(message, status_code=500)


def security_headers(headers: MutableHeaders, *, https: bool = False) -> None:
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Cache-Control", "no-store")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if https:
        headers.setdefault("Strict-Transport-Security", HSTS)
