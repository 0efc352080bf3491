"""Assemble the audit report: run the SQL, then build one record per account (no loop over items)."""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb

from chandelle.audit import sql
from chandelle.audit.models import (
    AccountAudit,
    AssumedDefault,
    AuditReport,
    FollowerTrend,
    MonthCount,
    MonthEngagement,
    UnusedFeature,
)
from chandelle.audit.reasons import reason_for
from chandelle.kb.models import OBJECTIVES, Fact, FormatInfo, KnowledgeBase, Platform
from chandelle.profile import Profile, default_profile
from chandelle.store import rollup

# The months of the engagement series: the audit's charts show 24 months (report.figures).
CHART_MONTHS = 24
_RULE_NAMES = ("window_days", "ghost_after_days", "dormant_below_share_of_minimum",
               "max_gap_in_expected_intervals")


def _number(fact: Fact, what: str) -> float:
    if fact.number is None:
        from chandelle.errors import ConfigError

        raise ConfigError("Knowledge base value {key} is missing.", key=what)
    return fact.number


def thresholds(kb: KnowledgeBase) -> sql.Thresholds:
    r, d = kb.rules, kb.defaults
    window = _number(r.window_days, "rules.window_days")
    if not 28 <= window <= 365:
        from chandelle.errors import ConfigError

        raise ConfigError("rules.window_days must be between 28 and 365 days (found {value}).", value=window)
    return sql.Thresholds(
        ghost_days=_number(r.ghost_after_days, "rules.ghost_after_days"),
        window_days=int(window),
        dormant_share=_number(r.dormant_below_share_of_minimum, "rules.dormant_below_share_of_minimum"),
        max_gap_intervals=_number(r.max_gap_in_expected_intervals, "rules.max_gap_in_expected_intervals"),
        default_min_pw=_number(d.min_items_per_week, "defaults.min_items_per_week"),
        default_overhead=_number(d.overhead_hours_per_week, "defaults.overhead_hours_per_week"),
    )


def _cadence_rows(kb: KnowledgeBase) -> list[tuple[str, float, float]]:
    return [(slug, _number(p.cadence.min_items_per_week, f"platforms.{slug}.cadence.min_items_per_week"),
             _number(p.overhead_hours_per_week, f"platforms.{slug}.overhead_hours_per_week"))
            for slug, p in kb.platforms.items()]


class _Context:
    """Everything per-account assembly needs, gathered by a handful of GROUP BY queries."""

    def __init__(self, con: duckdb.DuckDBPyConnection, kb: KnowledgeBase, profile: Profile,
                 as_of: date, from_rollup: bool) -> None:
        self.kb, self.profile, self.as_of = kb, profile, as_of
        self.features: dict[int, set[str]] = defaultdict(set)
        for account_id, feature in sql.used_features(con, as_of, from_rollup):
            self.features[int(account_id)].add(str(feature))
        self.last_used: dict[int, dict[tuple[str, str], date]] = defaultdict(dict)
        for account_id, what, key, day in sql.last_uses(con, as_of, from_rollup):
            self.last_used[int(account_id)][(str(what), str(key))] = day
        self.window_days = int(_number(kb.rules.window_days, "rules.window_days"))
        self.followers = {int(r[0]): r[1:] for r in sql.per_account_rows(con, sql.FOLLOWERS, as_of)}
        self.engagement: dict[int, dict[str, dict[str, float]]] = defaultdict(dict)
        self.engagement_by_month: dict[int, list[MonthEngagement]] = defaultdict(list)
        if sql.has_metrics(con):              # else both are empty, without planning their SQL
            self._read_engagement(con, as_of)
        self.weights = _objective_weights(profile)
        self.assumptions: dict[str, Fact] = {}
        self._platforms: dict[str, _PlatformFacts] = {}

    def _read_engagement(self, con: duckdb.DuckDBPyConnection, as_of: date) -> None:
        cursor = con.execute(sql.ENGAGEMENT.format(day=sql.LOCAL_DAY_SQL, recent=sql.RECENT_UTC),
                             {"as_of": as_of})
        names = [d[0] for d in cursor.description or []]
        for row in cursor.fetchall():
            values = dict(zip(names, row, strict=True))
            metrics = {k: (int(v) if k == "items_with_metrics" else float(v)) for k, v in values.items()
                       if k not in ("account_id", "format") and v is not None}
            self.engagement[int(values["account_id"])][str(values["format"])] = metrics
        for account_id, month, items, interactions in sql.monthly_engagement(con, as_of, CHART_MONTHS):
            self.engagement_by_month[account_id].append(MonthEngagement(month, items, interactions))

    def platform(self, slug: str) -> _PlatformFacts:
        """What every account of the platform ``slug`` shares, worked out once per report."""
        found = self._platforms.get(slug)
        if found is None:
            found = self._platforms[slug] = _PlatformFacts(self.kb, slug, self.weights)
        return found


