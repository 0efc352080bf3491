"""The first-run guide: per platform, where to click, how long it takes, which file to drop here
and what it adds to the audit and the plan (chandelle.importers.guide — the same source as
docs/importers and `chandelle importers`). Also the glossary page (report.glossary)."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from starlette.requests import Request
from starlette.responses import Response

from chandelle.i18n import translator
from chandelle.report.glossary import GLOSSARY
from chandelle.web.deps import csrf_protect
from chandelle.web.render import page, request_language

router = APIRouter(dependencies=[Depends(csrf_protect)])


@router.get("/guide", name="guide_page")
def guide_page(request: Request) -> Response:
    return page(request, "guide.html")


@router.get("/glossary", name="glossary_page")
def glossary_page(request: Request) -> Response:
    _ = translator(request_language(request))
    return page(request, "glossary.html", entries=[(_(term), _(text)) for term, text in GLOSSARY])
