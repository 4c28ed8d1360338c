"""Who is acting: a signed-in panel member, or a named tool such as a script.

Every audit event names its actor, so even a script says who ran it. What an
actor may do is looked up in one table (`rights`), never decided elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..domain.errors import NotAllowed
from ..domain.models import PanelMember, Role
from .rights import Right, allowed, refusal

TOOL_ID = "tool"


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
        """A script, the CLI or the organiser: acts with the chair's rights, and reads by the chair's rule."""
        return cls(TOOL_ID, name, None)

    @property
    def is_tool(self) -> bool:
        return self.role is None

    def may(self, right: Right) -> bool:
        return allowed(self.role, right)

    def require(self, right: Right) -> None:
        """Refuse with the table's plain reason unless this actor has the right."""
        if not self.may(right):
            raise NotAllowed(refusal(right))
