"""Audit, plan, calendar and downloads pages on the demo museum's store."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from chandelle.web.app import create_app
from chandelle.web.security import LANG_COOKIE
from chandelle.web.settings import WebSettings

BASE = "http://127.0.0.1:8000"


@pytest.fixture(scope="module")
def as_of() -> str:
    from chandelle.demo import DEFAULT_AS_OF

    return DEFAULT_AS_OF.isoformat()


@pytest.fixture
def demo(demo_settings: WebSettings) -> Iterator[TestClient]:
    with TestClient(create_app(demo_settings), base_url=BASE) as client:
        yield client


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_audit_shows_the_ghost_and_hours(demo: TestClient, as_of: str) -> None:
    html = demo.get(f"/audit?as_of={as_of}").text
    assert re.search(r'data-ghost="x"', html)                        # the abandoned X account
    assert "fantôme" in html and "<svg" in html                         # statuses and charts
    assert "h par semaine estimées pour" in _text(html)


def test_audit_status_is_a_word_not_only_a_colour(demo: TestClient, as_of: str) -> None:
    html = demo.get(f"/audit?as_of={as_of}").text
    badge = r'<span class="status status-(\w+)"><span aria-hidden="true">[^<]*</span>([^<]+)</span>'
    badges = re.findall(badge, html)
    words = {"active": "actif", "irregular": "irrégulier", "dormant": "en sommeil", "ghost": "fantôme"}
    assert len(badges) >= 4
    for status, word in badges:
        assert word.strip() == words[status]


def test_plan_reacts_to_the_controls(demo: TestClient, as_of: str) -> None:
    full = demo.get(f"/plan?as_of={as_of}")
    assert full.status_code == 200 and 'id="plan-controls"' in full.text
    fragment = demo.get(f"/plan/result?as_of={as_of}&hours=2", headers={"HX-Request": "true"})
    assert fragment.status_code == 200 and "<html" not in fragment.text
    planned = float(re.search(r'data-planned-hours="([^"]+)"', fragment.text).group(1))  # type: ignore[union-attr]
    assert planned <= 2
    default_planned = float(re.search(r'data-planned-hours="([^"]+)"', full.text).group(1))  # type: ignore[union-attr]
    assert default_planned > planned


def test_plan_page_keeps_the_profile_capacity_apart_from_the_control(demo: TestClient, as_of: str) -> None:
    from chandelle.i18n import fmt_number
    from chandelle.profile import load_profile

    html = demo.get(f"/plan?as_of={as_of}&hours=2").text
    assert 'id="hours"' in html and 'value="2"' in html
    profile = load_profile(demo.app.state.settings.profile_path)  # type: ignore[attr-defined]
    capacity = fmt_number(profile.capacity_hours_per_week, "fr")
    assert f"Capacité de l'équipe dans le profil : {capacity} h." in html.replace("&#39;", "'")


def test_plan_exclusion_is_respected(demo: TestClient, as_of: str) -> None:
    html = demo.get(f"/plan/result?as_of={as_of}&exclude=instagram", headers={"HX-Request": "true"}).text
    decisions = dict(re.findall(r'data-platform="(\w+)" data-decision="(\w+)"', html))
    assert decisions.get("instagram") not in ("keep", "start")


def test_plan_with_no_hours_is_absence_not_a_crash(demo: TestClient, as_of: str) -> None:
    html = demo.get(f"/plan/result?as_of={as_of}&hours=0", headers={"HX-Request": "true"}).text
    decisions = re.findall(r'data-decision="(\w+)"', html)
    assert decisions and not {"keep", "start"} & set(decisions)


@pytest.mark.parametrize("query", ["hours=-3", "hours=abc", "max_networks=99", "exclude=myspace",
                                   "as_of=hier"])
def test_bad_plan_controls_are_a_clear_400(demo: TestClient, query: str) -> None:
    response = demo.get(f"/plan/result?{query}", headers={"HX-Request": "true"})
    assert response.status_code == 400
    assert 'role="alert"' in response.text


def test_calendar_page_and_downloads(demo: TestClient, as_of: str) -> None:
    html = demo.get(f"/calendar?as_of={as_of}&start={as_of}&weeks=2").text
    assert html.count('class="card week"') == 2
    ics = demo.get(f"/download/calendar.ics?as_of={as_of}&start={as_of}&weeks=2")
    assert ics.status_code == 200 and ics.content.startswith(b"BEGIN:VCALENDAR")
    assert "attachment" in ics.headers["content-disposition"]
    xlsx = demo.get(f"/download/calendar.xlsx?as_of={as_of}")
    assert xlsx.content[:2] == b"PK"


def test_report_pdf_and_html(demo: TestClient, as_of: str) -> None:
    pdf = demo.get(f"/download/report.pdf?as_of={as_of}")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    html = demo.get(f"/download/report.html?as_of={as_of}")
    assert html.status_code == 200 and "<html" in html.text


def test_data_downloads(demo: TestClient, as_of: str) -> None:
    audit = demo.get(f"/download/audit.json?as_of={as_of}").json()
    assert {a["platform"] for a in audit["accounts"]} >= {"x", "instagram"}
    assert any(a["status"] == "ghost" and a["platform"] == "x" for a in audit["accounts"])
    plan = json.loads(demo.get(f"/download/plan.json?as_of={as_of}").text)
    assert plan["planned_hours_per_week"] <= plan["capacity_hours_per_week"]
    csv_text = demo.get(f"/download/audit.csv?as_of={as_of}").content.decode("utf-8-sig")
    assert csv_text.splitlines()[0].startswith("Réseau;Compte;Statut")
    assert "fantôme" in csv_text and ";ghost;" not in csv_text
    disposition = demo.get(f"/download/plan.csv?as_of={as_of}").headers["content-disposition"]
    assert f'filename="chandelle-plan-{as_of}.csv"' in disposition
    report = demo.get(f"/download/report.html?as_of={as_of}").headers["content-disposition"]
    assert f'filename="chandelle-rapport-{as_of}.html"' in report
    assert demo.get("/download/secrets.txt").status_code == 400


def test_handles_from_exports_are_escaped_on_every_page(client: TestClient, csrf: str, upload: object,
                                                          tmp_path: Path) -> None:
    evil = tmp_path / "evil.csv"
    evil.write_text('plateforme,compte,date,format,texte\n'
                    'mastodon,"<img src=x onerror=alert(1)>",01/02/2026 10:00,text,'
                    '"<script>alert(2)</script>"\n',
                    encoding="utf-8")
    assert upload(client, csrf, evil).status_code == 200  # type: ignore[operator]
    for path in ("/accounts", "/audit", "/plan", "/calendar"):
        html = client.get(path).text
        assert "<img src=x" not in html and "<script>alert" not in html, path
    assert "&lt;img src=x onerror=alert(1)&gt;" in client.get("/accounts").text


def test_a_missing_store_is_a_clear_page_and_stays_missing(tmp_path: Path) -> None:
    settings = WebSettings(db=tmp_path / "gone.duckdb", profile=tmp_path / "institution.toml")
    with TestClient(create_app(settings), base_url=BASE) as client:
        response = client.get("/audit")
    assert response.status_code == 404
    assert "La base gone.duckdb n'existe pas" in unescape(response.text)
    assert not settings.db.exists()                      # nothing created, no empty stand-in


def test_every_page_and_download_shares_one_audit(demo: TestClient, as_of: str,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from chandelle.analysis import compute

    audits: list[object] = []
    real_audit = compute.run_audit

    def counted(*args: object) -> object:
        audits.append(args[-1])
        return real_audit(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(compute, "run_audit", counted)
    for path in ("/audit", "/plan", "/plan/result?hours=2", "/calendar", "/download/report.html",
                 "/download/plan.json", "/download/audit.csv", "/download/calendar.ics"):
        joiner = "&" if "?" in path else "?"
        assert demo.get(f"{path}{joiner}as_of={as_of}").status_code == 200, path
    assert len(audits) == 1


def test_english_pages(demo: TestClient, as_of: str) -> None:
    demo.cookies.set("chandelle_lang", "en")
    html = demo.get(f"/audit?as_of={as_of}").text
    assert '<html lang="en">' in html and "Ghost accounts" in html


@pytest.mark.parametrize("path", ["/audit", "/plan", "/plan/result", "/calendar", "/downloads", "/profile",
                                  "/accounts", "/download/audit.json"])
def test_pages_on_an_empty_store(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200, _text(response.text)[-300:]


def test_home_goes_to_import_then_audit(client: TestClient, csrf: str, upload: object,
                                        web_fixtures: Path) -> None:
    assert client.get("/", follow_redirects=False).headers["location"] == "/import"
    upload(client, csrf, web_fixtures / "publications.csv")  # type: ignore[operator]
    assert client.get("/", follow_redirects=False).headers["location"] == "/audit"


def _svg_titles(html: str) -> list[str]:
    return re.findall(r'<text x="4\.0" y="16\.0"[^>]*font-weight="bold"[^>]*>([^<]+)</text>', html)


def _without_ids(svg: str) -> str:
    return re.sub(r"c\d+-", "c-", svg)


def test_audit_charts_are_titled_show_empty_months_and_french_numbers(demo: TestClient, as_of: str) -> None:
    html = demo.get(f"/audit?as_of={as_of}").text
    titles = _svg_titles(html)
    assert any(t.startswith("Publications par mois — X ") for t in titles), titles   # named on screen
    x_chart = html[html.index('data-network="x"'):]
    x_chart = x_chart[:x_chart.index("</svg>")]
    months = re.findall(r'transform="rotate\(-45[^>]*>([^<]+)</text>', x_chart)
    assert len(months) == 24                         # the abandoned account's empty months are shown
    ticks = re.findall(r'text-anchor="end" font-weight="normal" fill="#222">([\d.,\u202f ]+)</text>', x_chart)
    assert ticks and not any("." in t for t in ticks)


def test_web_and_report_draw_the_same_chart(demo: TestClient, as_of: str) -> None:
    page = demo.get(f"/audit?as_of={as_of}").text
    report = demo.get(f"/download/report.html?as_of={as_of}").text
    def monthly(html: str) -> str:
        start = html.index("Publications par mois — X ")
        start = html.rindex("<svg", 0, start)
        return _without_ids(html[start:html.index("</svg>", start)])
    assert monthly(page) == monthly(report)


def test_engagement_per_format_with_the_items_behind_it(demo: TestClient, as_of: str) -> None:
    html = demo.get(f"/audit?as_of={as_of}").text
    assert "Engagement par format" in html and "Publications mesurées" in html
    counts = re.findall(r'<table class="data engagement">.*?</table>', html, flags=re.S)
    assert counts and re.search(r'<td class="num">\d+</td>', counts[0])
    report = demo.get(f"/download/report.html?as_of={as_of}").text
    assert "Interactions médianes par publication" in report


def test_accounts_page_names_platforms_and_dates_in_french(demo: TestClient) -> None:
    html = demo.get("/accounts").text
    assert "<td>Instagram</td>" in html and "<td>instagram</td>" not in html
    assert re.search(r"<td>\d{1,2}(er)? \w+ 20\d\d</td>", html)


def test_calendar_weeks_are_written_the_french_way(demo: TestClient) -> None:
    html = demo.get("/calendar?start=2026-06-01&weeks=1").text
    assert "Semaine du 1er juin" in html


def test_plan_page_lists_what_the_diary_cannot_place(demo: TestClient, as_of: str) -> None:
    html = demo.get(f"/plan?as_of={as_of}&hours=40&max_networks=6").text
    calendar = demo.get(f"/calendar?as_of={as_of}&hours=40&max_networks=6").text
    unplaced = re.search(r"(\d+) publications prévues ne trouvent pas de place", html)
    assert unplaced is not None                              # the demo team cannot make everything
    in_calendar = calendar.count('<li><span aria-hidden="true">⚠ </span>')
    assert in_calendar == int(unplaced.group(1)) and "aucun membre de l&#39;équipe" in calendar


def test_content_page_shows_registers_and_the_method(demo: TestClient, as_of: str) -> None:
    html = demo.get(f"/content?as_of={as_of}").text
    text = _text(unescape(html))
    assert "<h1>Ce qui est publié</h1>" in html and 'href="/content"' in html
    assert 'id="registers"' in html and "savant" in text and "pratique" in text
    assert "Comment c'est mesuré" in text and "engagement compté en" in text
    demo.cookies.set("chandelle_lang", "en")
    assert "<h1>What is posted</h1>" in demo.get(f"/content?as_of={as_of}").text


def test_engagement_over_time_on_the_audit_page_and_in_the_report(demo: TestClient, as_of: str) -> None:
    title = "Interactions médianes par publication, par mois — "
    page = unescape(demo.get(f"/audit?as_of={as_of}").text)
    report = unescape(demo.get(f"/download/report.html?as_of={as_of}").text)
    for html in (page, report):
        start = html.rindex("<svg", 0, html.index(title))
        svg = html[start:html.index("</svg>", start)]
        assert svg.count("<rect") > 1 and "publications mesurées" in svg
    assert page.count(title) == report.count(title) >= 1


def test_the_reports_sources_use_french_titles(demo: TestClient, as_of: str) -> None:
    french = unescape(demo.get(f"/download/report.html?as_of={as_of}").text)
    demo.cookies.set(LANG_COOKIE, "en")
    english = unescape(demo.get(f"/download/report.html?as_of={as_of}").text)
    assert "Webinaire du CLIC France sur les nouveaux réseaux sociaux" in french
    assert "CLIC France webinar on new social networks" not in french
    assert "CLIC France webinar on new social networks" in english
