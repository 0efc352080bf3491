"""X (Twitter): the account archive (manifest.js, tweets.js parts) and the legacy analytics CSV.

* ``data/manifest.js`` (``window.__THAR_CONFIG = {...}``) gives the account and the date
  the archive was generated.
* ``data/tweets.js``, ``tweets-part1.js``... (``window.YTD.tweets.partN = [...]``; older
  archives ``tweet.js`` / ``YTD.tweet.partN``) hold the tweets. Small files are streamed
  with ijson; from ``_x_fast.MIN_BYTES`` on, a private DuckDB parses them and the tweets come
  as Arrow ``ItemBatch`` records (the same items: see ``_x_fast``). Memory stays bounded.
* ``tweet_activity_metrics_*.csv`` (analytics.twitter.com) adds impressions and
  engagements per tweet: see ``_x_analytics``.

Retweets are reposts; replies to other accounts are ``reply_to_other``; self-replies stay
originals with ``reply_to_id`` so the store unrolls the thread.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from chandelle.errors import MalformedFileError
from chandelle.importers import _x_analytics, _x_fast
from chandelle.importers._jsstream import iter_js_array, js_global_name
from chandelle.importers._parse import parse_timestamp
from chandelle.importers.base import AccountRecord, ExportInfo, ItemRecord, Record, Skip
from chandelle.importers.source import Source

NAME = "x"
PLATFORM = "x"
LABEL = "X (Twitter): account archive and analytics CSV"
HOWTO = (
    "Archive: Settings and privacy → Your account → Download an archive of your data; "
    "X e-mails a link a day or more later; import the ZIP as it is. Analytics CSV "
    "(legacy): analytics.twitter.com → Tweets → Export data."
)

_TWEET_GLOBAL = re.compile(r"^YTD\.tweets?\.part\d+$")
_STATUS_URL = re.compile(r"^https?://(?:mobile\.)?(?:twitter|x)\.com/[^/]+/status(?:es)?/\d+", re.IGNORECASE)
_MONTHS = {m: i for i, m in enumerate(
    ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), start=1)}


@dataclass(frozen=True, slots=True)
class Account:
    """Who the archive belongs to: needed to tell self-replies from replies to others."""

    handle: str
    account_id: str | None = None
    display_name: str | None = None
    generated_at: datetime | None = None

    def record(self) -> AccountRecord:
        return AccountRecord(platform=PLATFORM, handle=self.handle, display_name=self.display_name,
                             url=f"https://x.com/{self.handle}", platform_account_id=self.account_id)


def sniff(source: Source) -> bool:
    head = source.head(512)
    name = js_global_name(head)
    if name is not None:
        return name == "__THAR_CONFIG" or bool(_TWEET_GLOBAL.match(name))
    return _x_analytics.sniff(source)


def metrics_only(source: Source) -> bool:
    """The analytics CSV only adds metrics: it never overwrites what the archive says of a tweet."""
    return js_global_name(source.head(512)) is None


def read(source: Source) -> Iterator[Record]:
    name = js_global_name(source.head(512))
    if name == "__THAR_CONFIG":
        account = read_manifest(source)
        yield account.record()
        if account.generated_at is not None:
            yield ExportInfo(account.generated_at)
    elif name is not None:
        yield from _read_tweets(source)
    else:
        yield from _x_analytics.read(source)


# --- manifest ------------------------------------------------------------------------------

def read_manifest(source: Source) -> Account:
    """The account and generation date from ``manifest.js``."""
    text = source.read_text()
    try:
        config = json.loads(text[text.index("{"):].rstrip().rstrip(";"))
        user = config["userInfo"]
        handle = str(user["userName"]).lstrip("@")
    except (ValueError, KeyError, TypeError) as exc:
        raise MalformedFileError(
            "{file}: the X archive manifest is damaged (no userInfo.userName).",
            hint="Download the archive again from X and import it without editing it.",
            file=source.name,
        ) from exc
    generated = (config.get("archiveInfo") or {}).get("generationDate")
    return Account(
        handle=handle,
        account_id=str(user["accountId"]) if user.get("accountId") else None,
        display_name=user.get("displayName") or None,
        generated_at=parse_timestamp(generated) if generated else None,
    )


def find_account(source: Source) -> Account:
    """The archive's account: its manifest (found by content), else the --handle hint."""
    for other in (*source.siblings(), *source.family()):
        if other.suffix == ".js" and js_global_name(other.head(512)) == "__THAR_CONFIG":
            return read_manifest(other)
    handle = source.hints.get("handle", "").strip().lstrip("@")
    if handle:
        return Account(handle=handle)
    raise MalformedFileError(
        "{file}: the archive's manifest.js was not found, so the account is unknown.",
        hint="Import the whole archive (ZIP or folder), or give the account with --handle.",
        file=source.name,
    )


