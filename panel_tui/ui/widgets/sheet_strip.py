"""One line showing the whole sheet: which questions are scored, and the score.

Shown under every question so a member always knows where they are; it is
the part of the screen that shows a new score at once, even when the screen
moves on to the next question.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class SheetStrip(Static):
    def show(self, scores: list[int | None], current: int, unsaved: set[int] | None = None) -> None:
        """`unsaved`: indexes of scores on screen that are not saved yet, marked "!" (a symbol, not colour alone)."""
        unsaved = unsaved or set()
        line = Text("Sheet: ")
        for index, score in enumerate(scores):
            mark = "·" if score is None else str(score)
            label = f"Q{index + 1}={mark}{'!' if index in unsaved else ''}"
            style = "bold reverse" if index == current else ("dim" if score is None else "")
            line.append(label, style=style)
            line.append(" ")
        missing = sum(1 for s in scores if s is None)
        line.append(f"  {missing} not scored" if missing else "  all scored ✓", style="bold")
        if unsaved:
            line.append(f"  ! = not saved yet ({len(unsaved)})", style="bold")
        line.append("   ← → move", style="dim")
        self.update(line)
