"""The demo institution end to end: its abandoned X account is a ghost, its steady feeds are active."""

from __future__ import annotations

from pathlib import Path

import duckdb

from chandelle.audit import run_audit
from chandelle.demo import DEFAULT_AS_OF, DEMO_HANDLE, write_exports
from chandelle.ingest import import_paths
from chandelle.profile import profile_from_mapping


def test_the_demo_ghost_and_the_demo_steady_feeds(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    import_paths(con, write_exports(tmp_path), hints={"handle": DEMO_HANDLE})
    profile = profile_from_mapping({"name": "Musée des Beaux-Arts de Valmont",
                                    "team": [{"name": "A", "hours_per_week": 6},
                                             {"name": "B", "hours_per_week": 4}]})
    report = run_audit(con, profile, profile.knowledge_base(), DEFAULT_AS_OF)
    status = {a.platform: a.status for a in report.accounts}
    assert status["x"] == "ghost"
    assert status["instagram"] == "active" and status["facebook"] == "active"
    x = next(a for a in report.accounts if a.platform == "x")
    assert x.days_since_last_item is not None and x.days_since_last_item > 200
    assert x.reason.render("fr").startswith(f"dernière publication il y a {x.days_since_last_item} jours")
    assert report.capacity_hours_per_week == 10
    assert report.estimated_hours_per_week > 0
