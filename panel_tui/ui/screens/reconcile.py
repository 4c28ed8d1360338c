"""Agreeing scores for one candidate (chair only).

The grid shows every submitted score, flags where the panel differs, and the
agreed score beside the independent ones. The line under the grid gives the
highlighted question's full figures, group by group.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Static

from ...domain import reconcile
from ...domain.models import Group, PanelMember
from ...domain.stats import prefill
from ...domain.text import one_line
from ...services import PanelService
from ..text import plain
from ..widgets.fitting_footer import FittingFooter
from ..widgets.reconcile_grid import ReconcileGrid
from .base import PanelScreen
from .question_form import ChoiceMenu
from .reconcile_dialogs import AgreedScoreForm, NotesView, OutcomeForm, SignOffForm, WhoseVoiceView

GROUP_ORDER = (Group.MEMBER, Group.VOLUNTEER, Group.STAFF)


class ReconcileScreen(PanelScreen):
    BINDING_GROUP_TITLE = "Agree scores"
    HELP = (
        "Agree a score for each question with the panel.\n\n"
        "The grid shows each panel member's submitted score. '⚑ differs' marks a question "
        "where the scores are far apart: talk about those first (press G to put them at the "
        "top). The line under the grid gives the figures for the chosen question, including "
        "each group's average.\n\n"
        "Press Enter to set the agreed score for the chosen question. It starts at the middle "
        "(median) score. A reason is needed when you choose a score outside the panel's scores "
        "or at least 1 away from the median. The panel members' own scores never change.\n\n"
        "A agrees every question the panel does not differ on at its middle score, all at once; "
        "flagged questions still need the panel, one by one.\n\n"
        "N shows the notes for the question. H turns the colour map on or off (numbers always "
        "show). V shows whose voice carried. S signs off the candidate. O records the outcome. "
        "M lists all of these, when the screen is too narrow to show every key below. "
        "Escape goes back."
    )
    BINDINGS = [
        Binding("enter", "agree", "Agree", id="agree", tooltip="Set the agreed score for this question", priority=True),
        Binding("a", "agree_unflagged", "Agree rest", id="agree-unflagged", tooltip="Agree every unflagged question at its middle score, at once"),
        Binding("n", "notes", "Notes", id="notes", tooltip="Notes for this question, from the panel members"),
        Binding("v", "voice", "Whose voice", id="voice", tooltip="Whose voice carried for this candidate"),
        Binding("s", "sign_off", "Sign off", id="sign-off", tooltip="Sign off this candidate's agreed scores"),
        Binding("o", "outcome", "Outcome", id="outcome", tooltip="Record the outcome: appoint, reserve, not appointed or withdrew"),
        Binding("g", "agenda", "Order", id="agenda", tooltip="Flagged questions first, or interview order"),
        Binding("h", "heat", "Map", id="heat", tooltip="Colour map of the scores, numbers kept"),
        Binding("m", "more", "More", id="more", tooltip="Every key of this screen, in a list"),
        Binding("escape", "back", "Back", id="back", tooltip="Back to the list of candidates"),
    ]
    FOOTER_KEEP = ("agree", "help", "more", "back", "voice", "agree_unflagged", "sign_off", "notes", "outcome")
    """The keys the footer keeps longest when the screen is narrow, most needed first (see `FittingFooter`)."""

    def __init__(self, service: PanelService, candidate_id: str) -> None:
        super().__init__()
        self.service = service
        self.candidate_id = candidate_id
        self.agenda_first = True

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="reconcile-title", classes="screen-title")
        yield Static("", id="reconcile-status", classes="hint")
        yield ReconcileGrid(id="grid")
        yield Static("", id="question-detail", classes="detail")
        yield FittingFooter(compact=True)

    def on_mount(self) -> None:
        self.refresh_data()

    def _rows(self) -> list[tuple[int, reconcile.GridRow]]:
        state = self.service.state
        rows = reconcile.grid(state, self.candidate_id)
        numbered = list(enumerate(rows, start=1))
        if self.agenda_first:
            numbered.sort(key=lambda pair: not pair[1].divergent)  # stable: interview order within each part
        return numbered

    def refresh_data(self) -> None:
        view = self.attempt(self.service.view)
        if view is None:
            return
        if not view.opened(self.candidate_id):  # rule 1: no grid before agreement is opened
            self.query_one("#reconcile-status", Static).update("Agreement has not been opened for this candidate.")
            return
        state = view.state
        candidate = state.candidate(self.candidate_id)
        session = state.session
        self.query_one("#reconcile-title", Static).update(plain(f"Agree scores: {candidate.code} {candidate.name}"))
        opened = state.reconciliation(self.candidate_id)
        outcome = state.outcome(self.candidate_id)
        status = Text()
        agreed = sum(1 for q in state.agreed_questions if state.agreed_score(self.candidate_id, q.id))
        status.append(f"{agreed} of {len(state.agreed_questions)} agreed. ")
        if opened and opened.sign_off:
            status.append(f"Signed off: {opened.sign_off.value}. ")
        elif state.agreed_questions and agreed == len(state.agreed_questions):
            status.append("Next: S to sign off, then O for the outcome. ")
        if outcome:
            status.append(f"Outcome: {outcome.decision.value}{' (final)' if outcome.final else ''}. ")
        if opened and opened.missing_reasons:
            status.append(f"{len(opened.missing_reasons)} sheet(s) missing, with reasons. ")
        conflicts = [c for c in state.conflicts if c.candidate_id == self.candidate_id]
        if conflicts:
            status.append(f"⚑ {len(conflicts)} conflict(s) declared. ")
        scorers = [m for m in state.scorers if (s := state.sheet(m.id, self.candidate_id)) is not None and s.submitted]
        scorers.sort(key=lambda m: m.id)
        status.append("\nColumns: ")
        status.append_text(plain(self._legend(scorers)))
        self.query_one("#reconcile-status", Static).update(status)
        headers = self._headers(scorers)
        grid = self.query_one(ReconcileGrid)
        grid.show(self._rows(), [m.id for m in scorers], headers, session.scale)
        grid.focus()
        self._show_detail()

    def _headers(self, scorers: list[PanelMember]) -> dict[str, Text]:
        """Two short lines per column: who (a letter, or initials) over their group."""
        state = self.service.state
        labels = reconcile.pseudonyms(state, self.candidate_id)
        headers = {}
        for m in scorers:
            who = labels[m.id].split()[2] if state.session.pseudonymous else "".join(w[0] for w in m.name.split())[:3]
            headers[m.id] = Text(f"{one_line(who)}\n{one_line(state.group_label(m.group))[:3]}")
        return headers

    def _legend(self, scorers: list[PanelMember]) -> str:
        state = self.service.state
        labels = reconcile.pseudonyms(state, self.candidate_id)
        if state.session.pseudonymous:
            return "  ".join(labels[m.id].replace("Panel member ", "") for m in scorers)
        return "  ".join(f"{m.name} ({state.group_label(m.group)})" for m in scorers)

    @on(DataTable.RowHighlighted, "#grid")
    def _highlighted(self) -> None:
        self._show_detail()

    def _current_row(self) -> reconcile.GridRow | None:
        key = self.query_one(ReconcileGrid).highlighted_key
        if key is None:
            return None
        return next((r for _, r in self._rows() if r.question.id == key), None)

    def _show_detail(self) -> None:
        row = self._current_row()
        detail = self.query_one("#question-detail", Static)
        if row is None:
            detail.update("No agreed questions.")
            return
        state = self.service.state
        text = Text()
        text.append_text(plain(row.question.text))
        text.append("\n")
        stats = row.stats
        if stats is None:
            text.append("No submitted scores for this question.")
        else:
            text.append(f"Lowest {stats.minimum} · highest {stats.maximum} · spread {stats.spread} · "
                        f"median {stats.median:g} · mean {stats.mean:.1f}\n")
            parts = []
            for group in GROUP_ORDER:
                mean = stats.group_means.get(group)
                parts.append(f"{state.group_label(group)} {'–' if mean is None else f'{mean:.1f}'}")
            text.append("Group averages: " + " · ".join(parts))
            if row.divergent:
                text.append("\n⚑ The panel differs here: talk about it first.", style="bold")
        if row.agreed is not None:
            text.append(f"\nAgreed: {row.agreed.score} ({state.session.scale.label(row.agreed.score)})")
            if row.agreed.reason:
                text.append_text(plain(f". Reason: {row.agreed.reason}"))
        detail.update(text)

    def action_agenda(self) -> None:
        self.agenda_first = not self.agenda_first
        self.app.notify("Flagged questions first." if self.agenda_first else "Questions in interview order.", markup=False, timeout=3)
        self.refresh_data()

    def action_heat(self) -> None:
        grid = self.query_one(ReconcileGrid)
        grid.heat_map = not grid.heat_map
        self.refresh_data()

    def action_agree(self) -> None:
        row = self._current_row()
        if row is None:
            return
        state = self.service.state
        independent = [s for s in row.scores.values() if s is not None]
        start = row.agreed.score if row.agreed else (prefill(independent) if independent else None)

        def saved(result: object) -> None:
            if result is not None:
                self.app.notify("Agreed score saved.", markup=False, timeout=3)
            self.refresh_data()
            if result is not None:
                self._move_to_next_to_agree(row.question.id)

        form = AgreedScoreForm(self.service, self.candidate_id, row.question, state.session.scale, start, independent, row.agreed)
        self.app.push_screen(form, saved)

    def _move_to_next_to_agree(self, after: str) -> None:
        """After a score is agreed, the cursor goes on to the next question still to agree (one key saved each time)."""
        rows = [row for _, row in self._rows()]
        keys = [row.question.id for row in rows]
        waiting = {row.question.id for row in rows if row.agreed is None}
        start = keys.index(after) if after in keys else -1
        following = [k for k in keys[start + 1:] + keys[:start + 1] if k in waiting]
        if following:
            grid = self.query_one(ReconcileGrid)
            grid.move_cursor(row=grid.get_row_index(following[0]))

    def action_notes(self) -> None:
        row = self._current_row()
        if row is None:
            return
        state = self.service.state
        labels = reconcile.pseudonyms(state, self.candidate_id) if state.session.pseudonymous else {}
        notes = []
        for sheet in self.service.visible_sheets(self.candidate_id):
            note = sheet.notes.get(row.question.id, "")
            if note:
                member = state.member(sheet.member_id)
                who = labels.get(member.id) or f"{member.name} ({state.group_label(member.group)})"
                notes.append((who, note))
        self.app.push_screen(NotesView(row.question.text, notes))

    def action_voice(self) -> None:
        state = self.service.state
        voice = reconcile.whose_voice(state, self.candidate_id)
        lines = []
        for group, mad in voice.mean_abs_diff.items():
            if mad is not None:
                flag = "  ⚑ far from the agreed scores" if group in voice.flagged else ""
                lines.append(f"{state.group_label(group)}: on average {mad:.1f} from the agreed score{flag}")
        candidate = state.candidate(self.candidate_id)
        self.app.push_screen(WhoseVoiceView(candidate.code, voice.sentence, lines))

    def action_more(self) -> None:
        """Every key of the screen with its letter, from the bindings themselves: a key left out of a narrow footer is still found."""
        choices = [
            (b.action, f"{self.app.get_key_display(b).upper()}  {b.tooltip}")
            for b in self.BINDINGS
            if isinstance(b, Binding) and b.action not in ("more", "back")
        ]
        ChoiceMenu.then_run(self, "All keys on this screen", choices)

    def action_agree_unflagged(self) -> None:
        def done(agreed: list[object]) -> None:
            rows = [r for _, r in self._rows()]
            flagged = sum(1 for r in rows if r.divergent and r.agreed is None)
            left = f" {flagged} flagged question(s) still need the panel: press Enter on each." if flagged else ""
            self.app.notify(f"Agreed {len(agreed)} unflagged question(s) at their middle score.{left}", markup=False, timeout=8)
            self.refresh_data()

        self.act("agree unflagged", self.service.agree_unflagged_at_median, self.candidate_id, done=done)

    def action_sign_off(self) -> None:
        state = self.service.state
        members = [(m.id, m.name) for m in state.scorers]

        def saved(result: object) -> None:
            if result is not None:
                self.app.notify("Signed off.", markup=False)
            self.refresh_data()

        self.app.push_screen(SignOffForm(self.service, self.candidate_id, members), saved)

    def action_outcome(self) -> None:
        current = self.service.state.outcome(self.candidate_id)

        def saved(result: object) -> None:
            if result is not None:
                self.app.notify("Outcome saved.", markup=False)
            self.refresh_data()

        self.app.push_screen(OutcomeForm(self.service, self.candidate_id, current), saved)

    def action_back(self) -> None:
        self.app.pop_screen()
