"""Data exports: formula injection neutralised in CSV and XLSX; JSON is the documented schema."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import duckdb
import pytest
from openpyxl import load_workbook

from chandelle.audit import run_audit
from chandelle.cells import safe_cell, safe_text
from chandelle.errors import InputError
from chandelle.plan import inputs_from, plan_for
from chandelle.profile import default_profile
from chandelle.report.exports import AUDIT_COLUMNS, PLAN_COLUMNS, export

from .conftest import AS_OF, fill_store

DANGEROUS = ("=1+1", "+33", "-2", "@SUM(A1)", "\tx", "\rx", "=HYPERLINK(\"x\")")


@pytest.mark.parametrize("text", DANGEROUS)
def test_dangerous_text_is_neutralised(text: str) -> None:
    assert safe_text(text) == "'" + text


@pytest.mark.parametrize("value", ["musée", "a=b", "", "Instagram @musee"])
def test_plain_text_is_unchanged(value: str) -> None:
    assert safe_text(value) == value


def test_numbers_stay_numbers() -> None:
    assert safe_cell(-2) == -2 and safe_cell(1.5) == 1.5 and safe_cell(None) is None
    assert safe_cell(["=a", "b"]) == "'=a; b"


@pytest.fixture
def results(con: duckdb.DuckDBPyConnection) -> tuple[object, object]:
    fill_store(con)
    profile = default_profile()
    kb = profile.knowledge_base()
    audit = run_audit(con, profile=profile, kb=kb, as_of=AS_OF)
    plan = plan_for(inputs_from(kb, profile, audit, None), AS_OF, what_if=False)
    return audit, plan


def _no_formula(values: list[object]) -> None:
    for value in values:
        if isinstance(value, str):
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value


def test_audit_csv(results: tuple[object, object], tmp_path: Path) -> None:
    audit, _plan = results
    path = tmp_path / "audit.csv"
    export("audit", path, audit=audit, plan=None, lang="fr")  # type: ignore[arg-type]
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    assert rows[0][:4] == ["Réseau", "Compte", "Statut", "Pourquoi"]     # French headers for people
    assert len(rows[0]) == len(AUDIT_COLUMNS)
    assert len(rows) == 1 + 3
    assert {row[2] for row in rows[1:]} <= {"actif", "irrégulier", "en sommeil", "fantôme"}
    for row in rows[1:]:
        _no_formula(list(row))
    handles = {row[1] for row in rows[1:]}
    assert "'=HYPERLINK(\"x\")" in handles and "'@musee" in handles


def test_audit_xlsx_opens_and_is_neutralised(results: tuple[object, object], tmp_path: Path) -> None:
    audit, _plan = results
    path = tmp_path / "audit.xlsx"
    export("audit", path, audit=audit, plan=None, lang="fr")  # type: ignore[arg-type]
    sheet = load_workbook(path).active
    assert sheet is not None
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "Réseau" and len(rows[0]) == len(AUDIT_COLUMNS)
    for row in rows[1:]:
        _no_formula(row)
    assert any(isinstance(v, int) for v in rows[1])   # numbers stay numbers


def test_plan_exports(results: tuple[object, object], tmp_path: Path) -> None:
    _audit, plan = results
    export("plan", tmp_path / "plan.xlsx", audit=None, plan=plan, lang="fr")  # type: ignore[arg-type]
    sheet = load_workbook(tmp_path / "plan.xlsx").active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("Réseau", "Décision") and len(rows[0]) == len(PLAN_COLUMNS)
    assert {r[0] for r in rows[1:]} >= {"Instagram", "X", "TikTok"}
    assert {r[1] for r in rows[1:]} <= {"garder", "ouvrir", "archiver", "quitter", "ne pas y aller"}
    export("plan", tmp_path / "plan-en.csv", audit=None, plan=plan, lang="en")  # type: ignore[arg-type]
    english = (tmp_path / "plan-en.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert english.startswith("Network;Decision;Account")
    export("plan", tmp_path / "plan.json", audit=None, plan=plan, lang="fr")  # type: ignore[arg-type]
    data = json.loads((tmp_path / "plan.json").read_text(encoding="utf-8"))
    assert data == json.loads(json.dumps(plan.to_dict("fr")))  # type: ignore[attr-defined]


def test_audit_json_is_the_audit_schema(results: tuple[object, object], tmp_path: Path) -> None:
    audit, _plan = results
    export("audit", tmp_path / "a.json", audit=audit, plan=None, lang="en")  # type: ignore[arg-type]
    data = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    assert data["as_of"] == AS_OF.isoformat()
    assert {a["handle"] for a in data["accounts"]} == {"@musee", "=HYPERLINK(\"x\")", "@musee_tt"}


def test_unknown_suffix_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError) as error:
        export("audit", tmp_path / "a.doc", audit=None, plan=None, lang="fr")
    assert "a.doc" in error.value.render("fr")


def test_the_recent_window_column_says_how_many_days_it_covers() -> None:
    from chandelle.report.exports import column_headers

    headers = column_headers(["handle", "items_in_window"], "fr", 56)
    assert headers == ["Compte", "Publications, 56 derniers jours"]
    assert column_headers(["items_in_window"], "en", 90) == ["Items, last 90 days"]
