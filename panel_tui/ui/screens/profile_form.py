"""'Working with me': a panel member's access profile, filled in by them, or by the chair or HR with them.

Saved through `edit_member(profile=...)`, which lets a member change their
own profile and the chair or HR anyone's, and audits every change. The form
carries the version of the profile alone, so someone renaming the person
meanwhile is no clash; a change to the profile itself is shown side by side.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ConfigDict
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Checkbox, Input, Select, Static

from ...domain.models import FORMAT_LABELS, Format, PanelMember, Wording
from ...services import ChangedElsewhere, PanelService, version_of
from ..text import plain
from ..widgets.details_form import FieldsForm
from ..widgets.fitting_footer import FittingFooter
from ..widgets.toggles import TickBox
from .base import FormModal

LABELS = {
    "format": "How they take part",
    "wording": "Questions shown first",
    "auto_advance": "Move on after each score",
    "timer": "Interview timer",
    "extra_minutes": "Extra time (minutes)",
    "breaks": "Breaks",
    "anything_else": "Anything else",
}
"""How each part of the profile is named when two versions are compared."""
WORDING_CHOICES = [("As written", Wording.AS_WRITTEN.value), ("Plain words", Wording.PLAIN.value), ("Easy Read", Wording.EASY_READ.value)]
PROFILE_ONLY = ("profile",)


class ProfileForm(FormModal[PanelMember | None]):
    """One person's access profile; closes with the saved member, or None when left with Back."""

    HELP = (
        "Working with me: how you like to take part. You can fill it in, or the chair or HR can fill it in with you. "
        "Only you, the chair and HR can see it. It is never in an export.\n\n"
        "How you take part: the full screen, plain lines (plain mode, for screen readers) or large print.\n"
        "Questions shown first: as written, in plain words, or in Easy Read. L on the scoring screen still "
        "shows the other versions.\n"
        "Move on after each score: the next question comes up by itself when you give a score.\n"
        "Interview timer: a clock of the interview on the scoring screen, or none.\n"
        "Extra time: minutes added for you. Breaks, and anything else, in your own words.\n\n"
        "It applies each time you sign in. Press Ctrl+S to save, Escape to go back."
    )
    version_fields = PROFILE_ONLY
    DEFAULT_CSS = """
    ProfileForm .profile-row {
        height: auto;
        margin-top: 1;
    }
    ProfileForm .profile-row.-first {
        margin-top: 0;
    }
    ProfileForm .profile-label {
        width: 23;
    }
    ProfileForm .profile-row Input, ProfileForm .profile-row Select {
        width: 1fr;
    }
    ProfileForm #auto-advance {
        margin-top: 1;
    }
    """

    def __init__(self, service: PanelService, member: PanelMember) -> None:
        super().__init__()
        self.service = service
        self.member = member
        self.own = member.id == service.actor.id
        self.version = version_of(member, PROFILE_ONLY)

    def compose(self) -> ComposeResult:
        p = self.member.profile
        with FieldsForm(classes="dialog"):  # Up and Down go from field to field
            title = "Working with me" if self.own else f"Working with me: {self.member.name}"
            yield Static(plain(title), classes="dialog-title")
            formats = [(FORMAT_LABELS[f], f.value) for f in Format]
            with self._row("How you take part" if self.own else "How they take part", first=True):
                yield Select(formats, value=p.format.value, allow_blank=False, id="format", compact=True)
            with self._row("Questions shown first"):
                yield Select(WORDING_CHOICES, value=p.wording.value, allow_blank=False, id="wording", compact=True)
            yield TickBox("Move on to the next question after each score", value=p.auto_advance, id="auto-advance")
            yield TickBox("Show the interview timer", value=p.timer, id="timer")
            with self._row("Extra time (minutes)"):
                yield Input(str(p.extra_minutes), compact=True, type="integer", max_length=3, id="extra")
            with self._row("Breaks (optional)"):
                yield Input(p.breaks, compact=True, placeholder="e.g. every 30 minutes", id="breaks")
            with self._row("Anything else"):
                words = "in your own words" if self.own else "in their own words"
                yield Input(p.anything_else, compact=True, placeholder=f"(optional) {words}", id="anything-else")
            yield from self.buttons()
        yield FittingFooter(compact=True)

    @staticmethod
    def _row(label: str, first: bool = False) -> Horizontal:
        """A label and its field on one line, so the whole form fits on a small screen (60x20) with its buttons."""
        row = Horizontal(classes="profile-row -first" if first else "profile-row")
        row.compose_add_child(Static(label, classes="profile-label"))
        return row

    def profile(self) -> dict[str, Any]:
        """What is on the form, as the profile's fields (the service checks them)."""
        extra = self.query_one("#extra", Input).value.strip()
        return {
            "format": str(self.query_one("#format", Select).value),
            "wording": str(self.query_one("#wording", Select).value),
            "auto_advance": self.query_one("#auto-advance", Checkbox).value,
            "timer": self.query_one("#timer", Checkbox).value,
            "extra_minutes": extra or 0,
            "breaks": self.query_one("#breaks", Input).value,
            "anything_else": self.query_one("#anything-else", Input).value,
        }

    @on(Input.Submitted)
    def action_save(self) -> None:
        self.save_with(self.service.edit_member, self.member.id, labels=LABELS, profile=self.profile())

    def _changed_elsewhere(
        self, problem: ChangedElsewhere, action: Callable[..., Any], args: tuple[Any, ...], fields: dict[str, Any],
        labels: dict[str, str],
    ) -> None:
        """Someone else changed this profile meanwhile: compare it part by part, not as one line."""
        from .changed_elsewhere import ask_what_to_keep

        current = problem.current
        if not isinstance(current, PanelMember):
            super()._changed_elsewhere(problem, action, args, fields, labels)
            return

        def mine() -> None:
            self.version = version_of(current, PROFILE_ONLY)
            self.save_with(action, *args, labels=labels, **fields)

        def theirs() -> None:
            self.dismiss(None)

        theirs_now = _InWords(**_in_words(current.profile.model_dump(mode="json")))
        yours = _in_words(fields["profile"])
        ask_what_to_keep(self.app, ChangedElsewhere(theirs_now, problem.event), yours, LABELS, mine, theirs)


class _InWords(BaseModel):
    """A profile as the comparison shows it: "yes" and "no", not true and false."""

    model_config = ConfigDict(extra="allow")


def _in_words(profile: dict[str, Any]) -> dict[str, str]:
    return {key: ("yes" if value else "no") if isinstance(value, bool) else str(value) for key, value in profile.items()}
