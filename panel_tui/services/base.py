"""What every group of actions shares: the open file, the actor, the audit."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from pydantic import BaseModel, ValidationError

from ..domain.errors import InvalidValue, NotAllowed
from ..domain.models import AuditEvent
from ..domain.state import SessionState
from ..domain.validation import plain_message
from ..store import SessionFile, Transaction
from .actor import Actor


def snapshot(model: BaseModel | None) -> Any:
    """What an audit event keeps of a model: its JSON form, never a PIN hash."""
    if model is None:
        return None
    data = model.model_dump(mode="json")
    if "pin_hash" in data:
        data["pin_hash"] = "set" if data["pin_hash"] else None
    return data


@contextmanager
def plain_validation() -> Iterator[None]:
    """pydantic's errors become one sentence a panel member can act on."""
    try:
        yield
    except ValidationError as error:
        raise InvalidValue(plain_message(error)) from None


class ServiceBase:
    def __init__(self, session_file: SessionFile, actor: Actor) -> None:
        self.file = session_file
        self.actor = actor

    @property
    def state(self) -> SessionState:
        return self.file.state()

    @contextmanager
    def change(self) -> Iterator[Transaction]:
        with plain_validation(), self.file.transaction() as tx:
            yield tx

    def audit(self, tx: Transaction, action: str, target: str = "", before: Any = None, after: Any = None) -> None:
        tx.record(
            AuditEvent(
                actor_id=self.actor.id,
                actor_name=self.actor.name,
                action=action,
                target=target,
                before=before,
                after=after,
            )
        )

    def _require_set_up(self) -> None:
        if not self.actor.may_set_up:
            raise NotAllowed("Only the chair or HR can change the session set-up.")

    def _require_chair(self) -> None:
        if not self.actor.is_chair:
            raise NotAllowed("Only the chair can do this.")
