"""Access to the DuckDB store from the web app, without ever holding it longer than a request.

DuckDB allows one writer per file, and a process that has the file open read-only also
keeps other processes from writing. So pages open the store read-only for the time of
one request, and an import or a profile write opens it read-write for its own duration
only. Inside this process a readers-writer gate keeps the two from overlapping: pages
asked for while a write runs get ``StoreBusyError`` (HTTP 503, "busy" page) at once,
and a write waits for the pages being rendered. A store held by another process (a
`chandelle import` in a terminal) gives the same busy page.

An import from the web has a time limit (``watched_import``): past it, the import is stopped
between two records and any running DuckDB query is interrupted, the transaction rolls back
and the store is free again. A server that shuts down (Ctrl+C, SIGTERM) stops the imports
still running the same way and deletes the upload folders (``shutdown``).
"""

from __future__ import annotations

import contextlib
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from chandelle import store
from chandelle.errors import ImportStoppedError, StoreBusyError
from chandelle.ingest import ImportBudget

WRITE_WAIT_S = 30.0


def _busy(db: Path) -> StoreBusyError:
    return StoreBusyError(
        "The store {db} is busy: an import or another chandelle command is writing to it.",
        hint="Wait a moment and reload the page.", db=db.name,
    )


class StoreGate:
    """Opens the store for reading (many at once) or writing (alone), per request."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self._cond = threading.Condition()
        self._readers = 0
        self._writing = False

    @contextmanager
    def read(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with self._cond:
            if self._writing:
                raise _busy(self.db)
            self._readers += 1
        try:
            if not self.db.exists():   # never an empty stand-in: the page says which file is missing
                raise store.missing_store(self.db.name)
            con = self._connect(read_only=True)
            try:
                yield con
            finally:
                con.close()
        finally:
            with self._cond:
                self._readers -= 1
                self._cond.notify_all()

    @contextmanager
    def write(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with self._cond:
            if self._writing or not self._cond.wait_for(lambda: self._readers == 0, WRITE_WAIT_S):
                raise _busy(self.db)
            self._writing = True
        try:
            con = self._connect(read_only=False)
            try:
                yield con
            finally:
                con.close()
        finally:
            with self._cond:
                self._writing = False
                self._cond.notify_all()

    def _connect(self, *, read_only: bool) -> duckdb.DuckDBPyConnection:
        try:
            return store.connect(self.db, read_only=read_only)
        except StoreBusyError as exc:
            raise _busy(self.db) from exc

    def prepare(self) -> None:
        """Create or migrate the store once at start-up (brief write)."""
        with self.write():
            pass


class Imports:
    """The imports running in this server and their upload folders, for time limits and shutdown."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running: dict[int, tuple[ImportBudget, duckdb.DuckDBPyConnection]] = {}
        self._folders: set[Path] = set()

    def add_folder(self, folder: Path) -> None:
        with self._lock:
            self._folders.add(folder)

    def remove_folder(self, folder: Path) -> None:
        shutil.rmtree(folder, ignore_errors=True)
        with self._lock:
            self._folders.discard(folder)

    @contextmanager
    def watched(self, con: duckdb.DuckDBPyConnection, seconds: float | None) -> Iterator[ImportBudget]:
        """A budget for one import on ``con``; when it runs out, the running query is interrupted."""
        budget = ImportBudget(seconds)
        timer = None if seconds is None else threading.Timer(seconds, _stop, (budget, con, "time"))
        with self._lock:
            self._running[id(budget)] = (budget, con)
        if timer is not None:
            timer.daemon = True
            timer.start()
        try:
            yield budget
        except Exception as exc:
            if budget.exhausted and not isinstance(exc, ImportStoppedError):
                raise budget.error() from exc          # an interrupted query, a cut-off read
            raise
        finally:
            if timer is not None:
                timer.cancel()
            with self._lock:
                self._running.pop(id(budget), None)

    def shutdown(self) -> None:
        """Stop every running import and delete every upload folder (the server is stopping)."""
        with self._lock:
            running = list(self._running.values())
            folders = list(self._folders)
        for budget, con in running:
            _stop(budget, con, "shutdown")
        for folder in folders:
            self.remove_folder(folder)


def _stop(budget: ImportBudget, con: duckdb.DuckDBPyConnection, reason: str) -> None:
    budget.stop(reason)
    with contextlib.suppress(duckdb.Error):      # closed already: the import has finished
        con.interrupt()
