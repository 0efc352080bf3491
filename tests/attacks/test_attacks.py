"""Every hostile input, imported by a real `chandelle import` child process (issue 12).

For each case: exit 2 (with exactly one line on stderr naming the file) or a clean import (exit 0);
never a traceback; a refused import leaves the store exactly as it was; at most 30 s and 300 MB
of peak resident memory for the child (measured by the kernel, ``wait4``); nothing an export wrote
reaches the terminal as a control character, now or in the ``accounts`` / ``audit`` runs after it.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import duckdb
import pytest
from hostile import EITHER, FIXTURES, REFUSED, Case, all_cases

MAX_SECONDS = 30.0
MAX_RSS_MB = 300
# A terminal acts on these: C0 controls except tab/newline, DEL, C1.
TERMINAL_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
SERVER = Path(__file__).with_name("_forkserver.py")


@dataclass
class Run:
    code: int
    maxrss_mb: float
    seconds: float
    killed: bool
    out: str
    err: str


class ForkServer:
    """A warm interpreter that forks one child per command (see _forkserver.py)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.process = subprocess.Popen([sys.executable, str(SERVER)], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True, cwd=folder)
        assert json.loads(self._readline()) == {"ready": True}
        self.count = 0

    def _readline(self) -> str:
        stdout: IO[str] | None = self.process.stdout
        assert stdout is not None
        return stdout.readline()

    def run(self, *args: str | Path, timeout: float = MAX_SECONDS + 5) -> Run:
        self.count += 1
        out, err = self.folder / f"{self.count}.out", self.folder / f"{self.count}.err"
        request = {"args": [str(a) for a in args], "out": str(out), "err": str(err), "timeout": timeout,
                   "env": {"CHANDELLE_LANG": "fr", "COLUMNS": "120", "CHANDELLE_DEBUG": "0"}}
        stdin = self.process.stdin
        assert stdin is not None
        stdin.write(json.dumps(request) + "\n")
        stdin.flush()
        answer = json.loads(self._readline())
        return Run(answer["code"], answer["maxrss_kb"] / 1024, answer["seconds"], answer["killed"],
                   out.read_text(encoding="utf-8", errors="replace"),
                   err.read_text(encoding="utf-8", errors="replace"))

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        self.process.wait(timeout=30)


@pytest.fixture(scope="module")
def forks(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ForkServer]:
    server = ForkServer(tmp_path_factory.mktemp("forkserver"))
    yield server
    server.close()


@pytest.fixture(scope="module")
def baseline(forks: ForkServer, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store that already holds an import: a refused attack must leave it exactly so."""
    db = tmp_path_factory.mktemp("baseline") / "store.duckdb"
    run = forks.run("import", FIXTURES / "web" / "publications.csv", "--db", db)
    assert run.code == 0, run.err
    return db


def fingerprint(db: Path) -> dict[str, tuple[int, str]]:
    """Every table's row count and a digest of its sorted rows."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = [row[0] for row in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE NOT internal ORDER BY 1").fetchall()]
        result = {}
        for table in tables:
            rows = con.execute(f'SELECT * FROM "{table}" ORDER BY ALL').fetchall()
            result[table] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
        return result
    finally:
        con.close()


def _check_resources(case: str, run: Run) -> None:
    assert not run.killed and run.seconds <= MAX_SECONDS, f"{case}: {run.seconds:.1f} s"
    assert run.maxrss_mb <= MAX_RSS_MB, f"{case}: {run.maxrss_mb:.0f} MB"


def _check_output(case: str, run: Run) -> None:
    assert "Traceback" not in run.err + run.out, f"{case}: {run.err[-2000:]}"
    assert not TERMINAL_CONTROL.search(run.out + run.err), f"{case}: a control character reached the terminal"


@pytest.mark.parametrize("case", all_cases(), ids=lambda case: case.name)
def test_hostile_import_is_refused_or_clean(case: Case, forks: ForkServer, baseline: Path,
                                            tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    paths = case.build(inputs)
    db = tmp_path / "store.duckdb"
    shutil.copyfile(baseline, db)
    before = fingerprint(db)

    run = forks.run("import", *paths, "--db", db)

    _check_resources(case.name, run)
    _check_output(case.name, run)
    allowed = (2,) if case.expect == REFUSED else (0, 2)
    assert run.code in allowed, f"{case.name}: exit {run.code}: {run.err}"
    if run.code == 2:
        lines = run.err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("Erreur : "), f"{case.name}: {run.err}"
        if case.mentions:
            assert case.mentions in lines[0], f"{case.name}: the message does not name {case.mentions}"
        assert fingerprint(db) == before, f"{case.name}: a refused import changed the store"
    if case.later_commands:
        for command in ("accounts", "audit"):
            later = forks.run(command, "--db", db)
            _check_output(f"{case.name} then {command}", later)
            assert later.code == 0, f"{case.name} then {command}: {later.err}"


def test_there_are_at_least_60_hostile_inputs_across_every_format() -> None:
    cases = all_cases()
    assert len(cases) >= 60 and len({c.name for c in cases}) == len(cases)
    assert {c.expect for c in cases} == {REFUSED, EITHER}
    covered = " ".join(c.name for c in cases)
    for word in ("x-", "mastodon", "instagram", "facebook", "threads", "tiktok", "bluesky", "car-",
                 "zip-", "csv", "xlsx", "xls-", "fifo", "dev-zero"):
        assert word in covered, word


def test_debug_prints_the_chained_traceback(forks: ForkServer, tmp_path: Path) -> None:
    """--debug is for bug reports: the whole chain, then the same one line."""
    case = next(c for c in all_cases() if c.name == "car-malformed-cbor")
    inputs = tmp_path / "in"
    inputs.mkdir()
    paths = case.build(inputs)
    quiet = forks.run("import", *paths, "--db", tmp_path / "a.duckdb")
    loud = forks.run("--debug", "import", *paths, "--db", tmp_path / "b.duckdb")
    assert quiet.code == loud.code == 2
    assert "Traceback" not in quiet.err
    assert "Traceback" in loud.err and "CarError" in loud.err
    assert "direct cause" in loud.err                        # the chain, not only the last frame
    assert loud.err.strip().splitlines()[-1] == quiet.err.strip()


def test_a_bug_is_not_blamed_on_the_file(monkeypatch: pytest.MonkeyPatch, run_cli: Any,
                                         tmp_path: Path) -> None:
    """A programming error inside an importer is reported as a bug (exit 1), not 'damaged file'."""
    from chandelle.importers import generic

    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise AttributeError("'NoneType' object has no attribute 'strip'")

    monkeypatch.setattr(generic, "read", broken)
    result = run_cli("import", str(FIXTURES / "web" / "publications.csv"), "--db", str(tmp_path / "s.duckdb"))
    assert result.exit_code == 1
    assert "bogue" in result.stderr and "--debug" in result.stderr
    assert "endommagé" not in result.stderr and "Traceback" not in result.stderr


def test_a_full_disk_is_one_line(monkeypatch: pytest.MonkeyPatch, run_cli: Any, tmp_path: Path) -> None:
    from chandelle import ingest

    def full(*_args: Any, **_kwargs: Any) -> Any:
        raise duckdb.IOException("IO Error: Could not write file: No space left on device")

    monkeypatch.setattr(ingest, "load", full)
    result = run_cli("import", str(FIXTURES / "web" / "publications.csv"), "--db", str(tmp_path / "s.duckdb"))
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "disque" in lines[0] and "Traceback" not in result.stderr

