"""Backups: the last few good versions, as private copies that a failed or killed save can never touch.

A backup is a copy of the version about to be replaced, written atomically
on a process's first save and then every few minutes. It is never a hard
link: a save that failed between the backup and the rename once left the
live file sharing its inode with `.1.bak`, and the next process's backup
then wrote through the link into the live file.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import stat
import textwrap
from pathlib import Path

import pytest

from panel_tui.services import OpenedSession, new_session
from panel_tui.store import SessionDamaged, SessionFile, journal, repository
from panel_tui.store.repository import BACKUPS_KEPT, backup_path, peek

from .builders import Full
from .children import start_python, wait_for_line


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def backups(path: Path) -> list[Path]:
    return [b for b in (backup_path(path, n) for n in range(1, BACKUPS_KEPT + 1)) if b.exists()]


def assert_private_copies(path: Path) -> None:
    """The live file and every backup: separate files (no shared inode, one link each), owner-only."""
    live = os.stat(path)
    assert live.st_nlink == 1, "the live file has no other name"
    for backup in backups(path):
        kept = os.stat(backup)
        assert kept.st_ino != live.st_ino, f"{backup.name} shares the live file's inode"
        assert kept.st_nlink == 1, f"{backup.name} is linked elsewhere"
        assert mode(backup) == 0o600, backup.name
        peek(backup)  # a whole, sound session
    inodes = [os.stat(b).st_ino for b in backups(path)]
    assert len(set(inodes)) == len(inodes), "no two backups share an inode"


def test_backups_rotate_and_keep_three(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(repository, "BACKUP_INTERVAL", 0.0)
    opened, _ = new_session(tmp_path, "Backups")
    path = opened.path
    svc = opened.as_tool("test")
    versions = []
    for n in range(5):
        versions.append(peek(path))
        svc.add_candidate(f"Extra {n}")
        kept = sorted(p.name for p in tmp_path.glob("*.bak"))
        assert kept == [backup_path(path, k).name for k in range(1, min(n + 1, 3) + 1)]
    for n in (1, 2, 3):
        backup = backup_path(path, n)
        assert peek(backup) == versions[-n], f"{backup.name} is the whole session as it was before that save"
        assert mode(backup) == 0o600
        assert [c.name for c in peek(backup).candidates] == [f"Extra {k}" for k in range(5 - n)], "a backup is a whole session"
    assert not backup_path(path, 4).exists()
    assert_private_copies(path)


def test_backups_are_taken_on_a_process_s_first_write_then_every_few_minutes(tmp_path: Path) -> None:
    opened, _ = new_session(tmp_path, "Few backups")
    path = opened.path
    first = peek(path)
    svc = opened.as_tool("test")
    for n in range(3):
        svc.add_candidate(f"Candidate {n}")
    assert peek(backup_path(path, 1)) == first
    assert not backup_path(path, 2).exists()


def test_a_backup_restored_by_copy_opens(full: Full, monkeypatch: pytest.MonkeyPatch) -> None:
    """The plain words of the damage message work: copy a backup over the file and open it."""
    monkeypatch.setattr(repository, "BACKUP_INTERVAL", 0.0)
    path = full.file.path
    full.chair_service.add_candidate("After the backup")
    path.write_bytes(b"")
    with pytest.raises(SessionDamaged, match=r"\.bak files"):
        SessionFile.open(path)
    shutil.copy(backup_path(path, 1), path)
    assert [c.name for c in SessionFile.open(path).state().candidates] == ["Casey Candidate", "Dee Candidate"]


# -- saves that fail or are killed between the backup and the rename --------------------


def _three_distinct_backups(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str]:
    opened, chair = new_session(tmp_path, "Failing disk", chair_name="Chair")
    assert chair is not None
    with monkeypatch.context() as m:
        m.setattr(repository, "BACKUP_INTERVAL", 0.0)
        svc = opened.sign_in(chair.id)
        for n in range(4):
            svc.add_candidate(f"Saved {n}")
    SessionFile.open(opened.path).compact()  # the file alone holds everything: its bytes are the whole session
    assert len(versions_kept(opened.path)) == BACKUPS_KEPT
    return opened.path, chair.id


def versions_kept(path: Path) -> set[int]:
    """The revisions the backups hold (each backup's bytes are its own: it carries a mark of its own)."""
    return {peek(b).revision for b in backups(path)}


def test_failed_first_saves_in_fresh_processes_leave_private_copies_and_the_next_save_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Four processes in a row whose first save fails at the rename (a full disk, say)."""
    path, chair_id = _three_distinct_backups(tmp_path, monkeypatch)
    real_replace = os.replace

    def full_disk(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        if Path(dst) == path:
            raise OSError(errno.ENOSPC, "No space left on device (simulated)")
        real_replace(src, dst)

    def full_disk_for_the_journal(session_path: Path, at: int, line: bytes) -> tuple[int, int, int]:
        raise OSError(errno.ENOSPC, "No space left on device (simulated)")

    good, good_state = path.read_bytes(), peek(path)
    with monkeypatch.context() as m:
        m.setattr(os, "replace", full_disk)
        m.setattr(journal, "append", full_disk_for_the_journal)
        for n in range(4):
            process = OpenedSession.open(path).sign_in(chair_id)  # a fresh SessionFile: its first save backs up
            with pytest.raises(OSError, match="No space left"):
                process.add_candidate(f"Lost {n}")
            assert path.read_bytes() == good, "a failed save changes nothing"
            assert not list(tmp_path.glob(".*.tmp")), "its temp file is cleaned up"
            assert_private_copies(path)
    assert peek(backup_path(path, 1)) == good_state
    assert len(versions_kept(path)) == BACKUPS_KEPT, (
        "failed saves do not push the older versions out of the backups with copies of the same one"
    )

    OpenedSession.open(path).sign_in(chair_id).add_candidate("Saved at last")
    assert [c.name for c in SessionFile.open(path).state().candidates][-2:] == ["Saved 3", "Saved at last"]
    assert peek(backup_path(path, 1)) == good_state
    assert_private_copies(path)


KILLED_SAVER = textwrap.dedent(
    """
    import os
    import sys
    import time
    from pathlib import Path

    from panel_tui.store import SessionFile

    path = Path(sys.argv[1])
    real_replace = os.replace

    def replace_slowly(src, dst):
        if Path(dst) == path:  # the backup is written; the new version is in its temp file
            print("about to rename", flush=True)
            time.sleep(60)
        real_replace(src, dst)

    os.replace = replace_slowly
    SessionFile.open(path).compact()  # a save that rewrites the whole file, as every so many saves do
    """
)


def test_processes_killed_between_the_backup_and_the_rename_leave_private_copies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Real processes, SIGKILLed at the one moment a linked backup used to be dangerous."""
    path, chair_id = _three_distinct_backups(tmp_path, monkeypatch)
    good, good_state = path.read_bytes(), peek(path)
    for _ in range(3):
        child = start_python(KILLED_SAVER, str(path))
        try:
            wait_for_line(child, "about to rename")
            assert peek(backup_path(path, 1)) == good_state, "the backup was written first"
            assert list(tmp_path.glob(f".{path.name}.*.tmp")), "the new version waits in its temp file"
        finally:
            os.kill(child.pid, signal.SIGKILL)
            child.wait()
        assert child.returncode == -signal.SIGKILL
        assert path.read_bytes() == good
        assert_private_copies(path)
    assert len(versions_kept(path)) == BACKUPS_KEPT

    process = OpenedSession.open(path)  # removes the killed processes' temp files
    assert not list(tmp_path.glob(".*.tmp"))
    process.sign_in(chair_id).add_candidate("Saved at last")
    assert "Saved at last" in [c.name for c in SessionFile.open(path).state().candidates]
    assert peek(backup_path(path, 1)) == good_state
    assert_private_copies(path)
