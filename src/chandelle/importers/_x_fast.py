"""The fast path for large X ``tweets.js`` files: DuckDB parses, SQL maps, Arrow batches come out.

The ijson path (``x._read_tweets``) builds one Python dict and one ItemRecord per tweet;
on a million-tweet archive that Python work is the import's cost. Here a private DuckDB
connection (the importer's own, never the store) reads the JSON with explicit columns, maps
tweet → item in SQL (the same rules as ``x.TweetMapper``) and hands back ``ItemBatch``
records: Arrow tables, no per-tweet Python object. The rules are ``_x_tweet``'s; the SQL
mirrors them and tests/importers/test_x_fast.py proves both give the same records on
generated tweets (a Hypothesis property).

Steps: the file minus its ``window.YTD.tweets.partN =`` prefix and trailing ``;`` is copied
into a private temporary folder (``_fastpath.scratch_folder``); ``read_json`` maps it into a
table of that folder's DuckDB file (so memory stays bounded: DuckDB spills); only when the
whole file parsed and every element is a ``{"tweet": {...}}`` object with an ``id_str`` are
batches yielded. Otherwise
(damaged JSON, unusual shapes) ``FastPathUnavailable`` is raised before anything is yielded
and the caller reads the file with ijson, whose behaviour (records or clear error) is the
reference. Rows the SQL cannot map exactly (an HTML entity in the text, a date in another
format) are finished in Python with ``_x_tweet``'s functions.
"""

from __future__ import annotations

import html
import shutil
from collections.abc import Iterator
from datetime import UTC
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from chandelle.importers._fastpath import (
    MEMORY_LIMIT,
    STREAM_MEMORY_LIMIT,
    FastPathUnavailable,
    scratch_folder,
    stream_batches,
)
from chandelle.importers._jsstream import READ_SIZE, js_assignment_end
from chandelle.importers._x_tweet import created_at, is_repost, repost
from chandelle.importers.base import (
    ITEM_BATCH_SCHEMA,
    METRIC_BATCH_SCHEMA,
    ItemBatch,
    ItemRecord,
    Record,
    Skip,
)
from chandelle.importers.source import Source

_MEDIA = "STRUCT(type VARCHAR, ext_alt_text VARCHAR, video_info STRUCT(duration_millis VARCHAR))[]"
_TWEET = (
    "STRUCT(id_str VARCHAR, id VARCHAR, created_at VARCHAR, full_text VARCHAR, text VARCHAR, "
    "retweeted_status JSON, in_reply_to_status_id_str VARCHAR, in_reply_to_status_id VARCHAR, "
    "in_reply_to_user_id_str VARCHAR, in_reply_to_user_id VARCHAR, in_reply_to_screen_name VARCHAR, "
    "favorite_count VARCHAR, retweet_count VARCHAR, "
    f"entities STRUCT(urls STRUCT(expanded_url VARCHAR)[], media {_MEDIA}), "
    f"extended_entities STRUCT(media {_MEDIA}))"
)
# _x_tweet.STATUS_URL, in RE2 syntax.
_STATUS_RE = r"(?i)^https?://(?:mobile\.)?(?:twitter|x)\.com/[^/]+/status(?:es)?/[0-9]+"
# What html.unescape could change: '&' followed by anything that may start a character reference.
_ENTITY_RE = "&[^\t\n\f <&;]"

