"""A nesting-depth limit for JSON, checked on the bytes as they are read, before any parser sees them.

Why: ijson keeps the path of every open level as a string, so a 40 KB file nested 20 000 levels
deep costs gigabytes (the prefixes grow with depth, and all of them are kept); Python's ``json``
recurses. No export nests deeper than a few tens of levels, so a file deeper than
``MAX_JSON_DEPTH`` is refused whatever reads it next (ijson, ``json.loads``, DuckDB's reader).

How, at C speed per chunk: escape sequences are dropped (``\\x``), then complete strings, then
everything but brackets; the running depth over the remaining brackets gives the chunk's deepest
point. What a chunk leaves open (a string, a trailing backslash) is carried to the next one.
"""

from __future__ import annotations

import codecs
import re

import pyarrow as pa
import pyarrow.compute as pc

MAX_JSON_DEPTH = 100

_ESCAPE = re.compile(rb"\\.", re.DOTALL)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_PLUS_MINUS_ONE = bytes.maketrans(b"[{]}", b"\x01\x01\xff\xff")   # int8 +1 / -1


class JsonTooDeep(ValueError):
    """The JSON nests deeper than the limit (the message gives the depth reached)."""


class JsonDepthGuard:
    """Feed it every byte of a JSON document, in order; it raises ``JsonTooDeep`` past the limit."""

    def __init__(self, limit: int = MAX_JSON_DEPTH) -> None:
        self.limit = limit
        self.depth = 0
        self.in_string = False
        self._backslash = b""
        self._utf16: codecs.IncrementalDecoder | None = None
        self._start = b""                             # the first bytes, until the BOM is known
        self._started = False

    def feed(self, chunk: bytes) -> None:
        if not self._started:
            chunk = self._start + chunk
            if len(chunk) < 2:
                self._start = chunk
                return
            self._started, self._start = True, b""
            if chunk.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                self._utf16 = codecs.getincrementaldecoder("utf-16")(errors="replace")
        if self._utf16 is not None:                   # rare (Meta): scan its UTF-8 equivalent
            chunk = self._utf16.decode(chunk).encode("utf-8", "surrogatepass")
        data = self._backslash + chunk
        if b"\\" in data:
            data = _ESCAPE.sub(b"", data)
        self._backslash = b""
        if data.endswith(b"\\"):                     # an escape cut by the chunk boundary
            data, self._backslash = data[:-1], b"\\"
        # without escapes, quotes alternate: even pieces are outside strings, odd ones inside
        pieces = data.split(b'"')
        outside = pieces[1::2] if self.in_string else pieces[0::2]
        if len(pieces) % 2 == 0:                      # an odd number of quotes: the state flips
            self.in_string = not self.in_string
        structure = b"".join(outside)
        self._count(structure.translate(None, _NOT_BRACKETS))

    def _count(self, brackets: bytes) -> None:
        if not brackets:
            return
        steps = pa.Array.from_buffers(pa.int8(), len(brackets),
                                      [None, pa.py_buffer(brackets.translate(_PLUS_MINUS_ONE))])
        levels = pc.cumulative_sum(steps.cast(pa.int32()))       # depth after each bracket
        deepest = self.depth + pc.max(levels).as_py()
        if deepest > self.limit:
            raise JsonTooDeep(f"nested more than {self.limit} levels deep")
        self.depth = max(0, self.depth + levels[-1].as_py())


def check_json_depth(text: str | bytes, limit: int = MAX_JSON_DEPTH) -> None:
    """Raise ``JsonTooDeep`` when a whole document nests deeper than ``limit``."""
    guard = JsonDepthGuard(limit)
    guard.feed(text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text)
