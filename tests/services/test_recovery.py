"""A damaged session file: the message names the newest good backup and the command; the restore is audited.

Through the services, as the CLI and the app use them.
"""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from panel_tui.services import (
    OpenedSession,
    SessionNotDamaged,
    SessionProblem,
    explain_problem,
    new_session,
    problem_report,
    recovery_advice,
    restore_command,
    restore_from_backup,
    session_backups,
)
from panel_tui.store import SessionFile, repository
from panel_tui.store.repository import backup_path


@pytest.fixture
def saved_thrice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Backups 1 and 2 of a session with candidates; the file itself then damaged (cut short)."""
    monkeypatch.setattr(repository, "BACKUP_INTERVAL", 0.0)
    opened, _ = new_session(tmp_path / "my sessions", "Peer mentor")
    svc = opened.as_tool("test")
    for name in ("Ada One", "Bo Two", "Cy Three"):
        svc.add_candidate(name)
    opened.path.write_bytes(opened.path.read_bytes()[:80])
    return opened.path


def test_the_damaged_message_names_the_newest_good_backup_and_the_exact_command(saved_thrice: Path) -> None:
    backup_path(saved_thrice, 1).write_bytes(b"")  # the newest backup is damaged too: backup 2 is the one to use
    text = problem_report(saved_thrice)
    assert text.startswith(f"The session file {saved_thrice} is damaged: it is not complete or not valid")
    assert "It has not been changed." in text
    assert "Backup 2, from " in text and "is the newest good one; changes saved after that are not in it" in text
    command = restore_command(saved_thrice, 2)
    assert text.splitlines()[2] == f"  {command}"
    assert shlex.split(command) == ["panel-tui", "restore", str(saved_thrice.absolute()), "--from", "2"], (
        "the folder's space is quoted for the shell"
    )
    assert ".bak files" not in text, "one piece of advice, not two"


def test_with_no_good_backup_the_message_says_so_plainly(saved_thrice: Path) -> None:
    for n in (1, 2, 3):
        backup_path(saved_thrice, n).unlink(missing_ok=True)
    assert "There is no good backup of it to put back" in recovery_advice(saved_thrice)
    assert "panel-tui restore" not in problem_report(saved_thrice)


def test_a_sound_file_has_no_problem_and_other_errors_are_left_as_they_are(tmp_path: Path) -> None:
    opened, _ = new_session(tmp_path, "Sound")
    assert problem_report(opened.path) == ""
    other = SessionProblem(opened.path, "Something else.")
    assert explain_problem(other, opened.path) == "Something else."


def test_a_missing_file_with_a_backup_gets_the_advice(saved_thrice: Path) -> None:
    saved_thrice.unlink()
    text = problem_report(saved_thrice)
    assert "There is no session file at" in text and "panel-tui restore" in text


def test_the_restore_is_the_last_audit_event_by_panel_tui_restore(saved_thrice: Path) -> None:
    done = restore_from_backup(saved_thrice)
    assert [b.good for b in session_backups(saved_thrice)] == [True, True, True]
    session = SessionFile.open(saved_thrice)
    assert [c.name for c in session.state().candidates_in_order] == ["Ada One", "Bo Two"]
    event = session.audit_events()[-1]
    assert (event.actor_name, event.action, event.target) == (
        "panel-tui restore", "restored the session from a backup", "Peer mentor",
    )
    assert event.before["problem"].startswith("it is not complete or not valid")
    assert done.kept_aside is not None and event.before["kept_aside"] == done.kept_aside.name
    assert event.after["backup"] == 1 and event.after["taken_at"] and event.after["entries_after_backup"] == 0
    trail = OpenedSession.open(saved_thrice).as_tool("HR").audit_trail()
    assert trail[-1].action == "restored the session from a backup", "HR sees the restore in the trail"


def test_a_sound_file_needs_force(saved_thrice: Path) -> None:
    restore_from_backup(saved_thrice)
    with pytest.raises(SessionNotDamaged):
        restore_from_backup(saved_thrice, 2)
    done = restore_from_backup(saved_thrice, 2, force=True)
    event = SessionFile.open(saved_thrice).audit_events()[-1]
    assert done.replaced_problem == "" and "was not damaged" in event.before["problem"]
