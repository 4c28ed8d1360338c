"""The sift's forms: import applications from a file, type one in, edit an answer, decide on an applicant.

Each saves through the service with `save_with`: it stays open, with what
was typed, until the change has landed; a refusal (a file's problem, a
missing reason) is shown in plain words beside the buttons.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Input, Label, RadioSet, Static, TextArea

from ...domain.models import Question
from ...domain.sift import SiftDecision
from ...services import PanelService
from ..text import plain
from ..widgets.details_form import FieldsForm
from ..widgets.fitting_footer import FittingFooter
from ..widgets.toggles import Choice
from .base import FormModal

if TYPE_CHECKING:
    from ...domain.sift import Applicant

ORIGINAL_KEPT = "The original answer is kept apart. Reviewers read only what is saved here."


def _typed_path(value: str) -> Path:
    """What a person typed or pasted: quotes from a file manager taken off, ~ for their home folder."""
    return Path(value.strip().strip("'\"")).expanduser()


class ImportForm(FormModal[Any]):
    """Import applications from a CSV file; returns what was imported (`ImportedApplications`)."""

    HELP = (
        "Type the path of the CSV file, for example ~/applications.csv. "
        "The file has one row for each person who applied. It has their name, "
        "their email and phone, and one column for each answer.\n\n"
        "If the file has a problem, nothing is imported. The message says which row "
        "and column to fix.\n\n"
        "Press Ctrl+S or Enter to import, Escape to go back."
    )
    _save_label = "Import"
    BINDINGS = [
        Binding("ctrl+s", "save", "Import", id="save"),
        Binding("escape", "cancel", "Back", id="cancel"),
    ]

    def __init__(self, service: PanelService) -> None:
        super().__init__()
        self.service = service

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Static("Import applications from a file", classes="dialog-title")
            yield Label("Where is the CSV file?")
            yield Input(id="path", compact=True, placeholder="e.g. ~/applications.csv")
            yield Static(
                "One row for each person: name, email, phone, and one column for each answer. "
                "Names and contact details are kept apart; reviewers see only a code.",
                classes="hint",
            )
            yield from self.buttons(self._save_label)
        yield FittingFooter(compact=True)

    @on(Input.Submitted, "#path")
    def action_save(self) -> None:
        typed = self.query_one("#path", Input).value
        if not typed.strip():
            self.show_problem("Please type where the file is.")
            self.query_one("#path", Input).focus()
            return
        self.save_with(self.service.import_applications, _typed_path(typed))

    def show_problem(self, problem: str) -> None:
        """The file's problem in plain words, beside the buttons: nothing was imported."""
        for line in self.query("#form-problem").results(Static):
            line.update(Text(f"✗ Nothing imported. {problem}"))
            line.scroll_visible()
        self.say_problem(problem, "Not imported")


class ApplicationForm(FormModal[Any]):
    """Type in one application: the person's details, and one box for each sift question."""

    HELP = (
        "Type in one application. The name is needed; email and phone are optional. "
        "Type each answer in its own box.\n\n"
        "The name, email and phone are kept apart. Reviewers see only a code, such as A07.\n\n"
        "Press Ctrl+S to save, Escape to go back."
    )

    def __init__(self, service: PanelService, questions: list[Question]) -> None:
        super().__init__()
        self.service = service
        self.questions = questions

    def compose(self) -> ComposeResult:
        with FieldsForm(classes="dialog"):
            yield Static("Add an application", classes="dialog-title")
            yield Label("Name")
            yield Input(id="name", compact=True)
            yield Label("Email (optional)")
            yield Input(id="email", compact=True)
            yield Label("Phone (optional)")
            yield Input(id="phone", compact=True)
            if not self.questions:
                yield Static("There are no sift questions yet. Add them on the questions screen first.", classes="hint")
            for number, question in enumerate(self.questions, start=1):
                yield Label(plain(f"Answer {number}: {question.text}"))
                yield TextArea("", id=f"answer-{number}", soft_wrap=True, classes="short-text")
            yield from self.buttons()
        yield FittingFooter(compact=True)

    @on(Input.Submitted)
    def action_save(self) -> None:
        name = self.query_one("#name", Input).value
        if not name.strip():
            self.show_problem("Please type the name of the person who applied.")
            self.query_one("#name", Input).focus()
            return
        answers = {
            q.id: self.query_one(f"#answer-{number}", TextArea).text
            for number, q in enumerate(self.questions, start=1)
        }
        self.save_with(
            self.service.add_application, name, answers,
            email=self.query_one("#email", Input).value, phone=self.query_one("#phone", Input).value,
        )


