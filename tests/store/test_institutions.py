"""`chandelle import --institution`: all or nothing with the import, idempotent, one owner per account."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pytest

from chandelle.errors import InputError, UnknownFormatError
from chandelle.ingest import import_paths
from chandelle.store.institutions import list_institutions, slugify
from observatory.helpers import export, posts


def _owners(con: duckdb.DuckDBPyConnection) -> dict[str, str | None]:
    rows = con.execute("""SELECT a.platform || ':' || a.handle, i.slug FROM accounts a
                          LEFT JOIN institutions i USING (institution_id)""").fetchall()
    return {str(k): v for k, v in rows}


def test_slug() -> None:
    assert slugify("  Musée des Beaux-Arts de Lyon ") == "musee-des-beaux-arts-de-lyon"
    assert slugify("Château d'Œx") == "chateau-d-oex"


def test_import_assigns_the_accounts_it_touched(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    a = export(tmp_path / "a.csv", posts("instagram", "augustins", 7, 3), posts("x", "augustins", 3, 3))
    b = export(tmp_path / "b.csv", posts("facebook", "chateauvert", 7, 3))
    report = import_paths(con, [a], institution="Musée des Augustins")
    assert report.institution == "Musée des Augustins"
    import_paths(con, [b])
    assert _owners(con) == {"instagram:augustins": "musee-des-augustins",
                            "x:augustins": "musee-des-augustins",
                            "facebook:chateauvert": None}
    [inst] = list_institutions(con)
    assert (inst.slug, inst.accounts, inst.networks) == ("musee-des-augustins", 2, 2)


def test_reimport_is_idempotent_and_can_assign_afterwards(con: duckdb.DuckDBPyConnection,
                                                          tmp_path: Path) -> None:
    a = export(tmp_path / "a.csv", posts("instagram", "augustins", 7, 3))
    import_paths(con, [a])                                   # first without institution
    assert _owners(con) == {"instagram:augustins": None}
    for _ in range(2):                                       # the same file again, twice
        report = import_paths(con, [a], institution="Musée des Augustins")
        assert report.files[0].already_imported
        assert _owners(con) == {"instagram:augustins": "musee-des-augustins"}
    assert con.execute("SELECT count(*) FROM institutions").fetchall() == [(1,)]
    assert con.execute("SELECT count(*) FROM items").fetchall() == [(3,)]


def test_failed_import_creates_no_institution(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    good = export(tmp_path / "a.csv", posts("instagram", "augustins", 7, 3))
    bad = tmp_path / "notes.bin"
    bad.write_bytes(b"\x00\x01 not an export")
    with pytest.raises(UnknownFormatError):
        import_paths(con, [good, bad], institution="Musée des Augustins")
    assert con.execute("SELECT count(*) FROM institutions").fetchall() == [(0,)]
    assert con.execute("SELECT count(*) FROM accounts").fetchall() == [(0,)]


def test_an_account_has_one_owner_and_a_conflict_imports_nothing(con: duckdb.DuckDBPyConnection,
                                                                 tmp_path: Path) -> None:
    a = export(tmp_path / "a.csv", posts("instagram", "augustins", 7, 3))
    import_paths(con, [a], institution="Musée des Augustins")
    more = export(tmp_path / "more.csv", posts("instagram", "augustins", 7, 5), posts("tiktok", "vert", 7, 2))
    with pytest.raises(InputError, match="already belongs to 'Musée des Augustins'"):
        import_paths(con, [more], institution="Château Vert")
    assert [i.slug for i in list_institutions(con)] == ["musee-des-augustins"]
    assert con.execute("SELECT count(*) FROM items").fetchall() == [(3,)]
    assert _owners(con) == {"instagram:augustins": "musee-des-augustins"}


def test_a_name_without_letters_is_refused(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    a = export(tmp_path / "a.csv", posts("instagram", "augustins", 7, 3))
    with pytest.raises(InputError):
        import_paths(con, [a], institution=" -- ")
    assert con.execute("SELECT count(*) FROM items").fetchall() == [(0,)]


def test_cli_import_and_list(run_cli: Callable[..., Any], tmp_path: Path) -> None:
    a = export(tmp_path / "a.csv", posts("instagram", "augustins", 7, 3))
    result = run_cli("import", str(a), "--institution", "Musée des Augustins")
    assert result.exit_code == 0, result.stderr
    assert "Musée des Augustins" in result.stdout
    listed = json.loads(run_cli("institutions", "--json").stdout)
    assert listed["institutions"][0]["slug"] == "musee-des-augustins"
    assert "musee-des-augustins" in run_cli("institutions").stdout
