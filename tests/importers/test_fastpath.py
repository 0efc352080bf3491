"""The fast paths' scratch folders: a killed import's leftovers go at the next start, nothing else."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from chandelle.importers._fastpath import SCRATCH_PREFIX, scratch_folder, sweep_stale_scratch

_KILLED_MID_WAY = """
import os, sys
from chandelle.importers._fastpath import scratch_folder
context = scratch_folder()
folder = context.__enter__()
(folder / "parse.duckdb").write_bytes(b"x" * 4096)
print(folder, flush=True)
os._exit(9)          # like kill -9: no cleanup runs
"""


def test_a_folder_left_by_a_killed_import_is_removed_at_the_next_start(tmp_path: Path) -> None:
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    child = subprocess.run([sys.executable, "-c", _KILLED_MID_WAY], env=env, capture_output=True, text=True,
                           check=False)
    left = Path(child.stdout.strip())
    assert child.stdout, child.stderr
    assert left.parent == tmp_path and left.name.startswith(SCRATCH_PREFIX) and left.is_dir()
    assert sweep_stale_scratch(tmp_path) == [left]
    assert not left.exists()


def test_only_this_modules_folders_of_dead_processes_are_removed(tmp_path: Path) -> None:
    alive = tmp_path / f"{SCRATCH_PREFIX}{os.getpid()}-abc"
    unrelated = tmp_path / "chandelle-upload-xyz"              # the web's, not ours
    mine_elsewhere = tmp_path / "notes"
    dead_target = tmp_path / "target"
    for folder in (alive, unrelated, mine_elsewhere, dead_target):
        folder.mkdir()
    link = tmp_path / f"{SCRATCH_PREFIX}999999999-link"          # a link is never followed nor removed
    link.symlink_to(dead_target, target_is_directory=True)
    assert sweep_stale_scratch(tmp_path) == []
    assert all(p.exists() for p in (alive, unrelated, mine_elsewhere, dead_target, link))


def test_the_scratch_folder_is_removed_after_use(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    with scratch_folder() as folder:
        assert folder.parent == tmp_path and folder.name.startswith(f"{SCRATCH_PREFIX}{os.getpid()}-")
    assert not folder.exists()
