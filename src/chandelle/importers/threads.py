"""Threads: ``threads_and_replies.json`` from the Instagram "Download your information" export.

Shape: ``{"text_post_app_text_posts": [{"media": [<media object>...], "title"?,
"creation_timestamp"?}]}``; the text is in ``media[0].title`` (or ``title``), and
``media[].text_app_post.is_reply`` says whether the post is a reply. The export names
neither the post nor the parent of a reply, so:

* ids are a time-and-content hash (stable across exports);
* a self-reply chain (a thread) is inferred: a reply posted at most ``THREAD_WINDOW``
  after the account's previous post or thread part is a part of that thread
  (``reply_to_id`` = that part, so the store unrolls the chain); any other reply is stored
  as ``reply_to_other``. A reply that follows the account's own reply to someone else
  within the window joins that reply's chain, so it is not counted as content either (the
  store counts a chain only when its root is an original). A warning says how many of each
  were inferred.

There are no figures in the export (no Threads Insights export is known).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import PurePosixPath
from typing import Any

from chandelle.importers import _meta
from chandelle.importers.base import AccountRecord, ItemRecord, Record, Skip, Warning_
from chandelle.importers.source import Source

NAME = "threads"
PLATFORM = "threads"
LABEL = "Threads: posts and replies from the Instagram data download (JSON)"
HOWTO = (
    "Instagram or Threads app > Settings > Accounts Center > Your information and permissions > "
    "Download your information > Download or transfer information > choose the Threads profile > "
    "All available information > Download to device > Format: JSON. Import the ZIP or the file "
    "your_instagram_activity/threads/threads_and_replies.json."
)

# How long after the previous part a reply may come and still be read as the thread's next
# part. A heuristic (the export has no parent ids), not a platform fact: see docs/importers/threads.md.
THREAD_WINDOW = timedelta(minutes=10)
_HEAD = re.compile(r'^\s*\{\s*"text_post_app_text_posts"\s*:')


def sniff(source: Source) -> bool:
    return bool(_HEAD.match(source.head_text(4096).lstrip("\ufeff")))


@dataclass(frozen=True)
class _Post:
    item: ItemRecord
    is_reply: bool | None           # None: the export does not say


def read(source: Source) -> Iterator[Record]:
    handle, warning, display_name = _meta.resolve_handle(source, PLATFORM, "threads")
    yield AccountRecord(platform=PLATFORM, handle=handle, display_name=display_name,
                        url=None if warning else f"https://www.threads.com/@{handle}")
    if warning is not None:
        yield warning
    posts: list[_Post] = []
    for position, entry in enumerate(
            _meta.iter_json_items(source, "text_post_app_text_posts.item"), start=1):
        parsed = _post(entry, handle, f"{source.name} #{position}")
        if isinstance(parsed, Skip):
            yield parsed
        else:
            posts.append(parsed)
    yield from _chain(source, _chronological(posts))


def _post(entry: Any, handle: str, where: str) -> _Post | Skip:
    media = _meta.media_list(entry)
    if not isinstance(entry, Mapping) or not media:
        return Skip("post without media", where)
    try:
        published = _meta.timestamp_of(entry.get("creation_timestamp")) if entry.get("creation_timestamp") \
            else min(_meta.timestamp_of(m.get("creation_timestamp")) for m in media)
    except ValueError:
        return Skip("post without a readable time", where)
    text = _meta.text_of(entry.get("title")) or _meta.text_of(media[0].get("title"))
    files = [m for m in media if PurePosixPath(str(m.get("uri") or "")).name]
    if len(files) > 1:
        fmt = "carousel"
    elif files:
        fmt = "video" if _meta.is_video(files[0]) else "photo"
    elif text is not None:
        fmt = "text"
    else:
        return Skip("post without text or media", where)
    uris = [str(m.get("uri") or "") for m in files]
    item = ItemRecord(platform=PLATFORM, item_id=_meta.synthetic_id("th-", published, text, *uris),
                      account=handle, published_at=published, format=fmt, text=text,
                      media_count=len(files) or None)
    return _Post(item=item, is_reply=_is_reply(media))


def _is_reply(media: list[Mapping[str, Any]]) -> bool | None:
    flags = [m["text_app_post"].get("is_reply") for m in media
             if isinstance(m.get("text_app_post"), Mapping) and "is_reply" in m["text_app_post"]]
    if not flags:
        return None
    return any(flag is True for flag in flags)


def _chronological(posts: list[_Post]) -> list[_Post]:
    """Oldest first; posts of the same second keep the export's order, read oldest first."""
    if len(posts) > 1 and posts[0].item.published_at > posts[-1].item.published_at:
        posts = posts[::-1]
    return sorted(posts, key=lambda p: p.item.published_at)


def _chain(source: Source, posts: list[_Post]) -> Iterator[Record]:
    previous: tuple[str, datetime] | None = None
    parts = others = 0
    unknown = False
    for post in posts:
        item = post.item
        if post.is_reply is None:
            unknown = True
        if post.is_reply and previous is not None and item.published_at - previous[1] <= THREAD_WINDOW:
            parts += 1
            yield replace(item, reply_to_id=previous[0])
            previous = (item.item_id, item.published_at)
        elif post.is_reply:
            others += 1
            yield replace(item, kind="reply_to_other")
            previous = (item.item_id, item.published_at)   # its follow-ups form a reply chain
        else:
            yield item
            previous = (item.item_id, item.published_at)
    params = {"file": source.name, "parts": str(parts), "others": str(others),
              "minutes": str(int(THREAD_WINDOW.total_seconds() // 60))}
    if parts or others:
        yield Warning_("{file}: Threads exports do not say which post a reply answers. Replies "
                       "posted within {minutes} minutes of the account's previous post were joined "
                       "to it as thread parts: {parts}; other replies, stored as replies to other "
                       "accounts: {others}.", source.name, params)
    if unknown:
        yield Warning_("{file}: this export does not mark replies, so every post and reply was "
                       "counted as a post of its own.", source.name, params)

