"""Damaged input never breaks chandelle: property-based tests over every importer's fixtures.

Every fixture (tests/fixtures/**) and every shared sample is fed truncated, re-encoded
(Latin-1, UTF-16), byte-flipped, line-shuffled and garbage variants. The outcome is always a
clean import or an ``InputError`` (the exit-2 error, whose message renders in French and
English) — never another exception — and after an error the store holds exactly what it
held before. Unsafe ZIPs (absolute or '..' paths, a zip bomb) are refused before anything
is written.
"""

from __future__ import annotations

import os
import random
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chandelle import store
from chandelle.errors import InputError, UnsafeArchiveError
from chandelle.ingest import import_paths

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("CHANDELLE_SHARED", ROOT.parent / "shared"))
TABLES = ("accounts", "items", "metric_snapshots", "follower_snapshots", "account_daily_metrics",
          "import_runs")
HINTS = {"handle": "musee"}  # what a user passes for exports that do not name the account


def _inputs() -> list[Path]:
    fixtures = [p for p in (ROOT / "tests" / "fixtures").rglob("*") if p.is_file() and p.suffix != ".py"]
    samples = [p for p in (SHARED / "samples").rglob("*") if p.is_file() and p.name != "SOURCES.md"] \
        if (SHARED / "samples").is_dir() else []
    return sorted(fixtures) + sorted(samples)


