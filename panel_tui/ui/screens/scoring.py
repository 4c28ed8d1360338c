"""Scoring one candidate: one question at a time, a digit a score, saved at once.

A digit updates only the scale and the sheet line on screen, then the save
runs in the app's save queue, off the event loop and in the order typed.
Notes save as they are typed, after a short pause, and whenever the member
leaves the question or the screen. A save that has to wait (another
terminal holds the session) or fails keeps the score on screen, marked as
not saved, and says so in plain words.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.reactive import reactive
from textual.timer import Timer
from textual.widgets import Header, Static, TextArea

from ...domain.easy_read import easy_read_lines
from ...domain.errors import PanelError
from ...domain.models import WORDING_OFFERED, WORDING_SHOWN, Question, Wording
from ...domain.scoring import check_score
from ...domain.text import printable
from ...services import PanelService, sheet_for_scoring
from ..save_queue import SaveFinished, SaveWaiting
from ..widgets.fitting_footer import FittingFooter
from ..widgets.interview_timer import InterviewTimer
from ..widgets.scale_view import ScaleView
from ..widgets.sheet_strip import SheetStrip
from .base import PanelScreen

NOTE_PAUSE_SECONDS = 0.6


@dataclass
class KeyTimings:
    """Key-to-screen and key-to-disk times, measured inside the app (see bench/ui_bench.py)."""

    to_screen: list[float] = field(default_factory=list)
    to_disk: list[float] = field(default_factory=list)


class ScoringScreen(PanelScreen):
    BINDING_GROUP_TITLE = "Scoring"
    HELP = (
        "Score the candidate's answer to each question.\n\n"
        "Press a number key to give your score. It is saved at once, and the screen "
        "moves to the next question (press A to turn that off). Use the left and right "
        "arrow keys to move between questions.\n\n"
        "Press N to write a note for this question; it saves as you type. Press Escape "
        "to leave the note.\n"
        "Press V to see your whole sheet and submit it. Once submitted, it cannot change.\n"
        "Press L to read the question another way: as written, in plain words, or in Easy Read "
        "(when the question has them). "
        "Press T to start or pause the interview timer.\n\n"
        "The screen starts the way your profile says (P on the overview): "
        "the words you chose, moving on or not, and a timer or none.\n\n"
        "Nobody sees your scores until you have submitted your own sheet."
    )
    BINDINGS = [
        *[Binding(str(d), f"score({d})", "Score", show=False, tooltip="Give this score") for d in range(10)],
        Binding("right", "move(1)", "Next", id="next", tooltip="The next question", priority=True),
        Binding("left", "move(-1)", "Back", id="previous", show=False, tooltip="The previous question", priority=True),
        Binding("n", "note", "Note", id="note", tooltip="Write a note for this question"),
        Binding("v", "sheet", "Sheet", id="sheet", tooltip="See the whole sheet and submit it"),
        Binding("s", "submit", "Submit", id="submit", show=False, tooltip="Check the whole sheet and submit it"),
        Binding("a", "toggle_advance", "Auto", id="advance", tooltip="Move on after each score: on or off"),
        Binding("l", "toggle_plain", "Wording", id="plain", show=False, tooltip="The question as written, in plain words or in Easy Read"),
        Binding("t", "timer", "Timer", id="timer", show=False, tooltip="Start or pause the interview timer"),
        Binding("delete", "clear", "Clear", id="clear", show=False, tooltip="Clear the score for this question"),
        Binding("escape", "done", "Done", id="done", tooltip="Back to the list of candidates"),
    ]

    auto_advance: reactive[bool] = reactive(True)
    """Move to the next question after each score."""

    index: reactive[int] = reactive(0, init=False)
    """Which question of the agreed set is on screen."""

    def __init__(self, service: PanelService, member_id: str, candidate_id: str, timings: KeyTimings | None = None) -> None:
        super().__init__()
        self.service = service
        self.member_id = member_id
        self.candidate_id = candidate_id
        self.timings = timings
        sheet = sheet_for_scoring(service.view(), member_id, candidate_id)
        self.questions: list[Question] = list(sheet.questions)
        self.scores: dict[str, int] = sheet.scores
        self.notes: dict[str, str] = sheet.notes
        self.submitted = sheet.submitted
        self.member = sheet.member
        self.profile = sheet.profile
        """How the person at the keys likes to work (their access profile): applied as the screen opens."""
        self.wanted = self.profile.wording
        """The version of the words this person chose; a question without it shows the nearest one."""
        self.set_reactive(ScoringScreen.auto_advance, self.profile.auto_advance)
        self.scale = sheet.scale
        self.candidate_label = sheet.candidate_label
        self.on_behalf = sheet.on_behalf
        self.unsaved: set[str] = set()
        """Questions whose score is on screen but not saved yet."""
        self.waiting = ""
        """Why saves are waiting just now (another terminal holds the session), or "" when they are not."""
        self._note_timer: Timer | None = None
        self._first_unscored()
        # One footer entry for all the digits of this session's scale, e.g. "0-4 Score".
        low, high = self.scale.low, self.scale.high
        first = self._bindings.key_to_bindings[str(low)]
        first[0] = replace(first[0], show=True, key_display=f"{low}-{high}")

    def _first_unscored(self) -> None:
        for i, q in enumerate(self.questions):
            if q.id not in self.scores:
                self.set_reactive(ScoringScreen.index, i)
                return

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="where", classes="screen-title")
        with VerticalScroll(id="question-body"):
            yield Static("", id="question-text", classes="question-text")
            yield ScaleView(id="scale")  # the scale first: a magnified screen (60x20) still shows every score
            yield Static("", id="guidance", classes="guidance")
        yield TextArea("", id="note", soft_wrap=True)
        yield SheetStrip(id="strip")
        yield Static("", id="saved", classes="hint")
        yield InterviewTimer(id="timer", shown=self.profile.timer, extra_minutes=self.profile.extra_minutes)
        yield FittingFooter(compact=True)

    def on_mount(self) -> None:
        if not self.questions:
            self.query_one("#question-text", Static).update(
                "There are no agreed questions yet. The chair agrees and locks the questions first."
            )
            return
        self._show_question()
        if self.submitted:
            self._say("This sheet is submitted. It can be read but not changed.")

    # Drawing -----------------------------------------------------------

    @property
    def question(self) -> Question:
        return self.questions[self.index]

    def _show_question(self) -> None:
        q = self.question
        where = Text()
        who = f"{self.member.name}'s paper sheet for " if self.on_behalf else ""
        where.append(printable(f"{who}{self.candidate_label}"))
        where.append(f"  ·  Question {self.index + 1} of {len(self.questions)}")
        where.append("  ·  auto-advance on" if self.auto_advance else "  ·  auto-advance off")
        if self.submitted:
            where.append("  ·  ✓ submitted")
        self.query_one("#where", Static).update(where)
        shown = q.shown_wording(self.wanted)
        words = q.words(shown)
        if shown is Wording.EASY_READ:
            words = "\n".join(easy_read_lines(words))  # one sentence a line, as Easy Read is laid out
        heading = Text(printable(words), style="bold")
        if len(q.wordings) > 1:
            offered = WORDING_OFFERED[q.next_wording(shown)]
            heading.append(f"\n{WORDING_SHOWN[shown]}. Press L for {offered}.", style="dim")
        self.query_one("#question-text", Static).update(heading)
        guidance = Text()
        if q.guidance:
            guidance.append("What a good answer shows:\n", style="underline")
            for point in q.guidance:
                guidance.append(f" • {printable(point)}\n")
        guidance.rstrip()
        self.query_one("#guidance", Static).update(guidance)
        self.query_one(ScaleView).show(self.scale, q, self.scores.get(q.id))
        note = self.query_one("#note", TextArea)
        note.load_text(self.notes.get(q.id, ""))
        note.display = bool(self.notes.get(q.id)) or note.has_focus
        note.read_only = self.submitted
        self._show_strip()

    def _show_strip(self) -> None:
        unsaved = {i for i, q in enumerate(self.questions) if q.id in self.unsaved}
        self.query_one(SheetStrip).show([self.scores.get(q.id) for q in self.questions], self.index, unsaved)

    def _say(self, message: str) -> None:
        self.query_one("#saved", Static).update(Text(message))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "move" and self.is_mounted and self.query_one("#note", TextArea).has_focus:
            return False  # arrows move the cursor inside a note
        if action in {"score", "note", "clear", "toggle_advance", "submit"} and self.submitted:
            return False  # a submitted sheet cannot change: keys that would do nothing are not offered
        if action == "score" and parameters and parameters[0] not in self.scale.points:
            return False  # only the digits of this session's scale are keys here
        if action == "timer" and not self.profile.timer:
            return False  # their profile says no timer: none on screen, and no key for one
        return True

    def watch_index(self) -> None:
        if self.questions:
            self._show_question()

    def watch_auto_advance(self) -> None:
        if self.is_mounted and self.questions:
            self._show_question()

    # Scoring -----------------------------------------------------------

    def on_key(self, event: events.Key) -> None:
        """Digits are handled here, before bindings, so the key time is the event's own."""
        if event.character and event.character.isdigit() and not self.query_one("#note", TextArea).has_focus:
            event.stop()
            event.prevent_default()
            self._score(int(event.character), event.time)

    def action_score(self, value: int) -> None:
        self._score(value, time.monotonic())

    def _score(self, value: int, key_time: float) -> None:
        if not self.questions:
            return
        if self.submitted:
            self._say("✗ This sheet is submitted. Submitted scores cannot be changed.")
            return
        try:
            check_score(self.scale, value)
        except PanelError as error:
            self._say(f"✗ {error}")
            return
        q = self.question
        self.scores[q.id] = value
        self.query_one(ScaleView).selected = value
        if self.waiting:  # saves are queued behind one that waits: say so, not "Saving…"
            self.unsaved.add(q.id)
        self._show_strip()
        if self.waiting:
            self._say(f"Question {self.index + 1}: {value} ({self.scale.label(value)}). … {self.waiting}")
        else:
            self._say(f"Question {self.index + 1}: {value} ({self.scale.label(value)}). Saving…")
        if self.timings is not None:
            self.call_after_refresh(self._record_screen_time, key_time)
        self.saves.submit(
            "score", self.service.record_score, self.member_id, self.candidate_id, q.id, value,
            reply_to=self, tag=(self.index, value, q.id), started=key_time,
        )
        if self.auto_advance and self.index + 1 < len(self.questions):
            self.index += 1

    def _record_screen_time(self, key_time: float) -> None:
        assert self.timings is not None
        self.timings.to_screen.append(time.monotonic() - key_time)

    @on(SaveWaiting)
    def _waiting(self, message: SaveWaiting) -> None:
        if message.label == "score":
            self.unsaved.add(message.tag[2])
            self._show_strip()
        if message.label in ("score", "note", "clear", "submit"):
            self.waiting = message.reason
            self._say(f"… {message.reason}")

    @on(SaveFinished)
    def _saved(self, message: SaveFinished) -> None:
        if message.label not in ("score", "note", "clear", "submit"):
            return
        self.waiting = ""
        if message.outcome == "failed":
            self._not_saved(message)
            return
        if message.outcome == "refused":
            self.say_problem(message.error or "Not saved.", "Not saved")
            self._reload_from_file()
            return
        if message.label == "score":
            if self.timings is not None:
                self.timings.to_disk.append(message.finished - message.started)
            number, value, question_id = message.tag
            if self.scores.get(question_id) == value:
                self.unsaved.discard(question_id)
                self._show_strip()
            self._say(f"✓ Saved: question {number + 1} scored {value} ({self.scale.label(value)}).{self._next_step()}")
        elif message.label == "note":
            self._say("✓ Note saved.")
        elif message.label == "submit":
            self.submitted = True
            self._show_question()
            self.app.notify("Sheet submitted. Thank you.", markup=False)

    def _next_step(self) -> str:
        """Once every question has a score, say how to finish: the sheet is not sent until submitted."""
        if self.submitted or any(q.id not in self.scores for q in self.questions):
            return ""
        return " All scored: press S to submit, or V to check first."

    def _not_saved(self, message: SaveFinished) -> None:
        """Busy or disk trouble after every retry, or a damaged file: keep what was typed, say so plainly."""
        if message.label == "score":
            number, value, question_id = message.tag
            if self.scores.get(question_id) == value:
                self.unsaved.add(question_id)
                self._show_strip()
            self._say(f"✗ Question {number + 1}: {value} is on screen but NOT saved. Press {value} again to try again.")
        elif message.label == "note":
            self._say("✗ Your note is on screen but NOT saved. Type a letter or press Escape to try again.")
            self.notes.pop(message.tag, None)  # so the next pause in typing saves it again
        else:
            self._say("✗ Not saved. Please try again in a moment.")
        self.say_problem(message.error or "Not saved.", "Not saved")

    def _reload_from_file(self) -> None:
        """After a refused save (e.g. another terminal submitted this sheet), show what is really saved."""
        view = self.attempt(self.service.view)
        sheet = self.attempt(sheet_for_scoring, view, self.member_id, self.candidate_id) if view else None
        if sheet is None:
            return  # the file cannot be read just now: keep what is on screen
        self.scores = sheet.scores
        self.notes = sheet.notes
        self.submitted = sheet.submitted
        self.unsaved.clear()
        if self.questions:
            self._show_question()

    def action_clear(self) -> None:
        if self.submitted or not self.questions or self.question.id not in self.scores:
            return
        q = self.question
        del self.scores[q.id]
        self.query_one(ScaleView).selected = None
        self._show_strip()
        self.saves.submit("clear", self.service.clear_score, self.member_id, self.candidate_id, q.id, reply_to=self)

    def action_move(self, step: int) -> None:
        self._flush_note()
        if self.questions:
            self.index = max(0, min(len(self.questions) - 1, self.index + step))

    def action_toggle_advance(self) -> None:
        self.auto_advance = not self.auto_advance

    def action_toggle_plain(self) -> None:
        """L: the next version of the words this question has (as written, plain words, Easy Read), round again."""
        if not self.questions:
            return
        q = self.question
        if len(q.wordings) < 2:
            self._say("This question has only one wording.")
            return
        self.wanted = q.next_wording(q.shown_wording(self.wanted))
        self._show_question()

    def action_timer(self) -> None:
        self.query_one(InterviewTimer).toggle()

    # Notes -------------------------------------------------------------

    def action_note(self) -> None:
        if self.submitted or not self.questions:
            return
        note = self.query_one("#note", TextArea)
        note.display = True
        note.focus()
        self._say("Writing a note: it saves as you type. Press Escape when done.")

    @on(TextArea.Changed, "#note")
    def _note_typed(self) -> None:
        if self.submitted or not self.questions:
            return
        if self._note_timer is not None:
            self._note_timer.stop()
        self._note_timer = self.set_timer(NOTE_PAUSE_SECONDS, self._flush_note)

    def _flush_note(self) -> None:
        """Save the note now if it changed: on a pause in typing, on moving, on leaving."""
        if self._note_timer is not None:
            self._note_timer.stop()
            self._note_timer = None
        if self.submitted or not self.questions:
            return
        q = self.question
        text = self.query_one("#note", TextArea).text
        if text == self.notes.get(q.id, ""):
            return
        self.notes[q.id] = text
        self.saves.submit("note", self.service.set_note, self.member_id, self.candidate_id, q.id, text, reply_to=self, tag=q.id)
        self._say(f"Note for question {self.index + 1} saving…")

    # Leaving -----------------------------------------------------------

    def action_done(self) -> None:
        note = self.query_one("#note", TextArea)
        if note.has_focus:
            self._flush_note()
            self.set_focus(None)
            note.display = bool(note.text)
            self._say("Note kept.")
            return
        self._flush_note()
        self.app.pop_screen()

    def action_submit(self) -> None:
        """S: the sheet, with the question "Submit this sheet?" already asked."""
        self.action_sheet(submit=True)

    def action_sheet(self, submit: bool = False) -> None:
        from .sheet import SheetScreen

        self._flush_note()
        self.app.push_screen(SheetScreen(self.service, self.member_id, self.candidate_id, dict(self.scores), ask_to_submit=submit))

    def on_screen_resume(self) -> None:
        if self.questions and not self.saves.pending:
            self._reload_from_file()

    def flush(self) -> None:
        """Called by the app before quitting: nothing typed may be lost."""
        if self.is_mounted:
            self._flush_note()
