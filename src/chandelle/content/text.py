"""Text normalisation shared by series detection and the register classifier.

Exports keep texts exactly as typed: accents, typographic apostrophes, emoji, upper case. Two
spellings of one series marker ("#LeSaviezVous", "#lesaviezvous", "L’Objet du mois",
"l'objet du mois") must compare equal, so markers are compared after ``normalise``.
"""

from __future__ import annotations

import re
import unicodedata

_STRAIGHT = (("’", "'"), ("‘", "'"), ("`", "'"), ("´", "'"), ("ʼ", "'"), ("\u00a0", " "), ("\u202f", " "))
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def straighten(text: str) -> str:
    """Typographic apostrophes and non-breaking spaces as plain ones (lengths unchanged)."""
    for typographic, plain in _STRAIGHT:
        if typographic in text:
            text = text.replace(typographic, plain)
    return text


def normalise(text: str) -> str:
    """Lower case, plain apostrophes and spaces, accents removed (``é`` → ``e``, also when the
    export keeps the accent as a separate combining character); ligatures split (NFKD)."""
    lowered = straighten(text).casefold()
    if lowered.isascii():
        return lowered
    return _COMBINING.sub("", unicodedata.normalize("NFKD", lowered))


def marker_key(text: str) -> str:
    """The comparable key of a series marker: its letters and digits only, normalised."""
    return "".join(_WORD.findall(normalise(text.lstrip("#"))))


def words(text: str) -> list[str]:
    """The words of a normalised text (letters and digits)."""
    return _WORD.findall(text)
