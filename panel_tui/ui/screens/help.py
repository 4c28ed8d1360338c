"""F1: what the current screen is for and which keys do what, in plain words."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from ..widgets.fitting_footer import FittingFooter
from .base import PanelModal

GENERAL = (
    "Keys for every screen: F1 shows this help. Ctrl+T changes the colours "
    "(one choice is high contrast). Ctrl+P opens the command list, where you can type "
    "what you want to do. Ctrl+Q quits; everything is already saved."
)


GLOSSARY = (
    ("Median", "the middle score, when the panel's scores are put in order from low to high."),
    ("Spread", "how far apart the panel's scores are: the highest take away the lowest."),
    ("Flag", "the mark ⚑ beside a question where the scores are far apart. The chair talks it through with the panel."),
    ("Alpha", "one number for how much the panel agreed, from 0 to 1. Near 1 means you mostly gave the same scores."),
)
"""Words a panel member may meet on the chair's and the results screens, in plain words."""


def glossary_text() -> Text:
    text = Text()
    for word, meaning in GLOSSARY:
        text.append(word, style="bold")
        text.append(f": {meaning}\n")
    return text


class HelpScreen(PanelModal[None]):
    BINDINGS = [Binding("escape,f1,q", "close", "Close help", id="close")]

    def __init__(self, title: str, text: str, keys: list[tuple[str, str]]) -> None:
        super().__init__()
        self.title_text = title
        self.text = text
        self.keys = keys

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog help"):
            yield Static(f"Help: {self.title_text}", classes="dialog-title")
            yield Static(Text(self.text or "There is no extra help for this screen."))
            if self.keys:
                yield Static("Keys on this screen", classes="section-title")
                lines = Text()
                for key, description in self.keys:
                    lines.append(f"{key:>10}", style="bold")
                    lines.append(f"  {description}\n")
                yield Static(lines)
            yield Static(Text(GENERAL), classes="hint")
            yield Static("Words you may see", classes="section-title")
            yield Static(glossary_text())
            yield Static("Press Escape to close this help.", classes="hint")
        yield FittingFooter(compact=True)

    def action_close(self) -> None:
        self.dismiss(None)
