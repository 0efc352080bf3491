"""The report's section « Ce qui est publié »: data from content results, escaped, French first."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from chandelle.content import BasisNote, ContentReport, RegisterResult, SeriesResult, messages
from chandelle.content.trend import Trend
from chandelle.report.content import content_section
from chandelle.report.render import render_html

from .conftest import HOSTILE, make_report

NAMES = ("humour", "scholarly", "practical", "emotional", "other")


def _content(name: str = "#LeSaviezVous") -> ContentReport:
    trend = Trend(24, -0.04, -0.06, -0.02, 0.001)
    series = SeriesResult(
        platform="instagram", handle="musee", name=name, key="lesaviezvous", episodes=24,
        first_at=datetime(2025, 6, 2, 8, tzinfo=UTC), last_at=datetime(2026, 11, 10, 8, tzinfo=UTC),
        cadence_days=21.0, measured_episodes=24, basis="interactions", trend_pct_per_episode=-0.04,
        trend_ci=(-0.06, -0.02), p_value=0.001, verdict="worn", fatigue=True,
        reason=messages.worn(name, trend))
    registers = RegisterResult(
        platform="instagram", handle="musee", items=10, basis="interactions",
        shares=dict(zip(NAMES, (0.1, 0.5, 0.2, 0.1, 0.1), strict=True)),
        counts=dict(zip(NAMES, (1, 5, 2, 1, 1), strict=True)),
        engagement=dict(zip(NAMES, (300.0, 140.0, 90.0, 250.0, None), strict=True)),
        engagement_counts=dict(zip(NAMES, (1, 5, 2, 1, 0), strict=True)), relative=dict.fromkeys(NAMES))
    basis = BasisNote("threads", "musee", None, None, 0, 12, messages.basis_missing("threads", "musee"))
    return ContentReport(date(2026, 11, 24), 365, 5, [series], [registers], [], [basis])


def test_the_section_carries_the_sentences_and_figures_in_french() -> None:
    section = content_section(_content(), "fr")
    line = section.series[0]
    assert line.reason == ("#LeSaviezVous : l'engagement a baissé de 4 % par épisode sur 24 épisodes ; "
                           "envisagez de la renouveler ou de l'espacer")
    assert (line.verdict_label, line.cadence, line.episodes) == ("usée", "21 j", 24)
    assert section.register_names == ("humour", "savant", "pratique", "émotion", "autre")
    assert section.registers[0].cells[1].replace("\u202f", " ").replace("\u00a0", " ") == "50 % (5) · 140"
    assert section.registers[0].cells[4].replace("\u202f", " ").replace("\u00a0", " ") == "10 % (1)"
    assert "aucun chiffre n'est deviné" in section.bases[0]


def test_the_report_shows_the_section_and_escapes_series_names() -> None:
    data = replace(make_report(), content=content_section(_content(HOSTILE), "fr"))
    html = render_html(data)
    assert 'id="content"' in html and "Ce qui est publié" in html and 'href="#content"' in html
    assert "<script" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "Ce qui est publié" not in render_html(make_report())      # no content read: no section


def test_english() -> None:
    section = content_section(_content(), "en")
    assert section.series[0].reason.startswith("#LeSaviezVous: engagement fell by 4% per episode")
    assert section.series[0].cadence == "21 d"
