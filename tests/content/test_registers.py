"""The register classifier: its corpus, its held-back accuracy (a floor that can fail), its cues."""

from __future__ import annotations

from collections import Counter

from chandelle.content.config import registers
from chandelle.content.registers import classify, corpus, features, held_back_accuracy

# The README reports the measured figure (39 of 40); this floor leaves room for a library update.
ACCURACY_FLOOR = 0.85


def test_the_corpus_is_balanced_across_registers_and_languages() -> None:
    examples = corpus()
    counts = Counter((e.register, e.lang) for e in examples)
    assert set(counts) == {(r, lang) for r in registers().names for lang in ("fr", "en")}
    assert len(set(counts.values())) == 1 and min(counts.values()) >= 20
    held = Counter((e.register, e.lang) for e in examples if e.held_back)
    assert set(held.values()) == {4}
    assert len({e.key for e in examples}) == len(examples)


def test_a_post_and_its_translation_are_held_back_together() -> None:
    held = {e.key.split("-", 1)[1] for e in corpus() if e.held_back}
    trained = {e.key.split("-", 1)[1] for e in corpus() if not e.held_back}
    assert not held & trained


def test_accuracy_on_the_held_back_posts_is_above_the_floor() -> None:
    accuracy, count = held_back_accuracy()
    assert count == 40
    assert accuracy >= ACCURACY_FLOOR


def test_new_posts_in_both_languages() -> None:
    texts = [
        "Le musée sera fermé le lundi 1er mai ; réouverture mardi à 10h, billets en ligne.",
        "The galleries close at 5pm on Sunday; tickets £8 at the desk.",
        "Cette huile sur toile du XVIIIe siècle a été attribuée à Chardin après restauration.",
        "This 15th-century panel was attributed to the workshop of Memling after X-ray study.",
        "Quand tu arrives au musée un lundi et que tout est fermé 😂 on vous comprend",
    ]
    assert classify(texts) == ["practical", "practical", "scholarly", "scholarly", "humour"]


def test_an_empty_text_is_other_and_identical_texts_agree() -> None:
    assert classify(["", "   ", "Merci à vous tous ❤️", "Merci à vous tous ❤️"]) == [
        "other", "other", "emotional", "emotional"]


def test_features_are_readable_cues() -> None:
    found = features("Horaires : ouvert de 10h à 18h, 12 € 🎟")
    assert "w:horair" in found and "shape:time" in found and "shape:price" in found
    assert found.count("cue:practical") >= 3
    assert "cue:scholarly" in features("Une huile sur toile du XVIIe siècle")
    assert "shape:century" in features("Une huile sur toile du XVIIe siècle")
