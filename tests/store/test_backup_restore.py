"""Which backups are good, and putting one back in place of a damaged file: with real files.

A backup is good when it passes exactly the checks opening the file does,
with the audit trail beside the file. Putting one back deletes nothing: the
damaged file is kept aside (owner only), audit entries recorded after the
backup stay in the trail, and the restore is the trail's last event.
"""

from __future__ import annotations

import os
import stat
from datetime import datetime
from pathlib import Path

import pytest

from panel_tui.domain.models import AuditEvent
from panel_tui.services import OpenedSession, PanelService, new_session
from panel_tui.store import (
    BackupNotUsable,
    NothingToRestore,
    Restored,
    SessionFile,
    SessionNotDamaged,
    SessionTooNew,
    StoreError,
    kept_aside,
    list_backups,
    newest_good_backup,
    repository,
    restore_backup,
)
from panel_tui.store.audit_log import audit_path
from panel_tui.store.checks import check_meta
from panel_tui.store.repository import backup_path
from panel_tui.store.storage import read_tables

AT = datetime(2026, 3, 4, 9, 30, 15).astimezone()


def listing(folder: Path) -> dict[str, bytes]:
    """Every file in the folder with its bytes (the lock's own files aside): to show nothing changed."""
    return {
        p.name: p.read_bytes() for p in sorted(folder.iterdir())
        if p.is_file() and not p.name.endswith((".lock", ".turns"))
    }


def recorded(plan: Restored) -> AuditEvent:
    return AuditEvent(
        actor_id="tool", actor_name="store test", action="restored the session from a backup",
        target=plan.state.session.vacancy, after={"backup": plan.backup.number}, record="",
    )


def names(path: Path) -> list[str]:
    return [c.name for c in SessionFile.open(path).state().candidates_in_order]


@pytest.fixture
def three(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, PanelService]:
    """A session saved four times with a backup at each save: backups 1, 2, 3 hold 3, 2 and 1 candidates."""
    monkeypatch.setattr(repository, "BACKUP_INTERVAL", 0.0)
    opened, _ = new_session(tmp_path / "sessions", "Restore test")
    svc = opened.as_tool("test")
    for n in range(4):
        svc.add_candidate(f"Candidate {n}")
    return opened.path, svc


def damage(path: Path) -> bytes:
    path.write_bytes(path.read_bytes()[:60])
    return path.read_bytes()


# -- which backups are good ---------------------------------------------------------------------


def test_every_backup_is_listed_newest_first_and_a_damaged_one_says_why(three: tuple[Path, PanelService]) -> None:
    path, _ = three
    backup_path(path, 1).write_bytes(b"")
    backups = list_backups(path)
    assert [b.number for b in backups] == [1, 2, 3]
    assert [b.path for b in backups] == [backup_path(path, n) for n in (1, 2, 3)]
    assert backups[0].problem == "the file is empty" and not backups[0].good
    assert backups[1].good and backups[2].good
    assert all(isinstance(b.taken_at, datetime) and b.taken_at.tzinfo for b in backups)
    newest = newest_good_backup(path)
    assert newest is not None and newest.number == 2


