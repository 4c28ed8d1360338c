"""Edit one feedback letter: a large text box that keeps what was typed until it is saved.

Ctrl+S saves through the save queue (`FormModal.save_with`): a refusal is
shown beside the buttons and every word stays in the box; someone else's
newer edit is shown beside this one, to choose. Escape with changes not yet
saved asks first.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static, TextArea

from ...services import PanelService
from ...services.letters import LetterLine
from ..text import cell
from ..widgets.fitting_footer import FittingFooter
from .base import FormModal
from .confirm import ConfirmScreen


class LetterForm(FormModal[object]):
    HELP = (
        "Write the letter in your own words. It starts from the draft.\n\n"
        "Name no panel member. Do not compare the candidate with anyone else.\n\n"
        "Ctrl+S saves. Escape goes back. If you have changed the words, you are asked first."
    )
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="save", tooltip="Save the letter"),
        Binding("escape", "cancel", "Back", id="cancel", tooltip="Back to the letters"),
    ]
    DEFAULT_CSS = """
    LetterForm > .dialog { width: 100%; height: 1fr; max-height: 100%; }
    LetterForm #letter-text { height: 1fr; min-height: 4; }
    """

    def __init__(self, service: PanelService, line: LetterLine) -> None:
        super().__init__()
        self.service = service
        self.line = line
        self.version = line.version
        self.start_text = line.letter.text if line.letter else ""

    def compose(self) -> ComposeResult:
        title = cell(f"Letter to {self.line.label}")
        with Vertical(classes="dialog"):
            yield Static(title, classes="dialog-title")
            yield TextArea(self.start_text, id="letter-text", soft_wrap=True)
            yield from self.buttons()
        yield FittingFooter(compact=True)

    @property
    def typed(self) -> str:
        return self.query_one("#letter-text", TextArea).text

    def action_save(self) -> None:
        self.save_with(
            self.service.edit_feedback_letter, self.line.candidate_id, labels={"text": "Letter"}, text=self.typed,
        )

    def action_cancel(self) -> None:
        if self.typed.strip() == self.start_text.strip():
            self.dismiss(None)
            return

        def answered(leave: bool | None) -> None:
            if leave:
                self.dismiss(None)

        self.app.push_screen(ConfirmScreen("Leave without saving? Your changes to the letter are lost.", "Leave"), answered)
