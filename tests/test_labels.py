"""One presentation vocabulary: every label has French, and the web, the report, the calendar
and the plan's sentences name a thing the same way."""

from __future__ import annotations

import pytest

from chandelle import labels
from chandelle.i18n import _catalogue
from chandelle.plan.messages import Message
from chandelle.vocabulary import FORMATS, PLATFORMS

TABLES = {
    "platforms": labels.PLATFORM_LABELS, "formats": labels.FORMAT_LABELS, "plurals": labels.FORMAT_PLURALS,
    "statuses": labels.STATUS_LABELS, "decisions": labels.DECISION_LABELS, "segments": labels.SEGMENT_LABELS,
    "skills": labels.SKILL_LABELS, "slots": labels.SLOT_KIND_LABELS, "profile": labels.PROFILE_LABELS,
    "assumptions": labels.ASSUMPTION_LABELS,
}
PROPER_NOUNS = {"Instagram", "Facebook", "TikTok", "YouTube", "Twitch", "X", "Mastodon", "Bluesky",
                "LinkedIn", "Threads"}


@pytest.mark.parametrize("name", sorted(TABLES))
def test_every_label_has_french_and_names_one_thing(name: str) -> None:
    table, french = TABLES[name], _catalogue("fr")
    missing = sorted(v for v in table.values() if v not in french and v not in PROPER_NOUNS)
    assert missing == []
    shown = [labels.label(table, slug, "fr") for slug in table]
    assert len(set(shown)) == len(shown), f"two {name} share a French label"


def test_every_platform_and_format_of_the_vocabulary_has_a_label() -> None:
    assert set(PLATFORMS) <= set(labels.PLATFORM_LABELS)
    assert set(FORMATS) == set(labels.FORMAT_LABELS) == set(labels.FORMAT_PLURALS)


def test_the_words_readers_complained_about_are_french() -> None:
    assert labels.format_label("short", "fr") == "Vidéo courte"
    assert labels.format_label("text", "fr") == "Publication texte"
    assert labels.format_label("event", "fr") == "Événement"
    assert labels.format_label("live", "fr") == "Direct"
    collab = "Collab posts (co-published)"
    assert labels.feature_label("collab", collab, "fr") not in ("", collab)
    assert labels.assumption_label("platforms.instagram.hours.reel", "fr") == \
        "Instagram, Reel : heures pour fabriquer une publication"
    assert labels.format_label("short", "en") == "Short video"


def test_plan_sentences_use_the_same_vocabulary() -> None:
    params = {"platform": "other", "decision": "absent"}
    sentence = Message("Keep {platform}: {decision}.", params).render("fr")
    assert labels.platform_label("other", "fr") in sentence
    assert labels.decision_label("absent", "fr") in sentence
    assert labels.join_labels(["A", "B", "C"], "fr") == "A, B et C"
