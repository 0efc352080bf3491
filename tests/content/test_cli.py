"""`chandelle content`: JSON and the French text, on a store written by the CLI's own database."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from chandelle import store

from .history import AS_OF, add_account
from .test_build import history


def _store(path: str) -> None:
    con = store.connect(path)
    add_account(con, "instagram", "musee", history(series="#LeSaviezVous", episodes=24, decay=0.96, noise=0.0,
                                                   seed=6, base=100_000.0))
    con.close()


def test_json_output(run_cli: Callable[..., Any], tmp_path: Any) -> None:
    db = str(tmp_path / "c.duckdb")
    _store(db)
    result = run_cli("content", "--json", "--as-of", AS_OF.isoformat(), "--db", db)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["series"][0]["fatigue"] is True and data["lang"] == "fr"
    assert data["series"][0]["reason"].startswith("#LeSaviezVous : l'engagement a baissé de 4 %")


def test_text_output_in_french_and_english(run_cli: Callable[..., Any], tmp_path: Any) -> None:
    db = str(tmp_path / "c.duckdb")
    _store(db)
    french = run_cli("content", "--as-of", AS_OF.isoformat(), "--db", db)
    assert french.exit_code == 0, french.stderr
    assert "Séries récurrentes" in french.stdout and "usée" in french.stdout
    assert "envisagez de la renouveler" in french.stdout
    english = run_cli("content", "--as-of", AS_OF.isoformat(), "--db", db, "--lang", "en")
    assert "Recurring series" in english.stdout and "consider renewing" in english.stdout


def test_a_bad_date_is_bad_input(run_cli: Callable[..., Any]) -> None:
    result = run_cli("content", "--as-of", "30/06/2026")
    assert result.exit_code == 2
