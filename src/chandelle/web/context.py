"""What several pages share: the date of the analysis, the profile, the kb, and a small result cache.

Audits and plans are cached per (store version, profile version, parameters): the store's
version is the size and modification time of its files, so any import (from the app or the
CLI) makes the next page recompute. A cached page does not open the store at all.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

from starlette.requests import Request

from chandelle.errors import InputError
from chandelle.i18n import PARIS
from chandelle.web.optional import require
from chandelle.web.settings import WebSettings

T = TypeVar("T")
CACHE_SIZE = 64


def as_of_from(request: Request) -> date:
    """?as_of=YYYY-MM-DD, or today in Paris."""
    raw = request.query_params.get("as_of")
    if not raw:
        return datetime.now(PARIS).date()
    try:
        return date.fromisoformat(raw)
    except ValueError as exc:
        raise InputError("'{value}' is not a date.", hint="Write it as YYYY-MM-DD, e.g. 2026-03-31.",
                         value=raw[:40]) from exc


def load_profile_for(settings: WebSettings) -> Any:
    """The institution's profile, or None (the audit and plan then say which defaults they used)."""
    profile = require("chandelle.profile", "profile")
    path = settings.profile_path
    return profile.load_profile(path) if path.exists() else None


def knowledge_base_for(profile: Any) -> Any:
    if profile is not None:
        return profile.knowledge_base()
    return require("chandelle.kb", "knowledge base").load_kb()


@dataclass(frozen=True)
class Institution:
    """The profile as given (None without a file), the profile to plan with, and the kb."""

    given: Any
    profile: Any
    kb: Any


def institution_of(request: Request) -> Institution:
    """Profile and knowledge base, read once per version of institution.toml."""
    settings: WebSettings = request.app.state.settings

    def compute() -> Institution:
        given = load_profile_for(settings)
        profile = given or require("chandelle.profile", "profile").default_profile()
        return Institution(given, profile, knowledge_base_for(given))

    return cache_of(request).get_or_compute(("institution", _stamp(settings.profile_path)), compute)


def _stamp(path: Path) -> tuple[int, int]:
    try:
        stat = path.stat()
    except OSError:
        return (0, 0)
    return (stat.st_mtime_ns, stat.st_size)


def data_version(settings: WebSettings) -> Hashable:
    """Changes whenever the store or the profile changes."""
    db = settings.db
    return (_stamp(db), _stamp(db.with_name(db.name + ".wal")), _stamp(settings.profile_path))


class ResultCache:
    """A small thread-safe LRU of computed audits and plans; one computation per key at a time."""

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self._size = size
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._computing: dict[Hashable, threading.Lock] = {}

    def _lookup(self, key: Hashable) -> tuple[bool, Any]:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return True, self._items[key]
            return False, None

    def get_or_compute(self, key: Hashable, compute: Callable[[], T]) -> T:
        found, value = self._lookup(key)
        if found:
            return value  # type: ignore[no-any-return]
        with self._lock:
            key_lock = self._computing.setdefault(key, threading.Lock())
        with key_lock:                       # concurrent requests for the same page wait for one result
            found, value = self._lookup(key)
            if found:
                return value  # type: ignore[no-any-return]
            result = compute()
            with self._lock:
                self._items[key] = result
                self._computing.pop(key, None)
                while len(self._items) > self._size:
                    self._items.popitem(last=False)
        return result


def cache_of(request: Request) -> ResultCache:
    cache: ResultCache = request.app.state.cache
    return cache
