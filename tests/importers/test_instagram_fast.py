"""Instagram fast path (DuckDB + SQL + Arrow batches): exactly the streaming path's records, or a fallback."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from chandelle import store
from chandelle.errors import MalformedFileError
from chandelle.importers import _fastpath, _instagram_fast, instagram
from chandelle.importers.base import ItemBatch, ItemRecord, Record, Skip
from chandelle.importers.source import Source, iter_sources
from chandelle.ingest import import_paths

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "instagram"
ARCHIVE = FIXTURES / "instagram-musee.lumiere-2025-03-02-Xy12Ab"
POSTS_KINDS = ("posts", "ig_reels_media", "ig_archived_post_media", "ig_igtv_media")
FIXTURE_FILES = sorted(p for p in FIXTURES.rglob("*.json") if instagram._kind(next(iter(iter_sources([p]))))
                       in POSTS_KINDS)
HANDLE = "musee.lumiere"


def _mojibake(text: str) -> str:
    return text.encode("utf-8").decode("latin-1")


def _flat(records: list[Record]) -> list[Record]:
    out: list[Record] = []
    for record in records:
        out.extend(record.records() if isinstance(record, ItemBatch) else [record])
    return out


def _shape(source: Source) -> tuple[str, str | None]:
    kind = instagram._kind(source)
    if kind == "posts":
        return instagram._posts_prefix(source), None
    assert kind in POSTS_KINDS
    return f"{kind}.item", instagram._KEYED[kind][0]


def _both_paths(source: Source) -> tuple[list[Record], list[Record], list[Record]]:
    prefix, fmt = _shape(source)
    streamed = list(instagram.read_posts_streamed(source, prefix, fmt, HANDLE))
    fast = list(_instagram_fast.read_posts(source, prefix, fmt, HANDLE))
    return streamed, _flat(fast), fast


def _media(name: str, stamp: int | None = 1_700_000_000, **extra: object) -> dict[str, object]:
    media: dict[str, object] = {"uri": f"media/posts/202311/{name}", "title": "",
                                "media_metadata": {"photo_metadata": {"exif_data": [
                                    {"latitude": 48.85, "longitude": 2.35, "device_id": "android-1"}]}},
                                "backup_uri": "https://scontent.example/v/1.jpg?oh=secret"}
    if stamp is not None:
        media["creation_timestamp"] = stamp
    media.update(extra)
    return media


def _post(n: int, media: object = None, **extra: object) -> dict[str, object]:
    post: dict[str, object] = {
        "media": media if media is not None else [_media(f"{n}_n_{18_000_000_000_000_000 + n}.jpg")],
        "title": _mojibake(f"Publication n°{n} « Lumières » 🕯️✨ café"),
        "creation_timestamp": 1_700_000_000 + n * 3600,
    }
    post.update(extra)
    return post


def _varied_posts() -> list[object]:
    """Every rule of instagram.post_item at least once."""
    carousel = [_media("1_n_18000000000000101.webp"), _media("2_n_18000000000000102.MP4"), None,
                _media("3_n_18000000000000103.jpg")]
    return [
        _post(1),
        _post(2, media=carousel),                                                   # carousel of 3
        _post(3, media=[_media("3_n_18000000000000003.mp4")]),                      # video
        _post(4, media=[_media("4_n_18000000000000004.MOV")], title=""),            # no caption
        _post(5, title="", media=[_media("5_n_18000000000000005.jpg",
                                         title=_mojibake("Légende dans media[0] 👩‍🎨"))]),
        _post(6, title="Déjà propre : Ω ≠ mojibake"),                               # real text kept as is
        _post(7, title="sans accents"),
        _post(8, title=12),                                                         # not a string: no caption
        _post(9, title=_mojibake("séparateur \x1e dans le texte")),
        _post(10, creation_timestamp=0, media=[_media("10_n_18000000000000010.jpg", 1_600_000_000),
                                               _media("11_n_18000000000000011.jpg", 1_500_000_000)]),
        _post(12, media=[_media("12_n_18000000000000012.jpg", 1_650_000_000)]) | {"creation_timestamp": None},
        _post(13, media=[_media("sans_identifiant.jpg")]),                          # synthetic id
        _post(14, media=[]),                                                        # skipped: no media
        _post(15, creation_timestamp=-5),                                           # skipped: time
        {"title": "pas de media", "creation_timestamp": 1_700_000_000},
        None,
        {},
        _post(16, media=[_media("16_n_18000000000000016.jpg", None)], creation_timestamp=None),  # no time
        _post(17, title=_mojibake("Emoji échappé 🕯") + "\ud83d\udd6f"),
        _post(1, title=_mojibake("Le même id, plus tard : il l'emporte")),         # duplicate id
        _post(18, media=[_media("18_n_18000000000000018.jpg"), _media("19_n_18000000000000019.jpg")],
              title=None),
    ]


def _write(path: Path, payload: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, ensure_ascii=True, indent=2), encoding="utf-8")
    return path


def _source(path: Path) -> Source:
    return next(iter(iter_sources([path], {"handle": HANDLE})))


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_every_fixture_gives_the_same_records_on_both_paths_or_declines(path: Path) -> None:
    source = _source(path)
    prefix, fmt = _shape(source)
    if prefix == "":                                    # a bare post object: streamed only
        with pytest.raises(_fastpath.FastPathUnavailable):
            next(iter(_instagram_fast.read_posts(source, prefix, fmt, HANDLE)))
        return
    streamed, fast, _ = _both_paths(source)
    assert fast == streamed and any(isinstance(r, ItemRecord) for r in streamed)


def test_the_fixtures_cover_posts_and_reels() -> None:
    assert {p.name for p in FIXTURE_FILES} >= {"posts_1.json", "reels.json", "single_post_mojibake.json"}


@pytest.mark.shared
@pytest.mark.parametrize("name", ["marcomaroni_carousel_posts_1.json",
                                  "marcomaroni_single_image_posts_1.json"])
def test_shared_samples_give_the_same_records_on_both_paths(shared: Path, name: str) -> None:
    streamed, fast, _ = _both_paths(_source(shared / "samples" / "instagram" / name))
    assert fast == streamed and len(streamed) == 1


@pytest.mark.parametrize("batch_rows", [4, 50_000])
def test_every_mapping_rule_matches_the_streaming_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, batch_rows: int
) -> None:
    monkeypatch.setattr(_fastpath, "BATCH_ROWS", batch_rows)
    clean = [_post(n) for n in range(100, 108)]                    # two clean batches of 4 first
    source = _source(_write(tmp_path / "posts_1.json", [*clean, *_varied_posts()]))
    streamed, fast, raw = _both_paths(source)
    assert fast == streamed
    items = {r.item_id: r for r in streamed if isinstance(r, ItemRecord)}
    assert items["18000000000000101"].format == "carousel" and items["18000000000000101"].media_count == 3
    assert items["18000000000000003"].format == "video" and items["18000000000000004"].text is None
    assert items["18000000000000005"].text == "Légende dans media[0] 👩‍🎨"
    assert items["18000000000000001"].text == "Le même id, plus tard : il l'emporte"
    assert any(i.startswith("ig-") for i in items)
    assert [r.reason for r in streamed if isinstance(r, Skip)] == [
        "post without media", "post without a readable time", "post without media", "post without media",
        "post without media", "post without a readable time"]
    if batch_rows == 4:
        assert isinstance(raw[0], ItemBatch) and isinstance(raw[1], ItemBatch)   # clean batches: columnar


def test_a_reels_file_gives_the_same_records_on_both_paths(tmp_path: Path) -> None:
    source = _source(_write(tmp_path / "reels.json", {"ig_reels_media": _varied_posts()}))
    streamed, fast, _ = _both_paths(source)
    assert fast == streamed
    assert {r.format for r in streamed if isinstance(r, ItemRecord)} == {"reel"}


def test_instagram_read_takes_the_fast_path_for_large_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _write(tmp_path / "posts_1.json", [_post(n) for n in range(10)])
    monkeypatch.setattr(_fastpath, "MIN_BYTES", 0)
    records = list(instagram.read(_source(path)))
    assert [type(r).__name__ for r in records] == ["AccountRecord", "Warning_", "ItemBatch"]
    monkeypatch.setattr(_fastpath, "MIN_BYTES", 10**12)
    assert _flat(records) == list(instagram.read(_source(path)))


def _raw(text: str) -> Callable[[Path], Path]:
    def write(path: Path) -> Path:
        path.write_text(text, encoding="utf-8")
        return path
    return write


def _json(payload: object) -> Callable[[Path], Path]:
    return lambda path: _write(path, payload)


UNUSUAL: dict[str, Callable[[Path], Path]] = {
    "float time": _json([_post(1, creation_timestamp=1_700_000_000.5)]),
    "string time": _json([_post(1, creation_timestamp="1700000000")]),
    "boolean time": _json([_post(1, creation_timestamp=True)]),
    "milliseconds": _json([_post(1, creation_timestamp=1_700_000_000_000)]),
    "media time as text": _json([_post(1, creation_timestamp=None, media=[
        _media("1_n_18000000000000001.jpg", None, creation_timestamp="1")])]),
    "uri not a string": _json([_post(1, media=[{"uri": 123, "creation_timestamp": 1_700_000_000}])]),
    "uri not ascii": _json([_post(1, media=[_media("é_n_18000000000000001.jpg")])]),
    "no extension": _json([_post(1, media=[
        _media("18000000000000001", media_metadata={"video_metadata": {}})])]),
    "element not an object": _json([_post(1), 5]),
    "media not a list": _json([_post(1), _post(2, media="photo.jpg")]),
    "duplicate key": _raw('[{"media": [{"uri": "a_n_18000000000000001.jpg"}], "title": "a", "title": "b", '
                           '"creation_timestamp": 1700000000}]'),
    "truncated": _raw(json.dumps([_post(1), _post(2)])[:-40]),
    "a bare object": _json(_post(1)),
}


@pytest.mark.parametrize("name", list(UNUSUAL))
def test_unusual_shapes_fall_back_to_streaming_with_the_same_outcome(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    source = _source(UNUSUAL[name](tmp_path / "posts_1.json"))
    prefix, fmt = _shape(source)
    with pytest.raises(_fastpath.FastPathUnavailable):
        next(iter(_instagram_fast.read_posts(source, prefix, fmt, HANDLE)))
    outcomes = []
    for minimum in (0, 10**12):
        monkeypatch.setattr(_fastpath, "MIN_BYTES", minimum)
        try:
            outcomes.append(repr(list(instagram.read(source))))
        except MalformedFileError as exc:
            outcomes.append(repr(exc))
    assert outcomes[0] == outcomes[1]


def test_a_reels_object_with_another_key_after_the_array_falls_back(tmp_path: Path) -> None:
    source = _source(_write(tmp_path / "reels.json", {"ig_reels_media": [_post(1)], "autre": []}))
    with pytest.raises(_fastpath.FastPathUnavailable):
        next(iter(_instagram_fast.read_posts(source, "ig_reels_media.item", "reel", HANDLE)))
    assert len(list(instagram.read_posts_streamed(source, "ig_reels_media.item", "reel", HANDLE))) == 1


def test_a_truncated_large_file_is_the_clear_error_and_the_store_is_untouched(
    con: duckdb.DuckDBPyConnection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_fastpath, "MIN_BYTES", 0)
    body = json.dumps([_post(n) for n in range(20)])
    path = tmp_path / "instagram-musee.lumiere-2025-03-02-Xy12Ab" / "posts_1.json"
    path.parent.mkdir()
    path.write_text(body[: len(body) * 2 // 3], encoding="utf-8")
    with pytest.raises(MalformedFileError, match="damaged"):
        import_paths(con, [path])
    assert con.execute("SELECT count(*) FROM items").fetchone() == (0,)


def test_importing_through_the_fast_path_gives_the_same_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    generated = _write(tmp_path / "instagram-musee.lumiere-2025-03-02-Xy12Ab" / "your_instagram_activity"
                       / "media" / "posts_1.json", _varied_posts())
    query = "SELECT * EXCLUDE (first_run_id, last_run_id) FROM items ORDER BY item_id"
    results = []
    for minimum in (0, 10**12):
        monkeypatch.setattr(_fastpath, "MIN_BYTES", minimum)
        con = store.connect(":memory:")
        report = import_paths(con, [ARCHIVE, generated.parent])
        results.append((con.execute(query).fetchall(),
                        [(f.added, f.updated, f.unchanged, dict(f.skips)) for f in report.files]))
        con.close()
    assert results[0] == results[1] and len(results[0][0]) > 20


def test_a_posts_file_inside_a_zip_gives_the_same_records_on_both_paths(tmp_path: Path) -> None:
    import zipfile

    archive = tmp_path / "instagram-musee.lumiere-2025-03-02-Xy12Ab.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("your_instagram_activity/media/posts_1.json",
                        "\ufeff" + json.dumps([*_varied_posts(), _post(30)], indent=1))
    source = next(s for s in iter_sources([archive]) if s.basename == "posts_1.json")
    streamed, fast, _ = _both_paths(source)
    assert fast == streamed and len(streamed) == len(_varied_posts()) + 1
