"""Where one institution's account stands among its peers, and the sector's distributions.

Two references, in this order (docs/observatory.md, section "Peers"):

1. **the store** — when the store holds at least ``MIN_STORE_PEERS`` accounts on the same network
   that belong to *other* institutions (an observatory store): their cadence over 365 days, share
   of active weeks and last follower count, from the same audit run. The store does not record
   the institutions' kind or size, so every other institution counts as a peer (labelled so).
2. **the UK sector** (default) — ``kb/uk_sector_distributions.json``, aggregated from the
   "Museums in the Pandemic" files by ``scripts/sector_distributions.py``: quantiles of items per
   week (average over 2019-01..2022-05) and of followers (mid-2022) per network (X/Twitter,
   Facebook), kind (the profile's ``kind`` mapped to MIP subjects) and size (the profile's
   ``size``, Mapping Museums bands), widening to "all" where a cell has too few museums. No
   share of active weeks there: MIP counts messages over the whole window only.

A percentile is the mid-rank: the share of peers below the value plus half the peers equal to it.
Each position also carries the peers' distributions (quantiles of items per week and of followers
at ``QUANTILE_LEVELS``) and, from the store, the peers' median reach per item as a share of their
followers: what the planner reads as its second source of evidence, after the institution's own
exports (docs/planner.md, "Evidence first"). ``sector_cadence`` gives a UK cell directly, for
networks where the institution has no account yet.
"""

from __future__ import annotations

import json
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from chandelle.audit.models import AccountAudit

SECTOR_FILE = Path(__file__).resolve().parent.parent / "kb" / "uk_sector_distributions.json"
MIN_STORE_PEERS = 5
STORE, UK_SECTOR = "store", "uk_sector"
QUANTILE_LEVELS = tuple(round(step / 20, 2) for step in range(21))   # the UK file's levels: every 5 %
REACH_METRICS = ("reach", "views", "impressions")  # per-item measures of people reached, best first


@dataclass(frozen=True)
class SectorCadence:
    """The UK sector's distribution for one network and peer group (the cell actually used)."""

    platform: str                 # chandelle slug: x | facebook
    kind: str                     # profile kind, or "all" when the kind had no UK cell
    size: str                     # small | medium | large | huge | all
    accounts: int                 # museums of the group with an account
    active_share: float           # of them, share with >= 1 post over the window
    levels: tuple[float, ...]     # quantile levels (0, 0.05, …, 1)
    items_per_week: tuple[float, ...]           # quantiles of items per week at ``levels``
    followers: tuple[float, ...] | None         # quantiles of followers at ``levels``
    source: str                   # kb source key
    window: str                   # "2019-01-01..2022-05-31"

    @property
    def median_items_per_week(self) -> float:
        return quantile(self.levels, self.items_per_week, 0.5)

    def quantile(self, level: float) -> float:
        """Items per week at ``level`` (0..1), linear between the stored quantiles."""
        return quantile(self.levels, self.items_per_week, level)

    def percentile_of(self, items_per_week: float) -> float:
        """Where ``items_per_week`` falls in the group, 0..100."""
        return percentile_in_quantiles(self.levels, self.items_per_week, items_per_week)


@dataclass(frozen=True)
class PeerPosition:
    """One account against its peers. Percentiles 0..100 (None: no peer figure to compare with)."""

    platform: str
    handle: str
    reference: str                # store | uk_sector
    kind: str
    size: str
    peers: int
    cadence_percentile: float | None
    active_week_share_percentile: float | None
    followers_percentile: float | None
    peer_median_items_per_week: float | None
    peer_median_active_week_share: float | None
    peer_median_followers: float | None
    source: str                   # "store" or the kb source key of the sector data
    window: str | None            # the sector data's window (None for the store)
    # the peers' distributions at ``levels`` (None: no figure), read by the planner
    levels: tuple[float, ...] = QUANTILE_LEVELS
    peer_items_per_week_quantiles: tuple[float, ...] | None = None
    peer_followers_quantiles: tuple[float, ...] | None = None
    peers_with_followers: int = 0
    # store peers only: their median reach per item / followers, on this account's own reach metric
    reach_metric: str | None = None
    peers_with_reach: int = 0
    peer_median_reach_share: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class AccountFigures:
    """What peers compare: one account's cadence, active weeks and followers, and its owner."""

    platform: str
    handle: str
    institution_id: int | None
    items_per_week: float
    active_week_share: float
    followers: int | None
    reach_metric: str | None = None        # reach, views or impressions (REACH_METRICS)
    reach_per_item: float | None = None    # median of that metric per item, own exports

    @property
    def reach_share(self) -> float | None:
        """Median reach per item as a share of followers (None without both figures)."""
        if self.reach_per_item is None or not self.followers:
            return None
        return self.reach_per_item / self.followers


