"""Scenarios saved, compared side by side, downloaded; the plan against what was published
(issue 13, points 3 and 6)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from chandelle.analysis import PlanRequest
from chandelle.plan.scenarios import load_scenarios
from chandelle.web.app import create_app
from chandelle.web.settings import WebSettings


@pytest.fixture
def demo_folder(demo_settings: WebSettings) -> Path:
    return demo_settings.profile_path.parent


@pytest.fixture
def demo(demo_settings: WebSettings, demo_folder: Path) -> Iterator[TestClient]:
    (demo_folder / "scenarios.toml").unlink(missing_ok=True)
    with TestClient(create_app(demo_settings), base_url=BASE_URL) as client:
        yield client


BASE_URL = "http://127.0.0.1:8000"


def csrf_of(client: TestClient) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/import").text)
    assert match
    return match.group(1)


def _save(client: TestClient, name: str, **fields: object) -> None:
    response = client.post("/scenarios", data={"csrf_token": csrf_of(client), "name": name, **fields},
                           follow_redirects=False)
    assert response.status_code == 303, response.text[-400:]


def test_scenarios_are_saved_in_the_command_line_format(demo: TestClient, demo_folder: Path) -> None:
    _save(demo, "Deux heures", hours="2", max_networks="2")
    _save(demo, "Sans X", exclude="x")
    scenarios = load_scenarios(demo_folder / "scenarios.toml", PlanRequest(date(2026, 1, 5)))
    assert [(s.name, s.request.hours, s.request.max_networks, s.request.exclude) for s in scenarios] == [
        ("Deux heures", 2.0, 2, ()), ("Sans X", None, None, ("x",))]


def test_saving_needs_a_token_and_a_name(demo: TestClient) -> None:
    assert demo.post("/scenarios", data={"name": "x"}).status_code == 403
    refused = demo.post("/scenarios", data={"csrf_token": csrf_of(demo), "name": " "})
    assert refused.status_code == 400


def test_scenarios_side_by_side_with_their_own_downloads(demo: TestClient) -> None:
    from chandelle.demo import DEFAULT_AS_OF

    as_of = DEFAULT_AS_OF.isoformat()
    _save(demo, "Deux heures", hours="2")
    html = demo.get(f"/scenarios?as_of={as_of}").text
    assert 'data-scenario="Deux heures"' in html
    links = re.findall(r'href="(/download/report\.html\?[^"]+)"', html)
    scenario_link = next(link for link in links if "hours=2" in link).replace("&amp;", "&")
    default_link = next(link for link in links if "hours=" not in link).replace("&amp;", "&")
    scenario_report = demo.get(scenario_link).text
    default_report = demo.get(default_link).text
    planned = r"<b>([\d,\u202f ]+) h</b>par semaine avec le plan recommandé"
    scenario_hours = re.search(planned, scenario_report.replace("\n", ""))
    assert scenario_hours is not None
    assert float(scenario_hours.group(1).replace(",", ".")) <= 2
    assert scenario_report != default_report
    ics = demo.get(next(link for link in re.findall(r'href="(/download/calendar\.ics\?[^"]+)"', html)
                        if "hours=2" in link).replace("&amp;", "&"))
    assert ics.status_code == 200 and ics.content.startswith(b"BEGIN:VCALENDAR")


def test_the_plan_against_what_was_published_since(demo: TestClient) -> None:
    from chandelle.demo import DEFAULT_AS_OF

    html = demo.get(f"/followup?as_of={DEFAULT_AS_OF.isoformat()}&since=2026-09-01").text
    rows = dict(re.findall(r'data-platform="(\w+)" data-verdict="(\w+)"', html))
    assert rows, html[-500:]
    assert set(rows.values()) <= {"planned", "minimum", "below", "still_published", "stopped"}
    assert "Publié par semaine" in html
    too_short = demo.get(f"/followup?as_of={DEFAULT_AS_OF.isoformat()}&since=2026-11-22")
    assert too_short.status_code == 400
