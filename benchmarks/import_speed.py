"""Import speed: chandelle's importers on large generated exports, next to DuckDB's read_json.

Run ``python benchmarks/import_speed.py`` (or ``make bench``). Options: ``--tweets N`` for
the size of the X archive (default 1,000,000), ``--small N`` for the memory comparison
(default 200,000), ``--quick`` for a 50,000 / 10,000 smoke run.

Each measurement runs in its own subprocess so its peak RSS is its own. Generated files go
to ``benchmarks/_data/`` (git-ignored) and are reused when already there (deterministic).

Cases
* X archive: ``data/manifest.js`` + ``data/tweets.js`` (``window.YTD.tweets.part0 = [...]``),
  realistic tweet objects (pretty-printed like X's, with media, retweets, replies, threads).
  Measured: ``import_paths`` into a DuckDB file (items/s, peak RSS), also with DuckDB's
  ``memory_limit`` at 512 MB; the X reader alone (records/s, peak RSS: it streams); DuckDB's
  own ``read_json`` of the same JSON body without the JS prefix, as the reference (default
  threads and one thread). CPU seconds are shown too: they are steadier than wall time on a
  busy machine.
* Instagram large JSON (``instagram_case.py``): a data download whose ``posts_1.json`` holds
  ``--posts`` posts (default 200,000; carousels, mojibake, EXIF), measured the same three ways.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from instagram_case import INSTAGRAM_MEASURES, generate_instagram  # benchmarks/ is the script's folder

DATA = Path(__file__).resolve().parent / "_data"
ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Measurement:
    case: str
    items: int
    seconds: float                  # wall clock
    peak_rss_mb: float
    file_mb: float
    cpu_seconds: float = 0.0        # CPU time of the process, all threads (0: not measured)

    @property
    def rate(self) -> float:
        return self.items / self.seconds if self.seconds else 0.0


def peak_rss_mb() -> float:
    """This process's peak resident set size (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- X archive generator -------------------------------------------------------------------

HANDLE, ACCOUNT_ID = "museedelachandelle", "1000000001"
_WORDS = ("musée", "exposition", "chandelle", "atelier", "collection", "visite", "nocturne", "patrimoine",
          "« Lumières »", "bougie", "suif", "cire", "mèche", "histoire", "conservatrice", "🕯️", "✨", "📸",
          "ce week-end", "gratuit", "réservez", "#MuseumWeek", "#patrimoine", "aujourd'hui", "&", "café")


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(words))


def _media_block(tweet_id: int, index: int, kind: str) -> str:
    media_id = tweet_id * 10 + index
    video = ""
    if kind != "photo":
        video = (',\n            "video_info" : {\n              "aspect_ratio" : [ "9", "16" ],\n'
                 f'              "duration_millis" : "{15000 + tweet_id % 45000}",\n'
                 '              "variants" : [ {\n                "bitrate" : "832000",\n'
                 '                "content_type" : "video/mp4",\n'
                 f'                "url" : "https://video.twimg.com/ext_tw_video/{media_id}/pu/vid/360x640/v.mp4"\n'
                 "              } ]\n            }")
    return (
        "          {\n"
        f'            "expanded_url" : "https://twitter.com/{HANDLE}/status/{tweet_id}/photo/{index}",\n'
        '            "indices" : [ "40", "63" ],\n'
        '            "url" : "https://t.co/AbCdEf1234",\n'
        f'            "media_url" : "http://pbs.twimg.com/media/F{media_id}.jpg",\n'
        f'            "id_str" : "{media_id}",\n            "id" : "{media_id}",\n'
        f'            "media_url_https" : "https://pbs.twimg.com/media/F{media_id}.jpg",\n'
        '            "sizes" : {\n'
        '              "thumb" : { "w" : "150", "h" : "150", "resize" : "crop" },\n'
        '              "medium" : { "w" : "1200", "h" : "900", "resize" : "fit" },\n'
        '              "small" : { "w" : "680", "h" : "510", "resize" : "fit" },\n'
        '              "large" : { "w" : "2048", "h" : "1536", "resize" : "fit" }\n'
        f'            }},\n            "type" : "{kind}",\n'
        f'            "display_url" : "pic.twitter.com/AbCdEf1234"{video}\n          }}'
    )


