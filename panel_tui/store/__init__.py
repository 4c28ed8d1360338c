"""Session files: the only code that imports TinyDB.

A session file is people's data. It is written atomically, guarded by a
cross-process lock, versioned, backed up, and never overwritten when damaged.
"""

from .backups import (
    Backup,
    BackupNotUsable,
    NothingToRestore,
    Restored,
    SessionNotDamaged,
    kept_aside,
    list_backups,
    newest_good_backup,
    restore_backup,
)
from .errors import SessionDamaged, SessionExists, SessionMissing, SessionTooNew, StoreError
from .lock import SessionBusy
from .repository import SessionFile, Snapshot, Transaction

__all__ = [
    "Backup",
    "BackupNotUsable",
    "NothingToRestore",
    "Restored",
    "SessionBusy",
    "SessionDamaged",
    "SessionExists",
    "SessionFile",
    "SessionMissing",
    "SessionNotDamaged",
    "SessionTooNew",
    "Snapshot",
    "StoreError",
    "Transaction",
    "kept_aside",
    "list_backups",
    "newest_good_backup",
    "restore_backup",
]
