"""Feedback letters to candidates: drafted from the agreed scores and reasons, edited by the chair, marked sent.

A letter names no panel member and compares with no other candidate. Its text
is kept in the session, in the audit trail and in that candidate's subject
access export.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import Field

from .models import Model, Text, now


class FeedbackLetter(Model):
    """One candidate's feedback letter (one per candidate)."""

    candidate_id: str
    text: Text
    drafted_by: str
    """The panel member id of the chair who drafted it."""
    drafted_at: datetime = Field(default_factory=now)
    edited_by: str | None = None
    edited_at: datetime | None = None
    sent_on: date | None = None
    sent_by: str | None = None

    @property
    def id(self) -> str:
        return self.candidate_id
