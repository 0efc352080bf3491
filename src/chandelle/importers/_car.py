"""Reading an atproto repository export: a CARv1 file of DAG-CBOR blocks.

CARv1 framing (ipld.io/specs/transport/car/carv1): a varint length and a DAG-CBOR header
``{version: 1, roots: [CID]}``, then sections of varint length, CID bytes, block bytes.
The root is the signed commit ``{did, version, data, rev, prev, sig}``; ``data`` points to
the Merkle Search Tree whose nodes are ``{l: CID|null, e: [{p, k, v, t}]}``: each entry's
key is the previous key's first ``p`` bytes plus ``k`` (atproto.com/specs/repository).
CIDs are DAG-CBOR tag 42 (a 0x00 byte, then the binary CID). Blocks are checked against
their sha2-256 hash, so a damaged file is refused rather than half-read.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

import cbor2

CID_TAG = 42
DAG_CBOR = 0x71
RAW = 0x55
SHA2_256 = 0x12
MAX_SECTION = 8 * 1024 * 1024
MAX_DEPTH = 128
# The decoding budget (a repository of a very active account is ~1 M blocks and a few hundred MB).
MAX_BLOCKS = 5_000_000
MAX_TOTAL_BYTES = 4 * 1024**3
MAX_SECONDS = 600.0


class CarError(ValueError):
    """The bytes are not a well-formed repository CAR (message says where)."""


def read_varint(data: bytes, offset: int) -> tuple[int, int]:
    """An unsigned LEB128 varint at ``offset`` → (value, next offset)."""
    value = shift = 0
    while True:
        if offset >= len(data) or shift > 63:
            raise CarError("truncated varint")
        byte = data[offset]
        offset += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, offset
        shift += 7


def _stream_varint(handle: BinaryIO) -> int | None:
    value = shift = 0
    while True:
        byte = handle.read(1)
        if not byte:
            if shift:
                raise CarError("truncated section length")
            return None
        value |= (byte[0] & 0x7F) << shift
        if not byte[0] & 0x80:
            return value
        shift += 7
        if shift > 63:
            raise CarError("section length too long")


def split_cid(section: bytes) -> tuple[bytes, int]:
    """The CID at the start of a section → (cid bytes, offset where the block starts)."""
    if section[:2] == b"\x12\x20":                 # CIDv0: a bare sha2-256 multihash
        return section[:34], 34
    version, offset = read_varint(section, 0)
    if version != 1:
        raise CarError(f"unsupported CID version {version}")
    _codec, offset = read_varint(section, offset)
    _hash_code, offset = read_varint(section, offset)
    length, offset = read_varint(section, offset)
    end = offset + length
    if end > len(section):
        raise CarError("truncated CID")
    return section[:end], end


def _check_hash(cid: bytes, block: bytes) -> None:
    if cid[:2] == b"\x12\x20":
        digest = cid[2:]
    else:
        _, offset = read_varint(cid, 0)
        _, offset = read_varint(cid, offset)
        code, offset = read_varint(cid, offset)
        length, offset = read_varint(cid, offset)
        if code != SHA2_256:
            return
        digest = cid[offset:offset + length]
    if hashlib.sha256(block).digest() != digest:
        raise CarError("a block does not match its hash")


def _cid_hook(*args: Any) -> Any:
    # cbor2 5 calls hook(decoder, tag); cbor2 6 calls hook(tag, immutable): find the tag.
    tag = next(a for a in args if isinstance(a, cbor2.CBORTag))
    if tag.tag == CID_TAG and isinstance(tag.value, bytes):
        return Link(tag.value[1:] if tag.value[:1] == b"\x00" else tag.value)
    return tag


@dataclass(frozen=True, slots=True)
class Link:
    """A CID inside a DAG-CBOR value (binary form, without the multibase 0x00 prefix)."""

    cid: bytes


# What cbor2 raises on hostile bytes (bad major types, truncated items, absurd nesting).
_CBOR_DAMAGE = (cbor2.CBORError, ValueError, TypeError, KeyError, RecursionError, OverflowError,
                RuntimeError, StopIteration, EOFError)


def decode(block: bytes) -> Any:
    """One DAG-CBOR block; malformed CBOR raises ``CarError``."""
    try:
        return cbor2.loads(block, tag_hook=_cid_hook)
    except _CBOR_DAMAGE as exc:
        raise CarError(f"a block is not valid DAG-CBOR ({type(exc).__name__})") from exc


@dataclass
class Repository:
    did: str
    blocks: dict[bytes, bytes]
    data_root: bytes

    def record(self, link: Link) -> Any:
        block = self.blocks.get(link.cid)
        return None if block is None else decode(block)

    def entries(self) -> Iterator[tuple[str, Link]]:
        """Every (collection/rkey, record link) of the tree, in key order.

        Each node is visited once: a tree whose links meet again (a DAG, which a Merkle Search
        Tree never is) is refused instead of being walked an exponential number of times.
        """
        yield from self._walk(self.data_root, 0, set(), time.monotonic() + MAX_SECONDS)

    def _walk(self, cid: bytes, depth: int, seen: set[bytes], deadline: float) -> Iterator[tuple[str, Link]]:
        if depth > MAX_DEPTH:
            raise CarError("the tree is too deep")
        if cid in seen:
            raise CarError("a tree node is linked twice (not a repository tree)")
        seen.add(cid)
        if time.monotonic() > deadline:
            raise CarError(f"the tree takes more than {MAX_SECONDS:.0f} s to read")
        block = self.blocks.get(cid)
        if block is None:
            return                                   # partial export: subtree not included
        node = decode(block)
        if not isinstance(node, dict) or not isinstance(node.get("e"), list):
            raise CarError("a tree node is malformed")
        if isinstance(node.get("l"), Link):
            yield from self._walk(node["l"].cid, depth + 1, seen, deadline)
        key = b""
        for entry in node["e"]:
            if not isinstance(entry, dict) or not isinstance(entry.get("k"), bytes):
                raise CarError("a tree entry is malformed")
            key = key[: int(entry.get("p") or 0)] + entry["k"]
            if isinstance(entry.get("v"), Link):
                yield key.decode("utf-8", "replace"), entry["v"]
            if isinstance(entry.get("t"), Link):
                yield from self._walk(entry["t"].cid, depth + 1, seen, deadline)


def read_repository(handle: BinaryIO) -> Repository:
    """Read a whole repository CAR (header, every block) and find its commit."""
    header_length = _stream_varint(handle)
    if header_length is None or header_length > MAX_SECTION:
        raise CarError("no CAR header")
    header = decode(_read_exactly(handle, header_length))
    if not isinstance(header, dict) or header.get("version") != 1 or not header.get("roots"):
        raise CarError("not a CARv1 header")
    root = header["roots"][0]
    if not isinstance(root, Link):
        raise CarError("the CAR root is not a CID")
    blocks: dict[bytes, bytes] = {}
    total = 0
    while (length := _stream_varint(handle)) is not None:
        if length > MAX_SECTION:
            raise CarError("a section is larger than a repository block can be")
        total += length
        if len(blocks) >= MAX_BLOCKS or total > MAX_TOTAL_BYTES:
            raise CarError(f"more than {MAX_BLOCKS} blocks or {MAX_TOTAL_BYTES // 1024**3} GB")
        section = _read_exactly(handle, length)
        cid, start = split_cid(section)
        block = section[start:]
        _check_hash(cid, block)
        blocks[cid] = block
    commit = decode(blocks[root.cid]) if root.cid in blocks else None
    if not isinstance(commit, dict) or not isinstance(commit.get("data"), Link) \
            or not isinstance(commit.get("did"), str):
        raise CarError("the root block is not a repository commit")
    return Repository(did=commit["did"], blocks=blocks, data_root=commit["data"].cid)


def _read_exactly(handle: BinaryIO, size: int) -> bytes:
    data = handle.read(size)
    if len(data) != size:
        raise CarError("the file ends in the middle of a section")
    return data


def looks_like_car(head: bytes) -> bool:
    """Cheap check: a varint header length then a DAG-CBOR map holding 'roots' and 'version'."""
    try:
        length, offset = read_varint(head[:10], 0)
    except CarError:
        return False
    header = head[offset:offset + length]
    return 8 < length < 4096 and header[:1] in (b"\xa2", b"\xa3") and b"eroots" in header \
        and b"gversion" in header
