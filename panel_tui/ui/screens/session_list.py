"""The first screen: every session in the sessions folder, and making a new one."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Static

from ...services import list_sessions
from ..messages import OpenSession
from ..text import cell
from ..widgets.fitting_footer import FittingFooter
from .base import PanelScreen
from .new_session import NewSessionScreen


class SessionListScreen(PanelScreen):
    BINDING_GROUP_TITLE = "Sessions"
    HELP = (
        "This is the list of hiring rounds (sessions) in your sessions folder.\n\n"
        "Each session is one job being filled: its panel, questions, candidates and scores.\n\n"
        "Use the arrow keys to choose a session, then press Enter to open it. "
        "Press N to start a new session. A session marked 'damaged' cannot be opened; "
        "its file has not been changed."
    )
    BINDINGS = [
        Binding("enter", "open", "Open", id="open", tooltip="Open the chosen session", priority=True),
        Binding("n", "new", "New session", id="new", tooltip="Start a new hiring round"),
        Binding("f5", "reload", "Refresh", id="reload", tooltip="Look for new session files"),
    ]

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder
        self._paths: list[Path] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Choose a session", classes="screen-title")
        yield Static(Text(f"Folder: {self.folder}"), id="folder", classes="hint")
        yield DataTable(id="sessions", cursor_type="row", zebra_stripes=True)
        yield Static("", id="empty", classes="hint")
        yield FittingFooter(compact=True)

    def on_mount(self) -> None:
        table = self.query_one("#sessions", DataTable)
        table.add_columns("Vacancy", "Stage", "Progress", "File")
        self.action_reload()

    def on_screen_resume(self) -> None:
        self.action_reload()

    def action_reload(self) -> None:
        table = self.query_one("#sessions", DataTable)
        table.clear()
        self._paths = []
        for summary in list_sessions(self.folder):
            self._paths.append(summary.path)
            if summary.problem:
                table.add_row(Text("⚠ damaged: cannot open"), Text(""), Text(""), cell(summary.path.name))
            else:
                table.add_row(cell(summary.vacancy), Text(summary.stage), Text(summary.progress), cell(summary.path.name))
        empty = self.query_one("#empty", Static)
        empty.update(
            "" if self._paths else "No sessions yet. Press N to start one, or run: panel-tui demo"
        )
        table.focus()

    def action_open(self) -> None:
        table = self.query_one("#sessions", DataTable)
        if not self._paths:
            self.app.notify("There is no session to open yet. Press N to start one.", markup=False)
            return
        self.post_message(OpenSession(self._paths[table.cursor_row]))

    @on(DataTable.RowSelected, "#sessions")
    def _row_chosen(self) -> None:
        self.action_open()

    def action_new(self) -> None:
        def created(path: Path | None) -> None:
            if path is not None:
                self.action_reload()
                self.post_message(OpenSession(path))

        self.app.push_screen(NewSessionScreen(self.folder), created)