class AnswerForm(FormModal[Any]):
    """Edit one answer by hand, as reviewers will read it; the original stays apart."""

    HELP = (
        "Change the answer so that it does not show who wrote it. For example, take out "
        "a name, a place of work or an email.\n\n"
        "The original answer is kept apart. Reviewers read only what you save here.\n\n"
        "Press Ctrl+S to save, Escape to go back."
    )

    def __init__(self, service: PanelService, applicant: Applicant | None, applicant_id: str, question: Question, text: str) -> None:
        super().__init__()
        self.service = service
        self.applicant_id = applicant_id
        self.question = question
        self.text = text
        self.code = applicant.code if applicant is not None else ""

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Static(plain(f"Edit applicant {self.code}'s answer"), classes="dialog-title")
            yield Static(plain(self.question.text), classes="now")
            yield TextArea(self.text, id="answer", soft_wrap=True, classes="short-text")
            yield Static(ORIGINAL_KEPT, classes="hint")
            yield from self.buttons()
        yield FittingFooter(compact=True)

    def on_mount(self) -> None:
        answer = self.query_one("#answer", TextArea)
        answer.focus()

    def action_save(self) -> None:
        self.save_with(self.service.redact, self.applicant_id, self.question.id, self.query_one("#answer", TextArea).text)


class DecisionForm(FormModal[SiftDecision | None]):
    """The panel's decision on one applicant: shortlisted or not, and why (a reason is needed)."""

    HELP = (
        "Say what the panel agreed for this applicant: invite them to interview, or not. "
        "Then write the reason. A reason is always needed. Those not invited keep it as their outcome.\n\n"
        "Press Ctrl+S to save, Escape to go back."
    )

    def __init__(self, service: PanelService, applicant_id: str, code: str, decision: SiftDecision | None = None) -> None:
        super().__init__()
        self.service = service
        self.applicant_id = applicant_id
        self.code = code
        self.decision = decision

    def compose(self) -> ComposeResult:
        d = self.decision
        with VerticalScroll(classes="dialog"):
            yield Static(plain(f"Decide on applicant {self.code}"), classes="dialog-title")
            yield Label("What did the panel agree?")
            with RadioSet(id="shortlisted"):
                yield Choice("Yes: shortlist, invite to interview", value=d is not None and d.shortlisted, id="yes")
                yield Choice("No: do not shortlist", value=d is not None and not d.shortlisted, id="no")
            yield Label("Why? (needed)")
            yield Input(d.reason if d else "", id="reason", compact=True)
            yield from self.buttons()
        yield FittingFooter(compact=True)

    @on(Input.Submitted, "#reason")
    def action_save(self) -> None:
        pressed = self.query_one("#shortlisted", RadioSet).pressed_button
        reason = self.query_one("#reason", Input).value
        if pressed is None:
            self.show_problem("Please choose yes or no first.")
            self.query_one("#shortlisted", RadioSet).focus()
            return
        if not reason.strip():
            self.show_problem("Please write the reason. A reason is always needed.")
            self.query_one("#reason", Input).focus()
            return
        self.save_with(self.service.decide_applicant, self.applicant_id, pressed.id == "yes", reason)

