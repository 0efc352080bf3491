"""Sentences of the plan as message ids with parameters, rendered in the reader's language.

``_`` here only marks msgids for the catalogue (locale/fr/LC_MESSAGES/plan.po); they are
translated when a ``Message`` is rendered. Parameters are typed: floats are formatted the
French way, ``*_pct`` values as percentages, ``platform``/``other`` as platform names,
``segment`` as a translated audience name, ``platforms`` as a list of platform names.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from chandelle import labels
from chandelle.i18n import fmt_number, fmt_percent, fmt_period, translator


def _(msgid: str) -> str:
    return msgid


_ELISION = re.compile(r"\bde (?=(?:Instagram|X)\b)")  # "celle de Instagram" -> "celle d'Instagram"

# The vocabulary lives in chandelle.labels (one for the web, the report and the plan); these
# names stay so that the plan's code reads as before. In sentences formats take their plural.
PLATFORM_LABELS = labels.PLATFORM_LABELS
SEGMENT_LABELS = labels.SEGMENT_LABELS
FORMAT_LABELS = labels.FORMAT_PLURALS
DECISION_LABELS = labels.DECISION_LABELS
STATUS_LABELS = labels.STATUS_LABELS
SKILL_LABELS = labels.SKILL_LABELS
TARGET_LABELS = labels.PROFILE_LABELS  # targets as the profile form names them

TIER_LABELS = {
    "own": _("the institution's own exports"),
    "sector": _("sector data"),
    "assumption": _("assumption"),
}


@dataclass(frozen=True)
class Message:
    msgid: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def render(self, lang: str) -> str:
        tr = translator(lang)
        text = tr(self.msgid, **{k: _render_param(k, v, lang) for k, v in self.params.items()})
        return _ELISION.sub("d'", text) if lang == "fr" else text

    def to_dict(self, lang: str) -> dict[str, Any]:
        return {"text": self.render(lang), "msgid": self.msgid, "params": dict(self.params)}


platform_label = labels.platform_label
label = labels.label
join_labels = labels.join_labels


METRIC_LABELS = {"reach": _("reach"), "views": _("views"), "impressions": _("impressions")}

LABELLED_PARAMS: dict[str, Mapping[str, str]] = {
    "segment": SEGMENT_LABELS,
    "decision": DECISION_LABELS,
    "status": STATUS_LABELS,
    "skill": SKILL_LABELS,
    "format": FORMAT_LABELS,
    "tier": TIER_LABELS,
    "target": TARGET_LABELS,
    "metric": METRIC_LABELS,
    "export": {},  # a msgid: translated as is
}
LISTS: dict[str, Mapping[str, str]] = {
    "platforms": PLATFORM_LABELS,
    "skills": SKILL_LABELS,
    "values": {},
    "accounts": {},
}


PARAMETER_LABELS = {  # plan.robustness parameter names, by their last part
    "reach": _("the share of the audience {segment} on {platform}"),
    "elasticity": _("how reach on {platform} grows with cadence (elasticity)"),
    "saturation": _("the cadence beyond which more items on {platform} add nothing"),
    "evidence_factor": _("{platform}'s own reach per item against the sector's"),
    "hour_points": _("the value given to one hour of the team"),
    "default_share": _("the assumed overlap between two audiences"),
    "followers": _("the follower count of {platform} ({handle}) taken from its peers"),
}


def parameter_label(name: str, lang: str) -> str:
    """``instagram.reach.young_people`` → « la part du public « jeunes » sur Instagram »; the
    name itself for a parameter without a label."""
    parts = name.split(".")
    key = parts[1] if len(parts) >= 3 and parts[1] in ("reach", "followers") else parts[-1]
    if key not in PARAMETER_LABELS:
        return name
    params = {"platform": platform_label(parts[0], lang)} if len(parts) > 1 else {}
    if key == "reach":
        params["segment"] = label(SEGMENT_LABELS, parts[2], lang)
    if key == "followers":
        params["handle"] = ".".join(parts[2:])
    return translator(lang)(PARAMETER_LABELS[key], **params)


def peer_group_label(group: Mapping[str, Any], lang: str) -> str:
    """Who the peers of a sector-tier figure are, the data's source and period
    (``PeerGroup.to_dict()``): « musées britanniques (Musée d'histoire, petits musées),
    MIP-JOCCH2024, 594 comptes, du 1er janvier 2019 au 31 mai 2022 »."""
    tr = translator(lang)
    accounts = fmt_number(int(group["accounts"]), lang, 0)
    window = fmt_period(str(group["window"]), lang)
    if group["reference"] == "store":
        return tr(_("the other institutions of this store, {accounts} accounts, {window}"),
                  accounts=accounts, window=window)
    return tr(
        _("UK museums ({kind}, {size}), {source}, {accounts} accounts, {window}"),
        kind=labels.kind_label(str(group["kind"]), lang), size=labels.size_label(str(group["size"]), lang),
        source=str(group["source"]), accounts=accounts, window=window,
    )


def _render_param(key: str, value: Any, lang: str) -> str:
    if key == "peers" and isinstance(value, Mapping):
        return peer_group_label(value, lang)
    if key in ("platform", "other", "added", "dropped"):
        return platform_label(str(value), lang)
    if key == "parameter":
        return parameter_label(str(value), lang)
    if key in LABELLED_PARAMS:
        return label(LABELLED_PARAMS[key], str(value), lang)
    if key in LISTS:
        table = LISTS[key]
        return join_labels([translator(lang)(table.get(v, v)) if table else str(v) for v in value], lang)
    if key.endswith("_pct") and isinstance(value, int | float):
        return fmt_percent(float(value), lang)
    return _render_scalar(key, value, lang)


TWO_DIGITS = ("items", "minimum", "elasticity", "factor", "median")  # items a week and ratios


def _render_scalar(key: str, value: Any, lang: str) -> str:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return fmt_number(value, lang, 0)
    if isinstance(value, float):
        return fmt_number(value, lang, 2 if key in TWO_DIGITS else 1)
    return str(value)
