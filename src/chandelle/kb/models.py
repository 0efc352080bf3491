"""The knowledge base's shape: every value is a ``Fact`` carrying its source, date and confidence.

Confidence codes follow ../shared/research/platforms.md:

* ``V`` verified in the producer's own text, ``S`` second-hand (press quoting the study),
  ``W`` weak (aggregator, unclear provenance);
* ``A`` a chandelle *assumption*: a documented default with no published figure behind it,
  shown to the user as such and meant to be overridden by the institution;
* ``P`` a value the institution set in its profile (``institution.toml``).

What is unknown stays ``None``: never a guessed number presented as a fact.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from chandelle.vocabulary import FORMATS as FORMATS
from chandelle.vocabulary import PLATFORMS as PLATFORMS

Confidence = Literal["V", "S", "W", "A", "P"]
Geography = Literal["FR", "EU", "world", "US"]
OBJECTIVES = (
    "visibility", "youth_13_24", "local_visitors", "tourists", "education", "community",
    "events", "recruitment",
)
ASSUMPTION_SOURCE = "chandelle-assumptions"
PROFILE_SOURCE = "profile"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Strict):
    """One bibliography entry (``sources.toml``)."""

    key: str
    title: str                       # as published (kept as is, whatever its language)
    title_fr: str | None = None      # the French title, for French-language sources (shown in French)
    publisher: str
    url: str | None = None
    date: str | None = None          # ISO date or year ("2021", "2025-05-02")
    note: str | None = None


class Fact(_Strict):
    """A value with where it comes from. ``value`` None means: not found, on purpose."""

    value: float | int | str | bool | None = None
    source: str | None = None        # a key of sources.toml, "chandelle-assumptions" or "profile"
    date: str | None = None          # date of the data or edition (ISO date or year)
    confidence: Confidence | None = None
    note: str | None = None
    low: float | None = None         # the plausible range of a number (uncertainty, docs/planner.md)
    high: float | None = None

    @model_validator(mode="after")
    def _sourced(self) -> Fact:
        if self.value is not None and (self.source is None or self.confidence is None):
            raise ValueError("a fact with a value needs a source and a confidence")
        if (self.low is None) != (self.high is None):
            raise ValueError("a range needs both low and high")
        if self.low is not None and self.high is not None:
            number = self.number
            if self.low > self.high or (number is not None and not self.low <= number <= self.high):
                raise ValueError("the range must hold the value: low <= value <= high")
        return self

    @property
    def central(self) -> float | None:
        """The value, or the middle of the range when the value is unknown but bounded."""
        if self.number is not None:
            return self.number
        if self.low is not None and self.high is not None:
            return (self.low + self.high) / 2
        return None

    @property
    def number(self) -> float | None:
        """The value as a float (None when unknown or not numeric)."""
        if isinstance(self.value, bool) or not isinstance(self.value, int | float):
            return None
        return float(self.value)

    @property
    def is_assumption(self) -> bool:
        return self.confidence == "A"


class Hours(_Strict):
    """Production time of one item of a format, in hours (make + edit + publish)."""

    make: Fact = Fact()
    edit: Fact = Fact()
    publish: Fact = Fact()
    total: Fact = Fact()             # what the audit uses; an assumption unless measured

    @field_validator("total")
    @classmethod
    def _positive(cls, total: Fact) -> Fact:
        if total.number is not None and total.number < 0:
            raise ValueError("production hours cannot be negative")
        return total


class FormatInfo(_Strict):
    """A format or feature a platform offers (or used to offer)."""

    label: str
    store_format: str | None = None  # the FORMATS slug items of this kind are stored as
    feature: bool = False            # True: a feature flag (items.features), not a format
    status: Fact = Fact()
    discontinued_on: Fact = Fact()
    limits: Fact = Fact()
    hours: Hours = Hours()
    fit: dict[str, Fact] = Field(default_factory=dict)   # objective -> 0..1 (how well it serves it)

    @field_validator("store_format")
    @classmethod
    def _known_format(cls, value: str | None) -> str | None:
        if value is not None and value not in FORMATS:
            raise ValueError(f"store_format must be one of {', '.join(FORMATS)}")
        return value

    @field_validator("fit")
    @classmethod
    def _known_objectives(cls, fit: dict[str, Fact]) -> dict[str, Fact]:
        unknown = set(fit) - set(OBJECTIVES)
        if unknown:
            raise ValueError(f"unknown objectives {sorted(unknown)}; allowed: {', '.join(OBJECTIVES)}")
        return fit

    @property
    def available(self) -> bool:
        return self.status.value == "current"


class AudienceFigure(Fact):
    """An audience figure, always labelled with its geography, age band and measure."""

    geography: Geography
    age_band: str                    # "16-64", "11-14", "18-29", "65+", "all"...
    measure: Literal[
        "share_of_age_group_using",   # % of people in the age band who use the platform
        "share_of_platform_users",    # % of the platform's users who are in the age band
        "monthly_users",              # people (or accounts, see note)
    ]


class OverlapFigure(Fact):
    """Share of this platform's users who also use ``other`` (0..1)."""

    other: str
    geography: Geography | Literal["unknown"]