@dataclass(frozen=True)
class _Candidate:
    """A format or feature the platform offers, with what its unused-feature entry says of it."""

    key: str
    info: FormatInfo
    fit: dict[str, float]
    expected_value_per_hour: float | None
    sources: dict[str, str]


def _candidate(key: str, info: FormatInfo, weights: dict[str, float]) -> _Candidate:
    hours = info.hours.total.number
    fits = {o: f.number for o, f in info.fit.items() if f.number is not None}
    value = sum(weights.get(o, 0.0) * fit for o, fit in fits.items()) if fits else None
    sources = {"status": info.status.source or "", "hours": info.hours.total.source or ""}
    sources.update({f"fit.{o}": info.fit[o].source or "" for o in fits})
    return _Candidate(key, info, fits, (value / hours) if value is not None and hours else None,
                      {k: v for k, v in sources.items() if v})


class _PlatformFacts:
    """The kb figures the accounts of one platform share (None: a platform the kb does not know)."""

    def __init__(self, kb: KnowledgeBase, slug: str, weights: dict[str, float]) -> None:
        self.kb, self.slug = kb, slug
        platform = self.platform = kb.platforms.get(slug)
        self.recommended = platform.cadence.recommended_items_per_week.number if platform else None
        self.available = sorted(k for k, f in platform.formats.items() if f.available) if platform else []
        self.default_main = _main_format(platform, {})
        formats = platform.formats if platform else {}
        self.candidates = [_candidate(k, info, weights) for k, info in formats.items() if info.available]
        self.format_keys = [(k, f.store_format) for k, f in formats.items() if not f.feature]
        self.feature_keys = {k for k, f in formats.items() if f.feature}
        self.known_formats = {f.store_format for f in formats.values()}
        self.base_sources, self.base_assumptions = _sources_and_assumptions(_base_facts(kb, platform, slug))
        self._hours: dict[str, tuple[str, Fact]] = {}

    def hours_fact(self, store_format: str) -> tuple[str, Fact]:
        """The hours per item of ``store_format`` and its kb path (the kb's fallback if unknown)."""
        found = self._hours.get(store_format)
        if found is None:
            fact = _hours_fact(self.kb, self.platform, store_format)
            path = (f"platforms.{self.slug}.hours.{store_format}"
                    if fact is not self.kb.defaults.fallback_hours_per_item
                    else "defaults.fallback_hours_per_item")
            found = self._hours[store_format] = (path, fact)
        return found

    def used_keys(self, mix: dict[str, int], features: set[str]) -> set[str]:
        """The kb keys of the formats and features used; the store's own names for those it does not know."""
        if self.platform is None:
            return set(mix) | features
        used = {k for k, store_format in self.format_keys if store_format in mix}
        used |= features & self.feature_keys
        used.update(m for m in mix if m not in self.known_formats)
        return used | {f for f in features if f not in self.platform.formats}

    def sources_and_assumptions(self, formats: Iterable[str]) -> tuple[dict[str, str], dict[str, Fact]]:
        """The account's figure -> source key, and its assumptions: the platform's, then the hours
        of each of ``formats``."""
        sources, assumptions = dict(self.base_sources), dict(self.base_assumptions)
        for fmt in formats:
            path, fact = self.hours_fact(fmt)
            if fact.source:
                sources[f"hours.{fmt}"] = fact.source
            if fact.is_assumption:
                assumptions.setdefault(path, fact)
        return sources, assumptions


