"""Find an account's recurring series in its own texts.

A series marker is either

* a hashtag at the head of the text (among its first three words) or directly followed by an
  episode number (``#LeSaviezVous n°12``), read from the text itself because exports often leave
  the hashtag entities empty; or
* a title prefix before a separator (``L'objet du mois — …``, ``La minute culture : …``), with an
  optional episode number (``Les coulisses, épisode 3 : …``, ``(2/5)``).

Markers are compared after normalisation (case, accents, apostrophes, the ``#``), so
``#LeSaviezVous`` and ``#lesaviezvous`` are one series. A marker on at least ``min_items`` items
and on at most ``max_share_of_account`` of them is a series; an item belongs to at most one
series, the one with the most items.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from chandelle.content.config import method
from chandelle.content.text import marker_key, normalise, straighten

_NUMBER = r"(?:n°|no\.?|nº|#|ep\.?|[ée]pisode|partie|part|chapitre|chapter|vol\.?)\s*\d+"
_HASHTAG = re.compile(r"#([^\W\d_][\w]*)", re.UNICODE)
_HASHTAG_NUMBERED = re.compile(r"#([^\W\d_][\w]*)\s*(?:" + _NUMBER + r"|\d+)", re.UNICODE | re.IGNORECASE)
_SEPARATOR = re.compile(r"[:|—–\n]|\s-\s")
_EPISODE_AT_END = re.compile(r"[\s,(]*(?:" + _NUMBER + r"|\d+\s*/\s*\d+|\d+)\s*\)?\s*$", re.IGNORECASE)
_EPISODE_INSIDE = re.compile(r"[\s,(]+(?:" + _NUMBER + r"|\d+\s*/\s*\d+)", re.IGNORECASE)
_NOT_A_TITLE = re.compile(r"[.!?]")
_DIGIT = re.compile(r"\d")
HEAD_WORDS = 3
HEAD_CHARS = 80      # a title prefix ends within the first 80 characters


@dataclass(frozen=True)
class SeriesFound:
    """One series of one account: its key, its most common spelling, and its items (indices)."""

    key: str
    name: str
    members: tuple[int, ...]         # positions within the account's items, in time order


def markers(text: str) -> dict[str, str]:
    """The series markers of one text: normalised key -> spelling as written."""
    found: dict[str, str] = {}
    head = straighten(text[:HEAD_CHARS])
    first_words = " ".join(head.split()[:HEAD_WORDS])
    numbered = _HASHTAG_NUMBERED.finditer(straighten(text)) if "#" in text else iter(())
    for match in [*_HASHTAG.finditer(first_words), *numbered]:
        key = marker_key(match.group(1))
        if key:
            found.setdefault(key, "#" + match.group(1))
    spelled = _title_prefix(head)
    if spelled is not None:
        key = marker_key(spelled)
        if key and _is_title(spelled):
            found.setdefault(key, spelled)
    return found


def _title_prefix(head: str) -> str | None:
    """The words before the first separator (« — », « : », « | », " - "), without a trailing episode
    number; or, without a separator, the words before an episode marker (« épisode 3 », « (2/5) »)."""
    separator = _SEPARATOR.search(head)
    if separator is not None and separator.group() != "\n":
        candidate = head[:separator.start()].rstrip()
        if candidate[-1:].isdigit() or candidate.endswith(")"):
            episode = _EPISODE_AT_END.search(candidate)
            candidate = candidate[:episode.start()] if episode is not None else candidate
    else:
        line = head[:separator.start()] if separator is not None else head
        inside = _EPISODE_INSIDE.search(line) if _DIGIT.search(line) else None
        if inside is None:
            return None
        candidate = line[:inside.start()]
    candidate = candidate.strip().rstrip(",(").strip()
    if len(candidate) < 2 or _NOT_A_TITLE.search(candidate):
        return None
    return candidate


def _is_title(spelled: str) -> bool:
    params = method().series
    words = spelled.lstrip("#").split()
    if not words or len(words) > params.max_prefix_words:
        return False
    return normalise(spelled.lstrip("#")).strip() not in params.generic_prefixes and any(
        ch.isalpha() for ch in spelled)


def find_series(texts: Sequence[str]) -> list[SeriesFound]:
    """The series of one account, from its texts in time order."""
    params = method().series
    per_item = [markers(t) for t in texts]
    counts: Counter[str] = Counter(k for found in per_item for k in found)
    limit = params.max_share_of_account * len(texts)
    valid = {k for k, n in counts.items() if n >= params.min_items and n <= limit}
    members: dict[str, list[int]] = defaultdict(list)
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for index, found in enumerate(per_item):
        candidates = [k for k in found if k in valid]
        if not candidates:
            continue
        chosen = max(candidates, key=lambda k: (counts[k], k))
        members[chosen].append(index)
        spellings[chosen][found[chosen]] += 1
    series = [SeriesFound(key, _name(spellings[key]), tuple(idx))
              for key, idx in members.items() if len(idx) >= params.min_items]
    return sorted(series, key=lambda s: (-len(s.members), s.key))


def _name(spellings: Counter[str]) -> str:
    """The most common spelling (ties: the alphabetically first)."""
    return min(spellings.items(), key=lambda kv: (-kv[1], kv[0]))[0]
