"""Make any user-provided text safe to show as it was typed.

Markup such as ``[bold]`` is kept out of Rich by rendering with markup off;
this module deals with the other half: control characters and terminal
escape codes, which are shown as visible ``\\x1b``-style text, never sent to
the terminal.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """Replace control characters with a visible escape, keeping newlines and tabs."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def one_line(text: str) -> str:
    """For table cells and titles: newlines and tabs as spaces as well."""
    return printable(text.replace("\n", " ").replace("\t", " "))
