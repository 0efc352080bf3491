"""What the large-file fast paths share: a private DuckDB, never the store, used as a parser.

A fast path (``_x_fast``, ``_instagram_fast``) parses a large export with DuckDB's own JSON
reader into its private database in a temporary folder, maps it to items in SQL, then streams
it out here: a batch SQL finished completely becomes one columnar ``ItemBatch``; a batch with a
row SQL could not finish goes row by row through the streaming reader's own functions, so both
paths give the same records.

The parser works in a private folder of the system's temporary directory, named
``chandelle-fastpath-<pid>-…``. A process killed mid-import cannot remove it; the next
fast path (and the next ``chandelle import``) removes the folders of this user whose
process is gone. Nothing else in the temporary directory is touched.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pyarrow as pa

from chandelle.importers.base import ItemBatch, Record

MIN_BYTES = 16 * 1024 * 1024   # below this, streaming is as fast and starts at once
BATCH_ROWS = 50_000
MEMORY_LIMIT = "512MB"         # the private parser's, while read_json runs
STREAM_MEMORY_LIMIT = "128MB"  # once parsed, streaming the result out needs little
SCRATCH_PREFIX = "chandelle-fastpath-"
_SCRATCH_NAME = re.compile(r"^chandelle-fastpath-(\d+)-")
# Folders named by versions before the pid was part of the name: removed once idle this long.
_LEGACY_NAME = re.compile(r"^chandelle-(?:x|instagram)-[a-z0-9_]+$")
_LEGACY_IDLE_S = 3600.0


class FastPathUnavailable(Exception):
    """The file is not one the fast path reproduces exactly: stream it instead."""


@contextlib.contextmanager
def scratch_folder() -> Iterator[Path]:
    """A private temporary folder for one parse, removed afterwards (stale ones first)."""
    sweep_stale_scratch()
    folder = Path(tempfile.mkdtemp(prefix=f"{SCRATCH_PREFIX}{os.getpid()}-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def sweep_stale_scratch(root: Path | None = None) -> list[Path]:
    """Remove the scratch folders a killed import left behind; returns what was removed.

    Only folders (never links) owned by this user, named by this module, whose process is
    gone (or, for older names, idle for an hour) are removed.
    """
    removed: list[Path] = []
    base = root or Path(tempfile.gettempdir())
    try:
        entries = list(base.iterdir())
    except OSError:
        return removed
    for entry in entries:
        if _is_stale(entry):
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
    return removed


def _is_stale(entry: Path) -> bool:
    ours = _SCRATCH_NAME.match(entry.name)
    legacy = _LEGACY_NAME.match(entry.name)
    if not ours and not legacy:
        return False
    try:
        info = entry.lstat()
    except OSError:
        return False
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
        return False
    if ours:
        return not _process_alive(int(ours.group(1)))
    return time.time() - info.st_mtime > _LEGACY_IDLE_S


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def stream_batches(
    con: duckdb.DuckDBPyConnection,
    query: str,
    is_clean: Callable[[pa.Table], bool],
    columnar: Callable[[pa.Table], ItemBatch],
    row_by_row: Callable[[pa.Table, int], Iterator[Record]],
) -> Iterator[Record]:
    """Stream ``query``'s rows: clean batches as one ItemBatch, the others row by row.

    ``row_by_row`` receives the batch and the number of rows before it (for "#position" places).
    """
    position = 0
    for batch in con.sql(query).to_arrow_reader(BATCH_ROWS):
        table = pa.Table.from_batches([batch])
        if not table.num_rows:
            continue
        if is_clean(table):
            yield columnar(table)
        else:
            yield from row_by_row(table, position)
        position += table.num_rows
