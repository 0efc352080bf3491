"""The contract every importer keeps, checked on every real sample in ../shared/samples:

(a) exactly one importer recognises each file;
(b) it reads the file to the checked-in expected output ``tests/importers/expected/<file>.json``;
(c) importing it twice changes nothing — neither the second import of the same file nor a
    re-load of the same records as if they came from another export.

Each sample is read as part of the import of its platform folder, as a user would import a
folder (an X ``tweets.js`` needs its ``manifest.js``; Mastodon's outbox its ``actor.json``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import duckdb
import pytest
from _expected import assert_expected

from chandelle import store
from chandelle.importers import candidates, detect
from chandelle.importers.source import Source, iter_sources
from chandelle.ingest import guarded_read, import_paths
from chandelle.store.load import load

SHARED = Path(os.environ.get("CHANDELLE_SHARED", Path(__file__).resolve().parents[2].parent / "shared"))
SAMPLES = SHARED / "samples"
# What the store holds, without the bookkeeping of which import run last touched a row.
TABLES = {"accounts": "*", "items": "* EXCLUDE (first_run_id, last_run_id)",
          "metric_snapshots": "* EXCLUDE (run_id)", "follower_snapshots": "* EXCLUDE (run_id)",
          "account_daily_metrics": "* EXCLUDE (run_id)"}


def _sample_paths() -> list[Any]:
    if not SAMPLES.is_dir():
        return [pytest.param(None, marks=pytest.mark.skip(
            reason=f"shared samples not found at {SAMPLES} (they are read from ../shared, never copied)"))]
    paths = sorted(p for p in SAMPLES.rglob("*") if p.is_file() and p.name != "SOURCES.md")
    return [pytest.param(p, id=str(p.relative_to(SAMPLES))) for p in paths]


SAMPLE_PATHS = _sample_paths()


def _source(path: Path) -> Source:
    """The sample as seen when its platform folder is imported."""
    for source in iter_sources([path.parent]):
        if Path(source.name) == path:
            return source
    raise AssertionError(f"{path} not found when reading its folder")


def _snapshot(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[Any, ...]]]:
    return {table: sorted(con.execute(f"SELECT {columns} FROM {table}").fetchall(), key=repr)
            for table, columns in TABLES.items()}


@pytest.mark.shared
@pytest.mark.parametrize("path", SAMPLE_PATHS)
def test_each_sample_is_recognised_by_exactly_one_importer(path: Path) -> None:
    names = [importer.NAME for importer in candidates(_source(path))]
    assert len(names) == 1, f"{path.name} is recognised by {names or 'no importer'}"


@pytest.mark.shared
@pytest.mark.parametrize("path", SAMPLE_PATHS)
def test_each_sample_reads_to_its_checked_in_expected_output(path: Path) -> None:
    source = _source(path)
    importer = detect(source)
    assert importer is not None
    assert_expected(path.name, importer.read(source), paths={source.name: path.name})


@pytest.mark.shared
@pytest.mark.parametrize("path", SAMPLE_PATHS)
def test_importing_a_sample_twice_changes_nothing(path: Path, tmp_path: Path) -> None:
    con = store.connect(tmp_path / "twice.duckdb")
    first = import_paths(con, [path.parent])
    assert any(f.file_name == str(path) for f in first.files) or str(path) in first.ignored
    before = _snapshot(con)
    second = import_paths(con, [path.parent])
    assert all(f.already_imported for f in second.files)
    assert _snapshot(con) == before
    # The same records again, as if from another export file with the same date.
    source = _source(path)
    importer = detect(source)
    assert importer is not None
    con.execute("BEGIN TRANSACTION")
    summary = load(con, guarded_read(importer, source), file_name=source.name, sha256="re-export",
                   importer=importer.NAME, platform=importer.PLATFORM,
                   fallback_exported_at=source.modified_at())
    con.execute("COMMIT")
    assert (summary.added, summary.updated) == (0, 0)
    assert _snapshot(con) == before
    con.close()


def test_no_fixture_of_the_repository_is_claimed_by_two_importers() -> None:
    """The project's own fixtures (every platform's) never make two sniffers say yes."""
    fixtures = Path(__file__).resolve().parents[1] / "fixtures"
    claimed = {source.name: [importer.NAME for importer in candidates(source)]
               for source in iter_sources([fixtures])}
    assert len(claimed) > 40
    assert {name: names for name, names in claimed.items() if len(names) > 1} == {}
