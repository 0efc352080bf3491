"""Google Takeout → YouTube → `video metadata/videos.csv` (localised names, e.g. ES `vídeos.csv`).

Each public video becomes an item (no metrics: Takeout has none). Headers follow the
account's language; the aliases below hold English, Spanish (seen) and French (inferred).
`video texts.csv` (ES `textos de vídeo.csv`) holds only title segments: it is recognised and
its rows are reported as skipped, since titles are read from videos.csv.
`video recordings.csv` (recording GPS) is never read.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from chandelle.importers._parse import match_columns, normalise_header, parse_count, parse_timestamp
from chandelle.importers._video_tables import account_handle, cell, has_columns, sheets
from chandelle.importers._youtube_studio import PLATFORM, VIDEO_ID, video_format, video_url
from chandelle.importers.base import ItemRecord, Record, Skip
from chandelle.importers.source import Source

COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("Video ID", "ID de vídeo", "ID de la vidéo", "ID-ul videoclipului"),
    "duration_ms": ("Approx Duration (ms)", "Duración aproximada (ms)", "Durée approximative (ms)"),
    "title": ("Video Title (Original)", "Título del vídeo (original)", "Titre de la vidéo (original)"),
    "channel": ("Channel ID", "ID de canal", "ID de la chaîne"),
    "privacy": ("Privacy", "Privacidad", "Confidentialité"),
    "published": ("Video Publish Timestamp", "Marca de tiempo de publicación del vídeo",
                  "Horodatage de publication de la vidéo"),
}
# Privacy values that mean "not public" (EN, ES, FR): such videos are not the channel's presence.
NOT_PUBLIC = frozenset(normalise_header(v) for v in (
    "Private", "Unlisted", "Privado", "Oculto", "No listado", "Privée", "Non répertoriée",
))


def is_videos(header: Sequence[str]) -> bool:
    return has_columns(header, COLUMNS["id"], COLUMNS["duration_ms"], COLUMNS["published"])


def is_video_texts(header: Sequence[str]) -> bool:
    keys = [normalise_header(h) for h in header]
    return has_columns(header, COLUMNS["id"]) and not is_videos(header) \
        and any("segment" in k and ("title" in k or "titulo" in k or "titre" in k) for k in keys)


def read_videos(source: Source) -> Iterator[Record]:
    _sheet, rows = next(iter(sheets(source)))
    header = next(rows, [])
    columns = match_columns(header, COLUMNS)
    handle, warning = account_handle(source)
    if warning:
        yield warning
    for line, row in enumerate(rows, start=2):
        if not any(c.strip() for c in row):
            continue
        yield _video(row, columns, handle, f"{source.name}:{line}")


def _video(row: list[str], columns: dict[str, int], handle: str, where: str) -> Record:
    video_id = cell(row, columns, "id")
    try:
        published = parse_timestamp(cell(row, columns, "published"))
    except ValueError:
        return Skip("publication time missing or redacted in the Takeout file", where)
    if normalise_header(cell(row, columns, "privacy")) in NOT_PUBLIC:
        return Skip("video not public (private or unlisted)", where)
    if not VIDEO_ID.match(video_id):
        return Skip("not a YouTube video id", where)
    try:
        duration_ms = parse_count(cell(row, columns, "duration_ms"))
    except ValueError:
        return Skip("unreadable date or duration", where)
    duration_s = duration_ms / 1000 if duration_ms is not None else None
    return ItemRecord(platform=PLATFORM, item_id=video_id, account=handle, published_at=published,
                      format=video_format(duration_s, published), text=cell(row, columns, "title") or None,
                      url=video_url(video_id), duration_s=duration_s)


def read_video_texts(source: Source) -> Iterator[Record]:
    _sheet, rows = next(iter(sheets(source)))
    next(rows, None)
    for line, row in enumerate(rows, start=2):
        if any(c.strip() for c in row):
            yield Skip("video title texts: titles are read from videos.csv", f"{source.name}:{line}")
