"""The confidentiality statement, confirmed once per session before first scoring."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from ...services import PanelService
from ..text import plain
from ..widgets.fitting_footer import FittingFooter
from .base import PanelModal


class BriefingScreen(PanelModal[bool]):
    HELP = "Please read the statement. Press Y if you agree to it, or Escape to go back."
    BINDINGS = [
        Binding("y", "agree", "I agree", id="agree"),
        Binding("escape", "cancel", "Back", id="cancel"),
    ]

    def __init__(self, service: PanelService) -> None:
        super().__init__()
        self.service = service

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Before you score: confidentiality", classes="dialog-title")
            yield Static(plain(self.service.state.session.confidentiality), classes="dialog-text")
            yield Static("This is asked once for this session.", classes="hint")
            with Horizontal(classes="buttons"):
                yield Button("I agree (Y)", variant="primary", id="agree")
                yield Button("Back", id="cancel")
        yield FittingFooter(compact=True)

    @on(Button.Pressed, "#agree")
    def action_agree(self) -> None:
        self.act("briefing", self.service.confirm_briefing, done=lambda _: self.dismiss(True))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)
