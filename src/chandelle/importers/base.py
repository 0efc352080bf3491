"""The importer contract: what every platform module yields, and the shape of a module.

An importer is a module with ``NAME`` (unique), ``PLATFORM`` (a slug from ``PLATFORMS``),
``LABEL`` (an English msgid), ``HOWTO`` (msgid: where the user clicks to get the export),
``sniff(source) -> bool`` (cheap, reads the head, never raises) and
``read(source) -> Iterator[Record]``. It reads, it never writes: no database, no network,
no configuration, no printing. The store owns writes (``chandelle.store.load``).

Optional: ``metrics_only(source) -> bool``. True for sources that only add metrics to items
another export describes better (analytics CSVs): their items are inserted when new, but they
never overwrite the fields of an item already in the store (they only fill one it lacks, such
as a permalink). Absent means False.

A large export may yield ``ItemBatch`` records (columnar: many items at once, no per-item
Python objects) instead of ``ItemRecord``s; both may be mixed in one read.

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
from datetime import UTC, date, datetime
from typing import Protocol, runtime_checkable

import pyarrow as pa

from chandelle.importers.source import Source
from chandelle.vocabulary import FORMATS as FORMATS
from chandelle.vocabulary import KINDS as KINDS
from chandelle.vocabulary import PLATFORMS as PLATFORMS

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


UNNAMED_ACCOUNT = "unnamed_account"   # Warning_.code: the export does not name its account


@dataclass(frozen=True, slots=True)
class Warning_:
    """Something the user should know but that does not stop the import (e.g. Excel damage).

    ``code`` marks warnings a front end acts on: ``UNNAMED_ACCOUNT`` (params: ``handle``, the
    placeholder the items were filed under) makes the CLI say so in its summary's first line
    and the web app ask for the account's name. Messages never name a command-line flag.
    """

    message: str                       # English msgid
    where: str = ""
    params: Mapping[str, str] = field(default_factory=dict)
    code: str = ""


@dataclass(frozen=True, slots=True)
class Skip:
    """A record the importer could not use; reasons are short, stable msgids so they group."""

    reason: str
    where: str


# The columns of ItemBatch.items, in this order, with these types (the store's stage shape).
# ``published_at`` is naive UTC; ``handle`` is the account's handle (ItemRecord.account).
ITEM_BATCH_SCHEMA = pa.schema([
    ("platform", pa.string()), ("item_id", pa.string()), ("handle", pa.string()),
    ("published_at", pa.timestamp("us")), ("format", pa.string()), ("kind", pa.string()),
    ("text", pa.string()), ("url", pa.string()), ("duration_s", pa.float64()),
    ("media_count", pa.int32()), ("reply_to_id", pa.string()), ("features", pa.list_(pa.string())),
])
# The columns of ItemBatch.metrics: long format, one row per (item, metric) the export gives.
METRIC_BATCH_SCHEMA = pa.schema([
    ("platform", pa.string()), ("item_id", pa.string()), ("metric", pa.string()),
    ("value", pa.float64()),
])


@dataclass(frozen=True, slots=True)
class ItemBatch:
    """Many items at once, as Arrow tables: the same rules as ``ItemRecord``, row by row.

    ``items`` has exactly ``ITEM_BATCH_SCHEMA`` and ``metrics`` ``METRIC_BATCH_SCHEMA``; rows
    are in file order (within one file the last occurrence of an id wins, across batches too).
    """

    items: pa.Table
    metrics: pa.Table

    def __post_init__(self) -> None:
        if not self.items.schema.equals(ITEM_BATCH_SCHEMA):
            raise TypeError(f"ItemBatch.items has schema {self.items.schema}, not ITEM_BATCH_SCHEMA")
        if not self.metrics.schema.equals(METRIC_BATCH_SCHEMA):
            raise TypeError(f"ItemBatch.metrics has schema {self.metrics.schema}, not METRIC_BATCH_SCHEMA")

    def records(self) -> Iterator[ItemRecord]:
        """The batch as ItemRecords, row by row (for tests and small consumers)."""
        metrics: dict[str, dict[str, float]] = {}
        for row in self.metrics.to_pylist():
            metrics.setdefault(row["item_id"], {})[row["metric"]] = row["value"]
        for row in self.items.to_pylist():
            yield ItemRecord(
                platform=row["platform"], item_id=row["item_id"], account=row["handle"],
                published_at=row["published_at"].replace(tzinfo=UTC), format=row["format"],
                kind=row["kind"], text=row["text"], url=row["url"], duration_s=row["duration_s"],
                media_count=row["media_count"], reply_to_id=row["reply_to_id"],
                features=tuple(row["features"] or ()), metrics=metrics.get(row["item_id"], {}),
            )


Record = (AccountRecord | ItemRecord | ItemBatch | FollowerRecord | DailyMetricRecord | ExportInfo
          | Warning_ | Skip)


@runtime_checkable
class Importer(Protocol):
    """The shape of an importer module (PEP 544: a module satisfies it)."""

    NAME: str
    PLATFORM: str
    LABEL: str
    HOWTO: str

    def sniff(self, source: Source) -> bool: ...

    def read(self, source: Source) -> Iterator[Record]: ...
