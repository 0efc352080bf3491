"""Data exports of the audit and the plan: CSV, XLSX or JSON.

CSV and XLSX hold one row per account (audit) or per network (plan) for people: column names
and words (platform, status, decision, format) in the reader's language — the JSON export keeps
the stable keys and slugs of the documented schemas (docs/report.md). Every text cell that a spreadsheet
could run as a formula is neutralised (``chandelle.cells``). CSV is UTF-8 with a BOM and
``;`` as separator, as French spreadsheets expect. JSON is the documented audit or plan
JSON, unchanged.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from chandelle.cells import safe_cell
from chandelle.errors import InputError, ReportError
from chandelle.i18n import fmt_number, translator
from chandelle.labels import decision_label, format_label, platform_label, status_label

if TYPE_CHECKING:
    from chandelle.audit.models import AuditReport
    from chandelle.plan.result import Plan

What = Literal["audit", "plan"]
SUFFIXES = (".csv", ".xlsx", ".json")

AUDIT_COLUMNS = (
    "platform", "handle", "status", "reason", "items_last_365d", "items_in_window", "items_per_week",
    "active_week_share", "days_since_last_item", "longest_gap_days", "min_items_per_week",
    "hours_per_week", "hours_to_reach_minimum", "kb_sources",
)
PLAN_COLUMNS = (
    "platform", "decision", "handle", "current_status", "items_per_week", "min_items_per_week",
    "hours_per_week", "current_hours_per_week", "formats", "reasons",
)


def _(msgid: str) -> str:
    return msgid


# Column names as people read them (msgids; French in report.po).
COLUMN_LABELS = {
    "platform": _("Network"), "handle": _("Account"), "status": _("Status"), "reason": _("Why"),
    "items_last_365d": _("Items, last 12 months"), "items_in_window": _("Items, last {days} days"),
    "items_per_week": _("Items per week"), "active_week_share": _("Share of weeks with an item"),
    "days_since_last_item": _("Days since the last item"), "longest_gap_days": _("Longest gap (days)"),
    "min_items_per_week": _("Minimum viable per week"), "hours_per_week": _("Hours per week"),
    "hours_to_reach_minimum": _("Hours more to reach the minimum"), "kb_sources": _("Sources"),
    "decision": _("Decision"), "current_status": _("Status today"),
    "current_hours_per_week": _("Hours per week today"), "formats": _("Formats"), "reasons": _("Reasons"),
}
# Columns holding a slug, and how to name it.
_WORDS = {"platform": platform_label, "status": status_label, "current_status": status_label,
          "decision": decision_label}


def column_headers(columns: Sequence[str], lang: str, window_days: int = 90) -> list[str]:
    """The columns' names in ``lang``; the recent window's says how many days it covers."""
    tr = translator(lang)
    return [tr(COLUMN_LABELS[c], days=window_days) if c == "items_in_window" else tr(COLUMN_LABELS.get(c, c))
            for c in columns]


def readable(row: dict[str, Any], lang: str) -> dict[str, Any]:
    """The row with its slugs (platform, status, decision) written as words."""
    return {k: (_WORDS[k](v, lang) if k in _WORDS and isinstance(v, str) else v) for k, v in row.items()}


def audit_rows(audit: AuditReport, lang: str) -> list[dict[str, Any]]:
    rows = []
    for account in audit.accounts:
        data = account.to_dict(lang)
        data["kb_sources"] = sorted(set(account.kb_sources.values()))
        rows.append(readable({c: data.get(c) for c in AUDIT_COLUMNS}, lang))
    return rows


def plan_rows(plan: Plan, lang: str) -> list[dict[str, Any]]:
    rows = []
    for network in plan.to_dict(lang)["networks"]:
        row = readable({c: network.get(c) for c in PLAN_COLUMNS}, lang)
        row["formats"] = [f"{format_label(f['format'], lang)} × {fmt_number(f['items_per_week'], lang)}"
                          for f in network["formats"]]
        rows.append(row)
    return rows


def write_rows(rows: Sequence[dict[str, Any]], columns: Sequence[str], path: Path, sheet: str,
               headers: Sequence[str] | None = None) -> None:
    """``rows`` as CSV or XLSX (by suffix) under ``headers`` (default: the column keys), every
    text cell neutralised."""
    headers = list(headers or columns)
    try:
        if path.suffix.lower() == ".csv":
            with path.open("w", encoding="utf-8-sig", newline="") as handle:
                writer = csv.writer(handle, delimiter=";")
                writer.writerow(headers)
                for row in rows:
                    writer.writerow(["" if (v := safe_cell(row.get(c))) is None else v for c in columns])
        else:
            from openpyxl import Workbook

            book = Workbook()
            table = book.active
            assert table is not None
            table.title = sheet
            table.append(headers)
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
            write_rows(audit_rows(audit, lang), AUDIT_COLUMNS, path, "audit",
                       column_headers(AUDIT_COLUMNS, lang, audit.window_days))
    else:
        assert plan is not None
        if suffix == ".json":
            _write_text(path, plan.to_json(lang))
        else:
            write_rows(plan_rows(plan, lang), PLAN_COLUMNS, path, "plan",
                       column_headers(PLAN_COLUMNS, lang))


def _write_text(path: Path, text: str) -> None:
    try:
        path.write_text(text + "\n", encoding="utf-8")
    except OSError as exc:
        raise ReportError("Cannot write {path}: {error}", path=str(path), error=str(exc)) from exc