class Fine(Fact):
    """A fine or formal decision; ``value`` is the amount in euros."""

    authority: str
    reason: str


class Cadence(_Strict):
    """Items per week: the minimum viable (below it the account looks abandoned) and recommended."""

    min_items_per_week: Fact
    recommended_items_per_week: Fact = Fact()

    @field_validator("min_items_per_week")
    @classmethod
    def _positive(cls, fact: Fact) -> Fact:
        if fact.number is None or fact.number <= 0:
            raise ValueError("min_items_per_week needs a positive value (an assumption is allowed)")
        return fact


class Response(_Strict):
    """How what a network brings grows with its cadence (cadence-response research, section 2)."""

    elasticity: Fact                 # b: response per item falls as f^(-b)
    saturation_items_per_week: Fact  # f_sat: beyond it more items add nothing


class Platform(_Strict):
    """Everything chandelle knows about one platform."""

    slug: str
    label: str
    owner: Fact = Fact()
    business_model: Fact = Fact()
    dsa_status: Fact = Fact()
    open_protocol: Fact = Fact()
    cadence: Cadence
    overhead_hours_per_week: Fact    # replies, moderation, monitoring, per account
    formats: dict[str, FormatInfo] = Field(default_factory=dict)
    audience: list[AudienceFigure] = Field(default_factory=list)
    overlap: list[OverlapFigure] = Field(default_factory=list)
    fines: list[Fine] = Field(default_factory=list)
    governance: list[Fact] = Field(default_factory=list)
    engagement: list[Fact] = Field(default_factory=list)
    response: Response | None = None
    setup_hours: Fact = Fact()       # one-off hours to open an account
    required_formats: list[str] = Field(default_factory=list)  # formats the platform is pointless without
    reach_per_item_share: Fact = Fact()  # sector median reach per item, share of followers

    @field_validator("slug")
    @classmethod
    def _known_platform(cls, slug: str) -> str:
        if slug not in PLATFORMS:
            raise ValueError(f"unknown platform slug; allowed: {', '.join(PLATFORMS)}")
        return slug

    def format_for(self, store_format: str) -> FormatInfo | None:
        """The kb entry for items stored with ``store_format`` (a current one first)."""
        matches = [f for f in self.formats.values() if f.store_format == store_format and not f.feature]
        current = [f for f in matches if f.available]
        chosen = current or matches
        return chosen[0] if chosen else None

    def hours_for(self, store_format: str) -> Fact | None:
        info = self.format_for(store_format)
        return info.hours.total if info is not None else None


class AuditRules(_Strict):
    """The thresholds of the status rules (docs/audit.md); each one is sourced or an assumption."""

    ghost_after_days: Fact
    dormant_below_share_of_minimum: Fact
    max_gap_in_expected_intervals: Fact
    window_days: Fact


class Defaults(_Strict):
    """What the audit and the planner assume when the institution has no profile."""

    team_members: Fact
    hours_per_member_per_week: Fact
    max_networks: Fact
    margin_share: Fact
    fallback_hours_per_item: Fact    # for a format the kb does not list
    min_items_per_week: Fact         # for a platform the kb does not describe
    overhead_hours_per_week: Fact    # idem


class FieldReport(Fact):
    """A figure reported from the field (e.g. the 2021 CLIC France webinar)."""

    topic: str


class SegmentBasis(_Strict):
    """One audience segment measured on ONE source and ONE geography for every platform.

    ``platforms[slug]`` is the share of the segment using the platform; a fact without a value
    but with a range is *unknown on this basis*, bounded by other surveys (never a silent 0).
    """

    label: str
    source: str
    geography: str
    definition: str
    date: str | None = None
    note: str | None = None
    platforms: dict[str, Fact] = Field(default_factory=dict)

    @field_validator("platforms")
    @classmethod
    def _known(cls, platforms: dict[str, Fact]) -> dict[str, Fact]:
        unknown = set(platforms) - set(PLATFORMS)
        if unknown:
            raise ValueError(f"unknown platforms {sorted(unknown)}")
        for slug, fact in platforms.items():
            if fact.central is None:
                raise ValueError(f"{slug}: give a value or a range (low, high)")
        return platforms


class KnowledgeBase(_Strict):
    """The whole kb: platforms, audit rules, defaults, field reports and the bibliography."""

    platforms: dict[str, Platform]
    rules: AuditRules
    defaults: Defaults
    field_reports: list[FieldReport] = Field(default_factory=list)
    sources: dict[str, Source]
    as_of: date | None = None        # the date the kb was last reviewed
    segments: dict[str, SegmentBasis] = Field(default_factory=dict)

    def platform(self, slug: str) -> Platform | None:
        return self.platforms.get(slug)

    def source_keys(self) -> set[str]:
        return set(self.sources) | {ASSUMPTION_SOURCE, PROFILE_SOURCE}
