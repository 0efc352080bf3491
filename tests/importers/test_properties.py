"""Damaged input never breaks chandelle: property-based tests over every importer's fixtures.

Every fixture (tests/fixtures/**) and every shared sample is fed truncated, re-encoded
(Latin-1, UTF-16), byte-flipped, record-shuffled and garbage variants. The outcome is always a
clean import or an ``InputError`` (the exit-2 error, whose message renders in French and
English) — never another exception — and after an error the store holds exactly what it
held before. Unsafe ZIPs (absolute or '..' paths, a zip bomb) are refused before anything
is written.

Damage that keeps a file's head (its header record, or its first half) must still reach the
importer's parser — the sniffer recognises the file, so the outcome is the parser's — and a
successful import is checked for content: records in another order give exactly the same
items, and a file cut after a record gives a subset of them.
"""

from __future__ import annotations

import csv
import io
import os
import random
import tempfile
import zipfile
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chandelle import store
from chandelle.errors import InputError, UnknownFormatError, UnsafeArchiveError
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


def _records(data: bytes) -> list[bytes]:
    """The file cut into CSV records (a quoted field may span lines), each with its line ending.

    Latin-1 maps every byte to one character, so the bytes come back unchanged whatever the
    file's real encoding (the quote, separators and line ends are ASCII).
    """
    text = data.decode("latin-1")
    lines = io.StringIO(text, newline="").readlines()
    delimiter = max(",;\t", key=lines[0].count) if lines else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records, start = [], 0
    try:
        for _row in reader:
            records.append("".join(lines[start:reader.line_num]).encode("latin-1"))
            start = reader.line_num
    except csv.Error:                       # an unterminated quote: the rest is one record
        pass
    if start < len(lines):
        records.append("".join(lines[start:]).encode("latin-1"))
    return records


def _shuffle_records(data: bytes, seed: int) -> bytes:
    """The header record first, the other records in another order."""
    records = _records(data)
    body = records[1:]
    random.Random(seed).shuffle(body)
    if body and not body[-1].endswith((b"\n", b"\r")):     # the last record had no line end
        body = [r if r.endswith((b"\n", b"\r")) else r + b"\n" for r in body]
    return b"".join(records[:1] + body)


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
        return _shuffle_records(data, seed)
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
def test_record_shuffled_inputs(prop_store: _Store, path: Path, seed: int) -> None:
    prop_store.check(path.name, _shuffle_records(path.read_bytes(), seed))


@PROPERTY_SETTINGS
@given(path=inputs, garbage=st.binary(max_size=400), where=st.floats(min_value=0, max_value=1),
       alone=st.booleans())
def test_garbage_inputs(prop_store: _Store, path: Path, garbage: bytes, where: float, alone: bool) -> None:
    data = path.read_bytes()
    position = int(len(data) * where)
    prop_store.check(path.name, garbage if alone else data[:position] + garbage + data[position:])


# ---------------------------------------------------------------- the parser is reached, content checked


def _content(con: duckdb.DuckDBPyConnection) -> set[tuple[object, ...]]:
    return set(con.execute("""
        SELECT a.platform, a.handle, i.item_id, i.published_at, i.format, i.kind, coalesce(i.text, '')
        FROM items i JOIN accounts a USING (account_id)
    """).fetchall())


def _outcome(folder: Path, name: str, data: bytes) -> tuple[str, set[tuple[object, ...]]]:
    """Import ``data`` as ``name`` into a fresh store: ('ok', items) or (the error's class, empty)."""
    target = folder / f"{len(list(folder.iterdir()))}" / name
    target.parent.mkdir(parents=True)
    target.write_bytes(data)
    con = store.connect(":memory:")
    try:
        import_paths(con, [target], hints=HINTS)
        return "ok", _content(con)
    except InputError as error:
        return type(error).__name__, set()
    finally:
        con.close()


@cache
def _pristine(path: Path) -> tuple[str, frozenset[tuple[object, ...]]]:
    status, items = _outcome(Path(tempfile.mkdtemp(prefix="chandelle-prop-")), path.name, path.read_bytes())
    return status, frozenset(items)


def _importing(paths: list[Path]) -> list[Path]:
    """The text fixtures that import at least one item as they are."""
    return [p for p in paths
            if p.suffix in (".csv", ".json", ".js") and _pristine(p)[0] == "ok" and _pristine(p)[1]]


FIXTURES = sorted(p for p in (ROOT / "tests" / "fixtures").rglob("*") if p.is_file() and p.suffix != ".py")
IMPORTING = _importing(FIXTURES)
CSV_IMPORTING = [p for p in IMPORTING if p.suffix == ".csv"]
FEW = settings(max_examples=3, deadline=None, derandomize=True, database=None,
               suppress_health_check=[HealthCheck.too_slow])


def test_the_content_properties_cover_every_text_importer() -> None:
    platforms = {p.relative_to(ROOT / "tests" / "fixtures").parts[0] for p in IMPORTING}
    assert len(IMPORTING) >= 30 and len(CSV_IMPORTING) >= 15
    assert {"x", "instagram", "facebook", "tiktok", "youtube", "twitch", "mastodon", "bluesky",
            "threads", "generic"} <= platforms


@pytest.mark.parametrize("path", CSV_IMPORTING, ids=lambda p: p.name)
@FEW
@given(seed=st.integers(min_value=0, max_value=2**16))
def test_records_in_another_order_give_the_same_items(tmp_path_factory: pytest.TempPathFactory, path: Path,
                                                     seed: int) -> None:
    shuffled = _shuffle_records(path.read_bytes(), seed)
    status, items = _outcome(tmp_path_factory.mktemp("order"), path.name, shuffled)
    assert (status, items) == ("ok", _pristine(path)[1])


@pytest.mark.parametrize("path", CSV_IMPORTING, ids=lambda p: p.name)
def test_a_file_cut_after_a_record_gives_a_subset_of_its_items(tmp_path: Path, path: Path) -> None:
    """Fewer records: the items of those records, or the parser's refusal (e.g. dates that were
    day-first only by the rows now cut), never another file type nor other items."""
    records = _records(path.read_bytes())
    everything = _pristine(path)[1]
    for kept in range(2, len(records)):
        status, items = _outcome(tmp_path, path.name, b"".join(records[:kept]))
        assert status != UnknownFormatError.__name__, f"{path.name} cut after record {kept - 1}"
        assert items <= everything, f"{path.name} cut after record {kept - 1}: items not in the whole file"


@pytest.mark.parametrize("path", IMPORTING, ids=lambda p: p.name)
@FEW
@given(cut=st.floats(min_value=0.5, max_value=0.999), garbage=st.binary(min_size=1, max_size=64),
       truncate=st.booleans())
def test_damage_past_the_head_reaches_the_parser(tmp_path_factory: pytest.TempPathFactory, path: Path,
                                                 cut: float, garbage: bytes, truncate: bool) -> None:
    data = path.read_bytes()
    position = max(len(_records(data)[0]) if path.suffix == ".csv" else 0, int(len(data) * cut))
    damaged = data[:position] if truncate else data[:position] + garbage + data[position:]
    status, _items = _outcome(tmp_path_factory.mktemp("damage"), path.name, damaged)
    assert status != UnknownFormatError.__name__, "the sniffer refused a file whose head is intact"


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
