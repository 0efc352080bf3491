"""Instagram: "Download your information" JSON and the Meta Business Suite content CSV.

Read from the data download (JSON format), in both the ``content/`` (≈2024) and
``media/`` (2025+) layouts, and the first download's ``media.json`` (2018-2020: see
``_instagram_legacy``):

* ``posts_N.json`` — a JSON array of posts (a bare object is accepted too); one post with
  several media is one carousel item; the caption is ``title`` at post level or in
  ``media[0].title``; photo or video from the media file extension;
* ``reels.json`` (``ig_reels_media``), ``stories.json`` (``ig_stories``: one frame = one
  story item), ``archived_posts.json`` and ``igtv_videos.json``;
* ``past_instagram_insights/posts.json`` (``organic_insights_posts``, professional
  accounts): the same posts with lifetime figures (values are strings).

Posts files from ``_fastpath.MIN_BYTES`` on are parsed by a private DuckDB and come as
Arrow ``ItemBatch`` records (the same items: see ``_instagram_fast``); smaller or unusual
files are streamed with ijson. Memory stays bounded either way. The Business Suite CSV and
past insights are metrics-only (``metrics_only``): they add figures, never overwrite a post.

The export has no post ids: an item's id is the media id at the end of its first media
file name (stable across exports), else a time-and-content hash. EXIF blocks (which may
hold GPS coordinates), device ids and signed CDN links are never read into records.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any

from chandelle.importers import _fastpath, _instagram_fast, _instagram_legacy, _meta, _meta_csv
from chandelle.importers._parse import normalise_header, parse_count
from chandelle.importers.base import AccountRecord, ItemRecord, Record, Skip, Warning_
from chandelle.importers.source import Source

NAME = "instagram"
PLATFORM = "instagram"
LABEL = "Instagram: data download (JSON) and Meta Business Suite content export (CSV)"
HOWTO = (
    "Data download: Instagram app > Settings > Accounts Center > Your information and permissions > "
    "Download your information > Download or transfer information > choose the account > All "
    "available information > Download to device > Format: JSON, Date range: All time. Figures: Meta "
    "Business Suite > Insights > Content > choose Instagram, posts or stories, period 'Lifetime' > "
    "Export data > CSV."
)

# Top-level key -> (format of every item, shape): "posts" wraps media lists, "flat" is one media each.
_KEYED: dict[str, tuple[str | None, str]] = {
    "ig_reels_media": ("reel", "posts"),
    "ig_stories": ("story", "flat"),
    "ig_archived_post_media": (None, "posts"),
    "ig_igtv_media": ("video", "posts"),
}
_INSIGHTS_KEY = "organic_insights_posts"
_KEYED_HEAD = re.compile(r'^\s*\{\s*"(' + "|".join([*_KEYED, _INSIGHTS_KEY]) + r')"\s*:')
_POSTS_HEAD = re.compile(r'^\s*(\[\s*\{|\{)\s*"(media|title|creation_timestamp)"\s*:')
_POST_FILE = re.compile(r"^posts_\d+\.json$")

_INSIGHT_METRICS: dict[str, tuple[str, ...]] = {
    "impressions": ("impressions",),
    "reach": ("accounts reached", "reach", "comptes touches", "couverture"),
    "views": ("views", "plays", "vues", "lectures"),
    "likes": ("likes", "j aime", "mentions j aime"),
    "comments": ("comments", "commentaires"),
    "saves": ("saves", "enregistrements"),
    "shares": ("shares", "partages"),
    "followers_gained": ("follows", "abonnements"),
    "clicks": ("external link taps", "appuis sur le lien externe"),
    "engagements": ("post interactions", "interactions avec la publication"),
}


def sniff(source: Source) -> bool:
    """A posts array, a keyed Instagram media file, past insights, or an Instagram BS CSV."""
    char = _meta.first_json_char(source)
    if char in ("[", "{"):
        return _kind(source) is not None
    return _meta_csv.platform_of(source) == PLATFORM


def _kind(source: Source) -> str | None:
    head = source.head_text(16384).lstrip("\ufeff")
    keyed = _KEYED_HEAD.match(head)
    if keyed:
        return keyed.group(1)
    if _instagram_legacy.is_legacy_media(head):
        return _instagram_legacy.KIND
    if _POSTS_HEAD.match(head) and '"uri"' in head and '"creation_timestamp"' in head \
            and '"attachments"' not in head and '"text_app_post"' not in head:
        return "posts"
    return None


def metrics_only(source: Source) -> bool:
    """The Business Suite CSV and past insights only add figures to the posts the data download
    describes exactly (time to the second, format, media count): they never overwrite them."""
    if _meta.first_json_char(source) not in ("[", "{"):
        return True
    return _kind(source) == _INSIGHTS_KEY


def read(source: Source) -> Iterator[Record]:
    kind = _kind(source) if _meta.first_json_char(source) in ("[", "{") else None
    if kind is None:
        handle, warning, _name = _meta.resolve_handle(source, PLATFORM)
        yield from _meta_csv.read(source, PLATFORM, handle, warning)
        return
    handle, warning, display_name = _account(source, kind)
    yield AccountRecord(platform=PLATFORM, handle=handle, display_name=display_name,
                        url=None if warning else f"https://www.instagram.com/{handle}/")
    if warning is not None:
        yield warning
    if kind == "posts":
        yield from _posts(source, _posts_prefix(source), None, handle)
    elif kind == _instagram_legacy.KIND:
        yield from _instagram_legacy.read(source, handle)
    elif kind == _INSIGHTS_KEY:
        yield from _insights(source, handle)
    else:
        fmt, shape = _KEYED[kind]
        prefix = f"{kind}.item"
        yield from (_stories(source, prefix, handle) if shape == "flat"
                    else _posts(source, prefix, fmt, handle))


def _account(source: Source, kind: str) -> tuple[str, Warning_ | None, str | None]:
    """The account: the first download's flat ``profile.json`` for ``media.json``, else Meta's
    ``personal_information.json``, the --handle hint, the archive name (see ``_meta``)."""
    if kind == _instagram_legacy.KIND:
        found = _instagram_legacy.profile_handle(source)
        if found is not None:
            return found[0], None, found[1]
    return _meta.resolve_handle(source, PLATFORM, "personal_information")


def _posts_prefix(source: Source) -> str:
    return "item" if _meta.first_json_char(source) == "[" else ""


def _posts(source: Source, prefix: str, fmt: str | None, handle: str) -> Iterator[Record]:
    if source.size() >= _fastpath.MIN_BYTES:
        try:
            yield from _instagram_fast.read_posts(source, prefix, fmt, handle)
            return
        except _fastpath.FastPathUnavailable:
            pass                     # nothing was yielded: the streaming path decides
    yield from read_posts_streamed(source, prefix, fmt, handle)


def read_posts_streamed(source: Source, prefix: str, fmt: str | None, handle: str) -> Iterator[Record]:
    """The posts one by one with ijson: any size, any shape (the reference behaviour)."""
    for position, post in enumerate(_meta.iter_json_items(source, prefix, repair=False), start=1):
        yield post_item(post, fmt, handle, f"{source.name} #{position}")


def post_item(post: Any, fmt: str | None, handle: str, where: str) -> ItemRecord | Skip:
    """One post object (single media or carousel) as an item; Skip if it cannot be dated."""
    media = _meta.media_list(post)
    if not media:
        return Skip("post without media", where)
    try:
        published = _meta.timestamp_of(post.get("creation_timestamp")) if post.get("creation_timestamp") \
            else min(_meta.timestamp_of(m.get("creation_timestamp")) for m in media)
    except ValueError:
        return Skip("post without a readable time", where)
    caption = _meta.text_of(post.get("title")) or _meta.text_of(media[0].get("title"))
    if fmt is None:
        fmt = "carousel" if len(media) > 1 else ("video" if _meta.is_video(media[0]) else "photo")
    item_id = _meta.media_id(media[0]) or _meta.synthetic_id(
        "ig-", published, caption, *(str(m.get("uri") or "") for m in media))
    return ItemRecord(platform=PLATFORM, item_id=item_id, account=handle, published_at=published,
                      format=fmt, text=caption, media_count=len(media))


def _stories(source: Source, prefix: str, handle: str) -> Iterator[Record]:
    for position, frame in enumerate(_meta.iter_json_items(source, prefix, repair=False), start=1):
        where = f"{source.name} #{position}"
        if not isinstance(frame, Mapping):
            yield Skip("story without media", where)
            continue
        try:
            published = _meta.timestamp_of(frame.get("creation_timestamp"))
        except ValueError:
            yield Skip("story without a readable time", where)
            continue
        caption = _meta.text_of(frame.get("title"))
        item_id = _meta.media_id(frame) or _meta.synthetic_id(
            "ig-story-", published, caption, str(frame.get("uri") or ""))
        yield ItemRecord(platform=PLATFORM, item_id=item_id, account=handle, published_at=published,
                         format="story", text=caption, media_count=1)


# ---------------------------------------------------------------- past insights

def _insights(source: Source, handle: str) -> Iterator[Record]:
    """Lifetime figures per post; the item is the same one the posts files give, when present."""
    by_id, by_second = _family_posts(source, handle)
    for position, entry in enumerate(_meta.iter_json_items(source, f"{_INSIGHTS_KEY}.item"), start=1):
        where = f"{source.name} #{position}"
        labels = entry.get("string_map_data") if isinstance(entry, Mapping) else None
        if not isinstance(labels, Mapping):
            yield Skip("insights entry without figures", where)
            continue
        try:
            metrics = _insight_metrics(labels)
        except ValueError:
            yield Skip("unreadable number", where)
            continue
        thumbnail = _thumbnail(entry)
        published = _insight_time(labels, thumbnail)
        known = by_id.get(_meta.media_id(thumbnail) or "") or (
            by_second.get(int(published.timestamp())) if published else None)
        if known is not None:
            yield replace(known, metrics=metrics)
        elif published is None:
            yield Skip("insights entry without a readable time", where)
        else:
            caption = _meta.text_of(entry.get("title")) or _meta.text_of(thumbnail.get("title"))
            item_id = _meta.media_id(thumbnail) or _meta.synthetic_id(
                "ig-", published, caption, str(thumbnail.get("uri") or ""))
            yield ItemRecord(platform=PLATFORM, item_id=item_id, account=handle, published_at=published,
                             format="video" if _meta.is_video(thumbnail) else "photo", text=caption,
                             metrics=metrics)


def _family_posts(source: Source, handle: str) -> tuple[dict[str, ItemRecord], dict[int, ItemRecord]]:
    by_id: dict[str, ItemRecord] = {}
    by_second: dict[int, ItemRecord] = {}
    for other in source.family():
        if not _meta.same_export(source, other):
            continue
        kind = _kind(other) if _POST_FILE.match(other.basename) or other.basename == "reels.json" else None
        if kind not in ("posts", "ig_reels_media"):
            continue
        fmt, prefix = ("reel", "ig_reels_media.item") if kind == "ig_reels_media" \
            else (None, _posts_prefix(other))
        for post in _meta.iter_json_items(other, prefix, repair=False):
            item = post_item(post, fmt, handle, other.name)
            if isinstance(item, ItemRecord):
                by_id[item.item_id] = item
                by_second[int(item.published_at.timestamp())] = item
    return by_id, by_second


def _thumbnail(entry: Mapping[str, Any]) -> Mapping[str, Any]:
    media_map = entry.get("media_map_data")
    if isinstance(media_map, Mapping):
        for value in media_map.values():
            if isinstance(value, Mapping):
                return value
    return {}


def _insight_time(labels: Mapping[str, Any], thumbnail: Mapping[str, Any]) -> datetime | None:
    for label, cell in labels.items():
        if normalise_header(label) in ("creation timestamp", "date de creation", "heure de creation") \
                and isinstance(cell, Mapping):
            try:
                return _meta.timestamp_of(cell.get("timestamp") or int(str(cell.get("value"))))
            except ValueError:
                break
    try:
        return _meta.timestamp_of(thumbnail.get("creation_timestamp"))
    except ValueError:
        return None


def _insight_metrics(labels: Mapping[str, Any]) -> dict[str, float]:
    metrics: dict[str, float] = {}
    for label, cell in labels.items():
        key = normalise_header(label)
        metric = next((m for m, names in _INSIGHT_METRICS.items() if key in names), None)
        if metric is None or not isinstance(cell, Mapping) or metric in metrics:
            continue
        value = parse_count(cell.get("value"))
        if value is not None:
            metrics[metric] = value
    return metrics
