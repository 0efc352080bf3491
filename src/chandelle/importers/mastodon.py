"""Mastodon: the account archive's ``outbox.json`` (ActivityStreams) and ``actor.json``.

* ``Create`` of a Note → an original (a self-reply keeps ``reply_to_id`` so the store
  unrolls the thread; a reply to someone else → ``reply_to_other``); ``Announce`` (boost)
  → a repost.
* Visibility comes from the note's own ``to``/``cc`` (a boost's, from the activity): only
  public and unlisted posts (the Public collection is addressed) are stored; followers-only
  and direct messages are skipped, never stored, whatever the wrapping activity says.
* A boost keeps only its id, date, kind and the boosted post's address (never its words).
* The archive has no engagement counts; the posts' HTML is reduced to plain text.
* The outbox is streamed with ijson; it tolerates the duplicated ``orderedItems`` key that
  Mastodon writes (the first array is always empty). Pages of the outbox saved from the server
  (``OrderedCollectionPage``) hold the same activities and are read the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

import ijson

from chandelle.errors import MalformedFileError
from chandelle.importers._html import has_plain_link, html_to_text
from chandelle.importers._parse import parse_timestamp
from chandelle.importers.base import AccountRecord, ItemRecord, Record, Skip
from chandelle.importers.source import Source

NAME = "mastodon"
PLATFORM = "mastodon"
LABEL = "Mastodon: account archive (outbox.json, actor.json)"
HOWTO = (
    "Preferences → Import and export → Data export → Request your archive; download the "
    "ZIP when it is ready (once a week at most) and import it as it is."
)

PUBLIC = frozenset({"https://www.w3.org/ns/activitystreams#Public", "as:Public", "Public"})
_AS_CONTEXT = "https://www.w3.org/ns/activitystreams"
# The archive's outbox is an OrderedCollection; a page of it saved from the server
# (``/users/NAME/outbox?page=true``) is an OrderedCollectionPage with the same items.
_OUTBOX_HINT = re.compile(r'"type"\s*:\s*"OrderedCollection(?:Page)?"')
_ACTIVITY_HINT = re.compile(r'"id"\s*:\s*"outbox\.json"|"type"\s*:\s*"(?:Create|Announce)"')
_ACTOR_HINT = re.compile(r'"type"\s*:\s*"(?:Person|Service|Organization|Group|Application)"')


def sniff(source: Source) -> bool:
    if source.suffix not in (".json", ""):
        return False
    head = source.head_text(16384)
    if _AS_CONTEXT not in head[:400]:
        return False
    if _OUTBOX_HINT.search(head) and _ACTIVITY_HINT.search(head):
        return True
    return bool(_ACTOR_HINT.search(head)) and '"preferredUsername"' in head and '"outbox"' in head


def read(source: Source) -> Iterator[Record]:
    if _OUTBOX_HINT.search(source.head_text(16384)):
        yield from _read_outbox(source)
    else:
        yield read_actor(source)


# --- account -------------------------------------------------------------------------------

def handle_from_actor(actor_url: str, username: str | None = None) -> str:
    """'https://indieweb.social/users/dealingwith' → 'dealingwith@indieweb.social'."""
    parts = urlsplit(actor_url)
    name = username or parts.path.rstrip("/").rsplit("/", 1)[-1].lstrip("@")
    if not parts.hostname or not name:
        raise ValueError(f"not an actor URL: {actor_url!r}")
    return f"{name}@{parts.hostname}"


def read_actor(source: Source) -> AccountRecord:
    import json

    try:
        actor = json.loads(source.read_text())
        handle = handle_from_actor(str(actor["id"]), actor.get("preferredUsername"))
    except (ValueError, KeyError, TypeError) as exc:
        raise MalformedFileError(
            "{file}: the Mastodon actor.json is damaged (no id or username).",
            hint="Download the archive again from your Mastodon server.", file=source.name,
        ) from exc
    return AccountRecord(platform=PLATFORM, handle=handle, display_name=actor.get("name") or None,
                         url=actor.get("url") or None, platform_account_id=str(actor["id"]))


# --- outbox --------------------------------------------------------------------------------

def _read_outbox(source: Source) -> Iterator[Record]:
    count = 0
    accounts: set[str] = set()
    with source.open() as handle:
        try:
            for activity in ijson.items(handle, "orderedItems.item", use_float=True):
                count += 1
                where = f"{source.name} #{count}"
                record = activity_record(activity, where) if isinstance(activity, dict) else \
                    Skip("activity that is not an object", where=where)
                if isinstance(record, ItemRecord) and record.account not in accounts:
                    accounts.add(record.account)
                    yield AccountRecord(platform=PLATFORM, handle=record.account)
                yield record
        except ijson.JSONError as exc:
            raise MalformedFileError(
                "{file}: the file is truncated or damaged after {count} records ({detail}); "
                "nothing was imported.",
                hint="Download the archive again from your Mastodon server.",
                file=source.name, count=count, detail=str(exc).splitlines()[0][:80],
            ) from exc


def _addressed(activity: Mapping[str, Any], key: str) -> set[str]:
    value = activity.get(key)
    if isinstance(value, str):
        return {value}
    return {str(v) for v in value} if isinstance(value, list) else set()


def activity_record(activity: Mapping[str, Any], where: str) -> Record:
    """One outbox activity → an item, or a Skip (non-public, unknown type, damaged)."""
    kind = activity.get("type")
    if kind not in ("Create", "Announce"):
        return Skip("activity type not read", where=where)
    obj = activity.get("object")
    note: Mapping[str, Any] = obj if isinstance(obj, dict) else {}
    # A note says who it is for: a public activity around a note addressed to one person or
    # to followers does not make it public. A boost's object is a link: the activity decides.
    addressing = note if kind == "Create" else activity
    to, cc = _addressed(addressing, "to"), _addressed(addressing, "cc")
    if not (PUBLIC & (to | cc)):
        return Skip("non-public post (followers-only or direct), not stored", where=where)
    try:
        actor = str(activity["actor"])
        handle = handle_from_actor(actor)
        published = parse_timestamp(note.get("published") or activity["published"])
    except (KeyError, ValueError, TypeError):
        return Skip("activity without actor or date", where=where)
    if kind == "Announce":
        return ItemRecord(platform=PLATFORM, item_id=str(activity.get("id") or obj), account=handle,
                          published_at=published, format="other", kind="repost",
                          url=obj if isinstance(obj, str) else note.get("url"))
    if not note.get("id"):
        return Skip("activity without actor or date", where=where)
    return _note_record(note, actor, handle, published, unlisted=not (PUBLIC & to))


def _note_record(note: Mapping[str, Any], actor: str, handle: str, published: Any,
                 unlisted: bool) -> ItemRecord:
    parent = note.get("inReplyTo")
    kind, reply_to = "original", None
    if isinstance(parent, str) and parent:
        if parent.startswith(actor.rstrip("/") + "/"):
            reply_to = parent
        else:
            kind = "reply_to_other"
    attachments = [a for a in note.get("attachment") or () if isinstance(a, dict)]
    content = str(note.get("content") or "")
    features = [name for name, present in (
        ("content_warning", bool(note.get("summary"))),
        ("sensitive", bool(note.get("sensitive"))),
        ("alt_text", any(a.get("name") for a in attachments)),
        ("unlisted", unlisted),
    ) if present]
    return ItemRecord(
        platform=PLATFORM, item_id=str(note["id"]), account=handle, published_at=published,
        format=note_format(note, attachments, content), kind=kind, text=html_to_text(content),
        url=note.get("url") or str(note["id"]), media_count=len(attachments), reply_to_id=reply_to,
        features=tuple(features),
    )


def note_format(note: Mapping[str, Any], attachments: Sequence[Mapping[str, Any]], content: str) -> str:
    """Video beats photos; several images → carousel; a poll; a link card; else text."""
    types = [str(a.get("mediaType") or "") for a in attachments]
    if any(t.startswith("video/") or t == "image/gif" for t in types):
        return "video"
    if any(t.startswith("audio/") for t in types):
        return "audio"
    images = sum(1 for t in types if t.startswith("image/"))
    if images:
        return "carousel" if images > 1 else "photo"
    if note.get("type") == "Question":
        return "poll"
    return "link" if has_plain_link(content) else "text"