_MAP_SQL = f"""
CREATE TABLE tweets AS
WITH raw AS (
    SELECT tweet AS w FROM read_json($path, format = 'array', columns = {{'tweet': '{_TWEET}'}})
), fields AS (
    SELECT w IS NULL AS unusual_shape,
           nullif(w.id_str, '') IS NULL AND w.id IS NOT NULL AS unusual_id,
           coalesce(nullif(w.id_str, ''), nullif(w.id, '')) AS item_id,
           w.created_at AS created_raw,
           coalesce(nullif(w.full_text, ''), nullif(w.text, ''), '') AS text,
           list_filter(coalesce(w.extended_entities.media, w.entities.media, []),
                       lambda m: m IS NOT NULL) AS media,
           list_filter(coalesce(w.entities.urls, []), lambda u: u IS NOT NULL) AS urls,
           w.retweeted_status IS NOT NULL AS retweeted,
           coalesce(nullif(json_extract_string(w.retweeted_status, '$.id_str'), ''),
                    nullif(json_extract_string(w.retweeted_status, '$.id'), '')) AS original_id,
           coalesce(nullif(w.in_reply_to_status_id_str, ''), nullif(w.in_reply_to_status_id, '')) AS parent,
           coalesce(nullif(w.in_reply_to_user_id_str, ''), nullif(w.in_reply_to_user_id, '')) AS to_user,
           lower(coalesce(w.in_reply_to_screen_name, '')) AS to_name,
           CASE WHEN w.favorite_count <> '' THEN TRY_CAST(w.favorite_count AS DOUBLE) END AS likes,
           CASE WHEN w.retweet_count <> '' THEN TRY_CAST(w.retweet_count AS DOUBLE) END AS reposts
    FROM raw
), shaped AS (
    SELECT *,
           list_transform(media, lambda m: coalesce(m.type, 'photo')) AS types,
           list_max(list_transform(media, lambda m: coalesce(
               CAST(nullif(m.video_info.duration_millis, '') AS DOUBLE), 0))) AS longest,
           len(list_filter(urls, lambda u: coalesce(u.expanded_url, '') <> ''
                                      AND NOT regexp_matches(u.expanded_url, '{_STATUS_RE}'))) > 0
               AS has_link,
           len(list_filter(urls, lambda u: regexp_matches(coalesce(u.expanded_url, ''), '{_STATUS_RE}'))) > 0
               AS quotes,
           len(list_filter(media, lambda m: coalesce(m.ext_alt_text, '') <> '')) > 0 AS alt_text,
           CASE WHEN starts_with(text, 'RT @') OR retweeted THEN 'repost'
                WHEN parent IS NULL AND to_user IS NULL THEN 'original'
                WHEN parent IS NOT NULL
                     AND (coalesce(to_user = $account_id, false) OR to_name = $handle_lower)
                    THEN 'original'
                ELSE 'reply_to_other' END AS kind
    FROM fields
)
SELECT unusual_shape, unusual_id, item_id, created_raw, original_id,
       CASE WHEN length(created_raw) = 30 AND created_raw[21:25] = '+0000' AND created_raw[8:8] = ' '
            THEN try_strptime(created_raw, '%a %b %d %H:%M:%S +0000 %Y') END AS published_at,
       CASE WHEN kind = 'repost' THEN 'other'
            WHEN list_contains(types, 'video') OR list_contains(types, 'animated_gif') THEN 'video'
            WHEN len(types) > 1 THEN 'carousel'
            WHEN len(types) = 1 THEN 'photo'
            WHEN has_link THEN 'link'
            ELSE 'text' END AS format,
       kind, CASE WHEN kind <> 'repost' THEN text END AS text,
       kind <> 'repost' AND regexp_matches(text, '{_ENTITY_RE}') AS needs_unescape,
       CASE WHEN kind = 'repost' THEN
                CASE WHEN original_id IS NOT NULL THEN 'https://x.com/i/status/' || original_id END
            ELSE 'https://x.com/' || $handle || '/status/' || item_id END AS url,
       CASE WHEN kind <> 'repost' AND (list_contains(types, 'video') OR list_contains(types, 'animated_gif'))
                 AND longest <> 0
            THEN longest / 1000 END AS duration_s,
       CASE WHEN kind <> 'repost' THEN len(media)::INTEGER END AS media_count,
       CASE WHEN kind = 'original' THEN parent END AS reply_to_id,
       CASE WHEN kind = 'repost' THEN []::VARCHAR[]
            ELSE list_filter([CASE WHEN quotes THEN 'quote' END, CASE WHEN alt_text THEN 'alt_text' END],
                             lambda f: f IS NOT NULL) END AS features,
       CASE WHEN kind <> 'repost' THEN likes END AS likes,
       CASE WHEN kind <> 'repost' THEN reposts END AS reposts
FROM shaped
"""


def read_tweets(source: Source, handle: str, account_id: str | None) -> Iterator[Record]:
    """The items of a ``tweets.js`` file as ItemBatch records (plus Skips), in file order.

    Raises ``FastPathUnavailable`` before yielding anything when the file must go the ijson way.
    """
    with scratch_folder() as folder:
        body = folder / "tweets.json"
        _copy_body(source, body)
        con = duckdb.connect(str(folder / "parse.duckdb"))
        try:
            con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
            con.execute("SET temp_directory = ?", [str(folder / "spill")])
            con.execute("SET preserve_insertion_order = true")
            try:
                con.execute(_MAP_SQL, {"path": str(body), "account_id": account_id,
                                       "handle": handle, "handle_lower": handle.lower()})
            except duckdb.Error as exc:
                raise FastPathUnavailable(str(exc)) from exc
            body.unlink()
            con.execute(f"SET memory_limit = '{STREAM_MEMORY_LIMIT}'")   # parsed: streaming out needs little
            row = con.execute("SELECT count(*) FILTER (WHERE unusual_shape OR unusual_id) FROM tweets")
            if row.fetchall()[0][0]:
                raise FastPathUnavailable("elements without a tweet object or id_str")
            yield from _batches(con, source.name, handle)
        finally:
            con.close()


