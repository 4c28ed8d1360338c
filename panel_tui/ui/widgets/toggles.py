"""Tick boxes and choices whose state reads without colour: [x] / [ ] and (•) / ( ).

Textual's Checkbox and RadioButton draw the same mark whether on or off and
show the difference by colour alone, which a colour-blind panel member, a
high-contrast theme or NO_COLOR cannot see. These draw the mark only when on.
"""

from __future__ import annotations

from textual.content import Content
from textual.style import Style
from textual.widgets import Checkbox, RadioButton


class _ShowsState:
    ON: str = "x"
    LEFT: str = "["
    RIGHT: str = "]"

    @property
    def _button(self) -> Content:
        button_style = self.get_visual_style("toggle--button")  # type: ignore[attr-defined]
        side = Style(background=self.background_colors[1])  # type: ignore[attr-defined]  # the text's own colour
        inner = self.ON if self.value else " "  # type: ignore[attr-defined]
        return Content.assemble((self.LEFT, side), (inner, button_style), (self.RIGHT, side))


class TickBox(_ShowsState, Checkbox):
    """A checkbox that reads [x] when ticked and [ ] when not."""


class Choice(_ShowsState, RadioButton):
    """A radio button that reads (•) when chosen and ( ) when not."""

    ON = "•"
    LEFT = "("
    RIGHT = ")"
