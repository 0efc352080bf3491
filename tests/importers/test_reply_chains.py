"""Reply chains across X, Bluesky and Mastodon: an item is content iff its chain root is an
original by the account — across overlapping exports and when the root is missing.

Random trees of posts (by the account or by others) are written in each platform's real
export layout (X ``data/manifest.js`` + ``data/tweets.js``; a Bluesky ``getAuthorFeed`` page;
a Mastodon ``outbox.json``), split into overlapping exports that each lack some of the
account's posts, and imported one after the other. The oracle walks the tree in Python.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chandelle import store
from chandelle.ingest import import_paths

ME, ME_ID = "museedelachandelle", "1000000001"
START = datetime(2024, 1, 8, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Tree:
    """Post ``i`` answers ``parents[i]`` (None: it starts a conversation); ``mine[i]``: by the account."""

    parents: tuple[int | None, ...]
    mine: tuple[bool, ...]
    exports: tuple[frozenset[int], ...]   # the account's posts in each export

    def stored(self) -> set[int]:
        return set().union(*self.exports)

    def chain_root(self, node: int) -> tuple[int, bool]:
        """(root, stored) of a stored post's chain: up through the account's stored posts."""
        stored = self.stored()
        while True:
            parent = self.parents[node]
            if parent is None or not self.mine[parent]:
                return node, True
            if parent not in stored:
                return parent, False
            node = parent

    def expected_content(self) -> set[int]:
        """The oracle: a stored post is content iff it is its chain's root and an original."""
        return {n for n in self.stored() if self.chain_root(n) == (n, True) and self.parents[n] is None}


@st.composite
def trees(draw: st.DrawFn) -> Tree:
    size = draw(st.integers(2, 14))
    parents = tuple(draw(st.none() | st.integers(0, i - 1)) if i else None for i in range(size))
    mine = tuple(draw(st.booleans()) for _ in range(size))
    own = [i for i in range(size) if mine[i]]
    count = draw(st.integers(1, 3))
    exports = tuple(frozenset(i for i in own if draw(st.integers(0, 3))) for _ in range(count))
    return Tree(parents, mine, exports)


def _at(node: int) -> datetime:
    return START + timedelta(minutes=node)


# --- X archive -------------------------------------------------------------------------------

def _tweet(tree: Tree, node: int) -> dict[str, object]:
    parent = tree.parents[node]
    tweet: dict[str, object] = {
        "retweeted": False, "entities": {"hashtags": [], "symbols": [], "user_mentions": [], "urls": []},
        "favorite_count": "0", "id_str": str(5000 + node), "id": str(5000 + node), "truncated": False,
        "retweet_count": "0", "created_at": _at(node).strftime("%a %b %d %H:%M:%S +0000 %Y"),
        "favorited": False, "full_text": f"Message {node}", "lang": "fr",
    }
    if parent is not None:
        by_me = tree.mine[parent]
        tweet.update({
            "in_reply_to_status_id_str": str(5000 + parent), "in_reply_to_status_id": str(5000 + parent),
            "in_reply_to_user_id_str": ME_ID if by_me else "2000000002",
            "in_reply_to_user_id": ME_ID if by_me else "2000000002",
            "in_reply_to_screen_name": ME if by_me else "musee_voisin",
        })
    return {"tweet": tweet}


def _write_x(tree: Tree, nodes: frozenset[int], folder: Path) -> None:
    data = folder / "data"
    data.mkdir(parents=True)
    manifest = {"userInfo": {"accountId": ME_ID, "userName": ME, "displayName": "Musée"},
                "archiveInfo": {"generationDate": "2024-03-01T10:00:00.000Z", "isPartialArchive": False}}
    (data / "manifest.js").write_text(f"window.__THAR_CONFIG = {json.dumps(manifest, indent=2)}",
                                      encoding="utf-8")
    tweets = [_tweet(tree, n) for n in sorted(nodes, reverse=True)]   # the archive: newest first
    (data / "tweets.js").write_text(f"window.YTD.tweets.part0 = {json.dumps(tweets, indent=2)}",
                                    encoding="utf-8")


def _x_id(node: int) -> str:
    return str(5000 + node)


# --- Bluesky getAuthorFeed page --------------------------------------------------------------

DID, OTHER_DID = "did:plc:chandellemusee2024abcd", "did:plc:museevoisin2024wxyz"


def _bsky_uri(tree: Tree, node: int) -> str:
    return f"at://{DID if tree.mine[node] else OTHER_DID}/app.bsky.feed.post/3k{node:08d}"


def _thread_top(tree: Tree, node: int) -> int:
    while (parent := tree.parents[node]) is not None:
        node = parent
    return node