INPUTS = _inputs()
PROPERTY_SETTINGS = settings(max_examples=30, deadline=None, derandomize=True, database=None,
                             suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    counts = {}
    for table in TABLES:
        row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
        counts[table] = int(row[0]) if row else 0
    return counts


class _Store:
    """One file-backed store per test, reused across examples (an error must leave it as it was)."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="chandelle-prop-"))
        self.con = store.connect(self.folder / "store.duckdb")
        self.runs = 0

    def check(self, name: str, data: bytes) -> None:
        """Import ``data`` as a file called ``name``: a clean import or an InputError, nothing else."""
        self.runs += 1
        target = self.folder / f"v{self.runs}" / name
        target.parent.mkdir(parents=True)
        target.write_bytes(data)
        before = _counts(self.con)
        try:
            import_paths(self.con, [target], hints=HINTS)
        except InputError as error:
            assert error.exit_code == 2
            assert error.render("fr") and error.render("en")  # the message's placeholders are all filled
            assert name in error.render("fr"), f"the error does not name the file: {error.render('fr')}"
            assert _counts(self.con) == before, f"{name}: the store changed although the import failed"

    def close(self) -> None:
        self.con.close()


@pytest.fixture(scope="module")
def prop_store() -> Iterator[_Store]:
    holder = _Store()
    yield holder
    holder.close()


# ---------------------------------------------------------------- variants


def _reencode(data: bytes, encoding: str) -> bytes:
    text = data.decode("utf-8", errors="replace")
    return text.encode(encoding, errors="replace")


def _shuffle_lines(data: bytes, seed: int) -> bytes:
    lines = data.splitlines(keepends=True)
    random.Random(seed).shuffle(lines)
    return b"".join(lines)


def _flip_bytes(data: bytes, changes: list[tuple[int, int]]) -> bytes:
    if not data:
        return data
    mutable = bytearray(data)
    for position, value in changes:
        mutable[position % len(mutable)] = value
    return bytes(mutable)


inputs = st.sampled_from(INPUTS)


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.name)
def test_every_input_cut_in_half_or_reencoded_in_utf16_is_handled(prop_store: _Store, path: Path) -> None:
    data = path.read_bytes()
    prop_store.check(path.name, data[: len(data) // 2])
    prop_store.check(path.name, _reencode(data, "utf-16"))


def _garbage_inside(data: bytes, cut: float, seed: int) -> bytes:
    position = int(len(data) * cut)
    return data[:position] + random.Random(seed).randbytes(64) + data[position:]


def _variant(data: bytes, kind: str, cut: float, seed: int) -> bytes:
    if kind == "truncated":
        return data[: int(len(data) * cut)]
    if kind in ("utf-16", "latin-1"):
        return _reencode(data, kind)
    if kind == "shuffled":
        return _shuffle_lines(data, seed)
    return _garbage_inside(data, cut, seed)


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.name)
@settings(max_examples=5, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(["truncated", "utf-16", "latin-1", "shuffled", "garbage"]),
       cut=st.floats(min_value=0, max_value=1), seed=st.integers(min_value=0, max_value=2**16))
def test_each_input_damaged_every_way(prop_store: _Store, path: Path, kind: str, cut: float,
                                      seed: int) -> None:
    prop_store.check(path.name, _variant(path.read_bytes(), kind, cut, seed))


@PROPERTY_SETTINGS
@given(path=inputs, cut=st.floats(min_value=0, max_value=1))
def test_truncated_inputs(prop_store: _Store, path: Path, cut: float) -> None:
    data = path.read_bytes()
    prop_store.check(path.name, data[: int(len(data) * cut)])


@PROPERTY_SETTINGS
@given(path=inputs, encoding=st.sampled_from(["latin-1", "utf-16", "utf-16-le", "cp1252"]))
def test_reencoded_inputs(prop_store: _Store, path: Path, encoding: str) -> None:
    prop_store.check(path.name, _reencode(path.read_bytes(), encoding))


@PROPERTY_SETTINGS
@given(path=inputs, changes=st.lists(st.tuples(st.integers(min_value=0), st.integers(0, 255)),
                                     min_size=1, max_size=12))
def test_byte_flipped_inputs(prop_store: _Store, path: Path, changes: list[tuple[int, int]]) -> None:
    prop_store.check(path.name, _flip_bytes(path.read_bytes(), changes))


@PROPERTY_SETTINGS
@given(path=inputs, seed=st.integers(min_value=0, max_value=2**32))
def test_line_shuffled_inputs(prop_store: _Store, path: Path, seed: int) -> None:
    prop_store.check(path.name, _shuffle_lines(path.read_bytes(), seed))


@PROPERTY_SETTINGS
@given(path=inputs, garbage=st.binary(max_size=400), where=st.floats(min_value=0, max_value=1),
       alone=st.booleans())
def test_garbage_inputs(prop_store: _Store, path: Path, garbage: bytes, where: float, alone: bool) -> None:
    data = path.read_bytes()
    position = int(len(data) * where)
    prop_store.check(path.name, garbage if alone else data[:position] + garbage + data[position:])


# ---------------------------------------------------------------- unsafe archives


def _zip(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), data,
                             compress_type=zipfile.ZIP_DEFLATED)
    return path


GOOD_CSV = b"compte;date;texte\nmusee;01/02/2026 10:00;Bonjour\n"


@pytest.mark.parametrize("entry", ["../evil.csv", "/tmp/evil.csv", "data/../../evil.csv", "C:/evil.csv"])
def test_zip_entries_pointing_outside_are_refused_and_nothing_is_written(tmp_path: Path, entry: str) -> None:
    archive = _zip(tmp_path / "export.zip", {"publications.csv": GOOD_CSV, entry: GOOD_CSV})
    con = store.connect(tmp_path / "store.duckdb")
    before = _counts(con)
    with pytest.raises(UnsafeArchiveError) as error:
        import_paths(con, [archive])
    assert "export.zip" in error.value.render("fr")
    assert _counts(con) == before
    assert not (tmp_path.parent / "evil.csv").exists() and not (tmp_path / "evil.csv").exists()
    con.close()


def test_a_zip_bomb_is_refused_before_it_is_decompressed(tmp_path: Path) -> None:
    archive = _zip(tmp_path / "bomb.zip", {"publications.csv": GOOD_CSV, "big.csv": bytes(64 * 1024 * 1024)})
    assert archive.stat().st_size < 1024 * 1024
    con = store.connect(tmp_path / "store.duckdb")
    before = _counts(con)
    with pytest.raises(UnsafeArchiveError):
        import_paths(con, [archive])
    assert _counts(con) == before
    con.close()


def test_a_safe_zip_with_the_same_content_is_imported(tmp_path: Path) -> None:
    archive = _zip(tmp_path / "export.zip", {"publications.csv": GOOD_CSV})
    con = store.connect(tmp_path / "store.duckdb")
    report = import_paths(con, [archive])
    assert report.added == 1
    con.close()
