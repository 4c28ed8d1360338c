"""The sift, for a reviewer: one sift question at a time, every applicant's answer to it, one at a time.

Reads only `sift_overview` and `sift_queue`: codes and answers as redacted,
never a name, contact detail or answer as sent. Each reviewer reads the
answers in their own order (the queue's). A digit scores, as on the interview
scoring screen: the scale on screen changes at once, the save runs in the
app's save queue (`act`), and the screen moves on to the next answer.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.reactive import reactive
from textual.timer import Timer
from textual.widgets import DataTable, Header, Static, TextArea

from ...domain.errors import PanelError
from ...domain.scoring import check_score
from ...services import PanelService
from ..save_queue import SaveFinished
from ..text import cell, plain
from ..widgets.fitting_footer import FittingFooter
from ..widgets.scale_view import ScaleView
from ..widgets.tables import KeyedTable
from .base import PanelScreen
from .confirm import ConfirmScreen
from .scoring import NOTE_PAUSE_SECONDS

if TYPE_CHECKING:
    from ...services.sift_views import SiftItem, SiftOverview, SiftQueue


def _codes(codes: list[str], most: int = 6) -> str:
    if len(codes) > most:
        return f"{', '.join(codes[:most])} and {len(codes) - most} more"
    return ", ".join(codes)


class SiftScreen(PanelScreen):
    BINDING_GROUP_TITLE = "The sift"
    HELP = (
        "The sift: you score the written applications before the interviews. "
        "You see one question at a time, and each person's answer to it. You never see their name, "
        "only a code such as A07.\n\n"
        "Choose a question and press Enter to start. When you have scored every answer to it, "
        "submit it. Then start the next question.\n\n"
        "Nobody sees your scores until you submit. You do not see theirs."
    )
    BINDINGS = [
        Binding("enter", "start", "Start", id="start", tooltip="Score the answers to this question", priority=True),
        Binding("escape", "back", "Back", id="back", tooltip="Back to the overview"),
    ]
    FOOTER_KEEP = ("start", "back", "help")

    def __init__(self, service: PanelService) -> None:
        super().__init__()
        self.service = service
        self.overview: SiftOverview | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="status", classes="screen-title")
        yield KeyedTable("#", "Scored", "Sent", "Sift question", id="sift-questions")
        yield Static("", id="detail", classes="hint")
        yield FittingFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one("#sift-questions", KeyedTable).focus()

    def on_screen_resume(self) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        overview = self.attempt(self.service.sift_overview)
        if overview is None:
            return
        self.overview = overview
        status = self.query_one("#status", Static)
        if not overview.open:
            status.update("The sift is not open yet. The chair opens it when the applications are ready.")
        elif overview.all_submitted:
            status.update("✓ You have sent your scores for every sift question. Thank you.")
        else:
            done = sum(1 for q in overview.questions if q.submitted)
            status.update(f"The sift is open. You have sent {done} of {len(overview.questions)} question(s).")
        rows = [
            (
                q.question_id,
                [
                    Text(str(number)),
                    Text(f"{q.scored} of {q.total}"),
                    Text("✓ submitted" if q.submitted else "not yet"),
                    cell(q.text),
                ],
            )
            for number, q in enumerate(overview.questions if overview.open else [], start=1)
        ]
        self.query_one("#sift-questions", KeyedTable).fill(rows)
        self._show_detail()
        self.refresh_bindings()

    @on(DataTable.RowHighlighted, "#sift-questions")
    def _show_detail(self) -> None:
        detail = self.query_one("#detail", Static)
        key = self.query_one("#sift-questions", KeyedTable).highlighted_key
        row = next((q for q in self.overview.questions if q.question_id == key), None) if self.overview else None
        if row is None:
            detail.update("")
            return
        text = plain(row.text, "bold")
        if row.submitted:
            text.append("\n✓ Submitted. Press Enter to read your scores.")
        else:
            text.append(f"\nScored {row.scored} of {row.total}. Press Enter to {'go on' if row.scored else 'start'}.")
        detail.update(text)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "start":
            return self.overview is not None and self.overview.open and bool(self.overview.questions)
        return True

    def action_start(self) -> None:
        key = self.query_one("#sift-questions", KeyedTable).highlighted_key
        if key is not None:
            self.app.push_screen(SiftQuestionScreen(self.service, key))

    def action_back(self) -> None:
        self.app.pop_screen()


class SiftQuestionScreen(PanelScreen):
    DEFAULT_CSS = """
    SiftQuestionScreen #sift-question {
        height: auto;
        max-height: 35%;
        padding: 0 1;
        border-bottom: solid $primary;
    }
    SiftQuestionScreen #sift-question > Static {
        height: auto;
    }
    SiftQuestionScreen #answer-body {
        height: 1fr;
        min-height: 3;
        padding: 0 1;
    }
    SiftQuestionScreen #answer {
        height: auto;
    }
    SiftQuestionScreen #note {
        height: 3;
    }
    SiftQuestionScreen ScaleView {
        height: auto;
        padding: 0 1;
        border-top: solid $primary;
    }
    """
    BINDING_GROUP_TITLE = "Sifting"
    HELP = (
        "Read each answer and give it a score. Press a number key to score. It is saved at once, "
        "and the next answer comes up (press A to turn that off).\n\n"
        "Use the right and left arrows, or Page Down and Page Up, to move between answers. "
        "Use the up and down arrows to read a long answer.\n\n"
        "Press N to write a note. It saves as you type. Press Escape to leave the note.\n\n"
        "When every answer has a score, press S to submit. After that your scores cannot change. "
        "Nobody sees your scores until you submit."
    )
    BINDINGS = [
        *[Binding(str(d), f"score({d})", "Score", show=False, tooltip="Give this score") for d in range(10)],
        Binding("right", "move(1)", "Next", id="next", tooltip="The next answer", priority=True),
        Binding("left", "move(-1)", "Back", id="previous", show=False, tooltip="The previous answer", priority=True),
        Binding("pagedown", "move(1)", "Next answer", id="next-page", show=False, tooltip="The next answer", priority=True),
        Binding("pageup", "move(-1)", "Previous answer", id="previous-page", show=False, tooltip="The previous answer", priority=True),
        Binding("n", "note", "Note", id="note", tooltip="Write a note about this answer"),
        Binding("s", "submit", "Submit", id="submit", tooltip="Send your scores for this question"),
        Binding("a", "toggle_advance", "Auto", id="advance", tooltip="Move on after each score: on or off"),
        Binding("delete", "clear", "Clear", id="clear", show=False, tooltip="Clear the score for this answer"),
        Binding("escape", "done", "Done", id="done", tooltip="Back to the sift questions"),
    ]
    FOOTER_KEEP = ("score", "move", "submit", "note", "done", "help", "toggle_advance")

    auto_advance: reactive[bool] = reactive(True)
    """Move to the next answer after each score."""

    index: reactive[int] = reactive(0, init=False)
    """Which answer, in this reviewer's own order, is on screen."""

    def __init__(self, service: PanelService, question_id: str) -> None:
        super().__init__()
        self.service = service
        self.question_id = question_id
        self.queue: SiftQueue | None = self.attempt(service.sift_queue, question_id)
        self.items: list[SiftItem] = list(self.queue.items) if self.queue else []
        self.scores: dict[str, int] = {i.applicant_id: i.score for i in self.items if i.score is not None}
        self.notes: dict[str, str] = {i.applicant_id: i.note for i in self.items if i.note}
        self.submitted = bool(self.queue and self.queue.submitted)
        self.unsaved: set[str] = set()
        """Answers whose score is on screen but not saved yet."""
        self._note_timer: Timer | None = None
        first = self.queue.next_unscored() if self.queue else None
        self.set_reactive(SiftQuestionScreen.index, first or 0)
        if self.queue is not None:  # one footer entry for every digit of the scale, e.g. "0-4 Score"
            low, high = self.queue.scale.low, self.queue.scale.high
            digit = self._bindings.key_to_bindings[str(low)]
            digit[0] = replace(digit[0], show=True, key_display=f"{low}-{high}")

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="where", classes="screen-title")
        with VerticalScroll(id="sift-question", can_focus=False):
            yield Static("", id="question-text")
            yield Static("", id="guidance")
        with VerticalScroll(id="answer-body"):
            yield Static("", id="answer")
        yield ScaleView(id="scale")
        yield TextArea("", id="note", soft_wrap=True)
        yield Static("", id="saved", classes="hint")
        yield FittingFooter(compact=True)

    def on_mount(self) -> None:
        if self.queue is None:
            self.query_one("#question-text", Static).update("This sift question cannot be opened. Press Escape to go back.")
            return
        q = self.queue.question
        self.query_one("#question-text", Static).update(plain(q.text, "bold"))
        guidance = Text()
        if q.guidance:
            guidance.append("What a good answer shows:", style="underline")
            for point in q.guidance:
                guidance.append("\n • ")
                guidance.append_text(plain(point))
        self.query_one("#guidance", Static).update(guidance)
        self.query_one("#guidance", Static).display = bool(q.guidance)
        self.query_one("#answer-body", VerticalScroll).focus()
        if not self.items:
            self.query_one("#answer", Static).update("There are no applications to read.")
            return
        self._show_answer()
        if self.submitted:
            self._say("✓ You have submitted this question. Your scores can be read but not changed.")

    # Drawing -----------------------------------------------------------

    @property
    def item(self) -> SiftItem:
        return self.items[self.index]

    def _show_answer(self) -> None:
        assert self.queue is not None
        item = self.item
        self._show_where()
        answer = self.query_one("#answer", Static)
        answer.update(plain(item.answer) if item.answer.strip() else Text("(No answer was given.)", style="italic"))
        self.query_one("#answer-body", VerticalScroll).scroll_home(animate=False)
        self.query_one(ScaleView).show(self.queue.scale, self.queue.question, self.scores.get(item.applicant_id))
        note = self.query_one("#note", TextArea)
        note.load_text(self.notes.get(item.applicant_id, ""))
        note.display = bool(self.notes.get(item.applicant_id)) or note.has_focus
        note.read_only = self.submitted

    def _show_where(self) -> None:
        item = self.item
        scored = sum(1 for i in self.items if i.applicant_id in self.scores)
        where = Text()
        where.append(f"Answer {self.index + 1} of {len(self.items)}, applicant ")
        where.append_text(plain(item.code))
        where.append(f" · {scored} of {len(self.items)} scored")
        if self.submitted:
            where.append(" · ✓ submitted")
        elif not self.auto_advance:
            where.append(" · auto-advance off")
        if item.applicant_id in self.unsaved:
            where.append(" · ! not saved yet", style="bold")
        self.query_one("#where", Static).update(where)

    def _say(self, message: str) -> None:
        self.query_one("#saved", Static).update(Text(message))

    def watch_index(self) -> None:
        if self.items:
            self._show_answer()

    def watch_auto_advance(self) -> None:
        if self.is_mounted and self.items:
            self._show_where()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.queue is None or not self.items:
            return action in {"done"}
        if action == "move" and self.query_one("#note", TextArea).has_focus:
            return False  # arrows move the cursor inside a note
        if action in {"score", "note", "clear", "toggle_advance", "submit"} and self.submitted:
            return False  # a submitted sift cannot change: keys that would do nothing are not offered
        if action == "score" and parameters and parameters[0] not in self.queue.scale.points:
            return False  # only the digits of this session's scale are keys here
        return True

    # Scoring -----------------------------------------------------------

    def on_key(self, event: events.Key) -> None:
        """Digits are handled here, before bindings, as on the scoring screen."""
        if event.character and event.character.isdigit() and not self.query_one("#note", TextArea).has_focus:
            event.stop()
            event.prevent_default()
            self.action_score(int(event.character))

    def action_score(self, value: int) -> None:
        if self.queue is None or not self.items:
            return
        if self.submitted:
            self._say("✗ You have submitted this question. Submitted scores cannot be changed.")
            return
        try:
            check_score(self.queue.scale, value)
        except PanelError as error:
            self._say(f"✗ {error}")
            return
        item = self.item
        label = self.queue.scale.label(value)
        self.scores[item.applicant_id] = value
        self.query_one(ScaleView).selected = value
        self._say(f"{item.code}: {value} ({label}). Saving…")

        def saved(_: object, code: str = item.code, applicant_id: str = item.applicant_id) -> None:
            if self.scores.get(applicant_id) == value:
                self.unsaved.discard(applicant_id)
            self._say(f"✓ Saved: {code} scored {value} ({label}).{self._next_step()}")
            if self.items and self.is_mounted:
                self._show_where()

        def failed(message: SaveFinished, code: str = item.code, applicant_id: str = item.applicant_id) -> None:
            if message.outcome == "refused":
                self.say_problem(message.error or "Not saved.", "Not saved")
                self._reload()
                return
            if self.scores.get(applicant_id) == value:
                self.unsaved.add(applicant_id)
            self._say(f"✗ {code}: {value} is on screen but NOT saved. Press {value} again to try again.")
            self.say_problem(message.error or "Not saved.", "Not saved")
            self._show_where()

        self.act("sift score", self.service.sift_score, self.question_id, item.applicant_id, value, done=saved, failed=failed)
        if self.auto_advance and self.index + 1 < len(self.items):
            self._flush_note()
            self.index += 1
        else:
            self._show_where()

    def _unscored(self) -> list[str]:
        return [i.code for i in self.items if i.applicant_id not in self.scores]

    def _next_step(self) -> str:
        if self.submitted or self._unscored():
            return ""
        return " Every answer is scored: press S to submit."

    def action_clear(self) -> None:
        if self.submitted or not self.items or self.item.applicant_id not in self.scores:
            return
        item = self.item
        del self.scores[item.applicant_id]
        self.query_one(ScaleView).selected = None
        self._show_where()
        self.act("sift clear", self.service.sift_clear, self.question_id, item.applicant_id,
                 done=lambda _: self._say(f"✓ The score for {item.code} is cleared."))

    def action_move(self, step: int) -> None:
        self._flush_note()
        if self.items:
            self.index = max(0, min(len(self.items) - 1, self.index + step))

    def action_toggle_advance(self) -> None:
        self.auto_advance = not self.auto_advance

    def _reload(self) -> None:
        """After a refused save (e.g. submitted in another terminal), show what is really saved."""
        queue = self.attempt(self.service.sift_queue, self.question_id)
        if queue is None:
            return
        self.queue = queue
        by_id = {i.applicant_id: i for i in queue.items}
        self.items = [by_id.get(i.applicant_id, i) for i in self.items]
        self.scores = {i.applicant_id: i.score for i in queue.items if i.score is not None}
        self.notes = {i.applicant_id: i.note for i in queue.items if i.note}
        self.submitted = queue.submitted
        self.unsaved.clear()
        if self.items:
            self._show_answer()

    # Notes -------------------------------------------------------------

    def action_note(self) -> None:
        if self.submitted or not self.items:
            return
        note = self.query_one("#note", TextArea)
        note.display = True
        note.focus()
        self._say("Writing a note. It saves as you type. Escape: done.")

    @on(TextArea.Changed, "#note")
    def _note_typed(self) -> None:
        if self.submitted or not self.items:
            return
        if self._note_timer is not None:
            self._note_timer.stop()
        self._note_timer = self.set_timer(NOTE_PAUSE_SECONDS, self._flush_note)

    def _flush_note(self) -> None:
        """Save the note now if it changed: on a pause in typing, on moving, on leaving."""
        if self._note_timer is not None:
            self._note_timer.stop()
            self._note_timer = None
        if self.submitted or not self.items:
            return
        item = self.item
        text = self.query_one("#note", TextArea).text
        if text == self.notes.get(item.applicant_id, ""):
            return
        self.notes[item.applicant_id] = text

        def failed(message: SaveFinished, applicant_id: str = item.applicant_id) -> None:
            self.notes.pop(applicant_id, None)  # so the next pause in typing saves it again
            self._say("✗ Your note is on screen but NOT saved. Type a letter or press Escape to try again.")
            self.say_problem(message.error or "Not saved.", "Not saved")

        self.act("sift note", self.service.sift_note, self.question_id, item.applicant_id, text,
                 done=lambda _: self._say(f"✓ Note about {item.code} saved."), failed=failed)
        self._say(f"Note about {item.code} saving…")

    # Submitting and leaving ----------------------------------------------------

    def action_submit(self) -> None:
        if self.submitted or not self.items:
            return
        self._flush_note()
        missing = self._unscored()
        if missing:
            self._say(f"Not ready to submit. Still to score: {_codes(missing)}.")
            self.say_problem(f"Score every answer before you submit. Still to score: {_codes(missing)}.", "Not yet")
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.act("submit sift", self.service.submit_sift, self.question_id, done=self._submitted)

        self.app.push_screen(
            ConfirmScreen(
                f"Submit your {len(self.items)} scores for this question? After that they cannot change. "
                "The chair sees them only once you have submitted.",
                yes="Submit",
            ),
            answered,
        )

    def _submitted(self, _: object) -> None:
        self.submitted = True
        self.refresh_bindings()
        if self.items:
            self._show_answer()
        self._say("✓ Submitted. Thank you. Press Escape for the next question.")
        self.app.notify("Your scores for this question are submitted. Thank you.", markup=False)

    def action_done(self) -> None:
        note = self.query_one("#note", TextArea)
        if note.has_focus:
            self._flush_note()
            self.query_one("#answer-body", VerticalScroll).focus()
            note.display = bool(note.text)
            self._say("Note kept.")
            return
        self._flush_note()
        self.app.pop_screen()

    def flush(self) -> None:
        """Called by the app before quitting: nothing typed may be lost."""
        if self.is_mounted:
            self._flush_note()
