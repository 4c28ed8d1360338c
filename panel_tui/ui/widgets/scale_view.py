"""The scale for one question: every point with its label and anchor.

Only this widget redraws when a digit is pressed. The chosen point is marked
with a symbol and words ("▶ ... ← your score"), not colour alone.

Labels and anchors are the chair's words: appended to a rich Text (never
parsed as markup) and passed through `printable`, so "[/]" shows as typed and
an escape code shows as `\\x1b` instead of reaching the terminal.
"""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from ...domain.models import Question, Scale
from ...domain.text import printable


class ScaleView(Static):
    selected: reactive[int | None] = reactive(None)
    """The member's score for this question, or None when not scored yet."""

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self._scale: Scale | None = None
        self._anchors: dict[int, str] = {}

    def show(self, scale: Scale, question: Question, selected: int | None) -> None:
        self._scale = scale
        self._anchors = dict(question.anchors)
        self.set_reactive(ScaleView.selected, selected)
        self._draw()

    def watch_selected(self) -> None:
        self._draw()

    def _draw(self) -> None:
        if self._scale is None:
            return
        out = Text()
        for point in self._scale.points:
            chosen = point == self.selected
            line = Text()
            line.append("▶ " if chosen else "  ", style="bold")
            line.append(f"{point} ", style="bold reverse" if chosen else "bold")
            line.append(f" {printable(self._scale.label(point))}", style="bold" if chosen else "")
            anchor = self._anchors.get(point)
            if anchor:
                line.append(f": {printable(anchor)}", style="" if chosen else "dim")
            if chosen:
                line.append("  ← your score", style="bold")
            out.append_text(line)
            out.append("\n")
        out.rstrip()
        self.update(out)
