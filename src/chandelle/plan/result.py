"""The plan as typed data, and its JSON form (docs/plan-json.md)."""

from __future__ import annotations

import json
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
class AccountPlan:
    """One existing account (or the account the plan starts) and what the plan does with it."""

    handle: str | None  # None: an account the plan would start
    current_status: str | None
    decision: str  # keep | start | archive | quit | merge | absent
    items_per_week: float
    hours_per_week: float
    current_hours_per_week: float
    formats: tuple[FormatPlan, ...]
    followers: int | None
    merge_into: str | None = None  # merge: the handle it redirects to
    pinned_post_to: tuple[str, ...] = ()  # archive/merge: where the last pinned post sends followers
    steps: tuple[str, ...] = ()  # merge: announce, redirect, archive
    reasons: tuple[Message, ...] = ()
    sources: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class EventPlan:
    """An event of the profile and the announcements the plan publishes before it."""

    name: str
    start: date
    kind: str
    announced: bool
    announcements: tuple[tuple[str, str | None, date], ...]  # (platform, handle, day) before start


@dataclass(frozen=True)
class Robustness:
    """How often a decision stays the same when every assumption is drawn within its range."""

    platform: str
    handle: str | None
    decision: str
    same_share: float  # share of the draws with the same decision
    hinges_on: str | None  # the parameter the decision depends on most (fragile decisions)
    hinges_source: str | None
    message: Message


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
    accounts: tuple[AccountPlan, ...] = ()
    response_share: float | None = None  # share of its saturated value the cadence reaches (z)
    value_points: float = 0.0  # what it brings in the plan (docs/planner.md, "Value and cost")
    cost_points: float = 0.0  # what its hours cost

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
    ghosts_removed: tuple[
        str, ...
    ]  # platform of each ghost account archived, merged or quit (one per account)
    networks_before: tuple[str, ...]
    networks_after: tuple[str, ...]
    messages: tuple[Message, ...]
    accounts_before: int = 0  # every account the audit counts (as in the audit)
    accounts_after: int = 0  # accounts kept or started
    ghost_accounts_removed: tuple[tuple[str, str, str], ...] = ()  # (platform, handle, decision)


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
    missing: tuple[Message, ...] = ()  # evidence the exports lack, shown first
    learning_hours_per_week: float = 0.0
    setup_hours_per_week: float = 0.0
    event_hours_per_week: float = 0.0
    events: tuple[EventPlan, ...] = ()
    robustness: tuple[Robustness, ...] = ()
    robustness_draws: int = 0

    @property
    def active_networks(self) -> tuple[NetworkPlan, ...]:
        return tuple(n for n in self.networks if n.active)

    @property
    def is_absence(self) -> bool:
        return not self.active_networks

    def to_dict(self, lang: str = "fr") -> dict[str, Any]:
        """The plan as docs/plan-json.md describes it (``to_json`` gives the same as text)."""
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
            "missing": [m.render(lang) for m in self.missing],
            "learning_hours_per_week": round(self.learning_hours_per_week, 2),
            "setup_hours_per_week": round(self.setup_hours_per_week, 2),
            "event_hours_per_week": round(self.event_hours_per_week, 2),
            "events": [_event_json(e) for e in self.events],
            "robustness": {
                "draws": self.robustness_draws,
                "decisions": [_robustness_json(r, lang) for r in self.robustness],
            },
        }

    def to_json(self, lang: str = "fr", indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(lang), ensure_ascii=False, indent=indent)


def _event_json(event: EventPlan) -> dict[str, Any]:
    return {
        "name": event.name,
        "start": event.start.isoformat(),
        "kind": event.kind,
        "announced": event.announced,
        "announcements": [
            {"platform": platform, "handle": handle, "date": day.isoformat()}
            for platform, handle, day in event.announcements
        ],
    }


def _robustness_json(robust: Robustness, lang: str) -> dict[str, Any]:
    return {
        "platform": robust.platform,
        "handle": robust.handle,
        "decision": robust.decision,
        "same_share": round(robust.same_share, 4),
        "hinges_on": robust.hinges_on,
        "hinges_source": robust.hinges_source,
        "text": robust.message.render(lang),
    }


def _formats_json(formats: tuple[FormatPlan, ...], lang: str) -> list[dict[str, Any]]:
    return [
        {
            "format": f.format,
            "label": label(FORMAT_LABELS, f.format, lang),
            "items_per_week": round(f.items_per_week, 2),
            "hours_per_item": f.hours_per_item,
            "hours_per_week": round(f.hours_per_week, 2),
            "sources": dict(f.sources),
        }
        for f in formats
    ]


def _account_json(account: AccountPlan, lang: str) -> dict[str, Any]:
    return {
        "handle": account.handle,
        "current_status": account.current_status,
        "decision": account.decision,
        "decision_label": label(DECISION_LABELS, account.decision, lang),
        "items_per_week": round(account.items_per_week, 2),
        "hours_per_week": round(account.hours_per_week, 2),
        "current_hours_per_week": round(account.current_hours_per_week, 2),
        "followers": account.followers,
        "merge_into": account.merge_into,
        "pinned_post_to": list(account.pinned_post_to),
        "steps": list(account.steps),
        "formats": _formats_json(account.formats, lang),
        "reasons": [m.render(lang) for m in account.reasons],
        "reason_ids": [m.msgid for m in account.reasons],
        "reason_params": [_plain(m.params) for m in account.reasons],
        "sources": dict(account.sources),
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
        "formats": _formats_json(network.formats, lang),
        "reasons": [m.render(lang) for m in network.reasons],
        "reason_ids": [m.msgid for m in network.reasons],
        "reason_params": [_plain(m.params) for m in network.reasons],
        "sources": dict(network.sources),
        "accounts": [_account_json(a, lang) for a in network.accounts],
        "response_share": None if network.response_share is None else round(network.response_share, 4),
        "value_points": round(network.value_points, 4),
        "cost_points": round(network.cost_points, 4),
    }


def _plain(params: Mapping[str, Any]) -> dict[str, Any]:
    """Message parameters as JSON values (the numbers the sentence shows, unrounded)."""
    return {k: (list(v) if isinstance(v, tuple) else v) for k, v in params.items()}


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
        "ghost_accounts_removed": [
            {"platform": p, "handle": h, "decision": d} for p, h, d in comparison.ghost_accounts_removed
        ],
        "accounts_before": comparison.accounts_before,
        "accounts_after": comparison.accounts_after,
        "networks_before": list(comparison.networks_before),
        "networks_after": list(comparison.networks_after),
        "text": [m.render(lang) for m in comparison.messages],
    }
