"""Everything in one session at one moment, as plain models.

The store builds a `SessionState` from the file; the rules and the screens
read it. Lookups raise domain errors, so a stale id from another terminal
becomes a plain message rather than a KeyError.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

from .errors import UnknownCandidate, UnknownMember, UnknownQuestion
from .letters import FeedbackLetter
from .models import (
    AgreedScore,
    Briefing,
    Candidate,
    Conflict,
    ConflictKind,
    Group,
    Model,
    Outcome,
    PanelMember,
    PinAttempts,
    Question,
    QuestionStatus,
    Reconciliation,
    ScoreSheet,
    Session,
    sheet_id,
)
from .reciprocity import Reciprocity
from .records import KIND_OF, record_key
from .sift import Applicant, Application, SiftDecision, SiftSheet


@dataclass(frozen=True)
class SessionState:
    session: Session
    members: tuple[PanelMember, ...] = ()
    candidates: tuple[Candidate, ...] = ()
    questions: tuple[Question, ...] = ()
    sheets: tuple[ScoreSheet, ...] = ()
    agreed: tuple[AgreedScore, ...] = ()
    outcomes: tuple[Outcome, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    briefings: tuple[Briefing, ...] = ()
    reconciliations: tuple[Reconciliation, ...] = ()
    pin_attempts: tuple[PinAttempts, ...] = ()
    reciprocity: tuple[Reciprocity, ...] = ()
    letters: tuple[FeedbackLetter, ...] = ()
    applicants: tuple[Applicant, ...] = ()
    applications: tuple[Application, ...] = ()
    sift_sheets: tuple[SiftSheet, ...] = ()
    sift_decisions: tuple[SiftDecision, ...] = ()
    revision: int = 0

    @cached_property
    def _sheets_by_id(self) -> dict[str, ScoreSheet]:
        """Built on first use: a save makes a new state, and most states are never searched."""
        return {s.id: s for s in self.sheets}

    def with_model(self, model: Model) -> SessionState:
        """This state with one model added or replaced, without re-reading the file.

        Called on every save, so it replaces in place rather than filtering the
        whole tuple (a session holds hundreds of sheets).
        """
        if isinstance(model, Session):
            return replace(self, session=model)
        name = KIND_OF[type(model)].field
        if isinstance(model, ScoreSheet):
            old = self._sheets_by_id.get(model.id)
            if old is None:
                return replace(self, sheets=(*self.sheets, model))
            index = next(i for i, sheet in enumerate(self.sheets) if sheet is old)  # identity, not pydantic's slow ==
            return replace(self, sheets=(*self.sheets[:index], model, *self.sheets[index + 1:]))
        items: tuple[Model, ...] = getattr(self, name)
        key = record_key(model)
        for index, item in enumerate(items):
            if record_key(item) == key:
                return self.with_records({name: (*items[:index], model, *items[index + 1:])})
        return self.with_records({name: (*items, model)})

    def with_records(self, changes: Mapping[str, tuple[Any, ...]]) -> SessionState:
        """This state with whole kinds of records replaced (`changes`: the registry's field -> records)."""
        return replace(self, **changes)  # type: ignore[arg-type]  # field names come from the registry

    def without_model(self, model: Model) -> SessionState:
        name = KIND_OF[type(model)].field
        key = record_key(model)
        kept = tuple(m for m in getattr(self, name) if record_key(m) != key)
        return self.with_records({name: kept})

    def member(self, member_id: str) -> PanelMember:
        for m in self.members:
            if m.id == member_id:
                return m
        raise UnknownMember("That person is not on this panel.")

    def candidate(self, candidate_id: str) -> Candidate:
        for c in self.candidates:
            if c.id == candidate_id:
                return c
        raise UnknownCandidate("That candidate is not in this session.")

    def question(self, question_id: str) -> Question:
        for q in self.questions:
            if q.id == question_id:
                return q
        raise UnknownQuestion("That question is not in this session.")

    def sheet(self, member_id: str, candidate_id: str) -> ScoreSheet | None:
        return self._sheets_by_id.get(sheet_id(member_id, candidate_id))

    @cached_property
    def _sheets_by_candidate(self) -> dict[str, tuple[ScoreSheet, ...]]:
        """Built on first use, like `_sheets_by_id`: a grid per candidate need not scan every sheet."""
        index: dict[str, list[ScoreSheet]] = {}
        for s in self.sheets:
            index.setdefault(s.candidate_id, []).append(s)
        return {k: tuple(v) for k, v in index.items()}

    def sheets_for_candidate(self, candidate_id: str) -> list[ScoreSheet]:
        return list(self._sheets_by_candidate.get(candidate_id, ()))

    def sheets_by_member(self, member_id: str) -> list[ScoreSheet]:
        return [s for s in self.sheets if s.member_id == member_id]

    @property
    def scorers(self) -> list[PanelMember]:
        return [m for m in self.members if m.scores]

    @cached_property
    def _agreed_in_order(self) -> tuple[Question, ...]:
        """Built once per state: progress asks for it for every panel member x candidate."""
        agreed = [q for q in self.questions if q.status is QuestionStatus.AGREED and not q.sift]
        return tuple(sorted(agreed, key=lambda q: (q.position, q.created_at)))

    @cached_property
    def agreed_question_ids(self) -> frozenset[str]:
        return frozenset(q.id for q in self._agreed_in_order)

    @property
    def agreed_questions(self) -> list[Question]:
        """The agreed set in interview order (a new list each time: callers may change theirs)."""
        return list(self._agreed_in_order)

    @property
    def candidates_in_order(self) -> list[Candidate]:
        return sorted(self.candidates, key=lambda c: (c.position, c.code))

    def group_label(self, group: Group) -> str:
        return self.session.group_label(group)

    def conflict(self, member_id: str, candidate_id: str) -> Conflict | None:
        for c in self.conflicts:
            if c.member_id == member_id and c.candidate_id == candidate_id:
                return c
        return None

    def has_hard_conflict(self, member_id: str, candidate_id: str) -> bool:
        found = self.conflict(member_id, candidate_id)
        return found is not None and found.kind is ConflictKind.HARD

    def reconciliation(self, candidate_id: str) -> Reconciliation | None:
        return next((r for r in self.reconciliations if r.candidate_id == candidate_id), None)

    @cached_property
    def _agreed_by_key(self) -> dict[tuple[str, str], AgreedScore]:
        """Built on first use: results and exports look up every candidate x question."""
        index: dict[tuple[str, str], AgreedScore] = {}
        for a in self.agreed:
            index.setdefault((a.candidate_id, a.question_id), a)
        return index

    def agreed_score(self, candidate_id: str, question_id: str) -> AgreedScore | None:
        return self._agreed_by_key.get((candidate_id, question_id))

    @property
    def round_over(self) -> bool:
        """Every candidate has a final outcome: what comes after a round (thanks, "you said, we did") may begin."""
        final = {o.candidate_id for o in self.outcomes if o.final}
        return bool(self.candidates) and all(c.id in final for c in self.candidates)

    def outcome(self, candidate_id: str) -> Outcome | None:
        return next((o for o in self.outcomes if o.candidate_id == candidate_id), None)

    def pin_attempts_of(self, member_id: str) -> PinAttempts | None:
        return next((p for p in self.pin_attempts if p.member_id == member_id), None)

    def briefed(self, member_id: str) -> bool:
        return any(b.member_id == member_id for b in self.briefings)

    def submitted_count(self, candidate_id: str) -> int:
        return sum(1 for s in self.sheets_for_candidate(candidate_id) if s.submitted)
