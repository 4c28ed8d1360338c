"""A yes-or-no question before anything that cannot be undone easily."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from ..text import plain
from ..widgets.fitting_footer import FittingFooter
from .base import PanelModal


class ConfirmScreen(PanelModal[bool]):
    HELP = "Answer the question: Y for yes, N or Escape for no."
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="yes"),
        Binding("n,escape", "answer(False)", "No", id="no"),
    ]

    def __init__(self, question: str, yes: str = "Yes") -> None:
        super().__init__()
        self.question = question
        self.yes = yes

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(plain(self.question), classes="dialog-text")
            with Horizontal(classes="buttons"):
                yield Button(f"{self.yes} (Y)", variant="warning", id="yes")
                yield Button("No (N)", id="no")
        yield FittingFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
