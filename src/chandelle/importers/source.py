"""Where an importer reads from: a file on disk or an entry of a ZIP, behind one interface.

``iter_sources(paths)`` expands what the user named (files, folders, the ZIP a platform
hands out) into ``Source`` objects, refusing unsafe archives before reading anything.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import os
import stat
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

from chandelle.errors import InputError, MalformedFileError, UnsafeArchiveError
from chandelle.importers._jsonguard import MAX_JSON_DEPTH, JsonDepthGuard, JsonTooDeep

HEAD_BYTES = 64 * 1024
MAX_RATIO = 200            # uncompressed / compressed, per entry, beyond which a ZIP is refused
RATIO_FLOOR_BYTES = 10 * 1024 * 1024   # entries (and archives) smaller than this are never bombs
MAX_ENTRY_BYTES = 8 * 1024**3
MAX_TOTAL_BYTES = 32 * 1024**3         # all entries together, uncompressed
MAX_ENTRIES = 200_000
READ_BUFFER = 1024 * 1024
# Compression methods Python's zipfile decompresses; anything else is a damaged or foreign archive.
SUPPORTED_COMPRESSION = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2,
                                   zipfile.ZIP_LZMA})
ENCRYPTED_FLAG = 0x1
# Files read as JSON (or a JavaScript assignment of JSON): their nesting depth is limited on read.
JSON_SUFFIXES = frozenset({".json", ".js", ".jsonl", ".ndjson"})
# What zipfile raises on a damaged member (bad CRC, truncated data, corrupt deflate stream).
_DAMAGED_MEMBER = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError,
                   ValueError, OSError)

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
        """The bytes, checked as they are read: a damaged ZIP member or a JSON file nested too
        deep raises ``MalformedFileError`` naming the file, whoever reads it."""
        if self.archive is not None and self.member is not None:
            try:
                inner: BinaryIO = self.archive.open(self.member)  # type: ignore[assignment]
            except _DAMAGED_MEMBER as exc:
                raise damaged_member(self.name, exc) from exc
        else:
            assert self.path is not None
            inner = open_regular(self.path, self.name)
        guard = JsonDepthGuard() if self.suffix in JSON_SUFFIXES else None
        declared = self.archive.getinfo(self.member).file_size if self.archive and self.member else None
        checked = _CheckedReader(inner, self.name, guard, declared_size=declared)
        return io.BufferedReader(checked, READ_BUFFER)

    def size(self) -> int:
        if self.archive is not None and self.member is not None:
            return self.archive.getinfo(self.member).file_size
        assert self.path is not None
        return self.path.stat().st_size

    def head(self, size: int = HEAD_BYTES) -> bytes:
        """The first bytes of the file (cached).

        An unreadable file gives b"" (nothing recognises it); a damaged ZIP member or a JSON head
        nested too deep raises ``MalformedFileError``: skipping it would import an export with a
        hole in it.
        """
        if self._head is None or len(self._head) < size:
            try:
                with self.open() as handle:
                    self._head = handle.read(size)
            except OSError:
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
            try:
                return datetime(*stamp, tzinfo=UTC)
            except ValueError:                   # a member dated 1980-00-00: the archive's own date
                return datetime.fromtimestamp(Path(str(self.archive.filename)).stat().st_mtime, tz=UTC)
        assert self.path is not None
        return datetime.fromtimestamp(self.path.stat().st_mtime, tz=UTC)

    def siblings(self) -> list[Source]:
        """Other files of the same import in the same folder (for manifests, profiles...)."""
        return [s for s in self._family if s is not self and s.folder == self.folder]

    def family(self) -> list[Source]:
        """Every other file of the same import (same ZIP or same folder tree)."""
        return [s for s in self._family if s is not self]


class _CheckedReader(io.RawIOBase):
    """Passes bytes through; turns a damaged ZIP member's errors and too-deep JSON into
    ``MalformedFileError`` naming the file."""

    def __init__(self, inner: BinaryIO, name: str, guard: JsonDepthGuard | None,
                 *, declared_size: int | None) -> None:
        super().__init__()
        self._inner = inner
        self._name = name
        self._guard = guard
        self._declared_size = declared_size       # an archive member's size, as its headers claim
        self._position = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        try:
            data = self._inner.read(len(view))
        except _DAMAGED_MEMBER as exc:
            if self._declared_size is None and isinstance(exc, OSError):
                raise
            raise damaged_member(self._name, exc) from exc
        self._position += len(data)
        if not data and view.nbytes and self._declared_size not in (None, self._position):
            raise damaged_member(self._name, EOFError(
                f"{self._position} bytes where the archive announces {self._declared_size}"))
        if self._guard is not None:
            try:
                self._guard.feed(data)
            except JsonTooDeep as exc:
                raise MalformedFileError(
                    "{file}: the JSON is nested more than {depth} levels deep, which no export does; "
                    "nothing was imported.",
                    hint="Import the file exactly as the platform delivered it.",
                    file=self._name, depth=MAX_JSON_DEPTH,
                ) from exc
        view[:len(data)] = data
        return len(data)

    def seekable(self) -> bool:
        return self._inner.seekable()

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if self._guard is not None:
            if (offset, whence) != (0, io.SEEK_SET):
                raise io.UnsupportedOperation("a JSON stream is read in order, or again from the start")
            self._guard = JsonDepthGuard(self._guard.limit)
        self._position = self._inner.seek(offset, whence)
        return self._position

    def tell(self) -> int:
        return self._inner.tell()

    def close(self) -> None:
        if not self.closed:
            self._inner.close()
        super().close()


def damaged_member(name: str, exc: BaseException) -> MalformedFileError:
    """The error for an archive member that cannot be read back (bad CRC, cut, unknown method)."""
    return MalformedFileError(
        "{file}: this archive member is damaged and cannot be read ({detail}); nothing was imported.",
        hint="Download the export again from the platform, without editing the archive.",
        file=name, detail=f"{type(exc).__name__}: {exc}"[:160],
    )


def open_regular(path: Path, shown: str) -> BinaryIO:
    """Open a file for reading, refusing what is not a regular file (FIFO, device, socket).

    The descriptor is opened non-blocking (a FIFO without writer would block ``open``), checked
    with ``fstat``, then handed back as an ordinary blocking binary file.
    """
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            raise not_a_regular_file(shown)
        if hasattr(os, "set_blocking"):
            os.set_blocking(descriptor, True)
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def not_a_regular_file(shown: str) -> InputError:
    return InputError(
        "{file}: this is not an ordinary file (a device, a pipe or a socket); nothing was imported.",
        hint="Give the export file the platform delivered, or the folder that holds it.",
        file=shown,
    )


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
        if not path.is_dir() and not stat.S_ISREG(path.stat().st_mode):
            raise not_a_regular_file(str(raw))
        group = list(_expand(path, str(raw), hints or {}))
        for source in group:
            source._family = group
        yield from group


def _expand(path: Path, shown: str, hints: dict[str, str]) -> Iterator[Source]:
    if path.is_dir():
        for child in sorted(path.rglob("*")):
            if child.is_file() and not any(p.startswith(".") for p in child.relative_to(path).parts):
                yield from _expand(child, str(child), hints)
    elif path.suffix.lower() not in (".xlsx", ".xlsm") and _is_zip(path, shown):  # a workbook is a file
        yield from _zip_members(path, shown, hints)
    else:
        yield Source(name=shown, path=path, hints=dict(hints))


def _is_zip(path: Path, shown: str) -> bool:
    with open_regular(path, shown) as handle:
        return zipfile.is_zipfile(handle)


def _zip_members(path: Path, shown: str, hints: dict[str, str]) -> Iterator[Source]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
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
    """Refuse absolute or '..' paths, zip bombs (per entry and in total), absurd entry counts,
    encrypted members and unknown compression methods, before reading anything."""
    if len(infos) <= MAX_ENTRIES:
        for info in infos:
            _check_entry(info, shown)
    _check_totals(infos, shown)


def _check_totals(infos: Sequence[zipfile.ZipInfo], shown: str) -> None:
    if len(infos) > MAX_ENTRIES:
        raise UnsafeArchiveError(
            "{file}: the archive holds {count} files, more than an export ever does.",
            hint="Check that this is the file the platform gave you.",
            file=shown, count=len(infos),
        )
    total = sum(info.file_size for info in infos)
    packed = max(sum(info.compress_size for info in infos), 1)
    if total > MAX_TOTAL_BYTES or (total > RATIO_FLOOR_BYTES and total / packed > MAX_RATIO):
        raise UnsafeArchiveError(
            "{file}: the archive would decompress to {size} GB, far more than its own size allows "
            "for an export; nothing was imported.",
            hint="Use the archive exactly as the platform delivered it.",
            file=shown, size=round(total / 1024**3, 1),
        )


def _check_entry(info: zipfile.ZipInfo, shown: str) -> None:
    name = info.filename.replace("\\", "/")
    if name.startswith("/") or (len(name) > 1 and name[1] == ":") or ".." in name.split("/"):
        raise UnsafeArchiveError(
            "{file}: the archive entry '{entry}' points outside the archive; nothing was imported.",
            hint="Use the archive exactly as the platform delivered it.",
            file=shown, entry=info.filename,
        )
    compressed = max(info.compress_size, 1)
    if info.file_size > MAX_ENTRY_BYTES or (
        info.file_size > RATIO_FLOOR_BYTES and info.file_size / compressed > MAX_RATIO
    ):
        raise UnsafeArchiveError(
            "{file}: the archive entry '{entry}' decompresses to an absurd size; nothing was imported.",
            hint="Use the archive exactly as the platform delivered it.",
            file=shown, entry=info.filename,
        )
    if info.flag_bits & ENCRYPTED_FLAG or info.compress_type not in SUPPORTED_COMPRESSION:
        raise MalformedFileError(
            "{file}: the archive member '{entry}' is encrypted or uses a compression method "
            "platforms do not use (method {method}); nothing was imported.",
            hint="Download the export again from the platform, without re-compressing it.",
            file=shown, entry=info.filename, method=info.compress_type,
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