def test_a_backup_is_checked_against_the_audit_trail_beside_the_file_as_opening_checks_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A backup that commits more of the trail than the trail holds would not open: it is not good."""
    monkeypatch.setattr(repository, "BACKUP_INTERVAL", 0.0)
    monkeypatch.setattr(repository, "AUDIT_BATCH", 1)  # every event goes to the trail at once
    opened, _ = new_session(tmp_path, "Trail check")
    svc = opened.as_tool("test")
    svc.add_candidate("First")
    svc.add_candidate("Second")
    log = audit_path(opened.path)
    log.write_bytes(log.read_bytes()[:10])  # shorter than any backup commits
    backups = list_backups(opened.path)
    assert backups and not any(b.good for b in backups)
    assert "audit trail" in backups[0].problem
    assert newest_good_backup(opened.path) is None


def test_no_backups_at_all(tmp_path: Path) -> None:
    opened, _ = new_session(tmp_path, "Fresh")
    assert list_backups(opened.path) == [] and newest_good_backup(opened.path) is None


# -- putting one back ----------------------------------------------------------------------------


def test_the_newest_good_backup_goes_back_and_the_damaged_file_is_kept_aside(three: tuple[Path, PanelService]) -> None:
    path, _ = three
    damaged = damage(path)
    backups_before = {n: backup_path(path, n).read_bytes() for n in (1, 2, 3)}
    done = restore_backup(path, record=recorded, at=AT)
    assert done.backup.number == 1 and done.replaced_problem
    assert names(path) == ["Candidate 0", "Candidate 1", "Candidate 2"]
    aside = path.with_name(f"{path.name}.damaged-20260304-093015")
    assert done.kept_aside == aside
    assert aside.read_bytes() == damaged, "the damaged file is kept exactly as it was"
    assert stat.S_IMODE(aside.stat().st_mode) == 0o600
    assert os.stat(aside).st_ino != os.stat(path).st_ino and os.stat(path).st_nlink == 1
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert {n: backup_path(path, n).read_bytes() for n in (1, 2, 3)} == backups_before, "backups are left as they were"
    events = SessionFile.open(path).audit_events()
    assert events[-1].action == "restored the session from a backup" and events[-1].after == {"backup": 1}
    assert kept_aside(path) == [aside]


def test_a_chosen_backup_goes_back(three: tuple[Path, PanelService]) -> None:
    path, _ = three
    damage(path)
    done = restore_backup(path, 3, record=recorded, at=AT)
    assert done.backup.number == 3
    assert names(path) == ["Candidate 0"]


def test_the_restored_file_takes_saves_and_a_second_restore_keeps_both_damaged_files(
    three: tuple[Path, PanelService],
) -> None:
    path, _ = three
    first = damage(path)
    restore_backup(path, record=recorded, at=AT)
    OpenedSession.open(path).as_tool("after").add_candidate("Saved after the restore")
    assert names(path)[-1] == "Saved after the restore"
    second = damage(path)
    restore_backup(path, 2, record=recorded, at=AT)
    kept = kept_aside(path)
    assert [p.read_bytes() for p in kept] == [first, second], "the same second gets its own name: nothing is replaced"
    assert kept[1].name.endswith("093015-2")


def test_audit_entries_recorded_after_the_backup_stay_in_the_trail(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The backup commits less of the trail than was written since; those entries are kept, and survive the next save."""
    monkeypatch.setattr(repository, "AUDIT_BATCH", 1)
    opened, _ = new_session(tmp_path, "Later entries")
    svc = opened.as_tool("test")
    svc.add_candidate("Before the backup")  # first save of this process: the backup holds the version before it
    svc.add_candidate("After the backup")
    svc.add_candidate("Also after")
    trail = [e.id for e in SessionFile.open(opened.path).audit_events()]
    damage(opened.path)
    done = restore_backup(opened.path, record=recorded, at=AT)
    assert done.later_entries == 3
    events = SessionFile.open(opened.path).audit_events()
    assert [e.id for e in events[:-1]] == trail, "every entry, in order, then the restore"
    OpenedSession.open(opened.path).as_tool("next").add_candidate("Next save")
    events = SessionFile.open(opened.path).audit_events()
    assert [e.id for e in events[: len(trail)]] == trail
    assert [e.action for e in events[len(trail):]] == ["restored the session from a backup", "added candidate"]


