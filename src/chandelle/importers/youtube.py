"""YouTube: Studio Advanced-mode exports (Table data, Chart data, Totals) and Takeout video metadata.

Detection is by header only (see ``_kind``); the readers live in ``_youtube_studio`` and
``_youtube_takeout``. Documentation: docs/importers/youtube.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from chandelle.errors import UnknownFormatError
from chandelle.importers import _youtube_studio as studio
from chandelle.importers import _youtube_takeout as takeout
from chandelle.importers._video_tables import Row, head_rows
from chandelle.importers.base import Record
from chandelle.importers.source import Source

NAME = "youtube"
PLATFORM = "youtube"
LABEL = "YouTube: Studio analytics (Table data, Chart data, Totals) and Takeout video list"
HOWTO = ("YouTube Studio → Analytics → Advanced mode → choose the period (e.g. Lifetime) → "
         "Export current view → Comma-separated values (.csv): import the ZIP. For the list of "
         "every video: takeout.google.com → YouTube and YouTube Music → video metadata.")

_READERS: dict[str, Callable[[Source], Iterator[Record]]] = {
    "table": studio.read_table,
    "chart": studio.read_chart,
    "totals": studio.read_totals,
    "takeout_videos": takeout.read_videos,
    "takeout_texts": takeout.read_video_texts,
}


def _kind_of_header(header: Row) -> str | None:
    checks: tuple[tuple[str, Callable[[Row], bool]], ...] = (
        ("table", studio.is_table_data), ("chart", studio.is_chart_data),
        ("totals", studio.is_totals), ("takeout_videos", takeout.is_videos),
        ("takeout_texts", takeout.is_video_texts),
    )
    return next((kind for kind, check in checks if check(header)), None)


# The names Studio gives its three files (English and French interfaces).
STUDIO_FILES = frozenset({"table data.csv", "chart data.csv", "totals.csv", "données du tableau.csv",
                          "données du graphique.csv", "totaux.csv"})


def _kind(source: Source) -> str | None:
    if source.suffix not in (".csv", ""):
        return None
    for _sheet, rows in head_rows(source):
        if rows:
            kind = _kind_of_header(rows[0])
            if kind is None and studio.is_totals(rows[0], studio_file=_is_studio_file(source)):
                return "totals"
            return kind
    return None


def _is_studio_file(source: Source) -> bool:
    """Named as Studio names its files, or in a folder (or ZIP) with Studio's other files."""
    return any(s.basename.lower() in STUDIO_FILES for s in (source, *source.siblings()))


def sniff(source: Source) -> bool:
    return _kind(source) is not None


def read(source: Source) -> Iterator[Record]:
    kind = _kind(source)
    if kind is None:
        raise UnknownFormatError("{file}: this is not a YouTube export chandelle reads.",
                                 hint="Run 'chandelle importers' to see which exports are supported.",
                                 file=source.name)
    yield from _READERS[kind](source)
