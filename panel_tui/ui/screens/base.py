"""What every screen shares: plain help text and turning rule errors into notices."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import ModalScreen, Screen
from textual.widgets import Button

from ...domain.errors import PanelError

T = TypeVar("T")


class Attempts:
    """Run an action; a rule it breaks becomes a plain notice, never a traceback."""

    HELP: str = ""
    """What this screen is for, in plain words: shown by F1."""

    def attempt(self, action: Callable[..., T], *args: object, **kwargs: object) -> T | None:
        try:
            return action(*args, **kwargs)
        except PanelError as error:
            self.app.notify(str(error), title="Not done", severity="error", markup=False, timeout=8)  # type: ignore[attr-defined]
            return None


class PanelScreen(Attempts, Screen[None]):
    pass


class PanelModal(Attempts, ModalScreen[T]):
    """Modal screens do not see the app's bindings, so help and colours are repeated here."""

    BINDINGS = [
        Binding("f1", "app.help", "Help", id="help", tooltip="What this is for, in plain words"),
        Binding("ctrl+t", "app.next_theme", "Colours", id="theme", show=False),
    ]


class FormModal(PanelModal[T]):
    """A form: Ctrl+S or the Save button saves, Escape or Back goes back with nothing."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="save"),
        Binding("escape", "cancel", "Back", id="cancel"),
    ]

    def buttons(self, save: str = "Save") -> ComposeResult:
        with Horizontal(classes="buttons"):
            yield Button(save, variant="primary", id="save")
            yield Button("Back", id="cancel")

    @on(Button.Pressed, "#save")
    async def _save_pressed(self) -> None:
        await self.run_action("save")  # each form defines action_save: read the fields, then dismiss

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)
