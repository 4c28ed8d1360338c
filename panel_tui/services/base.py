"""What every group of actions shares: the open file, the actor, the audit, the read model.

The open file, the change and the audit helpers are private: a person (or a
script acting as a tool) reads only through the read models (`view`,
`state`, `audit_trail`), which apply rule 1 and the rights for them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson
from pydantic import BaseModel, ValidationError

from ..domain.audit import refs_of
from ..domain.errors import InvalidValue, PanelError
from ..domain.models import AuditEvent, Model, ScoreSheet
from ..domain.records import record_ref
from ..domain.state import SessionState
from ..domain.validation import plain_message
from ..store import SessionFile, Snapshot, Transaction
from .actor import Actor
from .rights import Right
from .views import SessionView, audit_trail


def snapshot(model: BaseModel | None) -> Any:
    """What an audit event keeps of a model: its JSON form, never a PIN hash."""
    if model is None:
        return None
    data = model.model_dump(mode="json")
    if "pin_hash" in data:
        data["pin_hash"] = "set" if data["pin_hash"] else None
    return data


def version_of(model: BaseModel | None, fields: Iterable[str] | None = None) -> str:
    """A short fingerprint of a record (or of the fields a form owns): a form carries it, and saving checks it."""
    if model is None:
        return "none"
    data = model.model_dump(mode="json", include=set(fields) if fields is not None else None)
    if data.get("pin_hash"):
        data["pin_hash"] = "set"  # a read model shows only whether a PIN is set: both must agree
    payload = orjson.dumps(data, option=orjson.OPT_SORT_KEYS)
    return hashlib.blake2b(payload, digest_size=8).hexdigest()


class ChangedElsewhere(PanelError):
    """Someone else saved a newer version of the record a form opened: nothing was saved.

    Carries both versions and who changed it, so the person can choose.
    """

    def __init__(self, current: BaseModel | None, event: AuditEvent | None = None) -> None:
        who = f"{event.actor_name} changed this" if event else "Someone else changed this"
        when = f" at {event.at.astimezone().strftime('%H:%M')}" if event else ""
        super().__init__(f"{who}{when}, after you opened it. Nothing was saved. Compare the two and choose.")
        if current is not None and getattr(current, "pin_hash", None):
            current = current.model_copy(update={"pin_hash": "set"})  # never hand a PIN hash to a screen
        self.current = current
        self.event = event


@contextmanager
def plain_validation() -> Iterator[None]:
    """pydantic's errors become one sentence a panel member can act on."""
    try:
        yield
    except ValidationError as error:
        raise InvalidValue(plain_message(error)) from None


class ServiceBase:
    def __init__(self, session_file: SessionFile, actor: Actor) -> None:
        self._file = session_file
        self.actor = actor
        self._view: tuple[Snapshot, SessionView] | None = None

    # Reading: through the read models only -------------------------------------

    @property
    def path(self) -> Path:
        return self._file.path

    def view(self) -> SessionView:
        """The session as this actor may see it, rebuilt only when the file changed."""
        snap = self._file.snapshot()
        cached = self._view
        if cached is not None and cached[0] is snap:
            return cached[1]
        built = SessionView.build(snap.state, self.actor)
        self._view = (snap, built)
        return built

    @property
    def state(self) -> SessionState:
        """The session as this actor may see it (`view().state`): never another's hidden scores."""
        return self.view().state

    def audit_trail(self) -> list[AuditEvent]:
        """The audit trail as this actor may read it (hidden score and note values withheld)."""
        snap = self._file.snapshot()
        return audit_trail(self.view(), self._file.audit_events(snap))

    def visible_sheets(self, candidate_id: str) -> list[ScoreSheet]:
        """Rule 1: the sheets this actor may read for a candidate (their own first)."""
        sheets = self.state.sheets_for_candidate(candidate_id)
        return sorted(sheets, key=lambda s: s.member_id != self.actor.id)

    # Changing: one locked transaction each --------------------------------------

    @contextmanager
    def _change(self, *, whole: bool = False) -> Iterator[Transaction]:
        """One change under the lock; `whole` for a change that must leave no older version behind (a purge)."""
        try:
            with plain_validation(), self._file.transaction(whole=whole) as tx:
                yield tx
        except ChangedElsewhere as error:
            if error.event is None and isinstance(error.current, Model):  # looked up after the lock is let go
                raise ChangedElsewhere(error.current, self._last_change_to(error.current)) from None
            raise

    def _last_change_to(self, record: Model) -> AuditEvent | None:
        ref = record_ref(record)
        return next((e for e in reversed(self._file.audit_events()) if e.record == ref), None)

    def _audit(
        self, tx: Transaction, action: str, target: str = "", before: Any = None, after: Any = None,
        *, about: Model | None = None, question_id: str | None = None,
    ) -> None:
        refs = refs_of(about)
        if question_id is not None:
            refs["question_id"] = question_id
        tx.record(
            AuditEvent(
                actor_id=self.actor.id,
                actor_name=self.actor.name,
                action=action,
                target=target,
                before=before,
                after=after,
                **refs,
            )
        )

    def _check_version(self, current: Model | None, expected: str | None, fields: Iterable[str] | None = None) -> None:
        """Refuse to save over a newer change someone else made since the form opened (`expected` None: no form)."""
        if expected is not None and version_of(current, fields) != expected:
            raise ChangedElsewhere(current)

    def _require(self, right: Right) -> None:
        self.actor.require(right)
