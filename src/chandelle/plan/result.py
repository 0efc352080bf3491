"""The plan as typed data, and its JSON form (docs/plan-json.md)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from chandelle.plan.messages import DECISION_LABELS, FORMAT_LABELS, Message, label, platform_label

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class FormatPlan:
    format: str
    items_per_week: float
    hours_per_item: float
    hours_per_week: float
    sources: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class NetworkPlan:
    platform: str
    institution: str  # member name, or "*" for an account shared by a federation
    decision: str  # keep | start | archive | quit | absent
    handle: str | None
    current_status: str | None
    items_per_week: float
    min_items_per_week: float
    hours_per_week: float
    current_hours_per_week: float
    formats: tuple[FormatPlan, ...]
    reasons: tuple[Message, ...]
    sources: Mapping[str, str] = field(default_factory=dict)

    @property
    def active(self) -> bool:
        return self.decision in ("keep", "start")


@dataclass(frozen=True)
class SegmentReach:
    institution: str
    segment: str
    weight: float
    planned: float  # union reach of the plan's networks, 0..1
    current: float  # union reach of the accounts active today
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class MarginalHours:
    extra_hours_per_week: float
    objective_gain: float
    added: tuple[str, ...]  # platforms the extra hours would start or keep
    message: Message


@dataclass(frozen=True)
class Comparison:
    current_hours_per_week: float
    planned_hours_per_week: float
    hours_freed_per_week: float
    ghosts_removed: tuple[str, ...]  # platforms whose ghost or dormant account is archived, quit or revived
    networks_before: tuple[str, ...]
    networks_after: tuple[str, ...]
    messages: tuple[Message, ...]


@dataclass(frozen=True)
class Plan:
    institution: str
    as_of: date
    capacity_hours_per_week: float
    margin_hours_per_week: float
    planned_hours_per_week: float
    objective_value: float
    status: str
    optimal: bool
    mip_gap: float
    solve_seconds: float
    max_networks: int
    networks: tuple[NetworkPlan, ...]
    reach: tuple[SegmentReach, ...]
    learned_skills: tuple[str, ...]
    marginal: MarginalHours | None
    comparison: Comparison | None
    summary: tuple[Message, ...]
    notes: tuple[Message, ...]
    sources: Mapping[str, str] = field(default_factory=dict)

    @property
    def active_networks(self) -> tuple[NetworkPlan, ...]:
        return tuple(n for n in self.networks if n.active)

    @property
    def is_absence(self) -> bool:
        return not self.active_networks

    def to_json(self, lang: str = "fr") -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "institution": self.institution,
            "as_of": self.as_of.isoformat(),
            "capacity_hours_per_week": round(self.capacity_hours_per_week, 2),
            "margin_hours_per_week": round(self.margin_hours_per_week, 2),
            "planned_hours_per_week": round(self.planned_hours_per_week, 2),
            "objective_value": round(self.objective_value, 4),
            "solver": {
                "name": "HiGHS",
                "status": self.status,
                "optimal": self.optimal,
                "mip_gap": self.mip_gap,
                "seconds": round(self.solve_seconds, 4),
            },
            "max_networks": self.max_networks,
            "networks": [_network_json(n, lang) for n in self.networks],
            "reach": [_reach_json(r) for r in self.reach],
            "learned_skills": list(self.learned_skills),
            "marginal_hours": None if self.marginal is None else _marginal_json(self.marginal, lang),
            "comparison": None if self.comparison is None else _comparison_json(self.comparison, lang),
            "summary": [m.render(lang) for m in self.summary],
            "notes": [m.render(lang) for m in self.notes],
            "sources": dict(self.sources),
        }


def _network_json(network: NetworkPlan, lang: str) -> dict[str, Any]:
    return {
        "platform": network.platform,
        "platform_label": platform_label(network.platform, lang),
        "institution": network.institution,
        "decision": network.decision,
        "decision_label": label(DECISION_LABELS, network.decision, lang),
        "handle": network.handle,
        "current_status": network.current_status,
        "items_per_week": round(network.items_per_week, 2),
        "min_items_per_week": round(network.min_items_per_week, 2),
        "hours_per_week": round(network.hours_per_week, 2),
        "current_hours_per_week": round(network.current_hours_per_week, 2),
        "formats": [
            {
                "format": f.format,
                "label": label(FORMAT_LABELS, f.format, lang),
                "items_per_week": round(f.items_per_week, 2),
                "hours_per_item": f.hours_per_item,
                "hours_per_week": round(f.hours_per_week, 2),
                "sources": dict(f.sources),
            }
            for f in network.formats
        ],
        "reasons": [m.render(lang) for m in network.reasons],
        "reason_ids": [m.msgid for m in network.reasons],
        "sources": dict(network.sources),
    }


def _reach_json(reach: SegmentReach) -> dict[str, Any]:
    return {
        "institution": reach.institution,
        "segment": reach.segment,
        "weight": round(reach.weight, 4),
        "planned": round(reach.planned, 4),
        "current": round(reach.current, 4),
        "sources": list(reach.sources),
    }


def _marginal_json(marginal: MarginalHours, lang: str) -> dict[str, Any]:
    return {
        "extra_hours_per_week": marginal.extra_hours_per_week,
        "objective_gain": round(marginal.objective_gain, 4),
        "added": list(marginal.added),
        "text": marginal.message.render(lang),
    }


def _comparison_json(comparison: Comparison, lang: str) -> dict[str, Any]:
    return {
        "current_hours_per_week": round(comparison.current_hours_per_week, 2),
        "planned_hours_per_week": round(comparison.planned_hours_per_week, 2),
        "hours_freed_per_week": round(comparison.hours_freed_per_week, 2),
        "ghosts_removed": list(comparison.ghosts_removed),
        "networks_before": list(comparison.networks_before),
        "networks_after": list(comparison.networks_after),
        "text": [m.render(lang) for m in comparison.messages],
    }
