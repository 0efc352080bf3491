"""Post HTML (Mastodon and other ActivityPub servers) reduced to the text the author wrote.

Paragraphs become blank lines and ``<br>`` a line break; Mastodon's ``invisible`` and
``ellipsis`` spans are kept so links come back whole; entities are decoded.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCKS = frozenset({"p", "blockquote", "pre", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6"})


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.plain_links = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCKS and self.parts:
            self.parts.append("\n\n")
        if tag == "a":
            classes = (dict(attrs).get("class") or "").split()
            if "mention" not in classes and "hashtag" not in classes:
                self.plain_links += 1

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _collect(markup: str) -> _TextCollector:
    collector = _TextCollector()
    collector.feed(markup)
    collector.close()
    return collector


def html_to_text(markup: str) -> str:
    """Plain text of a post's HTML; text without markup is returned unchanged."""
    if "<" not in markup and "&" not in markup:
        return markup
    text = "".join(_collect(markup).parts)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def has_plain_link(markup: str) -> bool:
    """True when the post links somewhere (not just mentions and hashtags)."""
    return "<a" in markup and _collect(markup).plain_links > 0
