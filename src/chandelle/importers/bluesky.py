"""Bluesky: saved ``app.bsky.feed.getAuthorFeed`` JSON pages and the repository CAR export.

* Feed pages (``{"feed": [feedViewPost...], "cursor": ...}``, or a JSON list of such pages)
  carry the counts: likes, reposts, replies, quotes. A feed item with a repost reason is a
  repost by the feed's owner.
* The repository CAR (Settings → Account → Export my data) holds every ``app.bsky.feed.post``
  and ``app.bsky.feed.repost`` record but no counts and no handle: the repo's DID is the
  account unless ``--handle`` says otherwise.

Item ids are the records' ``at://`` URIs in both, so a feed page and a CAR merge.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

from chandelle.errors import MalformedFileError
from chandelle.importers import _car
from chandelle.importers._parse import parse_timestamp
from chandelle.importers.base import AccountRecord, ItemRecord, Record, Skip
from chandelle.importers.source import Source

NAME = "bluesky"
PLATFORM = "bluesky"
LABEL = "Bluesky: repository export (CAR) and saved author feeds (JSON)"
HOWTO = (
    "Repository: Settings → Account → Export my data → Download CAR file. Counts (likes, "
    "reposts): save the pages of app.bsky.feed.getAuthorFeed for your account as JSON files."
)

POST = "app.bsky.feed.post"
REPOST = "app.bsky.feed.repost"
_FEED_HINT = re.compile(r'^\s*\[?\s*\{\s*"(?:feed|cursor)"\s*:')
_AT_URI = re.compile(r"^at://([^/]+)/([^/]+)/([^/]+)$")
# "upvoteCount": the name of likes in the API's first public months (early 2023 pages).
_METRICS = (("likeCount", "likes"), ("upvoteCount", "likes"), ("repostCount", "reposts"),
            ("replyCount", "replies"), ("quoteCount", "quotes"), ("bookmarkCount", "saves"))


def sniff(source: Source) -> bool:
    head = source.head(8192)
    if _car.looks_like_car(head):
        return True
    text = head.decode("utf-8", "ignore").lstrip("\ufeff")
    return bool(_FEED_HINT.match(text)) and '"at://did:' in text and POST in text


def read(source: Source) -> Iterator[Record]:
    if _car.looks_like_car(source.head(8192)):
        yield from _read_car(source)
    else:
        yield from _read_feed(source)


# --- shared mapping ------------------------------------------------------------------------

def split_uri(uri: str) -> tuple[str, str, str]:
    """'at://did:plc:x/app.bsky.feed.post/3k...' → (did, collection, rkey)."""
    match = _AT_URI.match(uri)
    if match is None:
        raise ValueError(f"not an at:// record URI: {uri!r}")
    return match.group(1), match.group(2), match.group(3)


def post_url(profile: str, uri: str) -> str:
    """The web address of a post; the DID is used as profile so feed and CAR agree."""
    return f"https://bsky.app/profile/{profile}/post/{split_uri(uri)[2]}"


def embed_format(embed: Any) -> tuple[str, int, tuple[str, ...]]:
    """(format, media count, features) from a record embed or its #view."""
    if not isinstance(embed, dict):
        return "text", 0, ()
    kind = str(embed.get("$type") or "").removesuffix("#view")
    if kind == "app.bsky.embed.recordWithMedia":
        fmt, count, features = embed_format(embed.get("media"))
        return fmt, count, ("quote", *features)
    if kind == "app.bsky.embed.record":
        return "text", 0, ("quote",)
    if kind == "app.bsky.embed.external":
        return "link", 0, ()
    if kind == "app.bsky.embed.video":
        return "video", 1, ("alt_text",) if embed.get("alt") else ()
    if kind in ("app.bsky.embed.images", "app.bsky.embed.gallery"):
        images = [i for i in embed.get("images") or embed.get("items") or () if isinstance(i, dict)]
        features = ("alt_text",) if any(i.get("alt") for i in images) else ()
        return ("carousel" if len(images) > 1 else "photo"), len(images), features
    return "other", 0, ()


def post_record(uri: str, post: Mapping[str, Any], owner_did: str, handle: str,
                published: datetime, metrics: Mapping[str, float]) -> ItemRecord:
    """An app.bsky.feed.post record → an item (self-reply keeps reply_to_id).

    A reply names its parent and its thread's root: a reply under the account's own post
    whose root is someone else's post is a reply chain (``reply_to_other``), even when the
    parts between are missing from the export.
    """
    kind, reply_to = "original", None
    reply = post.get("reply")
    if isinstance(reply, dict):
        own = f"at://{owner_did}/"
        parent = str((reply.get("parent") or {}).get("uri") or "")
        root = str((reply.get("root") or {}).get("uri") or parent)
        if parent.startswith(own):
            reply_to = parent
        if not (parent.startswith(own) and root.startswith(own)):
            kind = "reply_to_other"
    fmt, count, features = embed_format(post.get("embed"))
    labels = post.get("labels")
    if isinstance(labels, dict) and labels.get("values"):
        features = (*features, "content_warning")
    return ItemRecord(
        platform=PLATFORM, item_id=uri, account=handle, published_at=published, format=fmt,
        kind=kind, text=str(post.get("text") or ""), url=post_url(owner_did, uri), media_count=count,
        reply_to_id=reply_to, features=features, metrics=dict(metrics),
    )


