"""The chair's set-up: session details, the scale, the panel and the candidates.

Each edit changes only the fields its form owns: ids, timestamps, status
and authorship are never taken from the caller, and an unknown field is
refused by name. A form passes the `version` of the record it opened
(`version_of`), so saving over someone else's newer change is refused with
`ChangedElsewhere` instead of silently putting the old values back.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..domain.errors import InvalidValue, NotAllowed, PanelError
from ..domain.models import (
    ROLE_LABELS,
    AccessProfile,
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
from ..domain.pins import check_pins_in_use, hash_pin
from ..domain.state import SessionState
from ..export.pin_slips import PinSlip, PinSlips, render_pin_slips, write_pin_slips
from ..locations import default_export_folder, exports_dir
from .base import ServiceBase, snapshot, version_of
from .rights import Right
from .views import SessionView

DETAIL_FIELDS = frozenset({
    "vacancy", "organisation", "stage", "divergence_threshold", "anonymised",
    "pseudonymous", "confidentiality", "group_labels", "retention_until",
    "retention_months", "legal_hold",
})
"""What the session details form owns."""
LEGAL_HOLD_PLACED = "placed a legal hold"
LEGAL_HOLD_LIFTED = "lifted the legal hold"
LEGAL_HOLD_CHANGED = "changed the legal hold's reason"
"""Audit actions of a legal hold, each beside the details' own entry: the reason before and after, as text."""


def _legal_hold_action(before: str, after: str) -> str | None:
    if before == after:
        return None
    if not before:
        return LEGAL_HOLD_PLACED
    return LEGAL_HOLD_CHANGED if after else LEGAL_HOLD_LIFTED
MEMBER_FIELDS = frozenset({"name", "group", "role", "pin", "profile", "access_needs", "plain_language"})
"""What the panel member form owns (`pin` sets or clears the PIN; the hash is never taken from a caller).

`access_needs` and `plain_language` are the access profile's `anything_else`
and wording under their names from before the profile (see `PanelMember`).
"""
OWN_MEMBER_FIELDS = frozenset({"name", "pin", "profile", "access_needs", "plain_language"})
"""What a panel member may change about themselves: their name, PIN and access profile."""
CANDIDATE_FIELDS = frozenset({"name", "code", "slot", "adjustments"})
"""What the candidate form owns."""
SCALE_FIELDS = ("scale", "divergence_threshold")
NEW_PIN_FOR_SLIP = "made a new PIN for a PIN slip"
"""The audit action of one new PIN given on a PIN slip (the event never holds the PIN)."""


class PinSlipsNotWritten(PanelError):
    """The new PINs were saved but the page could not be written: nothing is retried (that would change them again)."""


def new_pin() -> str:
    """Four random digits from the operating system's secure source: every one of 0000-9999 equally likely."""
    return f"{secrets.randbelow(10_000):04d}"


@dataclass(frozen=True)
class PrintedPinSlips:
    """PIN slips made and written: where the page is, the page itself (for a browser), and the slips."""

    path: Path
    html: str
    slips: PinSlips


def _only(changes: dict[str, Any], owned: frozenset[str]) -> None:
    unknown = set(changes) - owned
    if unknown:
        raise InvalidValue(f"These cannot be changed here: {', '.join(sorted(unknown))}. Nothing was changed.")


def _has_scores(state: SessionState, *, member_id: str | None = None, candidate_id: str | None = None) -> bool:
    return any(
        (s.scores or s.submitted)
        and (member_id is None or s.member_id == member_id)
        and (candidate_id is None or s.candidate_id == candidate_id)
        for s in state.sheets
    )


def scale_locked_reason(view: SessionView) -> str | None:
    """Why the scale cannot change now, in plain words; None while it can.

    The read model of the rule `set_scale` enforces (any score given, or any
    sheet submitted), so a screen can show the scale read-only instead of
    letting someone edit it and then refusing. It counts the scores in the
    whole session, never their values: the chair may know that scoring has
    started long before rule 1 lets them read a single score.
    """
    full = view._full  # counts only; no sheet leaves the read model
    if not _has_scores(full):
        return None
    given = sum(len(s.scores) for s in full.sheets)
    if given == 0:
        return "The scale cannot change once scoring has started: a score sheet has been submitted."
    uses = "1 score uses it" if given == 1 else f"{given} scores use it"
    return f"The scale cannot change once scoring has started: {uses}."


