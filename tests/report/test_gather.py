"""Gathering the report from the store: figures equal direct counts; every message translated."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import duckdb

from chandelle.analysis import Institution, PlanRequest, analyse
from chandelle.calendar.cultural import load_cultural_calendar
from chandelle.i18n import _catalogue
from chandelle.labels import DECISION_LABELS, FORMAT_LABELS, FORMAT_PLURALS, STATUS_LABELS
from chandelle.profile import default_profile
from chandelle.report import build_report
from chandelle.report.gather import CHART_MONTHS, GLOSSARY

from .conftest import AS_OF, HOSTILE, fill_store

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "chandelle" / "report" / "templates"


def test_report_figures_equal_direct_counts(con: duckdb.DuckDBPyConnection) -> None:
    fill_store(con)
    profile = default_profile()
    data = build_report(analyse(con, Institution.of(profile), PlanRequest(AS_OF)), "fr")
    assert {(n.platform, n.handle) for n in data.networks} == {
        ("instagram", "@musee"), ("x", '=HYPERLINK("x")'), ("tiktok", "@musee_tt")}
    assert [n.platform for n in data.ghosts] == ["x"]
    for network in data.networks:
        assert len(network.monthly) == CHART_MONTHS
        assert network.monthly[-1].month == date(2026, 11, 1)
        direct = dict(con.execute("""
            SELECT date_trunc('month', published_at)::DATE, count(*) FROM content_items
            WHERE platform = ? AND published_at < DATE '2026-11-25' GROUP BY 1""",
            [network.platform]).fetchall())
        for month in network.monthly:
            assert month.items == direct.get(month.month, 0), (network.platform, month)
        assert sum(f.items for f in network.formats) == network.items_last_365d
    instagram = next(n for n in data.networks if n.platform == "instagram")
    assert instagram.last_item_text is not None and instagram.last_item_text.startswith(HOSTILE)
    assert data.portfolio and data.what_if
    assert {w.delta_hours for w in data.what_if} >= {0.0, 2.0}
    cited = {k for n in data.networks for k in n.source_keys}
    assert cited <= {s.key for s in data.sources} | {"chandelle-assumptions", "profile"}


def _template_msgids() -> set[str]:
    found: set[str] = set()
    for path in TEMPLATES.glob("*.j2"):
        found |= set(re.findall(r'_\("((?:[^"\\]|\\.)*)"', path.read_text(encoding="utf-8")))
    return found


def test_every_report_message_has_french() -> None:
    cal = load_cultural_calendar()
    msgids = (_template_msgids() | set(FORMAT_LABELS.values()) | set(FORMAT_PLURALS.values())
              | set(STATUS_LABELS.values())
              | set(DECISION_LABELS.values()) | {t for pair in GLOSSARY for t in pair}
              | {m.title for m in cal.moments} | {h.title for h in cal.school_holidays})
    assert len(msgids) > 100
    catalogue = _catalogue("fr")
    assert sorted(m for m in msgids if m not in catalogue) == []


def test_sources_are_titled_in_french_where_a_french_title_exists(con: duckdb.DuckDBPyConnection) -> None:
    fill_store(con)
    analysis = analyse(con, Institution.of(default_profile()), PlanRequest(AS_OF))
    french = {s.key: s.title for s in build_report(analysis, "fr").sources}
    english = {s.key: s.title for s in build_report(analysis, "en").sources}
    assert french["CLIC2021"].startswith("Webinaire du CLIC France sur les nouveaux réseaux sociaux")
    assert english["CLIC2021"].startswith("CLIC France webinar on new social networks")
    untranslated = [k for k in french if k not in ("CLIC2021",) and french[k] == english[k]]
    assert untranslated  # sources without a French title keep their own in both languages
