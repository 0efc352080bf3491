"""Report and calendar speed on the demo institution (or a synthetic store if the demo is absent).

    .venv/bin/python benchmarks/report_speed.py [--runs N]

Times, separately: gathering the report (audit, plan, and the four what-if plans), rendering
it as HTML, rendering it as PDF (WeasyPrint), and writing a 52-week calendar as .ics and
.xlsx. Each figure is the median of ``--runs`` runs on one process.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb

from chandelle import store
from chandelle.analysis import Institution, PlanRequest, analyse
from chandelle.calendar import build_calendar, calendar_input
from chandelle.calendar.outputs import write_ics, write_xlsx
from chandelle.profile import Profile, default_profile, load_profile
from chandelle.report import build_report, render_html, render_pdf

AS_OF = date(2026, 11, 24)


def demo_store(folder: Path) -> tuple[duckdb.DuckDBPyConnection, Profile, str]:
    """The demo institution's exports imported into an in-memory store, or a synthetic store."""
    con = store.connect(":memory:")
    try:
        from chandelle.demo import DEMO_HANDLE, write_exports
        from chandelle.ingest import import_paths

        paths = write_exports(folder, AS_OF)
        import_paths(con, paths, hints={"handle": DEMO_HANDLE})
        import chandelle.demo

        profile_file = Path(chandelle.demo.__file__).parent / "institution.toml"
        profile = load_profile(profile_file) if profile_file.exists() else default_profile()
        return con, profile, "demo institution"
    except Exception as exc:  # the demo is optional for this benchmark
        print(f"(demo unavailable: {exc}; using a synthetic store)")
    con.execute("INSERT INTO accounts (account_id, platform, handle) VALUES "
                "(1, 'instagram', '@m'), (2, 'x', '@m'), (3, 'tiktok', '@m'), (4, 'facebook', '@m')")
    rows = []
    for account, platform, step in ((1, "instagram", 2), (2, "x", 30), (3, "tiktok", 7), (4, "facebook", 3)):
        moment = datetime(2023, 1, 1, 10)
        while moment < datetime(2026, 11, 20):
            rows.append((platform, f"{platform}{len(rows)}", account, moment, "photo", "original", "légende"))
            moment += timedelta(days=step)
    con.executemany("INSERT INTO items (platform, item_id, account_id, published_at, format, kind, text) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    return con, default_profile(), "synthetic store"


def median_seconds(action: Callable[[], Any], runs: int) -> float:
    times = []
    for _run in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        con, profile, label = demo_store(folder / "exports")
        institution = Institution.of(profile)
        items = con.execute("SELECT count(*) FROM content_items").fetchone()
        data = build_report(analyse(con, institution, PlanRequest(AS_OF)), "fr")
        plan = analyse(con, institution, PlanRequest(AS_OF)).plan
        cal = build_calendar(calendar_input(plan, profile, date(2026, 11, 30), 52), "fr")
        results = {
            "gather (audit + plan + 4 what-ifs)": median_seconds(
                lambda: build_report(analyse(con, institution, PlanRequest(AS_OF)), "fr"), args.runs),
            "render HTML": median_seconds(lambda: render_html(data), args.runs),
            "render PDF (WeasyPrint)": median_seconds(lambda: render_pdf(data, folder / "r.pdf"), args.runs),
            "calendar 52 weeks: schedule": median_seconds(
                lambda: build_calendar(calendar_input(plan, profile, date(2026, 11, 30), 52), "fr"),
                args.runs),
            "calendar 52 weeks: .ics": median_seconds(lambda: write_ics(cal, folder / "c.ics"), args.runs),
            "calendar 52 weeks: .xlsx": median_seconds(lambda: write_xlsx(cal, folder / "c.xlsx"), args.runs),
        }
        pages = "?"
        if shutil.which("pdfinfo"):
            info = subprocess.run(["pdfinfo", str(folder / "r.pdf")], capture_output=True, text=True).stdout
            pages = next((ln.split()[-1] for ln in info.splitlines() if ln.startswith("Pages:")), "?")
        print(f"Report speed — {label}: {len(data.networks)} accounts, {items[0] if items else 0} items, "
              f"{len(cal.slots)} calendar slots; median of {args.runs} runs")
        for name, seconds in results.items():
            print(f"  {name:<38} {seconds * 1000:8.0f} ms")
        print(f"  PDF size {(folder / 'r.pdf').stat().st_size // 1024} KiB, pages: {pages}")
        con.close()


if __name__ == "__main__":
    main()
