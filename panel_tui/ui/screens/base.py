"""What every screen shares: plain help text, changes run off the event loop, forms that keep what was typed.

`act` is the one way a screen changes the session: the service call runs in
the app's save queue (never on the event loop, which must not wait for the
session's lock), and `done` runs back on the event loop when it has landed.
A refusal becomes a plain notice, never a traceback.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import (
    Button,
    Checkbox,
    Input,
    OptionList,
    RadioSet,
    Select,
    SelectionList,
    Static,
    TextArea,
)

from ...domain.errors import PanelError
from ...services import ChangedElsewhere, version_of
from ..save_queue import SaveFinished, SaveQueue, SaveWaiting

T = TypeVar("T")


@dataclass
class _Reply:
    """What to do when a change asked for with `act` lands or is refused."""

    done: Callable[[Any], object] | None
    failed: Callable[[SaveFinished], None] | None


class Attempts:
    """Run actions and changes; a rule they break becomes a plain notice, never a traceback."""

    HELP: ClassVar[str | None] = ""
    """What this screen is for, in plain words: shown by F1."""

    def attempt(self, action: Callable[..., T], *args: object, **kwargs: object) -> T | None:
        """For reads and other quick calls that never take the session's lock."""
        try:
            return action(*args, **kwargs)
        except PanelError as error:
            self.say_problem(str(error))
            return None

    def say_problem(self, message: str, title: str = "Not done") -> None:
        self.app.notify(message, title=title, severity="error", markup=False, timeout=10)  # type: ignore[attr-defined]

    @property
    def saves(self) -> SaveQueue:
        return self.app.saves  # type: ignore[attr-defined, no-any-return]

    def act(
        self,
        label: str,
        action: Callable[..., Any],
        *args: Any,
        done: Callable[[Any], object] | None = None,
        failed: Callable[[SaveFinished], None] | None = None,
        **kwargs: Any,
    ) -> None:
        """Change the session off the event loop; `done(result)` runs here once it has landed."""
        self.saves.submit(label, action, *args, reply_to=self, tag=_Reply(done, failed), **kwargs)  # type: ignore[arg-type]

    def on_save_finished(self, message: SaveFinished) -> None:
        reply = message.tag
        if not isinstance(reply, _Reply):
            return
        if message.outcome == "saved":
            if reply.done is not None:
                reply.done(message.result)
        elif reply.failed is not None:
            reply.failed(message)
        else:
            self.say_problem(message.error or "That could not be done.", "Not saved" if message.outcome == "failed" else "Not done")

    def on_save_waiting(self, message: SaveWaiting) -> None:
        if isinstance(message.tag, _Reply):
            self.app.notify(message.reason, title="Not saved yet", severity="warning", markup=False, timeout=6)  # type: ignore[attr-defined]


class PanelScreen(Attempts, Screen[None]):
    def on_session_changed(self) -> None:
        """Someone saved (here or in another terminal): show the session as it is now."""
        refresh = getattr(self, "refresh_data", None)
        if callable(refresh):
            refresh()


class PanelModal(Attempts, ModalScreen[T]):
    """Modal screens do not see the app's bindings, so help and colours are repeated here."""

    BINDINGS = [
        Binding("f1", "app.help", "Help", id="help", tooltip="What this is for, in plain words"),
        Binding("ctrl+t", "app.next_theme", "Colours", id="theme", show=False),
    ]


class FormModal(PanelModal[T]):
    """A form: Ctrl+S or the Save button saves, Escape or Back goes back with nothing.

    A form saves through `save_with`: it stays open, with everything typed,
    until the change has landed; a refusal is shown and the person can
    correct it. If someone else changed the record since the form opened,
    the two versions are shown side by side and the person chooses.
    """

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="save"),
        Binding("escape", "cancel", "Back", id="cancel"),
    ]

    version: str | None = None
    """The version of the record as the form opened it (`version_of`); None for a new record."""
    version_fields: Iterable[str] | None = None
    """The fields the version covers (None: the whole record)."""
    saving = False

    FIELDS: ClassVar[tuple[type[Widget], ...]] = (Input, TextArea, Select, SelectionList, RadioSet, Checkbox, OptionList)
    """What a person types or chooses in: focus starts on the first of these, never on the dialog's frame."""
    AUTO_FOCUS = ""
    """Not Textual's first focus: it scrolls a tall dialog so that its title and first label are out of sight."""

    def on_mount(self) -> None:
        self.call_after_refresh(self._focus_first_field)

    def _focus_first_field(self) -> None:
        focused = self.focused
        if isinstance(focused, self.FIELDS) and focused.is_attached:
            return  # the form chose its own first field
        for field in self.query("*").results(Widget):
            if isinstance(field, self.FIELDS) and field.focusable:
                field.focus(scroll_visible=False)  # the dialog opens at its title; the first field is just below it
                return

    def buttons(self, save: str = "Save") -> ComposeResult:
        yield Static("", id="form-problem", classes="error-text")
        with Horizontal(classes="buttons"):
            yield Button(save, variant="primary", id="save")
            yield Button("Back", id="cancel")

    @on(Button.Pressed, "#save")
    async def _save_pressed(self) -> None:
        await self.run_action("save")  # each form defines action_save: read the fields, then save_with

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def save_with(self, action: Callable[..., Any], *args: Any, labels: dict[str, str] | None = None, **fields: Any) -> None:
        """Save `fields` with `action`; close with its result once saved, stay open otherwise."""
        if self.saving:
            return
        self.saving = True
        self._set_busy(True)
        extra = {"version": self.version} if self.version is not None else {}

        def done(result: Any) -> None:
            self.saving = False
            self.dismiss(result)

        def failed(message: SaveFinished) -> None:
            self.saving = False
            self._set_busy(False)
            if isinstance(message.problem, ChangedElsewhere):
                self._changed_elsewhere(message.problem, action, args, fields, labels or {})
                return
            self.show_problem(message.error or "That could not be saved.")

        self.act("form", action, *args, done=done, failed=failed, **fields, **extra)

    def show_problem(self, problem: str) -> None:
        """Why the save was refused, in the dialog beside the buttons: everything typed stays as it was."""
        for line in self.query("#form-problem").results(Static):
            line.update(Text(f"✗ Not saved: {problem}"))
            line.scroll_visible()
        self.say_problem(problem, "Not saved")

    def _set_busy(self, busy: bool) -> None:
        for button in self.query("#save").results(Button):
            button.disabled = busy
            button.label = "Saving…" if busy else getattr(self, "_save_label", "Save")

    def _changed_elsewhere(
        self, problem: ChangedElsewhere, action: Callable[..., Any], args: tuple[Any, ...], fields: dict[str, Any],
        labels: dict[str, str],
    ) -> None:
        from .changed_elsewhere import ask_what_to_keep

        def mine() -> None:
            self.version = version_of(problem.current, self.version_fields)
            self.save_with(action, *args, labels=labels, **fields)

        def theirs() -> None:
            self.dismiss(None)

        ask_what_to_keep(self.app, problem, fields, labels, mine, theirs)
