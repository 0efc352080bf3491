"""TikTok, YouTube, Twitch and LinkedIn importers on damaged input: truncated, re-encoded,
shuffled and garbage variants of their fixtures.

The outcome is always a clean import or one clear input error (exit 2) naming the file, and on
error the store is left exactly as it was.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from _video_store import FIXTURES, dump
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chandelle.errors import InputError
from chandelle.ingest import import_paths

FILES = sorted(p for area in ("tiktok", "youtube", "twitch", "linkedin") for p in (FIXTURES / area).iterdir()
               if p.suffix in (".json", ".csv", ".xls", ".xlsx"))
TEXT_ONLY = ("utf16", "latin1")


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


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(["truncated", "utf16", "latin1", "shuffled", "garbage"]),
       cut=st.floats(min_value=0.0, max_value=1.0), seed=st.integers(min_value=0, max_value=2**16))
def test_damaged_variants_import_cleanly_or_fail_with_one_clear_error(
        path: Path, kind: str, cut: float, seed: int, tmp_path_factory: pytest.TempPathFactory) -> None:
    from chandelle import store

    if kind in TEXT_ONLY and path.suffix in (".xls", ".xlsx"):
        kind = "truncated"
    con = store.connect(":memory:")
    try:
        import_paths(con, [FIXTURES / "youtube" / "Totals.csv"], hints={"handle": "musee"})
        before = dump(con)
        target = tmp_path_factory.mktemp("variant") / path.name
        target.write_bytes(_variant(path.read_bytes(), kind, cut, seed))
        try:
            import_paths(con, [target], hints={"handle": "musee"})
        except InputError as error:
            assert target.name in str(error)
            assert error.render("fr") and error.render("en")
            assert dump(con) == before
    finally:
        con.close()
