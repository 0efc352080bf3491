"""Shared fixtures: an in-memory store, the ../shared folder (a failure when absent in CI), and an
in-process CLI runner."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from chandelle import store
from shared_material import absent

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = Path(os.environ.get("CHANDELLE_SHARED", ROOT.parent / "shared"))


@pytest.fixture
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    connection = store.connect(":memory:")
    yield connection
    connection.close()


@pytest.fixture(scope="session")
def shared() -> Path:
    """The project's shared material (../shared); tests that need it skip without it (fail in CI)."""
    if not (SHARED / "samples").is_dir():
        absent(f"shared material not found at {SHARED} (samples and data are read from there)")
    return SHARED


@pytest.fixture(scope="session")
def shared_file(shared: Path) -> Callable[[str], Path]:
    """shared_file("data/x/y.csv"): that file of ../shared; skipped without it (a failure in CI)."""

    def find(relative: str) -> Path:
        path = shared / relative
        if not path.exists():
            absent(f"{relative} not found in {shared}")
        return path

    return find


@dataclass
class CliResult:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
            tmp_path: Path) -> Callable[..., CliResult]:
    """Run `chandelle ARGS...` in process; returns exit code, stdout and stderr separately."""
    from chandelle.cli import main

    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("CHANDELLE_DB", str(tmp_path / "test.duckdb"))

    def run(*args: str) -> CliResult:
        capsys.readouterr()
        try:
            main(list(args))
            code = 0
        except SystemExit as exc:
            code = int(exc.code or 0) if not isinstance(exc.code, str) else 1
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run
