"""The session's details as a form: set from the session, read back as changes.

`FieldsForm` is what every scrolling form of set-up shares: the cursor moves
from field to field and never stays behind in a field scrolled out of sight.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import ValidationError
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select, Static, TextArea

from ...domain.models import STAGE_LABELS, Group, Session, Stage, revise
from ...domain.retention import Retention, retention_for
from ...services import DETAIL_FIELDS, version_of
from .toggles import TickBox

LABELS = {
    "vacancy": "Vacancy",
    "organisation": "Organisation",
    "stage": "Stage",
    "divergence_threshold": "Disagreement threshold",
    "anonymised": "Codes, not names, while scoring",
    "pseudonymous": "Hide names while agreeing",
    "group_labels": "Group names",
    "confidentiality": "Confidentiality statement",
    "retention_until": "Keep details until",
    "retention_months": "Months to keep details",
    "legal_hold": "Legal hold",
}
"""How each field is named when two versions are compared."""


class FieldsForm(VerticalScroll, can_focus=False):
    """A form taller than the screen: Up and Down go from field to field, as Tab does.

    Textual's arrows would scroll the form and leave the cursor where it was,
    out of sight, so what is typed next lands where nobody can see it (and a
    space ticks a box nobody sees). Fields that use the arrows themselves (a
    list, a box of several lines) keep them. Page Up and Page Down scroll and
    take the cursor along. The form itself takes the cursor only when nothing
    in it can (everything read-only), so the arrows can still scroll it.
    """

    DEFAULT_CSS = """
    FieldsForm:focus {
        background-tint: $foreground 5%;
    }
    """

    BINDINGS = [
        Binding("down", "next_field", show=False),
        Binding("up", "previous_field", show=False),
        Binding("pagedown", "page_field(1)", show=False),
        Binding("pageup", "page_field(-1)", show=False),
    ]

    def action_next_field(self) -> None:
        if self.has_focus:
            self.scroll_down()
        else:
            self.screen.focus_next()

    def action_previous_field(self) -> None:
        if self.has_focus:
            self.scroll_up()
        else:
            self.screen.focus_previous()

    def action_page_field(self, pages: int) -> None:
        """Scroll a page and take the cursor along, to a field in the new view."""
        if self.has_focus:
            self.scroll_to(y=self.scroll_y + pages * self.scrollable_content_region.height, animate=False)
            return
        fields = self.fields()
        focused = self.screen.focused
        if not fields or focused not in fields:
            return
        view = self.scrollable_content_region
        target_y = min(self.max_scroll_y, max(0, self.scroll_y + pages * view.height))
        shift = round(target_y - self.scroll_y)
        page = view.translate((0, shift))
        here = fields.index(focused)
        if not shift:  # already at the end (or the top): the last (or first) field
            target = fields[-1] if pages > 0 else fields[0]
        elif pages > 0:
            onward = [w for w in fields[here + 1:] if page.contains_region(w.region)]
            target = onward[0] if onward else fields[min(here + 1, len(fields) - 1)]
        else:
            onward = [w for w in fields[:here] if page.contains_region(w.region)]
            target = onward[0] if onward else fields[max(here - 1, 0)]
        self.scroll_to(y=target_y, animate=False)
        self.screen.set_focus(target)

    def fields(self) -> list[Widget]:
        """What the cursor can rest on in this form, in the order Tab visits them."""
        return [w for w in self.screen.focus_chain if self in w.ancestors]


class DetailsForm(FieldsForm):
    """The details as they were when shown; `version` says which version that was."""

    DEFAULT_CSS = """
    DetailsForm > Label, DetailsForm > #retention-effective {
        width: 100%;
    }
    DetailsForm > #retention-effective {
        padding: 0 0 0 1;
        text-style: italic;
    }
    """

    def __init__(self, session: Session, id: str | None = None, retention: Retention | None = None) -> None:
        super().__init__(id=id)
        self.session = session
        self.version = version_of(session, DETAIL_FIELDS)
        self._outcome_known = retention is not None
        self._last_outcome: date | None = retention.last_outcome if retention is not None else None

    def show_retention(self, retention: Retention) -> None:
        """Show the session's retention date as it stands (`domain.retention.retention_of` of the whole session).

        The form holds only the details; the day of the last final outcome,
        which the months count from, comes from here. Until it is given the
        form says the rule ("6 months after the last final outcome").
        """
        self._outcome_known = True
        self._last_outcome = retention.last_outcome
        self._update_retention()

    def retention_sentence(self) -> str:
        """The retention date the details as typed would give, in words; the saved details' while the typing is not valid."""
        months = self.query_one("#retention-months", Input).value.strip()
        try:
            typed = revise(
                self.session,
                retention_until=self.query_one("#retention", Input).value.strip() or None,
                retention_months=months or self.session.retention_months,
                legal_hold=self.query_one("#legal-hold", Input).value,
            )
        except ValidationError:
            typed = self.session
        retention = retention_for(typed, self._last_outcome)
        if self._outcome_known or retention.set_by_hand:
            return retention.sentence()
        said = f"Personal details are kept for {retention.months} months after the round's last final outcome."
        if retention.on_hold:
            said += f" On legal hold: {retention.legal_hold}. Nothing is purged while the hold is on."
        return said

    @on(Input.Changed, "#retention, #retention-months, #legal-hold")
    def _update_retention(self) -> None:
        self.query_one("#retention-effective", Static).update(self.retention_sentence())

    def load(self, session: Session) -> None:
        """Show these details (someone else's newer ones, when the person chose to keep theirs)."""
        self.session = session
        self.version = version_of(session, DETAIL_FIELDS)
        self.query_one("#vacancy", Input).value = session.vacancy
        self.query_one("#organisation", Input).value = session.organisation
        self.query_one("#stage", Select).value = session.stage.value
        self.query_one("#threshold", Input).value = str(session.divergence_threshold)
        self.query_one("#anonymised", Checkbox).value = session.anonymised
        self.query_one("#pseudonymous", Checkbox).value = session.pseudonymous
        for group in Group:
            self.query_one(f"#label-{group.value}", Input).value = session.group_label(group)
        self.query_one("#retention-months", Input).value = str(session.retention_months)
        self.query_one("#retention", Input).value = session.retention_until.isoformat() if session.retention_until else ""
        self.query_one("#legal-hold", Input).value = session.legal_hold
        self.query_one("#confidentiality", TextArea).load_text(session.confidentiality)
        self._update_retention()
        self._as_shown = self.changes()

    def compose(self) -> ComposeResult:
        s = self.session
        yield Label("Vacancy (the job being filled)")
        # the cursor starts here when set-up opens: a stray key must not replace the whole vacancy
        yield Input(compact=True, value=s.vacancy, id="vacancy", select_on_focus=False)
        yield Label("Organisation")
        yield Input(compact=True, value=s.organisation, id="organisation")
        yield Label("Stage")
        yield Select([(STAGE_LABELS[st], st.value) for st in Stage], value=s.stage.value, allow_blank=False, id="stage", compact=True)
        yield Label("Disagreement threshold: a spread of scores this wide is flagged")
        yield Input(compact=True, value=str(s.divergence_threshold), id="threshold", type="integer")
        yield TickBox("Show candidate codes, not names, while scoring", value=s.anonymised, id="anonymised")
        yield TickBox("Hide panel members' names while agreeing scores", value=s.pseudonymous, id="pseudonymous")
        yield Label("What your organisation calls each group")
        for group in (Group.MEMBER, Group.VOLUNTEER, Group.STAFF):
            yield Input(compact=True, value=s.group_label(group), id=f"label-{group.value}")
        yield Label("Keep personal details for how many months after the last final outcome? (3 to 12)")
        yield Input(compact=True, value=str(s.retention_months), id="retention-months", type="integer")
        yield Label("Or keep them until a date you choose, instead of the months (e.g. 2027-06-30)")
        yield Input(
            value=s.retention_until.isoformat() if s.retention_until else "", id="retention", compact=True,
            placeholder="YYYY-MM-DD (empty: use the months)",
        )
        yield Static("", id="retention-effective", markup=False)
        yield Label("Legal hold: why the details must be kept (a claim, a complaint). While there is a reason here, nothing is purged. Empty it to lift the hold.")
        yield Input(compact=True, value=s.legal_hold, id="legal-hold", placeholder="empty: no legal hold")
        yield Label("Confidentiality statement, read by each panel member before scoring")
        yield TextArea(s.confidentiality, id="confidentiality", soft_wrap=True)

    def on_mount(self) -> None:
        self._update_retention()
        self._as_shown = self.changes()

    def unsaved(self) -> bool:
        """True when something was typed or chosen here since the details were last shown or saved."""
        shown = getattr(self, "_as_shown", None)
        return shown is not None and self.changes() != shown

    def changes(self) -> dict[str, Any]:
        threshold = self.query_one("#threshold", Input).value.strip()
        return {
            "vacancy": self.query_one("#vacancy", Input).value,
            "organisation": self.query_one("#organisation", Input).value,
            "stage": Stage(str(self.query_one("#stage", Select).value)),
            "divergence_threshold": threshold or "0",
            "anonymised": self.query_one("#anonymised", Checkbox).value,
            "pseudonymous": self.query_one("#pseudonymous", Checkbox).value,
            "group_labels": {g: self.query_one(f"#label-{g.value}", Input).value for g in Group},
            "confidentiality": self.query_one("#confidentiality", TextArea).text,
            "retention_until": self.query_one("#retention", Input).value.strip() or None,
            "retention_months": self.query_one("#retention-months", Input).value.strip() or "0",
            "legal_hold": self.query_one("#legal-hold", Input).value,
        }
