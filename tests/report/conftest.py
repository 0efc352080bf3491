"""A hand-made ReportData: the rendering is tested without the audit and planner."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from chandelle.report.model import (
    FormatShare,
    GlossaryEntry,
    MonthCount,
    NetworkAudit,
    PortfolioLine,
    ReportData,
    Source,
    WhatIf,
)

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _months(counts: list[int]) -> tuple[MonthCount, ...]:
    out = []
    year, month = 2025, 1
    for value in counts:
        out.append(MonthCount(date(year, month, 1), value))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return tuple(out)


def make_report(lang: str = "fr", handle: str = "@musee") -> ReportData:
    active = NetworkAudit(
        platform="instagram", platform_label="Instagram", handle=handle, status="active",
        status_label="actif", reason="3,1 publications par semaine sur 12 mois.",
        items_last_365d=160, items_in_window=40, items_per_week=3.1, active_week_share=0.94,
        longest_gap_days=9, days_since_last_item=2, hours_per_week=7.5, min_items_per_week=2.0,
        monthly=_months([12, 14, 13, 15, 11, 6, 4, 13, 14, 16, 15, 14]),
        formats=(FormatShare("image", "Image", 80), FormatShare("carousel", "Carrousel", 40),
                 FormatShare("reel", "Reel", 30), FormatShare("story", "Story", 10)),
        source_keys=("instagram.min_cadence", "field.clic_2021"))
    ghost = NetworkAudit(
        platform="x", platform_label="X", handle="@musee_old", status="ghost", status_label="fantôme",
        reason="dernière publication il y a 143 jours ; 4 publications en 12 mois",
        items_last_365d=4, items_in_window=0, items_per_week=0.08, active_week_share=0.06,
        longest_gap_days=143, days_since_last_item=143, hours_per_week=1.2, min_items_per_week=1.0,
        monthly=_months([2, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]),
        formats=(FormatShare("text", "Texte", 3), FormatShare("image", "Image", 1)),
        source_keys=("x.min_cadence",))
    return ReportData(
        lang=lang, institution="Musée des Beaux-Arts de Test", as_of=date(2025, 12, 31),
        generated_at=datetime(2026, 1, 2, 9, 30), capacity_hours_per_week=6.0,
        estimated_hours_per_week=8.7, planned_hours_per_week=5.5,
        networks=[active, ghost],
        portfolio=[
            PortfolioLine("instagram", "Instagram", "keep", "garder", ("Reel × 1", "Carrousel × 1"), 2.0, 2.0,
                          5.5, ("Instagram gardé : 2 h de moins par semaine que TikTok.",)),
            PortfolioLine("x", "X", "archive", "archiver", (), 0.0, 1.0, 0.0,
                          ("X archivé : un dernier message épinglé renvoie vers Instagram.",)),
        ],
        what_if=[WhatIf(4.0, -2.0, ("Instagram",), 3.1, 4.0), WhatIf(6.0, 0.0, ("Instagram",), 4.2, 5.5),
                 WhatIf(10.0, 4.0, ("Instagram", "Facebook"), 6.0, 9.5)],
        sources=[Source("instagram.min_cadence", "Hootsuite 2023 via platforms.md [S74]",
                        "https://example.org/s74", "2023", "S")],
        glossary=[GlossaryEntry("Compte fantôme", "Compte visible mais abandonné.")],
        summary_recommendations=["Garder Instagram (2 publications par semaine).", "Archiver X."],
        summary_gains=["3,2 h libérées par semaine.", "1 compte fantôme en moins."],
        assumptions=["capacité par défaut"],
    )


@pytest.fixture
def sample_report() -> ReportData:
    return make_report()


def fill_store(con: object) -> None:
    """A small store: a steady Instagram account (captions hostile to HTML and to spreadsheets),
    an abandoned X account and a young TikTok account."""
    from datetime import timedelta

    con.execute("INSERT INTO accounts (account_id, platform, handle) VALUES "  # type: ignore[attr-defined]
                "(1, 'instagram', '@musee'), (2, 'x', '=HYPERLINK(\"x\")'), (3, 'tiktok', '@musee_tt')")
    rows = []
    moment, n = datetime(2024, 6, 1, 10), 0
    while moment < datetime(2026, 11, 20):
        n += 1
        rows.append(("instagram", f"ig{n}", 1, moment, ("photo", "carousel", "reel")[n % 3], "original",
                     f"{HOSTILE} légende {n}"))
        moment += timedelta(days=2 + n % 3)
    rows += [("x", f"x{k}", 2, datetime(2025, 1, 5) + timedelta(days=20 * k), "text", "original",
              "=cmd|' /C calc'!A0") for k in range(6)]
    rows += [("tiktok", f"tt{k}", 3, datetime(2026, 3, 1) + timedelta(days=7 * k), "video", "original", "+33")
             for k in range(30)]
    con.executemany(  # type: ignore[attr-defined]
        "INSERT INTO items (platform, item_id, account_id, published_at, format, kind, text) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)", rows)


AS_OF = date(2026, 11, 24)