def reach_per_item(engagement: dict[str, dict[str, float]]) -> tuple[str | None, float | None, int]:
    """(metric, median per item, items measured) over the formats the exports measure: reach, else
    views, else impressions (``AccountAudit.engagement``), weighted by the items measured."""
    for metric in REACH_METRICS:
        rows = [(m[metric], int(m.get("items_with_metrics", 0))) for m in engagement.values() if metric in m]
        items = sum(n for _v, n in rows)
        if rows and items > 0:
            return metric, sum(v * n for v, n in rows) / items, items
    return None, None, 0


def account_figures(account: AccountAudit, institution_id: int | None) -> AccountFigures:
    """What peers compare of one audited account."""
    metric, reach, _items = reach_per_item(account.engagement)
    followers = account.follower_trend.last if account.follower_trend else None
    return AccountFigures(account.platform, account.handle, institution_id, account.items_per_week,
                          account.active_week_share, followers, metric, reach)


@lru_cache(maxsize=1)
def _sector() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(SECTOR_FILE.read_text(encoding="utf-8"))
    return loaded


def sector_window() -> str:
    window = _sector()["window"]
    return f"{window['start']}..{window['end']}"


@lru_cache(maxsize=256)
def sector_cadence(platform: str, kind: str = "all", size: str = "all") -> SectorCadence | None:
    """The UK sector distribution for ``platform`` (x, facebook), ``kind`` and ``size``; None elsewhere.

    Falls back from (kind, size) to (kind, all), (all, size), then (all, all) when a cell has too
    few museums; the returned ``kind`` and ``size`` say which group was used.
    """
    data = _sector()
    cells = {(c["platform"], c["kind"], c["size"]): c for c in data["cells"]}
    for wanted in ((kind, size), (kind, "all"), ("all", size), ("all", "all")):
        cell = cells.get((platform, *wanted))
        if cell is not None:
            followers = cell["followers_quantiles"]
            return SectorCadence(
                platform=platform, kind=wanted[0], size=wanted[1], accounts=int(cell["with_account"]),
                active_share=round(cell["with_posts"] / cell["with_account"], 4),
                levels=tuple(data["quantile_levels"]), items_per_week=tuple(cell["items_per_week_quantiles"]),
                followers=tuple(followers) if followers else None, source=str(data["source"]),
                window=sector_window())
    return None


def quantile(levels: Sequence[float], values: Sequence[float], level: float) -> float:
    level = min(max(level, levels[0]), levels[-1])
    index = max(1, bisect_left(levels, level))
    low, high = levels[index - 1], levels[index]
    share = 0.0 if high == low else (level - low) / (high - low)
    return values[index - 1] + share * (values[index] - values[index - 1])


def percentile_in_quantiles(levels: Sequence[float], values: Sequence[float], value: float) -> float:
    """The level at which ``value`` sits in a quantile table (mid-point of a run of equal quantiles)."""
    first, last = bisect_left(values, value), bisect_right(values, value)
    if first < last:                                   # equal to one or several stored quantiles
        return round(100 * (levels[first] + levels[last - 1]) / 2, 1)
    if first == 0:
        return 0.0
    if first == len(values):
        return 100.0
    low, high = values[first - 1], values[first]
    share = (value - low) / (high - low)
    return round(100 * (levels[first - 1] + share * (levels[first] - levels[first - 1])), 1)


def percentile_rank(ordered: Sequence[float], value: float) -> float | None:
    """Mid-rank percentile of ``value`` among the peers' values ``ordered`` (sorted), 0..100."""
    if not ordered:
        return None
    below, not_above = bisect_left(ordered, value), bisect_right(ordered, value)
    return round(100 * (below + (not_above - below) / 2) / len(ordered), 1)


def _median(values: Sequence[float]) -> float | None:
    ordered = sorted(values)
    if not ordered:
        return None
    middle = len(ordered) // 2
    return float(ordered[middle]) if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


@dataclass(frozen=True)
class _StorePeers:
    """The sorted figures of one network's accounts owned by other institutions."""

    count: int
    rates: list[float]
    shares: list[float]
    followers: list[float]
    reach_shares: dict[str, list[float]]    # metric -> sorted reach per item / followers


