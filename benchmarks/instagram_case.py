"""The Instagram case of ``import_speed.py``: a large "Download your information" posts file.

``generate_instagram(posts)`` writes (deterministically, reused when present) an archive folder
``instagram-museedelachandelle-2025-01-15-Bench01/`` whose
``your_instagram_activity/media/posts_1.json`` holds ``posts`` posts the way Meta writes them:
pretty-printed, every non-ASCII character as Meta's mojibake escapes (``\\u00c3\\u00a9`` for é),
a third of the posts carousels of 2–10 media, videos among them, EXIF blocks in the media.

Measurements (each returns the fields of ``import_speed.Measurement``):
* ``instagram: chandelle import_paths``: the whole folder into a DuckDB file;
* ``instagram: reader only (no store)``: the Instagram reader's items, nothing stored (large
  files take the DuckDB fast path, ``chandelle.importers._instagram_fast``: Arrow batches);
* ``instagram: duckdb read_json (reference)``: DuckDB's ``read_json`` of the same file.
"""

from __future__ import annotations

import json
import random
import resource
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "_data"
HANDLE = "museedelachandelle"
_WORDS = ("musée", "exposition", "chandelle", "atelier", "collection", "visite", "nocturne", "patrimoine",
          "« Lumières »", "bougie", "cire", "mèche", "conservatrice", "🕯️", "✨", "📸", "👩‍🎨",
          "ce week-end", "gratuit", "réservez", "#MuseumWeek", "#patrimoine", "aujourd'hui", "café")


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _mojibake(text: str) -> str:
    return text.encode("utf-8").decode("latin-1")


def _media(rng: random.Random, stamp: int, index: int, video: bool) -> dict[str, Any]:
    media_id = 17_900_000_000_000_000 + stamp * 10 + index
    kind = "video_metadata" if video else "photo_metadata"
    suffix = "mp4" if video else "jpg"
    name = f"{rng.randint(10**8, 10**9)}_{rng.randint(10**15, 10**16)}_n_{media_id}.{suffix}"
    return {
        "uri": f"media/posts/{time.strftime('%Y%m', time.gmtime(stamp))}/{name}",
        "creation_timestamp": stamp - 1,
        "media_metadata": {kind: {"exif_data": [{"device_id": "android-bench", "camera_position": "back",
                                                 "source_type": "4", "latitude": 48.85, "longitude": 2.35}]},
                           "camera_metadata": {"has_camera_metadata": False}},
        "title": "",
        "cross_post_source": {"source_app": "FB"},
        "backup_uri": f"https://scontent.cdninstagram.com/v/t51.29350-15/{media_id}.jpg?oh=00_bench&oe=67AD72B9",
    }


def _post(rng: random.Random, stamp: int) -> dict[str, Any]:
    count = rng.randint(2, 10) if rng.random() < 0.33 else 1
    media = [_media(rng, stamp, i, rng.random() < 0.15) for i in range(count)]
    caption = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(8, 40)))
    return {"media": media, "title": _mojibake(caption), "creation_timestamp": stamp}


def generate_instagram(posts: int) -> tuple[Path, Path]:
    """(archive folder, posts_1.json): deterministic, reused when already generated."""
    archive = DATA / f"instagram_{posts}" / f"instagram-{HANDLE}-2025-01-15-Bench01"
    posts_file = archive / "your_instagram_activity" / "media" / "posts_1.json"
    if posts_file.exists():
        return archive, posts_file
    posts_file.parent.mkdir(parents=True, exist_ok=True)
    rng = random.Random(20250115)
    stamp, step = 1_325_376_000, max(60, int(13 * 365 * 86400 / posts))   # from 2012-01-01
    stamps = [stamp + n * step for n in range(posts)]
    with posts_file.open("w", encoding="ascii") as out:
        out.write("[\n")
        for n, moment in enumerate(reversed(stamps)):                       # newest first, as Meta does
            out.write(("" if n == 0 else ",\n") + json.dumps(_post(rng, moment), ensure_ascii=True, indent=2))
        out.write("\n]")
    profile = archive / "personal_information" / "personal_information" / "personal_information.json"
    profile.parent.mkdir(parents=True, exist_ok=True)
    profile.write_text(json.dumps({"profile_user": [{"string_map_data": {
        "Username": {"href": "", "value": HANDLE, "timestamp": 0},
        "Name": {"href": "", "value": _mojibake("Musée de la Chandelle"), "timestamp": 0}}}]}, indent=2),
        encoding="ascii")
    return archive, posts_file


def measure_import(posts: int) -> dict[str, Any]:
    from chandelle import store
    from chandelle.ingest import import_paths

    archive, posts_file = generate_instagram(posts)
    with tempfile.TemporaryDirectory(dir=DATA) as scratch:
        con = store.connect(Path(scratch) / "bench.duckdb")
        started = time.perf_counter()
        import_paths(con, [archive])
        seconds = time.perf_counter() - started
        row = con.execute("SELECT count(*) FROM items").fetchone()
        con.close()
    return {"case": "instagram: chandelle import_paths", "items": int(row[0]) if row else 0,
            "seconds": seconds, "peak_rss_mb": _peak_rss_mb(), "file_mb": posts_file.stat().st_size / 2**20}


def measure_reader(posts: int) -> dict[str, Any]:
    from chandelle.importers import instagram
    from chandelle.importers.base import ItemBatch, ItemRecord
    from chandelle.importers.source import iter_sources

    archive, posts_file = generate_instagram(posts)
    source = next(s for s in iter_sources([archive]) if s.basename == "posts_1.json")
    started = time.perf_counter()                             # items, one by one or in Arrow batches
    count = sum(r.items.num_rows if isinstance(r, ItemBatch) else isinstance(r, ItemRecord)
                for r in instagram.read(source))
    seconds = time.perf_counter() - started
    return {"case": "instagram: reader only (no store)", "items": count, "seconds": seconds,
            "peak_rss_mb": _peak_rss_mb(), "file_mb": posts_file.stat().st_size / 2**20}


def measure_duckdb(posts: int) -> dict[str, Any]:
    import duckdb

    _, posts_file = generate_instagram(posts)
    with tempfile.TemporaryDirectory(dir=DATA) as scratch:
        con = duckdb.connect(str(Path(scratch) / "reference.duckdb"))
        started = time.perf_counter()
        con.execute("CREATE TABLE posts AS SELECT * FROM read_json(?, format = 'array')", [str(posts_file)])
        seconds = time.perf_counter() - started
        row = con.execute("SELECT count(*) FROM posts").fetchone()
        con.close()
    return {"case": "instagram: duckdb read_json (reference)", "items": int(row[0]) if row else 0,
            "seconds": seconds, "peak_rss_mb": _peak_rss_mb(), "file_mb": posts_file.stat().st_size / 2**20}


INSTAGRAM_MEASURES: dict[str, Callable[[int], dict[str, Any]]] = {
    "instagram-import": measure_import,
    "instagram-reader": measure_reader,
    "instagram-duckdb": measure_duckdb,
}
