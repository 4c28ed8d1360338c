"""Bring questions in: from a question bank file, or from another session's agreed set.

The banks offered are those `services.banks.find_banks` finds, as
`panel-tui questions list` shows them: your own first, then the starter
banks installed with panel-tui, which your own folder never hides.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Label, Select, SelectionList, Static

from ...domain.text import one_line
from ...services.banks import Bank, bank_folders, find_banks
from ..text import plain
from ..widgets.fitting_footer import FittingFooter
from ..widgets.toggles import TickList
from .base import FormModal


class BankImport(FormModal[tuple[Bank, list[str]] | None]):
    HELP = (
        "Choose a question bank, then tick the questions to bring in (all are ticked to start). "
        "They arrive as proposed questions for the panel to improve and agree. "
        "Ctrl+S brings them in; Escape goes back."
    )

    def __init__(self, folder: Path | None = None) -> None:
        """`folder`: your own banks, listed first (default: `locations.questions_dir()`); the starter banks follow."""
        super().__init__()
        self.folders = bank_folders(folder)
        self.banks: dict[str, Bank] = {}
        self.labels: dict[str, str] = {}
        self.starters: set[str] = set()
        self.problems: list[str] = []
        for found in find_banks(folder):
            if found.bank is None:
                self.problems.append(found.problem)
                continue
            key = str(found.path)
            count = len(found.bank.questions)
            whose = "Starter" if found.starter else "Yours"
            if found.starter:
                self.starters.add(key)
            self.banks[key] = found.bank
            self.labels[key] = f"{whose}: {one_line(found.bank.title)} ({count} question{'' if count == 1 else 's'})"

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Static("Import questions from a bank", classes="dialog-title")
            if not self.banks:
                yield Static(plain(f"No question banks in {' or '.join(str(f) for f in self.folders)}."))
            else:
                yield Label("Bank")
                options = [(Text(label), key) for key, label in self.labels.items()]
                yield Select(options, value=options[0][1], allow_blank=False, id="bank", compact=True)
                yield Static("", id="bank-file", classes="hint")
                yield Label("Questions to bring in")
                yield TickList[str](id="bank-questions")
            for problem in self.problems:
                yield Static(plain(f"⚠ {problem}"), classes="hint")
            yield from self.buttons("Import")
        yield FittingFooter(compact=True)

    def on_mount(self) -> None:
        if self.banks:
            self._show(str(self.query_one("#bank", Select).value))

    @on(Select.Changed, "#bank")
    def _bank_chosen(self, event: Select.Changed) -> None:
        self._show(str(event.value))

    def _where(self, key: str) -> str:
        """Where the bank comes from, in words: a starter bank by its name, your own by its file (from here if it is below)."""
        path = Path(key)
        if key in self.starters:
            return f"Comes with panel-tui: {path.name}"
        try:
            return f"File: {path.relative_to(Path.cwd())}"
        except ValueError:
            return f"File: {path}"

    def _show(self, key: str) -> None:
        self.query_one("#bank-file", Static).update(plain(self._where(key)))
        chooser = self.query_one("#bank-questions", SelectionList)
        chooser.clear_options()
        for q in self.banks[key].questions:
            chooser.add_option((Text(q.text[:70]), q.id, True))

    def action_save(self) -> None:
        if not self.banks:
            self.dismiss(None)
            return
        bank = self.banks[str(self.query_one("#bank", Select).value)]
        chosen = list(self.query_one("#bank-questions", SelectionList).selected)
        if not chosen:
            self.app.notify("Tick at least one question.", severity="warning", markup=False)
            return
        self.dismiss((bank, chosen))


class CopyFromSession(FormModal[Path | None]):
    HELP = (
        "Choose an earlier session: its agreed questions are copied here as proposed questions, "
        "for this panel to improve and agree. Ctrl+S copies; Escape goes back."
    )

    def __init__(self, sessions: list[tuple[Path, str]]) -> None:
        super().__init__()
        self.sessions = sessions

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Static("Copy the questions of another session", classes="dialog-title")
            if not self.sessions:
                yield Static("There is no other session in the sessions folder.")
            else:
                options = [(label, str(path)) for path, label in self.sessions]
                yield Select(options, value=options[0][1], allow_blank=False, id="other", compact=True)
            yield from self.buttons("Copy")
        yield FittingFooter(compact=True)

    def action_save(self) -> None:
        if not self.sessions:
            self.dismiss(None)
            return
        self.dismiss(Path(str(self.query_one("#other", Select).value)))