def _objective_weights(profile: Profile) -> dict[str, float]:
    total = sum(profile.objectives.values())
    if total <= 0:
        return dict.fromkeys(OBJECTIVES, 1 / len(OBJECTIVES))
    return {k: v / total for k, v in profile.objectives.items()}


def _main_format(platform: Platform | None, mix: dict[str, int]) -> str | None:
    if mix:
        return next(iter(mix))
    if platform is None:
        return None
    for info in platform.formats.values():
        if info.available and not info.feature and info.store_format and info.hours.total.number is not None:
            return info.store_format
    return None


def _hours_fact(kb: KnowledgeBase, platform: Platform | None, store_format: str | None) -> Fact:
    fact = platform.hours_for(store_format) if platform and store_format else None
    if fact is None or fact.number is None:
        return kb.defaults.fallback_hours_per_item
    return fact


def _last_use(uses: dict[tuple[str, str], date], candidate: _Candidate) -> date | None:
    info = candidate.info
    if info.feature:
        return uses.get(("feature", candidate.key))
    return uses.get(("format", info.store_format)) if info.store_format else None


def _unused(ctx: _Context, facts: _PlatformFacts, account_id: int, handle: str,
            used: set[str]) -> list[UnusedFeature]:
    """Formats and features never used in 365 days, or stopped: last used before the recent window."""
    uses = ctx.last_used.get(account_id, {})
    found = []
    for candidate in facts.candidates:
        last = _last_use(uses, candidate)
        stopped = last is not None and (ctx.as_of - last).days >= ctx.window_days
        if candidate.key in used and not stopped:
            continue
        info = candidate.info
        found.append(UnusedFeature(
            platform=facts.slug, handle=handle, feature=candidate.key, label=info.label,
            hours_per_item=info.hours.total.number, expected_value_per_hour=candidate.expected_value_per_hour,
            sources=dict(candidate.sources), usage="stopped" if last else "never", last_used_on=last,
            fit=dict(candidate.fit),
        ))
    return found


def _base_facts(kb: KnowledgeBase, platform: Platform | None, slug: str) -> dict[str, tuple[str, Fact]]:
    """Figure -> (kb path, fact) of the rules and cadence behind every account of the platform."""
    facts: dict[str, tuple[str, Fact]] = {n: (f"rules.{n}", getattr(kb.rules, n)) for n in _RULE_NAMES}
    if platform is not None:
        facts["min_items_per_week"] = (f"platforms.{slug}.cadence.min_items_per_week",
                                       platform.cadence.min_items_per_week)
        facts["recommended_items_per_week"] = (f"platforms.{slug}.cadence.recommended_items_per_week",
                                               platform.cadence.recommended_items_per_week)
        facts["overhead_hours_per_week"] = (f"platforms.{slug}.overhead_hours_per_week",
                                            platform.overhead_hours_per_week)
    else:
        facts["min_items_per_week"] = ("defaults.min_items_per_week", kb.defaults.min_items_per_week)
        facts["overhead_hours_per_week"] = ("defaults.overhead_hours_per_week",
                                            kb.defaults.overhead_hours_per_week)
    return facts


def _sources_and_assumptions(facts: dict[str, tuple[str, Fact]]) -> tuple[dict[str, str], dict[str, Fact]]:
    """Figure -> source key, and the kb path of every assumption (confidence A) behind them."""
    sources = {k: f.source for k, (_, f) in facts.items() if f.source}
    assumptions = {path: f for path, f in facts.values() if f.is_assumption}
    return sources, assumptions


