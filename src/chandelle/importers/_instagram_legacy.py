"""Instagram's first data download (2018-2020): one ``media.json`` and a flat ``profile.json``.

``media.json`` is one object of sections, each a list of media files::

    {"stories": [{"caption": "", "taken_at": "2019-05-01T12:00:00", "path": "stories/201905/x.jpg"}],
     "photos": [{"caption": "…", "taken_at": "…", "location": "…", "path": "photos/201812/y.jpg"}],
     "profile": [...], "videos": [...], "direct": [...]}

* ``photos`` and ``videos``: media of the account's posts. A carousel has no entry of its own:
  its media share one ``taken_at`` and one caption, so media with the same time and caption
  are one item (``carousel`` when several, else ``photo`` / ``video``);
* ``stories``: one story item per frame;
* ``profile`` (profile pictures) and ``direct`` (media sent in private messages) are not
  content: skipped with a reason, nothing of them is kept.

``taken_at`` has no time zone: it is read as UTC (an assumption, documented). ``location``
is never read. ``profile.json`` of the same download names the account (``username``,
``name``); its e-mail, phone and birthday are never read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

from chandelle.errors import MalformedFileError
from chandelle.importers import _meta
from chandelle.importers._parse import parse_timestamp
from chandelle.importers.base import ItemRecord, Record, Skip
from chandelle.importers.source import Source

PLATFORM = "instagram"
KIND = "legacy_media"
PROFILE = "profile.json"
_SECTIONS = ("photos", "videos", "stories", "profile", "direct")
_HEAD = re.compile(r'^\s*\{\s*"(' + "|".join(_SECTIONS) + r')"\s*:\s*\[')
_NOT_CONTENT = {
    "profile": "profile picture, not content",
    "direct": "media sent in a private message, not content (not kept)",
}


def is_legacy_media(head: str) -> bool:
    """The head of ``media.json``: an object of media sections whose entries have a path and time."""
    return bool(_HEAD.match(head)) and '"taken_at"' in head and '"path"' in head


def profile_handle(source: Source) -> tuple[str, str | None] | None:
    """(username, name) from the ``profile.json`` of the same download; nothing else is read."""
    for other in source.family():
        if other.basename != PROFILE or not _meta.same_export(source, other):
            continue
        try:
            data = _meta.load_json(other)
        except MalformedFileError:   # a damaged profile only costs the account's name
            continue
        if isinstance(data, Mapping) and isinstance(data.get("username"), str) and data["username"].strip():
            name = data.get("name")
            return data["username"].strip().lstrip("@"), name if isinstance(name, str) and name else None
    return None


def read(source: Source, handle: str) -> Iterator[Record]:
    """Posts (grouped into carousels), stories, and a skip for every media that is not content."""
    posts: dict[tuple[datetime, str | None], list[str]] = {}
    for section in _SECTIONS:
        for position, entry in enumerate(_meta.iter_json_items(source, f"{section}.item", repair=False),
                                         start=1):
            where = f"{source.name} {section} #{position}"
            if section in _NOT_CONTENT:
                yield Skip(_NOT_CONTENT[section], where)
                continue
            found = _entry(entry)
            if found is None:
                yield Skip("media without a readable time", where)
            elif section == "stories":
                yield _story(found, handle)
            else:
                posts.setdefault((found[0], found[1]), []).append(found[2])
    for (published, caption), paths in sorted(posts.items(), key=lambda kv: kv[0][0]):
        yield _post(published, caption, paths, handle)


def _entry(entry: Any) -> tuple[datetime, str | None, str] | None:
    if not isinstance(entry, Mapping):
        return None
    try:
        published = parse_timestamp(entry.get("taken_at"))
    except (ValueError, TypeError):
        return None
    return published, _meta.text_of(entry.get("caption")), str(entry.get("path") or "")


def _post(published: datetime, caption: str | None, paths: list[str], handle: str) -> ItemRecord:
    single = "video" if _meta.is_video({"uri": paths[0]}) else "photo"
    fmt = "carousel" if len(paths) > 1 else single
    return ItemRecord(platform=PLATFORM, item_id=_meta.synthetic_id("ig-", published, caption, *paths),
                      account=handle, published_at=published, format=fmt, text=caption,
                      media_count=len(paths))


def _story(found: tuple[datetime, str | None, str], handle: str) -> ItemRecord:
    published, caption, path = found
    return ItemRecord(platform=PLATFORM, item_id=_meta.synthetic_id("ig-story-", published, caption, path),
                      account=handle, published_at=published, format="story", text=caption,
                      media_count=1)
