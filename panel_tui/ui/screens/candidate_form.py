"""Add or change a candidate: name, code, interview slot, adjustments."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Label, Static

from ...domain.models import Candidate
from ...services import PanelService, version_of
from ..widgets.details_form import FieldsForm
from ..widgets.fitting_footer import FittingFooter
from .base import FormModal

LABELS = {"name": "Name", "code": "Code", "slot": "Interview slot", "adjustments": "Adjustments"}


class CandidateForm(FormModal[Candidate | None]):
    """Saves through the service; stays open with what was typed until the change has landed."""

    HELP = (
        "Type the candidate's name. The code (C01, C02...) is used where scoring hides names; "
        "one is suggested for you. The interview slot is free text, e.g. 'Tue 3 Dec, 10:00'. "
        "Adjustments are anything the candidate asked for, e.g. questions in writing.\n\n"
        "Press Ctrl+S to save, Escape to go back."
    )
    def __init__(self, service: PanelService, suggested_code: str, candidate: Candidate | None = None) -> None:
        super().__init__()
        self.service = service
        self.suggested_code = suggested_code
        self.candidate = candidate
        self.version = version_of(candidate) if candidate is not None else None

    def compose(self) -> ComposeResult:
        c = self.candidate
        with FieldsForm(classes="dialog"):  # Up and Down go from field to field
            yield Static("Change candidate" if c else "Add a candidate", classes="dialog-title")
            yield Label("Name")
            yield Input(compact=True, value=c.name if c else "", id="name")
            yield Label("Code")
            yield Input(compact=True, value=c.code if c else self.suggested_code, id="code")
            yield Label("Interview slot (optional)")
            yield Input(compact=True, value=c.slot if c else "", placeholder="e.g. Tue 3 Dec, 10:00", id="slot")
            yield Label("Adjustments asked for (optional)")
            yield Input(compact=True, value=c.adjustments if c else "", id="adjustments")
            yield from self.buttons()
        yield FittingFooter(compact=True)

    @on(Input.Submitted)
    def action_save(self) -> None:
        fields = {name: self.query_one(f"#{name}", Input).value for name in ("name", "code", "slot", "adjustments")}
        if not fields["name"].strip():
            self.app.notify("Please type the candidate's name.", severity="warning", markup=False)
            self.query_one("#name", Input).focus()
            return
        if self.candidate is None:
            self.save_with(self.service.add_candidate, labels=LABELS, **fields)
        else:
            self.save_with(self.service.edit_candidate, self.candidate.id, labels=LABELS, **fields)
