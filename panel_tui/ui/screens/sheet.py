"""My whole sheet for one candidate: every score and note, then submit.

After submitting, and only then, the other panel members' submitted scores
for this candidate appear beside mine (rule 1, enforced by the service).

One block per question, wrapped to the screen's width and read with the
arrow keys and Page Down: a table of columns cut off the question, the note
and the others' scores at 60 and at 80 columns.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import HorizontalGroup, VerticalGroup, VerticalScroll
from textual.widgets import Header, Static

from ...domain.models import ScoreSheet
from ...domain.state import SessionState
from ...services import PanelService, SheetForScoring, sheet_for_scoring
from ..text import plain
from ..widgets.fitting_footer import FittingFooter
from .base import PanelScreen
from .confirm import ConfirmScreen


class QuestionBlock(HorizontalGroup):
    """One question of the sheet: its number, then the question, the score, the note and the others' scores."""

    def __init__(self, number: int) -> None:
        super().__init__(classes="sheet-item")
        self.number = number
        self.question = Text()
        self.answer = Text()

    def compose(self) -> ComposeResult:
        yield Static(f"{self.number}.", classes="sheet-number")
        with VerticalGroup():
            yield Static(self.question, classes="sheet-question")
            yield Static(self.answer, classes="sheet-answer")

    def show(self, question: Text, answer: Text) -> None:
        """Kept for `compose` when the block is new; shown at once when it is already there."""
        self.question, self.answer = question, answer
        for line in self.query(".sheet-question").results(Static):
            line.update(question)
        for line in self.query(".sheet-answer").results(Static):
            line.update(answer)


class SheetScreen(PanelScreen):
    BINDING_GROUP_TITLE = "Score sheet"
    HELP = (
        "Your whole score sheet for this candidate: every question, your score and your note. "
        "'· not scored' marks a question you have not scored yet.\n\n"
        "Press S to submit the sheet. You will be asked to confirm, and told about any "
        "question not scored. A submitted sheet cannot be changed.\n\n"
        "After you submit, the other panel members' submitted scores appear under yours.\n\n"
        "Use the up and down arrows, or Page Down and Page Up, to read the whole sheet."
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
        self._question_blocks: list[QuestionBlock] = []
        self._status = ""
        """What the line under the title says; how to read the rest is added when the sheet is taller than the screen."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="sheet-title", classes="screen-title")
        yield Static("", id="sheet-status", classes="hint")
        yield VerticalScroll(id="sheet")
        yield FittingFooter(compact=True)

    def on_mount(self) -> None:
        self.refresh_data()
        self.query_one("#sheet").focus()  # the arrows and Page Down read the sheet
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
        blocks = self._blocks(len(sheet.questions))
        for block, q in zip(blocks, sheet.questions, strict=True):
            score = scores.get(q.id)
            answer = Text("Score: ")
            if score is None:
                answer.append("· not scored", style="bold")
            else:
                answer.append(f"{score} {sheet.scale.label(score)}")
            note = sheet.notes.get(q.id, "")
            if note:
                answer.append("\nNote: ")
                answer.append_text(plain(note))
            if others:
                answer.append("\nOthers: ")
                answer.append_text(plain(self._others(state, others, q.id)))
            block.show(plain(q.text, style="bold"), answer)
        if sheet.submitted:
            self._status = "✓ Submitted. This sheet cannot change." + (" Other panel members' submitted scores are shown." if others else "")
        else:
            missing = sum(1 for q in sheet.questions if q.id not in scores)
            if missing == 0:
                self._status = "Draft: every question is scored. Press S to submit."
            else:
                left = "1 question is" if missing == 1 else f"{missing} questions are"
                self._status = f"Draft: {left} not scored yet. Press S to submit."
        self.query_one("#sheet-status", Static).update(self._status)
        self.call_after_refresh(self._say_how_to_read)
        self.refresh_bindings()

    def _blocks(self, count: int) -> list[QuestionBlock]:
        """One block per question, made once (a refresh updates them, so the place you were reading stays)."""
        if len(self._question_blocks) != count:
            scroll = self.query_one("#sheet", VerticalScroll)
            scroll.remove_children()
            self._question_blocks = [QuestionBlock(number) for number in range(1, count + 1)]
            scroll.mount_all(self._question_blocks)
        return self._question_blocks

    @staticmethod
    def _others(state: SessionState, others: list[ScoreSheet], question_id: str) -> str:
        parts = []
        for other in sorted(others, key=lambda sheet: state.member(sheet.member_id).name.casefold()):
            person = state.member(other.member_id)
            given = other.scores.get(question_id)
            parts.append(f"{person.name.split()[0] if person.name.split() else person.name} "
                         f"({state.group_label(person.group)}) {'·' if given is None else given}")
        return " · ".join(parts)

    def _say_how_to_read(self) -> None:
        """When the sheet is taller than the screen, say how to read the rest."""
        if not self.is_attached:
            return
        more = self.query_one("#sheet", VerticalScroll).max_scroll_y > 0
        status = self._status + (" ↑ ↓ and Page Down read the rest." if more else "")
        self.query_one("#sheet-status", Static).update(status)

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
