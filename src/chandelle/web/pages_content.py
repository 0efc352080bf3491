"""What is posted: recurring series and their wear, registers per account (``chandelle content``)."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from starlette.requests import Request
from starlette.responses import Response

from chandelle.report.content import content_section
from chandelle.web.context import as_of_from, reading_for
from chandelle.web.deps import csrf_protect
from chandelle.web.render import page, request_language

router = APIRouter(dependencies=[Depends(csrf_protect)])


@router.get("/content", name="content_page")
def content_page(request: Request) -> Response:
    as_of = as_of_from(request)
    reading = reading_for(request, as_of)     # the analysis' reading: content is read with the audit
    section = content_section(reading.content, request_language(request)) if reading.content else None
    return page(request, "content.html", as_of=as_of, section=section,
                has_accounts=bool(reading.audit.accounts))
