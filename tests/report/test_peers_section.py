"""The report's peers section (report/peers.py, templates/_peers.html.j2)."""

from __future__ import annotations

from chandelle.audit.peers import AccountFigures, peer_positions
from chandelle.report.peers import peer_rows
from chandelle.report.render import render_html

from .conftest import make_report


def test_the_report_places_each_account_among_its_peers() -> None:
    positions = peer_positions([AccountFigures("x", "@musee", None, 1.0, 0.5, 800)], "fine_arts", "large")
    data = make_report()
    data.peers = peer_rows(positions, "fr")
    html = render_html(data)
    assert "Parmi ses pairs" in html
    assert ("musées britanniques (Musée des beaux-arts, grands musées), "
            "données sectorielles MIP-JOCCH2024") in html
    assert "du 1er janvier 2019 au 31 mai 2022" in html   # the window in French words


def test_no_peers_no_section() -> None:
    assert "Parmi ses pairs" not in render_html(make_report())