def _store_peers(peers: list[AccountFigures]) -> _StorePeers:
    reach: dict[str, list[float]] = {}
    for p in peers:
        if p.reach_metric is not None and p.reach_share is not None:
            reach.setdefault(p.reach_metric, []).append(p.reach_share)
    return _StorePeers(len(peers), sorted(p.items_per_week for p in peers),
                       sorted(p.active_week_share for p in peers),
                       sorted(float(p.followers) for p in peers if p.followers is not None),
                       {metric: sorted(values) for metric, values in reach.items()})


def quantiles_of(ordered: Sequence[float]) -> tuple[float, ...] | None:
    """``ordered`` (sorted) at ``QUANTILE_LEVELS``, linear between order statistics (None: empty)."""
    if not ordered:
        return None
    last = len(ordered) - 1
    found = []
    for level in QUANTILE_LEVELS:
        position = level * last
        below = int(position)
        above = min(below + 1, last)
        found.append(round(ordered[below] + (position - below) * (ordered[above] - ordered[below]), 4))
    return tuple(found)


def _store_reach(account: AccountFigures, peers: _StorePeers) -> dict[str, Any]:
    """The peers' median reach share on the account's own metric, when enough peers measure it."""
    shares = peers.reach_shares.get(account.reach_metric or "", [])
    if account.reach_metric is None or len(shares) < MIN_STORE_PEERS:
        return {"reach_metric": account.reach_metric, "peers_with_reach": len(shares)}
    return {"reach_metric": account.reach_metric, "peers_with_reach": len(shares),
            "peer_median_reach_share": _median(shares)}


def _from_store(account: AccountFigures, peers: _StorePeers) -> PeerPosition:
    return PeerPosition(
        platform=account.platform, handle=account.handle, reference=STORE, kind="all", size="all",
        peers=peers.count, cadence_percentile=percentile_rank(peers.rates, account.items_per_week),
        active_week_share_percentile=percentile_rank(peers.shares, account.active_week_share),
        followers_percentile=(percentile_rank(peers.followers, account.followers)
                              if account.followers is not None else None),
        peer_median_items_per_week=_median(peers.rates),
        peer_median_active_week_share=_median(peers.shares),
        peer_median_followers=_median(peers.followers), source=STORE, window=None,
        peer_items_per_week_quantiles=quantiles_of(peers.rates),
        peer_followers_quantiles=quantiles_of(peers.followers), peers_with_followers=len(peers.followers),
        **_store_reach(account, peers))


def _from_sector(account: AccountFigures, sector: SectorCadence) -> PeerPosition:
    followers = None
    if sector.followers is not None and account.followers is not None:
        followers = percentile_in_quantiles(sector.levels, sector.followers, float(account.followers))
    return PeerPosition(
        platform=account.platform, handle=account.handle, reference=UK_SECTOR, kind=sector.kind,
        size=sector.size, peers=sector.accounts,
        cadence_percentile=sector.percentile_of(account.items_per_week), active_week_share_percentile=None,
        followers_percentile=followers, peer_median_items_per_week=round(sector.median_items_per_week, 3),
        peer_median_active_week_share=None,
        peer_median_followers=(quantile(sector.levels, sector.followers, 0.5) if sector.followers else None),
        source=sector.source, window=sector.window, levels=sector.levels,
        peer_items_per_week_quantiles=sector.items_per_week, peer_followers_quantiles=sector.followers,
        peers_with_followers=sector.accounts if sector.followers else 0)


def peer_positions(accounts: Sequence[AccountFigures], kind: str = "all",
                   size: str = "all") -> list[PeerPosition]:
    """Each account against the store's other institutions, else the UK sector (networks it covers)."""
    owned: dict[str, list[AccountFigures]] = {}
    for a in accounts:
        if a.institution_id is not None:
            owned.setdefault(a.platform, []).append(a)
    same_owner: Counter[tuple[str, int | None]] = Counter(
        (a.platform, a.institution_id) for a in accounts if a.institution_id is not None)
    cache: dict[tuple[str, int | None], _StorePeers] = {}
    found = []
    for account in accounts:
        key = (account.platform, account.institution_id)
        if len(owned.get(account.platform, [])) - same_owner.get(key, 0) >= MIN_STORE_PEERS:
            if key not in cache:
                cache[key] = _store_peers([p for p in owned[account.platform]
                                           if p.institution_id != account.institution_id])
            found.append(_from_store(account, cache[key]))
            continue
        sector = sector_cadence(account.platform, kind, size)
        if sector is not None:
            found.append(_from_sector(account, sector))
    return found
