"""Uploading exports and seeing what was imported, skipped and why; the list of accounts.

Uploaded files are written to a private temporary folder (mode 0700, files 0600), imported
with the same pipeline as `chandelle import` (one transaction: all or nothing) while the
store is open read-write, and the folder is deleted whatever happens.

Files uploaded together are read as the folder they came from: loose files (an unzipped
export's ``manifest.js`` + ``tweets.js``, ``actor.json`` + ``outbox.json``, the JSON files of
``your_instagram_activity/``) go to one folder imported as a whole, so a file finds its
manifest or profile and a file chandelle does not read is listed, not refused; each ZIP stays
an export of its own. Messages never show the temporary folder or a command-line flag.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response

from chandelle.errors import ChandelleError, InputError
from chandelle.ingest import ImportReport, import_paths
from chandelle.queries import accounts_overview
from chandelle.web.context import cache_of, data_version
from chandelle.web.deps import csrf_protect, gate_of, is_htmx, settings_of
from chandelle.web.render import page
from chandelle.web.storage import Imports, StoreGate

router = APIRouter(dependencies=[Depends(csrf_protect)])

ALLOWED_SUFFIXES = frozenset({
    ".zip", ".json", ".js", ".csv", ".tsv", ".txt", ".xlsx", ".xls", ".car", ".cbor",
    ".ndjson", ".jsonl", ".html", ".htm",
})
CHUNK_BYTES = 1024 * 1024
_UNSAFE_CHARS = re.compile(r"[^\w.\- ()\[\]]+", re.UNICODE)


@router.get("/import", name="import_page")
def import_page(request: Request) -> Response:
    return page(request, "import.html", report=None, allowed=sorted(ALLOWED_SUFFIXES))


@router.post("/import", name="upload")
async def upload(request: Request) -> Response:
    settings = settings_of(request)
    form = await request.form(max_files=settings.max_files, max_fields=200)
    uploads = [value for value in form.getlist("files") if isinstance(value, UploadFile)]
    uploads = [u for u in uploads if u.filename]
    if not uploads:
        raise InputError("No file was received.",
                         hint="Choose or drop the export files, or the ZIP the platform gave you.")
    for item in uploads:
        _check_type(item)
    handle = str(form.get("handle") or "").strip().lstrip("@")[:100]
    imports: Imports = request.app.state.imports
    with private_folder(imports) as folder:
        saved = [await _save(item, folder / _group_of(item)) for item in uploads]
        report = await run_in_threadpool(run_import, gate_of(request), import_targets(saved), folder,
                                         {"handle": handle} if handle else {}, imports,
                                         settings.import_timeout_s)
    template = "_import_result.html" if is_htmx(request) else "import.html"
    return page(request, template, report=report, allowed=sorted(ALLOWED_SUFFIXES))


@router.get("/accounts", name="accounts_page")
def accounts_page(request: Request) -> Response:
    def compute() -> tuple[list[dict[str, Any]], list[Any]]:
        with gate_of(request).read() as con:
            rows = accounts_overview(con)
            runs = con.execute("""
                SELECT file_name, platform, importer, imported_at, items_added, items_updated, skipped
                FROM import_runs ORDER BY imported_at DESC, run_id DESC LIMIT 50
            """).fetchall()
        return rows, runs

    rows, runs = cache_of(request).get_or_compute(("accounts", data_version(settings_of(request))), compute)
    return page(request, "accounts.html", accounts=rows, runs=runs)


def _check_type(item: UploadFile) -> None:
    name = item.filename or ""
    suffix = Path(name).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        raise InputError(
            "{file}: this kind of file ({suffix}) is not an export chandelle reads; nothing was imported.",
            hint="Upload the export files (JSON, CSV, JS, XLSX, CAR) or the platform's ZIP.",
            file=name, suffix=suffix or "?",
        )


def safe_name(raw: str, taken: set[str]) -> str:
    """The file's own name, without folders or odd characters, unique in the upload folder."""
    base = _UNSAFE_CHARS.sub("_", raw.replace("\\", "/").rsplit("/", 1)[-1]).strip(". ") or "export"
    base = base[:150]
    candidate, counter = base, 1
    while candidate.lower() in taken:
        stem, suffix = os.path.splitext(base)
        candidate = f"{stem}-{counter}{suffix}"
        counter += 1
    taken.add(candidate.lower())
    return candidate


