"""Hostile inputs, generated: one per class of attack, for every format chandelle reads.

Each ``Case`` builds its files in a folder from the real fixtures (so the importer that reads that
format is the one attacked) and says what must happen: ``REFUSED`` (exit 2, one line naming
``mentions``) or ``EITHER`` (a clean import or a clean refusal). The classes come from issue 12's
campaign: nesting and size bombs, shared-link DAGs and malformed CBOR in CARs, damaged or lying ZIP
members, totals beyond reason, non-regular files, out-of-range timestamps, wrong shapes, terminal
markup and control characters, plus the ones that already held (ZIP slip, ratio bombs, formulas).
"""

from __future__ import annotations

import json
import shutil
import struct
import sys
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
sys.path.insert(0, str(FIXTURES.parent / "importers"))      # the CAR generator of the Bluesky tests
from _bluesky_car import build_car, cid_of, encode, link, varint  # noqa: E402

REFUSED = "refused"
EITHER = "either"

X_ARCHIVE = FIXTURES / "x" / "archive_2024-06"
MASTODON = FIXTURES / "mastodon" / "archive"
INSTAGRAM = FIXTURES / "instagram" / "instagram-musee.lumiere-2025-03-02-Xy12Ab"
INSTAGRAM_POSTS = "your_instagram_activity/media/posts_1.json"
FACEBOOK = FIXTURES / "facebook" / "facebook-museelumiere-2025-03-02-Ab12"
FACEBOOK_POSTS = "your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.json"
THREADS = FIXTURES / "threads" / "instagram-musee.lumiere-2025-03-02-Xy12Ab"
THREADS_POSTS = "your_instagram_activity/threads/threads_and_replies.json"
TIKTOK = FIXTURES / "tiktok" / "user_data_tiktok.json"
BLUESKY_FEED = FIXTURES / "bluesky" / "author_feed_page1.json"
DID = "did:plc:chandellemusee2024abcd"
MARKUP = "[bold red]pwn[/][link=https://evil.example]x[/link][/]"
ANSI = "\x1b[2J\x1b[31mpwn\x1b]0;title\x07\r"
DEEP = 20_000


@dataclass(frozen=True)
class Case:
    name: str
    build: Callable[[Path], list[Path]]
    expect: str = EITHER
    mentions: str | None = None          # what the one-line refusal must name
    later_commands: bool = False          # also run `accounts` and `audit` on the store afterwards


# --- helpers ------------------------------------------------------------------------------------

def _copy(source: Path, folder: Path) -> Path:
    target = folder / source.name
    if source.is_dir():
        shutil.copytree(source, target)
    else:
        shutil.copyfile(source, target)
    return target


def _deep(depth: int = DEEP, opener: str = "[") -> str:
    closer = "]" if opener == "[" else "}"
    inner = '{"a":' if opener == "{" else "["
    if opener == "{":
        return inner * depth + "1" + closer * depth
    return opener * depth + closer * depth


def _with_value(path: Path, where: Callable[[Any], dict[str, Any]], key: str, raw: str) -> None:
    """Put ``raw`` (JSON text, possibly huge) as ``key`` of the object ``where`` picks."""
    text = path.read_text(encoding="utf-8")
    prefix, body = _split_js(text)
    data = json.loads(body)
    where(data)[key] = "@@HOSTILE@@"
    path.write_text(prefix + json.dumps(data).replace('"@@HOSTILE@@"', raw), encoding="utf-8")


def _split_js(text: str) -> tuple[str, str]:
    if text.startswith("window."):
        head, _, body = text.partition("=")
        return head + "= ", body.strip().rstrip(";")
    return "", text


def _rewrite(path: Path, change: Callable[[Any], Any]) -> None:
    prefix, body = _split_js(path.read_text(encoding="utf-8"))
    path.write_text(prefix + json.dumps(change(json.loads(body)), ensure_ascii=False), encoding="utf-8")


def _x(folder: Path) -> Path:
    return _copy(X_ARCHIVE, folder)


