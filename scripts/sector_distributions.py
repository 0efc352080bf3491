"""Compute the embedded UK sector distributions (src/chandelle/kb/uk_sector_distributions.json).

    .venv/bin/python scripts/sector_distributions.py ../shared/data/uk_museums_in_the_pandemic

Reads the "Museums in the Pandemic" files (Birkbeck / King's College London; kb source MIP-JOCCH2024)
and writes AGGREGATED distributions only — no museum, handle or row of the source is copied:
for each network (x, facebook), kind of institution (chandelle's profile kinds, mapped to MIP's
``subject_matter_simpl``; "all") and size (MIP's Mapping Museums sizes; "all"), the number of
museums, of museums with an account and with at least one post over 2019-01..2022-05, and the 21
quantiles (every 5 %) of items per week (average over the window, museums with an account) and
of followers (Twitter ``followers_count`` / Facebook ``subscribercount``, the museums' own
accounts). Cells with fewer than MIN_ACCOUNTS accounts are left out (the reader falls back to a
wider group). Run it again when the MIP files change; docs/observatory.md, section "Peers".
"""

from __future__ import annotations

import csv
import json
import sys
from datetime import date
from pathlib import Path
from statistics import quantiles
from typing import Any

from chandelle.kb import load_kb
from chandelle.observatory.mip import COUNTS_FILE, MONTHLY_FILE, minimums, read_museums, read_window

OUTPUT = Path(__file__).resolve().parent.parent / "src" / "chandelle" / "kb" / "uk_sector_distributions.json"
MIN_ACCOUNTS = 20
SIZES = ("small", "medium", "large", "huge")
# chandelle profile kind -> MIP subject_matter_simpl values (kinds without a UK match use every museum).
KINDS = {
    "fine_arts": ["Arts"], "contemporary_art": ["Arts"],
    "history": ["Local Histories", "War and conflict", "Personality", "Belief and identity"],
    "science": ["Science and technology", "Medicine and health", "Industry and manufacture", "Transport",
                "Utilities"],
    "heritage_site": ["Buildings", "Archaeology"], "natural_history": ["Natural world"],
}
NETWORKS = {"twitter": ("x", "mip_twitter_accounts_info.csv", "followers_count", "from_museum"),
            "facebook": ("facebook", "mip_facebook_accounts_info.csv", "subscribercount", None)}


def _museum_id(raw: str) -> str:
    text = raw.strip()
    return text if text.startswith("mm.") else f"mm.{text}"


def _followers(folder: Path, name: str, column: str, own: str | None) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    with (folder / name).open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            if own and row[own].strip().lower() != "true":
                continue
            if row[column].strip():
                found.setdefault(_museum_id(row["museum_id"]), []).append(int(float(row[column])))
    return found


def _quantiles(values: list[float]) -> list[float]:
    ordered = sorted(values)
    inner = quantiles(ordered, n=20, method="inclusive")
    return [round(v, 3) for v in (ordered[0], *inner, ordered[-1])]


def _cell(rows: list[tuple[Any, ...]]) -> dict[str, Any] | None:
    """rows: (has_account, messages, items_per_week, followers list) of the museums in the cell."""
    with_account = [r for r in rows if r[0]]
    if len(with_account) < MIN_ACCOUNTS:
        return None
    followers = [f for r in with_account for f in r[3]]
    return {"museums": len(rows), "with_account": len(with_account),
            "with_posts": sum(1 for r in with_account if r[1] > 0),
            "items_per_week_quantiles": _quantiles([r[2] for r in with_account]),
            "followers_quantiles": _quantiles([float(f) for f in followers]) if len(followers) >= MIN_ACCOUNTS
            else None}


def main(folder: Path) -> None:
    start, end, months = read_window(folder / MONTHLY_FILE)
    weeks = ((end - start).days + 1) / 7
    museums = read_museums(folder / COUNTS_FILE, weeks, minimums(load_kb()))
    subjects = _subjects(folder)
    cells = []
    for mip_name, (platform, info, column, own) in NETWORKS.items():
        followers = _followers(folder, info, column, own)
        for kind in ("all", *KINDS):
            for size in ("all", *SIZES):
                rows = [(mip_name in m.presences, m.messages.get(mip_name, 0),
                         m.messages.get(mip_name, 0) / weeks, followers.get(m.museum_id, []))
                        for m in museums
                        if (kind == "all" or subjects.get(m.museum_id) in KINDS[kind])
                        and (size == "all" or m.groups["size"] == size)]
                cell = _cell(rows)
                if cell is not None:
                    cells.append({"platform": platform, "kind": kind, "size": size, **cell})
    OUTPUT.write_text(json.dumps({
        "source": "MIP-JOCCH2024", "dataset": "Museums in the Pandemic (Birkbeck / King's College London)",
        "window": {"start": start.isoformat(), "end": end.isoformat(), "months": months},
        "followers_snapshot": "about mid-2022 (MIP account metadata; the date is not stated)",
        "computed_on": date.today().isoformat(), "script": "scripts/sector_distributions.py",
        "quantile_levels": [i / 20 for i in range(21)], "min_accounts": MIN_ACCOUNTS,
        "kinds": KINDS, "cells": cells,
    }, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _subjects(folder: Path) -> dict[str, str]:
    with (folder / COUNTS_FILE).open(encoding="utf-8-sig", newline="") as handle:
        return {r["museum_id"].strip(): r["subject_matter_simpl"].strip() for r in csv.DictReader(handle)}


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("../shared/data/uk_museums_in_the_pandemic"))