# --- tweets ----------------------------------------------------------------------------------

def _read_tweets(source: Source) -> Iterator[Record]:
    account = find_account(source)
    yield account.record()
    if account.generated_at is not None:
        yield ExportInfo(account.generated_at)
    if source.size() >= _x_fast.MIN_BYTES:
        try:
            yield from _x_fast.read_tweets(source, account.handle, account.account_id)
            return
        except _x_fast.FastPathUnavailable:
            pass                     # nothing was yielded: the ijson path decides
    yield from read_tweets_streamed(source, account)


def read_tweets_streamed(source: Source, account: Account) -> Iterator[Record]:
    """The tweets one by one with ijson: any size, any shape (the reference behaviour)."""
    mapper = TweetMapper(account)
    for position, element in enumerate(iter_js_array(source), start=1):
        tweet = element.get("tweet", element) if isinstance(element, dict) else None
        record = mapper.record(tweet) if isinstance(tweet, dict) else None
        yield record if record is not None else Skip("tweet without id or date",
                                                     where=f"{source.name} #{position}")


class TweetMapper:
    """Turns one archive tweet object into an ItemRecord (None when unusable)."""

    def __init__(self, account: Account) -> None:
        self.handle = account.handle
        self.handle_lower = account.handle.lower()
        self.account_id = account.account_id

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
        kind, reply_to = self.kind(tweet, text)
        media = _media(tweet)
        entities = tweet.get("entities") or {}
        fmt, duration = media_format(media, entities.get("urls") or ())
        return ItemRecord(
            platform=PLATFORM, item_id=item_id, account=self.handle, published_at=published,
            format=fmt, kind=kind, text=text, url=f"https://x.com/{self.handle}/status/{item_id}",
            duration_s=duration, media_count=len(media), reply_to_id=reply_to,
            features=_features(media, entities), metrics={} if kind == "repost" else _metrics(tweet),
        )

    def kind(self, tweet: Mapping[str, Any], text: str) -> tuple[str, str | None]:
        if text.startswith("RT @") or "retweeted_status" in tweet:
            return "repost", None
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


def created_at(text: str) -> datetime:
    """'Thu Nov 03 08:50:26 +0000 2022' -> aware UTC datetime (fast path, else tolerant)."""
    if len(text) == 30 and text[20:25] == "+0000" and text[7] == " ":
        month = _MONTHS.get(text[4:7])
        if month is not None:
            return datetime(int(text[26:30]), month, int(text[8:10]), int(text[11:13]),
                            int(text[14:16]), int(text[17:19]), tzinfo=UTC)
    return parse_timestamp(text)


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
        if expanded and not _STATUS_URL.match(expanded):
            return "link", None
    return "text", None


def _features(media: list[Mapping[str, Any]], entities: Mapping[str, Any]) -> tuple[str, ...]:
    features: list[str] = []
    urls = entities.get("urls") or ()
    if any(isinstance(u, dict) and _STATUS_URL.match(str(u.get("expanded_url") or "")) for u in urls):
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
