"""The chair's set-up: session details, the scale, the panel and the candidates."""

from __future__ import annotations

from typing import Any

from ..domain.errors import InvalidValue, NotAllowed
from ..domain.models import (
    Candidate,
    Group,
    PanelMember,
    Role,
    Scale,
    Session,
    Stage,
    default_threshold,
    revise,
)
from ..domain.panel import check_code_free, next_code
from ..domain.pins import hash_pin
from ..domain.state import SessionState
from .base import ServiceBase, snapshot


def _has_scores(state: SessionState, *, member_id: str | None = None, candidate_id: str | None = None) -> bool:
    return any(
        (s.scores or s.submitted)
        and (member_id is None or s.member_id == member_id)
        and (candidate_id is None or s.candidate_id == candidate_id)
        for s in state.sheets
    )


class SetupActions(ServiceBase):
    # Session details ----------------------------------------------------

    def update_details(self, **changes: Any) -> Session:
        """Vacancy, organisation, stage, threshold, options, group labels, confidentiality."""
        self._require_set_up()
        allowed = {
            "vacancy", "organisation", "stage", "divergence_threshold", "anonymised",
            "pseudonymous", "confidentiality", "group_labels", "retention_until",
        }
        unknown = set(changes) - allowed
        if unknown:
            raise InvalidValue(f"These cannot be changed here: {', '.join(sorted(unknown))}.")
        with self.change() as tx:
            before = tx.state.session
            after = revise(before, **changes)
            if after == before:
                return before
            tx.put(after)
            self.audit(tx, "changed session details", before.vacancy, snapshot(before), snapshot(after))
        return after

    def set_scale(self, low: int, high: int, labels: list[str]) -> Session:
        """A new scale resets the threshold to its default; refused once anyone has scored."""
        self._require_set_up()
        with self.change() as tx:
            state = tx.state
            if _has_scores(state):
                raise NotAllowed("The scale cannot change once scores have been given.")
            scale = Scale(low=low, high=high, labels=labels)
            for q in state.questions:
                outside = [p for p in q.anchors if p not in scale.points]
                if outside:
                    raise InvalidValue(
                        f"A question has guidance for {outside[0]}, which is not on the new scale."
                    )
            before = state.session
            after = revise(before, scale=scale.model_dump(), divergence_threshold=default_threshold(scale))
            tx.put(after)
            self.audit(tx, "changed the scale", before.vacancy, snapshot(before.scale), snapshot(after.scale))
        return after

    # Panel members --------------------------------------------------------

    def add_member(
        self, name: str, group: Group | str, role: Role | str = Role.PANEL, pin: str = "", access_needs: str = "",
        plain_language: bool = False,
    ) -> PanelMember:
        self._require_set_up()
        with self.change() as tx:
            member = PanelMember(
                name=name,
                group=Group(group),
                role=Role(role),
                pin_hash=hash_pin(pin) if pin.strip() else None,
                access_needs=access_needs,
                plain_language=plain_language,
            )
            tx.put(member)
            self.audit(tx, "added panel member", member.name, None, snapshot(member))
        return member

    def edit_member(self, member_id: str, **changes: Any) -> PanelMember:
        """Name, group, role, access needs, plain-language preference; `pin` sets or clears a PIN."""
        if member_id != self.actor.id:
            self._require_set_up()
        with self.change() as tx:
            before = tx.state.member(member_id)
            if "pin" in changes:
                pin = str(changes.pop("pin") or "")
                changes["pin_hash"] = hash_pin(pin) if pin.strip() else None
            if "group" in changes:
                changes["group"] = Group(changes["group"])
            if "role" in changes:
                changes["role"] = Role(changes["role"])
            after = revise(before, **changes)
            if after == before:
                return before
            if member_id == self.actor.id and not self.actor.may_set_up and (after.role, after.group) != (before.role, before.group):
                raise NotAllowed("Only the chair or HR can change a panel member's role or group.")
            if before.role is not Role.OBSERVER and after.role is Role.OBSERVER and _has_scores(tx.state, member_id=member_id):
                raise NotAllowed(f"{before.name} has given scores, so they cannot become an observer.")
            tx.put(after)
            self.audit(tx, "changed panel member", after.name, snapshot(before), snapshot(after))
        return after

    def remove_member(self, member_id: str) -> PanelMember:
        self._require_set_up()
        with self.change() as tx:
            member = tx.state.member(member_id)
            if _has_scores(tx.state, member_id=member_id):
                raise NotAllowed(
                    f"{member.name} has already given scores, so they cannot be removed. "
                    "Their scores must stay on record."
                )
            for sheet in tx.state.sheets_by_member(member_id):
                tx.remove(sheet)
            tx.remove(member)
            self.audit(tx, "removed panel member", member.name, snapshot(member), None)
        return member

    # Candidates -----------------------------------------------------------

    def add_candidate(self, name: str, code: str = "", slot: str = "", adjustments: str = "") -> Candidate:
        self._require_set_up()
        with self.change() as tx:
            existing = tx.state.candidates
            code = code.strip() or next_code(existing)
            check_code_free(code, existing)
            position = max((c.position for c in existing), default=0) + 1
            candidate = Candidate(name=name, code=code, slot=slot, adjustments=adjustments, position=position)
            tx.put(candidate)
            self.audit(tx, "added candidate", candidate.code, None, snapshot(candidate))
        return candidate

    def edit_candidate(self, candidate_id: str, **changes: Any) -> Candidate:
        self._require_set_up()
        with self.change() as tx:
            before = tx.state.candidate(candidate_id)
            if "code" in changes:
                check_code_free(str(changes["code"]), tx.state.candidates, except_id=candidate_id)
            after = revise(before, **changes)
            if after == before:
                return before
            tx.put(after)
            self.audit(tx, "changed candidate", after.code, snapshot(before), snapshot(after))
        return after

    def remove_candidate(self, candidate_id: str) -> Candidate:
        self._require_set_up()
        with self.change() as tx:
            candidate = tx.state.candidate(candidate_id)
            if _has_scores(tx.state, candidate_id=candidate_id):
                raise NotAllowed(
                    f"{candidate.code} has already been scored, so they cannot be removed. "
                    "Their scores must stay on record."
                )
            for sheet in tx.state.sheets_for_candidate(candidate_id):
                tx.remove(sheet)
            tx.remove(candidate)
            self.audit(tx, "removed candidate", candidate.code, snapshot(candidate), None)
        return candidate

    def move_stage(self, stage: Stage | str) -> Session:
        return self.update_details(stage=Stage(stage))
