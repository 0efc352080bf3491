"""Facebook Page: Meta Business Suite content CSV and the "Download your information" JSON.

* Business Suite → Insights → Content → Export: one row per post with lifetime figures
  (see ``_meta_csv``): the Page name is the handle, the Page id is kept as the account id.
* Data download, JSON format, every layout seen: ``posts/your_posts.json`` (≈2018–19),
  ``posts/your_posts_1.json`` (≈2020–22),
  ``your_activity_across_facebook/posts/your_posts__check_ins__photos_and_videos_1.json``
  (2023) and ``your_facebook_activity/posts/…`` (2024+): the same JSON array of posts with
  ``timestamp``, the text in ``data[].post`` and ``attachments`` (media: photo or video by
  extension, several media = an album, stored as a carousel; ``external_context`` = a link).
  It holds no figures and no post ids: ids are a time-and-content hash, stable across exports.
* What an entry is comes from its ``title`` sentence (English or French, the download's
  language) and its attachments: "shared a post / a photo / a link / a memory" → a repost
  (id, date, kind and the shared address only); a post written on someone else's timeline
  or in a group → skipped (not the page's own content); activity entries (a life event, a
  book added, a status update without content) → skipped. Each skip says why.

Never stored: the ``title`` sentence (it names people), tags, places, EXIF blocks and
``upload_ip``.
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

# Title sentences, in the languages of the downloads seen (English, French). Read, never stored.
_SHARED = re.compile(r"\bshared\b|\ba partagé\b|\bpartagé\b", re.IGNORECASE)
_ELSEWHERE = re.compile(
    r"\bwrote on\b|\bposted (?:on|to|in)\b|\ba écrit sur\b|\ba publié (?:sur|dans)\b", re.IGNORECASE)
_ACTIVITY = re.compile(
    r"\b(?:added|read|is reading|wants to read|rated) (?:a )?book\b|\ba (?:ajouté|lu) un livre\b",
    re.IGNORECASE)
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
    uris = [str(m.get("uri") or "") for m in media]
    item_id = _meta.synthetic_id("fb-", published, text, *uris, *links)
    entry = _entry_kind(_meta.text_of(post.get("title")) or "", post.get("attachments"))
    if entry == "repost":
        return ItemRecord(platform=PLATFORM, item_id=item_id, account=handle, published_at=published,
                          format="other", kind="repost", url=links[0] if links else None)
    if entry is not None:
        return Skip(entry, where)
    fmt = _format(media, links, events, text)
    if fmt is None:
        return Skip("post without text or media", where)
    return ItemRecord(platform=PLATFORM, item_id=item_id, account=handle, published_at=published,
                      format=fmt, text=text, media_count=len(media) or None)


def _entry_kind(title: str, attachments: Any) -> str | None:
    """'repost', a skip reason, or None for the page's own post (the title is read, never kept)."""
    if _ACTIVITY.search(title) or _has_life_event(attachments):
        return "activity entry (life event, book…), not content"
    if _ELSEWHERE.search(title):
        return "post on another page, profile or group, not the page's own content"
    if _SHARED.search(title):
        return "repost"
    return None


def _format(media: list[Mapping[str, Any]], links: list[str], events: int, text: str | None) -> str | None:
    if media:
        return "carousel" if len(media) > 1 else ("video" if _meta.is_video(media[0]) else "photo")
    if links:
        return "link"
    if events:
        return "event"
    return "text" if text is not None else None


def _post_text(data: Any) -> str | None:
    if not isinstance(data, list):
        return None
    for entry in data:
        if isinstance(entry, Mapping):
            text = _meta.text_of(entry.get("post"))
            if text is not None:
                return text
    return None


def _has_life_event(value: Any) -> bool:
    for attachment in value if isinstance(value, list) else []:
        entries = attachment.get("data") if isinstance(attachment, Mapping) else None
        if any(isinstance(e, Mapping) and "life_event" in e for e in entries or ()):
            return True
    return False


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
