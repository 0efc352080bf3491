"""Where an importer reads from: a file on disk or an entry of a ZIP, behind one interface.

``iter_sources(paths)`` expands what the user named (files, folders, the ZIP a platform
hands out) into ``Source`` objects, refusing unsafe archives before reading anything.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from chandelle.errors import InputError, UnsafeArchiveError

HEAD_BYTES = 64 * 1024
MAX_RATIO = 200            # uncompressed / compressed, per entry, beyond which a ZIP is refused
MAX_ENTRY_BYTES = 8 * 1024**3
MAX_ENTRIES = 200_000

# Files that exports contain but that never hold anything we read (photos, videos, pages).
MEDIA_SUFFIXES = frozenset({
    ".jpg", ".jpeg", ".png", ".webp", ".gif", ".heic", ".mp4", ".mov", ".m4a", ".mp3",
    ".srt", ".vtt", ".html", ".htm", ".css", ".ico", ".svg", ".woff", ".woff2", ".pdf",
})


@dataclass
class Source:
    """One readable file: on disk (``path``) or inside a ZIP (``archive`` + ``member``)."""

    name: str                              # what the user sees in messages
    path: Path | None = None
    archive: zipfile.ZipFile | None = None
    member: str | None = None
    hints: dict[str, str] = field(default_factory=dict)
    _head: bytes | None = field(default=None, repr=False)
    _family: list[Source] = field(default_factory=list, repr=False)

    @property
    def basename(self) -> str:
        return PurePosixPath(self.member).name if self.member else (self.path or Path(self.name)).name

    @property
    def suffix(self) -> str:
        return PurePosixPath(self.basename).suffix.lower()

    @property
    def folder(self) -> str:
        """The folder this file sits in (inside the archive for ZIP entries)."""
        if self.member is not None:
            return str(PurePosixPath(self.member).parent)
        return str((self.path or Path(self.name)).parent)

    def open(self) -> BinaryIO:
        if self.archive is not None and self.member is not None:
            return self.archive.open(self.member)  # type: ignore[return-value]
        assert self.path is not None
        return self.path.open("rb")

    def size(self) -> int:
        if self.archive is not None and self.member is not None:
            return self.archive.getinfo(self.member).file_size
        assert self.path is not None
        return self.path.stat().st_size

    def head(self, size: int = HEAD_BYTES) -> bytes:
        """The first bytes of the file (cached); never raises."""
        if self._head is None or len(self._head) < size:
            try:
                with self.open() as handle:
                    self._head = handle.read(size)
            except (OSError, zipfile.BadZipFile, RuntimeError):
                self._head = b""
        return self._head[:size]

    def head_text(self, size: int = HEAD_BYTES) -> str:
        """The head decoded (UTF-8/UTF-16 by BOM), lenient; for sniffing only."""
        raw = self.head(size)
        return decode_bytes(raw, errors="ignore")

    def read_bytes(self) -> bytes:
        with self.open() as handle:
            return handle.read()

    def read_text(self) -> str:
        """The whole file decoded by BOM (UTF-8 default); a bad encoding is the caller's error."""
        return decode_bytes(self.read_bytes(), errors="strict")

    def sha256(self) -> str:
        digest = hashlib.sha256()
        with self.open() as handle:
            for chunk in iter(lambda: handle.read(1024 * 1024), b""):
                digest.update(chunk)
        return digest.hexdigest()

    def modified_at(self) -> datetime:
        if self.archive is not None and self.member is not None:
            stamp = self.archive.getinfo(self.member).date_time
            return datetime(*stamp, tzinfo=UTC)
        assert self.path is not None
        return datetime.fromtimestamp(self.path.stat().st_mtime, tz=UTC)

    def siblings(self) -> list[Source]:
        """Other files of the same import in the same folder (for manifests, profiles...)."""
        return [s for s in self._family if s is not self and s.folder == self.folder]

    def family(self) -> list[Source]:
        """Every other file of the same import (same ZIP or same folder tree)."""
        return [s for s in self._family if s is not self]


