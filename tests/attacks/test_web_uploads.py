"""Hostile files uploaded to a real `chandelle serve` child process, as a browser would (issue 12).

For each upload: an answer within 30 s (200 with the import, or 4xx with one message), never a
traceback, a refused upload leaves the store as it was, the store is free again afterwards (no
503), and the server's peak resident memory (the kernel's VmHWM) grows by at most 300 MB.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from hostile import FIXTURES, REFUSED, Case, web_cases
from test_attacks import MAX_RSS_MB, MAX_SECONDS, fingerprint

pytestmark = pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc (Linux)")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _memory_kb(pid: int, field: str) -> int:
    status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    match = re.search(rf"^{field}:\s+(\d+) kB", status, re.MULTILINE)
    assert match, field
    return int(match.group(1))


class Server:
    def __init__(self, db: Path, tmpdir: Path | None = None) -> None:
        self.port = _free_port()
        self.db = db
        env = {**os.environ, "CHANDELLE_LANG": "fr", **({"TMPDIR": str(tmpdir)} if tmpdir else {})}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "chandelle", "serve", "--db", str(db), "--port", str(self.port),
             "--import-timeout", "20"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.client = httpx.Client(base_url=f"http://127.0.0.1:{self.port}", timeout=MAX_SECONDS + 10)
        deadline = time.monotonic() + 60
        while True:
            try:
                if self.client.get("/healthz").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert self.process.poll() is None, self.process.stderr.read() if self.process.stderr else ""
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.2)
        page = self.client.get("/import").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page)
        assert token
        self.token = token.group(1)

    def upload(self, paths: list[Path]) -> httpx.Response:
        files = [("files", (p.name, p.read_bytes(), "application/octet-stream")) for p in paths]
        return self.client.post("/import", files=files, headers={"X-CSRF-Token": self.token})

    def stop(self) -> str:
        self.client.close()
        self.process.terminate()
        _out, err = self.process.communicate(timeout=30)
        return err.decode("utf-8", "replace")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = Server(tmp_path_factory.mktemp("web") / "store.duckdb")
    first = running.upload([FIXTURES / "web" / "publications.csv"])     # a store that holds something
    assert first.status_code == 200, first.text
    running.upload([FIXTURES / "web" / "publications.csv"])             # warm: every page path loaded
    running.baseline_kb = _memory_kb(running.process.pid, "VmRSS")      # type: ignore[attr-defined]
    yield running
    running.stop()


@pytest.mark.parametrize("case", web_cases(), ids=lambda case: case.name)
def test_hostile_upload_is_refused_or_clean(case: Case, server: Server, tmp_path: Path) -> None:
    paths = case.build(tmp_path)
    assert all(p.is_file() for p in paths), "uploads are files"
    before = fingerprint(server.db)
    started = time.monotonic()
    response = server.upload(paths)
    seconds = time.monotonic() - started

    assert seconds <= MAX_SECONDS, f"{case.name}: {seconds:.1f} s"
    assert "Traceback" not in response.text
    assert response.status_code in ((400, 413) if case.expect == REFUSED else (200, 400, 413)), \
        f"{case.name}: {response.status_code}"
    if response.status_code != 200:
        assert fingerprint(server.db) == before, f"{case.name}: a refused upload changed the store"
    assert server.client.get("/accounts").status_code == 200               # the store is free again
    grown_mb = (_memory_kb(server.process.pid, "VmHWM") - server.baseline_kb) / 1024  # type: ignore[attr-defined]
    assert grown_mb <= MAX_RSS_MB, f"{case.name}: the server grew by {grown_mb:.0f} MB"


def test_sigterm_stops_promptly_and_leaves_no_upload_folder(tmp_path: Path) -> None:
    private_tmp = tmp_path / "tmp"                    # the server's own TMPDIR: nobody else's folders
    private_tmp.mkdir()
    running = Server(tmp_path / "store.duckdb", private_tmp)
    assert running.upload([FIXTURES / "web" / "publications.csv"]).status_code == 200
    started = time.monotonic()
    log = running.stop()                                                   # SIGTERM
    assert time.monotonic() - started < 10
    assert running.process.returncode in (0, -15), log      # uvicorn re-raises SIGTERM once shut down
    assert "Traceback" not in log
    assert not list(private_tmp.glob("chandelle-upload-*"))
