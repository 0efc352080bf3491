"""Read-only queries over the store shared by the CLI, the web app and the report."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import duckdb


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def accounts_overview(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Per account: content items (threads count once), reposts, replies, first and last item.

    Replies to others include the follow-ups of a reply chain (a chain whose root is not an
    original of the store: see ``store.load.resolve_threads``).
    """
    rows = con.execute("""
        SELECT a.platform, a.handle,
               count(*) FILTER (WHERE i.kind = 'original' AND i.part_index = 1) AS items,
               count(*) FILTER (WHERE i.kind = 'repost') AS reposts,
               count(*) FILTER (WHERE i.kind = 'reply_to_other' OR (i.thread_id IS NOT NULL
                                AND i.part_index > 1 AND coalesce(r.kind, '') <> 'original'))
                   AS replies_to_others,
               min(i.published_at) FILTER (WHERE i.kind = 'original' AND i.part_index = 1) AS first_item_at,
               max(i.published_at) FILTER (WHERE i.kind = 'original' AND i.part_index = 1) AS last_item_at
        FROM accounts a LEFT JOIN items i USING (account_id)
        LEFT JOIN items r ON r.platform = i.platform AND r.item_id = i.thread_id
        GROUP BY a.platform, a.handle ORDER BY a.platform, a.handle
    """).fetchall()
    return [
        {"platform": p, "handle": h, "items": int(n), "reposts": int(r),
         "replies_to_others": int(o), "first_item_at": _iso(f), "last_item_at": _iso(last)}
        for p, h, n, r, o, f, last in rows
    ]
