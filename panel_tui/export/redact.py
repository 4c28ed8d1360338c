"""Taking people's names out of a session: pseudonyms for panel members, codes for candidates.

One `Redactor` replaces every recorded name, wherever it appears: in the
name fields themselves, in notes, reasons and feedback, and in the audit
trail (who acted, what was changed, from what to what). Names are gathered
from the session and from the audit trail's own snapshots, so a name that
was later corrected, or a person later removed, is caught too.

A name is matched whole (not inside a longer word) and in any letter case.
What cannot be caught is a person mentioned some other way in free text (a
first name alone, a nickname): the export's --no-notes option leaves notes
out for that reason.

Used by the exports (--pseudonymise, --codes-only) and by the purge of
candidates' personal data after the retention date.

A panel member's access profile ("working with me") never leaves the
session file at all, whatever the options: `without_profiles` takes it out
of the members and of every audit snapshot of a member, leaving it blank
(`PROFILE_BLANK`, including the two fields it grew from, in events written
before it), as a PIN hash is always null.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from ..domain.audit import is_candidate_snapshot, is_member_snapshot
from ..domain.models import AccessProfile, AuditEvent, Model, PanelMember, revise
from ..domain.reconcile import letters
from ..domain.records import RECORD_KINDS
from ..domain.state import SessionState

STRUCTURAL_KEYS = frozenset(
    {
        "id", "member_id", "candidate_id", "question_id", "actor_id", "by", "opened_by", "authors",
        "supporters", "dissent", "group", "role", "status", "kind", "decision", "sign_off", "stage",
        "code", "scale", "group_labels", "pin_hash", "final", "position", "score", "scores",
        "at", "created_at", "updated_at", "submitted_at", "declared_at", "confirmed_at", "opened_at",
        "signed_off_at", "retention_until", "wait_until", "failures", "waits",
        "format", "wording", "auto_advance", "timer", "extra_minutes",
        "retention_months", "sift", "sift_opened_at",
        "rate_pence", "rate_per", "expected_minutes", "offered_on", "choice", "lower_amount_pence",
        "time", "preparation_minutes", "interview_minutes", "agreement_minutes", "amount_pence", "receipt_seen",
        "payment_status", "paid_on", "advice_offered_on", "confirmed_by",
        "drafted_by", "drafted_at", "edited_by", "edited_at", "sent_on", "sent_by",
        "applicant_id", "redacted_by", "redacted_at", "shortlisted",
    }
)
"""Fields that hold ids, choices and dates: never text a person typed, so never rewritten."""

PROFILE_BLANK: dict[str, Any] = {
    "profile": AccessProfile().model_dump(mode="json"),
    "access_needs": "",
    "plain_language": False,
}
"""A panel member's access profile, and the fields it grew from (0.1's access needs and plain words), as blank:
what an export holds in their place (as a PIN hash is always null), so a restored export reads as nobody's profile."""
PROFILE_KEYS = frozenset(PROFILE_BLANK)

MIN_FREE_TEXT_NAME = 2
"""Names shorter than this are replaced in name fields but not searched for in free text."""


def _snapshots(events: Iterable[AuditEvent]) -> Iterable[Mapping[str, Any]]:
    for event in events:
        for value in (event.before, event.after):
            if isinstance(value, Mapping):
                yield value


def panel_labels(state: SessionState, events: Iterable[AuditEvent] = ()) -> dict[str, str]:
    """Member id -> pseudonym, for everyone who is or was on the panel.

    Scorers get "Panel member A (Member)", lettered in member-id order across
    the whole panel exactly as `reconcile.pseudonyms` letters them for the
    chair, so a report and the chair's screen name the same person alike.
    Observers (HR) get "Observer A (Staff)"; people since removed from the
    panel, known only from the audit trail, "Former panel member 1".
    """
    labels: dict[str, str] = {}
    scorers = sorted(m.id for m in state.scorers)
    for index, member_id in enumerate(scorers):
        member = state.member(member_id)
        labels[member_id] = f"Panel member {letters(index)} ({state.group_label(member.group)})"
    observers = sorted(m.id for m in state.members if not m.scores)
    for index, member_id in enumerate(observers):
        member = state.member(member_id)
        labels[member_id] = f"Observer {letters(index)} ({state.group_label(member.group)})"
    former = 0
    for snap in _snapshots(events):
        former_id = snap.get("id")
        if is_member_snapshot(snap) and isinstance(former_id, str) and former_id not in labels:
            former += 1
            labels[former_id] = f"Former panel member {former}"
    return labels


def member_replacements(state: SessionState, events: Iterable[AuditEvent], labels: Mapping[str, str]) -> dict[str, str]:
    """Every name a panel member has had -> their pseudonym."""
    events = list(events)
    names: dict[str, str] = {}
    for member in state.members:
        names.setdefault(member.name, labels[member.id])
    for snap in _snapshots(events):
        member_id, name = snap.get("id"), snap.get("name")
        if is_member_snapshot(snap) and isinstance(name, str) and isinstance(member_id, str) and member_id in labels:
            names.setdefault(name, labels[str(member_id)])
    for event in events:
        if event.actor_id in labels:
            names.setdefault(event.actor_name, labels[event.actor_id])
    return names


