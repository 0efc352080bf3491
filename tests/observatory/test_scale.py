"""The Parquet dataset and the observatory over it, on DuckDB and on Apache Spark (same JSON)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from chandelle import store
from chandelle.audit import run_audit
from chandelle.errors import InputError
from chandelle.ingest import import_paths
from chandelle.kb import load_kb
from chandelle.observatory.dataset import MANIFEST, export_dataset
from chandelle.observatory.scale import build_queries, run_dataset, to_spark

from .helpers import AS_OF, export, posts


def _stores(folder: Path) -> list[Path]:
    """Two stores: Lyon (regular Instagram, sparse Facebook) and, apart, Nantes plus an orphan account."""
    first, second = folder / "lyon.duckdb", folder / "nantes.duckdb"
    con = store.connect(first)
    import_paths(con, [export(folder / "lyon.csv", posts("instagram", "lyon", 3, 40),
                              posts("facebook", "lyon", 10, 5))], institution="Musée des Beaux-Arts de Lyon")
    con.close()
    con = store.connect(second)
    import_paths(con, [export(folder / "nantes.csv", posts("instagram", "nantes", 1, 200),
                              posts("x", "nantes", 30, 3, last_age_days=200),
                              posts("x", "nantes-expo", 2, 30, last_age_days=40))], institution="Nantes")
    import_paths(con, [export(folder / "orphan.csv", posts("instagram", "orphelin", 7, 10))])
    con.execute("INSERT INTO follower_snapshots (account_id, day, followers) SELECT account_id, d, f "
                "FROM accounts, (VALUES (DATE '2026-01-01', 900), (DATE '2026-02-20', 1200), "
                "(DATE '2026-04-01', 5)) t(d, f) WHERE handle = 'nantes' AND platform = 'instagram'")
    con.close()
    return [first, second]


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    folder = tmp_path_factory.mktemp("dataset")
    stores = _stores(folder)
    export_dataset(stores, folder / "ds")
    return folder / "ds", stores


def test_export_is_partitioned_by_institution_and_platform(dataset: tuple[Path, list[Path]]) -> None:
    folder, _ = dataset
    items = folder / "items"
    parts = sorted(p.relative_to(items).parent.as_posix() for p in items.rglob("*.parquet"))
    lyon = "institution=musee-des-beaux-arts-de-lyon"
    assert parts == ["institution=_none/platform=instagram", f"{lyon}/platform=facebook",
                     f"{lyon}/platform=instagram", "institution=nantes/platform=instagram",
                     "institution=nantes/platform=x"]
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["rows"] == {"accounts": 6, "items": 40 + 5 + 200 + 3 + 30 + 10, "followers": 3}
    columns = pq.read_schema(next((folder / "items").rglob("*.parquet"))).names
    assert columns == ["handle", "item_id", "published_at", "day", "format", "kind", "part_index"]


def test_export_refuses_a_folder_that_is_not_empty(dataset: tuple[Path, list[Path]]) -> None:
    folder, stores = dataset
    with pytest.raises(InputError):
        export_dataset(stores, folder)


def test_duckdb_engine_agrees_with_the_audit_of_each_store(dataset: tuple[Path, list[Path]]) -> None:
    folder, stores = dataset
    kb = load_kb()
    result = run_dataset(str(folder), kb, AS_OF)
    by_account = {(a["platform"], a["handle"]): a for a in result["accounts"]}
    for path in stores:
        con = store.connect(path, read_only=True)
        for audited in run_audit(con, None, kb, AS_OF).accounts:
            mine = by_account[(audited.platform, audited.handle)]
            assert (mine["status"], mine["items365"], mine["items90"]) == (
                audited.status, audited.items_last_365d, audited.items_in_window), audited.handle
            assert mine["rate365"] == pytest.approx(audited.items_per_week, abs=1e-3)
            assert mine["week_share365"] == pytest.approx(audited.active_week_share, abs=1e-3)
        con.close()
    assert {a["status"] for a in result["accounts"]} >= {"active", "ghost"}
    nantes = next(i for i in result["institutions"] if i["institution"] == "nantes")
    assert nantes["networks"] == ["instagram", "x"] and nantes["name"] == "Nantes"
    assert by_account[("instagram", "nantes")]["followers"] == 1200       # last snapshot up to AS_OF
    orphan = next(i for i in result["institutions"] if i["institution"] is None)
    assert orphan["status_counts"]["active"] == 1


def test_one_sql_source_transpiled_for_spark() -> None:
    source = build_queries(load_kb(), AS_OF).accounts
    spark = to_spark(source)
    assert "DATEDIFF(DAY" in spark and "MAX_BY(" in spark and " DIV 7" in spark
    assert "date_diff('day'" in source and "arg_max(" in source and "// 7" in source


def test_cli_on_a_dataset(dataset: tuple[Path, list[Path]], run_cli: Callable[..., Any]) -> None:
    folder, _ = dataset
    out = run_cli("observatory", "--dataset", str(folder), "--as-of", AS_OF.isoformat(), "--json")
    data = json.loads(out.stdout)
    assert data["engine"] == "duckdb" and len(data["institutions"]) == 3
    text = run_cli("observatory", "--dataset", str(folder), "--as-of", AS_OF.isoformat()).stdout
    assert "instagram" in text and "moteur duckdb" in text


@pytest.mark.spark
def test_spark_gives_the_same_json_as_duckdb(dataset: tuple[Path, list[Path]],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Apache Spark (PySpark, local[2], Java 17 from scripts/system-deps.sh) on the same dataset."""
    # A tiny dataset: few tasks, and a JVM tuned to start fast.
    monkeypatch.setenv("CHANDELLE_SPARK_PARTITIONS", "2")
    monkeypatch.setenv("CHANDELLE_SPARK_JAVA_OPTIONS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC")
    folder, _ = dataset
    kb = load_kb()
    on_duckdb = run_dataset(str(folder), kb, AS_OF, engine="duckdb")
    on_spark = run_dataset(str(folder), kb, AS_OF, engine="spark")
    assert (on_duckdb.pop("engine"), on_spark.pop("engine")) == ("duckdb", "spark")
    assert json.dumps(on_spark, sort_keys=True) == json.dumps(on_duckdb, sort_keys=True)


def test_cli_exports_several_stores(dataset: tuple[Path, list[Path]], tmp_path: Path,
                                    run_cli: Callable[..., Any]) -> None:
    _, stores = dataset
    args = ["dataset", "export", str(tmp_path / "out"), *(a for s in stores for a in ("--db", str(s)))]
    data = json.loads(run_cli(*args, "--json").stdout)
    assert data["rows"]["items"] == 288 and len(data["stores"]) == 2
    text = run_cli("dataset", "export", str(tmp_path / "again"), "--db", str(stores[0])).stdout
    assert "45 contenus" in text and "1 base(s)" in text
