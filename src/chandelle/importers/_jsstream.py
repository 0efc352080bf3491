"""Streaming the JSON array of a JavaScript data file (``window.YTD.tweets.part0 = [...]``).

The X archive wraps each data file's JSON in an assignment. We skip that prefix on the
byte stream and hand the rest to ijson (yajl2 C backend), so a file of any size is read
with bounded memory: one element at a time.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, BinaryIO

import ijson

from chandelle.errors import MalformedFileError
from chandelle.importers.source import Source

READ_SIZE = 1024 * 1024
_TAIL = 64
# 2019+ archives: ``window.YTD.tweets.part0 = [`` and ``window.__THAR_CONFIG = {``; the
# 2012-2018 "Grailbird" archives: ``Grailbird.data.tweets_2014_11 = [`` (one file a month under
# data/js/tweets/) and ``var user_details = {`` (the account).
_ASSIGNMENT = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:window\.(YTD\.[A-Za-z0-9_]+\.part\d+|__THAR_CONFIG)"
    rb"|(Grailbird\.data\.tweets_\d{4}_\d{2})|var\s+(user_details|payload_details))\s*=\s*"
)


def js_global_name(head: bytes) -> str | None:
    """'YTD.tweets.part0', '__THAR_CONFIG', 'Grailbird.data.tweets_2014_11', 'user_details' or
    'payload_details' when ``head`` starts with such an assignment."""
    match = _ASSIGNMENT.match(head)
    if match is None:
        return None
    return next(group for group in match.groups() if group is not None).decode("ascii")


def js_assignment_end(head: bytes) -> int | None:
    """Where the JSON starts: the length of the ``window.X =`` prefix, or None without one."""
    match = _ASSIGNMENT.match(head)
    return match.end() if match else None


class _TrimmedTail:
    """A reader that drops a trailing ';' and whitespace after the JSON value."""

    def __init__(self, handle: BinaryIO) -> None:
        self.handle = handle
        self.held = b""
        self.done = False

    def read(self, size: int = -1) -> bytes:
        if self.done or size == 0:
            return b""
        data = self.held
        while len(data) <= _TAIL:
            chunk = self.handle.read(size if size > 0 else READ_SIZE)
            if not chunk:
                self.done = True
                return data.rstrip(b" \t\r\n;")
            data += chunk
        self.held = data[-_TAIL:]
        return data[:-_TAIL]


def iter_js_array(source: Source) -> Iterator[Any]:
    """Each element of the JSON array after the JavaScript assignment, streamed.

    Raises ``MalformedFileError`` naming the file and the element reached when the JSON
    is truncated or damaged.
    """
    match = _ASSIGNMENT.match(source.head(4096))
    if match is None:
        raise MalformedFileError(
            "{file}: this does not start like an X archive data file (window.YTD...).",
            hint="Import the archive ZIP or its data folder as X delivered it.", file=source.name,
        )
    count = 0
    with source.open() as handle:
        handle.read(match.end())
        try:
            for element in ijson.items(_TrimmedTail(handle), "item", use_float=True,
                                       buf_size=READ_SIZE):
                count += 1
                yield element
        except ijson.JSONError as exc:
            raise MalformedFileError(
                "{file}: the file is truncated or damaged after {count} records ({detail}); "
                "nothing was imported.",
                hint="Download the archive again from X and import it without editing it.",
                file=source.name, count=count, detail=str(exc).splitlines()[0][:80],
            ) from exc
