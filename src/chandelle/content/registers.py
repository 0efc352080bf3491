"""The register of an item — humour, scholarly, practical, emotional or other — French first.

Method (docs/content.md): a logistic regression (scikit-learn) over transparent features of the
normalised text:

* words, cut to their first ``STEM`` letters (a crude stem that makes « horaire » / « horaires »
  and "ticket" / "tickets" one feature in both languages);
* the emoji present;
* the documented cues of registers.toml (one feature per register, counting its cue words and
  emoji), and shapes: a clock time (« 14h30 », "6pm"), a price (€, £, $), a year, a century
  (« XVIIe siècle », "17th century"), a question mark.

It is trained on the labelled corpus shipped in ``corpus/registers.tsv`` (its guide is
``corpus/GUIDE.md``); the posts numbered 05, 10, 15 and 20 of each register and language are held
back for measuring accuracy and never used for training the model that measures it.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from chandelle.content.config import registers
from chandelle.content.text import normalise, words

CORPUS = Path(__file__).parent / "corpus" / "registers.tsv"
STEM = 6
HELD_BACK_NUMBERS = frozenset({"05", "10", "15", "20"})
REGULARISATION = 4.0             # LogisticRegression's C, chosen on the training part only

_TIME = re.compile(r"\b\d{1,2}\s?h(?:\s?\d{2})?\b|\b\d{1,2}(?:[.:]\d{2})?\s?(?:am|pm)\b")
_PRICE = re.compile(r"[€£$]|\beuros?\b")
_YEAR = re.compile(r"\b1[0-9]{3}\b|\b20[0-2][0-9]\b")
_CENTURY = re.compile(r"\b[xvi]+e\s+siecle\b|\b\d{1,2}(?:st|nd|rd|th)[\s-]century\b|\bsiecle\b|\bcentury\b")
_DIGIT = re.compile(r"\d")
_EMOJI = re.compile("[\U0001F300-\U0001FAFF\u2600-\u27BF\u2B50\u2764]")


@dataclass(frozen=True)
class Example:
    key: str
    lang: str
    register: str
    text: str

    @property
    def held_back(self) -> bool:
        return self.key.rsplit("-", 1)[-1] in HELD_BACK_NUMBERS


def corpus() -> list[Example]:
    with CORPUS.open(encoding="utf-8", newline="") as handle:
        return [Example(r["id"], r["lang"], r["register"], r["text"])
                for r in csv.DictReader(handle, delimiter="\t")]


@dataclass(frozen=True)
class _Cues:
    """The cues of registers.toml, ready for matching on a text's words (a cue word matches the
    words it begins, « fier » → « fiers », "thank" → "thanks"; a cue of several words matches
    them in a row)."""

    prefixes: dict[int, dict[str, tuple[str, ...]]]   # length -> cue word -> registers
    phrases: dict[str, tuple[str, ...]]               # " word word" -> registers
    emoji: dict[str, tuple[str, ...]]


@cache
def _cues() -> _Cues:
    prefixes: dict[int, dict[str, list[str]]] = {}
    phrases: dict[str, list[str]] = {}
    emoji: dict[str, list[str]] = {}
    for name, cues in registers().cues.items():
        for cue in cues.words:
            parts = words(normalise(cue))
            if len(parts) == 1:
                prefixes.setdefault(len(parts[0]), {}).setdefault(parts[0], []).append(name)
            elif parts:
                phrases.setdefault(" " + " ".join(parts), []).append(name)
        for symbol in cues.emoji:
            emoji.setdefault(symbol, []).append(name)
    return _Cues({n: {k: tuple(v) for k, v in d.items()} for n, d in prefixes.items()},
                 {k: tuple(v) for k, v in phrases.items()}, {k: tuple(v) for k, v in emoji.items()})


@lru_cache(maxsize=200_000)
def _word_cues(token: str) -> tuple[str, ...]:
    """The registers whose cue words begin ``token`` (cached: a text's words repeat across posts)."""
    return tuple(name for length, table in _cues().prefixes.items() if len(token) >= length
                 for name in table.get(token[:length], ()))


def _cue_hits(text: str, full: list[str]) -> list[str]:
    cues = _cues()
    hits = [name for token in full for name in _word_cues(token)]
    joined = " " + " ".join(full)
    hits += [name for phrase, names in cues.phrases.items() if phrase in joined for name in names]
    hits += [name for symbol, names in cues.emoji.items() if symbol in text
             for _ in range(text.count(symbol)) for name in names]
    return hits


def features(text: str) -> list[str]:
    """The features of one text (what the model sees), e.g. ``w:horair``, ``cue:practical``."""
    plain = normalise(text)
    full = words(plain)
    tokens = [w[:STEM] for w in full]
    out = [f"w:{t}" for t in tokens]
    out += [f"e:{e}" for e in _EMOJI.findall(text)]
    out += [f"cue:{name}" for name in _cue_hits(text, full)]
    return out + _shapes(text, plain)


def _shapes(text: str, plain: str) -> list[str]:
    """Clock times, prices, years, centuries, questions (each pattern only where it can match)."""
    found = []
    digits = _DIGIT.search(plain) is not None
    if digits and _TIME.search(plain):
        found.append("shape:time")
    if ("€" in text or "£" in text or "$" in text or "euro" in plain) and _PRICE.search(plain):
        found.append("shape:price")
    if digits and _YEAR.search(plain):
        found.append("shape:year")
    if ("siecle" in plain or "century" in plain) and _CENTURY.search(plain):
        found.append("shape:century")
    if "?" in text:
        found.append("shape:question")
    return found


def train(examples: Sequence[Example]) -> Pipeline:
    model = Pipeline([
        ("features", TfidfVectorizer(analyzer=features, sublinear_tf=True)),
        ("classifier", LogisticRegression(C=REGULARISATION, solver="saga", max_iter=5000, random_state=0)),
    ])
    model.fit([e.text for e in examples], [e.register for e in examples])
    return model


@cache
def shipped_model() -> Pipeline:
    """The model chandelle uses: trained on the whole corpus (held-back part included)."""
    return train(corpus())


def held_back_accuracy() -> tuple[float, int]:
    """Accuracy of a model trained without the held-back posts, measured on them; and their count."""
    examples = corpus()
    model = train([e for e in examples if not e.held_back])
    test = [e for e in examples if e.held_back]
    predicted = model.predict([e.text for e in test])
    right = sum(1 for e, p in zip(test, predicted, strict=True) if e.register == p)
    return right / len(test), len(test)


def classify(texts: Sequence[str]) -> list[str]:
    """The register of each text ('other' for an empty text); identical texts are classified once."""
    unique = sorted({t for t in texts if t.strip()})
    if not unique:
        return ["other"] * len(texts)
    labels = dict(zip(unique, (str(p) for p in shipped_model().predict(unique)), strict=True))
    return [labels.get(t, "other") for t in texts]