# --- getAuthorFeed pages -------------------------------------------------------------------

def _feed_items(document: Any) -> list[Mapping[str, Any]]:
    pages = document if isinstance(document, list) else [document]
    items: list[Mapping[str, Any]] = []
    for page in pages:
        if isinstance(page, dict) and isinstance(page.get("feed"), list):
            items.extend(i for i in page["feed"] if isinstance(i, dict))
    return items


def _is_repost(item: Mapping[str, Any]) -> bool:
    reason = item.get("reason")
    return isinstance(reason, dict) and str(reason.get("$type", "")).endswith("#reasonRepost")


def _feed_owner(items: list[Mapping[str, Any]]) -> tuple[str, str, str | None]:
    """(did, handle, name) of the feed's account: the most frequent author or reposter."""
    people: Counter[tuple[str, str, str | None]] = Counter()
    for item in items:
        who = (item.get("reason") or {}).get("by") if _is_repost(item) else \
            (item.get("post") or {}).get("author")
        if isinstance(who, dict) and who.get("did"):
            people[(str(who["did"]), str(who.get("handle") or who["did"]),
                    str(who["displayName"]) if who.get("displayName") else None)] += 1
    if not people:
        raise ValueError("no author in the feed")
    return people.most_common(1)[0][0]


def _read_feed(source: Source) -> Iterator[Record]:
    try:
        items = _feed_items(json.loads(source.read_text()))
        did, handle, name = _feed_owner(items)
    except ValueError as exc:
        raise MalformedFileError(
            "{file}: this Bluesky feed file is damaged or holds no post.",
            hint="Save the getAuthorFeed response again, unchanged.", file=source.name,
        ) from exc
    handle = source.hints.get("handle", "").strip().lstrip("@") or handle
    yield AccountRecord(platform=PLATFORM, handle=handle, platform_account_id=did, display_name=name,
                        url=f"https://bsky.app/profile/{handle}")
    for position, item in enumerate(items, start=1):
        yield _feed_record(item, did, handle, f"{source.name} #{position}")


def _feed_record(item: Mapping[str, Any], did: str, handle: str, where: str) -> Record:
    post = item.get("post")
    if not isinstance(post, dict) or not isinstance(post.get("record"), dict):
        return Skip("feed item without a post", where=where)
    try:
        uri = str(post["uri"])
        if _is_repost(item):
            reason = item["reason"]
            return ItemRecord(
                platform=PLATFORM, item_id=str(reason.get("uri") or f"{uri}#repost-by-{did}"),
                account=handle, published_at=parse_timestamp(reason["indexedAt"]), format="other",
                kind="repost", url=post_url(split_uri(uri)[0], uri),
            )
        if (post.get("author") or {}).get("did") != did:
            return Skip("post by another account", where=where)
        metrics = {m: float(post[k]) for k, m in _METRICS if isinstance(post.get(k), int | float)}
        return post_record(uri, post["record"], did, handle,
                           parse_timestamp(post["record"]["createdAt"]), metrics)
    except (KeyError, ValueError, TypeError):
        return Skip("feed item without uri or date", where=where)


# --- repository CAR ------------------------------------------------------------------------

def _read_car(source: Source) -> Iterator[Record]:
    try:
        with source.open() as stream:
            repo = _car.read_repository(stream)
    except (_car.CarError, ValueError, KeyError, EOFError) as exc:
        raise MalformedFileError(
            "{file}: this Bluesky repository export (CAR) is damaged ({detail}); nothing was imported.",
            hint="Export your data again from Bluesky (Settings → Account → Export my data).",
            file=source.name, detail=str(exc)[:120],
        ) from exc
    handle = source.hints.get("handle", "").strip().lstrip("@") or repo.did
    yield AccountRecord(platform=PLATFORM, handle=handle, platform_account_id=repo.did,
                        display_name=_profile_name(repo), url=f"https://bsky.app/profile/{repo.did}")
    for key, link in repo.entries():
        collection, _, rkey = key.partition("/")
        if collection in (POST, REPOST):
            yield _car_record(repo, collection, rkey, link, handle, f"{source.name} › {key}")


def _profile_name(repo: _car.Repository) -> str | None:
    for key, link in repo.entries():
        if key == "app.bsky.actor.profile/self":
            profile = repo.record(link)
            name = profile.get("displayName") if isinstance(profile, dict) else None
            return str(name) if name else None
    return None


def _car_record(repo: _car.Repository, collection: str, rkey: str, link: _car.Link, handle: str,
                where: str) -> Record:
    value = repo.record(link)
    if not isinstance(value, dict):
        return Skip("record missing from the export", where=where)
    uri = f"at://{repo.did}/{collection}/{rkey}"
    try:
        published = parse_timestamp(value["createdAt"])
        if collection == POST:
            return post_record(uri, value, repo.did, handle, published, {})
        subject = str((value.get("subject") or {})["uri"])
        return ItemRecord(platform=PLATFORM, item_id=uri, account=handle, published_at=published,
                          format="other", kind="repost", url=post_url(split_uri(subject)[0], subject))
    except (KeyError, ValueError, TypeError):
        return Skip("record without date", where=where)
