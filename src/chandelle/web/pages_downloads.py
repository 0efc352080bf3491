"""Downloads: the report (HTML, PDF), the calendar (.ics, .xlsx) and the data (CSV, XLSX, JSON).

Files are written by the same functions as `chandelle report`, `chandelle calendar` and
`chandelle export`, from the page's cached analysis (the report's download reuses the plan
the dashboards show), into a private temporary folder deleted once the bytes are read.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from fastapi import APIRouter, Depends
from starlette.requests import Request
from starlette.responses import Response

from chandelle.calendar import write_calendar
from chandelle.errors import InputError
from chandelle.i18n import translator
from chandelle.report import build_report, write_report
from chandelle.report.exports import What, export
from chandelle.web.context import as_of_from, institution_of
from chandelle.web.deps import csrf_protect
from chandelle.web.pages_calendar import calendar_for_request
from chandelle.web.pages_import import private_folder
from chandelle.web.plan_request import plan_for_request
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


def _(msgid: str) -> str:
    return msgid


# File names in the reader's language (msgids; French in web.po).
FILE_STEMS = {"report": _("chandelle-report"), "calendar": _("chandelle-calendar"),
              "audit": _("chandelle-audit"), "plan": _("chandelle-plan")}


@router.get("/downloads", name="downloads_page")
def downloads_page(request: Request) -> Response:
    query = f"?{request.url.query}" if request.url.query else ""
    return page(request, "downloads.html", downloads=DOWNLOADS, query=query,
                no_profile=institution_of(request).given is None)


def download_name(stem: str, suffix: str, as_of: str, lang: str) -> str:
    """« chandelle-rapport-2026-11-24.pdf » in French, « chandelle-report-… » in English."""
    return f"{translator(lang)(FILE_STEMS[stem])}-{as_of}{suffix}"


@router.get("/download/{name}", name="download")
def download(request: Request, name: str) -> Response:
    stem, _, suffix = name.rpartition(".")
    suffix = "." + suffix
    if (stem, suffix) not in DOWNLOADS:
        raise InputError("There is no download called '{name}'.", hint="Use the links of the Downloads page.",
                         name=name[:60])
    if stem in ("report", "calendar") and institution_of(request).given is None:
        raise InputError("The report and the calendar need the institution's name and team: describe the "
                         "institution first.", hint="Fill in the short form at /start (three questions).")
    writer = _WRITERS[stem]
    with private_folder() as folder:
        target = folder / f"chandelle-{stem}{suffix}"
        writer(request, target)
        content = target.read_bytes()
    filename = download_name(stem, suffix, as_of_from(request).isoformat(), request_language(request))
    return Response(content, media_type=MEDIA_TYPES[suffix],
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _report(request: Request, target: Path) -> None:
    analysis, _controls = plan_for_request(request)
    write_report(build_report(analysis, request_language(request)), target)


def _calendar(request: Request, target: Path) -> None:
    write_calendar(calendar_for_request(request)[0], target)


def _data(what: What) -> Callable[[Request, Path], None]:
    def write(request: Request, target: Path) -> None:
        analysis, _controls = plan_for_request(request)
        export(what, target, audit=analysis.audit, plan=analysis.plan, lang=request_language(request))

    return write


_WRITERS: dict[str, Callable[[Request, Path], None]] = {
    "report": _report, "calendar": _calendar, "audit": _data("audit"), "plan": _data("plan"),
}
