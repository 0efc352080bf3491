"""Read the account's items and their current per-item figures from the store, in one query."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb
import numpy as np
import numpy.typing as npt

from chandelle.audit.sql import LOCAL_DAY_SQL
from chandelle.content.config import METRIC_COLUMNS

FloatArray = npt.NDArray[np.float64]

_PIVOT = ",\n".join(f"max(value) FILTER (WHERE metric = '{m}') AS {m}" for m in METRIC_COLUMNS)
_METRIC_LIST = ", ".join(f"'{m}'" for m in METRIC_COLUMNS)

ITEMS_SQL = f"""
WITH m AS (
    SELECT platform, item_id, {_PIVOT}, epoch(max(exported_at)) AS exported_s
    FROM item_metrics_current WHERE metric IN ({_METRIC_LIST})
    GROUP BY platform, item_id
)
SELECT c.account_id, c.platform, c.handle, c.format, coalesce(c.text, '') AS text,
       epoch(c.published_at) AS published_s, $as_of - {LOCAL_DAY_SQL} AS age_days,
       {", ".join(f"m.{name}" for name in METRIC_COLUMNS)}, m.exported_s
FROM content_items c LEFT JOIN m USING (platform, item_id)
WHERE {LOCAL_DAY_SQL} <= $as_of
ORDER BY c.account_id, c.published_at, c.item_id
"""


@dataclass(frozen=True)
class Items:
    """Every content item up to the as-of date, ordered by account then time (columns)."""

    account_id: npt.NDArray[np.int64]
    platform: list[str]
    handle: list[str]
    format: list[str]
    text: list[str]
    published_s: FloatArray
    age_days: npt.NDArray[np.int64]
    metrics: dict[str, FloatArray]   # metric -> value per item (NaN when the export lacks it)
    exported_s: FloatArray           # when the export carrying the figures was made (NaN: none)

    def __len__(self) -> int:
        return len(self.platform)


def _floats(column: object) -> FloatArray:
    return np.asarray(column, dtype=np.float64)


def load_items(con: duckdb.DuckDBPyConnection, as_of: date) -> Items:
    table = con.sql(ITEMS_SQL, params={"as_of": as_of}).to_arrow_table()

    def floats(name: str) -> FloatArray:
        return _floats(table.column(name).to_numpy(zero_copy_only=False))
    return Items(
        account_id=np.asarray(table.column("account_id").to_numpy(zero_copy_only=False), dtype=np.int64),
        platform=table.column("platform").to_pylist(), handle=table.column("handle").to_pylist(),
        format=table.column("format").to_pylist(), text=table.column("text").to_pylist(),
        published_s=floats("published_s"),
        age_days=np.asarray(table.column("age_days").to_numpy(zero_copy_only=False), dtype=np.int64),
        metrics={name: floats(name) for name in METRIC_COLUMNS}, exported_s=floats("exported_s"),
    )