def _follower_trend(row: tuple[Any, ...] | None) -> FollowerTrend | None:
    if row is None:
        return None
    return FollowerTrend(first_day=row[0], first=int(row[1]), last_day=row[2], last=int(row[3]))


def _account(ctx: _Context, row: dict[str, Any]) -> AccountAudit:
    account_id, slug, handle = int(row["account_id"]), str(row["platform"]), str(row["handle"])
    facts = ctx.platform(slug)
    mix: dict[str, int] = row["mix365"]
    mix_recent: dict[str, int] = row["mix90"]
    used = facts.used_keys(mix, ctx.features.get(account_id, set()))
    main = next(iter(mix)) if mix else facts.default_main
    hours_facts = {fmt: facts.hours_fact(fmt) for fmt in ([*mix] or ([main] if main else []))}
    weeks_recent = float(row["eff90"] or 7) / 7
    item_hours = sum(n * (hours_facts[f][1].number or 0.0) for f, n in mix_recent.items()) / weeks_recent
    fallback = ctx.kb.defaults.fallback_hours_per_item.number or 0.0
    main_hours = (hours_facts[main][1].number or 0.0) if main else fallback
    status, minimum, overhead = str(row["status"]), float(row["min_pw"]), float(row["overhead"])
    rate90 = float(row["rate90"])
    hours = item_hours + (overhead if status != "ghost" else 0.0)
    to_minimum = max(0.0, (minimum - rate90) * main_hours) + (overhead if status == "ghost" else 0.0)
    sources, assumptions = facts.sources_and_assumptions(hours_facts)
    ctx.assumptions.update(assumptions)
    months: dict[date, int] = row["months"]
    yearly: dict[int, int] = defaultdict(int)
    for month, items in months.items():
        yearly[month.year] += items
    return AccountAudit(
        platform=slug, handle=handle, status=status, reason=reason_for(row),
        items_last_365d=int(row["items365"]), items_in_window=int(row["items90"]),
        items_per_week=round(float(row["rate365"]), 3), items_per_week_in_window=round(rate90, 3),
        active_week_share=round(float(row["week_share365"]), 3),
        active_week_share_in_window=round(float(row["week_share90"]), 3),
        days_since_last_item=_int(row["days_since"]), longest_gap_days=_int(row["gap365"]),
        longest_gap_days_in_window=_int(row["gap90"]),
        first_item_on=row["first_day"], last_item_on=row["last_day"],
        min_items_per_week=minimum, recommended_items_per_week=facts.recommended,
        max_gap_days=round(float(row["max_gap_days"]), 1), hours_per_week=round(hours, 2),
        hours_per_week_at_minimum=round(max(rate90, minimum) * main_hours + overhead, 2),
        hours_to_reach_minimum=round(to_minimum, 2), format_mix=dict(mix), features_used=sorted(used),
        features_available=list(facts.available),
        unused_features=_unused(ctx, facts, account_id, handle, used) if status != "ghost" else [],
        engagement=ctx.engagement.get(account_id, {}),
        follower_trend=_follower_trend(ctx.followers.get(account_id)),
        monthly_items=list(map(MonthCount, months, months.values())), yearly_items=dict(yearly),
        kb_sources=sources, assumptions=sorted(assumptions),
        monthly_engagement=ctx.engagement_by_month.get(account_id, []),
    )


def _int(value: Any) -> int | None:
    return None if value is None else int(value)


def _assumed_defaults(kb: KnowledgeBase, profile: Profile,
                      assumptions: dict[str, Fact]) -> list[AssumedDefault]:
    """The profile defaults used, then every kb assumption (confidence A) the figures rest on."""
    found: list[AssumedDefault] = []
    for key in profile.assumed:
        fact = getattr(kb.defaults, key, None)
        if isinstance(fact, Fact):
            found.append(AssumedDefault(f"defaults.{key}", _plain(fact), fact.source or "", fact.note))
    if not profile.objectives:
        found.append(AssumedDefault("objectives", "equal weights", "chandelle-assumptions",
                                    "no objectives in the profile: every objective weighs the same"))
    seen = {d.key for d in found}
    for path, fact in sorted(assumptions.items()):
        if path not in seen:
            found.append(AssumedDefault(path, _plain(fact), fact.source or "", fact.note))
    return found


