"""The import pipeline: paths -> sources -> importer -> store, as one transaction.

Either every file of the command is imported, or the store is left exactly as it was.
"""

from __future__ import annotations

import json
import threading
import time
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from chandelle.errors import ChandelleError, ImportStoppedError, MalformedFileError, UnknownFormatError
from chandelle.importers import IMPORTERS, detect
from chandelle.importers._fastpath import sweep_stale_scratch
from chandelle.importers.base import UNNAMED_ACCOUNT, Importer, Record
from chandelle.importers.source import Source, is_media, iter_sources
from chandelle.store.load import LoadSummary, already_imported, load
from chandelle.store.rollup import refresh as refresh_rollup


@dataclass
class ImportReport:
    """What one `chandelle import` did: a summary per file, and what was passed over."""

    files: list[LoadSummary] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)   # every file passed over: media and data
    media: list[str] = field(default_factory=list)     # photos and videos of the export (never read)
    not_read: list[tuple[str, str]] = field(default_factory=list)  # (data file, reason msgid)
    earlier_runs: list[tuple[str, str]] = field(default_factory=list)  # (sha256, importer) already imported
    institution: str | None = None   # the institution the accounts were assigned to (--institution)

    @property
    def added(self) -> int:
        return sum(f.added for f in self.files)

    @property
    def updated(self) -> int:
        return sum(f.updated for f in self.files)

    @property
    def unchanged(self) -> int:
        return sum(f.unchanged for f in self.files)

    def unnamed_accounts(self) -> list[tuple[str, str]]:
        """(platform, placeholder handle) of accounts whose export did not name them."""
        found = {(f.platform, w.params.get("handle", f.platform)) for f in self.files for w in f.warnings
                 if w.code == UNNAMED_ACCOUNT}
        return sorted(found)

    def skips(self) -> dict[str, int]:
        total: dict[str, int] = {}
        for summary in self.files:
            for reason, count in summary.skips.items():
                total[reason] = total.get(reason, 0) + count
        return total


ProgressCallback = Callable[[str, int, int], None]
NOT_AN_EXPORT = "not a file chandelle reads (other data of the export)"
# Files importers open only to learn the account's name (Meta's profile, which also holds
# e-mails and birthdays that are never kept).
PROFILE_ONLY = {
    "personal_information.json": "read only for the account's name (its personal data is not kept)",
}


class ImportBudget:
    """A wall-clock limit and a stop switch for one import, checked before every record.

    ``stop()`` may be called from another thread (a watchdog, a server shutting down); the
    import then raises ``ImportStoppedError`` at its next record and rolls back.
    """

    def __init__(self, seconds: float | None = None) -> None:
        self.seconds = seconds
        self.deadline = None if seconds is None else time.monotonic() + seconds
        self._stopped = threading.Event()
        self.reason = "time"

    def stop(self, reason: str = "time") -> None:
        self.reason = reason
        self._stopped.set()

    @property
    def exhausted(self) -> bool:
        return self._stopped.is_set() or (self.deadline is not None and time.monotonic() > self.deadline)

    def check(self) -> None:
        if self.exhausted:
            raise self.error()

    def error(self) -> ImportStoppedError:
        if self.reason == "shutdown":
            return ImportStoppedError(
                "The server is shutting down: the import was stopped and nothing was imported.",
                hint="Start chandelle again and import the files once more.",
            )
        return ImportStoppedError(
            "The import took more than {seconds} s and was stopped; nothing was imported.",
            hint="Import fewer files at once, or use 'chandelle import' in a terminal (no time limit).",
            seconds=round(self.seconds or 0),
        )


def import_paths(
    con: duckdb.DuckDBPyConnection,
    paths: Sequence[str | Path],
    *,
    hints: dict[str, str] | None = None,
    progress: ProgressCallback | None = None,
    institution: str | None = None,
    budget: ImportBudget | None = None,
) -> ImportReport:
    """Import every export found under ``paths``; all or nothing.

    ``institution``: assign every account the import touched (files already imported included)
    to this institution, created if new, in the same transaction (chandelle.observatory).
    ``budget``: a time limit / stop switch, checked between records (the web app's).
    """
    sweep_stale_scratch()       # what a killed fast-path import left in the temporary folder
    sources = list(iter_sources(paths, hints))
    explicit = {str(p) for p in paths if Path(p).is_file() and not _is_zip(Path(p))}
    report = ImportReport()
    con.execute("BEGIN TRANSACTION")
    try:
        for position, source in enumerate(sources, start=1):
            if progress:
                progress(source.name, position, len(sources))
            if budget is not None:
                budget.check()
            _import_one(con, source, source.name in explicit, report, budget)
        if not report.files:
            seen = [name for name, _reason in report.not_read] or [str(p) for p in paths]
            raise UnknownFormatError(
                "{file}: no export that chandelle reads was found here.",
                hint="Run 'chandelle importers' to see which exports are supported.",
                file=_names(seen),
            )
        refuse_empty(report)
        if institution is not None:
            _assign(con, institution, report)
        refresh_rollup(con, {account for summary in report.files for account in summary.accounts})
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return report