def _tweet(rng: random.Random, tweet_id: int, created: datetime, previous_id: int | None) -> str:
    roll = rng.random()
    reply, media_kind, media_count, urls = "", None, 0, "[ ]"
    text = _text(rng, rng.randint(6, 30))
    favorites, retweets = str(int(rng.paretovariate(1.2) * 3) - 3), str(int(rng.paretovariate(1.5)) - 1)
    if roll < 0.15:                                           # retweet: counts are "0"
        text, favorites, retweets = f"RT @autremusee: {text}", "0", "0"
    elif roll < 0.25:                                         # reply to another account
        text = f"@autremusee {text}"
        reply = ('"in_reply_to_status_id_str" : "1000", "in_reply_to_status_id" : "1000",\n'
                 '      "in_reply_to_user_id" : "2000000002", "in_reply_to_user_id_str" : "2000000002",\n'
                 '      "in_reply_to_screen_name" : "autremusee",\n      ')
    elif roll < 0.30 and previous_id is not None:             # next part of a self-reply thread
        reply = (f'"in_reply_to_status_id_str" : "{previous_id}",\n'
                 f'      "in_reply_to_status_id" : "{previous_id}",\n'
                 f'      "in_reply_to_user_id" : "{ACCOUNT_ID}",\n'
                 f'      "in_reply_to_user_id_str" : "{ACCOUNT_ID}",\n'
                 f'      "in_reply_to_screen_name" : "{HANDLE}",\n      ')
    elif roll < 0.55:
        media_kind, media_count = "photo", 1
    elif roll < 0.62:
        media_kind, media_count = "photo", rng.randint(2, 4)
    elif roll < 0.68:
        media_kind, media_count = rng.choice(("video", "animated_gif")), 1
    elif roll < 0.80:
        urls = ('[ {\n          "url" : "https://t.co/Zz9",\n'
                '          "expanded_url" : "https://musee-chandelle.example/agenda",\n'
                '          "display_url" : "musee-chandelle.example/agenda",\n'
                '          "indices" : [ "50", "73" ]\n        } ]')
    media = ""
    if media_kind:
        blocks = [_media_block(tweet_id, i, media_kind) for i in range(1, media_count + 1)]
        media = f',\n        "media" : [\n{blocks[0]}\n        ]'       # entities hold the first only
        joined = ",\n".join(blocks)
        extended = f',\n      "extended_entities" : {{\n        "media" : [\n{joined}\n        ]\n      }}'
    else:
        extended = ""
    editable = (created + timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    return (
        '{\n    "tweet" : {\n      "edit_info" : {\n        "initial" : {\n'
        f'          "editTweetIds" : [ "{tweet_id}" ],\n'
        f'          "editableUntil" : "{editable}",\n'
        '          "editsRemaining" : "5",\n          "isEditEligible" : true\n        }\n      },\n'
        '      "retweeted" : false,\n'
        '      "source" : "<a href=\\"https://mobile.twitter.com\\" '
        'rel=\\"nofollow\\">Twitter Web App</a>",\n'
        '      "entities" : {\n        "hashtags" : [ ],\n        "symbols" : [ ],\n'
        f'        "user_mentions" : [ ],\n        "urls" : {urls}{media}\n      }},\n'
        f'      "display_text_range" : [ "0", "{len(text)}" ],\n'
        f'      "favorite_count" : "{favorites}",\n      "id_str" : "{tweet_id}",\n'
        f'      "truncated" : false,\n      "retweet_count" : "{retweets}",\n      "id" : "{tweet_id}",\n'
        f'      {reply}"possibly_sensitive" : false,\n'
        f'      "created_at" : "{created.strftime("%a %b %d %H:%M:%S +0000 %Y")}",\n'
        f'      "favorited" : false,\n      "full_text" : {json.dumps(text, ensure_ascii=False)},\n'
        f'      "lang" : "fr"{extended}\n    }}\n  }}'
    )


def generate_x_archive(tweets: int) -> tuple[Path, Path]:
    """(archive folder, JSON body file): deterministic, reused when already generated."""
    folder = DATA / f"x_{tweets}"
    archive, body = folder / "archive", folder / "tweets_body.json"
    tweets_js = archive / "data" / "tweets.js"
    if tweets_js.exists() and body.exists():
        return archive, body
    tweets_js.parent.mkdir(parents=True, exist_ok=True)
    rng = random.Random(20240301)
    moment = datetime(2012, 1, 1, 9, 0, tzinfo=UTC)
    step = timedelta(seconds=max(60, int(13 * 365 * 86400 / tweets)))
    with body.open("w", encoding="utf-8") as out:
        out.write("[ ")
        previous: int | None = None
        for n in range(tweets):
            tweet_id = 10**17 + n
            out.write(("" if n == 0 else ", ") + _tweet(rng, tweet_id, moment, previous))
            previous, moment = tweet_id, moment + step
        out.write(" ]")
    with tweets_js.open("wb") as out, body.open("rb") as source:
        out.write(b"window.YTD.tweets.part0 = ")
        shutil.copyfileobj(source, out, 4 * 1024 * 1024)
    part = {"fileName": "data/tweets.js", "globalName": "YTD.tweets.part0", "count": str(tweets)}
    user = {"accountId": ACCOUNT_ID, "userName": HANDLE, "displayName": "Musée de la Chandelle"}
    manifest = {"userInfo": user,
                "archiveInfo": {"sizeBytes": str(tweets_js.stat().st_size),
                                "generationDate": "2025-01-15T10:00:00.000Z", "isPartialArchive": False},
                "dataTypes": {"tweets": {"files": [part]}}}
    (archive / "data" / "manifest.js").write_text(
        "window.__THAR_CONFIG = " + json.dumps(manifest, indent=2, separators=(",", " : ")), encoding="utf-8")
    return archive, body


# --- X measurements (each runs in a child process) -----------------------------------------

class _Clock:
    """Wall-clock and CPU seconds of a block."""

    def __enter__(self) -> _Clock:
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *_: object) -> None:
        self.wall, self.cpu = time.perf_counter() - self.wall, time.process_time() - self.cpu