def _x_zip(folder: Path, name: str = "twitter-archive.zip") -> Path:
    archive = folder / name
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        for file in sorted(X_ARCHIVE.rglob("*")):
            if file.is_file():
                out.write(file, file.relative_to(X_ARCHIVE).as_posix())
    return archive


def _first_tweet(data: Any) -> dict[str, Any]:
    return data[0]["tweet"]  # type: ignore[no-any-return]


def _first(data: Any) -> dict[str, Any]:
    return data[0] if isinstance(data, list) else data  # type: ignore[no-any-return]


# --- a ZIP written byte by byte (to lie, to damage, to bomb without compressing 3 GB) ------------

@dataclass
class Member:
    name: str
    data: bytes                  # what is stored (already compressed when method is 8)
    size: int                    # the uncompressed size the headers claim
    crc: int
    method: int = 0
    flags: int = 0


def stored(name: str, data: bytes) -> Member:
    return Member(name, data, len(data), zlib.crc32(data))


def deflated(name: str, data: bytes) -> Member:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return Member(name, packer.compress(data) + packer.flush(), len(data), zlib.crc32(data), method=8)


def raw_zip(members: list[Member]) -> bytes:
    out, central = bytearray(), bytearray()
    for member in members:
        name = member.name.encode()
        offset = len(out)
        fields = (20, member.flags, member.method, 0, 0x21, member.crc, len(member.data), member.size,
                  len(name), 0)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields) + name + member.data
        central += struct.pack("<IH", 0x02014B50, 20) + struct.pack("<HHHHHIIIHH", *fields) \
            + struct.pack("<HHHII", 0, 0, 0, 0, offset) + name
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), len(out), 0)
    return bytes(out + central + end)


def _x_members(replace: dict[str, Member] | None = None) -> list[Member]:
    members = []
    for file in sorted(X_ARCHIVE.rglob("*")):
        if file.is_file():
            name = file.relative_to(X_ARCHIVE).as_posix()
            members.append((replace or {}).get(name) or deflated(name, file.read_bytes()))
    return members


def _zip_file(folder: Path, members: list[Member], name: str = "archive.zip") -> list[Path]:
    path = folder / name
    path.write_bytes(raw_zip(members))
    return [path]


def _tweets_member(change: Callable[[Member], Member]) -> Callable[[Path], list[Path]]:
    def build(folder: Path) -> list[Path]:
        tweets = deflated("data/tweets.js", (X_ARCHIVE / "data" / "tweets.js").read_bytes())
        return _zip_file(folder, _x_members({"data/tweets.js": change(tweets)}))
    return build


# --- a CAR whose tree is hostile ------------------------------------------------------------------

def _car(blocks: list[bytes], root: bytes) -> bytes:
    header = encode({"version": 1, "roots": [link(root)]})
    out = bytearray(varint(len(header)) + header)
    for block in blocks:
        cid = cid_of(block)
        out += varint(len(cid) + len(block)) + cid + block
    return bytes(out)


def _commit(data_root: bytes) -> bytes:
    return encode({"did": DID, "version": 3, "data": link(data_root), "rev": "3kattack", "prev": None,
                   "sig": bytes(64)})


def _dag_car(levels: int = 60) -> bytes:
    """Each tree node links twice to the next: 2^60 paths through 60 nodes."""
    record = encode({"$type": "app.bsky.feed.post", "text": "x", "createdAt": "2024-01-01T00:00:00Z"})
    blocks, below = [record], None
    for level in range(levels):
        node: dict[str, Any] = {"l": link(below) if below else None,
                                "e": [{"p": 0, "k": f"app.bsky.feed.post/{level:04d}".encode(),
                                       "v": link(cid_of(record)), "t": link(below) if below else None}]}
        block = encode(node)
        blocks.append(block)
        below = cid_of(block)
    assert below is not None
    commit = _commit(below)
    return _car([commit, *blocks], cid_of(commit))


