"""The institution profile form: saved as valid TOML, errors shown next to the fields."""

from __future__ import annotations

import re
import tomllib
from datetime import date

from fastapi.testclient import TestClient

from chandelle.profile import load_profile
from chandelle.toml_files import dumps
from chandelle.web.settings import WebSettings


def _form(csrf: str, **overrides: str) -> dict[str, str | list[str]]:
    data: dict[str, str | list[str]] = {
        "csrf_token": csrf, "name": "Musée des Beaux-Arts de Valmont", "kind": "fine_arts",
        "team.0.name": "Camille", "team.0.hours_per_week": "7,5", "team.0.skills": ["photo", "writing"],
        "team.1.name": "Sami", "team.1.hours_per_week": "4", "team.1.skills": ["video_editing"],
        "team.2.name": "", "team.2.hours_per_week": "",
        "objectives.visibility": "2", "objectives.education": "1", "objectives.youth_13_24": "0",
        "targets": ["families", "local_residents"], "values.avoid_fined_data_transfers": "exclude",
        "values.prefer_open_networks": "", "max_networks": "3", "margin_percent": "10",
        "school_holiday_zone": "B",
    }
    data.update(overrides)
    return data


def test_profile_page_shows_defaults_without_file(client: TestClient) -> None:
    html = client.get("/profile").text
    assert "Pas encore de profil" in html
    assert 'name="team.0.hours_per_week"' in html
    assert re.search(r'<label for="max_networks">', html)


def test_profile_saved_and_read_back(client: TestClient, csrf: str, settings: WebSettings) -> None:
    response = client.post("/profile", data=_form(csrf))
    assert response.status_code == 200, response.text[-2000:]
    assert "Profil enregistré" in response.text
    profile = load_profile(settings.profile_path)
    assert profile.name == "Musée des Beaux-Arts de Valmont"
    assert [(m.name, m.hours_per_week, m.skills) for m in profile.team] == [
        ("Camille", 7.5, ["photo", "writing"]), ("Sami", 4.0, ["video_editing"])]
    assert profile.capacity_hours_per_week == 11.5
    assert profile.objectives == {"visibility": 2.0, "education": 1.0}
    assert [(v.name, v.mode) for v in profile.values] == [("avoid_fined_data_transfers", "exclude")]
    assert profile.school_holiday_zone == "B" and abs(profile.margin_share - 0.1) < 1e-9


def test_profile_keeps_keys_the_form_does_not_show(client: TestClient, csrf: str,
                                                   settings: WebSettings) -> None:
    settings.profile_path.write_text(
        'name = "Ancien"\n[production_hours.instagram]\nreel = 3.0\n\n[[events]]\nname = "Vernissage"\n'
        'start = 2026-12-05\n', encoding="utf-8")
    assert client.post("/profile", data=_form(csrf)).status_code == 200
    profile = load_profile(settings.profile_path)
    assert profile.production_hours == {"instagram": {"reel": 3.0}}
    assert profile.events[0].start == date(2026, 12, 5)
    backup = settings.profile_path.with_name("institution.toml.bak")
    assert backup.read_text(encoding="utf-8").startswith('name = "Ancien"')


def test_validation_errors_sit_next_to_their_fields(client: TestClient, csrf: str,
                                                    settings: WebSettings) -> None:
    response = client.post("/profile", data=_form(csrf, **{"team.0.hours_per_week": "200",
                                                            "max_networks": "deux", "team.1.name": ""}))
    assert response.status_code == 422
    html = response.text
    assert 'id="team-0-hours_per_week-error"' in html and "au plus égal à 80" in html
    assert 'aria-describedby="team-0-hours_per_week-error"' in html and 'aria-invalid="true"' in html
    assert 'id="max_networks-error"' in html and "Saisissez un nombre" in html
    assert 'id="team-1-name-error"' in html
    assert 'value="200"' in html                       # what the user typed is kept
    assert not settings.profile_path.exists()           # nothing written


def test_profile_post_needs_csrf(client: TestClient, csrf: str, settings: WebSettings) -> None:
    data = _form(csrf)
    del data["csrf_token"]
    assert client.post("/profile", data=data).status_code == 403
    assert not settings.profile_path.exists()


def test_toml_writer_round_trips() -> None:
    data = {"name": 'Musée "des" Beaux-Arts\n', "max_networks": 3, "margin_share": 0.1, "flag": True,
            "targets": ["families"], "objectives": {"visibility": 2.0},
            "production_hours": {"instagram": {"reel": 3.0}, "tiktok": {"short": 1.5}},
            "team": [{"name": "Camille", "hours_per_week": 7.5, "skills": ["photo"]}],
            "events": [{"name": "Vernissage", "start": date(2026, 12, 5)}]}
    assert tomllib.loads(dumps(data)) == data
