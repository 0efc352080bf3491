"""Shared helpers for Meta exports (Instagram, Facebook, Threads "Download your information").

* streaming JSON reading with Meta's mojibake repaired (every string and key),
* the media object shared by posts, reels, stories and Threads (id, photo or video),
* who the account is: a ``personal_information.json`` of the same import, the CLI
  ``--handle`` hint, the archive name (``instagram-<handle>-YYYY-MM-DD-<hash>.zip``), or a
  fixed fallback (the platform slug), always with a ``Warning_`` saying which was used.

Nothing here yields personal data: EXIF (including GPS), IPs and e-mails are never read
into records; only ids, times, captions and media kinds leave this module.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import json
import re
from collections.abc import Iterator, Mapping
from datetime import datetime
from pathlib import PurePosixPath
from typing import Any

import ijson

from chandelle.errors import MalformedFileError
from chandelle.importers._parse import fix_mojibake, parse_timestamp
from chandelle.importers.base import UNNAMED_ACCOUNT, Warning_
from chandelle.importers.source import Source

VIDEO_SUFFIXES = frozenset({".mp4", ".mov", ".m4v", ".webm", ".avi", ".3gp"})
_MEDIA_ID = re.compile(r"_(\d{10,20})\.[A-Za-z0-9]+$")
_ARCHIVE_HANDLE = re.compile(
    r"(?:^|[/\\])(?:instagram|facebook|threads)-([A-Za-z0-9._]+?)-\d{4}-\d{2}-\d{2}(?:-[A-Za-z0-9]+)?"
    r"(?:\.zip)?(?:$|[/\\ ])"
)
_USERNAME_LABELS = ("username", "nom d'utilisateur", "nom d’utilisateur", "nome de usuario",
                    "nombre de usuario", "benutzername")
PERSONAL_INFORMATION = "personal_information.json"


# ---------------------------------------------------------------- JSON

def first_json_char(source: Source) -> str:
    """The first significant character of a JSON file ('[' or '{'), '' if none."""
    text = source.head_text(4096).lstrip("\ufeff \t\r\n")
    return text[:1]


def iter_json_items(source: Source, prefix: str, *, repair: bool = True) -> Iterator[Any]:
    """Stream the elements at ``prefix`` (ijson syntax), mojibake repaired.

    ``repair=False`` leaves strings as stored, for readers that repair only what they use
    (through ``text_of``): twice as fast on large files.

    A damaged or truncated file raises ``MalformedFileError`` naming the file and how many
    records were read before the damage.
    """
    count = 0
    try:
        with _open_json(source) as handle:
            for element in ijson.items(handle, prefix, use_float=True):
                count += 1
                yield fix_mojibake(element) if repair else element
    except (ijson.JSONError, UnicodeDecodeError, ValueError) as exc:
        raise MalformedFileError(
            "{file}: the JSON is damaged after record {record} ({detail}).",
            hint="Download the export again from the platform, without editing it.",
            file=source.name, record=count, detail=str(exc)[:120],
        ) from exc


def load_json(source: Source) -> Any:
    """A whole (small) JSON file, mojibake repaired; damage raises ``MalformedFileError``."""
    try:
        return fix_mojibake(json.loads(source.read_text()))
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as exc:
        raise MalformedFileError(
            "{file}: the JSON cannot be read ({detail}).",
            hint="Download the export again from the platform, without editing it.",
            file=source.name, detail=str(exc)[:120],
        ) from exc


def _open_json(source: Source) -> Any:
    """A binary UTF-8 stream for ijson: the BOM skipped, UTF-16 re-encoded (rare, small files)."""
    head = source.head(4)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return io.BytesIO(source.read_text().encode("utf-8"))
    handle = source.open()
    if head.startswith(codecs.BOM_UTF8):
        handle.read(len(codecs.BOM_UTF8))
    return handle


# ---------------------------------------------------------------- media objects

def media_list(value: Any) -> list[Mapping[str, Any]]:
    """The media objects of a post (``media`` list), ignoring anything that is not an object."""
    media = value.get("media") if isinstance(value, dict) else None
    if not isinstance(media, list):
        return []
    return [m for m in media if isinstance(m, dict)]


def is_video(media: Mapping[str, Any]) -> bool:
    """Photo or video, from the file extension (then the metadata kind)."""
    suffix = file_suffix(str(media.get("uri") or ""))
    if suffix:
        return suffix in VIDEO_SUFFIXES
    metadata = media.get("media_metadata")
    return isinstance(metadata, Mapping) and "video_metadata" in metadata


def file_suffix(uri: str) -> str:
    """'.mp4' for 'media/posts/202401/x_n_1.mp4'; '' without one (cheaper than pathlib)."""
    name = uri.rsplit("/", 1)[-1]
    dot = name.rfind(".")
    return name[dot:].lower() if dot > 0 else ""


def media_id(media: Mapping[str, Any]) -> str | None:
    """The Instagram/Facebook media id at the end of a media file name, if there is one."""
    match = _MEDIA_ID.search(str(media.get("uri") or ""))
    return match.group(1) if match else None


def text_of(value: Any) -> str | None:
    """A caption with Meta's mojibake repaired (otherwise exact); None when absent or empty."""
    return fix_mojibake(value) if isinstance(value, str) and value != "" else None


