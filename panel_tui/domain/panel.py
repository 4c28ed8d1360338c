"""The panel's make-up: counts per group and gentle warnings about balance.

Warnings never block: a chair may have good reasons for an unusual panel,
but the imbalance should be visible to everyone.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .errors import DuplicateCode
from .models import Candidate, Group, PanelMember, Session


@dataclass(frozen=True)
class Composition:
    counts: dict[Group, int]
    warnings: tuple[str, ...]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def composition(session: Session, members: list[PanelMember] | tuple[PanelMember, ...]) -> Composition:
    """Who sits on the panel (observers do not count: they do not score)."""
    scorers = [m for m in members if m.scores]
    counts = Counter(m.group for m in scorers)
    full = {g: counts.get(g, 0) for g in Group}
    warnings: list[str] = []
    lived = full[Group.MEMBER] + full[Group.VOLUNTEER]
    total = sum(full.values())
    if total and lived == 0:
        warnings.append(
            f"No {session.group_label(Group.MEMBER).lower()} or "
            f"{session.group_label(Group.VOLUNTEER).lower()} is on this panel."
        )
    if total and full[Group.STAFF] * 2 > total:
        warnings.append(
            f"{session.group_label(Group.STAFF)} are more than half of this panel."
        )
    return Composition(full, tuple(warnings))


def describe_composition(session: Session, comp: Composition) -> str:
    """'2 Member, 1 Volunteer, 2 Staff' in the session's own words."""
    order = (Group.MEMBER, Group.VOLUNTEER, Group.STAFF)
    return ", ".join(f"{comp.counts[g]} {session.group_label(g)}" for g in order)


def check_code_free(code: str, candidates: list[Candidate] | tuple[Candidate, ...], except_id: str | None = None) -> None:
    for c in candidates:
        if c.code.casefold() == code.strip().casefold() and c.id != except_id:
            raise DuplicateCode(f"The code {code.strip()} is already used by another candidate.")


def next_code(candidates: list[Candidate] | tuple[Candidate, ...]) -> str:
    """C01, C02...: the next free code, so the chair rarely has to type one."""
    used = {c.code.upper() for c in candidates}
    n = 1
    while f"C{n:02d}" in used:
        n += 1
    return f"C{n:02d}"
