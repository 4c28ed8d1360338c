"""The redaction aid: one application's answers, with the names and contact details found in them marked.

A find is marked by brackets and by reversed, underlined letters, and listed
in words under its answer ("Found: a name (Sam)"), so it never rests on
colour. The chair or HR takes finds out (R) or edits an answer by hand (E);
the answers as sent are kept apart by the service, and this screen says so.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.reactive import reactive
from textual.widgets import Header, Static

from ...domain.models import Question
from ...domain.text import printable
from ...services import PanelService
from ...services.sift_views import applicant_of, application_of
from ..text import plain
from ..widgets.fitting_footer import FittingFooter
from .base import PanelScreen
from .confirm import ConfirmScreen

if TYPE_CHECKING:
    from ...domain.sift import Applicant, Application, FoundDetail

KIND_WORDS = {"name": "a name", "own name": "their own name", "email": "an email address", "phone": "a phone number"}
FOUND_STYLE = "bold reverse underline"
KEPT_APART = "The answers as sent are kept apart. Reviewers read only the answers shown here."


def marked(text: str, found: Iterable[FoundDetail]) -> Text:
    """The answer with each find in brackets, reversed and underlined: seen without colour."""
    out = Text()
    at = 0
    for detail in sorted(found, key=lambda f: (f.start, -f.end)):
        if detail.start < at:
            continue  # overlaps the find before it: that one is marked already
        out.append(printable(text[at:detail.start]))
        out.append(f"[{printable(text[detail.start:detail.end])}]", style=FOUND_STYLE)
        at = detail.end
    out.append(printable(text[at:]))
    return out


def found_list(found: list[FoundDetail]) -> Text:
    """'Found: a name (Sam), an email address (sam@example.org)'."""
    line = Text("Found: ", style="bold")
    line.append_text(plain(", ".join(f"{KIND_WORDS.get(f.kind, f.kind)} ({f.text})" for f in found)))
    return line


class RedactionScreen(PanelScreen):
    DEFAULT_CSS = """
    RedactionScreen #answers {
        height: 1fr;
        padding: 0 1;
    }
    RedactionScreen .answer-block {
        height: auto;
        margin-bottom: 1;
    }
    """
    BINDING_GROUP_TITLE = "Check an application"
    HELP = (
        "Check one application before the sift. Names, email addresses and phone numbers found "
        "in the answers are shown in brackets, like [Sam], and listed under each answer.\n\n"
        "Press R to take out everything found: each one becomes [removed]. "
        "Press E to edit the chosen answer yourself. Use the up and down arrows to choose an answer.\n\n"
        "The answers as sent are kept apart. Reviewers read only the answers on this screen. "
        "The finder can miss things, such as a place of work, so read each answer."
    )
    BINDINGS = [
        Binding("down", "choose(1)", "Next answer", id="next", key_display="↓", tooltip="Choose the next answer", priority=True),
        Binding("up", "choose(-1)", "Previous answer", id="previous", show=False, tooltip="Choose the previous answer", priority=True),
        Binding("r", "remove_found", "Remove found", id="remove", tooltip="Replace everything found with [removed]"),
        Binding("e", "edit", "Edit answer", id="edit", tooltip="Edit the chosen answer by hand"),
        Binding("pagedown", "page(1)", "Page down", id="page-down", show=False, tooltip="Read on"),
        Binding("pageup", "page(-1)", "Page up", id="page-up", show=False, tooltip="Read back"),
        Binding("escape", "back", "Back", id="back", tooltip="Back to the applications"),
    ]
    FOOTER_KEEP = ("remove_found", "edit", "back", "help", "choose")

    index: reactive[int] = reactive(0, init=False)
    """Which answer is chosen (for E)."""

    def __init__(self, service: PanelService, applicant_id: str) -> None:
        super().__init__()
        self.service = service
        self.applicant_id = applicant_id
        self.applicant: Applicant | None = None
        self.title_words = ""
        self.application: Application | None = None
        self.questions: list[Question] = []
        self.found: list[FoundDetail] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="where", classes="screen-title")
        yield VerticalScroll(id="answers")
        yield Static(KEPT_APART, id="kept-apart", classes="hint")
        yield FittingFooter(compact=True)

    def on_mount(self) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        view = self.attempt(self.service.applications_view)
        found = self.attempt(self.service.identifying_details, self.applicant_id)
        if view is None or found is None:
            return
        state = self.service.state
        self.applicant = self.attempt(applicant_of, state, self.applicant_id)
        self.application = application_of(state, self.applicant_id)
        answers = self.application.answers if self.application else {}
        known = {q.id for q in view.questions}
        self.questions = [q for q in view.questions if q.id in answers]
        self.questions += [q for q in state.questions if q.id in answers and q.id not in known]
        self.found = found
        self.title_words = next((f"{r.code} {r.name}" for r in view.rows if r.applicant_id == self.applicant_id), "")
        self.index = min(self.index, max(0, len(self.questions) - 1))
        self._draw()
        self.refresh_bindings()

    def _draw(self) -> None:
        where = plain(self.title_words)  # the read model's words: a chair who sifts reads the code only
        count = len(self.found)
        where.append(f"  ·  ⚑ {count} found to check" if count else "  ·  ✓ nothing found")
        self.query_one("#where", Static).update(where)
        scroll = self.query_one("#answers", VerticalScroll)
        blocks = list(scroll.query(".answer-block").results(Static))
        wanted = max(1, len(self.questions))
        if len(blocks) != wanted:
            for block in blocks:
                block.remove()
            blocks = [Static("", classes="answer-block") for _ in range(wanted)]
            scroll.mount_all(blocks)
        if not self.questions:
            blocks[0].update("This application has no answers.")
            return
        for number, (question, block) in enumerate(zip(self.questions, blocks, strict=True)):
            block.update(self._block(number, question))
        chosen = blocks[self.index]
        self.call_after_refresh(chosen.scroll_visible, top=True, animate=False)

    def _block(self, number: int, question: Question) -> Text:
        answers = self.application.answers if self.application else {}
        original = self.application.original if self.application else {}
        chosen = number == self.index
        here = [f for f in self.found if f.question_id == question.id]
        block = Text("▶ " if chosen else "  ", style="bold")
        block.append(f"Answer {number + 1} of {len(self.questions)}", style="bold underline" if chosen else "bold")
        block.append(f" · {len(here)} found" if here else " · nothing found")
        if question.id in original:
            block.append(" · ✎ edited (the original is kept apart)")
        block.append("\n")
        block.append_text(plain(question.text, "italic"))
        block.append("\n")
        block.append_text(marked(answers.get(question.id, ""), here))
        if here:
            block.append("\n")
            block.append_text(found_list(here))
        return block

    def watch_index(self) -> None:
        if self.is_mounted:
            self._draw()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "remove_found":
            return bool(self.found)
        if action in {"edit", "choose"}:
            return bool(self.questions)
        return True

    def action_choose(self, step: int) -> None:
        if self.questions:
            self.index = max(0, min(len(self.questions) - 1, self.index + step))

    def action_page(self, pages: int) -> None:
        scroll = self.query_one("#answers", VerticalScroll)
        scroll.scroll_to(y=scroll.scroll_y + pages * scroll.scrollable_content_region.height, animate=False)

    def action_remove_found(self) -> None:
        count = len(self.found)
        if not count:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.act("remove found", self.service.redact_found, self.applicant_id, done=lambda _: self._removed(count))

        self.app.push_screen(
            ConfirmScreen(f"Replace the {count} found name(s) and contact details with [removed]? {KEPT_APART}", yes="Replace"),
            answered,
        )

    def _removed(self, count: int) -> None:
        self.app.notify(f"{count} found detail(s) replaced with [removed]. The original is kept apart.", markup=False, timeout=6)
        self.refresh_data()

    def action_edit(self) -> None:
        from .sift_forms import AnswerForm

        if not self.questions:
            return
        question = self.questions[self.index]
        text = self.application.answers.get(question.id, "") if self.application else ""

        def saved(result: object) -> None:
            if result is not None:
                self.app.notify("Answer saved. The original is kept apart.", markup=False, timeout=5)
                self.refresh_data()

        self.app.push_screen(AnswerForm(self.service, self.applicant, self.applicant_id, question, text), saved)

    def action_back(self) -> None:
        self.app.pop_screen()
