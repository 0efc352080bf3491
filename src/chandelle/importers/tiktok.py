"""TikTok: the "Download your data" JSON (`user_data_tiktok.json`, older `user_data.json`) and
TikTok Studio analytics exports (CSV/XLSX, read by ``_tiktok_studio``).

Data download JSON, read as a stream (the file also holds years of watch history):
* posts: ``Video.Videos.VideoList[]`` (older) or ``Post.Posts.VideoList[]`` (newer). They carry
  no video id, so an item's id is its publication time (``posted:<ISO time>``): one account
  cannot publish twice in the same second. ``Likes`` is the only metric. ``Link`` is a signed
  download URL that expires: it is not stored. Photo posts cannot be told from videos: all are
  ``video``.
* reposts (2024+: ``Your Activity.Reposts.RepostList[]``, videos of others the account
  reposted) are stored as ``repost`` with their date and the video's share address only.
* ``RecentlyDeletedPosts`` / ``Recently Deleted Posts`` are not current content: each is reported
  as skipped, never stored.
* the handle, display name and follower count come from ``Profile`` (2024+: ``Profile And
  Settings``) when present; its e-mail,
  telephone, birth date and every other field are never read into a record.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from typing import Any

import ijson

from chandelle.errors import MalformedFileError
from chandelle.importers import _tiktok_studio as studio
from chandelle.importers._parse import parse_count, parse_timestamp
from chandelle.importers._video_tables import account_handle
from chandelle.importers.base import AccountRecord, FollowerRecord, ItemRecord, Record, Skip
from chandelle.importers.source import Source

NAME = "tiktok"
PLATFORM = "tiktok"
LABEL = "TikTok: data download (JSON) and TikTok Studio analytics (CSV/XLSX)"
HOWTO = ("Posts: TikTok app → Profile → ☰ → Settings and privacy → Account → Download your data → "
         "choose JSON → Request data, then download the file a few days later. Figures: TikTok "
         "Studio (on a computer) → Analytics → choose the period → Download data (CSV or XLSX), "
         "for Overview, Content and Followers.")

_POSTS = frozenset({"Video.Videos.VideoList.item", "Post.Posts.VideoList.item"})
_DELETED = frozenset({"Video.RecentlyDeletedPosts.PostList.item", "Post.Recently Deleted Posts.PostList.item",
                      "Post.RecentlyDeletedPosts.PostList.item"})
_PROFILE = frozenset({"Profile.Profile Information.ProfileMap", "Profile.Profile Info.ProfileMap",
                      "Profile And Settings.Profile Info.ProfileMap",
                      "Profile And Settings.Profile Information.ProfileMap"})
# Videos of others the account reposted (2024+ downloads: "Your Activity" → "Reposts").
_REPOSTS = frozenset({"Your Activity.Reposts.RepostList.item", "Activity.Reposts.RepostList.item"})
_WANTED = _POSTS | _DELETED | _PROFILE | _REPOSTS
# List keys only TikTok writes; the 2024+ downloads start with "Comment" (CommentsList), whose
# list can fill the head of the file before any video appears.
_MARKERS = re.compile(r'"(VideoList|PostList|RecentlyDeletedPosts|Recently Deleted Posts|ProfileMap|'
                      r'Tiktok Live|Tiktok Shopping|TikTok Live|TikTok Shop|Ads and data|'
                      r'Video Browsing History|Go Live History|Favorite Effects|FavoriteEffectsList|'
                      r'Like List|ItemFavoriteList|CommentsList|ChatHistory|TakoChatHistoryList|'
                      r'CoinPurchaseHistoryList|FavoriteCollectionList|RepostList)"\s*:')
# Top-level sections, older ("Activity", "Profile", "Video"…) and 2024+ ("Your Activity",
# "Profile And Settings", "Likes and Favorites", "Direct Message", "Income+ Wallet"…).
_TOP_KEYS = re.compile(r'^\s*\{\s*"(Activity|Ads and data|App Settings|Comment|Direct Messages?|'
                       r'Income Plus Wallet Transactions|Income\+ Wallet|Likes and Favorites|'
                       r'Location Review|Poi Review|Post|Profile|Profile And Settings|Tiktok Live|'
                       r'TikTok Live|Tiktok Shopping|TikTok Shop|Video|Your Activity)"\s*:')


def _is_data_download(source: Source) -> bool:
    if source.suffix != ".json":
        return False
    head = source.head_text()
    return bool(_TOP_KEYS.match(head) and _MARKERS.search(head))


def sniff(source: Source) -> bool:
    return _is_data_download(source) or studio.sniff(source)


def read(source: Source) -> Iterator[Record]:
    if _is_data_download(source):
        yield from _read_data_download(source)
    else:
        yield from studio.read(source)


def _sections(source: Source) -> Iterator[tuple[str, dict[str, Any]]]:
    """(prefix, object) for every wanted object of the JSON, built one at a time."""
    stream = source.open()
    try:
        if source.head(3) == codecs.BOM_UTF8:
            stream.read(3)
        target: str | None = None
        builder: Any = None
        for prefix, event, value in ijson.parse(stream):
            if builder is None:
                if prefix in _WANTED and event == "start_map":
                    target, builder = prefix, ijson.ObjectBuilder()
                    builder.event(event, value)
                continue
            builder.event(event, value)
            if target is not None and prefix == target and event == "end_map":
                yield target, builder.value
                target, builder = None, None
    except ijson.JSONError as exc:
        raise MalformedFileError(
            "{file}: this TikTok data file is damaged or incomplete ({detail}); nothing was imported.",
            hint="Download your TikTok data again (JSON format) and import the file as it is.",
            file=source.name, detail=str(exc)[:120],
        ) from exc
    finally:
        stream.close()


def _read_data_download(source: Source) -> Iterator[Record]:
    posts: list[tuple[int, dict[str, Any]]] = []
    reposts: list[dict[str, Any]] = []
    profile: dict[str, Any] = {}
    skips: list[Skip] = []
    for prefix, obj in _sections(source):
        if prefix in _POSTS:
            posts.append((len(posts) + 1, obj))
        elif prefix in _REPOSTS:
            reposts.append(obj)
        elif prefix in _DELETED:
            skips.append(Skip("deleted post (TikTok's 'Recently deleted' list): not current content",
                              f"{source.name}: {prefix.removesuffix('.item')}[{len(skips)}]"))
        else:
            profile = {k: obj.get(k) for k in ("userName", "displayName", "followerCount")}
    handle, warning = account_handle(source, _text(profile.get("userName")))
    if warning:
        yield warning
    else:
        yield AccountRecord(platform=PLATFORM, handle=handle, display_name=_text(profile.get("displayName")),
                            url=f"https://www.tiktok.com/@{handle}")
    yield from _followers(source, handle, profile.get("followerCount"))
    for position, post in posts:
        yield _post(post, handle, f"{source.name}: VideoList[{position - 1}]")
    for position, entry in enumerate(reposts):
        yield _repost(entry, handle, f"{source.name}: RepostList[{position}]")
    yield from skips


def _text(value: Any) -> str | None:
    text = str(value).strip() if value is not None else ""
    return None if text in ("", "N/A", "None") else text


def _followers(source: Source, handle: str, value: Any) -> Iterator[Record]:
    try:
        count = parse_count(value)
    except ValueError:
        count = None
    if count is not None:
        # The export says nothing of its date: the file's own date stands for it.
        yield FollowerRecord(platform=PLATFORM, account=handle, day=source.modified_at().date(),
                             followers=int(count))


def _post(post: dict[str, Any], handle: str, where: str) -> Record:
    try:
        published = parse_timestamp(post.get("Date", ""))
    except ValueError:
        return Skip("post without a readable date", where)
    try:
        likes = parse_count(post.get("Likes"))
    except ValueError:
        likes = None
    metrics = {"likes": likes} if likes is not None else {}
    return ItemRecord(platform=PLATFORM, item_id=f"posted:{published.strftime('%Y-%m-%dT%H:%M:%S')}",
                      account=handle, published_at=published, format="video",
                      text=_text(post.get("Title")), metrics=metrics)


def _repost(entry: dict[str, Any], handle: str, where: str) -> Record:
    """A video of someone else the account reposted: its date, kind and the video's address
    (a share link, not a signed download link); nothing of the video itself."""
    try:
        published = parse_timestamp(entry.get("Date", ""))
    except ValueError:
        return Skip("repost without a readable date", where)
    link = _text(entry.get("Link"))
    return ItemRecord(platform=PLATFORM, item_id=f"reposted:{published.strftime('%Y-%m-%dT%H:%M:%S')}",
                      account=handle, published_at=published, format="other", kind="repost",
                      url=link if link and link.startswith("https://") else None)
