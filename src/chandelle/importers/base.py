"""The importer contract: what every platform module yields, and the shape of a module.

An importer is a module with ``NAME`` (unique), ``PLATFORM`` (a slug from ``PLATFORMS``),
``LABEL`` (an English msgid), ``HOWTO`` (msgid: where the user clicks to get the export),
``sniff(source) -> bool`` (cheap, reads the head, never raises) and
``read(source) -> Iterator[Record]``. It reads, it never writes: no database, no network,
no configuration, no printing. The store owns writes (``chandelle.store.load``).

Rules:
* a metric the export lacks is absent from ``metrics`` (stored NULL), never 0;
* times are timezone-aware UTC datetimes; ids are text;
* a row that cannot be used yields ``Skip(reason, where)``; a file that cannot be used
  raises ``MalformedFileError`` naming the file and the record;
* personal data (e-mails, IPs, GPS coordinates, other people's data) is never yielded.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol, runtime_checkable

from chandelle.importers.source import Source

PLATFORMS = (
    "instagram", "facebook", "tiktok", "youtube", "twitch", "x",
    "mastodon", "bluesky", "linkedin", "threads", "other",
)

# Content formats, across platforms. Importers map the platform's own words onto these.
FORMATS = (
    "text", "link", "photo", "carousel", "video", "reel", "short", "story",
    "live", "article", "guide", "document", "poll", "audio", "event", "other",
)

KINDS = ("original", "repost", "reply_to_other")

# Metric names. Per-item metrics are lifetime totals as of the export.
METRICS = (
    "likes", "comments", "shares", "saves", "views", "reach", "impressions",
    "replies", "reposts", "quotes", "clicks", "engagements", "watch_time_s",
    "followers_gained", "average_view_duration_s", "peak_viewers", "average_viewers",
    "chat_messages", "hours_watched",
)


@dataclass(frozen=True, slots=True)
class AccountRecord:
    """What an export tells about the account itself."""

    platform: str
    handle: str
    display_name: str | None = None
    url: str | None = None
    platform_account_id: str | None = None


@dataclass(frozen=True, slots=True)
class ItemRecord:
    """One published thing (or one part of a thread: see ``reply_to_id``)."""

    platform: str
    item_id: str
    account: str                       # the account's handle
    published_at: datetime             # timezone-aware UTC
    format: str                        # one of FORMATS
    kind: str = "original"             # one of KINDS
    text: str | None = None
    url: str | None = None
    duration_s: float | None = None
    media_count: int | None = None
    reply_to_id: str | None = None     # parent item id when this replies to the same account
    features: tuple[str, ...] = ()     # e.g. ("alt_text", "content_warning", "collab")
    metrics: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class FollowerRecord:
    """Followers of an account on a day (a snapshot, not a delta)."""

    platform: str
    account: str
    day: date
    followers: int


@dataclass(frozen=True, slots=True)
class DailyMetricRecord:
    """An account-level metric for one day (Studio charts, Twitch analytics...)."""

    platform: str
    account: str
    day: date
    metric: str
    value: float


@dataclass(frozen=True, slots=True)
class ExportInfo:
    """When the export was made, if the file says so (newest snapshot wins)."""

    exported_at: datetime


@dataclass(frozen=True, slots=True)
class Warning_:
    """Something the user should know but that does not stop the import (e.g. Excel damage)."""

    message: str                       # English msgid
    where: str = ""
    params: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Skip:
    """A record the importer could not use; reasons are short, stable msgids so they group."""

    reason: str
    where: str


Record = AccountRecord | ItemRecord | FollowerRecord | DailyMetricRecord | ExportInfo | Warning_ | Skip


@runtime_checkable
class Importer(Protocol):
    """The shape of an importer module (PEP 544: a module satisfies it)."""

    NAME: str
    PLATFORM: str
    LABEL: str
    HOWTO: str

    def sniff(self, source: Source) -> bool: ...

    def read(self, source: Source) -> Iterator[Record]: ...
