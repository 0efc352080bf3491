"""Build ``PlanInputs`` from the knowledge base, the profile and the audit, keeping every source key.

Source keys: ``kb:<platform>.<path> [<bibliography key>]`` for knowledge-base facts (the
institution's own figures come through the kb with bibliography key ``profile``),
``kb:segments.<segment>.<platform> [<key>]`` for audience bases, ``profile:<key>`` for the
profile, ``audit:<platform>/<handle>`` for measured history and ``planner:<path>`` for the
modelling assumptions of ``assumptions.toml``. Every number is also given a tier (``own``,
``sector``, ``assumption``) and a range (``Param``) for the robustness check.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chandelle.audit.peers import PeerPosition, reach_per_item
from chandelle.kb.models import Fact, KnowledgeBase, Platform
from chandelle.plan.inputs import (
    CurrentPresence,
    FormatOption,
    Overlap,
    Param,
    PeerGroup,
    PlanInputs,
    PlannedEvent,
    PlatformOption,
    Response,
    Scales,
    Skill,
)
from chandelle.plan.messages import _
from chandelle.plan.sector import followers_params, peer_cadence, with_sector_evidence
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


def tier_of(fact: Fact) -> str:
    """own (the institution's figure), sector (published data) or assumption."""
    if fact.confidence == "P":
        return "own"
    return "assumption" if fact.confidence == "A" or fact.number is None else "sector"


def param_of(fact: Fact, source: str, default: float = 0.0) -> Param:
    value = fact.central if fact.central is not None else default
    low = fact.low if fact.low is not None else value
    high = fact.high if fact.high is not None else value
    return Param(value, low, high, source, tier_of(fact))


def inputs_from(
    kb: KnowledgeBase,
    profile: Profile,
    audit: AuditReport | None,
    overrides: Overrides | None = None,
    as_of: date | None = None,
    fit_evidence: Mapping[tuple[str, str], Mapping[str, FitEvidence]] | None = None,
) -> PlanInputs:
    """The planning problem of one institution (kb already carries the profile's own figures).

    ``fit_evidence`` (``content.fit.format_fit_evidence``): the institution's own significant
    evidence per (platform, format) and objective, which replaces the kb's fit (issue 14)."""
    over = overrides or Overrides()
    conf = assumptions()
    notes: list[tuple[str, Mapping[str, object]]] = []
    objectives, objective_source = _objective_weights(profile, over, conf)
    segments = _segment_weights(profile, objectives, conf)
    notes += _target_notes(profile, conf)
    skills = _skills(profile, conf)
    day = as_of or (audit.as_of if audit is not None else None)
    positions = _positions(audit)
    presence = _presence(audit, profile, positions, day)
    values = list(over.values) if over.values is not None else [v.model_dump() for v in profile.values]
    platforms = []
    for slug, info in sorted(kb.platforms.items()):
        option = _platform_option(kb, info, segments, presence.get(slug, ()), conf, profile)
        option = replace(option, peer_cadence=peer_cadence(
            slug, _platform_position(positions, slug, option.present_accounts), profile.kind,
            profile.size or "all", day))
        option = _apply_values(option, info, values, over.exclude, conf)
        option = _apply_identity(option, profile, values, conf)
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
        "hour_points": "planner:scales.hour_points",
        "segments": "kb:segments",
    }
    overlap = _overlap(kb, conf, over)
    horizon = float(conf["scales"]["horizon_weeks"])
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
        events=_events(profile, day, horizon),
        horizon_weeks=horizon,
        allow_learning=profile.allow_learning,
        missing=tuple(missing_evidence(platforms, audit is None)),
        overlap_range=None
        if over.overlap is not None
        else (float(conf["overlap"]["default_share_low"]), float(conf["overlap"]["default_share_high"])),
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


def _target_notes(profile: Profile, conf: Mapping[str, Any]) -> list[tuple[str, Mapping[str, object]]]:
    """Every target of the profile maps to a measured segment, or is named in a warning."""
    found: list[tuple[str, Mapping[str, object]]] = []
    mapping = conf["objectives"]["targets"]
    for target in profile.targets:
        if target in conf["objectives"]["approximate_targets"] and target in mapping:
            found.append(
                (
                    _("Target {target}: no survey measures it by platform; it is counted in {segment}."),
                    {"target": target, "segment": mapping[target]},
                )
            )
        elif target not in mapping:
            found.append(
                (
                    _(
                        "Target {target}: no survey measures it by platform, so the plan cannot weigh it; "
                        "judge by hand which network reaches it."
                    ),
                    {"target": target},
                )
            )
    return found


