"""Printing export strings: markup is shown as typed, control characters never reach the terminal."""

from __future__ import annotations

import io

from rich.table import Table
from rich.text import Text

from chandelle.cli.output import SafeConsole, clean, one_line, styled

HOSTILE = "[bold red]pwn[/][link=https://evil.example]x[/link]\x1b[2J\x1b]0;t\x07\r\u202e\x9b"


def _printed(*renderables: object) -> str:
    buffer = io.StringIO()
    console = SafeConsole(file=buffer, width=200, force_terminal=True, color_system="standard")
    for renderable in renderables:
        console.print(renderable)
    return buffer.getvalue()


def test_clean_shows_control_characters_as_visible_escapes() -> None:
    assert clean("a\x1b[2Jb") == "a\\x1b[2Jb"
    assert clean("tab\tand\nnewline") == "tab\tand\nnewline"
    assert clean("\u202egnp.exe") == "\\u202egnp.exe"
    assert one_line("two\r\nlines") == "two lines"


def test_markup_and_escapes_from_an_export_print_as_text_in_strings_tables_and_text() -> None:
    table = Table()
    table.add_column("compte")
    table.add_row(HOSTILE)
    output = _printed(HOSTILE, table, Text(HOSTILE), styled(HOSTILE, "bold"))
    assert output.count("[bold red]pwn[/]") == 4            # shown as typed, never interpreted
    for raw in ("\x1b[2J", "\x1b]0;", "\x07", "\r", "\u202e", "\x9b"):
        assert raw not in output
    assert "\\x1b[2J" in output
    assert "\x1b[1m" in output                               # our own style still applies
