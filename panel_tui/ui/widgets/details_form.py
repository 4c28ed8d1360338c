"""The session's details as a form: set from the session, read back as changes."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Checkbox, Input, Label, Select, TextArea

from ...domain.models import STAGE_LABELS, Group, Session, Stage
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
}
"""How each field is named when two versions are compared."""


class DetailsForm(VerticalScroll):
    """The details as they were when shown; `version` says which version that was."""

    def __init__(self, session: Session, id: str | None = None) -> None:
        super().__init__(id=id)
        self.session = session
        self.version = version_of(session, DETAIL_FIELDS)

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
        self.query_one("#retention", Input).value = session.retention_until.isoformat() if session.retention_until else ""
        self.query_one("#confidentiality", TextArea).load_text(session.confidentiality)

    def compose(self) -> ComposeResult:
        s = self.session
        yield Label("Vacancy (the job being filled)")
        yield Input(compact=True, value=s.vacancy, id="vacancy")
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
        yield Label("Keep candidates' personal details until (date, e.g. 2027-06-30; empty: not set)")
        yield Input(value=s.retention_until.isoformat() if s.retention_until else "", id="retention", compact=True, placeholder="YYYY-MM-DD")
        yield Label("Confidentiality statement, read by each panel member before scoring")
        yield TextArea(s.confidentiality, id="confidentiality", soft_wrap=True)

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
        }