def timestamp_of(value: Any) -> datetime:
    """A Unix-seconds timestamp; ValueError otherwise (the caller turns it into a Skip)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise ValueError(f"not a Unix timestamp: {value!r}")
    return parse_timestamp(value)


def synthetic_id(prefix: str, stamp: datetime, *parts: str | None) -> str:
    """A stable id for records the export gives no id for: time plus a short content hash."""
    digest = hashlib.sha1("\x1f".join(p or "" for p in parts).encode("utf-8")).hexdigest()[:10]
    return f"{prefix}{int(stamp.timestamp())}-{digest}"


# ---------------------------------------------------------------- who the account is

def resolve_handle(source: Source, platform: str,
                   prefer_folder: str | None = None) -> tuple[str, Warning_ | None, str | None]:
    """(handle, warning or None, display name) for the account that owns ``source``.

    Order: a ``personal_information.json`` of the same import (preferring one whose path
    contains ``prefer_folder``), the ``--handle`` hint, the archive or folder name, then the
    platform slug. Every choice but the first comes with a warning naming it.
    """
    found = _handle_from_profile(source, prefer_folder)
    if found is not None:
        return found[0], None, found[1]
    hinted = source.hints.get("handle", "").strip().lstrip("@")
    if hinted:
        return hinted, Warning_(
            "{file}: the export does not name the account; using the account name given with the "
            "import ({handle}).", where=source.name, params={"file": source.name, "handle": hinted},
        ), None
    archive = _ARCHIVE_HANDLE.search(source.name)
    if archive:
        return archive.group(1), Warning_(
            "{file}: the account handle was taken from the archive name ({handle}).",
            where=source.name, params={"file": source.name, "handle": archive.group(1)},
        ), None
    return platform, Warning_(
        "{file}: the export does not name the account; its items are filed under the account "
        "'{handle}'.", where=source.name, params={"file": source.name, "handle": platform},
        code=UNNAMED_ACCOUNT,
    ), None


# Top-level folders of a Meta data download: what sits above them is the export's root.
_EXPORT_FOLDERS = frozenset({
    "your_instagram_activity", "logged_information", "personal_information", "connections",
    "preferences", "security_and_login_information", "ads_information", "apps_and_websites_off_of_instagram",
    "your_facebook_activity", "your_activity_across_facebook", "profile_information", "posts", "media",
})


def export_root(source: Source) -> tuple[str, tuple[str, ...], bool]:
    """(archive, root folders, known) of the data download holding ``source``.

    ``known`` is False when the file sits outside a recognisable download tree; the root is
    then its own folder.
    """
    container = source.name.split(" › ")[0] if source.member is not None else ""
    raw = source.member if source.member is not None else str(source.path or source.name)
    parts = tuple(PurePosixPath(raw.replace("\\", "/")).parts[:-1])
    for position, part in enumerate(parts):
        if part in _EXPORT_FOLDERS:
            return container, parts[:position], True
    return container, parts, False


def same_export(source: Source, other: Source) -> bool:
    """True when ``other`` belongs to the same download as ``source`` (or sits beside it)."""
    container, root, _known = export_root(source)
    other_container, other_root, _other_known = export_root(other)
    return container == other_container and other_root == root


def _handle_from_profile(source: Source, prefer_folder: str | None) -> tuple[str, str | None] | None:
    profiles = [s for s in source.family() if s.basename == PERSONAL_INFORMATION and same_export(source, s)]
    if prefer_folder:
        profiles.sort(key=lambda s: prefer_folder not in s.folder.replace("\\", "/").split("/"))
    for profile in profiles:
        try:
            found = _username_in(load_json(profile))
        except MalformedFileError:
            continue
        if found is not None:
            return found
    return None


def _username_in(data: Any) -> tuple[str, str | None] | None:
    """Username (and display name) from a Meta profile file; nothing else is read."""
    if not isinstance(data, Mapping):
        return None
    for value in data.values():
        entries = value if isinstance(value, list) else [value]
        for entry in entries:
            labels = entry.get("string_map_data") if isinstance(entry, Mapping) else None
            if not isinstance(labels, Mapping):
                continue
            username = _label_value(labels, _USERNAME_LABELS)
            if username:
                return username.lstrip("@"), _label_value(labels, ("name", "nom", "nome", "nombre"))
    return None


def _label_value(labels: Mapping[str, Any], names: tuple[str, ...]) -> str | None:
    for label, cell in labels.items():
        if label.strip().lower() in names and isinstance(cell, Mapping):
            value = cell.get("value")
            if isinstance(value, str) and value.strip():
                return value.strip()
    return None