def _plain(fact: Fact) -> float | int | str | None:
    return str(fact.value) if isinstance(fact.value, bool) else fact.value


@contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while the report is built.

    The audit allocates some 100 000 small objects per 1 000 accounts (a record per account and
    month, dates, dicts), none of them in reference cycles; each allocation burst would otherwise
    make the collector walk the whole heap again (0.03 s of a 0.2 s audit, benchmarks/audit_speed.py).
    Memory is still freed by reference counting; collection resumes afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def build_report(con: duckdb.DuckDBPyConnection, profile: Profile | None, kb: KnowledgeBase,
                 as_of: date, *, use_rollup: bool | None = None) -> AuditReport:
    with _without_cycle_collection():
        return _build_report(con, profile, kb, as_of, use_rollup)


def _build_report(con: duckdb.DuckDBPyConnection, profile: Profile | None, kb: KnowledgeBase,
                  as_of: date, use_rollup: bool | None) -> AuditReport:
    profile = profile if profile is not None else default_profile()
    from_rollup = rollup.is_current(con) if use_rollup is None else use_rollup
    rows = sql.account_stats(con, as_of, thresholds(kb), _cadence_rows(kb), use_rollup=from_rollup)
    ctx = _Context(con, kb, profile, as_of, from_rollup)
    accounts = [_account(ctx, row) for row in rows]
    capacity = profile.capacity_hours_per_week
    estimated = round(sum(a.hours_per_week for a in accounts), 2)
    unused = sorted((u for a in accounts for u in a.unused_features),
                    key=lambda u: -(u.expected_value_per_hour or -1.0))
    report = AuditReport(
        as_of=as_of, institution=profile.name, capacity_hours_per_week=capacity,
        estimated_hours_per_week=estimated,
        over_commitment_ratio=round(estimated / capacity, 3) if capacity > 0 else None,
        hours_at_minimum_per_week=round(sum(a.hours_per_week_at_minimum for a in accounts), 2),
        hours_to_reach_minimum=round(sum(a.hours_to_reach_minimum for a in accounts), 2),
        unused_features=unused, assumed_defaults=_assumed_defaults(kb, profile, ctx.assumptions),
        accounts=accounts, rules={n: _fact_dict(getattr(kb.rules, n)) for n in _RULE_NAMES}, sources={},
    )
    owners = {(str(r["platform"]), str(r["handle"])): r["institution_id"] for r in rows}
    report.peers = _peers(owners, profile, accounts)
    report.sources = _bibliography(kb, report)
    return report


def _peers(owners: dict[tuple[str, str], int | None], profile: Profile,
           accounts: list[AccountAudit]) -> list[Any]:
    """Each account among its peers (the store's other institutions, else the UK sector)."""
    from chandelle.audit.peers import account_figures, peer_positions

    figures = [account_figures(a, owners.get((a.platform, a.handle))) for a in accounts]
    return list(peer_positions(figures, profile.kind, profile.size or "all"))


def _fact_dict(fact: Fact) -> dict[str, Any]:
    return {"value": fact.value, "source": fact.source, "confidence": fact.confidence, "note": fact.note}


def _bibliography(kb: KnowledgeBase, report: AuditReport) -> dict[str, dict[str, Any]]:
    keys = {r["source"] for r in report.rules.values() if r["source"]}
    keys |= {d.source for d in report.assumed_defaults}
    keys |= {p.source for p in report.peers}
    for account in report.accounts:
        keys |= set(account.kb_sources.values())
        for unused in account.unused_features:
            keys |= set(unused.sources.values())
    return {k: kb.sources[k].model_dump(exclude={"key"}) for k in sorted(keys) if k in kb.sources}
