"""Who is acting: a signed-in panel member, or a named tool such as a script.

Every audit event names its actor, so even a script says who ran it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..domain.models import PanelMember, Role


@dataclass(frozen=True)
class Actor:
    id: str
    name: str
    role: Role | None = None

    @classmethod
    def of(cls, member: PanelMember) -> Actor:
        return cls(member.id, member.name, member.role)

    @classmethod
    def tool(cls, name: str) -> Actor:
        """A script, the CLI or the set-up: acts with the chair's rights."""
        return cls("tool", name, None)

    @property
    def may_set_up(self) -> bool:
        return self.role in (None, Role.CHAIR, Role.OBSERVER)

    @property
    def is_chair(self) -> bool:
        return self.role in (None, Role.CHAIR)
