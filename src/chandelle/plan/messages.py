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

from chandelle.i18n import fmt_number, fmt_percent, translator


def _(msgid: str) -> str:
    return msgid


_ELISION = re.compile(r"\bde (?=(?:Instagram|X)\b)")  # "celle de Instagram" -> "celle d'Instagram"

PLATFORM_LABELS = {
    "instagram": "Instagram",
    "facebook": "Facebook",
    "tiktok": "TikTok",
    "youtube": "YouTube",
    "twitch": "Twitch",
    "x": "X",
    "mastodon": "Mastodon",
    "bluesky": "Bluesky",
    "linkedin": "LinkedIn",
    "threads": "Threads",
    "other": _("other network"),
    "website": _("the institution's website"),
}

SEGMENT_LABELS = {
    "general_public": _("the general public (16–64)"),
    "young_people": _("young people"),
    "international": _("international visitors"),
    "seniors": _("people aged 65 and over"),
}

FORMAT_LABELS = {
    "text": _("text posts"),
    "link": _("link posts"),
    "photo": _("photos"),
    "carousel": _("carousels"),
    "video": _("videos"),
    "reel": _("reels"),
    "short": _("shorts"),
    "story": _("stories"),
    "live": _("lives"),
    "article": _("articles"),
    "guide": _("guides"),
    "document": _("documents"),
    "poll": _("polls"),
    "audio": _("audio"),
    "event": _("events"),
    "other": _("other items"),
}

DECISION_LABELS = {
    "keep": _("keep"),
    "start": _("start"),
    "archive": _("archive"),
    "quit": _("quit"),
    "absent": _("stay away"),
}

STATUS_LABELS = {
    "active": _("active"),
    "irregular": _("irregular"),
    "dormant": _("dormant"),
    "ghost": _("ghost"),
}

SKILL_LABELS = {
    "photo": _("photography"),
    "video_editing": _("video editing"),
    "live_streaming": _("live streaming"),
    "writing": _("writing"),
    "graphic_design": _("graphic design"),
    "equipment:streaming_kit": _("a live-streaming kit"),
}


@dataclass(frozen=True)
class Message:
    msgid: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def render(self, lang: str) -> str:
        tr = translator(lang)
        text = tr(self.msgid, **{k: _render_param(k, v, lang) for k, v in self.params.items()})
        return _ELISION.sub("d'", text) if lang == "fr" else text

    def to_json(self, lang: str) -> dict[str, Any]:
        return {"text": self.render(lang), "msgid": self.msgid, "params": dict(self.params)}


def platform_label(slug: str, lang: str) -> str:
    return translator(lang)(PLATFORM_LABELS.get(slug, slug))


def label(table: Mapping[str, str], key: str, lang: str) -> str:
    return translator(lang)(table.get(key, key))


def join_labels(items: list[str], lang: str) -> str:
    if not items:
        return "—"
    if len(items) == 1:
        return items[0]
    last = translator(lang)(_("and"))
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def _render_param(key: str, value: Any, lang: str) -> str:
    if key in ("platform", "other", "added", "dropped"):
        return platform_label(str(value), lang)
    if key == "segment":
        return label(SEGMENT_LABELS, str(value), lang)
    if key == "decision":
        return label(DECISION_LABELS, str(value), lang)
    if key == "status":
        return label(STATUS_LABELS, str(value), lang)
    if key == "skill":
        return label(SKILL_LABELS, str(value), lang)
    if key == "format":
        return label(FORMAT_LABELS, str(value), lang)
    if key in ("platforms", "values", "skills"):
        table = {"platforms": PLATFORM_LABELS, "skills": SKILL_LABELS}.get(key, {})
        return join_labels([translator(lang)(table.get(v, v)) for v in value], lang)
    if key.endswith("_pct") and isinstance(value, int | float):
        return fmt_percent(float(value), lang)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return fmt_number(value, lang, 0)
    if isinstance(value, float):
        return fmt_number(value, lang, 2 if key in ("items", "minimum") else 1)
    return str(value)
