"""Display names of platforms, formats, statuses and decisions (msgids, translated at use)."""

from __future__ import annotations

from chandelle.i18n import Translator

# Proper nouns: the same in every language.
PLATFORM_LABELS = {
    "instagram": "Instagram", "facebook": "Facebook", "tiktok": "TikTok", "youtube": "YouTube",
    "twitch": "Twitch", "x": "X", "mastodon": "Mastodon", "bluesky": "Bluesky", "linkedin": "LinkedIn",
    "threads": "Threads", "other": "Other network",
}

FORMAT_MSGIDS = {
    "text": "Text", "link": "Link", "photo": "Photo", "carousel": "Carousel", "video": "Video",
    "reel": "Reel", "short": "Short video", "story": "Story", "live": "Live", "article": "Article",
    "guide": "Guide", "document": "Document", "poll": "Poll", "audio": "Audio", "event": "Event",
    "other": "Other format",
}

STATUS_MSGIDS = {"active": "active", "irregular": "irregular", "dormant": "dormant", "ghost": "ghost"}

DECISION_MSGIDS = {"keep": "keep", "start": "start", "quit": "quit", "archive": "archive",
                   "absent": "stay away"}


def platform_label(slug: str, _: Translator) -> str:
    label = PLATFORM_LABELS.get(slug)
    return _(label) if slug == "other" and label else (label or slug)


def format_label(slug: str, _: Translator) -> str:
    return _(FORMAT_MSGIDS[slug]) if slug in FORMAT_MSGIDS else slug


def status_label(slug: str, _: Translator) -> str:
    return _(STATUS_MSGIDS[slug]) if slug in STATUS_MSGIDS else slug


def decision_label(slug: str, _: Translator) -> str:
    return _(DECISION_MSGIDS[slug]) if slug in DECISION_MSGIDS else slug
