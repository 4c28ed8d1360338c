"""One panel member's recognition record on screen: P prints it to a file; the chair confirms it with C.

What a person did in the round, their time and role, and who confirmed it,
from the read model (`PanelService.recognition_record`), which lets a person
read their own and the chair and HR anyone's. It never shows money. The
page to print is written by `PanelService.print_recognition`, off the event
loop; the screen says where it went.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Header, Static

from ...domain.reciprocity import day_in_words, minutes_in_words
from ...export.recognition import RecognitionRecord
from ...services import PanelService, Right
from ..text import plain
from ..widgets.fitting_footer import FittingFooter
from .base import PanelScreen


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def record_text(record: RecognitionRecord) -> Text:
    """The record as the printed page says it, in lines."""
    text = plain(record.name, "bold")
    text.append(f"\n{record.role} ({record.group})\n")
    text.append_text(plain(f"{record.vacancy}, {record.organisation}" if record.organisation else record.vacancy))
    text.append(f", {record.when}\n\n")
    text.append("What they did\n", style="bold underline")
    if record.interviews:
        text.append(f"• Sat on the panel for {_count(record.interviews, 'interview', 'interviews')}.\n")
    if record.candidates_agreed:
        text.append(f"• Agreed the scores with the panel for {_count(record.candidates_agreed, 'candidate', 'candidates')}.\n")
    wrote = sum(1 for q in record.questions if q.wrote)
    improved = len(record.questions) - wrote
    if wrote:
        text.append(f"• Wrote {_count(wrote, 'question', 'questions')}.\n")
    if improved:
        text.append(f"• Improved {_count(improved, 'question', 'questions')} written with others.\n")
    if record.questions:
        text.append(f"• {_count(record.used, 'of these questions was', 'of these questions were')} used at interview.\n")
    for q in record.questions:
        text.append("    ")
        text.append_text(plain(q.words))
        text.append(f" ({'wrote it' if q.wrote else 'improved it'}; {'used' if q.used else 'not used'})\n")
    if record.supported:
        text.append(f"• Supported {_count(record.supported, 'question', 'questions')} proposed by others.\n")
    text.append("\nTime given\n", style="bold underline")
    for part in record.time:
        text.append(f"{part.label}: {minutes_in_words(part.minutes)}\n")
    text.append(f"In all: {minutes_in_words(record.total_minutes)}\n\n", style="bold")
    if record.confirmed and record.confirmed_on is not None:
        text.append("✓ Confirmed by ", style="bold")
        text.append_text(plain(record.confirmed_by or "", "bold"))
        text.append(f" on {day_in_words(record.confirmed_on)}.", style="bold")
    else:
        text.append("Not yet confirmed by the chair.")
    return text


class RecognitionScreen(PanelScreen):
    BINDING_GROUP_TITLE = "Recognition record"
    DEFAULT_CSS = """
    RecognitionScreen #record {
        height: 1fr;
        padding: 0 1;
    }
    RecognitionScreen #printed {
        height: auto;
        padding: 0 1;
    }
    """
    HELP = (
        "A record of what this person gave to the round: what they did, the time they gave and their role. "
        "They can show it for a CV or a reference. It never shows money.\n\n"
        "P writes the record as a page to print, and says where it is. Open it in a web browser to print it.\n"
        "The chair checks the record and presses C to confirm it. "
        "The chair's name and the date then go on it.\n\n"
        "Escape goes back."
    )
    BINDINGS = [
        Binding("p", "print", "Print", id="print", tooltip="Write the record as a page to print"),
        Binding("c", "confirm", "Confirm", id="confirm", tooltip="The chair confirms the record"),
        Binding("escape", "back", "Back", id="back"),
    ]

    def __init__(self, service: PanelService, member_id: str) -> None:
        super().__init__()
        self.service = service
        self.member_id = member_id

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Recognition record", classes="screen-title")
        with VerticalScroll(id="record"):
            yield Static("", id="words")
        yield Static("", id="printed", classes="hint")
        yield FittingFooter(compact=True)

    def on_mount(self) -> None:
        self.refresh_data()
        self.query_one("#record").focus()

    def refresh_data(self) -> None:
        record = self.attempt(self.service.recognition_record, self.member_id)
        if record is not None:
            self.query_one("#words", Static).update(record_text(record))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "confirm":
            return self.service.actor.may(Right.CONFIRM_RECOGNITION)  # only the chair sees and uses C
        return True

    def action_print(self) -> None:
        def printed(path: Path) -> None:
            self.query_one("#printed", Static).update(Text(f"✓ Written: {path}. Open it in a web browser to print it."))
            self.app.notify(f"The record is in {path}.", title="Written", markup=False, timeout=10)

        self.act("recognition record", self.service.print_recognition, self.member_id, done=printed)

    def action_confirm(self) -> None:
        def confirmed(_: object) -> None:
            self.refresh_data()
            self.app.notify("Confirmed: your name and today's date are on the record.", markup=False)

        self.act("confirm recognition", self.service.confirm_recognition, self.member_id, done=confirmed)

    def action_back(self) -> None:
        self.dismiss(None)
