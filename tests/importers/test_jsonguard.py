"""The JSON depth guard: its verdict is the true nesting depth, however the bytes are cut."""

from __future__ import annotations

import itertools
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chandelle.importers._jsonguard import JsonDepthGuard, JsonTooDeep, check_json_depth

# Strings full of what could fool a scanner: brackets, quotes, backslashes, escapes.
_TRICKY = st.text(alphabet=st.sampled_from(list('[]{}"\\/ aé\u2028\n')), max_size=8)
_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | _TRICKY,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_TRICKY, inner, max_size=3),
    max_leaves=25,
)


def depth(value: Any) -> int:
    """The reference: nesting depth computed on the Python value, not on the text."""
    if isinstance(value, dict):
        return 1 + max((depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((depth(v) for v in value), default=0)
    return 0


def _fits(raw: bytes, limit: int, cuts: list[int]) -> bool:
    guard = JsonDepthGuard(limit)
    positions = sorted({0, len(raw), *(c % (len(raw) + 1) for c in cuts)})
    try:
        for start, end in itertools.pairwise(positions):
            guard.feed(raw[start:end])
    except JsonTooDeep:
        return False
    return True


@settings(max_examples=300, deadline=None)
@given(_VALUES, st.lists(st.integers(min_value=0, max_value=10_000), max_size=12), st.booleans(),
       st.booleans())
def test_the_verdict_is_the_true_depth_for_any_chunking(value: Any, cuts: list[int], ascii_only: bool,
                                                        utf16: bool) -> None:
    text = json.dumps(value, ensure_ascii=ascii_only)
    raw = b"\xff\xfe" + text.encode("utf-16-le") if utf16 else text.encode("utf-8")
    true_depth = depth(value)
    assert _fits(raw, true_depth, cuts)
    if true_depth:
        assert not _fits(raw, true_depth - 1, cuts)


def test_a_deep_document_is_refused_quickly_and_a_wide_one_is_not() -> None:
    with pytest.raises(JsonTooDeep):
        check_json_depth("[" * 1_000_000)
    check_json_depth(json.dumps([{"a": [1, {"b": "]]]]"}]}] * 50_000))
