"""The backups beside a session file: which ones are good, and putting one back.

The store keeps the last few versions of a session file beside it, as copies
named `FILE.1.bak` (the newest) to `FILE.3.bak` (see
`repository._rotate_backups`). A backup is good when it passes exactly the
checks opening the file would (`checks.load`, and the audit trail beside the
file read whole up to the length the backup commits).

Putting a backup back deletes nothing:

- the file it replaces is kept aside under a new name,
  `FILE.damaged-<date>-<time>`, readable by its owner only;
- the backup is written in place atomically, under the session's lock, so
  no terminal ever sees half a file or saves in between;
- audit entries recorded after the backup was taken stay in the trail (the
  restored file commits them), followed by the restore itself, which the
  caller describes (`record`). If the trail has lines past those that cannot
  be read, a copy of the whole trail is kept aside too, before the next save
  cuts them off.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import orjson

from ..domain.models import AuditEvent
from ..domain.state import SessionState
from ..safe_files import OWNER_ONLY, fsync_folder, write_atomic
from .audit_log import audit_path, read_events
from .checks import Loaded, check_meta, load
from .errors import SessionDamaged, SessionMissing, StoreError
from .lock import LOCK_TIMEOUT, SessionLock
from .migrations import META_ID, META_TABLE
from .repository import BACKUPS_KEPT, backup_path
from .storage import dump_tables, read_tables

ASIDE_MARK = ".damaged-"
"""A file kept aside by a restore is named FILE.damaged-<date>-<time> (the trail: FILE's log name, the same way)."""


@dataclass(frozen=True)
class Backup:
    """One backup beside a session file, checked as opening would check it."""

    number: int
    """1 is the newest."""
    path: Path
    taken_at: datetime
    """When the backup was taken (its file's time, local): the version it holds was current until then."""
    problem: str = ""
    """Why it would not open, in plain words; empty when it passes every check."""

    @property
    def good(self) -> bool:
        return not self.problem


@dataclass(frozen=True)
class Restored:
    """What a restore does (worked out before anything is written) and did."""

    backup: Backup
    state: SessionState
    """The session as the backup holds it (brought up to date if it was made by an older panel-tui)."""
    replaced_problem: str
    """Why the file it replaces could not be used ("" when it was sound and the restore was forced)."""
    kept_aside: Path | None
    """Where the replaced file is kept (None when there was no file)."""
    trail_kept_aside: Path | None
    """A copy of the audit trail, kept when lines past the readable part would be cut off by the next save."""
    later_entries: int
    """Audit entries recorded after the backup was taken: kept in the trail, but their changes are not restored."""


class NothingToRestore(StoreError):
    """No backup could be put back: nothing was changed."""


class BackupNotUsable(NothingToRestore):
    """The backup asked for (`--from N`) is not there or does not pass the checks: nothing was changed."""


class SessionNotDamaged(StoreError):
    """The file opens and reads whole: putting a backup over it would lose what was saved since."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            path,
            f"The session file {path} is not damaged: it opens and reads whole. Nothing was changed. "
            "Putting a backup back would lose everything saved since that backup was taken.",
        )


def _reason(error: StoreError) -> str:
    return error.reason if isinstance(error, SessionDamaged) else str(error)


def _load_checked(session: Path, copy: Path) -> Loaded:
    """`copy` read and checked as if it were the session file: the same checks as opening, with its audit trail."""
    loaded = load(copy, read_tables(copy), migrate_older=True)  # the live file with its journal; a backup has none
    read_events(audit_path(session), loaded.meta.audit_bytes, list(loaded.meta.audit_pending))
    return loaded


def _taken_at(path: Path) -> datetime:
    return datetime.fromtimestamp(path.stat().st_mtime).astimezone()


def check_backup(path: Path, number: int) -> Backup | None:
    """Backup `number` of the session file at `path`, checked; None when there is no such backup."""
    path = Path(path)
    copy = backup_path(path, number)
    try:
        taken = _taken_at(copy)
    except FileNotFoundError:
        return None
    try:
        _load_checked(path, copy)
    except StoreError as error:
        return Backup(number, copy, taken, _reason(error))
    return Backup(number, copy, taken)


def list_backups(path: Path) -> list[Backup]:
    """The numbered backups beside a session file, newest first, each saying whether it passes the checks."""
    found = (check_backup(path, n) for n in range(1, BACKUPS_KEPT + 1))
    return [b for b in found if b is not None]


def newest_good_backup(path: Path) -> Backup | None:
    """The newest backup that passes the checks (older ones are not read once one does: each reads the trail)."""
    found = (check_backup(path, n) for n in range(1, BACKUPS_KEPT + 1))
    return next((b for b in found if b is not None and b.good), None)


def kept_aside(path: Path) -> list[Path]:
    """Files a restore kept aside for this session (the replaced file, copies of the trail): never deleted by us."""
    path = Path(path)
    found: list[Path] = []
    for name in (path.name, audit_path(path).name):
        found += sorted(path.parent.glob(f"{glob.escape(name)}{ASIDE_MARK}*"))
    return found


def file_problem(path: Path) -> str | None:
    """Why the session file cannot be opened, or None when it opens and reads whole.

    A file made by a newer panel-tui is not damaged, and no backup goes over
    it: `SessionTooNew` is raised, as any problem that is not damage is.
    """
    try:
        _load_checked(path, path)
    except SessionMissing:
        return "the file is missing"
    except SessionDamaged as error:
        return error.reason
    return None


def _choose(path: Path, number: int | None) -> tuple[Backup, Loaded]:
    if number is not None:
        if not 1 <= number <= BACKUPS_KEPT:
            raise BackupNotUsable(
                path, f"There is no backup {number}: backups are numbered 1 (the newest) to {BACKUPS_KEPT}. "
                f"Nothing was changed.{_listing(path)}",
            )
        chosen = check_backup(path, number)
        if chosen is None:
            raise BackupNotUsable(path, f"There is no backup {number} of {path}. Nothing was changed.{_listing(path)}")
        if not chosen.good:
            raise BackupNotUsable(
                path, f"Backup {number} of {path} cannot be used: {chosen.problem}. Nothing was changed.{_listing(path)}",
            )
    else:
        good = newest_good_backup(path)
        if good is None:
            raise NothingToRestore(
                path, f"No backup of {path} passes the checks, so there is nothing to put back. "
                f"Nothing was changed.{_listing(path)}",
            )
        chosen = good
    try:
        loaded = _load_checked(path, chosen.path)  # read again: these are the bytes that go in place
    except StoreError as error:
        raise BackupNotUsable(
            path, f"Backup {chosen.number} of {path} cannot be used: {_reason(error)}. Nothing was changed."
        ) from None
    return chosen, loaded


def _listing(path: Path) -> str:
    backups = list_backups(path)
    if not backups:
        return f" There are no backups beside it ({backup_path(path, 1).name} to {backup_path(path, BACKUPS_KEPT).name})."
    said = [f"{b.number} is good" if b.good else f"{b.number} cannot be used ({b.problem})" for b in backups]
    return " Backups beside it: " + "; ".join(said) + "."


def _trail_after(path: Path, loaded: Loaded, waiting_now: list[AuditEvent]) -> tuple[int, list[AuditEvent], int, bool]:
    """What the restored file commits of the trail, what waits in it, how many entries came after the backup.

    The entries in the trail past the length the backup commits (every line
    that reads whole) stay committed; the backup's waiting entries that are
    not among them, and the replaced file's waiting ones (when it was sound),
    wait after them. Returns (committed length, waiting, later entries,
    whether unreadable lines follow the readable part).
    """
    start = loaded.meta.audit_bytes
    try:
        data = audit_path(path).read_bytes()
    except FileNotFoundError:
        data = b""
    tail = data[start:]
    readable = 0
    logged: list[AuditEvent] = []
    for line in tail.splitlines(keepends=True):
        if not line.endswith(b"\n"):
            break
        try:
            logged.append(AuditEvent.model_validate(orjson.loads(line)))
        except (orjson.JSONDecodeError, ValueError):
            break
        readable += len(line)
    before = [AuditEvent.model_validate(e) for e in loaded.meta.audit_pending]
    seen = {e.id for e in logged}
    waiting: list[AuditEvent] = []
    for event in [*before, *waiting_now]:
        if event.id not in seen:
            seen.add(event.id)
            waiting.append(event)
    in_backup = {e.id for e in before}
    later = sum(1 for e in logged if e.id not in in_backup) + sum(1 for e in waiting if e.id not in in_backup)
    return start + readable, waiting, later, readable < len(tail)


def _waiting_in_sound(path: Path) -> list[AuditEvent]:
    """The audit entries still waiting in a sound session file (they are in no log yet)."""
    try:
        meta = check_meta(path, read_tables(path))  # with its journal of recent changes
    except StoreError:
        return []
    return [AuditEvent.model_validate(e) for e in meta.audit_pending]


def _aside_names(path: Path, at: datetime) -> list[Path]:
    base = f"{path.name}{ASIDE_MARK}{at:%Y%m%d-%H%M%S}"
    return [path.with_name(base if n == 1 else f"{base}-{n}") for n in range(1, 100)]


def _keep_aside(path: Path, at: datetime) -> Path | None:
    """A second name for the file, so replacing it keeps the old one: a rename with no moment without a file."""
    if not os.path.lexists(path):
        return None
    for aside in _aside_names(path, at):
        try:
            os.link(path, aside, follow_symlinks=False)
        except FileExistsError:
            continue
        except OSError:  # no hard links here: a private copy instead
            if not _copy_exclusive(path, aside):
                continue
        os.chmod(aside, OWNER_ONLY)
        fsync_folder(path.parent)
        return aside
    raise StoreError(path, f"Cannot keep {path} aside: too many files named like it. Nothing was changed.")


def _copy_exclusive(source: Path, target: Path) -> bool:
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, OWNER_ONLY)
    except FileExistsError:
        return False
    try:
        view = memoryview(source.read_bytes())
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        target.unlink(missing_ok=True)
        raise
    os.close(fd)
    return True


def restore_backup(
    path: Path,
    number: int | None = None,
    *,
    record: Callable[[Restored], AuditEvent],
    replace_sound: bool = False,
    at: datetime | None = None,
    lock_timeout: float = LOCK_TIMEOUT,
) -> Restored:
    """Put backup `number` (default: the newest good one) in place of the session file.

    Refuses, changing nothing, when the backup is missing or fails the
    checks, and when the file is not damaged unless `replace_sound`.
    `record(restored)` gives the audit event of the restore; it is written
    with the restored file, in the same atomic write.
    """
    path = Path(path)
    at = (at or datetime.now()).astimezone()
    if not os.path.lexists(path) and not any(backup_path(path, n).exists() for n in range(1, BACKUPS_KEPT + 1)):
        raise NothingToRestore(path, f"There is no session file at {path}, and no backup of one. Nothing was changed.")
    with SessionLock(path, lock_timeout).held():
        problem = file_problem(path)
        if problem is None and not replace_sound:
            raise SessionNotDamaged(path)
        backup, loaded = _choose(path, number)
        waiting_now = _waiting_in_sound(path) if problem is None else []
        committed, waiting, later, unreadable = _trail_after(path, loaded, waiting_now)
        log = audit_path(path)
        aside: Path | None = None
        trail_aside: Path | None = None
        try:
            trail_aside = _keep_aside(log, at) if unreadable else None
            aside = _keep_aside(path, at)
            restored = Restored(backup, loaded.state, problem or "", aside, trail_aside, later)
            event = record(restored)
            tables = loaded.tables
            meta = dict(tables.get(META_TABLE, {}).get(META_ID, {}))
            meta.update(
                revision=loaded.meta.revision + 1,
                audit_bytes=committed,
                audit_pending=[e.model_dump(mode="json") for e in [*waiting, event]],
            )
            tables[META_TABLE] = {META_ID: meta}
            write_atomic(path, dump_tables(tables))
        except BaseException as error:
            _forget_second_name(aside, path)
            _forget_second_name(trail_aside, log)
            if isinstance(error, OSError):
                raise StoreError(
                    path, f"The backup could not be put in place ({error.strerror or error}). Nothing was changed."
                ) from None
            raise
    return restored


def _forget_second_name(aside: Path | None, original: Path) -> None:
    """After a failed restore: remove what was kept aside while the very same file is still in place."""
    if aside is None:
        return
    try:
        if os.path.samefile(aside, original) or aside.read_bytes() == original.read_bytes():
            aside.unlink()
    except OSError:
        pass
