"""The fast path for large Instagram posts files: DuckDB parses, SQL maps, Arrow batches come out.

The streaming path (``instagram.read_posts_streamed``) builds one Python dict and one
ItemRecord per post; on a large data download that Python work is the import's cost. Here a
private DuckDB connection (the importer's own, never the store) reads ``posts_N.json`` (or a
keyed posts file: ``reels.json``, archived posts, IGTV) with explicit columns, maps post →
item in SQL with the rules of ``instagram.post_item`` and hands back ``ItemBatch`` records.

Only the fields the mapping uses are declared, so EXIF blocks (GPS), device ids and CDN
links are never parsed out of the file. The file (or, for a keyed file, its array) goes to a
private temporary folder; ``read_json`` maps it into a table of that folder's DuckDB file, so
memory stays bounded (DuckDB spills). Anything unusual — damaged JSON, duplicate keys, an
element that is not an object, a time that is not whole Unix seconds, a media uri that is
not a string or not printable ASCII, a lone media without a file extension — raises
``FastPathUnavailable`` before anything is yielded, and the caller streams the file, whose
behaviour (records or clear error) is the reference. Captions are repaired in Python with
``fix_mojibake`` itself (exactly the same text); posts without a media id in their file name
and posts to skip are finished row by row with the streaming path's own functions.
"""

from __future__ import annotations

import codecs
import re
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
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
from chandelle.importers._meta import VIDEO_SUFFIXES, synthetic_id
from chandelle.importers._parse import fix_mojibake
from chandelle.importers.base import (
    ITEM_BATCH_SCHEMA,
    METRIC_BATCH_SCHEMA,
    ItemBatch,
    ItemRecord,
    Record,
    Skip,
)
from chandelle.importers.source import Source

COPY_SIZE = 4 * 1024 * 1024
MAX_SECONDS = 10**11                # above, parse_timestamp reads milliseconds: left to streaming

_MEDIA = "STRUCT(uri JSON, creation_timestamp JSON, title JSON)[]"
_COLUMNS = f"{{'media': '{_MEDIA}', 'title': 'JSON', 'creation_timestamp': 'JSON'}}"
_WHOLE = "('UBIGINT', 'BIGINT')"

_MAP_SQL = f"""
CREATE TABLE posts AS
WITH raw AS (
    SELECT list_filter(coalesce(media, []), lambda m: m IS NOT NULL) AS media,
           title, creation_timestamp AS ts
    FROM read_json($path, format = 'array', columns = {_COLUMNS})
), fields AS (
    SELECT len(media) AS media_count,
           coalesce(json_type(ts) NOT IN {_WHOLE}, false) AS odd_time,
           list_bool_or(list_transform(media, lambda m:
               coalesce(json_type(m.creation_timestamp) NOT IN {_WHOLE}, false)
               OR coalesce(json_type(m.uri) <> 'VARCHAR', false))) AS odd_media,
           CASE WHEN json_type(ts) IN {_WHOLE} THEN ts::BIGINT END AS post_ts,
           list_transform(media, lambda m: CASE WHEN json_type(m.creation_timestamp) IN {_WHOLE}
                                                THEN m.creation_timestamp::BIGINT END) AS media_ts,
           list_transform(media, lambda m: coalesce(m.uri ->> '$', '')) AS uris,
           CASE WHEN json_type(title) = 'VARCHAR' THEN nullif(title ->> '$', '') END AS post_title,
           CASE WHEN json_type(media[1].title) = 'VARCHAR' THEN nullif(media[1].title ->> '$', '') END
               AS first_title
    FROM raw
), timed AS (
    SELECT *, coalesce(uris[1], '') AS first_uri,
           regexp_extract(coalesce(uris[1], ''), '[^/]*$') AS first_name,
           CASE WHEN coalesce(post_ts, 0) <> 0 THEN (CASE WHEN post_ts > 0 THEN post_ts END)
                WHEN list_bool_or(list_transform(media_ts, lambda t: t IS NULL OR t <= 0)) THEN NULL
                ELSE list_min(media_ts) END AS published_s,
           greatest(coalesce(post_ts, 0), coalesce(list_max(media_ts), 0)) > {MAX_SECONDS} AS odd_scale
    FROM fields
), named AS (
    SELECT *, CASE WHEN regexp_matches(first_name, '.\\.[^.]*$')
                   THEN lower(regexp_extract(first_name, '\\.[^.]*$')) ELSE '' END AS suffix,
           nullif(regexp_extract(first_uri, '_([0-9]{{10,20}})\\.[A-Za-z0-9]+$', 1), '') AS media_id
    FROM timed
)
SELECT media_count, published_s, coalesce(post_title, first_title) AS caption, media_id,
       CASE WHEN $fmt <> '' THEN $fmt WHEN media_count > 1 THEN 'carousel'
            WHEN list_contains($videos, suffix) THEN 'video' ELSE 'photo' END AS format,
       CASE WHEN media_id IS NULL THEN uris END AS uris,      -- only for a synthetic id
       odd_time OR coalesce(odd_media, false) OR odd_scale
           OR NOT regexp_matches(first_uri, '^[ -~]*$')
           OR ($fmt = '' AND media_count = 1 AND suffix = '') AS unusual
FROM named
"""


