"""How reliable each source of the bibliography is, from the facts that cite it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from chandelle.kb.models import Fact, KnowledgeBase

# Weakest first: a source is shown with the weakest confidence of the facts that cite it.
CONFIDENCE_ORDER = ("W", "A", "S", "P", "V")


def _facts(node: Any) -> Iterator[Fact]:
    if isinstance(node, Fact):
        yield node
    if isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from _facts(getattr(node, name))
    elif isinstance(node, dict):
        for value in node.values():
            yield from _facts(value)
    elif isinstance(node, list | tuple):
        for value in node:
            yield from _facts(value)


def weakest_confidence(kb: KnowledgeBase) -> dict[str, str]:
    """Source key -> the weakest confidence code among the kb facts that cite it."""
    found: dict[str, str] = {}
    for fact in _facts(kb):
        if fact.source and fact.confidence:
            current = found.get(fact.source)
            if current is None or CONFIDENCE_ORDER.index(fact.confidence) < CONFIDENCE_ORDER.index(current):
                found[fact.source] = fact.confidence
    return found
