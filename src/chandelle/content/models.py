"""The results of ``chandelle content``: series, registers and the basis of engagement per account.

``ContentReport.to_dict(lang)`` follows docs/content.md (keys are only ever added).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from chandelle.audit.models import Clause, Reason
from chandelle.i18n import translator

SCHEMA_VERSION = 1
VERDICTS = ("worn", "steady", "growing", "too_few_episodes", "no_baseline", "no_engagement")


@dataclass(frozen=True)
class SeriesResult:
    """One recurring series and its verdict."""

    platform: str
    handle: str
    name: str                        # as the account writes it, e.g. "#LeSaviezVous"
    key: str                         # normalised marker: "lesaviezvous"
    episodes: int
    first_at: datetime               # UTC
    last_at: datetime
    cadence_days: float | None       # median days between two episodes
    measured_episodes: int           # episodes with engagement and a baseline
    basis: str | None                # engagement basis key (engagement.toml); None: none in the export
    trend_pct_per_episode: float | None
    trend_ci: tuple[float, float] | None   # confidence interval of the slope, same scale
    p_value: float | None            # Mann–Kendall, two-sided
    verdict: str                     # one of VERDICTS
    fatigue: bool | None             # True: worn out; False: no sign of it; None: cannot say
    reason: Reason

    def to_dict(self, lang: str) -> dict[str, Any]:
        return {
            "platform": self.platform, "handle": self.handle, "name": self.name, "key": self.key,
            "episodes": self.episodes, "first_at": _iso(self.first_at), "last_at": _iso(self.last_at),
            "cadence_days": _round(self.cadence_days, 1), "measured_episodes": self.measured_episodes,
            "basis": self.basis, "trend_pct_per_episode": _round(self.trend_pct_per_episode, 4),
            "trend_ci": [round(v, 4) for v in self.trend_ci] if self.trend_ci else None,
            "p_value": _round(self.p_value, 4), "verdict": self.verdict, "fatigue": self.fatigue,
            "reason": self.reason.render(lang),
        }


@dataclass(frozen=True)
class RegisterResult:
    """Registers of one account over the window: shares, counts, median engagement by register."""

    platform: str
    handle: str
    items: int
    basis: str | None
    shares: dict[str, float]         # register -> share of the items
    counts: dict[str, int]           # register -> items
    engagement: dict[str, float | None]   # register -> median engagement per item (basis unit)
    engagement_counts: dict[str, int]     # register -> items with engagement behind the median
    relative: dict[str, float | None]     # register -> median of engagement / account baseline

    def to_dict(self) -> dict[str, Any]:
        return {
            "platform": self.platform, "handle": self.handle, "items": self.items, "basis": self.basis,
            "shares": {k: round(v, 4) for k, v in self.shares.items()}, "counts": self.counts,
            "engagement": {k: _round(v, 2) for k, v in self.engagement.items()},
            "engagement_counts": self.engagement_counts,
            "relative_engagement": {k: _round(v, 3) for k, v in self.relative.items()},
        }


@dataclass(frozen=True)
class NetworkRegisters:
    """Registers of every account of one network together (engagement only relative: units differ)."""

    platform: str
    items: int
    shares: dict[str, float]
    counts: dict[str, int]
    relative: dict[str, float | None]

    def to_dict(self) -> dict[str, Any]:
        return {"platform": self.platform, "items": self.items,
                "shares": {k: round(v, 4) for k, v in self.shares.items()}, "counts": self.counts,
                "relative_engagement": {k: _round(v, 3) for k, v in self.relative.items()}}


@dataclass(frozen=True)
class BasisNote:
    """What engagement means for one account, or that its export carries none."""

    platform: str
    handle: str
    basis: str | None
    label: str | None
    items_with_engagement: int
    items: int
    message: Clause

    def render(self, lang: str) -> str:
        """The sentence, with the basis label in the reader's language."""
        params = dict(self.message.params)
        if "label" in params:
            params["label"] = translator(lang)(str(params["label"]))
        return Clause(self.message.msgid, params).render(lang)

    def to_dict(self, lang: str) -> dict[str, Any]:
        return {"platform": self.platform, "handle": self.handle, "basis": self.basis, "label": self.label,
                "items_with_engagement": self.items_with_engagement, "items": self.items,
                "message": self.render(lang)}


@dataclass(frozen=True)
class FitEvidence:
    """The institution's own evidence on one (network, format, objective) for the planner's fit.

    ``factor`` multiplies the knowledge base's fit (capped at 1): the median engagement of the
    account's items of that format and of the objective's register, relative to the account's
    baseline, significant by a Wilcoxon signed-rank test (docs/content.md).
    """

    platform: str
    format: str
    objective: str
    register: str
    factor: float
    items: int
    p_value: float

    def to_dict(self) -> dict[str, Any]:
        return {"platform": self.platform, "format": self.format, "objective": self.objective,
                "register": self.register, "factor": round(self.factor, 3), "items": self.items,
                "p_value": round(self.p_value, 4)}


@dataclass
class ContentReport:
    as_of: date
    registers_window_days: int
    min_episodes: int
    series: list[SeriesResult]
    registers: list[RegisterResult]
    networks: list[NetworkRegisters]
    bases: list[BasisNote]
    fit_evidence: list[FitEvidence] = field(default_factory=list)

    def to_dict(self, lang: str = "fr") -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION, "as_of": self.as_of.isoformat(), "lang": lang,
            "min_episodes": self.min_episodes, "registers_window_days": self.registers_window_days,
            "series": [s.to_dict(lang) for s in self.series],
            "registers": [r.to_dict() for r in self.registers],
            "networks": [n.to_dict() for n in self.networks],
            "engagement_bases": [b.to_dict(lang) for b in self.bases],
            "fit_evidence": [f.to_dict() for f in self.fit_evidence],
        }

    def to_json(self, lang: str = "fr", indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(lang), ensure_ascii=False, indent=indent)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)
