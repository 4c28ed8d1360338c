"""Someone else saved this record after your form opened: see both versions and choose.

Never a silent overwrite: nothing is saved until the person chooses to put
their version over the other one, or to keep the other one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Static

from ...services import ChangedElsewhere
from ..text import plain
from ..widgets.fitting_footer import FittingFooter
from .base import PanelModal


class ChangedElsewhereScreen(PanelModal[str | None]):
    """Returns "mine" (save mine over theirs), "theirs" (keep theirs) or None (back to my changes)."""

    HELP = (
        "Someone else changed this while you were changing it. Nothing of yours is saved yet.\n\n"
        "Each line shows what it says now (their change) and what you typed (yours).\n"
        "M saves yours over theirs. K keeps theirs and drops yours. "
        "Escape goes back to your changes, so you can copy anything you want to keep."
    )
    BINDINGS = [
        Binding("m", "choose('mine')", "Save mine", id="mine", tooltip="Save your version over theirs"),
        Binding("k", "choose('theirs')", "Keep theirs", id="theirs", tooltip="Keep their version; drop yours"),
        Binding("escape", "choose(None)", "Back", id="back", tooltip="Back to your changes"),
    ]

    def __init__(self, message: str, rows: list[tuple[str, str, str]]) -> None:
        super().__init__()
        self.message = message
        self.rows = rows

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Static("Changed by someone else", classes="dialog-title")
            yield Static(plain(self.message), classes="dialog-text")
            for label, theirs, mine in self.rows or [("Everything", "their version", "your version")]:
                line = Text(f"{label}\n", style="bold")
                line.append("  Now (theirs): ")
                line.append_text(plain(theirs or "(empty)"))
                line.append("\n  Yours:        ")
                line.append_text(plain(mine or "(empty)"))
                yield Static(line, classes="compare")
            with Horizontal(classes="buttons"):
                yield Button("Save mine (M)", variant="warning", id="mine")
                yield Button("Keep theirs (K)", id="theirs")
                yield Button("Back (Esc)", id="back")
        yield FittingFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one("#back", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.action_choose(None if event.button.id == "back" else event.button.id)

    def action_choose(self, choice: str | None) -> None:
        self.dismiss(choice)


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(_shown(v) for v in value.values())
    if isinstance(value, list):
        return ", ".join(_shown(v) for v in value)
    if hasattr(value, "value"):
        return str(value.value)
    return "" if value is None else str(value)


def ask_what_to_keep(
    app: App[Any],
    problem: ChangedElsewhere,
    fields: dict[str, Any],
    labels: dict[str, str],
    on_mine: Callable[[], None],
    on_theirs: Callable[[], None],
) -> None:
    """Show what differs between what is saved now and what the person typed, and act on their choice."""
    current = problem.current.model_dump(mode="json") if problem.current is not None else {}
    rows = [
        (labels.get(key, key.replace("_", " ").capitalize()), _shown(current.get(key)), _shown(value))
        for key, value in fields.items()
        if key != "pin" and _shown(current.get(key)) != _shown(value)
    ]

    def chosen(choice: str | None) -> None:
        if choice == "mine":
            on_mine()
        elif choice == "theirs":
            on_theirs()

    app.push_screen(ChangedElsewhereScreen(str(problem), rows), chosen)
