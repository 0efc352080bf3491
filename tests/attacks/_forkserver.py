"""Run `chandelle ARGS` in a forked child of a process that has already imported chandelle.

Started once per test session (``python _forkserver.py``); each line on stdin is a JSON request
``{"args": [...], "out": path, "err": path, "timeout": seconds, "env": {...}}``; each line on stdout
answers ``{"code", "maxrss_kb", "seconds", "killed"}``. The child's peak resident memory comes from
``wait4`` (the kernel's own ``ru_maxrss`` of that child), so it is measured exactly, not sampled;
a child still running at the timeout is killed. Forking saves the ~3 s of imports per case that a
fresh interpreter would pay, with the same memory picture as a real `chandelle import` run.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time


def _warm_up() -> None:
    """Import everything an import can touch, so children inherit it instead of loading it."""
    import cbor2  # noqa: F401
    import duckdb  # noqa: F401
    import ijson  # noqa: F401
    import openpyxl  # noqa: F401
    import pyarrow  # noqa: F401
    import xlrd  # noqa: F401

    import chandelle.cli
    import chandelle.importers
    import chandelle.store  # noqa: F401


def _child(request: dict[str, object]) -> None:
    out = os.open(str(request["out"]), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    err = os.open(str(request["err"]), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(out, 1)
    os.dup2(err, 2)
    os.environ.update({str(k): str(v) for k, v in dict(request.get("env") or {}).items()})  # type: ignore[call-overload]
    code = 0
    try:
        from chandelle.cli import main

        main([str(a) for a in request["args"]])  # type: ignore[attr-defined]
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:
        import traceback

        traceback.print_exc()
        code = 99
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def _run(request: dict[str, object]) -> dict[str, object]:
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:
        _child(request)
    deadline = started + float(request.get("timeout", 30))  # type: ignore[arg-type]
    killed = False
    while True:
        waited, status, usage = os.wait4(pid, os.WNOHANG)
        if waited:
            break
        if time.monotonic() > deadline and not killed:
            os.kill(pid, signal.SIGKILL)
            killed = True
        time.sleep(0.01)
    code = os.waitstatus_to_exitcode(status)
    return {"code": code, "maxrss_kb": usage.ru_maxrss, "seconds": time.monotonic() - started,
            "killed": killed}


def main() -> None:
    _warm_up()
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        if line.strip():
            print(json.dumps(_run(json.loads(line))), flush=True)


if __name__ == "__main__":
    main()