def read_posts(source: Source, prefix: str, fmt: str | None, handle: str) -> Iterator[Record]:
    """The items of a posts file (``prefix`` "item" or "<key>.item") as ItemBatch records and Skips.

    Raises ``FastPathUnavailable`` before yielding anything when the file must be streamed.
    """
    with scratch_folder() as folder:
        database = str(folder / "parse.duckdb")
        _parse(source, prefix, fmt, folder, database)
        # A fresh connection to stream the rows out: the parse's memory is given back first.
        con = duckdb.connect(database, config={"memory_limit": STREAM_MEMORY_LIMIT})
        try:
            yield from _batches(con, source.name, handle)
        finally:
            con.close()


def _parse(source: Source, prefix: str, fmt: str | None, folder: Path, database: str) -> None:
    """Map the file into the table ``posts`` of ``database``; FastPathUnavailable if it cannot."""
    body = _in_place(source, prefix) or _copy_array(source, prefix, folder / "posts.json")
    con = duckdb.connect(database, config={"memory_limit": MEMORY_LIMIT,
                                           "temp_directory": str(folder / "spill"),
                                           "preserve_insertion_order": True})
    try:
        try:
            con.execute(_MAP_SQL, {"path": str(body), "fmt": fmt or "", "videos": sorted(VIDEO_SUFFIXES)})
        except duckdb.Error as exc:
            raise FastPathUnavailable(str(exc)) from exc
        if con.execute("SELECT bool_or(unusual) FROM posts").fetchall()[0][0]:
            raise FastPathUnavailable("a post of an unusual shape")
    finally:
        con.close()
        if body.parent == folder:
            body.unlink()


def _in_place(source: Source, prefix: str) -> Path | None:
    """A posts array on disk, without a byte-order mark, is read where it is (no copy)."""
    if prefix != "item" or source.path is None or source.member is not None:
        return None
    return source.path if re.match(rb"\s*\[", source.head(4096)) else None


def _copy_array(source: Source, prefix: str, target: Path) -> Path:
    """The posts array alone: a keyed file ``{"ig_reels_media": [...]}`` loses its wrapper."""
    head = source.head(4096)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise FastPathUnavailable("UTF-16")
    skip = len(codecs.BOM_UTF8) if head.startswith(codecs.BOM_UTF8) else 0
    if prefix == "item":
        start = re.match(rb"\s*\[", head[skip:])
    elif prefix.endswith(".item") and "." not in prefix[:-5]:
        start = re.match(rb'\s*\{\s*"' + re.escape(prefix[:-5].encode()) + rb'"\s*:\s*\[', head[skip:])
    else:
        start = None
    if start is None:
        raise FastPathUnavailable("not a top-level posts array")
    with source.open() as handle, target.open("wb") as out:
        handle.read(skip + start.end() - 1)                     # keep the '['
        shutil.copyfileobj(handle, out, COPY_SIZE)
    if prefix != "item":
        _drop_wrapper_end(target)
    return target