def _car_with_block(block: bytes) -> bytes:
    """A commit whose data tree is ``block`` (hash-valid, content hostile)."""
    commit = _commit(cid_of(block))
    return _car([commit, block], cid_of(commit))


def _write(folder: Path, name: str, data: bytes | str) -> list[Path]:
    path = folder / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return [path]


def _good_car() -> bytes:
    return build_car(DID, {"app.bsky.feed.post/3kaaa": {"$type": "app.bsky.feed.post", "text": "Bonjour",
                                                        "createdAt": "2024-01-01T10:00:00Z"}})


# --- the cases ----------------------------------------------------------------------------------

def _json_depth_cases() -> list[Case]:
    def deep_in(base: Path, inner: str, pick: Callable[[Any], dict[str, Any]],
                opener: str = "[") -> Callable[[Path], list[Path]]:
        def build(folder: Path) -> list[Path]:
            root = _copy(base, folder)
            target = root / inner if inner else root
            _with_value(target, pick, "deep", _deep(opener=opener))
            return [root]
        return build

    def deep_file(name: str, text: str) -> Callable[[Path], list[Path]]:
        return lambda folder: _write(folder, name, text)

    return [
        Case("x-tweets-deep-array", deep_in(X_ARCHIVE, "data/tweets.js", _first_tweet), REFUSED, "tweets.js"),
        Case("x-tweets-deep-object", deep_in(X_ARCHIVE, "data/tweets.js", _first_tweet, "{"), REFUSED,
             "tweets.js"),
        Case("x-manifest-deep", deep_in(X_ARCHIVE, "data/manifest.js", lambda d: d), REFUSED, "manifest.js"),
        Case("x-tweets-bare-deep", deep_file("tweets.js", "window.YTD.tweets.part0 = " + _deep()), REFUSED,
             "tweets.js"),
        Case("mastodon-outbox-deep", deep_in(MASTODON, "outbox.json", lambda d: d["orderedItems"][0]),
             REFUSED, "outbox.json"),
        Case("mastodon-actor-deep", deep_in(MASTODON, "actor.json", lambda d: d), REFUSED, "actor.json"),
        Case("instagram-posts-deep", deep_in(INSTAGRAM, INSTAGRAM_POSTS, _first), REFUSED, "posts_1.json"),
        Case("facebook-posts-deep", deep_in(FACEBOOK, FACEBOOK_POSTS, _first), REFUSED, "posts"),
        Case("threads-deep", deep_in(THREADS, THREADS_POSTS, lambda d: d["text_post_app_text_posts"][0]),
             REFUSED, "threads_and_replies.json"),
        Case("tiktok-deep", deep_in(TIKTOK, "", lambda d: d["Post"]["Posts"]["VideoList"][0]), REFUSED,
             "user_data_tiktok.json"),
        Case("bluesky-feed-deep", deep_in(BLUESKY_FEED, "", lambda d: d["feed"][0]["post"]), REFUSED,
             "author_feed_page1.json"),
        Case("deep-json-in-a-909-byte-zip", _deep_zip, REFUSED, "tweets.js"),
        Case("deep-json-utf16", _deep_utf16, REFUSED, "posts_1.json"),
        Case("brackets-inside-strings-are-not-depth", _brackets_in_strings, EITHER),
    ]


def _deep_zip(folder: Path) -> list[Path]:
    body = ("window.YTD.tweets.part0 = " + _deep(200_000)).encode()
    return _zip_file(folder, _x_members({"data/tweets.js": deflated("data/tweets.js", body)}))


def _deep_utf16(folder: Path) -> list[Path]:
    root = _copy(INSTAGRAM, folder)
    target = root / INSTAGRAM_POSTS
    text = target.read_text(encoding="utf-8")
    deep = text.replace('"media": [', '"deep": ' + _deep() + ', "media": [', 1)
    target.write_bytes(b"\xff\xfe" + deep.encode("utf-16-le"))
    return [root]