def test_entries_waiting_in_the_backup_and_since_moved_to_the_trail_appear_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The backup still holds entries waiting to move to the trail; a later save moved them: each is kept once."""
    monkeypatch.setattr(repository, "AUDIT_BATCH", 3)
    monkeypatch.setattr(repository, "BACKUP_INTERVAL", 0.0)
    opened, _ = new_session(tmp_path, "Batches")
    svc = opened.as_tool("test")
    for n in range(4):
        svc.add_candidate(f"Candidate {n}")
    trail = [e.id for e in SessionFile.open(opened.path).audit_events()]
    backup = backup_path(opened.path, 2)  # before the third candidate: two entries waiting, moved by that save
    meta = check_meta(backup, read_tables(backup))
    assert meta.audit_pending, "the backup holds entries still waiting"
    assert audit_path(opened.path).stat().st_size > meta.audit_bytes, "and the trail moved on since"
    damage(opened.path)
    done = restore_backup(opened.path, 2, record=recorded, at=AT)
    ids = [e.id for e in SessionFile.open(opened.path).audit_events()]
    assert len(ids) == len(set(ids))
    assert ids[:-1] == trail[:-1], "every entry the trail holds, once, in order (the last waited in the damaged file)"
    assert done.later_entries == 1


def test_unreadable_lines_after_the_backup_keep_a_copy_of_the_trail(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(repository, "AUDIT_BATCH", 1)
    monkeypatch.setattr(repository, "BACKUP_INTERVAL", 0.0)
    opened, _ = new_session(tmp_path, "Bad trail")
    svc = opened.as_tool("test")
    svc.add_candidate("One")
    svc.add_candidate("Two")
    log = audit_path(opened.path)
    whole = log.read_bytes()
    log.write_bytes(whole[:-3] + b"}}}\n")  # the last line no longer reads: the live file is damaged
    broken = log.read_bytes()
    done = restore_backup(opened.path, record=recorded, at=AT)
    assert done.trail_kept_aside is not None and done.trail_kept_aside.read_bytes() == broken
    assert stat.S_IMODE(done.trail_kept_aside.stat().st_mode) == 0o600
    assert done.trail_kept_aside in kept_aside(opened.path)
    SessionFile.open(opened.path).audit_events()  # reads whole


def test_a_missing_file_is_put_back_from_its_backup(three: tuple[Path, PanelService]) -> None:
    path, _ = three
    path.unlink()
    done = restore_backup(path, record=recorded, at=AT)
    assert done.kept_aside is None and done.replaced_problem == "the file is missing"
    assert names(path) == ["Candidate 0", "Candidate 1", "Candidate 2"]


# -- refusals change nothing ---------------------------------------------------------------------


def test_a_sound_file_is_refused_unless_asked_and_then_kept_aside_with_its_waiting_entries(
    three: tuple[Path, PanelService],
) -> None:
    path, _ = three
    before = listing(path.parent)
    with pytest.raises(SessionNotDamaged, match="is not damaged"):
        restore_backup(path, record=recorded, at=AT)
    assert listing(path.parent) == before
    trail = [e.id for e in SessionFile.open(path).audit_events()]
    sound = path.read_bytes()
    done = restore_backup(path, 2, record=recorded, replace_sound=True, at=AT)
    assert done.replaced_problem == "" and done.kept_aside is not None and done.kept_aside.read_bytes() == sound
    assert names(path) == ["Candidate 0", "Candidate 1"]
    ids = [e.id for e in SessionFile.open(path).audit_events()]
    assert ids[:-1] == trail, "the entries waiting in the sound file are carried over, none lost"


@pytest.mark.parametrize("number", [0, 4, -1])
def test_a_number_that_is_no_backup_is_refused(three: tuple[Path, PanelService], number: int) -> None:
    path, _ = three
    damage(path)
    before = listing(path.parent)
    with pytest.raises(BackupNotUsable, match=f"There is no backup {number}: backups are numbered 1"):
        restore_backup(path, number, record=recorded, at=AT)
    assert listing(path.parent) == before


def test_a_missing_or_damaged_chosen_backup_is_refused(three: tuple[Path, PanelService]) -> None:
    path, _ = three
    damage(path)
    backup_path(path, 3).unlink()
    backup_path(path, 2).write_bytes(b"{}")
    before = listing(path.parent)
    with pytest.raises(BackupNotUsable, match="There is no backup 3"):
        restore_backup(path, 3, record=recorded, at=AT)
    with pytest.raises(BackupNotUsable, match="Backup 2 of .* cannot be used: it is not a panel-tui session file") as caught:
        restore_backup(path, 2, record=recorded, at=AT)
    assert "1 is good" in str(caught.value) and "Nothing was changed" in str(caught.value)
    assert listing(path.parent) == before


def test_no_good_backup_is_refused(three: tuple[Path, PanelService]) -> None:
    path, _ = three
    damage(path)
    for n in (1, 2, 3):
        backup_path(path, n).write_bytes(b"not json")
    before = listing(path.parent)
    with pytest.raises(NothingToRestore, match="No backup of .* passes the checks") as caught:
        restore_backup(path, record=recorded, at=AT)
    assert not isinstance(caught.value, BackupNotUsable)
    assert listing(path.parent) == before


def test_a_failed_write_leaves_the_damaged_file_and_no_second_name(
    three: tuple[Path, PanelService], monkeypatch: pytest.MonkeyPatch
) -> None:
    from panel_tui.store import backups

    path, _ = three
    damage(path)
    before = listing(path.parent)

    def full_disk(target: Path, payload: bytes) -> None:
        raise OSError(28, "No space left on device (simulated)")

    monkeypatch.setattr(backups, "write_atomic", full_disk)
    with pytest.raises(StoreError, match=r"could not be put in place \(No space left on device \(simulated\)\)\. Nothing was changed"):
        restore_backup(path, record=recorded, at=AT)
    assert listing(path.parent) == before


def test_where_hard_links_are_not_allowed_the_damaged_file_is_kept_as_a_private_copy(
    three: tuple[Path, PanelService], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, _ = three
    damaged = damage(path)

    def no_links(*_: object, **__: object) -> None:
        raise PermissionError(1, "Operation not permitted (simulated)")

    monkeypatch.setattr(os, "link", no_links)
    done = restore_backup(path, record=recorded, at=AT)
    assert done.kept_aside is not None and done.kept_aside.read_bytes() == damaged
    assert stat.S_IMODE(done.kept_aside.stat().st_mode) == 0o600


def test_a_file_made_by_a_newer_panel_tui_is_never_replaced(three: tuple[Path, PanelService]) -> None:
    import json

    path, _ = three
    tables = json.loads(path.read_bytes())
    tables["_meta"]["meta"]["schema_version"] = 99
    path.write_text(json.dumps(tables))
    before = listing(path.parent)
    for force in (False, True):
        with pytest.raises(SessionTooNew):
            restore_backup(path, record=recorded, replace_sound=force, at=AT)
    assert listing(path.parent) == before


def test_no_file_and_no_backup_is_refused_without_leaving_lock_files(tmp_path: Path) -> None:
    with pytest.raises(NothingToRestore, match="There is no session file at .* and no backup of one"):
        restore_backup(tmp_path / "typo.json", record=recorded, at=AT)
    assert list(tmp_path.iterdir()) == []
