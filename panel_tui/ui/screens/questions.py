"""Writing the questions together: propose, improve, comment, support; the chair agrees and locks.

Every panel member can propose and improve; what each person wrote is kept,
and the balance line shows how much of the agreed set each group wrote.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Header, Static

from ...domain.errors import UnknownMember
from ...domain.models import Group, Question, QuestionStatus
from ...domain.questions import group_balance, word_diff
from ...domain.readability import flesch_reading_ease, reading_hint
from ...domain.state import SessionState
from ...locations import own_banks_dir
from ...services import ChangedElsewhere, PanelService, Right, version_of
from ..save_queue import SaveFinished
from ..text import cell, plain
from ..widgets.fitting_footer import FittingFooter
from ..widgets.tables import STATUS_MARKS, KeyedTable
from .base import PanelScreen
from .changed_elsewhere import ask_what_to_keep
from .question_form import ChoiceMenu, LineForm, QuestionForm

GROUP_ORDER = (Group.MEMBER, Group.VOLUNTEER, Group.STAFF)
FIELD_LABELS = {
    "text": "The question", "plain_text": "In plain words", "easy_read": "Easy Read version",
    "guidance": "What a good answer shows",
    "criterion": "What it tests", "follow_ups": "Follow-up prompts", "anchors": "What each score looks like",
}


def _who(state: SessionState, member_id: str) -> str:
    try:
        member = state.member(member_id)
    except UnknownMember:
        return "a former panel member"
    return f"{member.name} ({state.group_label(member.group)})"


class QuestionsScreen(PanelScreen):
    BINDING_GROUP_TITLE = "Questions"
    HELP = (
        "The questions for this round, written together.\n\n"
        "P: propose a new question. E: improve the chosen question (your change is kept beside "
        "the old words, and you become a co-author). C: comment. S: support it, or take your "
        "support back.\n\n"
        "The chair presses M for the chair's choices: mark a question agreed (or press A), "
        "withdrawn (X) or proposed again, move it up or down the agreed order (Shift with the "
        "up or down arrow), and lock the set for the interviews (K). "
        "Unlocking needs a reason, and is refused once anyone has scored.\n\n"
        "Sup is how many support a question, Com how many comments it has. "
        "The balance line shows how many agreed questions each group wrote or helped write. "
        "[Sift] marks a sift question: it is asked in the written application, not at interview. "
        "'Ease' is a reading-ease figure: higher is easier to read; below 60 may be hard."
    )
    BINDINGS = [
        Binding("p", "propose", "New", id="propose", tooltip="Propose a new question"),
        Binding("e", "improve", "Improve", id="improve", tooltip="Improve the chosen question"),
        Binding("c", "comment", "Comment", id="comment", tooltip="Comment on the chosen question"),
        Binding("s", "support", "Support", id="support", tooltip="Support the question, or take support back"),
        Binding("m", "chair_menu", "Chair", id="chair", tooltip="Agree, withdraw, order, lock (chair)"),
        Binding("a", "mark('agreed')", "Agree", id="agree", show=False, tooltip="Mark as agreed (chair)"),
        Binding("x", "mark('withdrawn')", "Withdraw", id="withdraw", show=False, tooltip="Mark as withdrawn (chair)"),
        Binding("shift+up", "move(-1)", "Move up", id="move-up", show=False, tooltip="Move up in the agreed order (chair)"),
        Binding("shift+down", "move(1)", "Move down", id="move-down", show=False, tooltip="Move down in the agreed order (chair)"),
        Binding("k", "lock", "Lock or unlock", id="lock", show=False, tooltip="Lock or unlock the agreed set (chair)"),
        Binding("escape", "back", "Back", id="back", tooltip="Back to the overview"),
    ]

    def __init__(self, service: PanelService) -> None:
        super().__init__()
        self.service = service

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="balance", classes="screen-title")
        yield KeyedTable("#", "Question", "Status", "By", "Sup", "Com", "Ease", id="question-table")
        with VerticalScroll(id="question-detail"):
            yield Static("", id="detail")
        yield FittingFooter(compact=True)

    def on_mount(self) -> None:
        self.refresh_data()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Rights from the table; the lock from the session. Nothing is decided here."""
        actor = self.service.actor
        session = self.service.state.session
        current = self._current() if self.is_mounted else None
        sift_open = session.sift_opened_at is not None
        # Interview questions stop changing when the set is locked; sift questions when the sift opens.
        locked = (sift_open if current.sift else session.questions_locked) if current is not None else session.questions_locked
        if action == "mark":
            return actor.may(Right.DECIDE_QUESTIONS) and not locked
        if action == "move":  # the agreed order is the interviews' order: sift questions keep theirs
            return actor.may(Right.DECIDE_QUESTIONS) and not session.questions_locked and not (current is not None and current.sift)
        if action in {"lock", "chair_menu"}:
            return actor.may(Right.DECIDE_QUESTIONS)
        if action == "propose":  # while the interview set is locked, sift questions (once the round has some) stay open
            sifting = not sift_open and any(q.sift for q in self.service.state.questions)
            return actor.may(Right.PROPOSE_QUESTION) and (not session.questions_locked or sifting)
        if action == "improve":
            return actor.may(Right.CO_WRITE) and not locked
        if action == "support":
            mine = current is not None and actor.id in current.authors  # support is what others give
            return actor.may(Right.CO_WRITE) and not locked and not mine
        if action == "comment":
            return actor.may(Right.CO_WRITE)
        return True

    def action_chair_menu(self) -> None:
        locked = self.service.state.session.questions_locked
        choices = [
            ("lock", "Unlock the question set (needs a reason)" if locked else "Lock the agreed set for the interviews"),
            ("export_bank", "Save the agreed set as a question bank"),
        ]
        if not locked:
            choices = [
                ("mark('agreed')", "Mark this question agreed"),
                ("mark('withdrawn')", "Mark this question withdrawn"),
                ("mark('proposed')", "Mark this question proposed again"),
                ("move(-1)", "Move it up the agreed order"),
                ("move(1)", "Move it down the agreed order"),
                ("import_bank", "Import questions from a question bank"),
                ("copy_session", "Copy the questions of another session"),
                *choices,
            ]

        ChoiceMenu.then_run(self, "Chair's choices", choices)

    # Showing ---------------------------------------------------------------

    def _ordered(self, state: SessionState) -> list[Question]:
        rank = {QuestionStatus.AGREED: 0, QuestionStatus.PROPOSED: 1, QuestionStatus.WITHDRAWN: 2}
        return sorted(state.questions, key=lambda q: (rank[q.status], q.position, q.created_at))

    def refresh_data(self) -> None:
        view = self.attempt(self.service.view)
        if view is None:
            return
        state = view.state
        balance = group_balance(state)
        agreed = len(state.agreed_questions)
        line = Text(f"Agreed set: {agreed} question(s){', locked' if state.session.questions_locked else ', not locked'}. Written by: ")
        line.append(" · ".join(f"✎ {state.group_label(g)} {balance.get(g, 0)}" for g in GROUP_ORDER))
        if state.session.questions_locked:  # say why P, E and S are not offered, rather than ignore them
            line.append("\nLocked for the interviews: no proposing, improving or supporting now. "
                        "Comments stay open. The chair can unlock it with a reason (M).")
            if any(q.sift for q in state.questions) and state.session.sift_opened_at is None:
                line.append(" Sift questions stay open until the sift opens.")
        self.query_one("#balance", Static).update(line)
        rows = []
        for number, q in enumerate(self._ordered(state), start=1):
            groups = sorted({state.group_label(state.member(a).group) for a in q.authors if _known(state, a)})
            ease = flesch_reading_ease(q.text)
            rows.append(
                (
                    q.id,
                    [
                        Text(str(number)),
                        cell(("[Sift] " if q.sift else "") + q.text[:32] + ("…" if len(q.text) > 32 else "")),
                        Text(STATUS_MARKS[q.status]),
                        cell(", ".join(g[:3] for g in groups)),
                        Text(str(len(q.supporters))),
                        Text(str(len(q.comments))),
                        Text(f"{ease:.0f}" + ("!" if reading_hint(ease) else "")),
                    ],
                )
            )
        table = self.query_one("#question-table", KeyedTable)
        table.fill(rows)
        self._show_detail()
        self.refresh_bindings()

    @on(DataTable.RowHighlighted, "#question-table")
    def _highlighted(self) -> None:
        self._show_detail()
        self.refresh_bindings()  # Support is not offered on your own question

    def _current(self) -> Question | None:
        key = self.query_one("#question-table", KeyedTable).highlighted_key
        if key is None:
            return None
        return next((q for q in self.service.state.questions if q.id == key), None)

    def _show_detail(self) -> None:
        detail = self.query_one("#detail", Static)
        q = self._current()
        if q is None:
            detail.update("No questions yet. Press P to propose the first one.")
            return
        state = self.service.state
        text = Text()
        if q.sift:
            text.append("[Sift] ", style="bold")
        text.append_text(plain(q.text, style="bold"))
        if q.sift:
            text.append("\nA sift question: asked in the written application, and scored in the sift.")
        if q.plain_text:
            text.append("\nIn plain words: ")
            text.append_text(plain(q.plain_text))
        ease = flesch_reading_ease(q.text)
        hint = reading_hint(ease)
        text.append(f"\nReading ease {ease:.0f}" + (f": {hint}" if hint else " (easy enough to read)"))
        if q.criterion:
            text.append("\nTests: ")
            text.append_text(plain(q.criterion))
        if q.guidance:
            text.append("\nWhat a good answer shows:")
            for line in q.guidance:
                text.append("\n • ")
                text.append_text(plain(line))
        if q.follow_ups:
            text.append("\nFollow-up: ")
            text.append_text(plain("; ".join(q.follow_ups)))
        for point, anchor in sorted(q.anchors.items()):
            text.append(f"\n  {point} {state.session.scale.label(point)}: ")
            text.append_text(plain(anchor))
        authors = ", ".join(_who(state, a) for a in q.authors) or "imported"
        text.append("\nWritten by: ")
        text.append_text(plain(authors))
        supporters = ", ".join(_who(state, s) for s in q.supporters) or "nobody yet"
        text.append("\nSupported by: ")
        text.append_text(plain(supporters))
        if q.revisions:
            last = q.revisions[-1]
            text.append(f"\nLast change by {_who(state, last.by)}, {last.at:%d %b %H:%M}:")
            text.append("\n  Before: ")
            text.append_text(_marked(last.before, last.after, "removed"))
            text.append("\n  After: ")
            text.append_text(_marked(last.before, last.after, "added"))
        for comment in q.comments:
            text.append("\nComment: ")
            text.append_text(plain(f"{_who(state, comment.by)}: {comment.text}"))
        detail.update(text)

    # Acting ----------------------------------------------------------------

    def _change(self, label: str, action: Any, *args: Any, message: str, **kwargs: Any) -> None:
        """Run a change off the event loop; say so and refresh once it has landed."""

        def done(_: object) -> None:
            self.app.notify(message, markup=False, timeout=3)
            self.refresh_data()

        self.act(label, action, *args, done=done, **kwargs)

    def action_propose(self) -> None:
        def save(fields: dict[str, Any] | None) -> None:
            if fields:
                self._change("propose", self.service.propose_question, message="Question proposed.", **fields)

        session = self.service.state.session
        self.app.push_screen(QuestionForm(session.scale, sift_only=session.questions_locked), save)

    def action_improve(self) -> None:
        q = self._current()
        if q is None:
            return
        opened_version = version_of(q)

        def save(fields: dict[str, Any] | None, version: str = opened_version) -> None:
            if not fields:
                return

            def failed(message: SaveFinished) -> None:
                problem = message.problem
                if isinstance(problem, ChangedElsewhere) and problem.current is not None:
                    current = problem.current
                    ask_what_to_keep(
                        self.app, problem, fields, FIELD_LABELS,
                        on_mine=lambda: save(fields, version_of(current)),
                        on_theirs=self.refresh_data,
                    )
                    return
                self.say_problem(message.error or "Not saved.", "Not saved")

            def done(_: object) -> None:
                self.app.notify("Question improved.", markup=False, timeout=3)
                self.refresh_data()

            self.act("improve", self.service.improve_question, q.id, version=version, done=done, failed=failed, **fields)

        self.app.push_screen(QuestionForm(self.service.state.session.scale, q), save)

    def action_comment(self) -> None:
        q = self._current()
        if q is None:
            return

        def save(line: str | None) -> None:
            if line:
                self._change("comment", self.service.comment_on_question, q.id, line, message="Comment added.")

        self.app.push_screen(LineForm("Comment", "Your comment", "Type your comment and press Enter."), save)

    def action_support(self) -> None:
        q = self._current()
        if q is None or not self.service.actor.may(Right.CO_WRITE):
            return
        if self.service.actor.id in q.supporters:
            self._change("support", self.service.withdraw_support, q.id, message="Support taken back.")
        else:
            self._change("support", self.service.support_question, q.id, message="You support this question.")

    def action_mark(self, status: str) -> None:
        q = self._current()
        if q is not None:
            self._change("mark", self.service.set_question_status, q.id, status, message=f"Marked {status}.")

    def action_move(self, offset: int) -> None:
        q = self._current()
        if q is not None:
            self._change("move", self.service.move_question, q.id, offset, message="Order changed.")

    def action_lock(self) -> None:
        if not self.service.state.session.questions_locked:
            self._change("lock", self.service.lock_questions, message="The agreed set is locked for the interviews.")
            return

        def unlock(reason: str | None) -> None:
            if reason:
                self._change("unlock", self.service.unlock_questions, reason, message="The question set is unlocked.")

        self.app.push_screen(
            LineForm("Unlock the question set", "Why does the set need to change?", "Unlocking is recorded with your reason."),
            unlock,
        )

    def action_import_bank(self) -> None:
        from .bank_import import BankImport

        def chosen(picked: object) -> None:
            if isinstance(picked, tuple):
                bank, ids = picked
                self.act(
                    "import", self.service.import_bank, bank, ids,
                    done=lambda added: self._announce(f"{len(added)} question(s) imported as proposed."),
                )

        self.app.push_screen(BankImport(), chosen)

    def action_copy_session(self) -> None:
        from ...services import list_sessions
        from .bank_import import CopyFromSession

        here = self.service.path.resolve()
        others = [(s.path, f"{s.vacancy} ({s.path.name})") for s in list_sessions(here.parent) if not s.problem and s.path.resolve() != here]

        def chosen(path: Path | None) -> None:
            if path is not None:
                self.act(
                    "copy", self.service.copy_questions_from_file, path,
                    done=lambda added: self._announce(f"{len(added)} question(s) copied as proposed."),
                )

        self.app.push_screen(CopyFromSession(others), chosen)

    def _announce(self, message: str) -> None:
        self.app.notify(message, markup=False, timeout=5)
        self.refresh_data()

    def action_export_bank(self) -> None:
        target = own_banks_dir() / f"{self.service.path.stem}.toml"
        self.act(
            "export bank", self.service.export_questions, target, force=True,
            done=lambda _: self.app.notify(f"Saved the agreed set as {target}.", markup=False, timeout=8),
        )

    def action_back(self) -> None:
        self.app.pop_screen()


def _marked(before: str, after: str, side: str) -> Text:
    """One side of a change in full, the changed words underlined (a style beside the words, not instead of them)."""
    line = Text()
    for op, words in word_diff(before, after):
        if op in (side, "same"):
            line.append_text(plain(words, style="bold underline" if op == side else ""))
            line.append(" ")
    line.rstrip()
    return line


def _known(state: SessionState, member_id: str) -> bool:
    return any(m.id == member_id for m in state.members)