def _brackets_in_strings(folder: Path) -> list[Path]:
    root = _copy(X_ARCHIVE, folder)
    _with_value(root / "data" / "tweets.js", _first_tweet, "full_text",
                json.dumps("[" * 5000 + "\\\"{" * 5000 + " fin"))
    return [root]


def _size_cases() -> list[Case]:
    def long_text(folder: Path) -> list[Path]:
        root = _copy(X_ARCHIVE, folder)
        _with_value(root / "data" / "tweets.js", _first_tweet, "full_text", json.dumps("é" * 400_000))
        return [root]

    def many_tiny(folder: Path) -> list[Path]:
        return _write(folder, "outbox.json", json.dumps({
            "@context": "https://www.w3.org/ns/activitystreams", "id": "outbox.json",
            "type": "OrderedCollection", "orderedItems": [{"type": "Create"}] * 60_000}))

    def huge_number(folder: Path) -> list[Path]:
        root = _copy(X_ARCHIVE, folder)
        _with_value(root / "data" / "tweets.js", _first_tweet, "favorite_count", "9" * 200_000)
        return [root]

    def long_csv_field(folder: Path) -> list[Path]:
        return _write(folder, "publications.csv",
                      "plateforme,compte,date,texte\ninstagram,musee,2024-01-05," + "x" * 900_000 + "\n")

    def csv_nul(folder: Path) -> list[Path]:
        data = (FIXTURES / "web" / "publications.csv").read_bytes()
        return _write(folder, "publications.csv", data.replace(b",", b",\x00", 3))

    return [
        Case("x-text-of-800-kb", long_text, EITHER),
        Case("mastodon-60000-empty-activities", many_tiny, EITHER),
        Case("x-200000-digit-count", huge_number, EITHER),
        Case("csv-900-kb-field", long_csv_field, EITHER),
        Case("csv-nul-bytes", csv_nul, EITHER),
    ]


def _car_cases() -> list[Case]:
    def dag(folder: Path) -> list[Path]:
        return _write(folder, "repo.car", _dag_car())

    def malformed_cbor(folder: Path) -> list[Path]:
        return _write(folder, "repo.car", _car_with_block(b"\xbf\x61l\xf6\x61e\x9f\xff"))  # unclosed map

    def reserved_cbor(folder: Path) -> list[Path]:
        return _write(folder, "repo.car", _car_with_block(b"\xa2\x61l\xfc\x61e\x80"))    # reserved 0xfc

    def deep_cbor(folder: Path) -> list[Path]:
        return _write(folder, "repo.car", _car_with_block(b"\x81" * 200_000 + b"\x00"))

    def huge_cbor_string(folder: Path) -> list[Path]:
        return _write(folder, "repo.car", _car_with_block(b"\xa1\x61e\x5b" + (2**62).to_bytes(8, "big")))

    def truncated(folder: Path) -> list[Path]:
        data = _good_car()
        return _write(folder, "repo.car", data[: len(data) - 7])

    def bad_hash(folder: Path) -> list[Path]:
        data = bytearray(_good_car())
        data[-3] ^= 0xFF
        return _write(folder, "repo.car", bytes(data))

    def huge_section(folder: Path) -> list[Path]:
        data = _good_car()
        header_length, offset = data[0], 1
        return _write(folder, "repo.car", data[: offset + header_length] + varint(2**60) + b"\x01\x71")

    def not_a_commit(folder: Path) -> list[Path]:
        block = encode({"hello": "world"})
        return _write(folder, "repo.car", _car([block], cid_of(block)))

    def bad_dates(folder: Path) -> list[Path]:
        return _write(folder, "repo.car", build_car(DID, {
            "app.bsky.feed.post/3kaaa": {"$type": "app.bsky.feed.post", "text": "a",
                                         "createdAt": "0001-01-01T00:00:00+14:00"},
            "app.bsky.feed.post/3kaab": {"$type": "app.bsky.feed.post", "text": "b", "createdAt": 1e22},
            "app.bsky.feed.post/3kaac": {"$type": "app.bsky.feed.post", "text": ["not", "text"],
                                         "createdAt": None}}))

    def markup_profile(folder: Path) -> list[Path]:
        return _write(folder, "repo.car", build_car(DID, {
            "app.bsky.actor.profile/self": {"$type": "app.bsky.actor.profile", "displayName": MARKUP + ANSI},
            "app.bsky.feed.post/3kaaa": {"$type": "app.bsky.feed.post", "text": ANSI,
                                         "createdAt": "2024-01-01T10:00:00Z"}}))

    return [
        Case("car-dag-of-shared-links", dag, REFUSED, "repo.car"),
        Case("car-malformed-cbor", malformed_cbor, REFUSED, "repo.car"),
        Case("car-reserved-cbor-byte", reserved_cbor, REFUSED, "repo.car"),
        Case("car-cbor-nested-200000-deep", deep_cbor, REFUSED, "repo.car"),
        Case("car-cbor-string-of-2-62-bytes", huge_cbor_string, REFUSED, "repo.car"),
        Case("car-truncated", truncated, REFUSED, "repo.car"),
        Case("car-block-hash-mismatch", bad_hash, REFUSED, "repo.car"),
        Case("car-section-of-2-60-bytes", huge_section, REFUSED, "repo.car"),
        Case("car-root-not-a-commit", not_a_commit, REFUSED, "repo.car"),
        Case("car-out-of-range-dates", bad_dates, EITHER),
        Case("car-markup-and-ansi-profile", markup_profile, EITHER, later_commands=True),
    ]


