"""The written applications, for the chair and HR: bring them in, check them for names, open the sift.

Renders `applications_view` (names and contact details are shown here, to
the people who prepare the sift, and nowhere a reviewer looks). Which keys
work comes from the rights table, never from a check here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Static

from ...services import PanelService, Right
from ..text import cell, plain
from ..widgets.fitting_footer import FittingFooter
from ..widgets.tables import KeyedTable
from .base import PanelScreen
from .confirm import ConfirmScreen

if TYPE_CHECKING:
    from ...services.sift_views import ApplicationRow, ApplicationsView


def found_words(count: int) -> str:
    """'⚑ 2 to check' or '✓ none found': a symbol and words, never colour alone."""
    return f"⚑ {count} to check" if count else "✓ none found"


class ApplicationsScreen(PanelScreen):
    BINDING_GROUP_TITLE = "Applications"
    HELP = (
        "The written applications for this job. Each person who applied gets a code, such as A07. "
        "Reviewers see only the code, never the name.\n\n"
        "Press I to import the applications from a CSV file. Press A to type one in.\n\n"
        "'To check' counts the names, email addresses and phone numbers found in the answers. "
        "Press Enter to see them and take them out. The original answers are kept apart.\n\n"
        "The chair presses O to open the sift. Then each reviewer scores the answers. "
        "The chair scores too: press S. The chair presses L for the shortlist."
    )
    BINDINGS = [
        Binding("enter", "check", "Check", id="check", tooltip="Check this application for names and take them out", priority=True),
        Binding("i", "import_file", "Import", id="import", tooltip="Import applications from a CSV file"),
        Binding("a", "add", "Add", id="add", tooltip="Type in one application"),
        Binding("o", "open_sift", "Open sift", id="open-sift", tooltip="Open the sift, so reviewers can score (chair)"),
        Binding("s", "sift", "Sift", id="sift", tooltip="Score the answers yourself, as a reviewer"),
        Binding("l", "shortlist", "Shortlist", id="shortlist", tooltip="Sift progress and the shortlist (chair)"),
        Binding("escape", "back", "Back", id="back", tooltip="Back to the overview"),
    ]
    FOOTER_KEEP = ("check", "import_file", "open_sift", "sift", "shortlist", "back", "help", "add")

    def __init__(self, service: PanelService) -> None:
        super().__init__()
        self.service = service
        self.view: ApplicationsView | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="status", classes="screen-title")
        yield KeyedTable("Code", "Name", "To check", "Edited", id="applications")
        yield Static("", id="detail", classes="hint")
        yield FittingFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one("#applications", KeyedTable).focus()

    def on_screen_resume(self) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        view = self.attempt(self.service.applications_view)
        if view is None:
            return
        self.view = view
        self.query_one("#status", Static).update(self._status(view))
        rows = [
            (r.applicant_id, [cell(r.code), cell(r.name), Text(found_words(r.found)), Text("✎ edited" if r.redacted else "")])
            for r in view.rows
        ]
        self.query_one("#applications", KeyedTable).fill(rows)
        self._show_detail()
        self.refresh_bindings()

    def _status(self, view: ApplicationsView) -> Text:
        count = len(view.rows)
        line = Text(f"{count} application{'s' if count != 1 else ''} · {len(view.questions)} sift question(s) · ")
        line.append("sift open" if view.sift_open else "sift not open yet")
        if view.rows:
            line.append(f"\n{view.found} possible name(s) or contact details found in the answers, still to check."
                        if view.found else "\nNo names or contact details found in the answers.")
        else:
            line.append("\nNo applications yet. Press I to import a CSV file, or A to type one in.")
        return line

    @on(DataTable.RowHighlighted, "#applications")
    def _highlighted(self) -> None:
        self._show_detail()

    def _current(self) -> ApplicationRow | None:
        key = self.query_one("#applications", KeyedTable).highlighted_key
        if self.view is None or key is None:
            return None
        return next((r for r in self.view.rows if r.applicant_id == key), None)

    def _show_detail(self) -> None:
        row = self._current()
        detail = self.query_one("#detail", Static)
        if row is None:
            detail.update("")
            return
        text = plain(f"{row.code} {row.name}", "bold")
        contact = " · ".join(x for x in (row.email, row.phone) if x)
        if contact:
            text.append(" · ")
            text.append_text(plain(contact))
        text.append(f"\n{found_words(row.found)}. Press Enter to check the answers.")
        detail.update(text)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        actor = self.service.actor
        sift_open = self.view is not None and self.view.sift_open
        if action in {"import_file", "add"}:
            return actor.may(Right.MANAGE_APPLICATIONS) and not sift_open
        if action == "open_sift":
            return actor.may(Right.SHORTLIST) and not sift_open
        if action == "shortlist":
            return actor.may(Right.SHORTLIST)
        if action == "sift":  # the chair sifts too, once it is open; HR does not score
            return actor.may(Right.SIFT) and sift_open
        if action == "check":
            return self.view is not None and bool(self.view.rows)
        return True

    # Acting ------------------------------------------------------------------

    def action_check(self) -> None:
        from .redaction import RedactionScreen

        row = self._current()
        if row is not None:
            self.app.push_screen(RedactionScreen(self.service, row.applicant_id))

    def action_import_file(self) -> None:
        from .sift_forms import ImportForm

        def imported(result: Any) -> None:
            if result is not None:
                self.app.notify(result.sentence(), title="Imported", markup=False, timeout=10)
                self.refresh_data()

        self.app.push_screen(ImportForm(self.service), imported)

    def action_add(self) -> None:
        from .sift_forms import ApplicationForm

        if self.view is None:
            return

        def added(applicant: Any) -> None:
            if applicant is not None:
                self.app.notify(f"Application added as {applicant.code}.", markup=False, timeout=6)
                self.refresh_data()

        self.app.push_screen(ApplicationForm(self.service, list(self.view.questions)), added)

    def action_open_sift(self) -> None:
        view = self.view
        if view is None:
            return
        if view.found:
            with_some = sum(1 for r in view.rows if r.found)
            found = (
                f"{view.found} found name(s) or contact details are still not taken out, "
                f"in {with_some} application(s). Reviewers will read the answers as they are now."
            )
        else:
            found = "No names or contact details were found in the answers."
        question = f"Open the sift now? {found} Once it is open, no applications can be added."

        def answered(yes: bool | None) -> None:
            if yes:
                self.act("open sift", self.service.open_sift, done=self._opened)

        self.app.push_screen(ConfirmScreen(question, yes="Open the sift"), answered)

    def _opened(self, _: object) -> None:
        self.app.notify("The sift is open. Reviewers can now score the answers.", markup=False, timeout=8)
        self.refresh_data()

    def action_sift(self) -> None:
        from .sift import SiftScreen

        self.app.push_screen(SiftScreen(self.service))

    def action_shortlist(self) -> None:
        from .shortlist import ShortlistScreen

        self.app.push_screen(ShortlistScreen(self.service))

    def action_back(self) -> None:
        self.app.pop_screen()