def _drop_wrapper_end(target: Path) -> None:
    """Cut the keyed object's closing '}' (after the array's ']'); anything else declines."""
    with target.open("r+b") as out:
        size = out.seek(0, 2)
        tail_start = max(0, size - 64)
        out.seek(tail_start)
        tail = out.read().rstrip(b" \t\r\n")
        if not tail.endswith(b"}") or not tail[:-1].rstrip(b" \t\r\n").endswith(b"]"):
            raise FastPathUnavailable("the posts array is not the object's only content")
        out.truncate(tail_start + len(tail) - 1)


def _batches(con: duckdb.DuckDBPyConnection, name: str, handle: str) -> Iterator[Record]:
    return stream_batches(
        con, "SELECT * EXCLUDE (unusual) FROM posts", _is_clean,
        lambda table: _item_batch(table, handle),
        lambda table, position: _rows(table, name, handle, position),
    )


def _is_clean(table: pa.Table) -> bool:
    ids_and_times = pc.all(pc.and_(pc.is_valid(table["media_id"]), pc.is_valid(table["published_s"])))
    return bool(ids_and_times.as_py()) and pc.min(table["media_count"]).as_py() > 0


def _captions(column: pa.ChunkedArray) -> pa.Array:
    """Captions with Meta's mojibake repaired by the streaming path's own function (same text).

    (Measured: one ``fix_mojibake`` call per caption is faster than joining the column for a
    single Latin-1 → UTF-8 pass, and DuckDB has no Latin-1 encoder to do it in SQL.)
    """
    return pa.array([None if text is None else fix_mojibake(text) for text in column.to_pylist()],
                    pa.string())


def _item_batch(table: pa.Table, handle: str) -> ItemBatch:
    rows = table.num_rows
    published = pc.multiply(table["published_s"], 1_000_000).cast(pa.timestamp("us"))
    items = pa.table([
        pa.array(["instagram"] * rows, pa.string()), table["media_id"],
        pa.array([handle] * rows, pa.string()),
        published, table["format"], pa.array(["original"] * rows, pa.string()), _captions(table["caption"]),
        pa.nulls(rows, pa.string()), pa.nulls(rows, pa.float64()), table["media_count"].cast(pa.int32()),
        pa.nulls(rows, pa.string()), pa.array([[]] * rows, pa.list_(pa.string())),
    ], schema=ITEM_BATCH_SCHEMA)
    return ItemBatch(items, METRIC_BATCH_SCHEMA.empty_table())


def _rows(table: pa.Table, name: str, handle: str, position: int) -> Iterator[Record]:
    """A batch with posts SQL could not finish: row by row, like ``instagram.post_item``."""
    for offset, row in enumerate(table.to_pylist(), start=1):
        yield _row_record(row, handle, f"{name} #{position + offset}")


def _row_record(row: dict[str, Any], handle: str, where: str) -> ItemRecord | Skip:
    if not row["media_count"]:
        return Skip("post without media", where)
    if row["published_s"] is None:
        return Skip("post without a readable time", where)
    published = datetime.fromtimestamp(row["published_s"], tz=UTC)
    caption = None if row["caption"] is None else fix_mojibake(row["caption"])
    item_id = row["media_id"] or synthetic_id("ig-", published, caption, *row["uris"])
    return ItemRecord(platform="instagram", item_id=item_id, account=handle, published_at=published,
                      format=row["format"], text=caption, media_count=row["media_count"])
