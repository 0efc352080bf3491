"""Import speed on a large Instagram "Download your information" posts file, next to DuckDB.

Run ``python benchmarks/instagram_speed.py`` (``--posts N``, default 500,000; ``--small N`` for
the memory comparison, default 100,000; ``--quick`` for 50,000 / 10,000). Same shape as
``import_speed.py`` (whose ``Measurement`` it reuses): each case runs in its own process so
its peak RSS is its own; generated files go to ``benchmarks/_data/`` and are reused.

The file is a Meta-style ``posts_1.json`` (pretty-printed, mojibake-encoded captions with
emoji and guillemets, singles, carousels and videos, EXIF blocks), inside a download tree
with a ``personal_information.json`` so the handle is found as in a real import.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

from import_speed import DATA, ROOT, Measurement, _print, peak_rss_mb

_WORDS = ("musée", "exposition", "« Lumières »", "nocturne", "atelier", "🕯️", "✨", "📸", "#patrimoine",
          "réservez", "café", "conservatrice", "e\u0301té", "visite", "aujourd’hui")


def _mojibake(text: str) -> str:
    return text.encode("utf-8").decode("latin-1")


def _media(rng: random.Random, n: int, index: int, stamp: int) -> dict[str, object]:
    video = rng.random() < 0.15
    suffix = "mp4" if video else rng.choice(("jpg", "webp", "heic"))
    kind = "video_metadata" if video else "photo_metadata"
    return {"uri": f"media/posts/2024{1 + n % 12:02d}/{n}_{index}_n_{18 * 10**15 + n * 10 + index}.{suffix}",
            "creation_timestamp": stamp, "title": "",
            "media_metadata": {kind: {"exif_data": [{"device_id": "android", "source_type": "4",
                                                     "latitude": 45.76, "longitude": 4.83}]},
                               "camera_metadata": {"has_camera_metadata": False}},
            "cross_post_source": {"source_app": "FB"},
            "backup_uri": f"https://scontent.example/v/t51/{n}_{index}.jpg?oh=00_x&oe=67AD"}


def generate_instagram(posts: int) -> Path:
    """The download folder holding ``your_instagram_activity/media/posts_1.json``."""
    root = DATA / f"instagram_{posts}" / "instagram-museedelachandelle-2025-01-15-Ab12Cd"
    target = root / "your_instagram_activity" / "media" / "posts_1.json"
    if target.exists():
        return root
    target.parent.mkdir(parents=True, exist_ok=True)
    profile = root / "personal_information" / "personal_information" / "personal_information.json"
    profile.parent.mkdir(parents=True, exist_ok=True)
    labels = {"Username": {"href": "", "value": "museedelachandelle", "timestamp": 0},
              "Name": {"href": "", "value": _mojibake("Musée de la Chandelle"), "timestamp": 0}}
    profile.write_text(json.dumps({"profile_user": [{"string_map_data": labels}]}), encoding="utf-8")
    rng = random.Random(20250115)
    stamp = 1_400_000_000
    with target.open("w", encoding="utf-8") as out:
        out.write("[\n")
        for n in range(posts):
            stamp += rng.randint(600, 20_000)
            count = rng.choice((1, 1, 1, 2, 3, 5))
            caption = _mojibake(" ".join(rng.choice(_WORDS) for _ in range(rng.randint(5, 40))))
            post = {"media": [_media(rng, n, i, stamp) for i in range(count)], "title": caption,
                    "creation_timestamp": stamp + 1}
            out.write(("" if n == 0 else ",\n") + json.dumps(post, indent=2, ensure_ascii=True))
        out.write("\n]\n")
    return root


def measure_import(posts: int) -> Measurement:
    from chandelle import store
    from chandelle.ingest import import_paths

    root = generate_instagram(posts)
    with tempfile.TemporaryDirectory(dir=DATA) as scratch:
        con = store.connect(Path(scratch) / "bench.duckdb")
        started = time.perf_counter()
        import_paths(con, [root])
        seconds = time.perf_counter() - started
        row = con.execute("SELECT count(*) FROM items").fetchall()[0]
        con.close()
    return Measurement("instagram: chandelle import_paths", int(row[0]), seconds, peak_rss_mb(),
                       _posts_file(root).stat().st_size / 2**20)


def measure_reader(posts: int) -> Measurement:
    from chandelle.importers import instagram
    from chandelle.importers.source import iter_sources

    root = generate_instagram(posts)
    source = next(s for s in iter_sources([root]) if s.basename == "posts_1.json")
    started = time.perf_counter()
    count = sum(1 for _ in instagram.read(source)) - 1           # minus the account record
    seconds = time.perf_counter() - started
    return Measurement("instagram: reader only (no store)", count, seconds, peak_rss_mb(),
                       source.size() / 2**20)


def measure_duckdb(posts: int) -> Measurement:
    import duckdb

    path = _posts_file(generate_instagram(posts))
    with tempfile.TemporaryDirectory(dir=DATA) as scratch:
        con = duckdb.connect(str(Path(scratch) / "reference.duckdb"))
        started = time.perf_counter()
        con.execute("CREATE TABLE posts AS SELECT * FROM read_json(?, format = 'array')", [str(path)])
        seconds = time.perf_counter() - started
        row = con.execute("SELECT count(*) FROM posts").fetchall()[0]
        con.close()
    return Measurement("instagram: duckdb read_json (reference)", int(row[0]), seconds, peak_rss_mb(),
                       path.stat().st_size / 2**20)


def _posts_file(root: Path) -> Path:
    return root / "your_instagram_activity" / "media" / "posts_1.json"


CASES = {"import": measure_import, "reader": measure_reader, "duckdb": measure_duckdb}


def run_child(case: str, size: int) -> Measurement:
    done = subprocess.run([sys.executable, __file__, "--child", case, str(size)], check=True,
                          capture_output=True, text=True, cwd=ROOT)
    return Measurement(**json.loads(done.stdout.strip().splitlines()[-1]))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=500_000)
    parser.add_argument("--small", type=int, default=100_000)
    parser.add_argument("--quick", action="store_true", help="50,000 and 10,000 posts")
    parser.add_argument("--child", nargs=2, metavar=("CASE", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(asdict(CASES[args.child[0]](int(args.child[1])))))
        return
    DATA.mkdir(parents=True, exist_ok=True)
    posts, small = (50_000, 10_000) if args.quick else (args.posts, args.small)
    for size in (small, posts):
        generate_instagram(size)
    results = [(size, run_child(case, size)) for size in (small, posts) for case in CASES]
    found = {(size, m.case): m for size, m in results}
    ours = found[(posts, "instagram: chandelle import_paths")]
    reference = found[(posts, "instagram: duckdb read_json (reference)")]
    growth = found[(posts, "instagram: reader only (no store)")].peak_rss_mb / \
        found[(small, "instagram: reader only (no store)")].peak_rss_mb
    _print(results)
    print(f"\nInstagram posts_1.json, {posts:,} posts: chandelle {ours.rate:,.0f} items/s = "
          f"{ours.rate / reference.rate:.0%} of DuckDB read_json ({reference.rate:,.0f} items/s); "
          f"reader peak RSS x{growth:.2f} from {small:,} to {posts:,} posts.")


if __name__ == "__main__":
    main()
