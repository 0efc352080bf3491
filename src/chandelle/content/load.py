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
    """A numeric column as floats, NULL as NaN (DuckDB gives masked arrays where NULLs occur)."""
    return np.asarray(np.ma.filled(np.ma.asarray(column).astype(np.float64), np.nan), dtype=np.float64)


def _strings(column: object) -> list[str]:
    return [str(v) for v in np.ma.asarray(column).tolist()]


def load_items(con: duckdb.DuckDBPyConnection, as_of: date) -> Items:
    columns = con.execute(ITEMS_SQL, {"as_of": as_of}).fetchnumpy()
    return Items(
        account_id=np.asarray(columns["account_id"], dtype=np.int64),
        platform=_strings(columns["platform"]), handle=_strings(columns["handle"]),
        format=_strings(columns["format"]), text=_strings(columns["text"]),
        published_s=_floats(columns["published_s"]),
        age_days=np.asarray(columns["age_days"], dtype=np.int64),
        metrics={name: _floats(columns[name]) for name in METRIC_COLUMNS},
        exported_s=_floats(columns["exported_s"]),
    )