def _feed_item(tree: Tree, node: int) -> dict[str, object]:
    record: dict[str, object] = {"$type": "app.bsky.feed.post", "text": f"Message {node}",
                                 "createdAt": _at(node).isoformat().replace("+00:00", ".000Z"),
                                 "langs": ["fr"]}
    parent = tree.parents[node]
    if parent is not None:
        record["reply"] = {
            "root": {"uri": _bsky_uri(tree, _thread_top(tree, node)), "cid": "bafyreiroot"},
            "parent": {"uri": _bsky_uri(tree, parent), "cid": "bafyreiparent"},
        }
    return {"post": {
        "uri": _bsky_uri(tree, node), "cid": f"bafyrei{node:08d}",
        "author": {"did": DID, "handle": "chandelle.bsky.social", "displayName": "Musée"},
        "record": record, "replyCount": 0, "repostCount": 0, "likeCount": 0, "quoteCount": 0,
        "indexedAt": _at(node).isoformat().replace("+00:00", ".000Z"), "labels": [],
    }}


def _write_bluesky(tree: Tree, nodes: frozenset[int], folder: Path) -> None:
    folder.mkdir(parents=True)
    page = {"feed": [_feed_item(tree, n) for n in sorted(nodes, reverse=True)], "cursor": "2024-01-01"}
    (folder / "author_feed.json").write_text(json.dumps(page, indent=2), encoding="utf-8")


# --- Mastodon outbox -------------------------------------------------------------------------

ACTOR, OTHER_ACTOR = "https://musees.social/users/chandelle", "https://autre.social/users/voisin"
PUBLIC = "https://www.w3.org/ns/activitystreams#Public"


def _toot(tree: Tree, node: int) -> str:
    return f"{ACTOR if tree.mine[node] else OTHER_ACTOR}/statuses/{110000 + node}"


def _activity(tree: Tree, node: int) -> dict[str, object]:
    parent = tree.parents[node]
    when = _at(node).strftime("%Y-%m-%dT%H:%M:%SZ")
    note = {"id": _toot(tree, node), "type": "Note", "summary": None,
            "inReplyTo": None if parent is None else _toot(tree, parent), "published": when,
            "url": f"https://musees.social/@chandelle/{110000 + node}", "attributedTo": ACTOR,
            "to": [PUBLIC], "cc": [f"{ACTOR}/followers"], "sensitive": False,
            "content": f"<p>Message {node}</p>", "attachment": [], "tag": []}
    return {"id": f"{_toot(tree, node)}/activity", "type": "Create", "actor": ACTOR, "published": when,
            "to": [PUBLIC], "cc": [f"{ACTOR}/followers"], "object": note}


def _write_mastodon(tree: Tree, nodes: frozenset[int], folder: Path) -> None:
    folder.mkdir(parents=True)
    outbox = {"@context": "https://www.w3.org/ns/activitystreams", "id": "outbox.json",
              "type": "OrderedCollection", "totalItems": len(nodes),
              "orderedItems": [_activity(tree, n) for n in sorted(nodes)]}
    (folder / "outbox.json").write_text(json.dumps(outbox), encoding="utf-8")


# --- the property ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Layout:
    platform: str
    write: Callable[[Tree, frozenset[int], Path], None]
    item_id: Callable[[Tree, int], str]


LAYOUTS = [
    Layout("x", _write_x, lambda _tree, node: _x_id(node)),
    Layout("bluesky", _write_bluesky, _bsky_uri),
    Layout("mastodon", _write_mastodon, _toot),
]


def _import_exports(tree: Tree, layout: Layout) -> duckdb.DuckDBPyConnection:
    con = store.connect(":memory:")
    with tempfile.TemporaryDirectory() as scratch:
        for number, nodes in enumerate(tree.exports):
            if not nodes:
                continue
            folder = Path(scratch) / f"export_{number}"
            layout.write(tree, nodes, folder)
            import_paths(con, [folder])
    return con


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tree=trees(), layout=st.sampled_from(LAYOUTS))
def test_an_item_counts_iff_its_chain_root_is_an_original_by_the_account(tree: Tree, layout: Layout) -> None:
    con = _import_exports(tree, layout)
    ids = {layout.item_id(tree, n): n for n in range(len(tree.parents)) if tree.mine[n]}
    content = {ids[r[0]] for r in con.execute(
        "SELECT item_id FROM content_items WHERE platform = ?", [layout.platform]).fetchall()}
    assert content == tree.expected_content()
    stored = con.execute("SELECT item_id, coalesce(thread_id, item_id) FROM items WHERE platform = ?",
                         [layout.platform]).fetchall()
    assert {ids[item] for item, _ in stored} == tree.stored()
    for item, root in stored:
        expected_root = tree.chain_root(ids[item])[0]
        assert root == layout.item_id(tree, expected_root), (item, root)


def test_a_chain_under_a_reply_to_someone_else_is_not_content_whatever_its_length() -> None:
    # 0 is someone else's post; 1 answers it; 2, 3, 4 go on under 1 (the real archive doubled).
    tree = Tree(parents=(None, 0, 1, 2, 3, None), mine=(False, True, True, True, True, True),
                exports=(frozenset({1, 2, 3, 4, 5}),))
    for layout in LAYOUTS:
        con = _import_exports(tree, layout)
        rows = con.execute("SELECT item_id FROM content_items").fetchall()
        assert [r[0] for r in rows] == [layout.item_id(tree, 5)], layout.platform