def _x_import(tweets: int, label: str, memory_limit: str | None) -> Measurement:
    from chandelle import store
    from chandelle.ingest import import_paths

    archive, _ = generate_x_archive(tweets)
    with tempfile.TemporaryDirectory(dir=DATA) as scratch:
        con = store.connect(Path(scratch) / "bench.duckdb")
        if memory_limit:
            con.execute(f"SET memory_limit = '{memory_limit}'")
        with _Clock() as clock:
            import_paths(con, [archive])
        row = con.execute("SELECT count(*) FROM items").fetchone()
        con.close()
    size = (archive / "data" / "tweets.js").stat().st_size
    return Measurement(label, int(row[0]) if row else 0, clock.wall, peak_rss_mb(), size / 2**20, clock.cpu)


def measure_x_import(tweets: int) -> Measurement:
    """import_paths of the whole archive folder into a DuckDB file (the real command's path)."""
    return _x_import(tweets, "x: chandelle import_paths", None)


def measure_x_import_limited(tweets: int) -> Measurement:
    """The same with DuckDB's memory_limit at 512 MB, so the store's staging spills to disk."""
    return _x_import(tweets, "x: import_paths, duckdb 512MB limit", "512MB")


def measure_x_reader(tweets: int) -> Measurement:
    """The X reader alone (records produced, nothing stored): shows the streaming parse."""
    from chandelle.importers import x
    from chandelle.importers.base import ItemBatch, ItemRecord
    from chandelle.importers.source import iter_sources

    archive, _ = generate_x_archive(tweets)
    source = next(s for s in iter_sources([archive]) if s.basename == "tweets.js")
    with _Clock() as clock:                                   # items, one by one or in Arrow batches
        count = sum(r.items.num_rows if isinstance(r, ItemBatch) else isinstance(r, ItemRecord)
                    for r in x.read(source))
    return Measurement("x: reader only (no store)", count, clock.wall, peak_rss_mb(), source.size() / 2**20,
                       clock.cpu)


def _x_duckdb(tweets: int, label: str, threads: int | None) -> Measurement:
    import duckdb

    _, body = generate_x_archive(tweets)
    with tempfile.TemporaryDirectory(dir=DATA) as scratch:
        con = duckdb.connect(str(Path(scratch) / "reference.duckdb"))
        if threads:
            con.execute(f"SET threads = {threads}")
        with _Clock() as clock:
            con.execute("CREATE TABLE tweets AS SELECT * FROM read_json(?, format = 'array')", [str(body)])
        row = con.execute("SELECT count(*) FROM tweets").fetchone()
        con.close()
    return Measurement(label, int(row[0]) if row else 0, clock.wall, peak_rss_mb(),
                       body.stat().st_size / 2**20, clock.cpu)


def measure_x_duckdb(tweets: int) -> Measurement:
    """Reference: DuckDB's read_json on the same JSON body, materialised into a DuckDB file."""
    return _x_duckdb(tweets, "x: duckdb read_json (reference)", None)


def measure_x_duckdb_one_thread(tweets: int) -> Measurement:
    """The reference on one thread, like chandelle's single-threaded import."""
    return _x_duckdb(tweets, "x: duckdb read_json, 1 thread", 1)


CASES: dict[str, Callable[[int], Measurement]] = {
    "x-import": measure_x_import,
    "x-import-limited": measure_x_import_limited,
    "x-reader": measure_x_reader,
    "x-duckdb": measure_x_duckdb,
    "x-duckdb-1t": measure_x_duckdb_one_thread,
}
CASES.update({name: (lambda size, measure=measure: Measurement(**measure(size)))
              for name, measure in INSTAGRAM_MEASURES.items()})


