"""X fast path (DuckDB + SQL + Arrow batches): exactly the records of the ijson path, or a fallback."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chandelle import store
from chandelle.errors import MalformedFileError
from chandelle.importers import _fastpath, _x_fast, x
from chandelle.importers.base import ItemBatch, Record, Skip
from chandelle.importers.source import Source, iter_sources
from chandelle.ingest import import_paths

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "x"
MARCH = FIXTURES / "archive_2024-03"
JUNE = FIXTURES / "archive_2024-06"
HANDLE, ACCOUNT_ID = "museedelachandelle", "1000000001"


def _source(folder: Path, name: str, hints: dict[str, str] | None = None) -> Source:
    return next(s for s in iter_sources([folder], hints) if s.basename == name)


def _flat(records: list[Record]) -> list[Record]:
    """Batches expanded into ItemRecords, everything else as it is."""
    out: list[Record] = []
    for record in records:
        out.extend(record.records() if isinstance(record, ItemBatch) else [record])
    return out


def _both_paths(source: Source) -> tuple[list[Record], list[Record], list[Record]]:
    account = x.find_account(source)
    streamed = list(x.read_tweets_streamed(source, account))
    fast = list(_x_fast.read_tweets(source, account.handle, account.account_id))
    return streamed, _flat(fast), fast


def _tweet(n: int, **fields: object) -> dict[str, object]:
    tweet: dict[str, object] = {
        "id_str": str(9000 + n), "id": str(9000 + n),
        "created_at": f"Mon Jan {1 + n % 28:02d} 10:00:00 +0000 2024",
        "full_text": f"Tweet n°{n} « chandelle » 🕯️", "favorite_count": str(n), "retweet_count": "1",
        "entities": {"hashtags": [], "urls": [], "user_mentions": []},
    }
    tweet.update(fields)
    return {"tweet": tweet}


def _media(kind: str, **extra: object) -> dict[str, object]:
    return {"type": kind, "media_url": "http://pbs.twimg.com/media/x.jpg", **extra}


def _varied_tweets() -> list[dict[str, object]]:
    """Every rule of TweetMapper at least once."""
    video = _media("video", video_info={"duration_millis": "12345", "variants": []})
    return [
        _tweet(1),
        _tweet(2, in_reply_to_status_id_str="9001", in_reply_to_user_id_str=ACCOUNT_ID,
               in_reply_to_screen_name=HANDLE),                                       # thread part
        _tweet(3, in_reply_to_status_id="9002", in_reply_to_screen_name=HANDLE.upper()),  # by name
        _tweet(4, in_reply_to_status_id_str="1", in_reply_to_user_id_str="2",
               in_reply_to_screen_name="autre"),
        _tweet(5, in_reply_to_user_id_str="2"),                                        # reply, no parent
        _tweet(6, full_text="RT @autre: bonjour", favorite_count="0"),
        _tweet(7, retweeted_status={"id_str": "1"}),
        _tweet(8, extended_entities={"media": [_media("photo", ext_alt_text="Une chandelle"),
                                               _media("photo")]},
               entities={"media": [_media("photo")], "urls": []}),
        _tweet(9, entities={"media": [_media("photo")]}),
        _tweet(10, extended_entities={"media": [_media("animated_gif", video_info={})]}),
        _tweet(11, extended_entities={"media": [video, _media("photo")]}),
        _tweet(12, entities={"urls": [{"expanded_url": "https://musee.example/agenda"}]}),
        _tweet(13, entities={"urls": [{"expanded_url": "https://twitter.com/autre/status/123"}]}),
        _tweet(14, entities={"urls": [{"expanded_url": "https://X.com/autre/statuses/5"},
                                      {"expanded_url": ""}, {"display_url": "a"}]}),
        _tweet(15, favorite_count="", retweet_count="n/a"),
        _tweet(16, full_text="", text="texte court"),
        _tweet(17, favorite_count=None, extended_entities={"media": []},
               entities={"media": [_media("photo")]}),
        _tweet(1, full_text="le même id, plus tard : il l'emporte"),
    ]


def _write(path: Path, elements: list[object]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("window.YTD.tweets.part0 = " + json.dumps(elements, ensure_ascii=False, indent=1) + ";\n",
                    encoding="utf-8")
    return path


@pytest.mark.parametrize(("folder", "name"),
                         [(MARCH, "tweets.js"), (JUNE, "tweets.js"), (JUNE, "tweets-part1.js")])
def test_fixtures_give_the_same_records_on_both_paths(folder: Path, name: str) -> None:
    streamed, fast, _ = _both_paths(_source(folder, name))
    assert fast == streamed and any(r for r in streamed)


@pytest.mark.shared
def test_shared_sample_gives_the_same_records_on_both_paths(shared: Path) -> None:
    folder = shared / "samples" / "twitter"
    streamed, fast, _ = _both_paths(_source(folder, "andreruffert_tweets_excerpt.js"))
    assert fast == streamed and len(streamed) == 6


def test_every_mapping_rule_matches_the_ijson_path_in_batches_and_row_by_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_fastpath, "BATCH_ROWS", 4)
    elements: list[object] = list(_varied_tweets())
    elements.insert(9, _tweet(20, full_text="Arts &amp; métiers &lt;3 &eacute;t&eacute;"))    # entity: Python
    elements.insert(13, _tweet(21, created_at="2024-01-05T10:00:00Z"))                         # other date
    elements.insert(14, _tweet(22, created_at="pas une date"))                                 # skipped
    elements.insert(15, {"tweet": {"full_text": "sans id", "created_at": "Mon Jan 01 10:00:00 +0000 2024"}})
    folder = _write(tmp_path / "data" / "tweets.js", elements).parent
    source = _source(folder, "tweets.js", {"handle": HANDLE})
    monkeypatch.setattr(x, "find_account", lambda _: x.Account(HANDLE, ACCOUNT_ID))
    streamed, fast, raw = _both_paths(source)
    assert fast == streamed
    assert any(isinstance(r, ItemBatch) for r in raw)                       # clean batches stay columnar
    assert [r.where.rsplit("#")[1] for r in streamed if isinstance(r, Skip)] == ["15", "16"]


def test_x_read_takes_the_fast_path_for_large_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _write(tmp_path / "tweets.js", list(_varied_tweets())).parent
    monkeypatch.setattr(_fastpath, "MIN_BYTES", 0)
    records = list(x.read(_source(folder, "tweets.js", {"handle": HANDLE})))
    assert [type(r).__name__ for r in records] == ["AccountRecord", "ItemBatch"]
    monkeypatch.setattr(_fastpath, "MIN_BYTES", 10**12)
    assert _flat(records) == list(x.read(_source(folder, "tweets.js", {"handle": HANDLE})))


@pytest.mark.parametrize("elements", [
    [{"id_str": "5", "created_at": "Mon Jan 08 09:30:00 +0000 2018", "full_text": "sans enveloppe"}],
    [{"tweet": {"id": 5, "created_at": "Mon Jan 08 09:30:00 +0000 2018"}}],
    [{"tweet": {"id_str": "5", "entities": "pas un objet"}}],
    ["pas un objet"],
])
def test_unusual_shapes_fall_back_to_ijson_with_the_same_outcome(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, elements: list[object]
) -> None:
    source = _source(_write(tmp_path / "tweets.js", elements).parent, "tweets.js", {"handle": HANDLE})
    with pytest.raises(_fastpath.FastPathUnavailable):
        next(iter(_x_fast.read_tweets(source, HANDLE, None)))
    monkeypatch.setattr(_fastpath, "MIN_BYTES", 0)
    try:
        fast: list[Record] | Exception = list(x.read(source))
    except MalformedFileError as exc:
        fast = exc
    monkeypatch.setattr(_fastpath, "MIN_BYTES", 10**12)
    try:
        streamed: list[Record] | Exception = list(x.read(source))
    except MalformedFileError as exc:
        streamed = exc
    assert repr(fast) == repr(streamed)


def test_a_truncated_large_file_is_the_clear_error_and_the_store_is_untouched(
    con: duckdb.DuckDBPyConnection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_fastpath, "MIN_BYTES", 0)
    data = tmp_path / "data"
    data.mkdir()
    (data / "manifest.js").write_bytes((MARCH / "data" / "manifest.js").read_bytes())
    body = (MARCH / "data" / "tweets.js").read_bytes()
    (data / "tweets.js").write_bytes(body[: len(body) * 2 // 3])
    with pytest.raises(MalformedFileError, match="truncated"):
        import_paths(con, [data])
    assert con.execute("SELECT count(*) FROM items").fetchone() == (0,)


def test_importing_through_the_fast_path_gives_the_same_store(monkeypatch: pytest.MonkeyPatch) -> None:
    query = "SELECT * EXCLUDE (first_run_id, last_run_id) FROM items ORDER BY item_id"
    snapshots = "SELECT * EXCLUDE (run_id) FROM metric_snapshots ORDER BY ALL"
    results = []
    for minimum in (0, 10**12):
        monkeypatch.setattr(_fastpath, "MIN_BYTES", minimum)
        con = store.connect(":memory:")
        report = import_paths(con, [MARCH, JUNE])
        results.append((con.execute(query).fetchall(), con.execute(snapshots).fetchall(),
                        [(f.added, f.updated, f.unchanged, dict(f.skips)) for f in report.files]))
        con.close()
    assert results[0] == results[1] and len(results[0][0]) == 10


# --- the SQL mirrors _x_tweet's rules: a property on generated tweets --------------------------

_TEXTS = st.sampled_from([
    "Bonjour « chandelle » 🕯️", "RT @musee_voisin: leur texte", "RT&#32;@voisin: caché par une entité",
    "Fromage &amp; dessert", "", "&lt;b&gt;", "Un lien https://t.co/x",
])
_DATES = st.sampled_from([
    "Mon Jan 01 10:00:00 +0000 2024", "Tue Feb 27 23:59:59 +0000 2018", "2024-03-01T10:00:00Z",
    "pas une date", "Wed Mar 06 08:00:00 +0100 2024",
])
_KINDS = st.sampled_from(["photo", "video", "animated_gif"])
_MEDIA = st.lists(st.fixed_dictionaries({"type": _KINDS}, optional={
    "ext_alt_text": st.sampled_from(["", "Une salle"]),
    "video_info": st.fixed_dictionaries({"duration_millis": st.sampled_from(["0", "12345", ""])}),
}), max_size=3)
_URLS = st.lists(st.fixed_dictionaries({"expanded_url": st.sampled_from([
    "https://musee.example/expo", "https://twitter.com/voisin/status/123", "https://x.com/a/status/9", ""])}),
    max_size=2)


@st.composite
def _generated_tweet(draw: st.DrawFn, n: int) -> dict[str, object]:
    tweet: dict[str, object] = {"id_str": str(7000 + n), "created_at": draw(_DATES),
                                "full_text": draw(_TEXTS),
                                "entities": {"urls": draw(_URLS), "media": draw(_MEDIA)}}
    if draw(st.booleans()):
        tweet["extended_entities"] = {"media": draw(_MEDIA)}
    reply = draw(st.sampled_from(["none", "self_id", "self_name", "other"]))
    if reply != "none":
        tweet["in_reply_to_status_id_str"] = "6999"
        tweet["in_reply_to_user_id_str"] = ACCOUNT_ID if reply == "self_id" else "42"
        tweet["in_reply_to_screen_name"] = HANDLE.upper() if reply == "self_name" else "voisin"
    if draw(st.integers(0, 5)) == 0:
        tweet["retweeted_status"] = {"id_str": "123456"}
    for key in ("favorite_count", "retweet_count"):
        value = draw(st.sampled_from([None, "", "0", "17", "x"]))
        if value is not None:
            tweet[key] = value
    return {"tweet": tweet}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_the_fast_path_gives_the_streamed_records_on_generated_tweets(data: st.DataObject) -> None:
    count = data.draw(st.integers(1, 8))
    tweets = [data.draw(_generated_tweet(n)) for n in range(count)]
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        (folder / "tweets.js").write_text(f"window.YTD.tweets.part0 = {json.dumps(tweets)}", encoding="utf-8")
        source = _source(folder, "tweets.js", {"handle": HANDLE})
        account = x.Account(HANDLE, ACCOUNT_ID)
        streamed = list(x.read_tweets_streamed(source, account))
        fast = _flat(list(_x_fast.read_tweets(source, account.handle, account.account_id)))
    assert fast == streamed
