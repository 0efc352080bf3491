"""Meta importers on damaged input: truncated, re-encoded, shuffled and garbage variants.

The outcome is always a clean import or one clear input error (exit 2), and on error the
store is left exactly as it was.
"""

from __future__ import annotations

import random
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chandelle.errors import InputError
from chandelle.ingest import import_paths

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
FILES = sorted(p for area in ("instagram", "facebook", "threads") for p in (FIXTURES / area).rglob("*")
               if p.is_file() and p.suffix in (".json", ".csv"))


def _variant(raw: bytes, kind: str, cut: float, seed: int) -> bytes:
    if kind == "truncated":
        return raw[: int(len(raw) * cut)]
    if kind == "utf16":
        return raw.decode("utf-8").encode("utf-16")
    if kind == "latin1":
        return raw.decode("utf-8").encode("latin-1", errors="replace")
    if kind == "shuffled":
        lines = raw.split(b"\n")
        random.Random(seed).shuffle(lines)
        return b"\n".join(lines)
    noise = random.Random(seed).randbytes(64)
    position = int(len(raw) * cut)
    return raw[:position] + noise + raw[position:]


def _snapshot(con: duckdb.DuckDBPyConnection) -> list[tuple[object, ...]]:
    return con.execute("SELECT platform, item_id, text, format FROM items ORDER BY ALL").fetchall()


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(["truncated", "utf16", "latin1", "shuffled", "garbage"]),
       cut=st.floats(min_value=0.0, max_value=1.0), seed=st.integers(min_value=0, max_value=2**16))
def test_damaged_variants_import_cleanly_or_fail_with_one_clear_error(
        path: Path, kind: str, cut: float, seed: int, tmp_path_factory: pytest.TempPathFactory) -> None:
    from chandelle import store

    con = store.connect(":memory:")
    try:
        import_paths(con, [FIXTURES / "instagram" / "publications_instagram_fr.csv"])
        before = _snapshot(con)
        target = tmp_path_factory.mktemp("variant") / path.name
        target.write_bytes(_variant(path.read_bytes(), kind, cut, seed))
        try:
            import_paths(con, [target])
        except InputError as error:
            assert target.name in str(error)
            assert _snapshot(con) == before
    finally:
        con.close()
