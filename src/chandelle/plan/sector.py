"""The sector tier: what the planner takes from the institution's peers where its own exports are
silent (issue 9 item 2, issue 15 part 2; docs/planner.md, "Evidence first, then the sector, then
assumptions").

The peers come from the audit (``AuditReport.peers``, ``chandelle.audit.peers``): the store's
other institutions when the store holds at least ``MIN_STORE_PEERS`` accounts on the network,
else the embedded UK "Museums in the Pandemic" cell of the same kind and size
(``sector_cadence``; X and Facebook only). Three figures:

* **followers** of an account whose exports carry none: the peers' median, range p25–p75;
* the peers' **median reach per item** as a share of followers (store peers only, same metric):
  the reference of the evidence factor where it exists;
* the peers' **cadences**: where the planned cadence stands among them (a distribution, not a
  target).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from chandelle.audit.peers import MIN_STORE_PEERS, STORE, UK_SECTOR, PeerPosition, quantile, sector_cadence
from chandelle.plan.inputs import CurrentPresence, Param, PeerCadence, PeerGroup, SectorFigure

STORE_WINDOW_DAYS = 365  # the audit's peers compare the 365 days before the audit's day


def _store_window(as_of: date | None) -> str:
    if as_of is None:
        return ""
    return f"{(as_of - timedelta(days=STORE_WINDOW_DAYS)).isoformat()}..{as_of.isoformat()}"


def _store_group(accounts: int, as_of: date | None) -> PeerGroup:
    return PeerGroup(STORE, STORE, "all", "all", accounts, _store_window(as_of))


def _store(position: PeerPosition | None) -> PeerPosition | None:
    """The position when its peers are the store's other institutions (None: UK sector or none)."""
    return position if position is not None and position.reference == STORE else None


def peer_cadence(platform: str, position: PeerPosition | None, kind: str, size: str,
                 as_of: date | None) -> PeerCadence | None:
    """The peers' items per week on ``platform``: the store's (from the audit's ``position``),
    else the UK cell of ``kind`` and ``size``; None where the sector has no distribution."""
    store = _store(position)
    if store is not None and store.peer_items_per_week_quantiles:
        return PeerCadence(_store_group(store.peers, as_of), tuple(store.levels),
                           tuple(store.peer_items_per_week_quantiles))
    cell = sector_cadence(platform, kind, size)
    if cell is None:
        return None
    group = PeerGroup(UK_SECTOR, cell.source, cell.kind, cell.size, cell.accounts, cell.window)
    return PeerCadence(group, cell.levels, cell.items_per_week)


def _median_and_quartiles(levels: tuple[float, ...], values: tuple[float, ...]) -> Param:
    middle, low, high = (quantile(levels, values, level) for level in (0.5, 0.25, 0.75))
    return Param(middle, low, high, "", "sector")


def sector_followers(platform: str, position: PeerPosition | None, kind: str, size: str,
                     as_of: date | None) -> SectorFigure | None:
    """The peers' median followers (range p25–p75): store peers with a follower count, when at
    least ``MIN_STORE_PEERS`` have one, else the UK cell; None where no sector figure exists."""
    store = _store(position)
    if store is not None and store.peer_followers_quantiles and store.peers_with_followers >= MIN_STORE_PEERS:
        group = _store_group(store.peers_with_followers, as_of)
        param = _median_and_quartiles(tuple(store.levels), tuple(store.peer_followers_quantiles))
        return SectorFigure(replace(param, source=group.source_key), group)
    cell = sector_cadence(platform, kind, size)
    if cell is None or not cell.followers:
        return None
    group = PeerGroup(UK_SECTOR, cell.source, cell.kind, cell.size, cell.accounts, cell.window)
    param = _median_and_quartiles(cell.levels, cell.followers)
    return SectorFigure(replace(param, source=group.source_key), group)


def peer_reach_share(position: PeerPosition | None, as_of: date | None) -> SectorFigure | None:
    """The store peers' median reach per item / followers on the account's own metric (at least
    ``MIN_STORE_PEERS`` peers measuring it); the UK data carries no reach."""
    store = _store(position)
    if store is None or store.peer_median_reach_share is None or store.peer_median_reach_share <= 0:
        return None
    if store.peers_with_reach < MIN_STORE_PEERS:
        return None
    group = _store_group(store.peers_with_reach, as_of)
    value = float(store.peer_median_reach_share)
    return SectorFigure(Param(value, value, value, group.source_key, "sector"), group)


# Only an account that still feeds its community is valued at its peers' median followers: the
# peers' distribution describes museums' accounts in general, and a dormant or ghost account's
# followers have not seen it for months (the seed: "mieux vaut l'absence qu'une présence
# fantôme"); those keep no follower figure until their export gives one, as before.
LIVING_COMMUNITIES = ("active", "irregular")


def with_sector_evidence(account: CurrentPresence, platform: str, position: PeerPosition | None, kind: str,
                         size: str, as_of: date | None) -> CurrentPresence:
    """``account`` with the peers' figures its exports lack (followers) or are compared with (reach)."""
    followers = None
    if account.followers is None and account.status in LIVING_COMMUNITIES:
        followers = sector_followers(platform, position, kind, size, as_of)
    reach = peer_reach_share(position, as_of) if account.reach_per_item is not None else None
    if followers is None and reach is None:
        return account
    sources = dict(account.sources)
    if followers is not None:
        sources["followers"] = followers.param.source
    return replace(account, sector_followers=followers, peer_reach_share=reach, sources=sources)


def followers_params(figure: SectorFigure) -> dict[str, object]:
    """A sector follower figure as the sentences show it (whole followers, the peers, the tier)."""
    param = figure.param
    return {
        "followers": round(param.value),
        "followers_low": round(param.low),
        "followers_high": round(param.high),
        "peers": figure.group.to_dict(),
        "tier": param.tier,
    }
