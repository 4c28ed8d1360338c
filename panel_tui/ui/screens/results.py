"""Results for the chair: ranking, totals as bars, agreement, whose voice carried.

Ties are shown as ties ("2=" and the word "tie"), never broken. Calibration
figures are for training and reflection, never to discount anyone's score.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Static

from ...domain import reconcile
from ...domain.results import alpha_units, calibration
from ...domain.stats import alpha_reading, krippendorff_alpha_ordinal, pairable_count
from ...services import PanelService
from ..text import plain
from .base import PanelScreen

BAR_WIDTH = 14


def _bar(value: float, top: float) -> str:
    if top <= 0:
        return ""
    eighths = round(value / top * BAR_WIDTH * 8)
    full, part = divmod(eighths, 8)
    return "█" * full + ("" if not part else " ▏▎▍▌▋▊▉"[part])


class ResultsScreen(PanelScreen):
    BINDING_GROUP_TITLE = "Results"
    HELP = (
        "The results of the round so far.\n\n"
        "Ranking: candidates by their agreed total, with the average of the panel's own totals "
        "for comparison. Equal totals are shown as a tie, never broken.\n"
        "Agreement: how consistently the panel scored (Krippendorff's alpha).\n"
        "Whose voice carried: how close the agreed scores were to each group's own scores.\n"
        "Calibration: how each panel member's scores sit against the panel's middle score, "
        "for training and reflection only."
    )
    BINDINGS = [Binding("escape", "back", "Back", id="back")]

    def __init__(self, service: PanelService) -> None:
        super().__init__()
        self.service = service

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Results", classes="screen-title")
        with VerticalScroll(id="results"):
            yield Static("", id="ranking")
            yield Static("", id="agreement")
            yield Static("", id="voice")
            yield Static("", id="calibration")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.refresh_data()
        self.query_one("#results").focus()

    def refresh_data(self) -> None:
        state = self.service.state
        scale = state.session.scale
        top = scale.high * len(state.agreed_questions)
        ranking = Text("Ranking by agreed total\n", style="bold underline")
        independent = {r.candidate.id: r for r in reconcile.rank_candidates(state, "independent")}
        for ranked in reconcile.rank_candidates(state, "agreed"):
            c = ranked.candidate
            opened = state.reconciliation(c.id) is not None
            place = f"{ranked.rank}{'=' if ranked.tied else ' '}" if ranked.total is not None else "– "
            ranking.append(f"{place:>3} ")
            ranking.append_text(plain(f"{c.code} {c.name}"[:22].ljust(22)))
            if not opened:
                ranking.append(" agreement not opened yet\n", style="dim")
                continue
            if ranked.total is None:
                ranking.append(" not every question agreed yet")
            else:
                ranking.append(f" {ranked.total:>4g}/{top} {_bar(ranked.total, top)}")
                if ranked.tied:
                    ranking.append(" tie", style="bold")
            outcome = state.outcome(c.id)
            if outcome:
                ranking.append(f"  {outcome.decision.value}", style="bold")
            details = []
            panel_mean = independent[c.id].total
            if panel_mean is not None:
                details.append(f"panel's own average {panel_mean:.1f}")
            flagged = sum(1 for row in reconcile.grid(state, c.id) if row.divergent)
            if flagged:
                details.append(f"⚑ the panel differed on {flagged} question(s)")
            ranking.append("\n")
            if details:
                ranking.append("     " + " · ".join(details) + "\n", style="dim")
        self.query_one("#ranking", Static).update(ranking)

        units = alpha_units(state)
        alpha = krippendorff_alpha_ordinal(units, list(scale.points))
        agreement = Text("\nAgreement across the panel\n", style="bold underline")
        if alpha is not None:
            agreement.append(f"Krippendorff's alpha (ordinal): {alpha:.2f}\n")
        agreement.append(alpha_reading(alpha, pairable_count(units)))
        self.query_one("#agreement", Static).update(agreement)

        voice = reconcile.whose_voice(state)
        text = Text("\n\nWhose voice carried\n", style="bold underline")
        text.append_text(plain(voice.sentence))
        for group, mad in voice.mean_abs_diff.items():
            if mad is not None:
                flag = "  ⚑ far from the agreed scores" if group in voice.flagged else ""
                text.append(f"\n  {state.group_label(group)}: on average {mad:.1f} from the agreed score; "
                            f"closest on {voice.closest.get(group, 0)} of {voice.questions}{flag}")
        self.query_one("#voice", Static).update(text)

        cal = Text("\n\nCalibration (for training, never to discount anyone)\n", style="bold underline")
        figures = calibration(state)
        for member in sorted(state.scorers, key=lambda m: m.name.casefold()):
            value = figures.get(member.id)
            if value is None:
                continue
            word = "higher than" if value > 0.25 else "lower than" if value < -0.25 else "close to"
            cal.append_text(plain(f"  {member.name} ({state.group_label(member.group)}): "))
            cal.append(f"{value:+.1f}, usually {word} the panel's middle score\n")
        self.query_one("#calibration", Static).update(cal)

    def action_back(self) -> None:
        self.app.pop_screen()
