"""A first visit without a profile: the guide to get exports, a banner instead of an invented team,
a short first-run form with errors next to the fields (issue 13, points 1, 2 and 11)."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from chandelle.i18n import _catalogue, translator
from chandelle.importers import IMPORTERS
from chandelle.importers.guide import FIELDS, export_guides, guide_msgids
from chandelle.profile import load_profile
from chandelle.web.settings import WebSettings


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#39;", "'")


def test_the_guide_covers_every_platform_with_an_importer() -> None:
    platforms = {g.platform for g in export_guides()}
    assert platforms == {i.PLATFORM for i in IMPORTERS.values()}
    assert all(getattr(g, f) for g in export_guides() for f in FIELDS)
    missing = sorted(m for m in guide_msgids() if m not in _catalogue("fr"))
    assert missing == []


def test_the_import_page_says_where_to_click_on_each_platform(client: TestClient) -> None:
    html = client.get("/import").text
    x = next(i for i in IMPORTERS.values() if i.PLATFORM == "x")
    howto_fr = translator("fr")(x.HOWTO)
    assert 'data-guide="x"' in html and howto_fr in _text(html)
    assert "Un jour ou plus" in _text(html)                       # how long X takes to send it
    assert client.get("/guide").status_code == 200


def test_docs_importers_are_written_from_the_same_source() -> None:
    import runpy
    from pathlib import Path

    script = Path(__file__).resolve().parents[2] / "scripts" / "importers_guide.py"
    with pytest.raises(SystemExit) as done:
        runpy.run_path(str(script), run_name="__main__")  # argv has no --check: would rewrite
    assert done.value.code == 0
    module = runpy.run_path(str(script))
    assert module["main"](True) == 0, "docs/importers are out of date: run scripts/importers_guide.py"


@pytest.mark.parametrize("path", ["/import", "/audit", "/plan", "/calendar", "/downloads", "/accounts"])
def test_without_a_profile_every_page_says_figures_are_defaults(client: TestClient, path: str) -> None:
    html = client.get(path).text
    assert 'id="defaults-banner"' in html and 'href="/start"' in html, path
    assert "member 1" not in html and "membre 1" not in html


def test_without_a_profile_nothing_is_invented(client: TestClient) -> None:
    plan = _text(client.get("/plan").text)
    assert "Capacité de l'équipe dans le profil" not in plan
    assert "valeur par défaut de chandelle" in plan
    assert "Pas encore d'équipe" in _text(client.get("/calendar").text)
    refused = client.get("/download/report.pdf")
    assert refused.status_code == 400 and "nom de l'institution" in _text(refused.text)
    assert 'href="/download/report.pdf' not in client.get("/downloads").text


def test_the_first_run_form_refuses_an_empty_name_and_says_why(client: TestClient, csrf: str,
                                                               settings: WebSettings) -> None:
    response = client.post("/start", data={"csrf_token": csrf, "name": "  ", "team.0.name": "Camille",
                                            "team.0.hours_per_week": "-2"})
    assert response.status_code == 422
    html = response.text
    assert re.search(r'id="name"[^>]*aria-invalid="true"', html)
    assert 'id="name-error"' in html and "nom de l'institution" in _text(html)
    assert "au moins égal à 0.0" not in html
    assert not settings.profile_path.exists()


def test_the_first_run_form_writes_the_profile_and_the_banner_goes(client: TestClient, csrf: str,
                                                                   settings: WebSettings) -> None:
    response = client.post("/start", data={"csrf_token": csrf, "name": "Musée de Valmont",
                                            "team.0.name": "Camille", "team.0.hours_per_week": "6,5",
                                            "team.1.name": "Sam", "team.1.hours_per_week": "3",
                                            "targets": ["families", "tourists"]}, follow_redirects=False)
    assert response.status_code == 303
    profile = load_profile(settings.profile_path)
    assert profile.name == "Musée de Valmont" and profile.capacity_hours_per_week == 9.5
    assert [m.name for m in profile.team] == ["Camille", "Sam"]
    assert profile.targets == ["families", "tourists"]
    assert 'id="defaults-banner"' not in client.get("/audit").text
    assert "Capacité de l'équipe dans le profil : 9,5 h." in _text(client.get("/plan").text)


def test_profile_bounds_are_written_the_french_way(client: TestClient, csrf: str) -> None:
    response = client.post("/profile", data={"csrf_token": csrf, "name": "Musée", "team.0.name": "Camille",
                                              "team.0.hours_per_week": "-4", "margin_percent": "150"})
    assert response.status_code == 422
    messages = re.findall(r'class="field-error"[^>]*>(.*?)</p>', response.text)
    assert any(m.endswith("au moins égal à 0.") for m in messages), messages
    assert any(m.endswith("au plus égal à 100.") for m in messages), messages
    assert not any("0.0" in m for m in messages)


def test_plan_controls_out_of_range_say_so_next_to_the_field(client: TestClient) -> None:
    page = client.get("/plan?hours=-3")
    assert page.status_code == 422
    assert re.search(r'id="hours"[^>]*aria-invalid="true"', page.text)
    assert "entre 0 et 200, par demi-heures (par exemple 7,5)" in _text(page.text)
    fragment = client.get("/plan/result?hours=2.3", headers={"HX-Request": "true"})
    assert fragment.status_code == 400 and "par demi-heures" in _text(fragment.text)
