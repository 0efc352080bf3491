"""A generator of genuine atproto repository CAR files, for testing the Bluesky importer.

It follows the public specs, written from scratch: CARv1 framing (varint-length sections
of CID + block, a DAG-CBOR header ``{roots, version}``), CIDv1 dag-cbor/sha2-256 links as
CBOR tag 42, a v3 commit, and a Merkle Search Tree whose key layers come from the leading
zero bits of sha256(key), two bits per layer (fanout 4), with prefix-compressed keys.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

import cbor2


def varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def cid_of(block: bytes) -> bytes:
    """CIDv1, dag-cbor codec, sha2-256 multihash."""
    return varint(1) + varint(0x71) + varint(0x12) + varint(32) + hashlib.sha256(block).digest()


def link(cid: bytes) -> cbor2.CBORTag:
    return cbor2.CBORTag(42, b"\x00" + cid)


def encode(value: Any) -> bytes:
    return cbor2.dumps(value, canonical=True)


def key_layer(key: str) -> int:
    digest = hashlib.sha256(key.encode()).digest()
    zeros = 0
    for byte in digest:
        if byte == 0:
            zeros += 8
            continue
        zeros += 8 - byte.bit_length()
        break
    return zeros // 2


class _Builder:
    def __init__(self) -> None:
        self.blocks: dict[bytes, bytes] = {}

    def put(self, value: Any) -> bytes:
        block = encode(value)
        cid = cid_of(block)
        self.blocks[cid] = block
        return cid

    def node(self, keys: list[tuple[str, bytes]], layer: int) -> bytes:
        """The MST node holding ``keys`` (sorted) at ``layer``; lower keys go to subtrees."""
        left: bytes | None = None
        entries: list[dict[str, Any]] = []
        pending: list[tuple[str, bytes]] = []
        previous = b""
        for key, value in keys:
            if key_layer(key) < layer:
                pending.append((key, value))
                continue
            subtree = self.node(pending, layer - 1) if pending else None
            if entries:
                entries[-1]["t"] = link(subtree) if subtree else None
            else:
                left = subtree
            raw = key.encode()
            shared = _common_prefix(previous, raw)
            entries.append({"p": shared, "k": raw[shared:], "v": link(value), "t": None})
            previous, pending = raw, []
        if pending:
            subtree = self.node(pending, layer - 1)
            if entries:
                entries[-1]["t"] = link(subtree)
            else:
                left = subtree
        return self.put({"l": link(left) if left else None, "e": entries})


def _common_prefix(a: bytes, b: bytes) -> int:
    size = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        size += 1
    return size


def build_car(did: str, records: Mapping[str, Mapping[str, Any]]) -> bytes:
    """A CAR holding a v3 commit for ``did`` and ``records`` keyed 'collection/rkey'."""
    builder = _Builder()
    keys = sorted((key, builder.put(dict(value))) for key, value in records.items())
    top = max((key_layer(k) for k, _ in keys), default=0)
    data = builder.node(keys, top)
    commit = builder.put(
        {
            "did": did,
            "version": 3,
            "data": link(data),
            "rev": "3kcarfixture22",
            "prev": None,
            "sig": bytes(64),
        }
    )
    header = encode({"version": 1, "roots": [link(commit)]})
    out = bytearray(varint(len(header)) + header)
    for cid in [commit, *(c for c in builder.blocks if c != commit)]:
        block = builder.blocks[cid]
        out += varint(len(cid) + len(block)) + cid + block
    return bytes(out)


def blob(text: str, mime: str = "image/jpeg") -> dict[str, Any]:
    """A blob reference as the repository stores it (the bytes themselves are not in the CAR)."""
    raw = b"\x01\x55\x12\x20" + hashlib.sha256(text.encode()).digest()
    return {"$type": "blob", "ref": link(raw), "mimeType": mime, "size": 1000}
