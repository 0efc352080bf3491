"""What the large-file fast paths share: a private DuckDB, never the store, used as a parser.

A fast path (``_x_fast``, ``_instagram_fast``) parses a large export with DuckDB's own JSON
reader into its private database in a temporary folder, maps it to items in SQL, then streams
it out here: a batch SQL finished completely becomes one columnar ``ItemBatch``; a batch with a
row SQL could not finish goes row by row through the streaming reader's own functions, so both
paths give the same records.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import duckdb
import pyarrow as pa

from chandelle.importers.base import ItemBatch, Record

MEMORY_LIMIT = "512MB"         # the private parser's, while read_json runs
STREAM_MEMORY_LIMIT = "128MB"  # once parsed, streaming the result out needs little


def stream_batches(
    con: duckdb.DuckDBPyConnection,
    query: str,
    batch_rows: int,
    is_clean: Callable[[pa.Table], bool],
    columnar: Callable[[pa.Table], ItemBatch],
    row_by_row: Callable[[pa.Table, int], Iterator[Record]],
) -> Iterator[Record]:
    """Stream ``query``'s rows: clean batches as one ItemBatch, the others row by row.

    ``row_by_row`` receives the batch and the number of rows before it (for "#position" places).
    """
    position = 0
    for batch in con.sql(query).to_arrow_reader(batch_rows):
        table = pa.Table.from_batches([batch])
        if not table.num_rows:
            continue
        if is_clean(table):
            yield columnar(table)
        else:
            yield from row_by_row(table, position)
        position += table.num_rows
