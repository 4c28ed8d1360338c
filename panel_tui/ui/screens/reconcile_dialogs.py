"""The chair's small forms while agreeing scores: agreed score, notes, whose voice carried, sign-off, outcome."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import (
    Checkbox,
    Input,
    Label,
    RadioSet,
    Select,
    SelectionList,
    Static,
    TextArea,
)

from ...domain.models import AgreedScore, Decision, Outcome, Question, Scale, SignOff
from ...domain.reconcile import reason_required
from ...domain.stats import PREFILL_RULE
from ...services import PanelService, version_of
from ..text import plain
from ..widgets.fitting_footer import FittingFooter
from ..widgets.toggles import Choice, TickBox, TickList
from .base import FormModal, PanelModal


class AgreedScoreForm(FormModal[object]):
    HELP = (
        "Type the score the panel agreed for this question. "
        + PREFILL_RULE
        + " A reason is needed when the agreed score is outside the panel's scores, or at "
        "least 1 away from the median. Ctrl+S saves."
    )

    def __init__(
        self, service: PanelService, candidate_id: str, question: Question, scale: Scale, start: int | None,
        independent: list[int], agreed: AgreedScore | None,
    ) -> None:
        super().__init__()
        self.service = service
        self.candidate_id = candidate_id
        self.question_id = question.id
        self.question = question.text
        self.scale = scale
        self.start = start
        self.independent = independent
        self.reason = agreed.reason if agreed else ""
        self.version = version_of(agreed)

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Static("Agreed score", classes="dialog-title")
            yield Static(plain(self.question))
            scores = ", ".join(str(s) for s in sorted(self.independent)) or "none"
            yield Static(f"Panel's scores: {scores}. {self.scale.describe()}", classes="hint")
            yield Label(f"Agreed score ({self.scale.low} to {self.scale.high})")
            yield Input(value="" if self.start is None else str(self.start), id="score", compact=True, type="integer")
            yield Label("Reason")
            yield Input(value=self.reason, id="reason", compact=True, placeholder="Why the panel agreed this score")
            yield Static("", id="reason-hint", classes="hint")
            yield from self.buttons()
        yield FittingFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one("#score", Input).focus()
        self._hint()

    @on(Input.Changed, "#score")
    def _hint(self) -> None:
        raw = self.query_one("#score", Input).value.strip()
        hint = ""
        if raw.lstrip("-").isdigit() and self.independent and reason_required(int(raw), self.independent):
            hint = "A reason is needed for this score."
        self.query_one("#reason-hint", Static).update(hint)

    @on(Input.Submitted)
    def action_save(self) -> None:
        self.save_with(
            self.service.set_agreed_score, self.candidate_id, self.question_id,
            labels={"score": "Agreed score", "reason": "Reason"},
            score=self.query_one("#score", Input).value, reason=self.query_one("#reason", Input).value,
        )


class NotesView(PanelModal[None]):
    HELP = "The notes panel members wrote for this question. Press Escape to close."
    BINDINGS = [Binding("escape", "close", "Close", id="close")]

    def __init__(self, question: str, notes: list[tuple[str, str]]) -> None:
        super().__init__()
        self.question = question
        self.notes = notes

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Static("Notes", classes="dialog-title")
            yield Static(plain(self.question), classes="hint")
            if not self.notes:
                yield Static("Nobody wrote a note for this question.")
            for who, note in self.notes:
                text = Text()
                text.append_text(plain(who, style="bold"))
                text.append("\n")
                text.append_text(plain(note))
                yield Static(text, classes="note")
        yield FittingFooter(compact=True)

    def action_close(self) -> None:
        self.dismiss(None)


class WhoseVoiceView(PanelModal[None]):
    HELP = (
        "Whose voice carried: how close the agreed scores came to each group's own scores, for this "
        "candidate. If one group's scores are always far from what was agreed, their view may not be "
        "carrying: worth talking about. Press Escape to close."
    )
    BINDINGS = [Binding("escape", "close", "Close", id="close")]

    def __init__(self, candidate: str, sentence: str, lines: list[str]) -> None:
        super().__init__()
        self.candidate = candidate
        self.sentence = sentence
        self.lines = lines

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Static("Whose voice carried", classes="dialog-title")
            yield Static(plain(f"For {self.candidate}: how far the agreed scores sit from each group's own scores."), classes="hint")
            yield Static(plain(self.sentence), classes="dialog-text")
            for line in self.lines:
                yield Static(plain(line))
        yield FittingFooter(compact=True)

    def action_close(self) -> None:
        self.dismiss(None)


class SignOffForm(FormModal[object]):
    HELP = (
        "Sign off this candidate's agreed scores.\n\n"
        "Choose 'Panel consensus' when everyone agrees. Choose 'Chair's decision' when the panel "
        "could not agree and you decided. Then you can name who did not agree, if they wish. "
        "Ctrl+S saves."
    )

    def __init__(self, service: PanelService, candidate_id: str, members: list[tuple[str, str]]) -> None:
        super().__init__()
        self.service = service
        self.candidate_id = candidate_id
        self.members = members

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Static("Sign off", classes="dialog-title")
            with RadioSet(id="mode"):
                yield Choice(SignOff.CONSENSUS.value.capitalize(), value=True, id="consensus")
                yield Choice(SignOff.CHAIR_DECISION.value.capitalize(), id="chair")
            yield Label("Who disagreed (optional, only with their agreement)")
            yield TickList[str](*[(Text(name), member_id) for member_id, name in self.members], id="dissent")
            yield Label("Note (optional)")
            yield Input(id="note", compact=True)
            yield from self.buttons()
        yield FittingFooter(compact=True)

    def action_save(self) -> None:
        pressed = self.query_one("#mode", RadioSet).pressed_button
        mode = SignOff.CHAIR_DECISION if pressed is not None and pressed.id == "chair" else SignOff.CONSENSUS
        dissent = list(self.query_one("#dissent", SelectionList).selected)
        self.save_with(
            self.service.sign_off, self.candidate_id, mode=mode.value, dissent=dissent,
            note=self.query_one("#note", Input).value,
        )


class OutcomeForm(FormModal[object]):
    HELP = (
        "Record the outcome for this candidate and any feedback for them. "
        "Tick 'Final' when it is decided: after that, the agreed scores cannot change. Ctrl+S saves."
    )

    def __init__(self, service: PanelService, candidate_id: str, current: Outcome | None) -> None:
        super().__init__()
        self.service = service
        self.candidate_id = candidate_id
        self.current = current
        self.version = version_of(current)

    def compose(self) -> ComposeResult:
        current = self.current
        with VerticalScroll(classes="dialog"):
            yield Static("Outcome", classes="dialog-title")
            yield Select(
                [(d.value.capitalize(), d.value) for d in Decision],
                value=current.decision.value if current else Decision.APPOINT.value,
                allow_blank=False, id="decision", compact=True,
            )
            yield Label("Feedback for the candidate")
            yield TextArea(current.feedback if current else "", id="feedback", soft_wrap=True)
            yield TickBox("Final: the agreed scores cannot change after this", value=current.final if current else False, id="final")
            yield from self.buttons()
        yield FittingFooter(compact=True)

    def action_save(self) -> None:
        self.save_with(
            self.service.record_outcome, self.candidate_id,
            labels={"decision": "Outcome", "feedback": "Feedback", "final": "Final"},
            decision=str(self.query_one("#decision", Select).value),
            feedback=self.query_one("#feedback", TextArea).text,
            final=self.query_one("#final", Checkbox).value,
        )
