"""Start a hiring round: the vacancy, and who is chairing."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Input, Label, Select, Static

from ...domain.models import DEFAULT_GROUP_LABELS, Group
from ...services import new_session
from ..widgets.fitting_footer import FittingFooter
from .base import PanelModal

GROUP_CHOICES = [(DEFAULT_GROUP_LABELS[g], g.value) for g in (Group.MEMBER, Group.VOLUNTEER, Group.STAFF)]


class NewSessionScreen(PanelModal[Path | None]):
    HELP = (
        "Start a new session: one hiring round for one job.\n\n"
        "Type the job title (the vacancy). Add your own name if you are chairing the panel: "
        "you will join the panel as its chair. You can add the rest of the panel and the "
        "candidates afterwards, in Set-up.\n\nPress Ctrl+S to create it, or Escape to go back."
    )
    BINDINGS = [
        Binding("ctrl+s", "create", "Create", id="create", tooltip="Create the session"),
        Binding("escape", "cancel", "Back", id="cancel", tooltip="Go back without creating anything"),
    ]

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Static("New session", classes="dialog-title")
            yield Label("Vacancy (the job being filled)")
            yield Input(compact=True, placeholder="for example: Peer mentor", id="vacancy")
            yield Label("Organisation (optional)")
            yield Input(compact=True, id="organisation")
            yield Label("Your name, if you are the chair (optional)")
            yield Input(compact=True, id="chair")
            yield Label("Your group")
            yield Select(GROUP_CHOICES, value=Group.STAFF.value, allow_blank=False, id="group", compact=True)
            with Horizontal(classes="buttons"):
                yield Button("Create", variant="primary", id="create")
                yield Button("Back", id="cancel")
        yield FittingFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one("#vacancy", Input).focus()

    @on(Button.Pressed, "#create")
    @on(Input.Submitted)
    def action_create(self) -> None:
        vacancy = self.query_one("#vacancy", Input).value
        if not vacancy.strip():
            self.app.notify("Please type the vacancy first.", severity="warning", markup=False)
            self.query_one("#vacancy", Input).focus()
            return
        self.act(
            "new session",
            new_session,
            self.folder,
            vacancy,
            organisation=self.query_one("#organisation", Input).value,
            chair_name=self.query_one("#chair", Input).value,
            chair_group=str(self.query_one("#group", Select).value),
            done=lambda result: self.dismiss(result[0].path),
        )

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
