"""Ask for a panel member's PIN; wrong tries bring a wait that grows, counted in the session."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from ...services import OpenedSession, PanelService, Person
from ..save_queue import SaveFinished
from ..text import plain
from ..widgets.fitting_footer import FittingFooter
from .base import PanelModal


class PinPrompt(PanelModal[PanelService | None]):
    HELP = "Type your PIN and press Enter. Press Escape to go back and choose someone else."
    BINDINGS = [Binding("escape", "cancel", "Back", id="cancel")]

    def __init__(self, opened: OpenedSession, person: Person) -> None:
        super().__init__()
        self.opened = opened
        self.person = person
        self.checking = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(plain(f"PIN for {self.person.name}"), classes="dialog-title")
            yield Input(compact=True, password=True, placeholder="Your PIN", id="pin", max_length=8)
            yield Static("", id="pin-message", classes="error-text")
            with Horizontal(classes="buttons"):
                yield Button("Sign in", variant="primary", id="ok")
                yield Button("Back", id="cancel")
        yield FittingFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one("#pin", Input).focus()

    @on(Input.Submitted, "#pin")
    @on(Button.Pressed, "#ok")
    def _submit(self) -> None:
        if self.checking:
            return
        self.checking = True
        self.query_one("#pin-message", Static).update("Checking…")
        pin = self.query_one("#pin", Input).value
        self.act("sign in", self.opened.sign_in, self.person.id, pin, done=self._signed_in, failed=self._refused)

    def _signed_in(self, service: PanelService) -> None:
        self.dismiss(service)

    def _refused(self, message: SaveFinished) -> None:
        self.checking = False
        field = self.query_one("#pin", Input)
        self.query_one("#pin-message", Static).update(plain(f"✗ {message.error}"))
        field.value = ""
        field.focus()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
