"""Printing text that came from an export, safely: no markup, no terminal control sequences.

A handle, a file name inside a ZIP or a post's text is the export author's, not ours. Printed as
is, ``[bold red]…[/]`` is Rich markup (and an unbalanced tag crashes the printing), and ``\\x1b[2J``
clears the user's screen. So the CLI prints through ``SafeConsole``: markup is off (our own styles
are ``Text`` objects with a ``style``), and every character a terminal could act on (C0 and C1
control characters except tab and newline, DEL, bidirectional overrides) is shown as a visible
escape such as ``\\x1b`` instead of being sent to the terminal.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from rich.console import Console
from rich.segment import Segment
from rich.text import Text

# C0 controls but tab and newline, DEL and C1, bidi embeddings/overrides/isolates.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_NEWLINES = re.compile("[\r\n]+")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def clean(text: object) -> str:
    """``text`` with every terminal control character replaced by a visible escape."""
    return _CONTROL.sub(_visible, str(text))


def one_line(text: object) -> str:
    """``clean`` on one line: newlines become spaces (error messages are one line)."""
    return clean(_NEWLINES.sub(" ", str(text)))


class SafeConsole(Console):
    """A Rich console that never interprets markup and never emits an export's control codes."""

    def __init__(self, **options: Any) -> None:
        options.setdefault("markup", False)
        options.setdefault("highlight", False)
        options.setdefault("emoji", False)
        super().__init__(**options)

    def render_str(self, text: str, **options: Any) -> Text:
        return super().render_str(clean(text), **options)

    def _render_buffer(self, buffer: Iterable[Segment]) -> str:
        # the backstop: Text objects built from export strings reach the terminal only through here
        return super()._render_buffer(
            segment if segment.control else Segment(clean(segment.text), segment.style)
            for segment in buffer
        )


def styled(text: object, style: str) -> Text:
    """Our own styling around a string that may come from an export (never parsed as markup)."""
    return Text(clean(text), style=style)