def _skills(profile: Profile, conf: Mapping[str, Any]) -> dict[str, Skill]:
    from chandelle.profile import SKILLS

    have = profile.skills()
    learn = conf["skills"]["learn_hours_per_week"]
    skills = {
        name: Skill(
            name,
            name in have,
            None if name in have or not profile.allow_learning else learn.get(name),
            {
                "available": "profile:team.skills",
                "learn_hours_per_week": f"planner:skills.learn_hours_per_week.{name}"
                if profile.allow_learning
                else "profile:allow_learning",
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


def _positions(audit: AuditReport | None) -> dict[tuple[str, str], PeerPosition]:
    """(platform, handle) -> the account's place among its peers (``audit.peers``)."""
    return {(p.platform, p.handle): p for p in audit.peers} if audit is not None else {}


def _platform_position(
    positions: Mapping[tuple[str, str], PeerPosition], platform: str, accounts: Sequence[CurrentPresence]
) -> PeerPosition | None:
    """The position of one of the platform's planned accounts, the store's first (they share peers)."""
    found = [positions[(platform, a.handle)] for a in accounts if (platform, a.handle) in positions]
    return next((p for p in found if p.reference == "store"), found[0] if found else None)


def _presence(
    audit: AuditReport | None,
    profile: Profile,
    positions: Mapping[tuple[str, str], PeerPosition],
    as_of: date | None,
) -> dict[str, tuple[CurrentPresence, ...]]:
    """Every account of the audit, one per handle (never merged with its siblings), with the
    peers' figures its exports lack (sector tier)."""
    archived = {(a.platform, a.handle) for a in profile.accounts if a.archived}
    found: dict[str, list[CurrentPresence]] = {}
    for account in audit.accounts if audit is not None else []:
        if (account.platform, account.handle) in archived:
            continue
        position = positions.get((account.platform, account.handle))
        current = with_sector_evidence(
            _current(account), account.platform, position, profile.kind, profile.size or "all", as_of
        )
        found.setdefault(account.platform, []).append(current)
    order = ("active", "irregular", "dormant", "ghost")
    return {
        slug: tuple(
            sorted(
                accounts,
                key=lambda a: (
                    order.index(a.status) if a.status in order else 9,
                    -a.items_per_week,
                    a.handle,
                ),
            )
        )
        for slug, accounts in found.items()
    }


def _current(account: AccountAudit) -> CurrentPresence:
    followers = account.follower_trend.last if account.follower_trend is not None else None
    where = f"audit:{account.platform}/{account.handle}"
    metric, reach, measured = reach_per_item(account.engagement)
    sources = {"status": where, "hours": where}
    if followers is not None:
        sources["followers"] = where
    if reach is not None:
        sources["reach_per_item"] = where
    return CurrentPresence(
        account.handle,
        account.status,
        followers,
        account.items_per_week,
        account.hours_per_week,
        sources,
        reach,
        measured,
        reach_metric=metric,
    )


def _platform_option(
    kb: KnowledgeBase,
    info: Platform,
    segments: Mapping[str, float],
    accounts: tuple[CurrentPresence, ...],
    conf: Mapping[str, Any],
    profile: Profile,
) -> PlatformOption:
    slug = info.slug
    minimum = info.cadence.min_items_per_week.number or 1.0
    sources = {
        "min_items_per_week": _kb_source(slug, "cadence.min_items_per_week", info.cadence.min_items_per_week),
        "overhead_hours_per_week": _kb_source(slug, "overhead_hours_per_week", info.overhead_hours_per_week),
    }
    response = _response(info, minimum, float(kb.rules.dormant_below_share_of_minimum.number or 0.5))
    if response is not None:
        ceiling = max(minimum, response.saturation_items_per_week.high)
        sources["max_items_per_week"] = _kb_source(
            slug,
            "response.saturation_items_per_week",
            info.response.saturation_items_per_week if info.response else Fact(),
        )
        sources["response.elasticity"] = response.elasticity.source
    else:
        ceiling = max(minimum, conf["formats"]["fallback_max_items_per_week"])
        sources["max_items_per_week"] = "planner:formats.fallback_max_items_per_week"
    formats = _formats(kb, info, ceiling, conf)
    reach, ranges, unknown = _reach(kb, slug, segments, sources)
    if info.setup_hours.number is not None:
        sources["setup_hours"] = _kb_source(slug, "setup_hours", info.setup_hours)
    evidence, evidence_peers = _evidence_factor(info, accounts, conf)
    if evidence is not None:
        sources["evidence_factor"] = evidence.source
    return PlatformOption(
        slug,
        formats,
        minimum,
        info.overhead_hours_per_week.number or 0.0,
        reach,
        accounts[0] if accounts else None,
        sources=sources,
        max_items_per_week=ceiling,
        accounts=accounts,
        response=response,
        setup_hours=float(info.setup_hours.number or 0.0),
        required_formats=tuple(info.required_formats),
        reach_ranges=ranges,
        reach_unknown=unknown,
        evidence_factor=evidence if accounts else _ramp(conf),
        max_accounts=max(2, len(accounts)) if slug in profile.second_accounts else 1,
        evidence_peers=evidence_peers if accounts else None,
    )


def _ramp(conf: Mapping[str, Any]) -> Param:
    s = conf["scales"]
    return Param(
        float(s["new_account_ramp"]),
        float(s["new_account_ramp_low"]),
        float(s["new_account_ramp_high"]),
        "planner:scales.new_account_ramp",
        "assumption",
    )


def _response(info: Platform, minimum: float, dormant_share: float) -> Response | None:
    if info.response is None:
        return None
    slug = info.slug
    elasticity = param_of(
        info.response.elasticity, _kb_source(slug, "response.elasticity", info.response.elasticity)
    )
    saturation = param_of(
        info.response.saturation_items_per_week,
        _kb_source(slug, "response.saturation_items_per_week", info.response.saturation_items_per_week),
        minimum * 4,
    )
    return Response(elasticity, saturation, dormant_share * minimum)


def _evidence_factor(
    info: Platform, accounts: tuple[CurrentPresence, ...], conf: Mapping[str, Any]
) -> tuple[Param | None, PeerGroup | None]:
    """The institution's own reach per item (share of followers) against its store peers' median
    on the same metric (tier sector, with the peers), else against the published sector median
    (kb ``reach_per_item_share``); without either the sector's curve is used as is (factor 1)."""
    s = conf["scales"]
    low, high = float(s["evidence_factor_low"]), float(s["evidence_factor_high"])
    published = info.reach_per_item_share
    measured = [a for a in accounts if a.reach_per_item is not None and a.followers]
    for account in measured:
        if account.peer_reach_share is not None:
            share = account.peer_reach_share
            value = _clipped(account, share.param.value, low, high)
            where = f"audit:{info.slug}/{account.handle} + {share.param.source}"
            return Param(value, max(low, value * 0.85), min(high, value * 1.15), where, "sector"), share.group
    for account in measured:
        if published.number is not None:
            value = _clipped(account, published.number, low, high)
            reference = _kb_source(info.slug, "reach_per_item_share", published)
            where = f"audit:{info.slug}/{account.handle} + {reference}"
            return Param(value, max(low, value * 0.85), min(high, value * 1.15), where, "own"), None
    return None, None


def _clipped(account: CurrentPresence, reference_share: float, low: float, high: float) -> float:
    """The account's reach per item / followers over ``reference_share``, bounded to [low, high]."""
    ratio = (account.reach_per_item or 0.0) / float(account.followers or 1) / reference_share
    return min(high, max(low, ratio))


def _formats(
    kb: KnowledgeBase, info: Platform, cap: float, conf: Mapping[str, Any]
) -> tuple[FormatOption, ...]:
    fallback = kb.defaults.fallback_hours_per_item
    seen: dict[str, FormatOption] = {}
    weights = conf["formats"].get("weight", {})
    for key, fmt in info.formats.items():
        if fmt.feature or not fmt.available or fmt.store_format is None or fmt.store_format in seen:
            continue
        store = fmt.store_format
        hours_fact = fmt.hours.total if fmt.hours.total.number is not None else fallback
        fits = {obj: f.number for obj, f in fmt.fit.items() if f.number is not None}
        sources = {
            "hours_per_item": _kb_source(info.slug, f"formats.{key}.hours.total", hours_fact),
            "max_items_per_week": f"kb:{info.slug}.response.saturation_items_per_week",
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
        weight_key = next((k for k in (f"{info.slug}/{store}", store) if k in weights), None)
        weight = float(weights[weight_key]) if weight_key is not None else 1.0
        if weight_key is not None:
            sources["weight"] = f"planner:formats.weight.{weight_key}"
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
            weight,
        )
    return tuple(seen.values())


def _reach(
    kb: KnowledgeBase, slug: str, segments: Mapping[str, float], sources: dict[str, str]
) -> tuple[dict[str, float], dict[str, Param], tuple[str, ...]]:
    """Reach of the platform in every weighted segment, from the segment's one basis
    (kb segments.toml); unknown on the basis: the low end of the stated range (never more than
    another survey shows; the robustness check draws across the range)."""
    reach: dict[str, float] = {}
    ranges: dict[str, Param] = {}
    unknown: list[str] = []
    for segment in segments:
        basis = kb.segments.get(segment)
        figure = basis.platforms.get(slug) if basis is not None else None
        if basis is None or figure is None or figure.central is None:
            continue
        source = f"kb:segments.{segment}.{slug} [{figure.source}] ({basis.geography})"
        param = param_of(figure, source)
        if figure.number is None:
            unknown.append(segment)
            param = replace(param, value=param.low)
        ranges[segment] = param
        reach[segment] = param.value
        sources[f"reach.{segment}"] = source
    return reach, ranges, tuple(unknown)


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
        None,
        {"all": "planner:scales"},
        hour_points=float(s["hour_points"]),
        hour_points_range=(float(s["hour_points_low"]), float(s["hour_points_high"])),
        min_start_response=float(s["min_start_response"]),
        switch_points=float(s["switch_points"]),
        setup_weeks=float(s["setup_weeks"]),
        merge_keeps_share=float(s["merge_keeps_share"]),
        event_points=float(s["event_points"]),
        announcements_per_event=int(s["announcements_per_event"]),
    )


def _events(profile: Profile, as_of: date | None, horizon_weeks: float) -> tuple[PlannedEvent, ...]:
    """The profile's events that start within the planning year (none without a date)."""
    if as_of is None:
        return ()
    end = as_of + timedelta(weeks=horizon_weeks)
    return tuple(
        PlannedEvent(e.name, e.start, e.kind)
        for e in sorted(profile.events, key=lambda e: e.start)
        if as_of < e.start <= end
    )


def missing_evidence(
    platforms: Sequence[PlatformOption], no_audit: bool
) -> list[tuple[str, Mapping[str, object]]]:
    """What the exports lack, said on the first lines of the plan with the export that adds it."""
    found: list[tuple[str, Mapping[str, object]]] = []
    if no_audit:
        found.append(
            (
                _(
                    "No export imported yet: the plan treats every platform as one to start. Import your "
                    "accounts' exports (chandelle import) so that existing accounts are kept, archived or "
                    "merged instead, with their own figures."
                ),
                {},
            )
        )
    gaps: tuple[tuple[Callable[[CurrentPresence], bool], str], ...] = (
        (
            lambda a: a.followers is None and a.sector_followers is None,
            _(
                "No follower count in the exports for {accounts}: their community is valued on its "
                "activity alone (no number is invented). Import a follower export (Instagram: "
                "followers_and_following; Facebook: Page insights; X: account analytics) to value it."
            ),
        ),
        (
            lambda a: a.reach_per_item is None,
            _(
                "No reach, views or impressions per item in the exports for {accounts}: their value "
                "uses sector curves. Import the platform's insights export (per-post reach) to use "
                "your own figures."
            ),
        ),
    )
    for number, (lacks, msgid) in enumerate(gaps):
        accounts = [f"{p.platform}/{a.handle}" for p in platforms for a in p.present_accounts if lacks(a)]
        if accounts:
            found.append((msgid, {"accounts": accounts}))
        if number == 0:  # right after the accounts without any follower figure
            found += _sector_followers_missing(platforms)
    return found


FOLLOWER_EXPORTS = {  # the export that carries an account's follower count, per platform
    "instagram": _("Instagram: followers_and_following"),
    "facebook": _("Facebook: Page insights"),
    "x": _("X: account analytics"),
}


def _sector_followers_missing(platforms: Sequence[PlatformOption]) -> list[tuple[str, Mapping[str, object]]]:
    """Each account without a follower count whose community is valued at its peers' median."""
    return [
        (
            _(
                "No follower count in the exports for {account}: its community is valued at its peers' "
                "median, {followers} followers ({tier}: {peers}; range {followers_low}–{followers_high}), "
                "until a follower export ({export}) gives the real count."
            ),
            {
                "account": f"{p.platform}/{a.handle}",
                **followers_params(figure),
                "export": FOLLOWER_EXPORTS.get(p.platform, _("the platform's follower statistics")),
            },
        )
        for p in platforms
        for a in p.present_accounts
        if a.followers is None and (figure := a.sector_followers) is not None
    ]


def _apply_values(
    option: PlatformOption,
    info: Platform,
    values: Sequence[Mapping[str, Any]],
    exclude: Sequence[str],
    conf: Mapping[str, Any],
) -> PlatformOption:
    excluded = [f"--exclude {option.platform}"] if option.platform in exclude else []
    penalty, penalized = 0.0, []
    sources = dict(option.sources)
    for value in values:
        name = str(value["name"])
        rule = conf["values"].get(name, {})
        if rule.get("formats_only"):
            continue  # acts on formats: _apply_identity
        hit = value_hits(info, rule)
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


def format_weight(
    platform: str,
    fmt: str,
    kind: str,
    tone: Sequence[str],
    values: Sequence[Mapping[str, Any]],
    conf: Mapping[str, Any],
) -> tuple[float, str | None]:
    """The identity multiplier of one format on one platform, and the source that set it.

    The seam for register-based fit evidence: a caller with per-(platform, format) evidence
    multiplies the weight it returns (``FormatOption.weight``)."""
    identity = conf["identity"]
    humour = f"{platform}/{fmt}" in identity["humour_formats"]
    factor, source = 1.0, None
    by_kind = identity["kind"].get(kind, {})
    if fmt in by_kind:
        factor, source = factor * float(by_kind[fmt]), f"planner:identity.kind.{kind}.{fmt}"
    if humour and "humour" in by_kind:
        factor, source = factor * float(by_kind["humour"]), f"planner:identity.kind.{kind}.humour"
    if humour and "humour" not in tone:
        factor, source = factor * float(identity["without_humour_weight"]), "profile:tone"
    for value in values:
        if humour and value.get("name") == "no_humour_at_collections_expense":
            if value.get("mode", "exclude") == "exclude":
                return 0.0, "profile:values.no_humour_at_collections_expense [CLIC2021]"
            cut = float(identity["no_humour_value_weight"]) * float(value.get("weight", 1.0))
            factor = factor * max(0.0, 1.0 - cut)
            source = "profile:values.no_humour_at_collections_expense [CLIC2021]"
    return factor, source


def _apply_identity(
    option: PlatformOption, profile: Profile, values: Sequence[Mapping[str, Any]], conf: Mapping[str, Any]
) -> PlatformOption:
    formats = []
    for fmt in option.formats:
        factor, source = format_weight(option.platform, fmt.format, profile.kind, profile.tone, values, conf)
        if source is None:
            formats.append(fmt)
            continue
        base = fmt.sources.get("weight")
        both = f"{base} × {source}" if base else source
        formats.append(replace(fmt, weight=fmt.weight * factor, sources={**fmt.sources, "weight": both}))
    return replace(option, formats=tuple(formats))


def value_hits(info: Platform, rule: Mapping[str, Any]) -> str | None:
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
    owners = rule.get("owner_contains", [])
    if owners and any(w in str(info.owner.value or "").lower() for w in owners):
        return _kb_source(slug, "owner", info.owner)
    if "monthly_users_below" in rule:
        for index, figure in enumerate(info.audience):
            if (
                figure.measure == "monthly_users"
                and figure.geography in ("world", "EU")
                and figure.number is not None
                and figure.number < float(rule["monthly_users_below"])
            ):
                return f"kb:{slug}.audience[{index}] [{figure.source}]"
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
