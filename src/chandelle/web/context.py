"""What several pages share: the day asked for, the institution, and the cache of analyses.

Pages never compose "audit, then plan" themselves: they ask for the ``chandelle.analysis``
of a request. Results are cached per (store version, profile version, request): the store's
version is the size and modification time of its files (``analysis.store_version``), so any
import, from the app or the command line, makes the next page recompute. The store's reading
(audit and latest items) is cached per day on its own, so moving the plan's controls re-solves
the plan without auditing the store again. A cached page does not open the store at all.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from datetime import date
from typing import Any, TypeVar

from starlette.requests import Request

from chandelle.analysis import (
    Analysis,
    Institution,
    PlanRequest,
    StoreReading,
    analysis_of,
    day_from,
    file_version,
    read_store,
    store_version,
    today,
)
from chandelle.profile import load_profile
from chandelle.web.settings import WebSettings
from chandelle.web.storage import StoreGate

T = TypeVar("T")
CACHE_SIZE = 64


def as_of_from(request: Request) -> date:
    """?as_of=YYYY-MM-DD, or today in Paris."""
    raw = request.query_params.get("as_of")
    return day_from(raw, "as_of") if raw else today()


def institution_of(request: Request) -> Institution:
    """Profile and knowledge base, read once per version of institution.toml."""
    settings: WebSettings = request.app.state.settings
    path = settings.profile_path

    def compute() -> Institution:
        return Institution.of(load_profile(path) if path.exists() else None)

    return cache_of(request).get_or_compute(("institution", file_version(path)), compute)


def data_version(settings: WebSettings) -> Hashable:
    """Changes whenever the store or the profile changes."""
    return (store_version(settings.db), file_version(settings.profile_path))


def reading_for(request: Request, as_of: date) -> StoreReading:
    """The store's audit and latest items on ``as_of`` (cached until the store or the profile changes)."""
    settings: WebSettings = request.app.state.settings

    def compute() -> StoreReading:
        gate: StoreGate = request.app.state.gate
        with gate.read() as con:
            return read_store(con, institution_of(request), as_of)

    return cache_of(request).get_or_compute(("reading", data_version(settings), as_of), compute)


def analysis_for(request: Request, plan_request: PlanRequest) -> Analysis:
    """The analysis of ``plan_request`` (cached per store version, profile version and request)."""
    settings: WebSettings = request.app.state.settings

    def compute() -> Analysis:
        return analysis_of(reading_for(request, plan_request.as_of), institution_of(request), plan_request)

    return cache_of(request).get_or_compute(("analysis", data_version(settings), plan_request), compute)


class ResultCache:
    """A small thread-safe LRU of computed results; one computation per key at a time."""

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