def run_child(case: str, size: int) -> Measurement:
    """Run one case in a fresh interpreter so its peak RSS is measured alone."""
    done = subprocess.run([sys.executable, __file__, "--child", case, str(size)], check=True,
                          capture_output=True, text=True, cwd=ROOT)
    return Measurement(**json.loads(done.stdout.strip().splitlines()[-1]))


def _print(results: list[tuple[int, Measurement]]) -> None:
    print(f"{'case':38} {'size':>9} {'items':>9} {'wall s':>7} {'items/s':>9} {'MB/s':>6} "
          f"{'CPU s':>7} {'items/CPU s':>11} {'peak RSS MB':>11}")
    for size, m in results:
        print(f"{m.case:38} {size:>9,} {m.items:>9,} {m.seconds:>7.1f} {m.rate:>9,.0f} "
              f"{m.file_mb / m.seconds:>6.1f} {m.cpu_seconds:>7.1f} "
              f"{(f'{m.items / m.cpu_seconds:,.0f}' if m.cpu_seconds else '-'):>11} "
              f"{m.peak_rss_mb:>11.0f}")


def bench_x(tweets: int, small: int) -> list[tuple[int, Measurement]]:
    for size in (small, tweets):
        generate_x_archive(size)
    results = [(size, run_child(case, size)) for size in (small, tweets)
               for case in ("x-import", "x-import-limited", "x-reader", "x-duckdb", "x-duckdb-1t")]
    by_case = {(size, m.case): m for size, m in results}
    ours = by_case[(tweets, "x: chandelle import_paths")]
    reader = by_case[(tweets, "x: reader only (no store)")]
    ref = by_case[(tweets, "x: duckdb read_json (reference)")]
    _print(results)
    print(f"\nX archive, {tweets:,} tweets: import_paths {ours.rate:,.0f} items/s = "
          f"{ours.rate / ref.rate:.0%} of DuckDB read_json ({ref.rate:,.0f} items/s); "
          f"the reader alone {reader.rate:,.0f} items/s = {reader.rate / ref.rate:.0%}.")
    for case in ("x: reader only (no store)", "x: chandelle import_paths",
                 "x: import_paths, duckdb 512MB limit"):
        print(f"Peak RSS, {case}: {by_case[(small, case)].peak_rss_mb:,.0f} MB at {small:,} tweets, "
              f"{by_case[(tweets, case)].peak_rss_mb:,.0f} MB at {tweets:,}.")
    return results


def bench_instagram(posts: int, small: int) -> list[tuple[int, Measurement]]:
    for size in (small, posts):
        generate_instagram(size)
    results = [(size, run_child(case, size)) for size in (small, posts) for case in INSTAGRAM_MEASURES]
    by_case = {(size, m.case): m for size, m in results}
    ours = by_case[(posts, "instagram: chandelle import_paths")]
    ref = by_case[(posts, "instagram: duckdb read_json (reference)")]
    growth = by_case[(posts, "instagram: reader only (no store)")].peak_rss_mb / \
        by_case[(small, "instagram: reader only (no store)")].peak_rss_mb
    _print(results)
    print(f"\nInstagram posts_1.json, {posts:,} posts: chandelle {ours.rate:,.0f} items/s = "
          f"{ours.rate / ref.rate:.0%} of DuckDB read_json ({ref.rate:,.0f} items/s); "
          f"reader peak RSS x{growth:.2f} from {small:,} to {posts:,} posts.")
    for case in ("instagram: reader only (no store)", "instagram: chandelle import_paths"):
        print(f"Peak RSS, {case}: {by_case[(small, case)].peak_rss_mb:,.0f} MB at {small:,} posts, "
              f"{by_case[(posts, case)].peak_rss_mb:,.0f} MB at {posts:,}.")
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tweets", type=int, default=1_000_000)
    parser.add_argument("--small", type=int, default=200_000)
    parser.add_argument("--quick", action="store_true", help="50,000 and 10,000 tweets")
    parser.add_argument("--posts", type=int, default=200_000, help="Instagram posts (large case)")
    parser.add_argument("--small-posts", type=int, default=40_000, help="Instagram posts (memory comparison)")
    parser.add_argument("--only", choices=("x", "instagram"), default=None, help="run one platform's cases")
    parser.add_argument("--child", nargs=2, metavar=("CASE", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        measurement = CASES[args.child[0]](int(args.child[1]))
        print(json.dumps(asdict(measurement)))
        return
    DATA.mkdir(parents=True, exist_ok=True)
    tweets, small = (50_000, 10_000) if args.quick else (args.tweets, args.small)
    posts, small_posts = (20_000, 4_000) if args.quick else (args.posts, args.small_posts)
    if args.only != "instagram":
        bench_x(tweets, small)
    if args.only != "x":
        print()
        bench_instagram(posts, small_posts)


if __name__ == "__main__":
    main()
