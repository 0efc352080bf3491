"""threads importer (placeholder until its module lands: recognises nothing)."""

from __future__ import annotations

from collections.abc import Iterator

from chandelle.importers.base import Record
from chandelle.importers.source import Source

NAME = "threads"
PLATFORM = "threads"
LABEL = "threads"
HOWTO = ""


def sniff(source: Source) -> bool:
    return False


def read(source: Source) -> Iterator[Record]:
    raise NotImplementedError
