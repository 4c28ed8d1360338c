"""The chair's view of the sift: who has submitted, then the applicants ranked, and the panel's shortlist.

Renders `sift_progress` (how far each reviewer is, never a score) and
`shortlist_view` (totals from submitted sifts only). Applicants are shown by
code alone: no name, contact detail or answer is on this screen. A flag is
a symbol and a word ("⚑ differs"), never colour alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Static, TabbedContent, TabPane

from ...services import PanelService
from ..text import cell, plain
from ..widgets.fitting_footer import FittingFooter
from ..widgets.tables import KeyedTable
from .base import PanelScreen
from .confirm import ConfirmScreen

if TYPE_CHECKING:
    from ...services.sift_views import ShortlistRow, ShortlistView, SiftCell, SiftProgress

FLAG = "⚑"


def progress_cell(c: SiftCell | None) -> Text:
    """'✓ sent', '… 5/20' or '· not started': how far a reviewer is, never what they gave."""
    if c is None:
        return Text("")
    if c.submitted:
        return Text("✓ sent")
    if c.scored:
        return Text(f"… {c.scored}/{c.total}")
    return Text("· not started")


def decision_words(row: ShortlistRow) -> str:
    if row.candidate_id is not None:
        return "→ candidate"
    if row.decision is None:
        return "· to decide"
    return "✓ shortlist" if row.decision.shortlisted else "✗ not shortlisted"


def total_words(total: float | None) -> str:
    """'7.5', '6' or '1.7': one decimal place at most; '-' before any submitted score."""
    return "-" if total is None else f"{round(total, 1):g}"


def rank_words(row: ShortlistRow) -> str:
    if row.rank is None:
        return "-"
    return f"={row.rank}" if row.tied else str(row.rank)


class ShortlistScreen(PanelScreen):
    BINDING_GROUP_TITLE = "Shortlist"
    HELP = (
        "The sift, for the chair.\n\n"
        "Progress shows how far each reviewer has got with each question. "
        "'✓ sent' means they have submitted. You do not see their scores here.\n\n"
        "Ranking shows each applicant's total from the submitted scores, highest first. "
        "'=2' means a tie. Spread is how far apart the scores are. "
        "⚑ marks an applicant where the panel differs: talk about it first.\n\n"
        "Press Enter to record what the panel agreed for an applicant, with the reason. "
        "When every applicant has a decision, press M. The shortlisted applicants then become "
        "the candidates for interview. They keep their codes. "
        "Press 1 or 2 to change tab."
    )
    BINDINGS = [
        Binding("enter", "decide", "Decide", id="decide", tooltip="Record the panel's decision for this applicant", priority=True),
        Binding("m", "make_candidates", "Make candidates", id="make", tooltip="Make the shortlisted applicants interview candidates"),
        Binding("1", "tab('progress')", "Progress", id="tab-progress", show=False, tooltip="How far each reviewer has got"),
        Binding("2", "tab('ranking')", "Ranking", id="tab-ranking", show=False, tooltip="The applicants ranked by total"),
        Binding("escape", "back", "Back", id="back", tooltip="Back to the applications"),
    ]
    FOOTER_KEEP = ("decide", "make_candidates", "back", "help")

    def __init__(self, service: PanelService) -> None:
        super().__init__()
        self.service = service
        self.progress: SiftProgress | None = None
        self.view: ShortlistView | None = None
        self._first_look = True

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="status", classes="screen-title")
        with TabbedContent(id="tabs", initial="ranking"):
            with TabPane("1 Progress", id="progress"):
                yield DataTable(id="progress-table", cursor_type="row", zebra_stripes=True)
            with TabPane("2 Ranking", id="ranking"):
                yield KeyedTable("Rank", "Code", "Total", "Spread", FLAG, "Decision", id="ranking-table")
        yield Static("", id="detail", classes="hint")
        yield FittingFooter(compact=True)

    def on_screen_resume(self) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        progress = self.attempt(self.service.sift_progress)
        if progress is None:
            return
        self.progress = progress
        self.view = self.attempt(self.service.shortlist_view) if progress.open else None
        self._show_status()
        self._show_progress(progress)
        self._show_ranking()
        if self._first_look:  # during the sift, progress first; once everyone has sent, the ranking
            self._first_look = False
            everyone = bool(progress.reviewers) and all(r.submitted_all for r in progress.reviewers)
            self.query_one(TabbedContent).active = "ranking" if everyone else "progress"
            self._focus_tab()
        self.refresh_bindings()

    def _show_status(self) -> None:
        progress = self.progress
        status = Text()
        if progress is None or not progress.open:
            status.append("The sift is not open yet. Open it from the applications (O).")
        else:
            sent = sum(1 for r in progress.reviewers if r.submitted_all)
            status.append(f"{sent} of {len(progress.reviewers)} reviewers have sent every question.")
            if self.view is not None:
                undecided = len(self.view.rows) - self.view.decided
                status.append(f" {self.view.shortlisted} shortlisted, {undecided} to decide.")
                withheld = self.view.withheld_sentence()
                if withheld:
                    status.append(f"\n{withheld}")
        self.query_one("#status", Static).update(status)

    def _show_progress(self, progress: SiftProgress) -> None:
        table = self.query_one("#progress-table", DataTable)
        table.clear(columns=True)
        table.add_columns("Reviewer", *[f"Q{n}" for n in range(1, len(progress.questions) + 1)])
        for reviewer in progress.reviewers:
            who = plain(f"{reviewer.name} ({reviewer.group})")
            table.add_row(who, *[progress_cell(reviewer.cells.get(q.id)) for q in progress.questions], key=reviewer.member_id)

    def _show_ranking(self) -> None:
        rows = []
        for row in self.view.rows if self.view else []:
            rows.append(
                (
                    row.applicant_id,
                    [
                        Text(rank_words(row)),
                        cell(row.code),
                        Text(total_words(row.total)),
                        Text("-" if row.spread is None else str(row.spread)),
                        Text(f"{FLAG} differs" if row.flagged else ""),
                        Text(decision_words(row)),
                    ],
                )
            )
        self.query_one("#ranking-table", KeyedTable).fill(rows)
        self._show_detail()

    def _current(self) -> ShortlistRow | None:
        if self.view is None or self.query_one(TabbedContent).active != "ranking":
            return None
        key = self.query_one("#ranking-table", KeyedTable).highlighted_key
        return next((r for r in self.view.rows if r.applicant_id == key), None)

    @on(DataTable.RowHighlighted, "#ranking-table")
    def _show_detail(self) -> None:
        detail = self.query_one("#detail", Static)
        row = self._current()
        if row is None or self.view is None:
            questions = self.progress.questions if self.progress else []
            detail.update(Text("\n").join(cell(f"Q{n}: {q.text}") for n, q in enumerate(questions[:6], start=1)))
            return
        text = Text()
        text.append_text(plain(row.code, "bold"))
        text.append(f": total {total_words(row.total)}")
        if row.tied:
            text.append(f", tied with {', '.join(row.tied_with)}")
        parts = []
        for number, question in enumerate(self.view.questions, start=1):
            given = row.scores.get(question.id)
            if given is None:
                continue
            mark = f" {FLAG}" if question.id in row.flagged_questions else ""
            scores = " ".join(str(score) for score in sorted(s.score for s in given))  # low to high: not who gave which
            parts.append(f"Q{number}: {scores or 'none sent'}{mark}")
        if parts:
            text.append("\n" + " · ".join(parts))
        if row.decision is not None:
            text.append("\nDecision: " + ("shortlist. " if row.decision.shortlisted else "not shortlisted. "))
            text.append_text(plain(row.decision.reason))
        detail.update(text)

    @on(TabbedContent.TabActivated)
    def _tab_changed(self) -> None:
        self._focus_tab()
        self._show_detail()
        self.refresh_bindings()

    def _focus_tab(self) -> None:
        active = self.query_one(TabbedContent).active
        self.query_one("#ranking-table" if active == "ranking" else "#progress-table").focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "decide":
            return self._current() is not None and self._current().candidate_id is None  # type: ignore[union-attr]
        if action == "make_candidates":
            return self.view is not None and self.view.shortlisted > 0
        return True

    # Acting ------------------------------------------------------------------

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab

    def action_decide(self) -> None:
        from .sift_forms import DecisionForm

        row = self._current()
        if row is None:
            return

        def decided(decision: Any) -> None:
            if decision is not None:
                said = "shortlisted" if decision.shortlisted else "not shortlisted"
                self.app.notify(f"{row.code}: {said}. The reason is kept.", markup=False, timeout=5)
                self.refresh_data()
                table = self.query_one("#ranking-table", KeyedTable)
                table.move_cursor(row=table.cursor_row + 1)  # on to the next applicant

        self.app.push_screen(DecisionForm(self.service, row.applicant_id, row.code, row.decision), decided)

    def action_make_candidates(self) -> None:
        view = self.view
        if view is None:
            return
        chosen = [r.code for r in view.rows if r.decision is not None and r.decision.shortlisted]
        undecided = [r.code for r in view.rows if r.decision is None]
        if undecided:
            self.say_problem(f"Record the panel's decision for every applicant first. Still to decide: {', '.join(undecided)}.", "Not yet")
            return
        question = (
            f"Make the {len(chosen)} shortlisted applicant(s) candidates for interview? {', '.join(chosen)}. "
            "They keep their codes. The others keep the panel's decision and reason as their outcome."
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self.act("make candidates", self.service.make_candidates, done=self._made)

        self.app.push_screen(ConfirmScreen(question, yes="Make candidates"), answered)

    def _made(self, candidates: Any) -> None:
        codes = ", ".join(c.code for c in candidates)
        n = len(candidates)
        self.app.notify(
            f"{n} candidate{'s are' if n != 1 else ' is'} ready for interview: {codes}.", title="Candidates", markup=False, timeout=12,
        )
        self.refresh_data()

    def action_back(self) -> None:
        self.app.pop_screen()
