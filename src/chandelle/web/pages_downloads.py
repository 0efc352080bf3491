"""Downloads: the report (HTML, PDF), the calendar (.ics, .xlsx) and the data (CSV, XLSX, JSON).

Files are written by the same functions as `chandelle report`, `chandelle calendar` and
`chandelle export`, into a private temporary folder that is deleted once the bytes are read.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends
from starlette.requests import Request
from starlette.responses import Response

from chandelle.errors import InputError
from chandelle.web.context import as_of_from, institution_of
from chandelle.web.deps import csrf_protect, gate_of
from chandelle.web.optional import require, require_attribute
from chandelle.web.pages_audit import audit_for
from chandelle.web.pages_calendar import calendar_for_request
from chandelle.web.pages_import import private_folder
from chandelle.web.pages_plan import plan_for_request
from chandelle.web.render import page, request_language

router = APIRouter(dependencies=[Depends(csrf_protect)])

MEDIA_TYPES = {
    ".html": "text/html; charset=utf-8", ".pdf": "application/pdf", ".ics": "text/calendar; charset=utf-8",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".csv": "text/csv; charset=utf-8", ".json": "application/json",
}
DOWNLOADS = (
    ("report", ".html"), ("report", ".pdf"), ("calendar", ".ics"), ("calendar", ".xlsx"),
    ("audit", ".csv"), ("audit", ".xlsx"), ("audit", ".json"), ("plan", ".csv"), ("plan", ".xlsx"),
    ("plan", ".json"),
)


@router.get("/downloads", name="downloads_page")
def downloads_page(request: Request) -> Response:
    return page(request, "downloads.html", downloads=DOWNLOADS)


@router.get("/download/{name}", name="download")
def download(request: Request, name: str) -> Response:
    stem, _, suffix = name.rpartition(".")
    suffix = "." + suffix
    if (stem, suffix) not in DOWNLOADS:
        raise InputError("There is no download called '{name}'.", hint="Use the links of the Downloads page.",
                         name=name[:60])
    writer = _WRITERS[stem]
    with private_folder() as folder:
        target = folder / f"chandelle-{stem}{suffix}"
        writer(request, target)
        content = target.read_bytes()
    filename = f"chandelle-{stem}-{as_of_from(request).isoformat()}{suffix}"
    return Response(content, media_type=MEDIA_TYPES[suffix],
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _report(request: Request, target: Path) -> None:
    report = require("chandelle.report", "report")
    institution = institution_of(request)
    with gate_of(request).read() as con:
        data = report.build_report(con, institution.profile, institution.kb, as_of_from(request),
                                   request_language(request))
    if target.suffix == ".pdf":
        report.render_pdf(data, target)
    else:
        target.write_text(report.render_html(data), encoding="utf-8")


def _calendar(request: Request, target: Path) -> None:
    outputs = require("chandelle.calendar.outputs", "calendar")
    cal = calendar_for_request(request)
    if target.suffix == ".ics":
        target.write_bytes(outputs.to_ics(cal))
    else:
        outputs.write_xlsx(cal, target)


def _data(what: str) -> Callable[[Request, Path], None]:
    def write(request: Request, target: Path) -> None:
        export = require_attribute("chandelle.report.exports", "export", "export")
        lang = request_language(request)
        audit: Any = audit_for(request, as_of_from(request)) if what == "audit" else None
        plan: Any = plan_for_request(request)[0] if what == "plan" else None
        export(what, target, audit=audit, plan=plan, lang=lang)  # type: ignore[operator]

    return write


_WRITERS: dict[str, Callable[[Request, Path], None]] = {
    "report": _report, "calendar": _calendar, "audit": _data("audit"), "plan": _data("plan"),
}
