"""The chair chooses a candidate to agree scores for, and opens agreement.

Agreement opens when everyone without a hard conflict has submitted, or
earlier with a reason for each missing sheet (for example: absent).
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Header, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from ...domain.models import PanelMember
from ...services import PanelService
from ..text import plain
from ..widgets.fitting_footer import FittingFooter
from .base import PanelModal, PanelScreen
from .reconcile import ReconcileScreen


class MissingReasons(PanelModal[object]):
    """Opens agreement itself with the reasons; stays open, with what was typed, if that is refused."""

    HELP = (
        "Some panel members have not submitted a sheet for this candidate. To open agreement "
        "without them, give a short reason for each (for example: absent, left early). "
        "Ctrl+S opens agreement; Escape goes back."
    )
    BINDINGS = [
        Binding("ctrl+s", "save", "Open", id="save"),
        Binding("escape", "cancel", "Back", id="cancel"),
    ]

    def __init__(self, service: PanelService, candidate_id: str, missing: list[PanelMember]) -> None:
        super().__init__()
        self.service = service
        self.candidate_id = candidate_id
        self.missing = missing

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Static("Sheets not submitted", classes="dialog-title")
            for member in self.missing:
                yield Label(plain(f"Why is {member.name}'s sheet missing?"))
                yield Input(id=f"reason-{member.id}", compact=True, placeholder="e.g. absent")
            with Horizontal(classes="buttons"):
                yield Button("Open agreement", variant="primary", id="save")
                yield Button("Back", id="cancel")
        yield FittingFooter(compact=True)

    def on_mount(self) -> None:
        self.query(Input).first().focus()

    @on(Button.Pressed, "#save")
    @on(Input.Submitted)
    def action_save(self) -> None:
        reasons = {m.id: self.query_one(f"#reason-{m.id}", Input).value for m in self.missing}
        self.act("open agreement", self.service.open_reconciliation, self.candidate_id, reasons, done=self.dismiss)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class ReconcilePickScreen(PanelScreen):
    BINDING_GROUP_TITLE = "Agree scores"
    HELP = (
        "Choose a candidate and press Enter to agree their scores with the panel. "
        "'ready' means every panel member has submitted. 'waiting' means some have not: you can "
        "still open agreement by giving a reason for each missing sheet.\n\n"
        "Press T for the results: the ranking, agreement across the panel and whose voice carried. "
        "Press E to export the results for HR. Press L for the feedback letters to candidates."
    )
    BINDINGS = [
        Binding("enter", "open", "Agree scores", id="open", priority=True),
        Binding("t", "results", "Results", id="results", tooltip="Ranking, agreement and whose voice carried"),
        Binding("e", "export", "Export", id="export", tooltip="Export results for HR"),
        Binding("l", "letters", "Letters", id="letters", tooltip="Feedback letters to candidates"),
        Binding("escape", "back", "Back", id="back"),
    ]

    def __init__(self, service: PanelService) -> None:
        super().__init__()
        self.service = service

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Agree scores: choose a candidate", classes="screen-title")
        yield OptionList(id="reconcile-candidates")
        yield FittingFooter(compact=True)

    def on_mount(self) -> None:
        self.refresh_data()

    def on_screen_resume(self) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        view = self.attempt(self.service.view)
        if view is None:
            return
        state = view.state
        options = self.query_one(OptionList)
        highlighted = options.highlighted
        options.clear_options()
        for c in state.candidates_in_order:
            line = Text()
            line.append_text(plain(f"{c.code}  {c.name}"))
            missing = view.missing_sheets(c.id)
            opened = state.reconciliation(c.id)
            outcome = state.outcome(c.id)
            if outcome:
                line.append(f"  ·  ✓ {outcome.decision.value}{' (final)' if outcome.final else ''}")
            elif opened:
                agreed = sum(1 for q in state.agreed_questions if state.agreed_score(c.id, q.id))
                line.append(f"  ·  open, {agreed} of {len(state.agreed_questions)} agreed")
            elif missing:
                line.append(f"  ·  waiting for {len(missing)} sheet(s)")
            else:
                line.append("  ·  ready")
            options.add_option(Option(line, id=c.id))
        if options.option_count:
            options.highlighted = min(highlighted or 0, options.option_count - 1)
        options.focus()

    @on(OptionList.OptionSelected)
    def action_open(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is None:
            return
        candidate_id = options.get_option_at_index(options.highlighted).id
        assert candidate_id is not None
        view = self.service.view()
        if view.opened(candidate_id):
            self.app.push_screen(ReconcileScreen(self.service, candidate_id))
            return

        def opened(result: object) -> None:
            if result is not None:
                self.app.push_screen(ReconcileScreen(self.service, candidate_id))

        missing = view.missing_sheets(candidate_id)
        if not missing:
            self.act("open agreement", self.service.open_reconciliation, candidate_id, done=opened)
            return
        self.app.push_screen(MissingReasons(self.service, candidate_id, missing), opened)

    def action_results(self) -> None:
        from .results import ResultsScreen

        self.app.push_screen(ResultsScreen(self.service))

    def action_letters(self) -> None:
        from .letters import LettersScreen

        self.app.push_screen(LettersScreen(self.service))

    def action_export(self) -> None:
        from .export import ExportScreen

        self.app.push_screen(ExportScreen(self.service))

    def action_back(self) -> None:
        self.app.pop_screen()
