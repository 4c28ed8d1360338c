"""HR's export: choose formats and options, watch the progress, see the files written.

The export runs in a thread worker so the screen stays responsive, and the
worker renders and writes in a process of its own (`export_process`), so
that drawing the screen and rendering a large round never share one Python
interpreter. The worker never touches widgets and never waits on the event
loop: progress and the result come back as posted messages. The export itself takes no lock
while it renders and writes (see `PanelService.export`). What the rules kept
out (for example scores of candidates whose agreement is not open yet) is
listed at the end in plain words.

The folder offered is `exports/<session>/` inside the sessions folder
(`locations.default_export_folder`); when the export makes that `exports/`
folder it also writes a `.gitignore` there, so a sessions folder kept in git
never commits an export. Exporting an unchanged session again finds the
files already the same and says they are up to date.

Ctrl+O writes the printable packs (`services.packs`) into the same folder:
the questions in large print for a candidate, the questions in Easy Read
for the panel, and blank paper score sheets. It too runs in a thread worker
that only posts a message back, and the screen then says where the files are.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Checkbox, Header, Input, Label, ProgressBar, Static

from ...domain.errors import PanelError
from ...locations import default_export_folder
from ...services import PanelService
from ...services.packs import PrintedPacks, print_packs
from ..text import plain
from ..widgets.fitting_footer import FittingFooter
from ..widgets.toggles import TickBox
from .base import PanelScreen
from .confirm import ConfirmScreen

FORMAT_LABELS = {
    "csv": "Spreadsheet-ready CSV (summary, scores, audit trail)",
    "xlsx": "Excel workbook",
    "json": "JSON (the whole session; can be imported again)",
    "html": "Printable report (HTML, opens in any browser)",
}


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
                 problem: str = "", ask_overwrite: bool = False, up_to_date: bool = False) -> None:
        super().__init__()
        self.files = files or []
        self.notices = notices or []
        self.problem = problem
        self.ask_overwrite = ask_overwrite
        self.up_to_date = up_to_date


class PacksEnded(Message):
    """Posted from the packs' thread: what was written, or why not."""

    def __init__(self, printed: PrintedPacks | None = None, problem: str = "") -> None:
        super().__init__()
        self.printed = printed
        self.problem = problem


