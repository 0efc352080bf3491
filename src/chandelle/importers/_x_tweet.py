"""The tweet → item rules of the X archive, once: the streaming reader uses them as they are,
the fast path (``_x_fast``) mirrors them in SQL and finishes unusual rows with them.

* a retweet (``retweeted_status``, or a text starting ``RT @``) is a repost: only its id,
  date, kind and the original's address (when the archive names it) are kept — never the
  retweeted account's words, media or figures;
* a reply to the archive's own account keeps ``reply_to_id`` (the store unrolls the chain and
  decides from its root whether it is a thread or a reply chain); any other reply is
  ``reply_to_other``;
* the format comes from the media (video beats photos, several pictures are a carousel), then
  from a link that is not a tweet (a quote is a feature, not a link).
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from chandelle.importers._parse import parse_timestamp
from chandelle.importers.base import ItemRecord

PLATFORM = "x"
REPOST_PREFIX = "RT @"
STATUS_URL = re.compile(r"^https?://(?:mobile\.)?(?:twitter|x)\.com/[^/]+/status(?:es)?/\d+", re.IGNORECASE)
_MONTHS = {m: i for i, m in enumerate(
    ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), start=1)}


def status_url(handle: str, item_id: str) -> str:
    return f"https://x.com/{handle}/status/{item_id}"


def original_url(original_id: str | None) -> str | None:
    """Where the retweeted post lives, when the archive names it (``retweeted_status``)."""
    return f"https://x.com/i/status/{original_id}" if original_id else None


def is_repost(text: str, has_retweeted_status: bool) -> bool:
    return has_retweeted_status or text.startswith(REPOST_PREFIX)


def repost(item_id: str, handle: str, published: datetime, original_id: str | None) -> ItemRecord:
    """A retweet as stored: id, date, kind and the original's address; none of its words."""
    return ItemRecord(platform=PLATFORM, item_id=item_id, account=handle, published_at=published,
                      format="other", kind="repost", url=original_url(original_id))


def created_at(text: str) -> datetime:
    """'Thu Nov 03 08:50:26 +0000 2022' -> aware UTC datetime (fast path, else tolerant)."""
    if len(text) == 30 and text[20:25] == "+0000" and text[7] == " ":
        month = _MONTHS.get(text[4:7])
        if month is not None:
            return datetime(int(text[26:30]), month, int(text[8:10]), int(text[11:13]),
                            int(text[14:16]), int(text[17:19]), tzinfo=UTC)
    return parse_timestamp(text)


class TweetMapper:
    """Turns one archive tweet object into an ItemRecord (None when unusable)."""

    def __init__(self, handle: str, account_id: str | None) -> None:
        self.handle = handle
        self.handle_lower = handle.lower()
        self.account_id = account_id

    def record(self, tweet: Mapping[str, Any]) -> ItemRecord | None:
        item_id = tweet.get("id_str") or tweet.get("id")
        created = tweet.get("created_at")
        if not item_id or not isinstance(created, str):
            return None
        try:
            published = created_at(created)
        except ValueError:
            return None
        item_id = str(item_id)
        text = html.unescape(str(tweet.get("full_text") or tweet.get("text") or ""))
        retweeted = tweet.get("retweeted_status")
        if is_repost(text, "retweeted_status" in tweet):
            return repost(item_id, self.handle, published, _original_id(retweeted))
        kind, reply_to = self.kind(tweet)
        media = _media(tweet)
        entities = tweet.get("entities") or {}
        fmt, duration = media_format(media, entities.get("urls") or ())
        return ItemRecord(
            platform=PLATFORM, item_id=item_id, account=self.handle, published_at=published,
            format=fmt, kind=kind, text=text, url=status_url(self.handle, item_id),
            duration_s=duration, media_count=len(media), reply_to_id=reply_to,
            features=_features(media, entities), metrics=_metrics(tweet),
        )

    def kind(self, tweet: Mapping[str, Any]) -> tuple[str, str | None]:
        """('original', parent id) for a reply to the account itself, else as the tweet says."""
        parent = tweet.get("in_reply_to_status_id_str") or tweet.get("in_reply_to_status_id")
        to_user = tweet.get("in_reply_to_user_id_str") or tweet.get("in_reply_to_user_id")
        if not parent and not to_user:
            return "original", None
        to_name = str(tweet.get("in_reply_to_screen_name") or "").lower()
        is_self = (self.account_id is not None and str(to_user) == self.account_id) or \
            to_name == self.handle_lower
        if is_self and parent:
            return "original", str(parent)
        return "reply_to_other", None


def _original_id(retweeted: Any) -> str | None:
    if not isinstance(retweeted, Mapping):
        return None
    value = retweeted.get("id_str") or retweeted.get("id")
    return str(value) if value else None


def _media(tweet: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    for holder in (tweet.get("extended_entities"), tweet.get("entities")):
        if isinstance(holder, dict) and isinstance(holder.get("media"), list):
            return [m for m in holder["media"] if isinstance(m, dict)]
    return []


def media_format(media: list[Mapping[str, Any]], urls: Any) -> tuple[str, float | None]:
    """(format, duration in seconds): video and GIF → video; several photos → carousel."""
    types = [str(m.get("type", "photo")) for m in media]
    if "video" in types or "animated_gif" in types:
        durations = [float((m.get("video_info") or {}).get("duration_millis") or 0) for m in media]
        longest = max(durations, default=0.0)
        return "video", longest / 1000 if longest else None
    if types:
        return ("carousel" if len(types) > 1 else "photo"), None
    for link in urls:
        expanded = str(link.get("expanded_url") or "") if isinstance(link, dict) else ""
        if expanded and not STATUS_URL.match(expanded):
            return "link", None
    return "text", None


def _features(media: list[Mapping[str, Any]], entities: Mapping[str, Any]) -> tuple[str, ...]:
    features: list[str] = []
    urls = entities.get("urls") or ()
    if any(isinstance(u, dict) and STATUS_URL.match(str(u.get("expanded_url") or "")) for u in urls):
        features.append("quote")
    if any(m.get("ext_alt_text") for m in media):
        features.append("alt_text")
    return tuple(features)


def _metrics(tweet: Mapping[str, Any]) -> dict[str, float]:
    metrics: dict[str, float] = {}
    for key, metric in (("favorite_count", "likes"), ("retweet_count", "reposts")):
        value = tweet.get(key)
        if value is not None and value != "":
            try:
                metrics[metric] = float(value)
            except (TypeError, ValueError):
                continue
    return metrics
