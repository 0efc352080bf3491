"""Everything the planner's model needs, as plain typed data (the solver reads nothing else).

``PlanInputs`` can be written by hand (tests, benchmarks) or built from the knowledge base,
the institution profile and the audit by ``chandelle.plan.build.inputs_from``. Every figure
carries, in a ``sources`` mapping, the key it comes from: ``kb:...`` (knowledge base),
``profile:...`` (the institution's own file), ``audit:...`` (its imported history),
``planner:...`` (a documented modelling assumption in ``plan/assumptions.toml``) or
``override:...`` (a command-line flag).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date

CURRENT_STATUSES = ("active", "irregular", "dormant", "ghost")
WEEKS_PER_PERIOD = 4  # items are planned per 4 weeks: cadences like "2 per month" stay exact
TIERS = ("own", "sector", "assumption")  # where a number comes from, best first (docs/planner.md)


@dataclass(frozen=True)
class Param:
    """An uncertain figure: its central value, its range and where it comes from.

    ``tier`` says which of the three kinds of evidence it is: ``own`` (the institution's exports),
    ``sector`` (published or observatory data) or ``assumption`` (a documented default). The
    robustness check (``plan.robustness``) draws every parameter uniformly in [low, high].
    """

    value: float
    low: float
    high: float
    source: str
    tier: str = "assumption"

    @staticmethod
    def exact(value: float, source: str, tier: str = "own") -> Param:
        return Param(value, value, value, source, tier)


@dataclass(frozen=True)
class PeerGroup:
    """The peers behind a sector-tier figure (``chandelle.audit.peers``): who they are, the data's
    source and period (docs/planner.md, "Evidence first, then the sector, then assumptions")."""

    reference: str  # store (the store's other institutions) | uk_sector (the embedded UK data)
    source: str  # "store", or the kb bibliography key of the sector data (MIP-JOCCH2024)
    kind: str  # the group's kind of institution ("all": every kind)
    size: str  # the group's size band ("all": every size)
    accounts: int  # peer accounts the figure is computed on
    window: str  # the data's period, "YYYY-MM-DD..YYYY-MM-DD"

    @property
    def source_key(self) -> str:
        """``sector:<reference> [<source>] (<kind>, <size>, <n> accounts, <window>)``."""
        return (
            f"sector:{self.reference} [{self.source}] "
            f"({self.kind}, {self.size}, {self.accounts} accounts, {self.window})"
        )

    def to_dict(self) -> dict[str, object]:
        return {
            "reference": self.reference,
            "source": self.source,
            "kind": self.kind,
            "size": self.size,
            "accounts": self.accounts,
            "window": self.window,
        }


@dataclass(frozen=True)
class SectorFigure:
    """A figure the institution's exports lack, taken from its peers (tier ``sector``)."""

    param: Param
    group: PeerGroup


@dataclass(frozen=True)
class PeerCadence:
    """The peers' distribution of items per week on one network: quantiles at ``levels`` (0..1)."""

    group: PeerGroup
    levels: tuple[float, ...]
    items_per_week: tuple[float, ...]


@dataclass(frozen=True)
class Response:
    """How what a network brings grows with what is published there (docs/planner.md, "Value").

    ``g(f) = ((f − f0) / (f_sat − f0)) ** (1 − b)`` between ``f0`` and ``f_sat`` items a week, 0
    below ``f0`` (the audit's dormant threshold: a token presence is a ghost in the making) and
    1 above ``f_sat`` (saturation: more items add nothing). ``b`` is the elasticity of the
    response per item to cadence (cadence-response research); the curve is concave.
    """

    elasticity: Param
    saturation_items_per_week: Param
    token_items_per_week: float = 0.0

    def share(
        self, items_per_week: float, elasticity: float | None = None, saturation: float | None = None
    ) -> float:
        b = self.elasticity.value if elasticity is None else elasticity
        f_sat = self.saturation_items_per_week.value if saturation is None else saturation
        f0 = min(self.token_items_per_week, 0.99 * f_sat)
        if items_per_week <= f0:
            return 0.0
        if items_per_week >= f_sat:
            return 1.0
        return float(((items_per_week - f0) / (f_sat - f0)) ** (1.0 - min(max(b, 0.0), 0.95)))


@dataclass(frozen=True)
class FormatOption:
    """One format the institution could publish on one platform."""

    format: str  # vocabulary slug (chandelle.vocabulary.FORMATS)
    hours_per_item: float  # making + editing + publishing
    max_items_per_week: float  # beyond this, more items add nothing
    value_per_item: Mapping[str, float] = field(default_factory=dict)  # objective -> fit 0..1
    skills: tuple[str, ...] = ()  # every one is needed to publish this format
    counts_for_cadence: bool = True  # ephemeral formats (stories) do not keep a window alive
    sources: Mapping[str, str] = field(default_factory=dict)
    # weight of one item of this format in the platform's effective cadence (1: a full item);
    # identity (kind, accepted tone) and register evidence change it (plan.build.format_weight)
    weight: float = 1.0


@dataclass(frozen=True)
class CurrentPresence:
    """What the audit found for one of the institution's existing accounts on a platform."""

    handle: str
    status: str  # one of CURRENT_STATUSES
    followers: int | None = None  # None: the exports carry no follower count (never invented)
    items_per_week: float = 0.0
    hours_per_week: float = 0.0
    sources: Mapping[str, str] = field(default_factory=dict)
    reach_per_item: float | None = None  # median reach (or views) per item, own exports
    items_measured: int = 0  # items the median is taken over
    # no follower count in the exports: the peers' median, until a follower export gives the real one
    sector_followers: SectorFigure | None = None
    reach_metric: str | None = None  # reach | views | impressions: what ``reach_per_item`` measures
    # the store peers' median reach per item / followers on the same metric (>= 5 peers measuring it)
    peer_reach_share: SectorFigure | None = None

    @property
    def valued_followers(self) -> float:
        """Followers the community is valued on: the exports' count, else the peers' median, else 0."""
        if self.followers is not None:
            return float(max(0, self.followers))
        return max(0.0, self.sector_followers.param.value) if self.sector_followers is not None else 0.0


@dataclass(frozen=True)
class PlannedEvent:
    """A date of the profile inside the planning horizon: it needs announcements before it."""

    name: str
    start: date
    kind: str = "event"


@dataclass(frozen=True)
class PlatformOption:
    """A platform the institution is on, or could start."""

    platform: str
    formats: tuple[FormatOption, ...]
    min_items_per_week: float  # minimum viable cadence
    overhead_hours_per_week: float  # replies, moderation, monitoring
    reach: Mapping[str, float] = field(default_factory=dict)  # segment -> share of it on the platform
    current: CurrentPresence | None = None
    excluded_by: tuple[str, ...] = ()  # value keys that exclude it outright
    penalty: float = 0.0  # objective points lost per week of presence
    penalized_by: tuple[str, ...] = ()
    sources: Mapping[str, str] = field(default_factory=dict)
    # items a week (formats that count for the cadence) beyond which more add nothing; None: no cap
    max_items_per_week: float | None = None
    # every account of the institution on the platform (``current`` is the first of them)
    accounts: tuple[CurrentPresence, ...] = ()
    response: Response | None = None  # None: full value at any cadence at or above the minimum
    setup_hours: float = 0.0  # one-off hours to open an account (profile, first items, habits)
    required_formats: tuple[str, ...] = ()  # formats without which the platform is pointless
    reach_ranges: Mapping[str, Param] = field(default_factory=dict)  # segment -> reach with range
    reach_unknown: tuple[str, ...] = ()  # segments whose figure is a range, not a measure
    evidence_factor: Param | None = None  # own reach per item against the sector's (1: no evidence)
    max_accounts: int = 1  # accounts the institution wants at most on this platform
    evidence_peers: PeerGroup | None = None  # the store peers the evidence factor compares with
    peer_cadence: PeerCadence | None = None  # the peers' cadences (store, else the UK sector), if any

    @property
    def excluded(self) -> bool:
        return bool(self.excluded_by)

    @property
    def present_accounts(self) -> tuple[CurrentPresence, ...]:
        if self.accounts:
            return self.accounts
        return (self.current,) if self.current is not None else ()


@dataclass(frozen=True)
class Overlap:
    """How much two platforms' audiences overlap.

    ``pairs[(a, b)]`` is a published figure: the share of a's users who also use b. Where no
    figure exists for either direction, ``default_share`` is the share of the smaller audience
    assumed to use the other platform too: an explicit, configurable assumption.
    """

    default_share: float
    pairs: Mapping[tuple[str, str], float] = field(default_factory=dict)
    sources: Mapping[str, str] = field(default_factory=dict)  # "a>b" or "default" -> source key

    def intersection(self, first: str, reach_first: float, second: str, reach_second: float) -> float:
        """Share of a segment using both platforms (never more than the smaller audience)."""
        smaller = min(reach_first, reach_second)
        if (first, second) in self.pairs:
            both = self.pairs[(first, second)] * reach_first
        elif (second, first) in self.pairs:
            both = self.pairs[(second, first)] * reach_second
        else:
            both = self.default_share * smaller
        return max(0.0, min(both, smaller))

    def source(self, first: str, second: str) -> str:
        for key in (f"{first}>{second}", f"{second}>{first}", "default"):
            if key in self.sources:
                return self.sources[key]
        return "planner:overlap.default_share"


@dataclass(frozen=True)
class Skill:
    """A skill the team has, or could learn at a weekly cost (None: cannot be learned in-house)."""

    name: str
    available: bool
    learn_hours_per_week: float | None = None
    sources: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Scales:
    """How the objective's parts are put on one scale of points (planner assumptions)."""

    reach_points: float = 100.0  # a whole segment reached, at weight 1
    item_points: float = 4.0  # one item a week that fits an objective fully
    community_points_per_decade: float = 6.0  # per power of ten of followers kept
    archive_keeps_share: float = 0.25  # community kept by a pinned "we moved" post
    status_factor: Mapping[str, float] = field(
        default_factory=lambda: {"active": 1.0, "irregular": 0.75, "dormant": 0.5, "ghost": 0.25}
    )
    hour_cost: float = 0.01  # tie-break: among equal plans, fewer hours
    continuity_points: float = 0.0  # an existing account's audience and habits, whatever its follower count
    assumed_followers_when_unknown: int | None = None  # kept for old scenario files; never used
    sources: Mapping[str, str] = field(default_factory=dict)
    hour_points: float = 0.0  # what an hour a week of the team is worth elsewhere (the cost of a network)
    hour_points_range: tuple[float, float] = (1.0, 4.0)  # drawn by the robustness check
    min_start_response: float = 0.0  # a new account is only opened if fed to this response share
    switch_points: float = 0.0  # archiving an active account while opening a new one: the gain it needs
    setup_weeks: float = 52.0  # set-up hours are spread over the planning year
    merge_keeps_share: float = 0.6  # share of a merged account's community that follows the redirect
    event_points: float = 0.0  # an event of the profile announced on at least one network
    announcements_per_event: int = 2  # items announcing each event, before its date


@dataclass(frozen=True)
class PlanInputs:
    """One institution's planning problem."""

    institution: str
    platforms: tuple[PlatformOption, ...]
    segment_weights: Mapping[str, float]  # audience segment -> weight (from objectives)
    objective_weights: Mapping[str, float]  # objective -> weight, summing to 1
    overlap: Overlap
    skills: Mapping[str, Skill]
    capacity_hours_per_week: float
    margin_hours_per_week: float = 0.0
    max_networks: int = 3
    scales: Scales = field(default_factory=Scales)
    sources: Mapping[str, str] = field(default_factory=dict)
    notes: tuple[tuple[str, Mapping[str, object]], ...] = ()  # (msgid, params) assumptions to show
    events: tuple[PlannedEvent, ...] = ()
    horizon_weeks: float = 52.0
    allow_learning: bool = True
    missing: tuple[tuple[str, Mapping[str, object]], ...] = ()  # (msgid, params): evidence the exports lack
    overlap_range: tuple[float, float] | None = None  # range of the default overlap share

    @property
    def usable_hours_per_week(self) -> float:
        return max(0.0, self.capacity_hours_per_week - self.margin_hours_per_week)

    def platform(self, slug: str) -> PlatformOption:
        for option in self.platforms:
            if option.platform == slug:
                return option
        raise KeyError(slug)

    def with_capacity(self, hours: float) -> PlanInputs:
        return replace(
            self,
            capacity_hours_per_week=hours,
            sources={**self.sources, "capacity_hours_per_week": "override:hours"},
        )


@dataclass(frozen=True)
class FederationInputs:
    """Several institutions served by one team, solved as one model.

    ``shared_platforms`` have a single account for the whole federation (its hours count once,
    its reach counts for every member); every other platform has one account per member.
    """

    name: str
    members: tuple[PlanInputs, ...]
    capacity_hours_per_week: float
    margin_hours_per_week: float = 0.0
    shared_platforms: frozenset[str] = frozenset()
    sources: Mapping[str, str] = field(default_factory=dict)

    @property
    def usable_hours_per_week(self) -> float:
        return max(0.0, self.capacity_hours_per_week - self.margin_hours_per_week)


def as_federation(inputs: PlanInputs) -> FederationInputs:
    """A single institution is a federation of one with its own team."""
    return FederationInputs(
        name=inputs.institution,
        members=(inputs,),
        capacity_hours_per_week=inputs.capacity_hours_per_week,
        margin_hours_per_week=inputs.margin_hours_per_week,
        sources=inputs.sources,
    )


def intersection(inputs: PlanInputs, first: PlatformOption, second: PlatformOption, segment: str) -> float:
    """Share of ``segment`` assumed to use both platforms (see ``Overlap.intersection``)."""
    return inputs.overlap.intersection(
        first.platform, first.reach.get(segment, 0.0), second.platform, second.reach.get(segment, 0.0)
    )