class ExportScreen(PanelScreen):
    BINDING_GROUP_TITLE = "Export"
    HELP = (
        "Export the results for HR's records.\n\n"
        "Tick the formats you want. 'Hide panel members' names' shows them as "
        "'Panel member A (Member)'. 'Candidates by code only' leaves names out. Notes are the "
        "panel members' notes on their scores.\n\n"
        "Type the folder to write to and press Ctrl+E (or the Export button). The folder "
        "offered is 'exports' in the sessions folder; it is kept out of git. If nothing has "
        "changed since the last export there, the files are already up to date. If files of the "
        "same name are there and different, you are asked before they are replaced.\n\n"
        "Scores of a candidate appear only once the chair has opened agreement for them.\n\n"
        "Press Ctrl+O (or the Printable packs button) to write pages to print into the same folder: "
        "the questions in large print for a candidate who asked for them in writing (the questions only, "
        "nothing about scoring), the questions in Easy Read for panel members, and blank paper score sheets "
        "for each panel member and candidate. Open them in a web browser and print them on A4."
    )
    BINDINGS = [
        # priority: in the folder box Ctrl+E would otherwise only move to the end of the line
        Binding("ctrl+e", "export", "Export", id="export", tooltip="Write the chosen files", priority=True),
        Binding(
            "ctrl+o", "packs", "Printable packs", id="packs", priority=True,
            tooltip="Write the question packs and paper score sheets to print",
        ),
        Binding("escape", "back", "Back", id="back"),
    ]

    def __init__(self, service: PanelService) -> None:
        super().__init__()
        self.service = service
        self.exporting = False
        self.printing = False
        """The printable packs are being written (in a thread worker)."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Export for HR", classes="screen-title")
        with VerticalScroll(id="export-form"):
            for fmt, label in FORMAT_LABELS.items():
                yield TickBox(label, value=True, id=f"format-{fmt}")
            yield TickBox("Hide panel members' names", value=False, id="pseudonymise")
            yield TickBox("Candidates by code only (no names)", value=False, id="codes-only")
            yield TickBox("Include panel members' notes", value=True, id="notes")
            yield TickBox("Printable packs: one question a page", value=False, id="one-per-page")
            yield Label("Folder to write to")
            yield Input(str(default_export_folder(self.service.path)), id="folder", compact=True)
            with Horizontal(classes="buttons"):
                yield Button("Export (Ctrl+E)", variant="primary", id="export")
                yield Button("Printable packs (Ctrl+O)", id="packs")
            yield ProgressBar(total=5, show_eta=False, id="progress")
            yield Static("", id="export-status")
        yield FittingFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one("#format-csv", Checkbox).focus()

    @on(Button.Pressed, "#export")
    def _pressed(self) -> None:
        self.action_export()

    @on(Button.Pressed, "#packs")
    def _packs_pressed(self) -> None:
        self.action_packs()

    def action_packs(self) -> None:
        folder = self.query_one("#folder", Input).value.strip()
        if not folder:
            self.app.notify("Please type the folder to write to.", severity="warning", markup=False)
            return
        if self.printing:
            return
        self.printing = True
        self.query_one("#export-status", Static).update("Writing the printable packs…")
        self._print_packs(Path(folder).expanduser(), self.query_one("#one-per-page", Checkbox).value)

    @work(thread=True, exit_on_error=False, group="packs")
    def _print_packs(self, folder: Path, one_per_page: bool) -> None:
        try:  # reads one snapshot and takes no lock; replies by message only, never waiting on the event loop
            printed = print_packs(self.service, None, folder, one_per_page=one_per_page)
        except PanelError as error:
            self.post_message(PacksEnded(problem=str(error)))
        except OSError as error:
            self.post_message(PacksEnded(problem=f"Could not write the packs: {error.strerror or error}."))
        else:
            self.post_message(PacksEnded(printed))

    def on_packs_ended(self, message: PacksEnded) -> None:
        self.printing = False
        printed = message.printed
        if printed is None or not printed.files:
            problem = message.problem or " ".join([*(printed.notices if printed else []), "Nothing was written."])
            self._show_status(plain(f"✗ {problem}"))
            self.app.notify(problem, title="No packs written", severity="error", markup=False, timeout=10)
            return
        text = Text(f"✓ Printable packs: {len(printed.files)} file(s)\n", style="bold")
        text.append_text(plain(f"In {printed.folder}:\n"))
        for path in printed.files:
            text.append_text(plain(f"  {path.name}\n"))
        text.append("Open each one in a web browser and print it on A4.\n")
        for notice in printed.notices:
            text.append_text(plain(f"Note: {notice}\n"))
        self._show_status(text)
        self.app.notify(f"Printable packs written to {printed.folder}.", markup=False)

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

        try:  # through the service, so the export is in the audit trail (and exports/ gets its .gitignore)
            result = self.service.export(  # in a process of its own: the export and this screen never wait for each other
                folder, formats, options, force=force, progress=progress, own_process=True,  # type: ignore[arg-type]
            )
        except WouldOverwrite as error:
            self.post_message(ExportEnded(problem=str(error), ask_overwrite=True))
        except PanelError as error:
            self.post_message(ExportEnded(problem=str(error)))
        except OSError as error:
            self.post_message(ExportEnded(problem=f"Could not write the files: {error.strerror or error}."))
        else:
            self.post_message(ExportEnded(result.files, result.notices, up_to_date=result.up_to_date))

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
            self._done(message.files, message.notices, message.up_to_date)

    def _ask_overwrite(self, message: str) -> None:
        self.query_one("#export-status", Static).update("")

        def answered(yes: bool | None) -> None:
            if yes:
                self.action_export(force=True)

        self.app.push_screen(ConfirmScreen(f"{message} Replace them?", yes="Replace"), answered)

    def _show_status(self, text: Text) -> None:
        """The result, scrolled into view: on a small or magnified screen it sits below the form."""
        status = self.query_one("#export-status", Static)
        status.update(text)
        self.call_after_refresh(status.scroll_visible, animate=False)

    def _failed(self, message: str) -> None:
        self._show_status(plain(f"✗ {message}"))
        self.app.notify(message, title="Not exported", severity="error", markup=False, timeout=10)

    def _done(self, files: list[Path], notices: list[str], up_to_date: bool = False) -> None:
        if up_to_date:
            said = "Already up to date: nothing has changed since these files were written."
            text = Text(f"✓ Up to date: {len(files)} file(s)\n{said}\n", style="bold")
        else:
            said = f"Export written: {len(files)} file(s)."
            text = Text(f"✓ Written: {len(files)} file(s)\n", style="bold")
        for path in files:
            text.append_text(plain(f"  {path}\n"))
        for notice in notices:
            text.append_text(plain(f"Note: {notice}\n"))
        self._show_status(text)
        self.app.notify(said, markup=False)

    def action_back(self) -> None:
        self.app.pop_screen()
