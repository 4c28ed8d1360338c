"""Session files: the only code that imports TinyDB.

A session file is people's data. It is written atomically, guarded by a
cross-process lock, versioned, backed up, and never overwritten when damaged.
"""

from .errors import SessionDamaged, SessionExists, SessionMissing, SessionTooNew, StoreError
from .lock import SessionBusy
from .repository import SessionFile, Snapshot, Transaction

__all__ = [
    "SessionBusy",
    "SessionDamaged",
    "SessionExists",
    "SessionFile",
    "SessionMissing",
    "SessionTooNew",
    "Snapshot",
    "StoreError",
    "Transaction",
]
