"""The chair's feedback letters: each candidate with their letter's status; draft, edit, mark sent, print.

Every change goes through the save queue (`act`); what may be done, and the
letters themselves, come from the services (`PanelService.feedback_letters`).
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from ...export.letters import PrintedLetter
from ...services import PanelService
from ...services.letters import LetterLine
from ..text import cell, plain
from ..widgets.fitting_footer import FittingFooter
from .base import PanelScreen
from .confirm import ConfirmScreen
from .letter_form import LetterForm

SENT_CANNOT_CHANGE = "The letter to {code} was sent, so it cannot change."


def _option(line: LetterLine) -> Text:
    text = cell(line.label)
    outcome = line.outcome.value if line.outcome else "no outcome yet"
    text.append(f"  ·  {outcome}  ·  {line.status}")
    if line.names_panel_members:
        text.append("  ⚠ names a panel member", style="bold")
    return text


class LettersScreen(PanelScreen):
    BINDING_GROUP_TITLE = "Letters"
    HELP = (
        "Feedback letters to candidates. Each line shows a candidate, their outcome and their letter.\n\n"
        "D makes a draft from the agreed scores and reasons. It names no panel member and does not "
        "compare with anyone else.\n"
        "Enter or E opens the letter to change the words. Ctrl+S saves.\n"
        "M marks the letter as sent today. After that it cannot change.\n"
        "P writes the letter as a page to print and as plain text, and says where."
    )
    BINDINGS = [
        Binding("d", "draft", "Draft", id="draft", tooltip="Make a draft from the agreed scores and reasons"),
        Binding("enter,e", "edit", "Edit", id="edit", tooltip="Change the words of the letter", key_display="e"),
        Binding("m", "mark_sent", "Mark sent", id="mark_sent", tooltip="Record that the letter was sent today"),
        Binding("p", "print", "Print", id="print", tooltip="Write the letter as a page to print and as plain text"),
        Binding("escape", "back", "Back", id="back"),
    ]
    FOOTER_KEEP = ("draft", "edit", "mark_sent", "print", "back")
    DEFAULT_CSS = """
    LettersScreen #letter-list { height: auto; max-height: 8; margin: 0 1; }
    LettersScreen #letter-preview { height: 1fr; margin: 0 1; border-top: solid $primary; }
    """

    def __init__(self, service: PanelService) -> None:
        super().__init__()
        self.service = service
        self.lines: tuple[LetterLine, ...] = ()

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Feedback letters", classes="screen-title")
        yield OptionList(id="letter-list")
        with VerticalScroll(id="letter-preview"):
            yield Static("", id="letter-text")
        yield FittingFooter(compact=True)

    def on_mount(self) -> None:
        self.refresh_data()
        self.query_one("#letter-list", OptionList).focus()

    def on_screen_resume(self) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        lines = self.attempt(self.service.feedback_letters)
        if lines is None:
            return
        self.lines = lines
        options = self.query_one("#letter-list", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        for line in lines:
            options.add_option(Option(_option(line), id=line.candidate_id))
        if options.option_count:
            options.highlighted = min(highlighted or 0, options.option_count - 1)
        self._show_letter()

    @property
    def chosen(self) -> LetterLine | None:
        index = self.query_one("#letter-list", OptionList).highlighted
        if index is None or not 0 <= index < len(self.lines):
            return None
        return self.lines[index]

    @on(OptionList.OptionHighlighted)
    def _show_letter(self) -> None:
        line = self.chosen
        shown = self.query_one("#letter-text", Static)
        if line is None:
            shown.update("There are no candidates in this session yet.")
        elif line.outcome is None:
            shown.update(plain(f"{line.code} has no outcome yet. Record the outcome first, then draft the letter."))
        elif line.letter is None:
            shown.update(plain(f"No letter for {line.code} yet. Press D to make a draft."))
        else:
            text = Text()
            if line.names_panel_members:
                names = ", ".join(line.names_panel_members)
                text.append_text(plain(f"⚠ This letter names a panel member: {names}. Letters should name no panel member.\n\n", "bold"))
            text.append_text(plain(line.letter.text))
            shown.update(text)

    # Actions ---------------------------------------------------------------------

    def _with_letter(self, sent: str | None = None) -> LetterLine | None:
        """The chosen line if it has a letter (and, when `sent` is given, one not yet sent); else says why not."""
        line = self.chosen
        if line is None:
            return None
        if line.letter is None:
            self.say_problem(f"No letter for {line.code} yet. Press D to make a draft first.")
            return None
        if sent is not None and line.letter.sent_on is not None:
            self.say_problem(sent.format(code=line.code))
            return None
        return line

    def action_draft(self) -> None:
        line = self.chosen
        if line is None:
            return
        if line.outcome is None:
            self.say_problem(f"{line.code} has no outcome yet. Record the outcome first, then draft the letter.")
            return
        if line.letter is None:
            self.act("draft letter", self.service.draft_feedback_letter, line.candidate_id, done=self._drafted)
            return
        if line.letter.sent_on is not None:
            self.say_problem(SENT_CANNOT_CHANGE.format(code=line.code))
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.act(
                    "draft letter", self.service.draft_feedback_letter, line.candidate_id,
                    replace=True, version=line.version, done=self._drafted,
                )

        question = f"Start the letter to {line.code} again from a new draft? Your changes are replaced."
        self.app.push_screen(ConfirmScreen(question, "New draft"), answered)

    def _drafted(self, _: object) -> None:
        self.refresh_data()
        self.app.notify("Draft made. Press E to change the words.", title="Letter", markup=False)

    @on(OptionList.OptionSelected)
    def action_edit(self) -> None:
        line = self._with_letter(sent=SENT_CANNOT_CHANGE)
        if line is None:
            return
        self.app.push_screen(LetterForm(self.service, line), self._edited)

    def _edited(self, saved: object) -> None:
        self.refresh_data()
        line = self.chosen
        if saved is not None and line is not None and line.names_panel_members:
            names = ", ".join(line.names_panel_members)
            self.app.notify(
                f"Saved. The letter names a panel member: {names}. Letters should name no panel member.",
                title="Check the letter", severity="warning", markup=False, timeout=10,
            )

    def action_mark_sent(self) -> None:
        line = self._with_letter(sent="The letter to {code} is already marked sent.")
        if line is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.act(
                    "mark letter sent", self.service.mark_letter_sent, line.candidate_id,
                    version=line.version, done=lambda _: self.refresh_data(),
                )

        question = f"Mark the letter to {line.code} as sent today? After this, the letter cannot change."
        self.app.push_screen(ConfirmScreen(question, "Mark sent"), answered)

    def action_print(self) -> None:
        line = self._with_letter()
        if line is None:
            return
        self.act("print letter", self.service.print_feedback_letter, line.candidate_id, done=self._printed)

    def _printed(self, printed: PrintedLetter) -> None:
        self.app.notify(
            f"The letter is in {printed.html} (to print) and {printed.text.name} (plain text), in the same folder.",
            title="Letter written", markup=False, timeout=30,
        )

    def action_back(self) -> None:
        self.app.pop_screen()
