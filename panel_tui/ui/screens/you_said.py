""""You said, we did": the signed-in person's own page, once every candidate has a final outcome.

What it shows comes from the services (`PanelService.you_said`): their own
questions, their scores beside the agreed ones as distance only, each
candidate's outcome, and the chair's words. The chair writes those words here
(W). P writes the page to print. R opens the person's own record of what they
gave (the recognition record).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Header, Static, TextArea

from ...domain.you_said import YouSaid
from ...services import PanelService, Right, version_of
from ...services.you_said import PANEL_DIFFERENCE_FIELDS
from ..text import plain
from ..widgets.fitting_footer import FittingFooter
from .base import FormModal, PanelScreen

RECOGNITION_MODULE = "panel_tui.ui.screens.recognition"


def page_text(page: YouSaid) -> Text:
    """The page as the screen shows it: headings, then short lines."""
    text = Text()
    if not page.ready:
        text.append_text(plain(page.waiting))
        return text
    text.append("What changed because of the panel\n", style="bold underline")
    if page.panel_difference:
        text.append_text(plain(page.panel_difference))
        text.append("\n(In the chair's own words.)\n", style="dim")
    else:
        text.append("The chair has not written this yet.\n")
    text.append("\nYour questions\n", style="bold underline")
    if not page.questions:
        text.append("You did not write or improve a question this time.\n")
    for question in page.questions:
        text.append_text(plain(f"• {question.text}\n", "bold"))
        text.append(f"  {question.words}\n")
    text.append("\nYour scores and the agreed scores\n", style="bold underline")
    text.append("How far your score was from the agreed score. Distance only: nobody else's scores.\n", style="dim")
    for candidate in page.candidates:
        text.append_text(plain(f"\n{candidate.label}: {candidate.outcome}\n", "bold"))
        text.append(f"  {candidate.sentence}\n")
        for line in candidate.lines:
            text.append(f"  Question {line.number}: {line.words}\n")
    if page.question_texts:
        text.append("\nThe questions\n", style="bold underline")
        for number, words in enumerate(page.question_texts, start=1):
            text.append_text(plain(f"{number}. {words}\n"))
    return text


class PanelDifferenceForm(FormModal[object]):
    HELP = (
        "Write, in your own words, what changed because of the panel. "
        "Every panel member reads it in their 'you said, we did'.\n\n"
        "Ctrl+S saves. Escape goes back."
    )
    DEFAULT_CSS = """
    PanelDifferenceForm #difference { height: auto; min-height: 6; max-height: 12; }
    """

    def __init__(self, service: PanelService) -> None:
        super().__init__()
        self.service = service
        session = service.state.session
        self.current = session.panel_difference
        self.version_fields = PANEL_DIFFERENCE_FIELDS
        self.version = version_of(session, PANEL_DIFFERENCE_FIELDS)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("What changed because of the panel", classes="dialog-title")
            yield Static("Every panel member reads this in their 'you said, we did'.")
            yield TextArea(self.current, id="difference", soft_wrap=True)
            yield from self.buttons()
        yield FittingFooter(compact=True)

    def action_save(self) -> None:
        text = self.query_one("#difference", TextArea).text
        self.save_with(self.service.set_panel_difference, labels={"text": "What changed"}, text=text)


class YouSaidScreen(PanelScreen):
    BINDING_GROUP_TITLE = "You said, we did"
    HELP = (
        "You said, we did: what happened to what you gave to this round.\n\n"
        "You see the questions you wrote or made better, and if the panel used them. "
        "You see how far each of your scores was from the score the panel agreed. "
        "You see only the distance, never anyone else's scores. "
        "You see what happened to each candidate, and what the chair says changed because of the panel.\n\n"
        "P writes this page to print. R shows your record of what you gave. "
        "The chair can press W to write what changed."
    )
    BINDINGS = [
        Binding("p", "print", "Print", id="print", tooltip="Write this page to print, and say where"),
        Binding("r", "record", "My record", id="record", tooltip="Your record of what you gave to this round"),
        Binding("w", "write", "Write what changed", id="write", tooltip="The chair's words on what changed because of the panel"),
        Binding("escape", "back", "Back", id="back"),
    ]
    FOOTER_KEEP = ("print", "record", "write", "back")
    DEFAULT_CSS = """
    YouSaidScreen #you-said { height: 1fr; padding: 0 1; }
    """

    def __init__(self, service: PanelService) -> None:
        super().__init__()
        self.service = service
        self.page: YouSaid | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("You said, we did", classes="screen-title", id="you-said-title")
        with VerticalScroll(id="you-said"):
            yield Static("", id="you-said-text")
        yield FittingFooter(compact=True)

    def on_mount(self) -> None:
        self.refresh_data()
        self.query_one("#you-said").focus()

    def refresh_data(self) -> None:
        page = self.attempt(self.service.you_said)
        if page is None:
            return
        self.page = page
        title = Text("You said, we did: ")
        title.append_text(plain(page.name))
        self.query_one("#you-said-title", Static).update(title)
        self.query_one("#you-said-text", Static).update(page_text(page))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """W is the chair's (the rights table says who); R shows once the recognition record exists."""
        if action == "write":
            return self.service.actor.may(Right.WRITE_FEEDBACK)
        if action == "record":
            return importlib.util.find_spec(RECOGNITION_MODULE) is not None
        return True

    def action_print(self) -> None:
        if self.page is not None and not self.page.ready:
            self.say_problem(self.page.waiting)
            return
        self.act("print you said, we did", self.service.print_you_said, done=self._printed)

    def _printed(self, path: Path) -> None:
        self.app.notify(
            f"Your page is in {path}. Open it in a web browser to print it. Candidates are shown by code only.",
            title="Page written", markup=False, timeout=30,
        )

    def action_record(self) -> None:
        module = importlib.import_module(RECOGNITION_MODULE)
        self.app.push_screen(module.RecognitionScreen(self.service, self.service.actor.id))

    def action_write(self) -> None:
        self.app.push_screen(PanelDifferenceForm(self.service), lambda _: self.refresh_data())

    def action_back(self) -> None:
        self.app.pop_screen()
