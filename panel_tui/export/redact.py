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
personal data after the retention date. The purge (`purge_redactor`,
`purge_changes`) also turns applicants' names into their codes and empties
the personal details `panel_tui.domain.retention.PERSONAL_DETAILS` lists
(applicants' contact details, the answers as sent, reciprocity's free text),
in the records and in every audit snapshot of them. A service that audits one
of those details must record it inside a snapshot of its record (a mapping
with the record's fields, as `snapshot(model)` makes), never as a bare
string: a bare string is searched for names, but it cannot be known to be an
email or a charity.

A panel member's access profile ("working with me") never leaves the
session file at all, whatever the options: `without_profiles` takes it out
of the members and of every audit snapshot of a member, leaving it blank
(`PROFILE_BLANK`, including the two fields it grew from, in events written
before it), as a PIN hash is always null.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any, TypeVar

from ..domain.audit import is_candidate_snapshot, is_member_snapshot
from ..domain.models import AccessProfile, AuditEvent, Model, PanelMember, revise
from ..domain.reconcile import letters
from ..domain.records import RECORD_KINDS
from ..domain.retention import PERSONAL_DETAILS
from ..domain.state import SessionState

M = TypeVar("M", bound=Model)

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


def is_applicant_snapshot(value: Mapping[str, Any]) -> bool:
    return "name" in value and "code" in value and "email" in value and "phone" in value


def _detail_kind(value: Mapping[str, Any]) -> str | None:
    """Which kind of record with personal details a mapping (a record or an audit snapshot) is, if any."""
    if is_candidate_snapshot(value):
        return "candidates"
    if is_applicant_snapshot(value):
        return "applicants"
    if "applicant_id" in value and "answers" in value and "original" in value:
        return "applications"
    if "member_id" in value and "charity" in value and "expenses" in value:
        return "reciprocity"
    if "what" in value and "amount_pence" in value:
        return "expenses"
    return None


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


def applicant_replacements(state: SessionState, events: Iterable[AuditEvent]) -> dict[str, str]:
    """Every name an applicant (a written application) has had -> their code."""
    names: dict[str, str] = {}
    for applicant in state.applicants:
        names.setdefault(applicant.name, applicant.code)
    codes = {a.id: a.code for a in state.applicants}
    for snap in _snapshots(events):
        name, code = snap.get("name"), snap.get("code")
        if is_applicant_snapshot(snap) and isinstance(name, str) and isinstance(code, str):
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
        blank_personal_details: bool = False,
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
        self.blank_personal_details = blank_personal_details
        """Purge: candidates and applicants become their codes, and `PERSONAL_DETAILS` are emptied."""
        self.empty_blanks = False
        """Personal details become "" rather than their words ("Expense (details removed ...)"): for an audit
        entry already in the log, which may not grow when it is rewritten (`emptying`)."""

    def __bool__(self) -> bool:
        return (
            bool(self._lookup) or self.blank_member_fields or self.blank_candidate_fields or self.blank_personal_details
        )

    def emptying(self) -> Redactor:
        """The same redactor, but every name becomes "": for an audit entry that a code would make too long."""
        emptied = Redactor(
            dict.fromkeys(self._lookup, ""),
            blank_member_fields=self.blank_member_fields,
            blank_candidate_fields=self.blank_candidate_fields,
            blank_personal_details=self.blank_personal_details,
        )
        emptied.empty_blanks = True
        return emptied

    def found(self, value: str) -> list[str]:
        """The replacements (codes, pseudonyms) of the names this text holds, each once, as `text` would put them."""
        exact = self._lookup.get(value.strip().casefold())
        if exact is not None:
            return [exact]
        if self._pattern is None:
            return []
        return list(dict.fromkeys(self._lookup[m.group(0).casefold()] for m in self._pattern.finditer(value)))

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
        purged = _detail_kind(value) if self.blank_personal_details else None
        blanks = PERSONAL_DETAILS.get(purged or "", {})
        for key, item in value.items():
            if key in blanks:
                blank = blanks[key][1]
                if isinstance(blank, dict):
                    result[key] = dict(blank)
                else:
                    result[key] = "" if self.empty_blanks and isinstance(blank, str) else blank
            elif purged in {"candidates", "applicants"} and key == "name" and isinstance(value.get("code"), str):
                result[key] = value["code"]
            elif key in STRUCTURAL_KEYS:
                result[key] = item
            elif member and key in PROFILE_KEYS and self.blank_member_fields:
                result[key] = PROFILE_BLANK[key]
            elif candidate and key == "adjustments" and self.blank_candidate_fields:
                result[key] = ""
            else:
                result[key] = self.value(item)
        return result

    def model(self, model: M) -> M:
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


def purge_redactor(state: SessionState, events: Iterable[AuditEvent]) -> Redactor:
    """The purge's redactor: every name a candidate or applicant has had -> their code, personal details emptied."""
    events = list(events)
    names = candidate_replacements(state, events)
    for name, code in applicant_replacements(state, events).items():
        names.setdefault(name, code)
    return Redactor(names, blank_candidate_fields=True, blank_personal_details=True)


def purge_changes(state: SessionState, redactor: Redactor) -> list[Model]:
    """Every record (and the session's details) the purge changes, as it would write them: nothing else.

    The purge writes exactly these, and its dry run lists exactly what they
    change (`panel_tui.domain.retention.planned_removals`).
    """
    changes: list[Model] = []
    session = redactor.model(state.session)
    if session != state.session:
        changes.append(session)
    for kind in RECORD_KINDS:
        for model in getattr(state, kind.field):
            after = redactor.model(model)
            if after != model:
                changes.append(after)
    return changes


def redact_state(state: SessionState, redactor: Redactor) -> SessionState:
    """Every record of every kind, and the session's own details (a legal hold's reason), through the redactor."""
    if not redactor:
        return state
    redacted = state.with_records(
        {kind.field: tuple(redactor.model(m) for m in getattr(state, kind.field)) for kind in RECORD_KINDS}
    )
    return replace(redacted, session=redactor.model(state.session))
