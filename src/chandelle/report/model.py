"""What the director's report shows, as plain typed data (gathered once, rendered twice).

Every number shown in the report is a field here; every field is filled by
``report.gather`` from the audit, the plan, the knowledge base and the profile. The
rendering knows nothing of the store.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from chandelle.report.content import ContentSection

from chandelle.audit.models import MonthEngagement
from chandelle.report.figures import EngagementRow, MonthItems

MonthCount = MonthItems     # one month's items (empty months are 0): the chart builder's own record


@dataclass(frozen=True)
class FormatShare:
    format: str            # vocabulary slug (chandelle.vocabulary.FORMATS)
    label: str             # translated
    items: int


@dataclass(frozen=True)
class NetworkAudit:
    platform: str
    platform_label: str
    handle: str
    status: str            # active | irregular | dormant | ghost
    status_label: str
    reason: str            # one sentence, translated
    items_last_365d: int
    items_in_window: int
    items_per_week: float
    active_week_share: float | None
    longest_gap_days: int | None
    days_since_last_item: int | None
    hours_per_week: float
    min_items_per_week: float | None
    monthly: tuple[MonthCount, ...]
    formats: tuple[FormatShare, ...]
    source_keys: tuple[str, ...]
    last_item_at: datetime | None = None
    last_item_text: str | None = None      # as exported: escaped when rendered
    engagement: tuple[EngagementRow, ...] = ()     # medians per item by format, with their item counts
    followers_first: tuple[date, int] | None = None    # first follower snapshot of the window
    followers_last: tuple[date, int] | None = None     # last one
    # median interactions per item by month (24 months, measured months only): audit.MonthEngagement
    monthly_engagement: tuple[MonthEngagement, ...] = ()


@dataclass(frozen=True)
class PortfolioLine:
    platform: str
    platform_label: str
    decision: str          # keep | start | quit | archive
    decision_label: str
    formats: tuple[str, ...]        # translated labels with items per week
    items_per_week: float
    min_items_per_week: float | None
    hours_per_week: float
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class WhatIf:
    """The plan re-solved with another number of hours per week."""
    hours_per_week: float
    delta_hours: float
    networks: tuple[str, ...]       # translated platform labels kept or started
    objective_value: float | None
    planned_hours: float


@dataclass(frozen=True)
class Source:
    key: str
    title: str
    url: str | None
    date: str | None
    confidence: str | None


@dataclass(frozen=True)
class GlossaryEntry:
    term: str
    definition: str


@dataclass
class ReportData:
    lang: str
    institution: str
    as_of: date
    generated_at: datetime
    capacity_hours_per_week: float
    estimated_hours_per_week: float
    planned_hours_per_week: float | None
    networks: list[NetworkAudit]
    portfolio: list[PortfolioLine]
    what_if: list[WhatIf]
    sources: list[Source]
    glossary: list[GlossaryEntry]
    summary_recommendations: list[str] = field(default_factory=list)
    summary_gains: list[str] = field(default_factory=list)
    assumptions: list[str] = field(default_factory=list)
    plan_notes: list[str] = field(default_factory=list)
    content: ContentSection | None = None   # « Ce qui est publié » (report/content.py), if read
    peers: list[Any] = field(default_factory=list)      # report.peers.PeerRow
    window_days: int = 90                               # the audit's recent window (kb rules.window_days)

    @property
    def ghosts(self) -> list[NetworkAudit]:
        return [n for n in self.networks if n.status == "ghost"]
