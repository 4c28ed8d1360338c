"""Tick boxes and choices whose state reads without colour: [x] / [ ] and (•) / ( ).

Textual's Checkbox and RadioButton draw the same mark whether on or off and
show the difference by colour alone, which a colour-blind panel member, a
high-contrast theme or NO_COLOR cannot see. These draw the mark only when on.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.content import Content
from textual.strip import Strip
from textual.style import Style
from textual.widgets import Checkbox, RadioButton, SelectionList
from textual.widgets._selection_list import SelectionType
from textual.widgets._toggle_button import ToggleButton
from textual.widgets.option_list import OptionDoesNotExist


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


class TickList(SelectionList[SelectionType]):
    """A list of tick boxes that reads [x] when ticked and [ ] when not (Textual's shows X either way)."""

    def render_line(self, y: int) -> Strip:
        line = super().render_line(y)
        segments = list(line)
        index = self.scroll_offset.y + y
        if len(segments) < 4 or segments[0].text != ToggleButton.BUTTON_LEFT:
            return line
        try:
            ticked = self.get_option_at_index(index).value in self._selected
        except OptionDoesNotExist:
            return line
        plain = segments[3].style
        mark = segments[1].style
        return Strip(
            [
                Segment("[", plain),
                Segment("x" if ticked else " ", mark),
                Segment("]", plain),
                *segments[3:],
            ]
        )
