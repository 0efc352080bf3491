"""Build ``PlanInputs`` from the knowledge base, the profile and the audit, keeping every source key.

Source keys: ``kb:<platform>.<path> [<bibliography key>]`` for knowledge-base facts (the
institution's own figures come through the kb with bibliography key ``profile``),
``profile:<key>`` for the profile, ``audit:<platform>/<handle>`` for measured history and
``planner:<path>`` for the modelling assumptions of ``assumptions.toml``.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chandelle.kb.models import Fact, KnowledgeBase, Platform
from chandelle.plan.inputs import (
    CurrentPresence,
    FormatOption,
    Overlap,
    PlanInputs,
    PlatformOption,
    Scales,
    Skill,
)
from chandelle.plan.messages import _
from chandelle.profile import Profile

if TYPE_CHECKING:
    from chandelle.audit.models import AccountAudit, AuditReport
    from chandelle.content.models import FitEvidence

ASSUMPTIONS_FILE = Path(__file__).with_name("assumptions.toml")


@dataclass(frozen=True)
class Overrides:
    """What the command line or a scenario changes (each becomes source ``override:<name>``)."""

    hours: float | None = None
    max_networks: int | None = None
    exclude: tuple[str, ...] = ()
    overlap: float | None = None
    objectives: Mapping[str, float] = field(default_factory=dict)
    values: Sequence[Mapping[str, Any]] | None = None


@cache
def assumptions() -> dict[str, Any]:
    return tomllib.loads(ASSUMPTIONS_FILE.read_text(encoding="utf-8"))


def _kb_source(platform: str, path: str, fact: Fact) -> str:
    return f"kb:{platform}.{path} [{fact.source}]"


def inputs_from(
    kb: KnowledgeBase, profile: Profile, audit: AuditReport | None, overrides: Overrides | None = None,
    fit_evidence: Mapping[tuple[str, str], Mapping[str, FitEvidence]] | None = None,
) -> PlanInputs:
    """The planning problem of one institution (kb already carries the profile's own figures).

    ``fit_evidence`` (``content.fit.format_fit_evidence``): the institution's own significant
    evidence per (platform, format) and objective, which replaces the kb's fit (issue 14)."""
    over = overrides or Overrides()
    conf = assumptions()
    notes: list[tuple[str, Mapping[str, str]]] = []
    objectives, objective_source = _objective_weights(profile, over, conf)
    segments = _segment_weights(profile, objectives, conf)
    skills = _skills(profile, conf)
    presence = _presence(audit, profile)
    values = list(over.values) if over.values is not None else [v.model_dump() for v in profile.values]
    platforms = []
    for slug, info in sorted(kb.platforms.items()):
        option = _platform_option(kb, info, segments, presence.get(slug), conf)
        option = _apply_values(option, info, values, over.exclude, conf)
        platforms.append(_with_own_evidence(option, fit_evidence or {}))
    for slug in sorted(set(presence) - set(kb.platforms)):
        notes.append(
            (
                _("{platform}: not in the knowledge base, so it cannot be planned; decide by hand."),
                {"platform": slug},
            )
        )
    capacity = over.hours if over.hours is not None else profile.capacity_hours_per_week
    margin = capacity * profile.margin_share
    max_networks = over.max_networks if over.max_networks is not None else profile.max_networks
    scales = _scales(conf)
    sources = {
        "capacity_hours_per_week": "override:hours"
        if over.hours is not None
        else "profile:team.hours_per_week",
        "margin_hours_per_week": "profile:margin_share",
        "max_networks": "override:max_networks" if over.max_networks is not None else "profile:max_networks",
        "objective_weights": objective_source,
        "segment_weights": "planner:objectives.reach",
        "scales": "planner:scales",
    }
    overlap = _overlap(kb, conf, over)
    return PlanInputs(
        profile.name or "—",
        tuple(platforms),
        segments,
        objectives,
        overlap,
        skills,
        capacity,
        margin,
        max_networks,
        scales,
        sources,
        tuple(notes),
    )


def _objective_weights(
    profile: Profile, over: Overrides, conf: Mapping[str, Any]
) -> tuple[dict[str, float], str]:
    raw, source = dict(profile.objectives), "profile:objectives"
    if over.objectives:
        raw, source = dict(over.objectives), "override:objectives"
    if not raw or sum(raw.values()) <= 0:
        raw, source = dict(conf["objectives"]["default_weights"]), "planner:objectives.default_weights"
    total = sum(raw.values())
    return {k: v / total for k, v in raw.items() if v > 0}, source


def _segment_weights(
    profile: Profile, objectives: Mapping[str, float], conf: Mapping[str, Any]
) -> dict[str, float]:
    weights: dict[str, float] = {}
    for objective, rule in conf["objectives"]["reach"].items():
        if objectives.get(objective, 0.0) > 0:
            weights[rule["segment"]] = (
                weights.get(rule["segment"], 0.0) + objectives[objective] * rule["share"]
            )
    for target in profile.targets:
        segment = conf["objectives"]["targets"].get(target)
        if segment is not None:
            weights[segment] = weights.get(segment, 0.0) + float(conf["objectives"]["target_weight"])
    return weights


def _skills(profile: Profile, conf: Mapping[str, Any]) -> dict[str, Skill]:
    from chandelle.profile import SKILLS

    have = profile.skills()
    learn = conf["skills"]["learn_hours_per_week"]
    skills = {
        name: Skill(
            name,
            name in have,
            None if name in have else learn.get(name),
            {
                "available": "profile:team.skills",
                "learn_hours_per_week": f"planner:skills.learn_hours_per_week.{name}",
            },
        )
        for name in SKILLS
    }
    owned = {e.strip().lower() for e in profile.equipment}
    for needs in conf["formats"]["equipment"].values():
        for item in needs:
            skills[f"equipment:{item}"] = Skill(
                f"equipment:{item}", item in owned, None, {"available": "profile:equipment"}
            )
    return skills


def _presence(audit: AuditReport | None, profile: Profile) -> dict[str, CurrentPresence]:
    archived = {(a.platform, a.handle) for a in profile.accounts if a.archived}
    found: dict[str, CurrentPresence] = {}
    for account in audit.accounts if audit is not None else []:
        if (account.platform, account.handle) in archived:
            continue
        current = _current(account)
        if account.platform in found:
            current = _merge(found[account.platform], current)
        found[account.platform] = current
    return found


def _current(account: AccountAudit) -> CurrentPresence:
    followers = account.follower_trend.last if account.follower_trend is not None else None
    where = f"audit:{account.platform}/{account.handle}"
    return CurrentPresence(
        account.handle,
        account.status,
        followers,
        account.items_per_week,
        account.hours_per_week,
        {"status": where, "followers": where, "hours": where},
    )


def _merge(first: CurrentPresence, second: CurrentPresence) -> CurrentPresence:
    order = ("ghost", "dormant", "irregular", "active")
    followers = (
        None
        if first.followers is None and second.followers is None
        else (first.followers or 0) + (second.followers or 0)
    )
    return CurrentPresence(
        f"{first.handle}, {second.handle}",
        max(first.status, second.status, key=order.index),
        followers,
        first.items_per_week + second.items_per_week,
        first.hours_per_week + second.hours_per_week,
        {**first.sources, **second.sources},
    )


def _platform_option(
    kb: KnowledgeBase,
    info: Platform,
    segments: Mapping[str, float],
    current: CurrentPresence | None,
    conf: Mapping[str, Any],
) -> PlatformOption:
    slug = info.slug
    minimum = info.cadence.min_items_per_week.number or 1.0
    recommended = info.cadence.recommended_items_per_week.number
    sources = {
        "min_items_per_week": _kb_source(slug, "cadence.min_items_per_week", info.cadence.min_items_per_week),
        "overhead_hours_per_week": _kb_source(slug, "overhead_hours_per_week", info.overhead_hours_per_week),
    }
    ceiling = max(minimum, recommended or conf["formats"]["fallback_max_items_per_week"])
    sources["max_items_per_week"] = (
        f"kb:{slug}.cadence.recommended_items_per_week" if recommended
        else "planner:formats.fallback_max_items_per_week"
    )
    formats = _formats(kb, info, ceiling, conf)
    reach: dict[str, float] = {}
    for segment in segments:
        figure = _reach(info, conf["segments"].get(segment, []))
        if figure is not None:
            reach[segment] = figure[0]
            sources[f"reach.{segment}"] = figure[1]
    return PlatformOption(
        slug, formats, minimum, info.overhead_hours_per_week.number or 0.0, reach, current, sources=sources,
        max_items_per_week=ceiling,
    )


def _formats(
    kb: KnowledgeBase, info: Platform, cap: float, conf: Mapping[str, Any]
) -> tuple[FormatOption, ...]:
    fallback = kb.defaults.fallback_hours_per_item
    seen: dict[str, FormatOption] = {}
    for key, fmt in info.formats.items():
        if fmt.feature or not fmt.available or fmt.store_format is None or fmt.store_format in seen:
            continue
        store = fmt.store_format
        hours_fact = fmt.hours.total if fmt.hours.total.number is not None else fallback
        fits = {obj: f.number for obj, f in fmt.fit.items() if f.number is not None}
        sources = {
            "hours_per_item": _kb_source(info.slug, f"formats.{key}.hours.total", hours_fact),
            "max_items_per_week": f"kb:{info.slug}.cadence.recommended_items_per_week",
            "skills": f"planner:formats.skills.{store}",
        }
        sources.update(
            {
                f"value_per_item.{obj}": _kb_source(info.slug, f"formats.{key}.fit.{obj}", fmt.fit[obj])
                for obj in fits
            }
        )
        own_cap = conf["formats"]["max_items_per_week"].get(store)
        if own_cap is not None:
            sources["max_items_per_week"] = f"planner:formats.max_items_per_week.{store}"
        seen[store] = FormatOption(
            store,
            float(hours_fact.number or 0.0),
            float(own_cap or cap),
            {k: float(v) for k, v in fits.items()},
            (
                *conf["formats"]["skills"].get(store, []),
                *(f"equipment:{e}" for e in conf["formats"]["equipment"].get(f"{info.slug}/{store}", [])),
            ),
            store not in conf["formats"]["ephemeral"]
            and f"{info.slug}/{store}" not in conf["formats"]["ephemeral"],
            sources,
        )
    return tuple(seen.values())


def _reach(info: Platform, preferences: Sequence[str]) -> tuple[float, str] | None:
    for preference in preferences:
        geography, band = preference.split(":", 1)
        matches = [
            (i, f)
            for i, f in enumerate(info.audience)
            if f.geography == geography
            and f.age_band == band
            and f.measure == "share_of_age_group_using"
            and f.number is not None
        ]
        if matches:
            index, figure = max(matches, key=lambda item: str(item[1].date or ""))
            return float(
                figure.number or 0.0
            ), f"kb:{info.slug}.audience[{index}] [{figure.source}] ({preference})"
    return None


def _overlap(kb: KnowledgeBase, conf: Mapping[str, Any], over: Overrides) -> Overlap:
    pairs: dict[tuple[str, str], float] = {}
    sources: dict[str, str] = {}
    for slug, info in kb.platforms.items():
        for index, figure in enumerate(info.overlap):
            if figure.number is not None and figure.other in kb.platforms:
                pairs[(slug, figure.other)] = float(figure.number)
                sources[f"{slug}>{figure.other}"] = f"kb:{slug}.overlap[{index}] [{figure.source}]"
    default = float(conf["overlap"]["default_share"])
    sources["default"] = "planner:overlap.default_share"
    if over.overlap is not None:
        default, sources["default"] = over.overlap, "override:overlap"
    return Overlap(default, pairs, sources)


def _scales(conf: Mapping[str, Any]) -> Scales:
    s = conf["scales"]
    return Scales(
        s["reach_points"],
        s["item_points"],
        s["community_points_per_decade"],
        s["archive_keeps_share"],
        dict(s["status_factor"]),
        s["hour_cost"],
        float(s.get("continuity_points", 0.0)),
        s.get("assumed_followers_when_unknown"),
        {"all": "planner:scales"},
    )


def _apply_values(
    option: PlatformOption,
    info: Platform,
    values: Sequence[Mapping[str, Any]],
    exclude: Sequence[str],
    conf: Mapping[str, Any],
) -> PlatformOption:
    from dataclasses import replace

    excluded = [f"--exclude {option.platform}"] if option.platform in exclude else []
    penalty, penalized = 0.0, []
    sources = dict(option.sources)
    for value in values:
        name = str(value["name"])
        hit = _value_hits(info, conf["values"].get(name, {}))
        if hit is None:
            continue
        sources[f"value.{name}"] = hit
        if value.get("mode", "exclude") == "exclude":
            excluded.append(name)
        else:
            penalty += float(value.get("weight", 1.0)) * float(conf["scales"]["value_penalty_points"])
            penalized.append(name)
    return replace(
        option, excluded_by=tuple(excluded), penalty=penalty, penalized_by=tuple(penalized), sources=sources
    )


def _value_hits(info: Platform, rule: Mapping[str, Any]) -> str | None:
    """The source key of the kb fact that makes ``rule`` apply to the platform, or None."""
    slug = info.slug
    for index, fine in enumerate(info.fines):
        if any(word in fine.reason.lower() for word in rule.get("fine_reason_contains", [])):
            return f"kb:{slug}.fines[{index}] [{fine.source}]"
    for index, fact in enumerate(info.governance):
        if any(word in str(fact.value).lower() for word in rule.get("governance_contains", [])):
            return f"kb:{slug}.governance[{index}] [{fact.source}]"
    if (
        "open_protocol" in rule
        and info.open_protocol.value is not None
        and info.open_protocol.value == rule["open_protocol"]
    ):
        return _kb_source(slug, "open_protocol", info.open_protocol)
    words = rule.get("business_model_contains", [])
    if words and any(w in str(info.business_model.value or "").lower() for w in words):
        return _kb_source(slug, "business_model", info.business_model)
    if slug in rule.get("platforms", []):
        return f"planner:values [{rule.get('source', 'chandelle-assumptions')}]"
    return None


# --- issue 14: the institution's own register results in the format fit --------------------------
def _with_own_evidence(option: PlatformOption,
                       evidence: Mapping[tuple[str, str], Mapping[str, FitEvidence]]) -> PlatformOption:
    """The option with each format's fit multiplied by the institution's own evidence (capped at 1),
    where ``chandelle content`` found it significant; the source says so."""
    formats = []
    for fmt in option.formats:
        found = evidence.get((option.platform, fmt.format), {})
        used = {o: e for o, e in found.items() if o in fmt.value_per_item}
        if not used:
            formats.append(fmt)
            continue
        from chandelle.content.fit import adjusted_fit

        sources = {**fmt.sources, **{
            f"value_per_item.{o}": f"content:{e.platform}/{e.format}/{e.register} "
                                   f"(x{e.factor:.2f}, {e.items} items, p={e.p_value:.3f})"
            for o, e in used.items()}}
        formats.append(replace(fmt, value_per_item=adjusted_fit(fmt.value_per_item, used), sources=sources))
    return replace(option, formats=tuple(formats))
