"""The knowledge base: valid, sourced, honest about what it does not know, overridable."""

from __future__ import annotations

from pathlib import Path

import pytest

from chandelle.errors import ConfigError
from chandelle.importers import IMPORTERS
from chandelle.kb import facts_of, load_kb
from chandelle.kb.models import FORMATS, PLATFORMS

CLIC_TITLE = "CLIC France webinar on new social networks in culture (2021), as reported by a participant"


def test_every_platform_an_importer_writes_is_described() -> None:
    kb = load_kb()
    written = {importer.PLATFORM for importer in IMPORTERS.values()}
    assert len(written) >= 10
    assert written - {"other"} <= set(kb.platforms), sorted(written - set(kb.platforms))


def test_every_platform_prices_at_least_one_stored_format() -> None:
    """The audit prices items by their stored format: a platform without one could not be costed."""
    for platform in load_kb().platforms.values():
        stored = {f.store_format for f in platform.formats.values() if f.store_format and not f.feature}
        assert stored and stored <= set(FORMATS), platform.slug


def test_every_platform_but_other_is_described() -> None:
    kb = load_kb()
    assert set(kb.platforms) == set(PLATFORMS) - {"other"}
    for platform in kb.platforms.values():
        assert platform.cadence.min_items_per_week.number is not None
        assert platform.formats, platform.slug
        assert platform.owner.source, platform.slug


def test_every_value_carries_a_known_source_and_a_confidence() -> None:
    kb = load_kb()
    facts = list(facts_of(kb))
    assert len(facts) > 300
    for path, fact in facts:
        if fact.value is not None:
            assert fact.source in kb.source_keys(), path
            assert fact.confidence in ("V", "S", "W", "A"), path


def test_every_cited_source_has_a_title_and_a_publisher() -> None:
    kb = load_kb()
    cited = {fact.source for _, fact in facts_of(kb) if fact.source}
    for key in cited:
        assert kb.sources[key].title and kb.sources[key].publisher, key


def test_field_figures_enter_with_the_webinar_as_their_source() -> None:
    kb = load_kb()
    assert kb.sources["CLIC2021"].title == CLIC_TITLE
    reports = {r.topic: r for r in kb.field_reports}
    assert reports["tiktok_video_make_hours"].value == 1.5
    assert reports["twitch_event_crew"].value == 10
    assert reports["twitch_event_test_days"].value == 2
    assert reports["team_size_max_people"].value == 2
    assert reports["networks_per_museum_max"].value == 6
    for topic in ("tiktok_video_make_hours", "twitch_event_crew", "team_size_max_people"):
        assert reports[topic].source == "CLIC2021"
    tiktok_video = kb.platforms["tiktok"].formats["video"].hours
    assert tiktok_video.make.value == 1.5 and tiktok_video.make.source == "CLIC2021"
    assert tiktok_video.edit.value is None  # editing time: not reported, so unknown


def test_unknown_stays_null() -> None:
    kb = load_kb()
    assert kb.platforms["tiktok"].cadence.recommended_items_per_week.value is None
    assert kb.platforms["twitch"].cadence.recommended_items_per_week.value is None
    assert not [a for a in kb.platforms["mastodon"].audience if a.geography == "FR"]


def test_assumptions_are_labelled_as_such() -> None:
    kb = load_kb()
    for _, fact in facts_of(kb):
        if fact.source == "chandelle-assumptions":
            assert fact.confidence == "A"
        if fact.confidence == "A":
            assert fact.source == "chandelle-assumptions"


def test_audience_figures_are_labelled_with_their_geography() -> None:
    kb = load_kb()
    instagram = kb.platforms["instagram"].audience
    french = [a for a in instagram if a.geography == "FR" and a.age_band == "16-64"]
    assert {a.value for a in french} == {0.603, 0.55}
    assert {a.geography for a in kb.platforms["tiktok"].audience} >= {"FR", "world", "US"}


def test_discontinued_formats_have_a_date_and_are_not_available() -> None:
    kb = load_kb()
    igtv = kb.platforms["instagram"].formats["igtv"]
    assert igtv.status.value == "discontinued" and not igtv.available
    assert igtv.discontinued_on.value == "2022-03-15"
    assert kb.platforms["youtube"].formats["story"].discontinued_on.value == "2023-06-26"
    assert not kb.platforms["instagram"].formats["guide"].available  # status unconfirmed


def test_fines_are_sourced_facts_in_euros() -> None:
    kb = load_kb()
    tiktok = {f.value for f in kb.platforms["tiktok"].fines}
    assert 530_000_000 in tiktok
    assert kb.platforms["x"].fines[0].authority == "European Commission (DSA)"


def test_the_institution_overrides_any_value() -> None:
    kb = load_kb({"platforms": {"tiktok": {"cadence": {"min_items_per_week": 3},
                                           "formats": {"video": {"hours": {"total": 5}}}}},
                  "rules": {"ghost_after_days": 60}})
    assert kb.platforms["tiktok"].cadence.min_items_per_week.value == 3
    assert kb.platforms["tiktok"].hours_for("video") is not None
    assert kb.platforms["tiktok"].formats["video"].hours.total.source == "profile"
    assert kb.rules.ghost_after_days.value == 60
    assert kb.rules.ghost_after_days.confidence == "P"
    assert load_kb().rules.ghost_after_days.value == 90  # the files are not changed


def test_a_bad_override_names_the_key() -> None:
    with pytest.raises(ConfigError) as caught:
        load_kb({"platforms": {"tiktok": {"cadence": {"min_items_per_week": -1}}}})
    assert "platforms.tiktok.cadence.min_items_per_week" in caught.value.render("en")


def test_an_unknown_source_key_is_refused() -> None:
    with pytest.raises(ConfigError) as caught:
        load_kb({"rules": {"ghost_after_days": {"value": 60, "source": "my-blog"}}})
    assert "my-blog" in caught.value.render("en")


def test_french_language_sources_have_a_french_title_and_keep_their_own() -> None:
    sources = load_kb().sources
    french = {"CLIC2021", "CLICEMERY2021", "S16", "MED23", "IPSOS23", "CETELEM23", "S113", "S116"}
    assert french <= {k for k, s in sources.items() if s.title_fr}
    assert sources["CLIC2021"].title.startswith("CLIC France webinar")          # original kept as is
    assert sources["CLIC2021"].title_fr is not None and sources["CLIC2021"].title_fr.startswith("Webinaire")
    assert sources["S39"].title_fr is None                                       # Pew: no French title
    assert all(s.title_fr.strip() for s in sources.values() if s.title_fr is not None)


def test_the_validated_kb_is_kept_until_a_file_changes(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    import chandelle.kb as kb_module

    for toml in kb_module.KB_DIR.glob("*.toml"):
        shutil.copy(toml, tmp_path / toml.name)
    monkeypatch.setattr(kb_module, "KB_DIR", tmp_path)
    first = load_kb()
    assert load_kb() is first                                   # validated once
    assert load_kb({"rules": {"window_days": 56}}) is not first  # other overrides, other kb
    rules = tmp_path / "rules.toml"
    text = rules.read_text(encoding="utf-8")
    old = "[rules.window_days]\nvalue = 90\n"
    assert old in text
    rules.write_text(text.replace(old, "[rules.window_days]\nvalue = 120\n"), encoding="utf-8")
    changed = load_kb()
    assert changed is not first and changed.rules.window_days.value == 120
