"""Held-out check: our MIP groups against the pivot tables the MIP authors published.

``museum_activity_groups__var1-<grouping>.xlsx`` (optional, next to the counts file) gives, per
group and platform, ``count`` (museums) and ``active_mus_n`` (museums with at least one message in
the window). We recompute both from the counts file; every row says whether they agree.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from chandelle.errors import MalformedFileError

PIVOT_FILE = "museum_activity_groups__var1-{grouping}.xlsx"
_COLUMNS = {"msg_count_twitter": "twitter", "msg_count_facebook": "facebook"}


def read_pivot(path: Path) -> dict[tuple[str, str], dict[str, int]]:
    """(group, platform) -> {"count": museums, "active_mus_n": museums with >= 1 message}."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
        rows = [list(r) for r in workbook.worksheets[0].iter_rows(values_only=True)]
        workbook.close()
    except (OSError, KeyError, ValueError) as exc:
        raise MalformedFileError("{file}: this MIP pivot table cannot be read ({detail}).",
                                 hint="Use the MIP file as published, or remove it from the folder.",
                                 file=path.name, detail=str(exc)[:200]) from exc
    if len(rows) < 4:
        return {}
    platforms, stats = rows[0], rows[1]
    current: str | None = None
    where: dict[tuple[str, str], int] = {}
    for index, (top, stat) in enumerate(zip(platforms, stats, strict=False)):
        current = str(top) if top else current
        if current in _COLUMNS and stat in ("count", "active_mus_n"):
            where[(_COLUMNS[current], str(stat))] = index
    found: dict[tuple[str, str], dict[str, int]] = {}
    for row in rows[3:]:
        if not row or row[0] is None:
            continue
        for (platform, stat), index in where.items():
            value = row[index]
            if isinstance(value, int | float):
                found.setdefault((str(row[0]), platform), {})[stat] = int(value)
    return found


def validate(folder: Path, groups: list[Any]) -> list[dict[str, Any]]:
    """One row per published (grouping, group, platform): published vs computed, and agreement."""
    ours = {(g.grouping, g.group, g.platform): g for g in groups}
    checks = []
    for grouping in ("size", "governance_simpl"):
        path = folder / PIVOT_FILE.format(grouping=grouping)
        if not path.is_file():
            continue
        for (group, platform), published in sorted(read_pivot(path).items()):
            mine = ours.get((grouping, group, platform))
            computed = {"count": mine.museums if mine else 0, "active_mus_n": mine.with_posts if mine else 0}
            checks.append({"file": path.name, "grouping": grouping, "group": group, "platform": platform,
                           "published": published, "computed": {k: computed[k] for k in published},
                           "agrees": all(computed[k] == v for k, v in published.items())})
    return checks
