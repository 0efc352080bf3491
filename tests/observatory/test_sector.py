"""`chandelle observatory` on a store holding two institutions and unassigned accounts."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pytest

from chandelle.ingest import import_paths
from chandelle.kb import load_kb
from chandelle.observatory.sector import run_observatory

from .helpers import AS_OF, export, posts


def _store(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    augustins = export(
        tmp_path / "augustins.csv",
        posts("instagram", "augustins", 3, 40),                  # active
        posts("facebook", "augustins", 3, 40),                   # active
        posts("tiktok", "augustins", 14, 8),                     # every 2 weeks: 0.5/week, not active
        posts("x", "augustins", 7, 5, last_age_days=200),        # ghost: nothing for 200 days
    )
    vert = export(tmp_path / "vert.csv", posts("facebook", "chateauvert", 3, 40))
    loose = export(tmp_path / "loose.csv", posts("x", "inconnu", 30, 2, last_age_days=120))
    import_paths(con, [augustins], institution="Musée des Augustins")
    import_paths(con, [vert], institution="Château Vert")
    import_paths(con, [loose])


def test_per_institution_and_sector(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    _store(con, tmp_path)
    report = run_observatory(con, load_kb(), AS_OF)
    by_name = {i.name: i for i in report.institutions}
    assert list(by_name) == ["Château Vert", "Musée des Augustins", None]
    aug = by_name["Musée des Augustins"]
    assert aug.networks == ["facebook", "instagram", "tiktok", "x"]
    assert aug.status_counts["active"] == 2 and aug.status_counts["ghost"] == 1
    assert sum(aug.status_counts.values()) == 4
    assert aug.estimated_hours_per_week > by_name["Château Vert"].estimated_hours_per_week > 0
    assert by_name[None].status_counts == {"active": 0, "irregular": 0, "dormant": 0, "ghost": 1}
    platforms = {p.platform: p for p in report.platforms}
    assert (platforms["x"].accounts, platforms["x"].ghosts, platforms["x"].ghost_share) == (2, 2, 1.0)
    assert platforms["facebook"].ghost_share == 0.0
    # x: 5 items over the account's 229 days (0.153/week) and 2 items over 151 days (0.093/week)
    assert platforms["x"].median_items_per_week == pytest.approx((5 * 7 / 229 + 2 * 7 / 151) / 2, abs=1e-3)
    # facebook: both accounts post 40 items every 3 days, the first 118 days before AS_OF (119 days)
    assert platforms["facebook"].median_items_per_week == pytest.approx(40 * 7 / 119, abs=1e-3)
    # 1 of 2 institutions is on more than 3 networks; the unassigned accounts are not an institution.
    assert (report.institutions_over_max, report.institution_count, report.max_networks) == (1, 2, 3)
    assert report.max_networks_source == "CLIC2021"
    rows = {(a["platform"], a["handle"]): a for i in report.to_dict()["institutions"] for a in i["accounts"]}
    instagram = rows[("instagram", "augustins")]
    # every 3 days from age 0: ages 0, 3, …, 87 are inside the 90-day window (30 items)
    assert instagram["items_per_week_in_window"] == pytest.approx(30 * 7 / 90, abs=1e-3)
    assert instagram["items_per_week_90d"] == instagram["items_per_week_in_window"]  # deprecated alias


def test_cli_json_and_table(run_cli: Callable[..., Any], tmp_path: Path) -> None:
    files = (("a.csv", posts("instagram", "augustins", 3, 40)), ("b.csv", posts("x", "vert", 3, 40)))
    for name, rows in files:
        path = export(tmp_path / name, rows)
        assert run_cli("import", str(path), "--institution", name[0].upper()).exit_code == 0
    data = json.loads(run_cli("observatory", "--json", "--as-of", AS_OF.isoformat()).stdout)
    assert [i["slug"] for i in data["institutions"]] == ["a", "b"]
    assert data["sector"]["share_institutions_over_max_networks"] == 0.0
    table = run_cli("observatory", "--as-of", AS_OF.isoformat()).stdout
    assert "Observatoire" in table and "fantôme" in table


def test_empty_store(run_cli: Callable[..., Any], tmp_path: Path) -> None:
    from chandelle import store

    store.connect(tmp_path / "test.duckdb").close()          # the store run_cli points CHANDELLE_DB at
    result = run_cli("observatory", "--as-of", AS_OF.isoformat())
    assert result.exit_code == 0