def _bad_crc(member: Member) -> Member:
    return Member(member.name, member.data, member.size, member.crc ^ 0xFFFF, member.method)


def _unsupported(member: Member) -> Member:
    return Member(member.name, member.data, member.size, member.crc, method=99)


def _encrypted(member: Member) -> Member:
    return Member(member.name, member.data, member.size, member.crc, member.method, flags=1)


def _smaller(member: Member) -> Member:
    return Member(member.name, member.data, member.size // 2, member.crc, member.method)


def _larger(member: Member) -> Member:
    return Member(member.name, member.data, member.size * 3, member.crc, member.method)


def _corrupt_deflate(member: Member) -> Member:
    return Member(member.name, b"\xff" * len(member.data), member.size, member.crc, member.method)


def _zip_cases() -> list[Case]:
    def total_bomb(folder: Path) -> list[Path]:
        zeros = deflated("x", bytes(10 * 1024 * 1024))
        members = [Member(f"data/part{n:03d}.txt", zeros.data, zeros.size, zeros.crc, 8) for n in range(300)]
        return _zip_file(folder, members)

    def ratio_bomb(folder: Path) -> list[Path]:
        return _zip_file(folder, [deflated("data/tweets.js", bytes(24 * 1024 * 1024))])

    def slip(folder: Path) -> list[Path]:
        return _zip_file(folder, [*_x_members(), stored("../../etc/evil.js", b"x")])

    def absolute(folder: Path) -> list[Path]:
        return _zip_file(folder, [*_x_members(), stored("/tmp/evil.js", b"x")])

    def truncated(folder: Path) -> list[Path]:
        data = _x_zip(folder).read_bytes()
        return _write(folder, "twitter-archive.zip", data[: len(data) // 2])

    def nested(folder: Path) -> list[Path]:
        inner = _x_zip(folder, "inner.zip").read_bytes()
        (folder / "inner.zip").unlink()
        return _zip_file(folder, [stored("inner.zip", inner)], "outer.zip")

    def markup_names(folder: Path) -> list[Path]:
        odd = stored(f"data/{MARKUP}{ANSI}.js", b"window.YTD.x.part0 = []")
        return _zip_file(folder, [*_x_members(), odd])

    def bad_date(folder: Path) -> list[Path]:
        data = bytearray(raw_zip(_x_members()))
        data[10:14] = b"\x00\x00\x00\x00"                   # DOS time/date 0: month 0
        return _write(folder, "archive.zip", bytes(data))

    def empty(folder: Path) -> list[Path]:
        return _zip_file(folder, [])

    def duplicates(folder: Path) -> list[Path]:
        members = _x_members()
        twin = next(m for m in members if m.name == "data/tweets.js")
        return _zip_file(folder, [*members, stored(twin.name, b"window.YTD.tweets.part0 = [1, 2]")])

    return [
        Case("zip-bad-crc", _tweets_member(_bad_crc), REFUSED, "tweets.js"),
        Case("zip-unsupported-method", _tweets_member(_unsupported), REFUSED, "tweets.js"),
        Case("zip-encryption-flag", _tweets_member(_encrypted), REFUSED, "tweets.js"),
        Case("zip-size-understated", _tweets_member(_smaller), REFUSED, "tweets.js"),
        Case("zip-size-overstated", _tweets_member(_larger), REFUSED, "tweets.js"),
        Case("zip-corrupt-deflate", _tweets_member(_corrupt_deflate), REFUSED, "tweets.js"),
        Case("zip-300-by-10-mib", total_bomb, REFUSED, "archive.zip"),
        Case("zip-ratio-bomb", ratio_bomb, REFUSED, "tweets.js"),
        Case("zip-slip", slip, REFUSED, "evil.js"),
        Case("zip-absolute-path", absolute, REFUSED, "evil.js"),
        Case("zip-truncated", truncated, REFUSED, "twitter-archive.zip"),
        Case("zip-nested-zip", nested, EITHER),
        Case("zip-markup-and-ansi-member-name", markup_names, EITHER, later_commands=True),
        Case("zip-member-dated-month-0", bad_date, EITHER),
        Case("zip-empty", empty, REFUSED, "archive.zip"),
        Case("zip-duplicate-member", duplicates, EITHER),
    ]


def _special_file_cases() -> list[Case]:
    def fifo(folder: Path) -> list[Path]:
        import os

        path = folder / "tweets.js"
        os.mkfifo(path)
        return [path]

    def dev_zero(folder: Path) -> list[Path]:
        return [Path("/dev/zero")]

    def link_to_dev_zero(folder: Path) -> list[Path]:
        root = _x(folder)
        (root / "data" / "zero.js").symlink_to("/dev/zero")
        return [root]

    def link_loop(folder: Path) -> list[Path]:
        root = _x(folder)
        (root / "data" / "loop").symlink_to(root, target_is_directory=True)
        return [root]

    def fifo_in_folder(folder: Path) -> list[Path]:
        import os

        root = _x(folder)
        os.mkfifo(root / "data" / "tweets-part9.js")
        return [root]

    return [
        Case("fifo", fifo, REFUSED, "tweets.js"),
        Case("dev-zero", dev_zero, REFUSED, "/dev/zero"),
        Case("folder-with-symlink-to-dev-zero", link_to_dev_zero, EITHER),
        Case("folder-with-symlink-loop", link_loop, EITHER),
        Case("folder-with-fifo", fifo_in_folder, EITHER),
    ]


def _tiktok_date(folder: Path) -> list[Path]:
    root = _copy(TIKTOK, folder)
    def change(data: Any) -> Any:
        data["Post"]["Posts"]["VideoList"][0]["Date"] = "99999-99-99 99:99:99"
        return data
    _rewrite(root, change)
    return [root]


def _csv_dates(folder: Path) -> list[Path]:
    return _write(folder, "publications.csv", "plateforme,compte,date,texte\n"
                  "instagram,musee,9999-12-31T23:59:59-23:59,a\ninstagram,musee,0001-01-01T00:00:00+14:00,b\n"
                  "instagram,musee,1e22,c\n")


def _timestamp_cases() -> list[Case]:
    def mastodon_published(value: Any) -> Callable[[Path], list[Path]]:
        def build(folder: Path) -> list[Path]:
            root = _copy(MASTODON, folder)
            def change(data: Any) -> Any:
                data["orderedItems"][0]["published"] = value
                data["orderedItems"][0]["object"]["published"] = value
                return data
            _rewrite(root / "outbox.json", change)
            return [root]
        return build

    def x_created(value: Any) -> Callable[[Path], list[Path]]:
        def build(folder: Path) -> list[Path]:
            root = _x(folder)
            def change(data: Any) -> Any:
                data[0]["tweet"]["created_at"] = value
                return data
            _rewrite(root / "data" / "tweets.js", change)
            return [root]
        return build

    def instagram_timestamp(value: Any) -> Callable[[Path], list[Path]]:
        def build(folder: Path) -> list[Path]:
            root = _copy(INSTAGRAM, folder)
            def change(data: Any) -> Any:
                data[0]["media"][0]["creation_timestamp"] = value
                data[0]["creation_timestamp"] = value
                return data
            _rewrite(root / INSTAGRAM_POSTS, change)
            return [root]
        return build

    return [
        Case("mastodon-published-1e22", mastodon_published(1e22), EITHER),
        Case("mastodon-published-year-9999-west", mastodon_published("9999-12-31T23:59:59-23:59"), EITHER),
        Case("mastodon-published-year-1-east", mastodon_published("0001-01-01T00:00:00+14:00"), EITHER),
        Case("x-created-at-garbage", x_created("Feb 30 25:61:61 +9999 0"), EITHER),
        Case("x-created-at-number", x_created(-1e300), EITHER),
        Case("instagram-timestamp-1e300", instagram_timestamp(1e300), EITHER),
        Case("instagram-timestamp-negative", instagram_timestamp(-62_000_000_000_000), EITHER),
        Case("tiktok-date-out-of-range", _tiktok_date, EITHER),
        Case("csv-dates-out-of-range", _csv_dates, EITHER),
    ]


def _xlsx_not_a_workbook(folder: Path) -> list[Path]:
    return _write(folder, "suivi.xlsx", raw_zip([stored("[Content_Types].xml", b"<x/>")]))


def _xls_garbage(folder: Path) -> list[Path]:
    data = (FIXTURES / "linkedin" / "content_en.xls").read_bytes()
    return _write(folder, "content_en.xls", data[:2048] + b"\x00" * 512)


def _top_level_null(folder: Path) -> list[Path]:
    root = _copy(MASTODON, folder)
    (root / "actor.json").write_text("null", encoding="utf-8")
    return [root]


def _threads_shape(folder: Path) -> list[Path]:
    root = _copy(THREADS, folder)
    _rewrite(root / THREADS_POSTS, lambda data: {"text_post_app_text_posts": [{"media": "x"}, 7]})
    return [root]


def _shape_cases() -> list[Case]:
    def x_shape(value: Any) -> Callable[[Path], list[Path]]:
        def build(folder: Path) -> list[Path]:
            root = _x(folder)
            _rewrite(root / "data" / "tweets.js", lambda data: value)
            return [root]
        return build

    def mastodon_shape(folder: Path) -> list[Path]:
        root = _copy(MASTODON, folder)
        def change(data: Any) -> Any:
            data["orderedItems"] = [[1], "Create", None, {"type": "Create", "object": [1, 2]},
                                    {"type": "Announce", "object": {"id": 5}}]
            return data
        _rewrite(root / "outbox.json", change)
        return [root]

    def meta_shape(value: Any) -> Callable[[Path], list[Path]]:
        def build(folder: Path) -> list[Path]:
            root = _copy(INSTAGRAM, folder)
            _rewrite(root / INSTAGRAM_POSTS, lambda data: value)
            return [root]
        return build

    def tiktok_shape(folder: Path) -> list[Path]:
        root = _copy(TIKTOK, folder)
        def change(data: Any) -> Any:
            data["Post"]["Posts"]["VideoList"] = [None, 3, ["x"], {"Date": ["2024"], "Likes": {"a": 1}}]
            return data
        _rewrite(root, change)
        return [root]

    def bluesky_shape(folder: Path) -> list[Path]:
        def change(data: Any) -> Any:
            data["feed"] = [None, {"post": [1]}, {"post": {"record": "x", "author": 3}}]
            return data
        root = _copy(BLUESKY_FEED, folder)
        _rewrite(root, change)
        return [root]

    return [
        Case("x-tweets-are-strings", x_shape(["a", 1, None, [2]]), EITHER),
        Case("x-tweets-wrong-fields", x_shape([{"tweet": {"id_str": ["1"], "created_at": {"a": 1},
                                                          "entities": "x", "full_text": 5}}]), EITHER),
        Case("x-tweets-object-not-array", x_shape({"tweet": 1}), EITHER),
        Case("mastodon-activities-of-every-shape", mastodon_shape, EITHER),
        Case("mastodon-actor-null", _top_level_null, EITHER),
        Case("instagram-posts-of-ints", meta_shape([1, 2, 3]), EITHER),
        Case("instagram-posts-wrong-fields", meta_shape([{"media": {"uri": 1}, "creation_timestamp": "x"}]),
             EITHER),
        Case("tiktok-videos-of-every-shape", tiktok_shape, EITHER),
        Case("bluesky-feed-of-every-shape", bluesky_shape, EITHER),
        Case("threads-of-every-shape", _threads_shape, EITHER),
        Case("xlsx-that-is-not-a-workbook", _xlsx_not_a_workbook, EITHER),
        Case("xls-cut-short", _xls_garbage, EITHER),
    ]


def _terminal_cases() -> list[Case]:
    def x_handle(folder: Path) -> list[Path]:
        root = _x(folder)
        def change(data: Any) -> Any:
            data["userInfo"]["userName"] = MARKUP + ANSI
            data["userInfo"]["displayName"] = ANSI
            return data
        _rewrite(root / "data" / "manifest.js", change)
        return [root]

    def mastodon_handle(folder: Path) -> list[Path]:
        root = _copy(MASTODON, folder)
        def change(data: Any) -> Any:
            data["preferredUsername"] = MARKUP + ANSI
            data["name"] = ANSI
            return data
        _rewrite(root / "actor.json", change)
        return [root]

    def csv_handle(folder: Path) -> list[Path]:
        return _write(folder, "publications.csv", "plateforme,compte,date,texte\n"
                      f"instagram,\"{MARKUP}{ANSI}\",2024-01-05,\"=HYPERLINK(\"\"http://evil\"\")\"\n")

    def file_name(folder: Path) -> list[Path]:
        data = (FIXTURES / "web" / "publications.csv").read_bytes()
        return _write(folder, f"{MARKUP}{ANSI}.csv".replace("/", "_"), data)

    def handle_option(folder: Path) -> list[Path]:
        return [_copy(INSTAGRAM, folder)]

    return [
        Case("x-handle-with-markup-and-ansi", x_handle, EITHER, later_commands=True),
        Case("mastodon-handle-with-markup-and-ansi", mastodon_handle, EITHER, later_commands=True),
        Case("csv-handle-with-markup-ansi-and-formula", csv_handle, EITHER, later_commands=True),
        Case("file-name-with-markup-and-ansi", file_name, EITHER, later_commands=True),
        Case("instagram-folder", handle_option, EITHER, later_commands=True),
    ]


def all_cases() -> list[Case]:
    return [*_json_depth_cases(), *_size_cases(), *_car_cases(), *_zip_cases(), *_special_file_cases(),
            *_timestamp_cases(), *_shape_cases(), *_terminal_cases()]


def web_cases() -> list[Case]:
    """The cases that make sense as browser uploads (files, not folders or devices)."""
    wanted = {"deep-json-in-a-909-byte-zip", "car-dag-of-shared-links", "zip-300-by-10-mib", "zip-bad-crc",
              "zip-encryption-flag", "car-malformed-cbor", "csv-dates-out-of-range",
              "csv-handle-with-markup-ansi-and-formula", "zip-slip", "zip-ratio-bomb", "x-tweets-bare-deep"}
    return [case for case in all_cases() if case.name in wanted]
