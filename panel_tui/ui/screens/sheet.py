"""My whole sheet for one candidate: every score and note, then submit.

After submitting, and only then, the other panel members' submitted scores
for this candidate appear beside mine (rule 1, enforced by the service).
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Header, Static

from ...services import PanelService, SheetForScoring, sheet_for_scoring
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

    def __init__(
        self, service: PanelService, member_id: str, candidate_id: str, on_screen: dict[str, int] | None = None,
        ask_to_submit: bool = False,
    ) -> None:
        super().__init__()
        self.service = service
        self.member_id = member_id
        self.candidate_id = candidate_id
        self.on_screen = dict(on_screen or {})
        """The scores the scoring screen shows, some perhaps still being saved: the sheet shows those."""
        self.submitted = False
        self.ask_to_submit = ask_to_submit
        """Opened with S on the scoring screen: ask "Submit this sheet?" straight away."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="sheet-title", classes="screen-title")
        yield Static("", id="sheet-status", classes="hint")
        yield KeyedTable(id="sheet")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.refresh_data()
        if self.ask_to_submit and not self.submitted:
            self.call_after_refresh(self.action_submit)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "submit":
            return not self.submitted
        return True

    def _scores(self, sheet: SheetForScoring) -> dict[str, int]:
        return sheet.scores if sheet.submitted else {**sheet.scores, **self.on_screen}

    def refresh_data(self) -> None:
        view = self.attempt(self.service.view)
        sheet = self.attempt(sheet_for_scoring, view, self.member_id, self.candidate_id) if view else None
        if view is None or sheet is None:
            return
        state = view.state
        self.submitted = sheet.submitted
        saved = state.sheet(self.member_id, self.candidate_id)
        paper = f" (typed in from paper by {saved.entered_by})" if saved and saved.entered_by else ""
        self.query_one("#sheet-title", Static).update(plain(f"{sheet.member.name}'s sheet for {sheet.candidate_label}{paper}"))
        others = [s for s in self.service.visible_sheets(self.candidate_id) if s.member_id != self.member_id and s.submitted]
        scores = self._scores(sheet)
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
        for number, q in enumerate(sheet.questions, start=1):
            score = scores.get(q.id)
            mine = Text(f"{score} {sheet.scale.label(score)}") if score is not None else Text("· not scored", style="bold")
            extra = [Text(str(o.scores[q.id]) if q.id in o.scores else "·") for o in others]
            rows.append((q.id, [Text(str(number)), cell(q.text), mine, cell(sheet.notes.get(q.id, "")), *extra]))
        table.fill(rows)
        status = self.query_one("#sheet-status", Static)
        if sheet.submitted:
            status.update("✓ Submitted. This sheet cannot change." + (" Other panel members' submitted scores are shown." if others else ""))
        else:
            missing = sum(1 for q in sheet.questions if q.id not in scores)
            status.update(f"Draft: {missing} question(s) not scored. Press S to submit.")
        self.refresh_bindings()

    def action_submit(self) -> None:
        view = self.attempt(self.service.view)
        sheet = self.attempt(sheet_for_scoring, view, self.member_id, self.candidate_id) if view else None
        if sheet is None:
            return
        scores = self._scores(sheet)
        missing = [n for n, q in enumerate(sheet.questions, start=1) if q.id not in scores]
        if missing:
            numbers = ", ".join(str(n) for n in missing)
            question = f"Questions {numbers} are not scored. Submit anyway? A submitted sheet cannot change."
        else:
            question = "Submit this sheet? A submitted sheet cannot change."

        def answered(yes: bool | None) -> None:
            if yes:  # queued after any score still being saved, so it submits what is on screen
                self.act("submit", self.service.submit_sheet, self.member_id, self.candidate_id, done=self._submitted)

        self.app.push_screen(ConfirmScreen(question, yes="Submit"), answered)

    def _submitted(self, _: object) -> None:
        self.app.notify("Sheet submitted. Thank you.", markup=False)
        self.refresh_data()

    def action_back(self) -> None:
        self.app.pop_screen()
