"""Co-produced shortlisting: written applications, sifted anonymously, one question at a time.

An `Applicant` holds who applied (name, contact details): kept apart and never
shown while sifting. An `Application` holds their answers, by sift question:
`answers` as reviewers see them (after the chair's redaction) and `original`
as sent, kept apart. Each reviewer scores one sift question across every
applicant on a `SiftSheet`; the panel's `SiftDecision` per applicant is the
shortlist (or the reason they were not shortlisted).
"""

from __future__ import annotations

from datetime import datetime
from typing import Self

from pydantic import Field, model_validator

from .models import Model, RequiredText, SheetStatus, Text, new_id, now


class Applicant(Model):
    """Who applied: identifying details, kept apart from the answers."""

    id: str = Field(default_factory=new_id)
    code: RequiredText
    """A01, A02 ...: all the sift ever shows. Kept as the candidate code when shortlisted."""
    name: RequiredText
    email: Text = ""
    phone: Text = ""
    other_details: dict[str, str] = Field(default_factory=dict)
    """Any other identifying columns of the imported CSV, by column name."""
    candidate_id: str | None = None
    """The interview candidate made from this applicant once shortlisted."""
    position: int = 0
    created_at: datetime = Field(default_factory=now)


class Application(Model):
    """One applicant's answers, by sift question id."""

    applicant_id: str
    answers: dict[str, str] = Field(default_factory=dict)
    """What reviewers read: the answers after redaction."""
    original: dict[str, str] = Field(default_factory=dict)
    """The answers as sent, kept apart; "" until a redaction changed one."""
    redacted_by: str | None = None
    redacted_at: datetime | None = None

    @property
    def id(self) -> str:
        return self.applicant_id


def sift_sheet_id(member_id: str, question_id: str) -> str:
    """One sift sheet per reviewer and sift question, even when two terminals create it at once."""
    return f"{member_id}.{question_id}"


class SiftSheet(Model):
    """One reviewer's scores and notes for one sift question, across every applicant."""

    id: str = ""
    member_id: str
    question_id: str
    scores: dict[str, int] = Field(default_factory=dict)
    """Applicant id -> score."""
    notes: dict[str, str] = Field(default_factory=dict)
    status: SheetStatus = SheetStatus.DRAFT
    created_at: datetime = Field(default_factory=now)
    updated_at: datetime = Field(default_factory=now)
    submitted_at: datetime | None = None

    @model_validator(mode="after")
    def _derive_id(self) -> Self:
        expected = sift_sheet_id(self.member_id, self.question_id)
        if self.id and self.id != expected:
            raise ValueError("a sift sheet's id must match its reviewer and sift question")
        if not self.id:
            object.__setattr__(self, "id", expected)
        return self

    @property
    def submitted(self) -> bool:
        return self.status is SheetStatus.SUBMITTED


class SiftDecision(Model):
    """The panel's agreed decision on one applicant: shortlisted or not, with the reason."""

    applicant_id: str
    shortlisted: bool
    reason: Text = ""
    by: str
    at: datetime = Field(default_factory=now)

    @property
    def id(self) -> str:
        return self.applicant_id
