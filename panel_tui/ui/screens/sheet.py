"""My whole sheet for one candidate: every score and note, then submit.

After submitting, and only then, the other panel members' submitted scores
for this candidate appear beside mine (rule 1, enforced by the service).
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Header, Static

from ...domain.scoring import unscored
from ...services import PanelService
from ..save_queue import SaveFinished, SaveQueue
from ..text import cell, plain
from ..widgets.tables import KeyedTable
from .base import PanelScreen
from .confirm import ConfirmScreen


class SheetScreen(PanelScreen):
    BINDING_GROUP_TITLE = "Score sheet"
    HELP = (
        "Your whole score sheet for this candidate: every question, your score and your note. "
        "'· not scored' marks a question you have not scored yet.\n\n"
        "Press S to submit the sheet. You will be asked to confirm, and told about any "
        "question not scored. A submitted sheet cannot be changed.\n\n"
        "After you submit, the other panel members' submitted scores appear beside yours."
    )
    BINDINGS = [
        Binding("s", "submit", "Submit", id="submit", tooltip="Submit this sheet; it cannot change afterwards"),
        Binding("escape", "back", "Back", id="back", tooltip="Back to scoring"),
    ]

    def __init__(self, service: PanelService, saves: SaveQueue, member_id: str, candidate_id: str) -> None:
        super().__init__()
        self.service = service
        self.saves = saves
        self.member_id = member_id
        self.candidate_id = candidate_id

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="sheet-title", classes="screen-title")
        yield Static("", id="sheet-status", classes="hint")
        yield KeyedTable(id="sheet")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.refresh_sheet()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "submit":
            sheet = self.service.state.sheet(self.member_id, self.candidate_id)
            return not (sheet and sheet.submitted)
        return True

    def refresh_sheet(self) -> None:
        state = self.service.state
        candidate = state.candidate(self.candidate_id)
        member = state.member(self.member_id)
        label = candidate.code if state.session.anonymised else f"{candidate.code} {candidate.name}"
        paper = f" (typed in from paper by {sheet_owner.entered_by})" if (sheet_owner := state.sheet(self.member_id, self.candidate_id)) and sheet_owner.entered_by else ""
        self.query_one("#sheet-title", Static).update(plain(f"{member.name}'s sheet for {label}{paper}"))
        sheet = state.sheet(self.member_id, self.candidate_id)
        others = [s for s in self.service.visible_sheets(self.candidate_id) if s.member_id != self.member_id]
        table = self.query_one(KeyedTable)
        table.clear(columns=True)
        table.add_column("#", width=2)
        table.add_column("Question", width=30)
        table.add_column("My score", width=14)
        table.add_column("Note", width=18)
        for other in others:
            person = state.member(other.member_id)
            table.add_column(cell(f"{person.name.split()[0]} ({state.group_label(person.group)})"))
        rows = []
        for number, q in enumerate(state.agreed_questions, start=1):
            score = sheet.scores.get(q.id) if sheet else None
            mine = Text(f"{score} {state.session.scale.label(score)}") if score is not None else Text("· not scored", style="bold")
            note = cell(sheet.notes.get(q.id, "")) if sheet else Text("")
            extra = [Text(str(o.scores[q.id]) if q.id in o.scores else "·") for o in others]
            rows.append((q.id, [Text(str(number)), cell(q.text), mine, note, *extra]))
        table.fill(rows)
        status = self.query_one("#sheet-status", Static)
        if sheet and sheet.submitted:
            status.update("✓ Submitted. This sheet cannot change." + (" Other panel members' submitted scores are shown." if others else ""))
        else:
            missing = len(unscored(state, sheet)) if sheet else len(state.agreed_questions)
            status.update(f"Draft: {missing} question(s) not scored. Press S to submit.")
        self.refresh_bindings()

    def action_submit(self) -> None:
        self.saves.drain(5)
        state = self.service.state
        sheet = state.sheet(self.member_id, self.candidate_id)
        missing = unscored(state, sheet) if sheet else state.agreed_questions
        if missing:
            numbers = ", ".join(str(state.agreed_questions.index(q) + 1) for q in missing)
            question = f"Questions {numbers} are not scored. Submit anyway? A submitted sheet cannot change."
        else:
            question = "Submit this sheet? A submitted sheet cannot change."

        def answered(yes: bool | None) -> None:
            if yes:
                self.saves.submit("submit", self.service.submit_sheet, self.member_id, self.candidate_id, reply_to=self)

        self.app.push_screen(ConfirmScreen(question, yes="Submit"), answered)

    def on_save_finished(self, message: SaveFinished) -> None:
        if message.error:
            self.app.notify(message.error, title="Not submitted", severity="error", markup=False, timeout=10)
        else:
            self.app.notify("Sheet submitted. Thank you.", markup=False)
        self.refresh_sheet()

    def action_back(self) -> None:
        self.app.pop_screen()