def candidate_replacements(state: SessionState, events: Iterable[AuditEvent]) -> dict[str, str]:
    """Every name a candidate has had -> their code."""
    names: dict[str, str] = {}
    for candidate in state.candidates:
        names.setdefault(candidate.name, candidate.code)
    codes = {c.id: c.code for c in state.candidates}
    for snap in _snapshots(events):
        name, code = snap.get("name"), snap.get("code")
        if is_candidate_snapshot(snap) and isinstance(name, str) and isinstance(code, str):
            names.setdefault(name, codes.get(str(snap.get("id")), code))
    return names


class Redactor:
    """Replaces recorded names in text, models and audit events, in one pass each."""

    def __init__(
        self,
        replacements: Mapping[str, str],
        *,
        blank_member_fields: bool = False,
        blank_candidate_fields: bool = False,
    ) -> None:
        self._lookup: dict[str, str] = {}
        for name, label in replacements.items():
            self._lookup.setdefault(name.strip().casefold(), label)
        searchable = sorted(
            (n for n in self._lookup if len(n) >= MIN_FREE_TEXT_NAME), key=len, reverse=True
        )
        self._pattern = (
            re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in searchable) + r")(?!\w)", re.IGNORECASE)
            if searchable
            else None
        )
        self.blank_member_fields = blank_member_fields
        """Pseudonymising: a panel member's access profile is left out too (exports leave it out anyway)."""
        self.blank_candidate_fields = blank_candidate_fields
        """Codes only or purge: a candidate's adjustments are left out too."""

    def __bool__(self) -> bool:
        return bool(self._lookup) or self.blank_member_fields or self.blank_candidate_fields

    def text(self, value: str) -> str:
        exact = self._lookup.get(value.strip().casefold())
        if exact is not None:
            return exact
        if self._pattern is None:
            return value
        return self._pattern.sub(lambda m: self._lookup[m.group(0).casefold()], value)

    def value(self, value: Any) -> Any:
        """A JSON-like value with every name replaced; ids, choices and dates untouched."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list):
            return [self.value(v) for v in value]
        if isinstance(value, Mapping):
            return self._mapping(value)
        return value

    def _mapping(self, value: Mapping[str, Any]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        member = is_member_snapshot(value)
        candidate = is_candidate_snapshot(value)
        for key, item in value.items():
            if key in STRUCTURAL_KEYS:
                result[key] = item
            elif member and key in PROFILE_KEYS and self.blank_member_fields:
                result[key] = PROFILE_BLANK[key]
            elif candidate and key == "adjustments" and self.blank_candidate_fields:
                result[key] = ""
            else:
                result[key] = self.value(item)
        return result

    def model(self, model: Model) -> Model:
        data = model.model_dump(mode="json")
        redacted = self._mapping(data)
        return model if redacted == data else type(model).model_validate(redacted)

    def event(self, event: AuditEvent) -> AuditEvent:
        data = event.model_dump(mode="json")
        redacted = {
            **data,
            "actor_name": self.text(event.actor_name),
            "target": self.text(event.target),
            "before": self.value(event.before),
            "after": self.value(event.after),
        }
        return event if redacted == data else AuditEvent.model_validate(redacted)


def profile_out(value: Any, keep: str | None = None) -> Any:
    """A JSON-like value (an audit snapshot) with every panel member's access profile blank, but `keep`'s (an id)."""
    if isinstance(value, list):
        return [profile_out(v, keep) for v in value]
    if isinstance(value, Mapping):
        blank = is_member_snapshot(value) and (keep is None or value.get("id") != keep)
        return {k: PROFILE_BLANK[k] if blank and k in PROFILE_KEYS else profile_out(v, keep) for k, v in value.items()}
    return value


def without_profiles(
    members: Iterable[PanelMember], events: Iterable[AuditEvent]
) -> tuple[tuple[PanelMember, ...], list[AuditEvent]]:
    """The members with blank profiles, and the audit trail with none in any snapshot: what an export may hold.

    An entry about a change of profile stays (who changed whose profile,
    and when), with nothing of the profile in it.
    """
    blank = AccessProfile()
    kept = tuple(m if m.profile == blank else revise(m, profile=blank) for m in members)
    trail = []
    for event in events:
        before, after = profile_out(event.before), profile_out(event.after)
        trail.append(event if (before, after) == (event.before, event.after) else revise(event, before=before, after=after))
    return kept, trail


def redact_state(state: SessionState, redactor: Redactor) -> SessionState:
    """Every record of every kind through the redactor (names, notes, reasons, feedback)."""
    if not redactor:
        return state
    return state.with_records(
        {kind.field: tuple(redactor.model(m) for m in getattr(state, kind.field)) for kind in RECORD_KINDS}
    )
