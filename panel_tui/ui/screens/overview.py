"""The session at a glance: panel, candidates, questions, and who has submitted.

Renders the signed-in person's read model (`PanelService.view`); updates
itself when the app's watcher says the session file changed. Which keys
work comes from the rights table (`view.may`), never from a check here.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Header, Static, TabbedContent, TabPane

from ...domain.models import ROLE_LABELS, STAGE_LABELS, Stage
from ...services import PanelService, Right, SessionView
from ..text import plain
from ..widgets.composition import CompositionBar
from ..widgets.fitting_footer import FittingFooter
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
        "presses E to export the results (the chair finds Export on the agree-scores list). Press P for your profile "
        "(working with me): the words, timer and breaks you need. Once every candidate has a final outcome, press Y to see "
        "what happened to what you gave: you said, we did. HR presses T for thanks and payments. "
        "Before the interviews, the chair and HR press A for written applications: import them, take out names, open the sift and agree "
        "the shortlist. Once the sift is open, panel members press A to sift. "
        "On the Panel tab, the chair and HR press O to see a panel member's recognition record. Press W to sign out, so someone else can sign in. "
        "This screen updates by itself when someone else saves."
    )
    BINDINGS = [
        Binding("1", "tab('progress')", "Progress", id="tab-progress", show=False, tooltip="Who has submitted"),
        Binding("2", "tab('panel')", "Panel", id="tab-panel", show=False, tooltip="The panel members"),
        Binding("3", "tab('candidates')", "Candidates", id="tab-candidates", show=False, tooltip="The candidates"),
        Binding("4", "tab('questions')", "Questions", id="tab-questions", show=False, tooltip="The questions"),
        Binding("s", "score", "Score", id="score", tooltip="Score a candidate"),
        Binding("s", "paper", "Paper sheet", id="paper", tooltip="Type in someone's paper score sheet"),
        Binding("q", "questions", "Questions", id="questions", tooltip="Write and agree the questions together"),
        Binding("r", "reconcile", "Agree", id="reconcile", tooltip="Agree scores with the panel (chair)"),
        Binding("u", "setup", "Set-up", id="setup", tooltip="Session details, scale, panel and candidates"),
        Binding("e", "export", "Export", id="export", tooltip="Export results for HR (the chair: R, then E)"),
        Binding("p", "profile", "Profile", id="profile", tooltip="Working with me: how you like to take part"),
        Binding("t", "thanks", "Thanks", id="thanks", tooltip="Thanks and payments: offers, time given, expenses (HR)"),
        Binding("o", "member_record", "Their record", id="member_record", tooltip="The highlighted panel member's recognition record"),
        Binding("a", "applications", "Sift", id="applications", tooltip="Written applications: the sift and the shortlist"),
        Binding("y", "you_said", "You said, we did", id="you_said", tooltip="What happened to what you gave (once the round is over)"),
        Binding("w", "switch_person", "Sign out", id="switch", tooltip="Back to 'Who are you?' to sign in as someone else"),
    ]
    DURING_ROUND_KEYS = (
        "score", "paper", "export", "reconcile", "help", "switch_person", "questions", "setup", "next_theme",
        "applications", "profile", "member_record", "thanks", "you_said",
    )
    AFTER_ROUND_KEYS = (
        "thanks", "you_said", "export", "help", "switch_person", "member_record", "reconcile", "score", "paper",
        "questions", "applications", "setup", "profile",
    )

    @property
    def FOOTER_KEEP(self) -> tuple[str, ...]:  # noqa: N802  (the name FittingFooter asks every screen for)
        """The keys the footer keeps longest when the screen is narrow, most needed first (see `FittingFooter`).

        Once the round is over, thanks, "you said, we did" and the export come first.
        """
        if self._round_over:
            return self.AFTER_ROUND_KEYS
        if self._sift_time and not self.service.actor.may(Right.SCORE_OWN):
            return ("applications", *self.DURING_ROUND_KEYS)  # HR prepares the sift: A before anything else
        return self.DURING_ROUND_KEYS

    def __init__(self, service: PanelService) -> None:
        super().__init__()
        self.service = service
        self._round_over = False
        """Every candidate has a final outcome: "you said, we did" is ready (Y)."""
        self._sift_open = False
        """The chair has opened the sift of written applications: panel members sift (A)."""
        self._sift_time = False
        """Before the interviews, or once there are applications: the chair and HR see A (the sift comes first)."""

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
        yield FittingFooter(compact=True)

    def on_mount(self) -> None:
        self.refresh_data()

    def on_screen_resume(self) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        view = self.attempt(self.service.view)
        if view is None:
            return
        self._show(view)
        self.refresh_bindings()

    def _show(self, view: SessionView) -> None:
        state = view.state
        self._round_over = state.round_over
        session = state.session
        self._sift_open = session.sift_opened_at is not None
        self._sift_time = bool(state.applicants) or session.stage in (Stage.SETUP, Stage.QUESTIONS)
        line = Text.assemble(plain(session.vacancy), "  ·  ", plain(session.organisation) if session.organisation else "", "  ·  " if session.organisation else "", STAGE_LABELS[session.stage])
        self.query_one("#session-line", Static).update(line)
        you = Text("You: ")
        you.append_text(plain(view.actor.name))
        member = view.you
        if member is not None:
            you.append(f" ({session.group_label(member.group)}, {ROLE_LABELS[member.role]})")
        else:
            you.append(" (setting up)")
        self.query_one("#you", Static).update(you)
        self.query_one(CompositionBar).show(state)
        done, expected = view.session_progress()
        questions = len(state.agreed_questions)
        locked = "locked" if session.questions_locked else "not locked yet"
        self.query_one("#progress-line", Static).update(
            f"{done} of {expected} score sheets submitted. {questions} agreed questions ({locked})."
        )
        self.query_one(ProgressGrid).show(view)
        self.query_one("#members", KeyedTable).fill(member_rows(state))
        self.query_one("#candidate-list", KeyedTable).fill(candidate_rows(state, view.shows_candidate_names))
        self.query_one("#question-list", KeyedTable).fill(question_rows(state))

    KEY_RIGHTS: dict[str, tuple[Right, ...]] = {
        "setup": (Right.SET_UP,),
        "reconcile": (Right.RECONCILE,),
        "export": (Right.EXPORT,),
        "score": (Right.SCORE_OWN,),
    }
    """Which right (any one of) makes each key work: asked of the rights table, never decided here."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        actor = self.service.actor
        if action == "profile":
            return not actor.is_tool  # a person on the panel; not the organiser setting up
        if action == "you_said":
            return not actor.is_tool and self._round_over
        if action == "applications":  # the chair and HR prepare the sift; a panel member sifts once it is open
            return (actor.may(Right.MANAGE_APPLICATIONS) and self._sift_time) or (actor.may(Right.SIFT) and self._sift_open)
        if action == "thanks":
            return actor.may(Right.KEEP_RECIPROCITY)
        if action == "member_record":
            on_panel_tab = self.is_mounted and self.query_one(TabbedContent).active == "panel"
            return on_panel_tab and (actor.may(Right.CONFIRM_RECOGNITION) or actor.may(Right.KEEP_RECIPROCITY))
        if action == "export" and actor.may(Right.RECONCILE):
            return False  # the chair finds Export on the agree-scores list (R, then E): the footer fits 80 columns
        if action == "paper":  # HR does not score: S types in a paper sheet, and the footer says so
            return actor.may(Right.ENTER_PAPER) and not actor.may(Right.SCORE_OWN)
        rights = self.KEY_RIGHTS.get(action)
        if rights is None:
            return True
        return any(actor.may(right) for right in rights)

    def action_export(self) -> None:
        from .export import ExportScreen

        self.app.push_screen(ExportScreen(self.service))

    def action_questions(self) -> None:
        from .questions import QuestionsScreen

        self.app.push_screen(QuestionsScreen(self.service))

    def action_reconcile(self) -> None:
        from .reconcile_pick import ReconcilePickScreen

        self.app.push_screen(ReconcilePickScreen(self.service))

    def action_score(self) -> None:
        from .candidate_picker import CandidatePickerScreen

        self.app.push_screen(CandidatePickerScreen(self.service))

    def action_paper(self) -> None:
        from .candidate_picker import CandidatePickerScreen
        from .paper_member import PaperMemberScreen

        def chosen(member_id: str | None) -> None:
            if member_id:
                self.app.push_screen(CandidatePickerScreen(self.service, member_id))

        self.app.push_screen(PaperMemberScreen(self.service.state), chosen)

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab

    def on_tabbed_content_tab_activated(self) -> None:
        self.refresh_bindings()  # O (their record) works on the Panel tab only

    def action_applications(self) -> None:
        """A: the chair and HR see the applications (import, redact, open the sift, shortlist); a panel member sifts."""
        from .applications import ApplicationsScreen
        from .sift import SiftScreen

        if self.service.actor.may(Right.MANAGE_APPLICATIONS):
            self.app.push_screen(ApplicationsScreen(self.service))
        else:
            self.app.push_screen(SiftScreen(self.service))

    def action_thanks(self) -> None:
        from .reciprocity import ReciprocityScreen

        self.app.push_screen(ReciprocityScreen(self.service))

    def action_member_record(self) -> None:
        """O on the Panel tab: the highlighted panel member's recognition record (the chair confirms it there)."""
        from .recognition import RecognitionScreen

        member_id = self.query_one("#members", KeyedTable).highlighted_key
        if member_id is not None:
            self.app.push_screen(RecognitionScreen(self.service, member_id))

    def action_setup(self) -> None:
        self.app.push_screen(SetupScreen(self.service))

    def action_profile(self) -> None:
        """P: their own access profile ("working with me")."""
        from .profile_form import ProfileForm

        view = self.attempt(self.service.view)
        you = view.you if view is not None else None
        if you is None:
            return

        def saved(member: object) -> None:
            if member is not None:
                self.app.notify("Your profile is saved. It applies each time you score and sign in.", markup=False)

        self.app.push_screen(ProfileForm(self.service, you), saved)

    def action_you_said(self) -> None:
        from .you_said import YouSaidScreen

        self.app.push_screen(YouSaidScreen(self.service))

    def action_switch_person(self) -> None:
        self.app.pop_screen()