def decode_bytes(raw: bytes, errors: str = "strict") -> str:
    """Decode by BOM: UTF-8 (with or without BOM) or UTF-16 LE/BE."""
    if raw.startswith(codecs.BOM_UTF8):
        return raw[3:].decode("utf-8", errors=errors)
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16", errors=errors)
    return raw.decode("utf-8", errors=errors)


def iter_sources(paths: Sequence[str | Path], hints: dict[str, str] | None = None) -> Iterator[Source]:
    """Expand files, folders and ZIPs into sources, grouped so siblings can find each other."""
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise InputError(
                "{file}: no such file or folder.", hint="Check the path and try again.",
                file=str(raw),
            )
        group = list(_expand(path, str(raw), hints or {}))
        for source in group:
            source._family = group
        yield from group


def _expand(path: Path, shown: str, hints: dict[str, str]) -> Iterator[Source]:
    if path.is_dir():
        for child in sorted(path.rglob("*")):
            if child.is_file() and not any(p.startswith(".") for p in child.relative_to(path).parts):
                yield from _expand(child, str(child), hints)
    elif path.suffix.lower() not in (".xlsx", ".xlsm") and zipfile.is_zipfile(path):  # a workbook is a file
        yield from _zip_members(path, shown, hints)
    else:
        yield Source(name=shown, path=path, hints=dict(hints))


def _zip_members(path: Path, shown: str, hints: dict[str, str]) -> Iterator[Source]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError(
            "{file}: this ZIP archive cannot be opened ({detail}).",
            hint="Download the export again from the platform.", file=shown, detail=str(exc),
        ) from exc
    infos = [i for i in archive.infolist() if not i.is_dir()]
    check_archive(infos, shown)
    for info in infos:
        parts = PurePosixPath(info.filename).parts
        if any(p.startswith(".") or p == "__MACOSX" for p in parts):
            continue
        yield Source(name=f"{shown} › {info.filename}", archive=archive, member=info.filename,
                     hints=dict(hints))


def check_archive(infos: Sequence[zipfile.ZipInfo], shown: str) -> None:
    """Refuse absolute or '..' paths, zip bombs and absurd entry counts, before reading."""
    if len(infos) > MAX_ENTRIES:
        raise UnsafeArchiveError(
            "{file}: the archive holds {count} files, more than an export ever does.",
            hint="Check that this is the file the platform gave you.",
            file=shown, count=len(infos),
        )
    for info in infos:
        name = info.filename.replace("\\", "/")
        if name.startswith("/") or (len(name) > 1 and name[1] == ":") or ".." in name.split("/"):
            raise UnsafeArchiveError(
                "{file}: the archive entry '{entry}' points outside the archive; nothing was imported.",
                hint="Use the archive exactly as the platform delivered it.",
                file=shown, entry=info.filename,
            )
        compressed = max(info.compress_size, 1)
        if info.file_size > MAX_ENTRY_BYTES or (
            info.file_size > 10 * 1024 * 1024 and info.file_size / compressed > MAX_RATIO
        ):
            raise UnsafeArchiveError(
                "{file}: the archive entry '{entry}' decompresses to an absurd size; nothing was imported.",
                hint="Use the archive exactly as the platform delivered it.",
                file=shown, entry=info.filename,
            )


def is_media(source: Source) -> bool:
    return source.suffix in MEDIA_SUFFIXES


def open_text(source: Source) -> io.TextIOWrapper:
    """A streaming text reader with BOM-aware decoding (UTF-8 or UTF-16)."""
    head = source.head(4)
    encoding = "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    return io.TextIOWrapper(source.open(), encoding=encoding, newline="")


__all__ = ["Source", "decode_bytes", "is_media", "iter_sources", "open_text"]
