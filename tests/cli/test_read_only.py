"""Commands that only read the store refuse a store that does not exist: one line, exit 2, nothing created."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

READ_ONLY = (
    ("audit",), ("audit", "--json"), ("accounts",), ("plan",), ("report", "-o", "r.html"),
    ("calendar", "-o", "c.ics"), ("export", "-o", "e.csv"), ("institutions",), ("observatory",),
)


@pytest.mark.parametrize("command", READ_ONLY, ids=lambda c: " ".join(c))
def test_a_missing_store_is_named_and_not_created(run_cli: Callable[..., Any], tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  command: tuple[str, ...]) -> None:
    monkeypatch.chdir(tmp_path)
    typo = tmp_path / "typo.duckbd"
    result = run_cli(*command, "--db", str(typo))
    assert result.exit_code == 2, result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(typo) in lines[0] and "n'existe pas" in lines[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == []          # no store, no output file


@pytest.mark.parametrize(
    ("command", "named"),
    [
        (("calendar", "-o", "c.ics", "--start", "9999-12-01"), "9999-12-01"),
        (("calendar", "-o", "c.ics", "--weeks", "0"), "weeks"),
        (("audit", "--as-of", "1870-01-01"), "1870-01-01"),
        (("export", "-o", "e.csv", "--as-of", "31/12/2026"), "31/12/2026"),
    ],
)
def test_bad_days_are_one_line_and_exit_2(run_cli: Callable[..., Any], tmp_path: Path,
                                          command: tuple[str, ...], named: str) -> None:
    from chandelle import store

    db = tmp_path / "store.duckdb"
    store.connect(db).close()
    result = run_cli(*command, "--db", str(db))
    assert result.exit_code == 2
    assert named in result.stderr and "Traceback" not in result.stderr
