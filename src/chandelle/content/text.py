"""Text normalisation shared by series detection and the register classifier.

Exports keep texts exactly as typed: accents, typographic apostrophes, emoji, upper case. Two
spellings of one series marker ("#LeSaviezVous", "#lesaviezvous", "L’Objet du mois",
"l'objet du mois") must compare equal, so markers are compared after ``normalise``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'", "\u00a0": " ",
                              "\u202f": " "})
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def straighten(text: str) -> str:
    """Typographic apostrophes and non-breaking spaces as plain ones (lengths unchanged)."""
    return text.translate(_APOSTROPHES)


@lru_cache(maxsize=65536)
def normalise(text: str) -> str:
    """Lower case, plain apostrophes and spaces, accents removed (``é`` → ``e``)."""
    decomposed = unicodedata.normalize("NFKD", straighten(text).casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def marker_key(text: str) -> str:
    """The comparable key of a series marker: its letters and digits only, normalised."""
    return "".join(_WORD.findall(normalise(text.lstrip("#"))))


def words(text: str) -> list[str]:
    """The words of a normalised text (letters and digits)."""
    return _WORD.findall(text)
