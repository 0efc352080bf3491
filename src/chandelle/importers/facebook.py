"""Facebook Page: Meta Business Suite content CSV and the "Download your information" JSON.

* Business Suite → Insights → Content → Export: one row per post with lifetime figures
  (see ``_meta_csv``): the Page name is the handle, the Page id is kept as the account id.
* Data download, JSON format: ``your_posts_1.json`` (≈2020–22),
  ``your_posts__check_ins__photos_and_videos_1.json`` (2023+): a JSON array of posts with
  ``timestamp``, the text in ``data[].post`` and ``attachments`` (media: photo or video by
  extension, several media = an album, stored as a carousel; ``external_context`` = a link).
  It holds no figures and no post ids: ids are a time-and-content hash, stable across exports.

Never read: the ``title`` sentence ("X added a new photo", which names people), tags,
places, EXIF blocks and ``upload_ip``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from chandelle.importers import _meta, _meta_csv
from chandelle.importers.base import AccountRecord, ItemRecord, Record, Skip
from chandelle.importers.source import Source

NAME = "facebook"
PLATFORM = "facebook"
LABEL = "Facebook Page: Meta Business Suite content export (CSV) and data download (JSON)"
HOWTO = (
    "Figures: Meta Business Suite > Insights > Content > choose the Facebook Page, period 'Lifetime' > "
    "Export data > CSV. Post history: Facebook > Settings & privacy > Settings > Accounts Center > "
    "Your information and permissions > Download your information > choose the Page > Posts > "
    "Format: JSON, Date range: All time."
)

_POSTS_HEAD = re.compile(r'^\s*\[\s*\{\s*"(timestamp|attachments|data|title|tags)"\s*:')


def sniff(source: Source) -> bool:
    """A DYI posts array (``timestamp`` + ``data``/``attachments``) or a Page Business Suite CSV."""
    char = _meta.first_json_char(source)
    if char == "[":
        head = source.head_text(16384).lstrip("\ufeff")
        return bool(_POSTS_HEAD.match(head)) and '"timestamp"' in head \
            and ('"data"' in head or '"attachments"' in head) and '"text_post_app' not in head
    if char == "{":
        return False
    return _meta_csv.platform_of(source) == PLATFORM


def metrics_only(source: Source) -> bool:
    """The Business Suite CSV only adds figures: it never overwrites what the data download says."""
    return _meta.first_json_char(source) != "["


def read(source: Source) -> Iterator[Record]:
    if _meta.first_json_char(source) != "[":
        # A Page has no handle in the CSV: --handle, when given, names it as in the data download.
        handle, warning, _name = _meta.resolve_handle(source, PLATFORM)
        override = source.hints.get("handle", "").strip().lstrip("@") or None
        yield from _meta_csv.read(source, PLATFORM, handle, warning, override)
        return
    handle, warning, display_name = _meta.resolve_handle(source, PLATFORM)
    yield AccountRecord(platform=PLATFORM, handle=handle, display_name=display_name)
    if warning is not None:
        yield warning
    for position, post in enumerate(_meta.iter_json_items(source, "item", repair=False), start=1):
        yield post_item(post, handle, f"{source.name} #{position}")


def post_item(post: Any, handle: str, where: str) -> ItemRecord | Skip:
    if not isinstance(post, Mapping):
        return Skip("post is not an object", where)
    try:
        published = _meta.timestamp_of(post.get("timestamp"))
    except ValueError:
        return Skip("post without a readable time", where)
    text = _post_text(post.get("data"))
    media, links, events = _attachments(post.get("attachments"))
    if media:
        fmt = "carousel" if len(media) > 1 else ("video" if _meta.is_video(media[0]) else "photo")
    elif links:
        fmt = "link"
    elif events:
        fmt = "event"
    elif text is not None:
        fmt = "text"
    else:
        return Skip("post without text or media", where)
    uris = [str(m.get("uri") or "") for m in media]
    return ItemRecord(platform=PLATFORM, item_id=_meta.synthetic_id("fb-", published, text, *uris, *links),
                      account=handle, published_at=published, format=fmt, text=text,
                      media_count=len(media) or None)


def _post_text(data: Any) -> str | None:
    if not isinstance(data, list):
        return None
    for entry in data:
        if isinstance(entry, Mapping):
            text = _meta.text_of(entry.get("post"))
            if text is not None:
                return text
    return None


def _attachments(value: Any) -> tuple[list[Mapping[str, Any]], list[str], int]:
    media: list[Mapping[str, Any]] = []
    links: list[str] = []
    events = 0
    for attachment in value if isinstance(value, list) else []:
        entries = attachment.get("data") if isinstance(attachment, Mapping) else None
        for entry in entries if isinstance(entries, list) else []:
            if not isinstance(entry, Mapping):
                continue
            if isinstance(entry.get("media"), Mapping):
                media.append(entry["media"])
            context = entry.get("external_context")
            if isinstance(context, Mapping):
                links.append(str(context.get("url") or context.get("name") or ""))
            if isinstance(entry.get("event"), Mapping):
                events += 1
    return media, links, events
