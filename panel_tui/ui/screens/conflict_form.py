"""Declare a conflict of interest with a candidate, before scoring them."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Input, Label, RadioSet, Select, Static

from ...domain.models import CONFLICT_RELATIONS, Conflict
from ...services import PanelService
from ..text import plain
from ..widgets.fitting_footer import FittingFooter
from ..widgets.toggles import Choice
from .base import FormModal


class ConflictForm(FormModal[Conflict | None]):
    """Saves the declaration itself; returns it once saved."""

    HELP = (
        "Say how you know this candidate.\n\n"
        "Hard: you will not score this candidate at all.\n"
        "Soft: you may score them; the chair and the records will show that you know them.\n\n"
        "Press Ctrl+S to save, Escape to go back."
    )
    def __init__(self, service: PanelService, candidate_id: str, candidate_code: str) -> None:
        super().__init__()
        self.service = service
        self.candidate_id = candidate_id
        self.candidate_code = candidate_code

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Static(plain(f"I know candidate {self.candidate_code}"), classes="dialog-title")
            yield Label("How do you know them?")
            yield Select([(r.capitalize(), r) for r in CONFLICT_RELATIONS], value="peer", allow_blank=False, id="relation", compact=True)
            yield Label("What should happen?")
            with RadioSet(id="kind"):
                yield Choice("Soft: I may still score them", value=True, id="soft")
                yield Choice("Hard: I will not score them", id="hard")
            yield Label("Anything to add (optional)")
            yield Input(id="detail", compact=True)
            yield from self.buttons()
        yield FittingFooter(compact=True)

    def action_save(self) -> None:
        pressed = self.query_one("#kind", RadioSet).pressed_button
        self.save_with(
            self.service.declare_conflict,
            self.candidate_id,
            kind="hard" if pressed is not None and pressed.id == "hard" else "soft",
            relation=str(self.query_one("#relation", Select).value),
            detail=self.query_one("#detail", Input).value,
        )
