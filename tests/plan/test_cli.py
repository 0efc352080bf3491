"""`chandelle plan`: French by default, JSON schema, scenarios, federation, clear errors."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

Run = Callable[..., Any]

PROFILE = """name = "Musée test"
[[team]]
name = "Camille"
hours_per_week = 9
skills = ["photo", "writing"]
[[team]]
name = "Sacha"
hours_per_week = 5
skills = ["video_editing"]
[objectives]
visibility = 2
youth_13_24 = 1
"""


@pytest.fixture(autouse=True)
def empty_store(tmp_path: Path) -> Path:
    """The store run_cli points CHANDELLE_DB at, created empty (plan reads it)."""
    from chandelle import store

    path = tmp_path / "test.duckdb"
    store.connect(path).close()
    return path


def _profile(tmp_path: Path) -> str:
    path = tmp_path / "institution.toml"
    path.write_text(PROFILE, encoding="utf-8")
    return str(path)


def test_plan_prints_a_french_portfolio_by_default(run_cli: Run, tmp_path: Path) -> None:
    result = run_cli("plan", "--profile", _profile(tmp_path), "--as-of", "2026-11-24")
    assert result.exit_code == 0, result.stderr
    assert "Portefeuille recommandé" in result.stdout
    assert "Plan optimal prouvé par HiGHS" in result.stdout
    assert "h de plus par semaine" in result.stdout


def test_plan_json_follows_the_schema(run_cli: Run, tmp_path: Path) -> None:
    result = run_cli(
        "plan",
        "--json",
        "--profile",
        _profile(tmp_path),
        "--hours",
        "8",
        "--max-networks",
        "2",
        "--exclude",
        "tiktok",
        "--lang",
        "en",
        "--as-of",
        "2026-11-24",
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["capacity_hours_per_week"] == 8
    assert data["planned_hours_per_week"] <= 8 * 0.9 + 1e-6
    assert data["solver"]["optimal"] is True
    active = [n for n in data["networks"] if n["decision"] in ("keep", "start")]
    assert 0 < len(active) <= 2
    tiktok = next(n for n in data["networks"] if n["platform"] == "tiktok")
    assert tiktok["decision"] == "absent"
    assert any("values" in r or "--exclude" in r for r in tiktok["reasons"])


def test_plan_without_profile_runs_on_documented_defaults(
    run_cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run_cli("plan", "--json", "--as-of", "2026-11-24")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["sources"]["capacity_hours_per_week"] == "profile:team.hours_per_week"


def test_zero_hours_is_a_plan_of_absence_not_a_crash(run_cli: Run, tmp_path: Path) -> None:
    result = run_cli("plan", "--profile", _profile(tmp_path), "--hours", "0", "--as-of", "2026-11-24")
    assert result.exit_code == 0, result.stderr
    assert "Plan d'absence" in result.stdout


def test_scenarios_are_compared_side_by_side(run_cli: Run, tmp_path: Path) -> None:
    scenarios = tmp_path / "scenarios.toml"
    scenarios.write_text(
        '[[scenario]]\nname = "Base"\n[[scenario]]\nname = "Plus"\nhours = 30\n'
        '[[scenario]]\nname = "Recoupé"\noverlap = 0.95\nexclude = ["facebook"]\n',
        encoding="utf-8",
    )
    result = run_cli(
        "plan",
        "--json",
        "--profile",
        _profile(tmp_path),
        "--scenarios",
        str(scenarios),
        "--as-of",
        "2026-11-24",
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)["scenarios"]
    assert [s["name"] for s in data] == ["Base", "Plus", "Recoupé"]
    assert data[1]["plan"]["objective_value"] >= data[0]["plan"]["objective_value"]
    table = run_cli(
        "plan", "--profile", _profile(tmp_path), "--scenarios", str(scenarios), "--as-of", "2026-11-24"
    )
    assert "Scénarios côte à côte" in table.stdout


def test_a_bad_scenario_file_names_the_key(run_cli: Run, tmp_path: Path) -> None:
    scenarios = tmp_path / "bad.toml"
    scenarios.write_text('[[scenario]]\nname = "x"\nhourz = 3\n', encoding="utf-8")
    result = run_cli("plan", "--profile", _profile(tmp_path), "--scenarios", str(scenarios))
    assert result.exit_code == 1
    assert "hourz" in result.stderr and "Traceback" not in result.stderr


def test_federation_from_the_command_line(run_cli: Run, tmp_path: Path) -> None:
    _profile(tmp_path)
    (tmp_path / "fed.toml").write_text(
        'name = "Ville"\ncapacity_hours_per_week = 12\nshared_platforms = ["youtube"]\n'
        '[[members]]\nprofile = "institution.toml"\n'
        '[[members]]\nprofile = "institution.toml"\n',
        encoding="utf-8",
    )
    result = run_cli("plan", "--federation", str(tmp_path / "fed.toml"), "--json", "--as-of", "2026-11-24")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["solver"]["optimal"] and data["planned_hours_per_week"] <= 12
    assert {n["institution"] for n in data["networks"]} >= {"Musée test", "Musée test (2)"}
    text = run_cli("plan", "--federation", str(tmp_path / "fed.toml"), "--as-of", "2026-11-24")
    assert "Plan fédéré" in text.stdout


def test_plan_on_a_missing_store_is_one_line_and_creates_nothing(run_cli: Run, tmp_path: Path) -> None:
    missing = tmp_path / "typo.duckbd"
    result = run_cli("plan", "--db", str(missing), "--profile", _profile(tmp_path))
    assert result.exit_code == 2
    assert str(missing) in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not missing.exists()


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (("--hours", "nan"), "hours"),
        (("--hours", "1e308"), "hours"),
        (("--hours", "-1"), "hours"),
        (("--max-networks", "99"), "max_networks"),
        (("--exclude", "myspace"), "myspace"),
        (("--as-of", "9999-12-01"), "9999-12-01"),
        (("--as-of", "hier"), "hier"),
    ],
)
def test_bad_requests_are_one_line_and_exit_2(
    run_cli: Run, tmp_path: Path, args: tuple[str, ...], named: str
) -> None:
    result = run_cli("plan", "--json", "--profile", _profile(tmp_path), *args)
    assert result.exit_code == 2, result.stdout
    assert named in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""  # no JSON at all, let alone "optimal": true


def test_a_federation_with_more_hours_keeps_the_file_margin_share(run_cli: Run, tmp_path: Path) -> None:
    _profile(tmp_path)
    (tmp_path / "fed.toml").write_text(
        'name = "Ville"\ncapacity_hours_per_week = 12\nmargin_share = 0.25\n'
        '[[members]]\nprofile = "institution.toml"\n',
        encoding="utf-8",
    )
    result = run_cli(
        "plan", "--federation", str(tmp_path / "fed.toml"), "--hours", "20", "--json", "--as-of", "2026-11-24"
    )
    data = json.loads(result.stdout)
    assert data["capacity_hours_per_week"] == 20 and data["margin_hours_per_week"] == 5
