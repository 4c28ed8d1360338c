"""What every screen shares: plain help text and turning rule errors into notices."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from textual.binding import Binding
from textual.screen import ModalScreen, Screen

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