def _copy_body(source: Source, target: Path) -> None:
    """The JSON array: the file minus its JavaScript assignment and trailing ';'."""
    prefix = js_assignment_end(source.head(4096))
    if prefix is None:
        raise FastPathUnavailable("no window.YTD assignment")
    with source.open() as handle, target.open("wb") as out:
        handle.read(prefix)
        shutil.copyfileobj(handle, out, READ_SIZE)
    with target.open("r+b") as out:
        size = out.seek(0, 2)
        tail_start = max(0, size - 64)
        out.seek(tail_start)
        tail = out.read()
        out.truncate(tail_start + len(tail.rstrip(b" \t\r\n;")))


def _batches(con: duckdb.DuckDBPyConnection, name: str, handle: str) -> Iterator[Record]:
    return stream_batches(
        con, "SELECT * EXCLUDE (unusual_shape, unusual_id) FROM tweets", _is_clean,
        lambda table: _item_batch(table, handle),
        lambda table, position: _rows(table, name, handle, position),
    )


def _is_clean(table: pa.Table) -> bool:
    ids_and_dates = pc.all(pc.and_(pc.is_valid(table["item_id"]), pc.is_valid(table["published_at"])))
    return bool(ids_and_dates.as_py()) and not pc.any(table["needs_unescape"]).as_py()


def _item_batch(table: pa.Table, handle: str) -> ItemBatch:
    rows = table.num_rows
    items = pa.table([
        pa.array(["x"] * rows, pa.string()),
        table["item_id"], pa.array([handle] * rows, pa.string()),
        table["published_at"].cast(pa.timestamp("us")),
        table["format"], table["kind"], table["text"], table["url"], table["duration_s"],
        table["media_count"], table["reply_to_id"], table["features"],
    ], schema=ITEM_BATCH_SCHEMA)
    return ItemBatch(items, _metrics(table))


def _metrics(table: pa.Table) -> pa.Table:
    parts = []
    for column, metric in (("likes", "likes"), ("reposts", "reposts")):
        present = table.filter(pc.is_valid(table[column]))
        count = present.num_rows
        parts.append(pa.table([
            pa.array(["x"] * count, pa.string()), present["item_id"],
            pa.array([metric] * count, pa.string()), present[column],
        ], schema=METRIC_BATCH_SCHEMA))
    return pa.concat_tables(parts)


def _rows(table: pa.Table, name: str, handle: str, position: int) -> Iterator[Record]:
    """A batch with rows SQL could not finish: row by row, with ``_x_tweet``'s functions."""
    for offset, row in enumerate(table.to_pylist(), start=1):
        record = _row_record(row, handle)
        yield record if record is not None else Skip("tweet without id or date",
                                                     where=f"{name} #{position + offset}")


def _row_record(row: dict[str, Any], handle: str) -> ItemRecord | None:
    if row["item_id"] is None or row["created_raw"] is None:
        return None
    published = row["published_at"]
    if published is None:
        try:
            published = created_at(row["created_raw"])
        except ValueError:
            return None
    published = published if published.tzinfo else published.replace(tzinfo=UTC)
    if row["kind"] == "repost":
        return repost(row["item_id"], handle, published, row["original_id"])
    text = html.unescape(row["text"]) if row["needs_unescape"] else row["text"]
    if is_repost(text, False):          # an entity hid the 'RT @' from SQL
        return repost(row["item_id"], handle, published, None)
    metrics = {k: v for k, v in (("likes", row["likes"]), ("reposts", row["reposts"])) if v is not None}
    return ItemRecord(
        platform="x", item_id=row["item_id"], account=handle, published_at=published,
        format=row["format"], kind=row["kind"], text=text, url=row["url"],
        duration_s=row["duration_s"], media_count=row["media_count"], reply_to_id=row["reply_to_id"],
        features=tuple(row["features"]), metrics=metrics,
    )
