"""The institution profile: the documented example, defaults, field-level errors, `chandelle init`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from chandelle.errors import ConfigError
from chandelle.profile import default_profile, example_text, load_profile, profile_from_mapping, write_example

ROOT = Path(__file__).resolve().parent.parent


def test_the_documented_example_is_the_packaged_one_and_it_loads() -> None:
    docs = ROOT / "docs" / "institution.example.toml"
    assert docs.read_text(encoding="utf-8") == example_text()
    profile = load_profile(docs)
    assert profile.capacity_hours_per_week == 18
    assert profile.max_networks == 3
    assert profile.skills() == {"photo", "writing", "graphic_design", "video_editing"}
    assert profile.school_holiday_zone == "B"
    assert profile.events[0].start.isoformat() == "2027-03-12"
    assert profile.assumed == []


def test_the_example_documents_every_field() -> None:
    text = example_text()
    fields = ("name", "kind", "team", "objectives", "targets", "values", "max_networks", "margin_share",
              "equipment", "production_hours", "min_items_per_week", "overhead_hours_per_week",
              "accounts", "events", "school_holiday_zone")
    for field in fields:
        assert field in text, field


def test_without_a_file_the_defaults_are_assumed_and_listed(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    profile = load_profile(None)
    assert profile == default_profile()
    assert profile.capacity_hours_per_week == 10  # one person, 10 h: kb defaults (documented assumption)
    assert profile.max_networks == 3
    assumed = {"team_members", "hours_per_member_per_week", "max_networks", "margin_share"}
    assert set(profile.assumed) == assumed


def test_a_profile_without_team_assumes_the_default_team() -> None:
    profile = profile_from_mapping({"name": "Musée"})
    assert profile.capacity_hours_per_week == 10
    assert "hours_per_member_per_week" in profile.assumed


@pytest.mark.parametrize(("data", "key", "allowed"), [
    ({"name": "M", "kind": "zoo"}, "kind", "fine_arts"),
    ({"name": "M", "objectives": {"fame": 1}}, "objectives", "visibility"),
    ({"name": "M", "team": [{"name": "A", "hours_per_week": 5, "skills": ["juggling"]}]}, "team.0.skills",
     "live_streaming"),
    ({"name": "M", "values": [{"name": "be_nice"}]}, "values.0.name", "prefer_open_networks"),
    ({"name": "M", "school_holiday_zone": "D"}, "school_holiday_zone", "'A'"),
    ({"name": "M", "production_hours": {"tiktok": {"hologram": 2}}}, "production_hours", "reel"),
    ({"name": "M", "max_networks": -1}, "max_networks", ""),
    ({"name": "M", "colour": "blue"}, "colour", ""),
])
def test_bad_values_name_the_key_and_the_allowed_values(data: dict[str, object], key: str,
                                                         allowed: str) -> None:
    with pytest.raises(ConfigError) as caught:
        profile_from_mapping(data, source="institution.toml")
    text = caught.value.render("fr")
    assert f"« {key} »" in text
    assert allowed in text
    assert text.startswith("institution.toml")


def test_a_broken_toml_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "institution.toml"
    path.write_text("name = \n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_profile(path)
    with pytest.raises(ConfigError, match="not found"):
        load_profile(tmp_path / "missing.toml")


def test_own_production_times_override_the_kb() -> None:
    profile = load_profile(ROOT / "docs" / "institution.example.toml")
    kb = profile.knowledge_base()
    reel = kb.platforms["instagram"].hours_for("reel")
    assert reel is not None and reel.value == 4.0 and reel.source == "profile"
    assert kb.platforms["instagram"].cadence.min_items_per_week.value == 1.5
    assert kb.platforms["facebook"].overhead_hours_per_week.value == 0.5
    assert kb.platforms["youtube"].cadence.min_items_per_week.source == "chandelle-assumptions"


def test_a_format_the_kb_does_not_list_can_be_timed() -> None:
    profile = profile_from_mapping({"name": "M", "production_hours": {"mastodon": {"poll": 0.2}}})
    kb = profile.knowledge_base()
    poll = kb.platforms["mastodon"].hours_for("poll")
    assert poll is not None and poll.value == 0.2


def test_write_example_refuses_to_overwrite(tmp_path: Path) -> None:
    path = tmp_path / "institution.toml"
    write_example(path)
    assert load_profile(path).name == "Musée d'exemple"
    with pytest.raises(ConfigError):
        write_example(path)


def test_init_from_flags_writes_a_valid_profile(run_cli: Callable[..., Any], tmp_path: Path) -> None:
    out = tmp_path / "institution.toml"
    result = run_cli("init", "--name", "Musée des Beaux-Arts", "--kind", "fine_arts",
                     "--member", "Claire:12:photo,writing", "--member", "Hugo:6,5",
                     "--objective", "education=2",
                     "--target", "families", "--zone", "C", "--max-networks", "2", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert "Profil écrit" in result.stdout
    profile = load_profile(out)
    assert profile.name == "Musée des Beaux-Arts"
    assert profile.capacity_hours_per_week == 18.5
    assert profile.objectives == {"education": 2.0}
    assert profile.max_networks == 2 and profile.school_holiday_zone == "C"


def test_init_errors_are_one_line_and_nothing_is_written(run_cli: Callable[..., Any],
                                                        tmp_path: Path) -> None:
    out = tmp_path / "institution.toml"
    result = run_cli("init", "--name", "M", "--member", "Bob:3:juggling", "--out", str(out))
    assert result.exit_code == 1
    assert "team.0.skills" in result.stderr and "video_editing" in result.stderr
    assert not out.exists()
    run_cli("init", "--name", "M", "--out", str(out))
    again = run_cli("init", "--name", "M", "--out", str(out))
    assert again.exit_code == 1 and "existe déjà" in again.stderr


def test_init_asks_questions_in_french(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from chandelle.cli import cli

    out = tmp_path / "institution.toml"
    answers = "Musée de Valmont\nhistory\nClaire\n12\nphoto, writing\nHugo\n5\n\n\n2\n"
    result = CliRunner().invoke(cli, ["init", "--ask", "--out", str(out)], input=answers)
    assert result.exit_code == 0, result.output
    assert "Nom de l'institution" in result.output and "Compétences" in result.output
    profile = load_profile(out)
    assert (profile.name, profile.kind, profile.max_networks) == ("Musée de Valmont", "history", 2)
    assert [(m.name, m.hours_per_week, m.skills) for m in profile.team] == [
        ("Claire", 12, ["photo", "writing"]), ("Hugo", 5, [])]
