"""Add or change a panel member: name, group, role, PIN, access needs.

Access needs and "plain words first" are two parts of the person's access
profile (working with me); the whole profile is P on Set-up's panel tab
(`ProfileForm`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ConfigDict
from textual import on
from textual.app import ComposeResult
from textual.widgets import Checkbox, Input, Label, Select, Static

from ...domain.models import ROLE_LABELS, Group, PanelMember, Role, Session
from ...services import ChangedElsewhere, PanelService, version_of
from ..widgets.details_form import FieldsForm
from ..widgets.fitting_footer import FittingFooter
from ..widgets.toggles import TickBox
from .base import FormModal

LABELS = {"name": "Name", "group": "Group", "role": "Role", "access_needs": "Access needs", "plain_language": "Plain words first"}


class MemberForm(FormModal[PanelMember | None]):
    """Saves through the service; stays open with what was typed until the change has landed."""

    HELP = (
        "Type the person's name and choose their group and role.\n\n"
        "Group: volunteer, member (someone who uses the service) or staff.\n"
        "Role: the chair leads the panel; panel members score; HR / observer can see "
        "progress and export, but does not score.\n\n"
        "A PIN is optional: 4 to 8 numbers the person types to sign in. "
        "Leave it empty to keep it as it is.\n\n"
        "Plain words and access needs are part of the person's profile (working with me). "
        "To see all of it, press P on the Panel tab.\n\n"
        "Press Ctrl+S to save, Escape to go back."
    )
    def __init__(self, service: PanelService, session: Session, member: PanelMember | None = None) -> None:
        super().__init__()
        self.service = service
        self.session = session
        self.member = member
        self.version = version_of(member) if member is not None else None

    def compose(self) -> ComposeResult:
        m = self.member
        groups = [(self.session.group_label(g), g.value) for g in (Group.MEMBER, Group.VOLUNTEER, Group.STAFF)]
        roles = [(ROLE_LABELS[r], r.value) for r in Role]
        with FieldsForm(classes="dialog"):  # Up and Down go from field to field
            yield Static("Change panel member" if m else "Add a panel member", classes="dialog-title")
            yield Label("Name")
            yield Input(compact=True, value=m.name if m else "", id="name")
            yield Label("Group")
            yield Select(groups, value=(m.group.value if m else Group.MEMBER.value), allow_blank=False, id="group", compact=True)
            yield Label("Role")
            yield Select(roles, value=(m.role.value if m else Role.PANEL.value), allow_blank=False, id="role", compact=True)
            pin_label = "PIN (optional; leave empty to keep the current one)" if m and m.pin_hash else "PIN (optional, 4 to 8 numbers)"
            yield Label(pin_label)
            yield Input(compact=True, password=True, id="pin", max_length=8)
            yield TickBox("Show questions in plain words first", value=m.plain_language if m else False, id="plain")
            yield Label("Access needs (optional), e.g. large text, breaks")
            yield Input(compact=True, value=m.access_needs if m else "", id="access")
            yield from self.buttons()
        yield FittingFooter(compact=True)

    @on(Input.Submitted)
    def action_save(self) -> None:
        fields: dict[str, Any] = {
            "name": self.query_one("#name", Input).value,
            "group": str(self.query_one("#group", Select).value),
            "role": str(self.query_one("#role", Select).value),
            "access_needs": self.query_one("#access", Input).value,
            "plain_language": self.query_one("#plain", Checkbox).value,
        }
        pin = self.query_one("#pin", Input).value
        if pin.strip():
            fields["pin"] = pin
        if not fields["name"].strip():
            self.app.notify("Please type the person's name.", severity="warning", markup=False)
            self.query_one("#name", Input).focus()
            return
        if self.member is None:
            self.save_with(self.service.add_member, labels=LABELS, **fields)
        else:
            self.save_with(self.service.edit_member, self.member.id, labels=LABELS, **fields)

    def _changed_elsewhere(
        self, problem: ChangedElsewhere, action: Callable[..., Any], args: tuple[Any, ...], fields: dict[str, Any],
        labels: dict[str, str],
    ) -> None:
        """Compare access needs and plain words as this form shows them: they are parts of the profile now."""
        from .changed_elsewhere import ask_what_to_keep

        current = problem.current
        if not isinstance(current, PanelMember):
            super()._changed_elsewhere(problem, action, args, fields, labels)
            return

        def mine() -> None:
            self.version = version_of(current)
            self.save_with(action, *args, labels=labels, **fields)

        def theirs() -> None:
            self.dismiss(None)

        shown = _AsThisFormShows(
            **current.model_dump(mode="json"), access_needs=current.access_needs, plain_language=current.plain_language
        )
        ask_what_to_keep(self.app, ChangedElsewhere(shown, problem.event), fields, labels, mine, theirs)


class _AsThisFormShows(BaseModel):
    """A panel member as the comparison reads them: with the two parts of their profile this form owns, by name."""

    model_config = ConfigDict(extra="allow")
