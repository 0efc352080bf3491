"""The words every layer shares: platform slugs, content formats and kinds of item.

A leaf module (it imports nothing of chandelle), so importers, the store, the knowledge base
and the rest can all use the one list.
"""

from __future__ import annotations

PLATFORMS = (
    "instagram", "facebook", "tiktok", "youtube", "twitch", "x",
    "mastodon", "bluesky", "linkedin", "threads", "other",
)

# Content formats, across platforms. Importers map the platform's own words onto these.
FORMATS = (
    "text", "link", "photo", "carousel", "video", "reel", "short", "story",
    "live", "article", "guide", "document", "poll", "audio", "event", "other",
)

KINDS = ("original", "repost", "reply_to_other")