@contextmanager
def private_folder(imports: Imports | None = None) -> Iterator[Path]:
    """A temporary folder only this user can read (0700), removed afterwards (or at shutdown)."""
    folder = Path(tempfile.mkdtemp(prefix="chandelle-upload-"))
    os.chmod(folder, 0o700)
    if imports is not None:
        imports.add_folder(folder)
    try:
        yield folder
    finally:
        if imports is not None:
            imports.remove_folder(folder)
        shutil.rmtree(folder, ignore_errors=True)


_ARCHIVES, _LOOSE = "archives", "files"   # the upload folder's two groups


def _group_of(item: UploadFile) -> str:
    return _ARCHIVES if Path(item.filename or "").suffix.lower() == ".zip" else _LOOSE


def import_targets(saved: list[Path]) -> list[Path]:
    """What to import: each ZIP on its own; loose files together, as their folder.

    A lone loose file is imported as the file itself, so an unknown file is refused by name.
    """
    archives = [p for p in saved if p.parent.name == _ARCHIVES]
    loose = [p for p in saved if p.parent.name == _LOOSE]
    return archives + (loose if len(loose) <= 1 else [loose[0].parent])


async def _save(item: UploadFile, folder: Path) -> Path:
    folder.mkdir(mode=0o700, exist_ok=True)
    taken = {p.name.lower() for p in folder.iterdir()}
    target = folder / safe_name(item.filename or "export", taken)
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        while chunk := await item.read(CHUNK_BYTES):
            handle.write(chunk)
    await item.close()
    return target


def run_import(gate: StoreGate, paths: list[Path], folder: Path, hints: dict[str, str] | None = None,
               imports: Imports | None = None, timeout_s: float | None = None) -> ImportReport:
    """Import in one transaction, stopped after ``timeout_s``; messages name the user's files,
    never the temporary folder."""
    prefixes = [f"{folder / group}{os.sep}" for group in (_ARCHIVES, _LOOSE)] + [f"{folder}{os.sep}"]
    try:
        with gate.write() as con, (imports or Imports()).watched(con, timeout_s) as budget:
            report = import_paths(con, paths, hints=hints, budget=budget)
            for prefix in prefixes:
                con.execute("UPDATE import_runs SET file_name = replace(file_name, $p, ''), "
                            "warnings = replace(warnings::VARCHAR, $p, '')::JSON "
                            "WHERE starts_with(file_name, $p)", {"p": prefix})
    except ChandelleError as exc:
        exc.params = {k: _scrub(v, prefixes) for k, v in exc.params.items()}
        exc.hint = browser_hint(exc.hint)
        raise
    for summary in report.files:
        summary.file_name = _scrub(summary.file_name, prefixes)
        summary.warnings = [replace(w, where=_scrub(w.where, prefixes),
                                    params={k: _scrub(v, prefixes) for k, v in w.params.items()})
                            for w in summary.warnings]
        summary.skip_examples = {k: _scrub(v, prefixes) for k, v in summary.skip_examples.items()}
    report.ignored = [_scrub(name, prefixes) for name in report.ignored]
    report.media = [_scrub(name, prefixes) for name in report.media]
    report.not_read = [(_scrub(name, prefixes), reason) for name, reason in report.not_read]
    return report


def _scrub(value: Any, prefixes: list[str]) -> Any:
    if not isinstance(value, str):
        return value
    for prefix in prefixes:
        value = value.replace(prefix, "")
    return value


# Hints written for the command line, said the browser's way (no flag, no command).
HANDLE_FIELD_HINT = ("Type the account's name in the field « Account name » and import again, "
                     "or upload the whole export (the ZIP, or all its files together).")
SUPPORTED_HINT = "Upload the files the platform gave you; the import guide lists the exports chandelle reads."


def browser_hint(hint: str | None) -> str | None:
    if hint is None:
        return None
    if "--handle" in hint:
        return HANDLE_FIELD_HINT
    if "chandelle importers" in hint:
        return SUPPORTED_HINT
    return hint
