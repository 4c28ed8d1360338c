"""For a paper sheet: choose whose sheet is being typed in."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...domain.state import SessionState
from ..text import plain
from ..widgets.fitting_footer import FittingFooter
from .base import PanelModal


class PaperMemberScreen(PanelModal[str | None]):
    HELP = (
        "Choose the panel member whose paper score sheet you are typing in, then the candidate. "
        "The scores are recorded as theirs, 'entered by' you, from paper."
    )
    BINDINGS = [
        Binding("enter", "choose", "Choose", id="choose", priority=True),
        Binding("escape", "cancel", "Back", id="cancel"),
    ]

    def __init__(self, state: SessionState) -> None:
        super().__init__()
        self.state = state

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Whose paper sheet is this?", classes="dialog-title")
            options = []
            for m in sorted(self.state.scorers, key=lambda m: m.name.casefold()):
                label = Text()
                label.append_text(plain(m.name))
                label.append(f"  ({self.state.group_label(m.group)})")
                options.append(Option(label, id=m.id))
            yield OptionList(*options, id="paper-members")
        yield FittingFooter(compact=True)

    @on(OptionList.OptionSelected)
    def action_choose(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self.dismiss(options.get_option_at_index(options.highlighted).id)

    def action_cancel(self) -> None:
        self.dismiss(None)
