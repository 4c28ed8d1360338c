"""HR's export: choose formats and options, watch the progress, see the files written.

The export runs in a thread worker so the screen stays responsive. The
worker never touches widgets and never waits on the event loop: progress and
the result come back as posted messages. The export itself takes no lock
while it renders and writes (see `PanelService.export`). What the rules kept
out (for example scores of candidates whose agreement is not open yet) is
listed at the end in plain words.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Checkbox, Footer, Header, Input, Label, ProgressBar, Static

from ...domain.errors import PanelError
from ...services import PanelService
from ..text import plain
from ..widgets.toggles import TickBox
from .base import PanelScreen
from .confirm import ConfirmScreen

FORMAT_LABELS = {
    "csv": "Spreadsheet-ready CSV (summary, scores, audit trail)",
    "xlsx": "Excel workbook",
    "json": "JSON (the whole session; can be imported again)",
    "html": "Printable report (HTML, opens in any browser)",
}


def default_folder(session_path: Path) -> Path:
    return session_path.parent.parent / "exports" / session_path.stem


class ExportProgress(Message):
    """Posted from the export's thread: how far it has got."""

    def __init__(self, done: int, total: int, label: str) -> None:
        super().__init__()
        self.done = done
        self.total = total
        self.label = label


class ExportEnded(Message):
    """Posted from the export's thread: what was written, or why not."""

    def __init__(self, files: list[Path] | None = None, notices: list[str] | None = None,
                 problem: str = "", ask_overwrite: bool = False) -> None:
        super().__init__()
        self.files = files or []
        self.notices = notices or []
        self.problem = problem
        self.ask_overwrite = ask_overwrite


class ExportScreen(PanelScreen):
    BINDING_GROUP_TITLE = "Export"
    HELP = (
        "Export the results for HR's records.\n\n"
        "Tick the formats you want. 'Hide panel members' names' shows them as "
        "'Panel member A (Member)'. 'Candidates by code only' leaves names out. Notes are the "
        "panel members' notes on their scores.\n\n"
        "Type the folder to write to and press Ctrl+E (or the Export button). If files of the "
        "same name are there already, you are asked before they are replaced.\n\n"
        "Scores of a candidate appear only once the chair has opened agreement for them."
    )
    BINDINGS = [
        Binding("ctrl+e", "export", "Export", id="export", tooltip="Write the chosen files"),
        Binding("escape", "back", "Back", id="back"),
    ]

    def __init__(self, service: PanelService) -> None:
        super().__init__()
        self.service = service
        self.exporting = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Export for HR", classes="screen-title")
        with VerticalScroll(id="export-form"):
            for fmt, label in FORMAT_LABELS.items():
                yield TickBox(label, value=True, id=f"format-{fmt}")
            yield TickBox("Hide panel members' names", value=False, id="pseudonymise")
            yield TickBox("Candidates by code only (no names)", value=False, id="codes-only")
            yield TickBox("Include panel members' notes", value=True, id="notes")
            yield Label("Folder to write to")
            yield Input(str(default_folder(self.service.path)), id="folder", compact=True)
            with Horizontal(classes="buttons"):
                yield Button("Export (Ctrl+E)", variant="primary", id="export")
            yield ProgressBar(total=5, show_eta=False, id="progress")
            yield Static("", id="export-status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#format-csv", Checkbox).focus()

    @on(Button.Pressed, "#export")
    def _pressed(self) -> None:
        self.action_export()

    def action_export(self, force: bool = False) -> None:
        formats = [fmt for fmt in FORMAT_LABELS if self.query_one(f"#format-{fmt}", Checkbox).value]
        if not formats:
            self.app.notify("Tick at least one format.", severity="warning", markup=False)
            return
        folder = self.query_one("#folder", Input).value.strip()
        if not folder:
            self.app.notify("Please type the folder to write to.", severity="warning", markup=False)
            return
        from ...export import ExportOptions

        options = ExportOptions(
            pseudonymise=self.query_one("#pseudonymise", Checkbox).value,
            codes_only=self.query_one("#codes-only", Checkbox).value,
            notes=self.query_one("#notes", Checkbox).value,
        )
        if self.exporting:
            return
        self.exporting = True
        self.query_one("#export-status", Static).update("Writing…")
        self._run(Path(folder).expanduser(), formats, options, force)

    @work(thread=True, exit_on_error=False, group="export")
    def _run(self, folder: Path, formats: list[str], options: object, force: bool) -> None:
        from ...export import WouldOverwrite

        def progress(done: int, total: int, label: str) -> None:
            self.post_message(ExportProgress(done, total, label))  # queues only: never waits on the event loop

        try:  # through the service, so the export itself is in the audit trail
            result = self.service.export(folder, formats, options, force=force, progress=progress)  # type: ignore[arg-type]
        except WouldOverwrite as error:
            self.post_message(ExportEnded(problem=str(error), ask_overwrite=True))
        except PanelError as error:
            self.post_message(ExportEnded(problem=str(error)))
        except OSError as error:
            self.post_message(ExportEnded(problem=f"Could not write the files: {error.strerror or error}."))
        else:
            self.post_message(ExportEnded(result.files, result.notices))

    def on_export_progress(self, message: ExportProgress) -> None:
        bar = self.query_one(ProgressBar)
        bar.update(total=message.total, progress=message.done)
        self.query_one("#export-status", Static).update(message.label)

    def on_export_ended(self, message: ExportEnded) -> None:
        self.exporting = False
        if message.ask_overwrite:
            self._ask_overwrite(message.problem)
        elif message.problem:
            self._failed(message.problem)
        else:
            self._done(message.files, message.notices)

    def _ask_overwrite(self, message: str) -> None:
        self.query_one("#export-status", Static).update("")

        def answered(yes: bool | None) -> None:
            if yes:
                self.action_export(force=True)

        self.app.push_screen(ConfirmScreen(f"{message} Replace them?", yes="Replace"), answered)

    def _failed(self, message: str) -> None:
        self.query_one("#export-status", Static).update(plain(f"✗ {message}"))
        self.app.notify(message, title="Not exported", severity="error", markup=False, timeout=10)

    def _done(self, files: list[Path], notices: list[str]) -> None:
        text = Text(f"✓ Written: {len(files)} file(s)\n", style="bold")
        for path in files:
            text.append_text(plain(f"  {path}\n"))
        for notice in notices:
            text.append_text(plain(f"Note: {notice}\n"))
        self.query_one("#export-status", Static).update(text)
        self.app.notify(f"Export written: {len(files)} file(s).", markup=False)

    def action_back(self) -> None:
        self.app.pop_screen()
