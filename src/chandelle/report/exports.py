"""Data exports of the audit and the plan: CSV, XLSX or JSON.

CSV and XLSX hold one row per account (audit) or per network (plan), with the stable keys
of the JSON schemas as column names (docs/report.md). Every text cell that a spreadsheet
could run as a formula is neutralised (``chandelle.cells``). CSV is UTF-8 with a BOM and
``;`` as separator, as French spreadsheets expect. JSON is the documented audit or plan
JSON, unchanged.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from chandelle.cells import safe_cell
from chandelle.errors import InputError, ReportError

if TYPE_CHECKING:
    from chandelle.audit.models import AuditReport
    from chandelle.plan.result import Plan

What = Literal["audit", "plan"]
SUFFIXES = (".csv", ".xlsx", ".json")

AUDIT_COLUMNS = (
    "platform", "handle", "status", "reason", "items_last_365d", "items_last_90d", "items_per_week",
    "active_week_share", "days_since_last_item", "longest_gap_days", "min_items_per_week",
    "hours_per_week", "hours_to_reach_minimum", "kb_sources",
)
PLAN_COLUMNS = (
    "platform", "decision", "handle", "current_status", "items_per_week", "min_items_per_week",
    "hours_per_week", "current_hours_per_week", "formats", "reasons",
)


def audit_rows(audit: AuditReport, lang: str) -> list[dict[str, Any]]:
    rows = []
    for account in audit.accounts:
        data = account.to_dict(lang)
        data["kb_sources"] = sorted(set(account.kb_sources.values()))
        rows.append({c: data.get(c) for c in AUDIT_COLUMNS})
    return rows


def plan_rows(plan: Plan, lang: str) -> list[dict[str, Any]]:
    rows = []
    for network in plan.to_json(lang)["networks"]:
        row = {c: network.get(c) for c in PLAN_COLUMNS}
        row["formats"] = [f"{f['format']} × {f['items_per_week']}" for f in network["formats"]]
        rows.append(row)
    return rows


def write_rows(rows: Sequence[dict[str, Any]], columns: Sequence[str], path: Path, sheet: str) -> None:
    """``rows`` as CSV or XLSX (by suffix), every text cell neutralised."""
    try:
        if path.suffix.lower() == ".csv":
            with path.open("w", encoding="utf-8-sig", newline="") as handle:
                writer = csv.writer(handle, delimiter=";")
                writer.writerow(columns)
                for row in rows:
                    writer.writerow(["" if (v := safe_cell(row.get(c))) is None else v for c in columns])
        else:
            from openpyxl import Workbook

            book = Workbook()
            table = book.active
            assert table is not None
            table.title = sheet
            table.append(list(columns))
            for row in rows:
                table.append([safe_cell(row.get(c)) for c in columns])
            book.save(str(path))
    except OSError as exc:
        raise ReportError("Cannot write {path}: {error}", path=str(path), error=str(exc)) from exc


def check_suffix(path: Path, allowed: Sequence[str]) -> str:
    suffix = path.suffix.lower()
    if suffix not in allowed:
        raise InputError("Cannot write {file}: unknown file type.", hint="Use one of: {allowed}.",
                         file=path.name, allowed=", ".join(allowed))
    return suffix


def export(what: What, path: Path, *, audit: AuditReport | None, plan: Plan | None, lang: str) -> None:
    """Write the audit or the plan to ``path`` (.csv, .xlsx or .json)."""
    suffix = check_suffix(path, SUFFIXES)
    if what == "audit":
        assert audit is not None
        if suffix == ".json":
            _write_text(path, audit.to_json(lang))
        else:
            write_rows(audit_rows(audit, lang), AUDIT_COLUMNS, path, "audit")
    else:
        assert plan is not None
        if suffix == ".json":
            _write_text(path, json.dumps(plan.to_json(lang), ensure_ascii=False, indent=2))
        else:
            write_rows(plan_rows(plan, lang), PLAN_COLUMNS, path, "plan")


def _write_text(path: Path, text: str) -> None:
    try:
        path.write_text(text + "\n", encoding="utf-8")
    except OSError as exc:
        raise ReportError("Cannot write {path}: {error}", path=str(path), error=str(exc)) from exc
