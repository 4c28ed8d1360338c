"""The session at a glance: panel, candidates, questions, and who has submitted.

Updates itself within about a second when another terminal saves, by
checking whether the session file was replaced (a stat, not a re-read).
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Header, Static, TabbedContent, TabPane

from ...domain.models import ROLE_LABELS, STAGE_LABELS, Role
from ...domain.progress import session_progress
from ...domain.state import SessionState
from ...services import PanelService
from ..text import plain
from ..widgets.composition import CompositionBar
from ..widgets.progress_grid import ProgressGrid
from ..widgets.tables import (
    CANDIDATE_COLUMNS,
    MEMBER_COLUMNS,
    QUESTION_COLUMNS,
    KeyedTable,
    candidate_rows,
    member_rows,
    question_rows,
)
from .base import PanelScreen
from .setup import SetupScreen

LIVE_CHECK_SECONDS = 1.0
TABS = ("progress", "panel", "candidates", "questions")


class OverviewScreen(PanelScreen):
    BINDING_GROUP_TITLE = "Session overview"
    HELP = (
        "This is the session overview.\n\n"
        "Progress shows who has submitted a score sheet for each candidate "
        "(✓ done: submitted; … 3/7: started, 3 of 7 scored; · not started; P: typed in from paper). "
        "Nobody's scores are shown here.\n"
        "Panel lists the panel members and their groups. Candidates lists who is "
        "being interviewed. Questions lists the questions and who wrote them.\n\n"
        "Press S to score a candidate. Press Q to write and agree the questions together. "
        "Press 1, 2, 3 or 4 to change tab. The chair can press "
        "R to agree scores with the panel. The chair and HR can press U to set up the session. HR "
        "presses E to export the results (the chair finds Export on the agree-scores list). Press W to sign out, so someone else can sign in. This screen "
        "updates by itself when someone else saves."
    )
    BINDINGS = [
        Binding("1", "tab('progress')", "Progress", id="tab-progress", show=False, tooltip="Who has submitted"),
        Binding("2", "tab('panel')", "Panel", id="tab-panel", show=False, tooltip="The panel members"),
        Binding("3", "tab('candidates')", "Candidates", id="tab-candidates", show=False, tooltip="The candidates"),
        Binding("4", "tab('questions')", "Questions", id="tab-questions", show=False, tooltip="The questions"),
        Binding("s", "score", "Score", id="score", tooltip="Score a candidate"),
        Binding("q", "questions", "Questions", id="questions", tooltip="Write and agree the questions together"),
        Binding("r", "reconcile", "Agree", id="reconcile", tooltip="Agree scores with the panel (chair)"),
        Binding("u", "setup", "Set-up", id="setup", tooltip="Session details, scale, panel and candidates"),
        Binding("e", "export", "Export", id="export", tooltip="Export results for HR (the chair: R, then E)"),
        Binding("w", "switch_person", "Sign out", id="switch", tooltip="Back to 'Who are you?' to sign in as someone else"),
    ]

    def __init__(self, service: PanelService) -> None:
        super().__init__()
        self.service = service

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="session-line", classes="screen-title")
        yield Static("", id="you", classes="hint")
        yield CompositionBar(id="composition")
        with TabbedContent(id="tabs", initial="progress"):
            with TabPane("1 Progress", id="progress"):
                yield Static("", id="progress-line")
                yield ProgressGrid(id="progress-grid")
            with TabPane("2 Panel", id="panel"):
                yield KeyedTable(*MEMBER_COLUMNS, id="members")
            with TabPane("3 Candidates", id="candidates"):
                yield KeyedTable(*CANDIDATE_COLUMNS, id="candidate-list")
            with TabPane("4 Questions", id="questions"):
                yield KeyedTable(*QUESTION_COLUMNS, id="question-list")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.refresh_data()
        self.set_interval(LIVE_CHECK_SECONDS, self._check_for_changes)

    def on_screen_resume(self) -> None:
        self.refresh_data()

    def _check_for_changes(self) -> None:
        if self.service.file.has_changed():
            self.refresh_data()

    def refresh_data(self) -> None:
        state = self.attempt(self.service.file.state)
        if state is None:
            return
        self._show(state)

    def _show(self, state: SessionState) -> None:
        session = state.session
        line = Text.assemble(plain(session.vacancy), "  ·  ", plain(session.organisation) if session.organisation else "", "  ·  " if session.organisation else "", STAGE_LABELS[session.stage])
        self.query_one("#session-line", Static).update(line)
        actor = self.service.actor
        you = Text("You: ")
        you.append_text(plain(actor.name))
        if actor.role is not None:
            member = state.member(actor.id)
            you.append(f" ({session.group_label(member.group)}, {ROLE_LABELS[member.role]})")
        else:
            you.append(" (setting up)")
        self.query_one("#you", Static).update(you)
        self.query_one(CompositionBar).show(state)
        show_names = not session.anonymised or actor.may_set_up
        done, expected = session_progress(state)
        questions = len(state.agreed_questions)
        locked = "locked" if session.questions_locked else "not locked yet"
        self.query_one("#progress-line", Static).update(
            f"{done} of {expected} score sheets submitted. {questions} agreed questions ({locked})."
        )
        self.query_one(ProgressGrid).show(state, show_names)
        self.query_one("#members", KeyedTable).fill(member_rows(state))
        self.query_one("#candidate-list", KeyedTable).fill(candidate_rows(state, show_names))
        self.query_one("#question-list", KeyedTable).fill(question_rows(state))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "setup":
            return self.service.actor.may_set_up
        if action == "reconcile":
            return self.service.actor.role is Role.CHAIR
        if action == "export":
            return self.service.actor.role in (Role.OBSERVER, None)
        if action == "score":
            return self.service.actor.role in (Role.CHAIR, Role.PANEL, Role.OBSERVER) or self.service.actor.may_set_up
        return True

    def action_export(self) -> None:
        from .export import ExportScreen

        self.app.push_screen(ExportScreen(self.service))

    def action_questions(self) -> None:
        from .questions import QuestionsScreen

        self.app.push_screen(QuestionsScreen(self.service))

    def action_reconcile(self) -> None:
        from .reconcile_pick import ReconcilePickScreen

        if self.service.actor.role is Role.CHAIR:
            self.app.push_screen(ReconcilePickScreen(self.service))

    def action_score(self) -> None:
        from .candidate_picker import CandidatePickerScreen
        from .paper_member import PaperMemberScreen

        saves = self.app.saves  # type: ignore[attr-defined]
        if self.service.actor.role in (Role.CHAIR, Role.PANEL):
            self.app.push_screen(CandidatePickerScreen(self.service, saves))
            return

        def chosen(member_id: str | None) -> None:
            if member_id:
                self.app.push_screen(CandidatePickerScreen(self.service, saves, member_id))

        self.app.push_screen(PaperMemberScreen(self.service.state), chosen)

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab

    def action_setup(self) -> None:
        if self.service.actor.role not in (None, Role.CHAIR, Role.OBSERVER):
            return
        self.app.push_screen(SetupScreen(self.service))

    def action_switch_person(self) -> None:
        self.app.pop_screen()
