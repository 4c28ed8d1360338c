"""User-provided text for the screen: never markup, never escape codes."""

from __future__ import annotations

from rich.text import Text

from ..domain.text import one_line, printable


def plain(text: str, style: str = "") -> Text:
    """A Rich Text that shows `[bold]` and `\\x1b[31m` exactly as typed."""
    return Text(printable(text), style=style)


def cell(text: str, style: str = "") -> Text:
    """For table cells and list options: one line, shown as typed."""
    return Text(one_line(text), style=style)
