"""Choose whom to score: candidates in interview order, the next one first."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from ...domain.models import Candidate, ConflictKind
from ...domain.scoring import needs_briefing
from ...services import PanelService, Right, SessionView, sheet_for_scoring
from ..text import plain
from ..widgets.fitting_footer import FittingFooter
from .base import PanelScreen
from .briefing import BriefingScreen
from .conflict_form import ConflictForm
from .scoring import ScoringScreen


class CandidatePickerScreen(PanelScreen):
    BINDING_GROUP_TITLE = "Choose a candidate"
    HELP = (
        "Choose the candidate you are about to score and press Enter. "
        "The next candidate to score is at the top.\n\n"
        "If you know a candidate (as a peer, friend, colleague, support worker or family), "
        "press D to declare it before scoring. A hard conflict means you will not score them; "
        "a soft one means you may, and the panel will know.\n\n"
        "The chair and HR can press P to type in a paper score sheet for someone."
    )
    BINDINGS = [
        Binding("enter", "score", "Score", id="score", tooltip="Score the chosen candidate", priority=True),
        Binding("d", "declare", "Declare conflict", id="declare", tooltip="Say you know this candidate"),
        Binding("p", "paper", "Paper sheet", id="paper", tooltip="Type in someone's paper score sheet"),
        Binding("escape", "back", "Back", id="back", tooltip="Back to the overview"),
    ]

    def __init__(self, service: PanelService, member_id: str | None = None) -> None:
        super().__init__()
        self.service = service
        self.member_id = member_id or service.actor.id

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="picker-title", classes="screen-title")
        yield OptionList(id="candidates")
        yield Static("", id="picker-hint", classes="hint")
        yield FittingFooter(compact=True)

    def on_mount(self) -> None:
        self.refresh_data()

    def on_screen_resume(self) -> None:
        self.refresh_data()

    @property
    def on_behalf(self) -> bool:
        return self.member_id != self.service.actor.id

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "paper":
            return self.service.actor.may(Right.ENTER_PAPER) and not self.on_behalf
        if action == "declare":
            return not self.on_behalf and self.service.actor.may(Right.DECLARE_CONFLICT)
        return True

    def _ordered(self, view: SessionView) -> list[Candidate]:
        """Interview order, with the first candidate still to score moved to the top."""
        state = view.state
        ordered = state.candidates_in_order
        for i, c in enumerate(ordered):
            done = view.progress(self.member_id, c.id).status == "submitted"
            if not done and not state.has_hard_conflict(self.member_id, c.id):
                return [c, *ordered[:i], *ordered[i + 1:]]
        return ordered

    def refresh_data(self) -> None:
        view = self.attempt(self.service.view)
        if view is None:
            return
        state = view.state
        member = state.member(self.member_id)
        title = f"Paper sheet for {member.name}: choose the candidate" if self.on_behalf else "Whom are you scoring?"
        self.query_one("#picker-title", Static).update(plain(title))
        options = self.query_one("#candidates", OptionList)
        options.clear_options()
        chosen = self._chosen()
        for c in self._ordered(view):
            line = Text()
            line.append_text(plain(c.code if not view.shows_candidate_names else f"{c.code}  {c.name}"))
            if c.slot:
                line.append_text(plain(f"  ·  {c.slot}"))
            conflict = state.conflict(self.member_id, c.id)
            if conflict and conflict.kind is ConflictKind.HARD:
                line.append("  ·  ⛔ conflict declared: not scoring")
            else:
                line.append(f"   {view.progress(member.id, c.id).label}")  # the label has its own mark (✓, …, ·)
                if conflict:
                    line.append(f"  ·  ⚑ knows them ({conflict.relation})")
            options.add_option(Option(line, id=c.id))
        ids = [c.id for c in self._ordered(view)]
        options.highlighted = ids.index(chosen) if chosen in ids else (0 if options.option_count else None)
        hint = "" if options.option_count else "No candidates yet. The chair adds them in Set-up."
        if not state.agreed_questions:
            hint = "The questions are not agreed yet, so there is nothing to score."
        self.query_one("#picker-hint", Static).update(hint)
        options.focus()
        self.refresh_bindings()

    def _chosen(self) -> str | None:
        options = self.query_one("#candidates", OptionList)
        if options.highlighted is None:
            return None
        return options.get_option_at_index(options.highlighted).id

    @on(OptionList.OptionSelected, "#candidates")
    def _picked(self) -> None:
        self.action_score()

    def action_score(self) -> None:
        candidate_id = self._chosen()
        if candidate_id is None:
            return
        view = self.service.view()
        state = view.state
        if state.has_hard_conflict(self.member_id, candidate_id):
            self.app.notify("A conflict was declared for this candidate, so they are not scored by this panel member.", markup=False)
            return
        if self.attempt(sheet_for_scoring, view, self.member_id, candidate_id) is None:
            return
        member = state.member(self.member_id)
        if not self.on_behalf and needs_briefing(state, member):
            self.app.push_screen(BriefingScreen(self.service), lambda ok: self._open(candidate_id) if ok else None)
            return
        self._open(candidate_id)

    def _open(self, candidate_id: str) -> None:
        self.app.push_screen(ScoringScreen(self.service, self.member_id, candidate_id))

    def action_declare(self) -> None:
        candidate_id = self._chosen()
        if candidate_id is None:
            return
        candidate = self.service.state.candidate(candidate_id)

        def declared(conflict: object) -> None:
            if conflict is not None:
                self.app.notify("Conflict recorded. The chair will see it.", markup=False)
                self.refresh_data()

        self.app.push_screen(ConflictForm(self.service, candidate_id, candidate.code), declared)

    def action_paper(self) -> None:
        from .paper_member import PaperMemberScreen

        def chosen(member_id: str | None) -> None:
            if member_id:
                self.app.push_screen(CandidatePickerScreen(self.service, member_id))

        self.app.push_screen(PaperMemberScreen(self.service.state), chosen)

    def action_back(self) -> None:
        self.app.pop_screen()


