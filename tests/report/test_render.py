"""The HTML report: escaped, self-contained, French by default, every section present."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from html import unescape

import pytest

from chandelle.audit import MonthEngagement
from chandelle.report.model import ReportData
from chandelle.report.render import render_html

from .conftest import HOSTILE, make_report

SECTIONS_FR = ("Synthèse", "Audit par réseau", "Comptes fantômes", "Portefeuille recommandé",
               "Ce que changeraient plus ou moins d'heures", "Méthodes et sources", "Glossaire")


def _hostile_report() -> ReportData:
    data = make_report(handle=HOSTILE)
    network = replace(data.networks[0], reason=HOSTILE, last_item_text=HOSTILE,
                      last_item_at=data.generated_at)
    portfolio = [replace(data.portfolio[0], reasons=(HOSTILE,))]
    return replace(data, institution=HOSTILE, networks=[network, data.networks[1]], portfolio=portfolio,
                   summary_recommendations=[HOSTILE])


def test_text_from_exports_is_escaped_everywhere() -> None:
    html = render_html(_hostile_report())
    assert "<script" not in html
    assert "<img" not in html
    assert "onerror=alert(1)>" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html     # shown as text, quotes escaped too
    assert html.count("&lt;img src=x onerror=alert(1)&gt;") >= 5


def test_report_is_self_contained() -> None:
    html = render_html(make_report())
    assert not re.search(r"<(link|script|img|iframe)\b", html)
    assert not re.search(r"(src|href)=\"https?:", html)
    assert "@import" not in html
    assert "<svg" in html and "<style>" in html


def test_french_by_default_with_every_section() -> None:
    html = unescape(render_html(make_report()))
    for title in SECTIONS_FR:
        assert title in html
    assert "31 décembre 2025" in html
    assert "8,7 h" in html                       # French decimal comma


def test_english_available() -> None:
    html = render_html(make_report(lang="en"))
    for title in ("Summary", "Audit per network", "Ghost accounts", "Recommended portfolio", "Glossary"):
        assert title in html
    assert "31 December 2025" in html           # en_GB, the English locale chandelle formats with


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_charts_for_every_network(lang: str) -> None:
    data = make_report(lang=lang)
    html = render_html(data)
    # hours chart + (monthly + format mix) per network
    assert html.count("<svg") == 1 + 2 * len(data.networks)


def test_empty_store_report_says_so() -> None:
    data = replace(make_report(), networks=[], portfolio=[], what_if=[], sources=[])
    html = unescape(render_html(data))
    assert "Aucun compte n'a encore été importé." in html
    assert "Aucun plan n'a pu être calculé." in html


def _svg_titled(html: str, title: str) -> str:
    start = html.rindex("<svg", 0, html.index(title))
    return html[start:html.index("</svg>", start)]


def test_engagement_over_time_is_drawn_with_gaps_item_counts_and_french_numbers() -> None:
    data = make_report()
    instagram, ghost = data.networks
    series = (MonthEngagement(date(2025, 11, 1), 3, 12.5), MonthEngagement(date(2025, 12, 1), 17, 1234.0))
    measured = replace(instagram, monthly_engagement=series)
    html = unescape(render_html(replace(data, networks=[measured, ghost])))
    svg = _svg_titled(html, "Interactions médianes par publication, par mois — Instagram @musee")
    assert svg.count('class="gap"') == 22        # 24 months (Jan. 2024 - Dec. 2025), 2 measured
    assert ">17</text>" in svg and ">3</text>" in svg     # the items behind each bar
    assert "1\u202f500" in svg and ">1500" not in svg       # axis 0-2000, French thousands
    assert "nov. 25" in svg and "janv. 24" in svg
    # the ghost's exports carry no engagement: said in words, no chart
    assert html.count("<svg") == 1 + 2 * 2 + 1
    assert "Pas d'engagement par publication dans les exports de ce compte." in html
