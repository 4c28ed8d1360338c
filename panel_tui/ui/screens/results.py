"""Results for the chair: ranking, totals as bars, agreement, whose voice carried.

Ties are shown as ties ("2=" and the word "tie"), never broken. Calibration
figures are for training and reflection, never to discount anyone's score.
Who is named how (names, codes, pseudonyms) comes from the read model
(`services.results.results_for`): this screen only renders it.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Header, Static

from ...services import PanelService, Results, results_for
from ..text import plain
from ..widgets.fitting_footer import FittingFooter
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
        "Ranking: the candidates in order of their agreed total. Beside each is the average of the "
        "panel's own totals, to compare. Equal totals are shown as a tie. A tie is never broken.\n"
        "Agreement: how much the panel gave the same scores (Krippendorff's alpha).\n"
        "Whose voice carried: how close the agreed scores came to each group's own scores.\n"
        "Calibration: how each panel member's scores sit next to the panel's middle score. It is for "
        "training and to think back on, never to count anyone's score for less. When names are hidden, "
        "panel members are shown by letter."
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
        yield FittingFooter(compact=True)

    def on_mount(self) -> None:
        self.refresh_data()
        self.query_one("#results").focus()

    def refresh_data(self) -> None:
        results = self.attempt(lambda: results_for(self.service.view()))
        if results is None:
            return
        self.query_one("#ranking", Static).update(self._ranking(results))
        agreement = Text("\nAgreement across the panel\n", style="bold underline")
        if results.alpha is not None:
            agreement.append(f"Krippendorff's alpha (ordinal): {results.alpha:.2f}\n")
        agreement.append(results.alpha_words)
        self.query_one("#agreement", Static).update(agreement)

        text = Text("\n\nWhose voice carried\n", style="bold underline")
        text.append_text(plain(results.voice_sentence))
        for line in results.voice:
            flag = "  ⚑ far from the agreed scores" if line.far else ""
            text.append_text(plain(f"\n  {line.group}: on average {line.distance:.1f} from the agreed score; "
                                   f"closest on {line.closest} of {results.voice_questions}{flag}"))
        self.query_one("#voice", Static).update(text)

        cal = Text("\n\nCalibration (for training, never to discount anyone)\n", style="bold underline")
        if results.names_hidden:
            cal.append("Names are hidden while agreeing scores, so panel members are shown by letter.\n", style="dim")
        for entry in results.calibration:
            word = "higher than" if entry.value > 0.25 else "lower than" if entry.value < -0.25 else "close to"
            cal.append_text(plain(f"  {entry.who}: "))
            cal.append(f"{entry.value:+.1f}, usually {word} the panel's middle score\n")
        self.query_one("#calibration", Static).update(cal)

    @staticmethod
    def _ranking(results: Results) -> Text:
        top = results.top
        ranking = Text("Ranking by agreed total\n", style="bold underline")
        for line in results.ranking:
            place = f"{line.rank}{'=' if line.tied else ' '}" if line.total is not None else "– "
            ranking.append(f"{place:>3} ")
            ranking.append_text(plain(line.label.ljust(22)))  # a long name is shown whole; the line wraps
            if not line.opened:
                ranking.append(" agreement not opened yet\n", style="dim")
                continue
            if line.total is None:
                ranking.append(" not every question agreed yet")
            else:
                ranking.append(f" {line.total:>4g}/{top} {_bar(line.total, top)}")
                if line.tied:
                    ranking.append(" tie", style="bold")
            if line.outcome:
                ranking.append(f"  {line.outcome.value}", style="bold")
            details = []
            if line.panel_mean is not None:
                details.append(f"panel's own average {line.panel_mean:.1f}")
            if line.flagged:
                details.append(f"⚑ the panel differed on {line.flagged} question(s)")
            ranking.append("\n")
            if details:
                ranking.append("     " + " · ".join(details) + "\n", style="dim")
        return ranking

    def action_back(self) -> None:
        self.app.pop_screen()
