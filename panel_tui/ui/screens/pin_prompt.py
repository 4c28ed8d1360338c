"""Ask for a panel member's PIN; three wrong tries bring a short wait."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Footer, Input, Static

from ...domain.errors import WrongPin
from ...domain.models import PanelMember
from ...services import Actor, SignIn
from ..text import plain
from .base import PanelModal


class PinPrompt(PanelModal[Actor | None]):
    HELP = "Type your PIN and press Enter. Press Escape to go back and choose someone else."
    BINDINGS = [Binding("escape", "cancel", "Back", id="cancel")]

    def __init__(self, member: PanelMember, sign_in: SignIn) -> None:
        super().__init__()
        self.member = member
        self.sign_in = sign_in

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(plain(f"PIN for {self.member.name}"), classes="dialog-title")
            yield Input(compact=True, password=True, placeholder="Your PIN", id="pin", max_length=8)
            yield Static("", id="pin-message", classes="error-text")
            with Horizontal(classes="buttons"):
                yield Button("Sign in", variant="primary", id="ok")
                yield Button("Back", id="cancel")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#pin", Input).focus()

    @on(Input.Submitted, "#pin")
    @on(Button.Pressed, "#ok")
    def _submit(self) -> None:
        field = self.query_one("#pin", Input)
        message = self.query_one("#pin-message", Static)
        try:
            actor = self.sign_in.sign_in(self.member, field.value)
        except WrongPin as error:
            message.update(f"✗ {error}")
            field.value = ""
            field.focus()
            return
        self.dismiss(actor)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