def _assign(con: duckdb.DuckDBPyConnection, institution: str, report: ImportReport) -> None:
    from chandelle.store.institutions import accounts_of_runs, assign_accounts

    touched = {a for f in report.files for a in f.accounts} | accounts_of_runs(con, report.earlier_runs)
    report.institution = assign_accounts(con, institution, touched).name


def _is_zip(path: Path) -> bool:
    return zipfile.is_zipfile(path)


def _import_one(con: duckdb.DuckDBPyConnection, source: Source, explicit: bool,
                report: ImportReport, budget: ImportBudget | None = None) -> None:
    importer = None if is_media(source) and not explicit else detect(source)
    if importer is None:
        if explicit:
            raise UnknownFormatError(
                "{file}: chandelle does not recognise this file.",
                hint="Run 'chandelle importers' to see which exports are supported.",
                file=source.name,
            )
        report.ignored.append(source.name)
        if is_media(source):
            report.media.append(source.name)
        else:
            report.not_read.append((source.name, PROFILE_ONLY.get(source.basename, NOT_AN_EXPORT)))
        return
    sha256 = source.sha256()
    if already_imported(con, sha256, importer.NAME):
        report.earlier_runs.append((sha256, importer.NAME))
        report.files.append(LoadSummary(file_name=source.name, importer=importer.NAME,
                                        platform=importer.PLATFORM, already_imported=True))
        return
    records = guarded_read(importer, source)
    if budget is not None:
        records = _within(budget, records)
    summary = load(con, records, file_name=source.name, sha256=sha256,
                   importer=importer.NAME, platform=importer.PLATFORM,
                   fallback_exported_at=source.modified_at(),
                   metrics_only=metrics_only(importer, source))
    report.files.append(summary)


def _names(names: Sequence[str], limit: int = 5) -> str:
    shown = ", ".join(names[:limit])
    return f"{shown}, … (+{len(names) - limit})" if len(names) > limit else shown


def refuse_empty(report: ImportReport) -> None:
    """An import whose recognised files gave no record at all is refused, not stored empty.

    An empty account would be called a ghost by the audit. Files already imported do not
    count (re-importing stays a no-op).
    """
    fresh = [f for f in report.files if not f.already_imported]
    if not fresh or any(f.added or f.updated or f.unchanged or f.followers or f.daily_metrics
                        for f in fresh):
        return
    raise MalformedFileError(
        "{file}: no record could be read from this export; nothing was imported.",
        hint="Check that it is the platform's export itself, complete and unedited (for an X "
             "archive, tweets.js with manifest.js), then import it again.",
        file=_names([f.file_name for f in fresh]),
    )


def metrics_only(importer: Importer, source: Source) -> bool:
    """Whether the importer says this source only adds metrics (optional ``metrics_only``)."""
    decide = getattr(importer, "metrics_only", None)
    return bool(decide(source)) if callable(decide) else False


# What reading damaged data raises (values, shapes, encodings, truncation, absurd numbers or
# nesting). Programming errors (TypeError, AttributeError, NameError...) are NOT in this list:
# they are bugs, reported as such (chandelle.cli), never blamed on the user's file.
DATA_ERRORS: tuple[type[BaseException], ...] = (
    ValueError, KeyError, IndexError, UnicodeError, json.JSONDecodeError, OSError, EOFError,
    RecursionError, OverflowError, zipfile.BadZipFile, zlib.error,
)


def _within(budget: ImportBudget, records: Iterator[Record]) -> Iterator[Record]:
    for record in records:
        budget.check()
        yield record


def guarded_read(importer: Importer, source: Source) -> Iterator[Record]:
    """Run an importer, turning damaged data into an error that names the file."""
    try:
        yield from importer.read(source)
    except ChandelleError:
        raise
    except DATA_ERRORS as exc:
        raise MalformedFileError(
            "{file}: this {label} file is damaged or incomplete ({detail}); nothing was imported.",
            hint="Download the export again from the platform, without editing it.",
            file=source.name, label=importer.PLATFORM, detail=f"{type(exc).__name__}: {exc}"[:200],
        ) from exc


__all__ = ["IMPORTERS", "ImportReport", "import_paths"]
