"""The chair's set-up: session details, the scale, the panel and the candidates.

Every change goes through the application layer, which checks the rules
(for example: nobody who has given scores can be removed) and audits it.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Button, DataTable, Header, Input, Static, TabbedContent, TabPane, Tabs

from ...domain.models import Session
from ...domain.panel import next_code
from ...domain.retention import retention_of
from ...domain.state import SessionState
from ...services import (
    DETAIL_FIELDS,
    SCALE_FIELDS,
    ChangedElsewhere,
    PanelService,
    PrintedPinSlips,
    Right,
    scale_locked_reason,
    version_of,
)
from ..save_queue import SaveFinished
from ..text import plain
from ..widgets.composition import CompositionBar
from ..widgets.details_form import LABELS, DetailsForm, FieldsForm
from ..widgets.fitting_footer import FittingFooter
from ..widgets.scale_editor import ScaleEditor
from ..widgets.tables import (
    CANDIDATE_COLUMNS,
    MEMBER_COLUMNS,
    KeyedTable,
    candidate_detail,
    candidate_rows,
    member_detail,
    member_rows,
)
from .base import PanelScreen
from .candidate_form import CandidateForm
from .changed_elsewhere import ask_what_to_keep
from .confirm import ConfirmScreen
from .member_form import MemberForm
from .pin_slips import PinSlipsScreen

LIST_TABS = {"panel": "members", "candidates": "candidates"}
FIRST_FIELD = {"details": "#vacancy", "scale": "#preset", "panel": "#members", "candidates": "#candidates-table"}
"""Where the cursor goes when a tab is opened with its F key, or with Down from the row of tabs."""


class ScaleForm(ScaleEditor, FieldsForm, can_focus=False):
    """The scale editor, moving from field to field like the details form.

    Textual takes a widget's CSS type from its first base, so this one is
    styled as a ScaleEditor and repeats the little of FieldsForm's style it needs.
    """

    DEFAULT_CSS = """
    ScaleForm:focus {
        background-tint: $foreground 5%;
    }
    ScaleForm > Vertical {
        height: auto;
    }
    """


class SetupScreen(PanelScreen):
    BINDING_GROUP_TITLE = "Set-up"
    DEFAULT_CSS = """
    SetupScreen KeyedTable {
        height: auto;
        max-height: 1fr;
    }
    SetupScreen .row-detail {
        height: auto;
        padding: 1 1 0 1;
    }
    SetupScreen .locked-reason {
        padding: 0 1;
        height: auto;
        text-style: bold;
    }
    """
    HELP = (
        "Set-up is for the chair and HR.\n\n"
        "Details: the job, the stage of the round, the disagreement threshold, and what your "
        "organisation calls each group. Press Ctrl+S to save.\n"
        "Scale: the scores panel members give, with a label for every point. Ctrl+S saves it. "
        "Once anyone has scored, the scale is shown but cannot change.\n"
        "Panel: add (A), change (E) or remove (Delete) panel members. K makes PIN slips: new PINs "
        "on a page to print, cut and hand out (a ticked person's old PIN stops working). "
        "P opens the chosen person's profile (working with me), to fill in with them; "
        "under the list, 'Working with me' sums it up for planning the day.\n"
        "Candidates: add (A), change (E) or remove (Delete) candidates.\n\n"
        "Anyone who has already given or received scores cannot be removed: "
        "their scores stay on record.\n\n"
        "Press F2 to F5 to change tab. Tab, or the Up and Down keys, move from field to field. "
        "Escape goes back."
    )
    BINDINGS = [
        Binding("f2", "tab('details')", "Details", id="tab-details", show=False, tooltip="Session details"),
        Binding("f3", "tab('scale')", "Scale", id="tab-scale", show=False, tooltip="The scoring scale"),
        Binding("f4", "tab('panel')", "Panel", id="tab-panel", show=False, tooltip="The panel members"),
        Binding("f5", "tab('candidates')", "Candidates", id="tab-candidates", show=False, tooltip="The candidates"),
        Binding("ctrl+s", "save", "Save", id="save", tooltip="Save the details or the scale"),
        Binding("a", "add", "Add", id="add", tooltip="Add a panel member or candidate"),
        Binding("e", "edit", "Change", id="edit", tooltip="Change the chosen row"),
        Binding("delete", "remove", "Remove", id="remove", tooltip="Remove the chosen row"),
        Binding("k", "pin_slips", "PIN slips", id="pin-slips", tooltip="New PINs for panel members, on slips to print"),
        Binding("p", "profile", "Profile", id="profile", tooltip="Working with me: the chosen person's access profile"),
        Binding("escape", "back", "Back", id="back", tooltip="Back to the overview"),
        Binding("down", "arrow(1)", show=False),
        Binding("up", "arrow(-1)", show=False),
    ]
    AUTO_FOCUS = ""
    """The cursor starts in the first field (see `on_mount`), where typing goes, never on a frame."""

    def __init__(self, service: PanelService) -> None:
        super().__init__()
        self.service = service
        self.scale_version = version_of(service.state.session, SCALE_FIELDS)
        self.scale_locked: str | None = None
        """Why the scale cannot change (scoring has started), from the services; None while it can."""

    def compose(self) -> ComposeResult:
        state = self.service.state
        yield Header()
        yield Static("Set-up", classes="screen-title")
        yield CompositionBar(id="composition")
        with TabbedContent(id="setup-tabs", initial="details"):
            with TabPane("Details F2", id="details"):
                yield DetailsForm(state.session, id="details-form")
            with TabPane("Scale F3", id="scale"):
                yield Static("", id="scale-locked", classes="locked-reason")
                yield ScaleForm(state.session.scale, id="scale-editor")
                yield Button("Save scale (Ctrl+S)", id="save-scale")
            with TabPane("Panel F4", id="panel"):
                yield Static("A: add  E: change  Del: remove  K: PIN slips  P: profile", classes="hint")
                yield KeyedTable(*MEMBER_COLUMNS, id="members")
                yield Static("", id="member-detail", classes="row-detail")
            with TabPane("Candidates F5", id="candidates"):
                yield Static("A: add   E: change   Delete: remove", classes="hint")
                yield KeyedTable(*CANDIDATE_COLUMNS, id="candidates-table")
                yield Static("", id="candidate-detail", classes="row-detail")
        yield FittingFooter(compact=True)

    def on_mount(self) -> None:
        self.refresh_data()
        self.set_focus(self._first_field("details"), scroll_visible=False)  # the form shows from its first label

    def refresh_data(self) -> None:
        """The lists follow the session as it is; the details and scale keep what is being typed."""
        view = self.attempt(self.service.view)
        if view is None:
            return
        state = view.state
        self.query_one(CompositionBar).show(state)
        self.query_one("#members", KeyedTable).fill(member_rows(state))
        self.query_one("#candidates-table", KeyedTable).fill(candidate_rows(state))
        self.query_one(DetailsForm).show_retention(retention_of(state))
        self._show_details()
        self._lock_scale(scale_locked_reason(view))

    @on(DataTable.RowHighlighted)
    def _show_details(self) -> None:
        """Under each table, the highlighted row in full: a long name or access need is never cut off."""
        state = self.service.state
        members = self.query_one("#members", KeyedTable).highlighted_key
        candidates = self.query_one("#candidates-table", KeyedTable).highlighted_key
        self.query_one("#member-detail", Static).update(self._member_detail(state, members))
        self.query_one("#candidate-detail", Static).update(candidate_detail(state, candidates))

    @staticmethod
    def _member_detail(state: SessionState, member_id: str | None) -> Text:
        """The chosen panel member in full, with what they asked for in their access profile, for planning the day."""
        text = member_detail(state, member_id)
        summary = state.member(member_id).profile.summary() if member_id is not None else ""
        if summary:  # nothing asked for beyond their own words: the access needs line says it all
            text.append("\nWorking with me: ")
            text.append_text(plain(summary))
        return text

    def _lock_scale(self, reason: str | None) -> None:
        """Once anyone has scored, the scale is shown read-only, with the reason above it."""
        line = self.query_one("#scale-locked", Static)
        line.update(reason or "")
        line.display = reason is not None
        was_locked, self.scale_locked = self.scale_locked is not None, reason
        locked = reason is not None
        if locked == was_locked:
            return
        editor = self.query_one(ScaleForm)
        focused = self.focused
        was_here = focused is not None and self.query_one("#scale", TabPane) in focused.ancestors
        editor.can_focus = locked  # read-only, the form itself takes the cursor, so the arrows still scroll it
        for widget in (editor.query_one("#preset"), editor.query_one("#labels"), self.query_one("#save-scale")):
            widget.disabled = locked
        self.query_one("#save-scale").display = not locked  # room for the scale on a magnified screen
        if was_here:
            self.set_focus(self._first_field("scale"))

    @property
    def active_tab(self) -> str:
        return str(self.query_one(TabbedContent).active)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in {"add", "edit", "remove"}:
            return self.active_tab in LIST_TABS
        if action in {"pin_slips", "profile"}:
            return self.active_tab == "panel" and self.service.actor.may(Right.EDIT_ANY_MEMBER)
        if action == "save":
            return self.active_tab in {"details", "scale"}
        return True

    def _first_field(self, tab: str) -> Widget:
        """Where the cursor goes in a tab: its first field, or the read-only scale itself."""
        field = self.query_one(FIRST_FIELD[tab])
        if field.disabled:
            return self.query_one(ScaleForm)
        return field

    def on_tabbed_content_tab_activated(self) -> None:
        self.refresh_bindings()

    def action_tab(self, tab: str) -> None:
        """Open a tab and put the cursor in its first field, from wherever the cursor was.

        The cursor moves before the old tab is hidden: Textual would otherwise
        move it to a field beside the hidden one, which brings the old tab back.
        """
        self.query_one(TabbedContent).active = tab
        self.set_focus(self._first_field(tab))

    def action_arrow(self, step: int) -> None:
        """Down from the row of tabs goes into the tab; Up and Down move on from a button."""
        focused = self.focused
        if focused is None or isinstance(focused, Tabs):
            if step > 0:
                self.set_focus(self._first_field(self.active_tab))
        elif step > 0:
            self.focus_next()
        else:
            self.focus_previous()

    def action_back(self) -> None:
        """Leave Set-up; if details or the scale were changed and not saved, ask first (nothing typed is lost silently)."""
        unsaved = self._unsaved()
        if not unsaved:
            self.app.pop_screen()
            return

        def answered(leave: bool | None) -> None:
            if leave:
                self.app.pop_screen()

        self.app.push_screen(
            ConfirmScreen(
                f"You changed the {unsaved} and did not save. Leave Set-up and lose those changes? "
                "Press N to stay, then Ctrl+S to save them.",
                yes="Leave without saving",
            ),
            answered,
        )

    def _unsaved(self) -> str:
        """What was changed on screen and not saved: "session details", "scale", both, or ""."""
        parts = []
        if self.query_one(DetailsForm).unsaved():
            parts.append("session details")
        if self.scale_locked is None:
            scale = self.service.state.session.scale
            low, high, labels = self.query_one(ScaleForm).values()
            if (low, high, labels) != (scale.low, scale.high, list(scale.labels)):
                parts.append("scale")
        return " and the ".join(parts)

    # Saving details and scale ------------------------------------------

    def action_save(self) -> None:
        if self.active_tab == "details":
            self._save_details(self.query_one(DetailsForm).changes())
        elif self.active_tab == "scale":
            if self.scale_locked is not None:
                self.say_problem(self.scale_locked, "The scale cannot change")
                return
            self._save_scale()

    def _save_details(self, changes: dict[str, Any], version: str | None = None) -> None:
        form = self.query_one(DetailsForm)

        def done(session: Session) -> None:
            form.load(session)
            self.app.notify("Session details saved.", markup=False)
            self.refresh_data()

        def failed(message: SaveFinished) -> None:
            problem = message.problem
            if isinstance(problem, ChangedElsewhere) and isinstance(problem.current, Session):
                current = problem.current
                ask_what_to_keep(
                    self.app, problem, changes, LABELS,
                    on_mine=lambda: self._save_details(changes, version_of(current, DETAIL_FIELDS)),
                    on_theirs=lambda: form.load(current),
                )
                return
            self.say_problem(message.error or "Not saved.", "Not saved")

        self.act("details", self.service.update_details, version=version or form.version, done=done, failed=failed, **changes)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save-scale":
            self._save_scale()

    def _save_scale(self, version: str | None = None) -> None:
        low, high, labels = self.query_one(ScaleEditor).values()

        def done(session: Session) -> None:
            self.scale_version = version_of(session, SCALE_FIELDS)
            self.app.notify(
                f"Scale saved: {low} to {high}. Disagreement threshold is now {session.divergence_threshold}.",
                markup=False,
            )
            self.query_one("#threshold", Input).value = str(session.divergence_threshold)

        def failed(message: SaveFinished) -> None:
            problem = message.problem
            if isinstance(problem, ChangedElsewhere) and isinstance(problem.current, Session):
                current = problem.current
                ask_what_to_keep(
                    self.app, problem, {"scale": f"{low} to {high}: {', '.join(labels)}"}, {"scale": "Scale"},
                    on_mine=lambda: self._save_scale(version_of(current, SCALE_FIELDS)),
                    on_theirs=lambda: self.app.notify("Kept their scale. Press Escape and U to see it.", markup=False),
                )
                return
            self.say_problem(message.error or "Not saved.", "Not saved")

        self.act("scale", self.service.set_scale, low, high, labels, version=version or self.scale_version, done=done, failed=failed)

    # Panel members and candidates ----------------------------------------

    def _selected(self) -> str | None:
        table_id = "#members" if self.active_tab == "panel" else "#candidates-table"
        key = self.query_one(table_id, KeyedTable).highlighted_key
        if key is None:
            self.app.notify("There is nobody to choose yet. Press A to add someone.", markup=False)
        return key

    def action_add(self) -> None:
        state = self.service.state
        if self.active_tab == "panel":
            self.app.push_screen(MemberForm(self.service, state.session), self._saved("Panel member saved."))
        elif self.active_tab == "candidates":
            self.app.push_screen(CandidateForm(self.service, next_code(state.candidates)), self._saved("Candidate saved."))

    def action_edit(self) -> None:
        key = self._selected()
        if key is None:
            return
        state = self.service.state
        if self.active_tab == "panel":
            member = self.attempt(state.member, key)
            if member:
                self.app.push_screen(MemberForm(self.service, state.session, member), self._saved("Panel member saved."))
        else:
            candidate = self.attempt(state.candidate, key)
            if candidate:
                self.app.push_screen(CandidateForm(self.service, candidate.code, candidate), self._saved("Candidate saved."))

    def _saved(self, done_message: str) -> Callable[[object], None]:
        """After a form closes: it saved itself (or was left with Back)."""

        def after(result: object) -> None:
            if result is not None:
                self.app.notify(done_message, markup=False)
            self.refresh_data()

        return after

    def action_remove(self) -> None:
        key = self._selected()
        if key is None:
            return
        state = self.service.state
        remove: Callable[[str], object]
        if self.active_tab == "panel":
            member = self.attempt(state.member, key)
            if member is None:
                return
            question, remove = f"Remove {member.name} from the panel?", self.service.remove_member
        else:
            candidate = self.attempt(state.candidate, key)
            if candidate is None:
                return
            question, remove = f"Remove candidate {candidate.code} ({candidate.name})?", self.service.remove_candidate

        def removed(_: object) -> None:
            self.app.notify("Removed.", markup=False)
            self.refresh_data()

        def answered(yes: bool | None) -> None:
            if yes:
                self.act("remove", remove, key, done=removed)

        self.app.push_screen(ConfirmScreen(question, yes="Remove"), answered)

    # Access profiles ---------------------------------------------------------

    def action_profile(self) -> None:
        """P: the chosen person's access profile ("working with me"), to fill in with them."""
        from .profile_form import ProfileForm

        key = self._selected()
        if key is None:
            return
        member = self.attempt(self.service.state.member, key)
        if member is not None:
            self.app.push_screen(ProfileForm(self.service, member), self._saved(f"{member.name}'s profile saved."))

    # PIN slips -------------------------------------------------------------

    def action_pin_slips(self) -> None:
        self.app.push_screen(PinSlipsScreen(self.service), self._pin_slips_made)

    def _pin_slips_made(self, made: PrintedPinSlips | None) -> None:
        """Say where the page is; in a browser tab of the hub, open it there too."""
        if made is None:
            return
        count = len(made.slips.slips)
        people = "1 person" if count == 1 else f"{count} people"
        in_browser = bool(getattr(self.app, "served", False)) and self.app.is_web
        if in_browser:  # never in a terminal: Textual would save a copy in the Downloads folder
            self.app.deliver_text(
                io.StringIO(made.html), save_filename=made.path.name, open_method="browser",
                mime_type="text/html", encoding="utf-8",
            )
        also = " It is also open in a new tab of your browser." if in_browser else ""
        self.app.notify(
            f"PIN slips for {people} are in {made.path}.{also} Print it, then delete it: it holds everyone's PIN.",
            title="PIN slips made", markup=False, timeout=60,
        )
        self.refresh_data()
