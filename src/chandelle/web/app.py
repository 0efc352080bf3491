"""The FastAPI application: middleware, error handling, static assets and the page routers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from chandelle import __version__
from chandelle.errors import ChandelleError
from chandelle.web import (
    pages_audit,
    pages_auth,
    pages_calendar,
    pages_content,
    pages_downloads,
    pages_followup,
    pages_guide,
    pages_import,
    pages_plan,
    pages_profile,
    pages_scenarios,
    pages_sector,
    pages_start,
)
from chandelle.web.context import ResultCache
from chandelle.web.deps import is_htmx, wants_json
from chandelle.web.middleware import BodyLimitMiddleware, SecurityHeadersMiddleware, session_middleware
from chandelle.web.render import page, request_language
from chandelle.web.security import LoginThrottle, SessionCodec
from chandelle.web.settings import WebSettings
from chandelle.web.storage import Imports, StoreGate

STATIC = Path(__file__).parent / "static"
ROUTERS = (pages_auth, pages_import, pages_guide, pages_start, pages_profile, pages_audit, pages_content,
           pages_sector, pages_plan, pages_scenarios, pages_followup, pages_calendar, pages_downloads)


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """On shutdown (Ctrl+C, SIGTERM): stop running imports, delete the upload folders."""
    yield
    app.state.imports.shutdown()


def create_app(settings: WebSettings) -> FastAPI:
    """Build the app for one store; nothing is opened until a page asks for it."""
    app = FastAPI(title="chandelle", version=__version__, docs_url=None, redoc_url=None, openapi_url=None,
                  lifespan=lifespan)
    app.state.settings = settings
    app.state.gate = StoreGate(settings.db)
    app.state.imports = Imports()
    app.state.login_throttle = LoginThrottle()
    app.state.password_required = settings.password_hash is not None
    app.state.cache = ResultCache()
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for module in ROUTERS:
        app.include_router(module.router)
    codec = SessionCodec(settings.secret_key)
    app.middleware("http")(session_middleware(codec, settings.password_hash is not None,
                                              secure_cookies=settings.behind_https_proxy))
    app.add_middleware(BodyLimitMiddleware, max_upload_bytes=settings.max_upload_bytes)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=settings.allowed_hosts)
    app.add_middleware(SecurityHeadersMiddleware, https=settings.behind_https_proxy)   # outermost
    app.add_exception_handler(ChandelleError, chandelle_error_handler)
    app.add_exception_handler(StarletteHTTPException, http_error_handler)
    return app


async def chandelle_error_handler(request: Request, exc: Exception) -> Response:
    """One place where a ChandelleError becomes the error page, an HTMX fragment or JSON."""
    assert isinstance(exc, ChandelleError)
    lang = request_language(request)
    status = exc.http_status
    if wants_json(request):
        return JSONResponse({"error": exc.render(lang), "kind": type(exc).__name__}, status_code=status)
    template = "_error_box.html" if is_htmx(request) else "error.html"
    return page(request, template, status_code=status, error=exc, message=exc.render(lang),
                busy=status == 503)


async def http_error_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if wants_json(request):
        return JSONResponse({"error": str(exc.detail)}, status_code=exc.status_code)
    from chandelle.i18n import translator

    _ = translator(request_language(request))
    message = _("This page does not exist.") if exc.status_code == 404 else _("The request was refused.")
    template = "_error_box.html" if is_htmx(request) else "error.html"
    return page(request, template, status_code=exc.status_code, error=None, message=message, busy=False)