class SetupActions(ServiceBase):
    # Session details ----------------------------------------------------

    def update_details(self, *, version: str | None = None, **changes: Any) -> Session:
        """Vacancy, organisation, stage, threshold, options, group labels, confidentiality, retention, legal hold.

        Placing, changing or lifting a legal hold (`legal_hold`, the reason)
        is recorded twice: in the details' own entry, and in an entry of its
        own ("placed a legal hold", "lifted the legal hold") holding the
        reason before and after, so the trail answers who held the data, why,
        and who let it go.
        """
        self._require(Right.SET_UP)
        _only(changes, DETAIL_FIELDS)
        with self._change() as tx:
            before = tx.state.session
            self._check_version(before, version, DETAIL_FIELDS)
            after = revise(before, **changes)
            if after == before:
                return before
            tx.put(after)
            self._audit(tx, "changed session details", before.vacancy, snapshot(before), snapshot(after), about=after)
            hold = _legal_hold_action(before.legal_hold, after.legal_hold)
            if hold is not None:
                self._audit(tx, hold, before.vacancy, before.legal_hold or None, after.legal_hold or None, about=after)
        return after

    def set_scale(self, low: int, high: int, labels: list[str], *, version: str | None = None) -> Session:
        """A new scale resets the threshold to its default; refused once anyone has scored."""
        self._require(Right.SET_UP)
        with self._change() as tx:
            state = tx.state
            self._check_version(state.session, version, SCALE_FIELDS)
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
            self._audit(tx, "changed the scale", before.vacancy, snapshot(before.scale), snapshot(after.scale), about=after)
        return after

    # Panel members --------------------------------------------------------

    def add_member(
        self, name: str, group: Group | str, role: Role | str = Role.PANEL, pin: str = "", access_needs: str = "",
        plain_language: bool = False, profile: AccessProfile | None = None,
    ) -> PanelMember:
        """A new panel member; `access_needs` and `plain_language` fill in their profile as the member form does."""
        self._require(Right.SET_UP)
        with self._change() as tx:
            member = PanelMember(
                name=name,
                group=Group(group),
                role=Role(role),
                pin_hash=hash_pin(pin) if pin.strip() else None,
                profile=profile or AccessProfile(),
                **({"access_needs": access_needs} if access_needs else {}),
                **({"plain_language": True} if plain_language else {}),
            )
            check_pins_in_use([*tx.state.members, member])
            tx.put(member)
            self._audit(tx, "added panel member", member.name, None, snapshot(member), about=member)
        return member

    def edit_member(self, member_id: str, *, version: str | None = None, **changes: Any) -> PanelMember:
        """Name, group, role, access needs, plain-language preference; `pin` sets or clears a PIN.

        A panel member may change their own name, PIN and access profile
        (`profile`, or its parts `access_needs` and `plain_language`);
        everything else about anyone needs the chair or HR.

        `profile` may be the whole profile or only the parts that change
        (`profile={"timer": False}`); a form that changes only the profile
        may pass `version=version_of(member, ["profile"])`, so someone
        renaming them meanwhile is no clash. A change of profile is audited
        as any change to a panel member is (the record before and after),
        and exports leave profiles out.
        """
        _only(changes, MEMBER_FIELDS)
        own = member_id == self.actor.id
        if own and not self.actor.may(Right.EDIT_ANY_MEMBER):
            if set(changes) - OWN_MEMBER_FIELDS:
                raise NotAllowed("Only the chair or HR can change a panel member's role or group.")
        else:
            self._require(Right.EDIT_ANY_MEMBER)
        with self._change() as tx:
            before = tx.state.member(member_id)
            if not (set(changes) == {"profile"} and version == version_of(before, ("profile",))):
                self._check_version(before, version)  # a profile form may pass its version alone: a new name is no clash
            fields = dict(changes)
            if "pin" in fields:
                pin = str(fields.pop("pin") or "")
                fields["pin_hash"] = hash_pin(pin) if pin.strip() else None
            if "group" in fields:
                fields["group"] = Group(fields["group"])
            if "role" in fields:
                fields["role"] = Role(fields["role"])
            if isinstance(fields.get("profile"), dict):
                fields["profile"] = revise(before.profile, **fields["profile"])
            after = revise(before, **fields)
            if after == before:
                return before
            if before.role is not Role.OBSERVER and after.role is Role.OBSERVER and _has_scores(tx.state, member_id=member_id):
                raise NotAllowed(f"{before.name} has given scores, so they cannot become an observer.")
            check_pins_in_use([after if m.id == member_id else m for m in tx.state.members])
            tx.put(after)
            self._audit(tx, "changed panel member", after.name, snapshot(before), snapshot(after), about=after)
        return after

    def make_pin_slips(self, member_ids: Iterable[str]) -> PinSlips:
        """New random 4-digit PINs for the people chosen; their old PINs stop working. Only the hashes are kept.

        The slow part (scrypt, once per person) runs before the session's
        lock is taken; the change itself is one locked write with one audit
        event per person, which says a new PIN was made and never holds it.
        The rule of `check_pins_in_use` holds: once anyone has a PIN, the
        chair needs one, so the chair is chosen too or has one already.
        """
        self._require(Right.EDIT_ANY_MEMBER)
        ids = list(dict.fromkeys(member_ids))
        if not ids:
            raise InvalidValue("Tick at least one panel member to make a PIN slip for.")
        pins = {member_id: new_pin() for member_id in ids}
        hashes = {member_id: hash_pin(pin) for member_id, pin in pins.items()}
        with self._change() as tx:
            state = tx.state
            before = {member_id: state.member(member_id) for member_id in ids}
            after = {member_id: revise(member, pin_hash=hashes[member_id]) for member_id, member in before.items()}
            check_pins_in_use([after.get(m.id, m) for m in state.members])
            for member_id in ids:
                tx.put(after[member_id])
                self._audit(
                    tx, NEW_PIN_FOR_SLIP, after[member_id].name, snapshot(before[member_id]), snapshot(after[member_id]),
                    about=after[member_id],
                )
            session = state.session
        people = sorted(after.values(), key=lambda m: (m.name.casefold(), m.id))
        return PinSlips(
            vacancy=session.vacancy,
            organisation=session.organisation,
            slips=tuple(
                PinSlip(m.id, m.name, session.group_label(m.group), ROLE_LABELS[m.role], pins[m.id]) for m in people
            ),
        )

    def print_pin_slips(self, member_ids: Iterable[str], folder: str | Path | None = None) -> PrintedPinSlips:
        """Make PIN slips (`make_pin_slips`), then write the printable page, after the lock is let go.

        The page goes to the session's export folder (`default_export_folder`)
        as pin-slips.html, readable by its owner only, replacing the last one
        (its PINs no longer all work). If the page cannot be written, the new
        PINs are already saved: the message says so, and making the slips
        again gives everyone chosen another new PIN.
        """
        slips = self.make_pin_slips(member_ids)
        page = render_pin_slips(slips)
        out = Path(folder) if folder is not None else default_export_folder(self.path)
        try:
            path = write_pin_slips(page, out, exports_dir(self.path))
        except (PanelError, OSError):
            raise PinSlipsNotWritten(
                f"The new PINs were saved, but the page of slips could not be written to {out}. "
                "Their old PINs no longer work, so make the slips again once the folder can be written."
            ) from None
        return PrintedPinSlips(path, page, slips)

    def remove_member(self, member_id: str) -> PanelMember:
        self._require(Right.SET_UP)
        with self._change() as tx:
            member = tx.state.member(member_id)
            if _has_scores(tx.state, member_id=member_id):
                raise NotAllowed(
                    f"{member.name} has already given scores, so they cannot be removed. "
                    "Their scores must stay on record."
                )
            for sheet in tx.state.sheets_by_member(member_id):
                tx.remove(sheet)
            tx.remove(member)
            self._audit(tx, "removed panel member", member.name, snapshot(member), None, about=member)
        return member

    # Candidates -----------------------------------------------------------

    def add_candidate(self, name: str, code: str = "", slot: str = "", adjustments: str = "") -> Candidate:
        self._require(Right.SET_UP)
        with self._change() as tx:
            existing = tx.state.candidates
            code = code.strip() or next_code(existing)
            check_code_free(code, existing)
            position = max((c.position for c in existing), default=0) + 1
            candidate = Candidate(name=name, code=code, slot=slot, adjustments=adjustments, position=position)
            tx.put(candidate)
            self._audit(tx, "added candidate", candidate.code, None, snapshot(candidate), about=candidate)
        return candidate

    def edit_candidate(self, candidate_id: str, *, version: str | None = None, **changes: Any) -> Candidate:
        self._require(Right.SET_UP)
        _only(changes, CANDIDATE_FIELDS)
        with self._change() as tx:
            before = tx.state.candidate(candidate_id)
            self._check_version(before, version)
            if "code" in changes:
                check_code_free(str(changes["code"]), tx.state.candidates, except_id=candidate_id)
            after = revise(before, **changes)
            if after == before:
                return before
            tx.put(after)
            self._audit(tx, "changed candidate", after.code, snapshot(before), snapshot(after), about=after)
        return after

    def remove_candidate(self, candidate_id: str) -> Candidate:
        self._require(Right.SET_UP)
        with self._change() as tx:
            candidate = tx.state.candidate(candidate_id)
            if _has_scores(tx.state, candidate_id=candidate_id):
                raise NotAllowed(
                    f"{candidate.code} has already been scored, so they cannot be removed. "
                    "Their scores must stay on record."
                )
            for sheet in tx.state.sheets_for_candidate(candidate_id):
                tx.remove(sheet)
            tx.remove(candidate)
            self._audit(tx, "removed candidate", candidate.code, snapshot(candidate), None, about=candidate)
        return candidate

    def move_stage(self, stage: Stage | str) -> Session:
        return self.update_details(stage=Stage(stage))
