"""`panel-tui purge` and `panel-tui restore` as real processes, with and without a terminal.

Purge asks at a terminal, refuses without one unless --yes (exit 2), and
refuses while any outcome is not final unless --reason (exit 1); a refusal
changes nothing. A damaged file's message names the newest good backup and
the exact command, and that command puts it back.
"""

from __future__ import annotations

import os
import pty
import select
import shlex
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from panel_tui.services import new_session
from panel_tui.store import SessionFile, repository
from panel_tui.store.repository import backup_path

from .conftest import TIMEOUT, Run, RunCli


def listing(folder: Path) -> dict[str, bytes]:
    """Every file with its bytes, but the lock's own files (taking the lock is not a change)."""
    return {
        p.name: p.read_bytes() for p in sorted(folder.iterdir())
        if p.is_file() and not p.name.endswith((".lock", ".turns"))
    }


def at_terminal(*args: object, answer: str, cwd: Path) -> Run:
    """Run the command with a terminal (a pty) as stdin and stdout, and type `answer` when it asks."""
    leader, follower = pty.openpty()
    child = subprocess.Popen(
        [sys.executable, "-m", "panel_tui.cli", *map(str, args)],
        stdin=follower, stdout=follower, stderr=follower, cwd=cwd, env=dict(os.environ), close_fds=True,
    )
    os.close(follower)
    seen = b""
    answered = False
    deadline = time.monotonic() + TIMEOUT
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([leader], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(leader, 4096)
                except OSError:  # the child has gone and closed the terminal
                    break
                if not chunk:
                    break
                seen += chunk
            if not answered and b"to go ahead" in seen:
                os.write(leader, answer.encode() + b"\r")
                answered = True
            if child.poll() is not None and not ready:
                break
        code = child.wait(timeout=TIMEOUT)
    finally:
        os.close(leader)
        if child.poll() is None:
            child.kill()
    text = seen.decode(errors="replace").replace("\r\n", "\n")
    assert "Traceback" not in text, text
    return Run(code, text, text)


def names_in(path: Path) -> list[str]:
    return [c.name for c in SessionFile.open(path).state().candidates_in_order]


def make_round(folder: Path, *, all_final: bool) -> Path:
    """Two candidates with outcomes (C02's final only when `all_final`); the retention date has passed."""
    opened, chair = new_session(folder, "Peer mentor", chair_name="Chair Person")
    assert chair is not None
    svc = opened.sign_in(chair.id)
    ann = svc.add_member("Ann Member", "member")
    first = svc.add_candidate("Casey Quill")
    second = svc.add_candidate("Dana Second", adjustments="Step-free room")
    question = svc.propose_question("Tell us about a time you listened?")
    svc.set_question_status(question.id, "agreed")
    svc.lock_questions()
    svc.update_details(retention_until=date(2020, 1, 31))
    for candidate in (first, second):
        svc.open_reconciliation(candidate.id, {chair.id: "Could not attend", ann.id: "Could not attend"})
    svc.record_outcome(first.id, "appoint", "Offered the post.", final=True)
    svc.record_outcome(second.id, "reserve", "Held in reserve.", final=all_final)
    return opened.path


@pytest.fixture
def final_round(folder: Path) -> Path:
    return make_round(folder, all_final=True)


@pytest.fixture
def open_round(folder: Path) -> Path:
    return make_round(folder, all_final=False)


# -- purge -----------------------------------------------------------------------------------------


def test_purge_without_a_terminal_refuses_with_exit_2_and_changes_nothing(run_cli: RunCli, final_round: Path) -> None:
    """`echo n | panel-tui purge FILE` used to purge: with no terminal nobody was asked."""
    before = listing(final_round.parent)
    result = run_cli("purge", final_round)
    assert result.code == 2, result.err
    assert "There is no terminal here, so nothing was purged" in result.err and "--yes" in result.err
    assert listing(final_round.parent) == before
    assert names_in(final_round) == ["Casey Quill", "Dana Second"]
    result = run_cli("purge", final_round, "--yes")
    assert result.code == 0, result.err
    assert "Removed the names and adjustments of 2 candidates" in result.out
    assert names_in(final_round) == ["C01", "C02"]


def test_purge_at_a_terminal_asks_and_a_no_changes_nothing(tmp_path: Path, final_round: Path) -> None:
    before = listing(final_round.parent)
    result = at_terminal("purge", final_round, answer="n", cwd=tmp_path)
    assert result.code == 1
    assert "This removes the names and adjustments of 2 candidate(s): C01, C02, for good." in result.out
    assert "Nothing was purged." in result.out
    assert listing(final_round.parent) == before


def test_purge_at_a_terminal_goes_ahead_when_purge_is_typed(tmp_path: Path, final_round: Path) -> None:
    result = at_terminal("purge", final_round, answer="purge", cwd=tmp_path)
    assert result.code == 0, result.out
    assert "C01, C02" in result.out and "Removed the names and adjustments of 2 candidates" in result.out
    assert names_in(final_round) == ["C01", "C02"]


@pytest.mark.parametrize("extra", [[], ["--yes"], ["--yes", "--reason", "  "]])
def test_purge_while_an_outcome_is_not_final_needs_a_reason(
    run_cli: RunCli, open_round: Path, extra: list[str]
) -> None:
    before = listing(open_round.parent)
    result = run_cli("purge", open_round, *extra)
    assert result.code == 1, result.err
    assert "1 candidate has no final outcome yet: C02" in result.err
    assert f"panel-tui purge {open_round} --reason '" in result.err
    assert listing(open_round.parent) == before


def test_purge_with_a_reason_records_it(run_cli: RunCli, open_round: Path) -> None:
    result = run_cli("purge", open_round, "--yes", "--reason", "The post was withdrawn")
    assert result.code == 0, result.err
    assert "Your reason is kept in the audit trail." in result.out
    event = SessionFile.open(open_round).audit_events()[-1]
    assert event.action == "purged candidates' personal data" and event.actor_name == "panel-tui purge"
    assert event.after["reason"] == "The post was withdrawn" and event.after["outcomes_not_final"] == ["C02"]


def test_purge_at_a_terminal_shows_the_reason_and_what_is_not_final(tmp_path: Path, open_round: Path) -> None:
    result = at_terminal("purge", open_round, "--reason", "Withdrawn", answer="no", cwd=tmp_path)
    assert result.code == 1
    assert "Outcome not final yet: C02. Your reason: Withdrawn" in result.out


# -- a damaged file, and restore -----------------------------------------------------------------


@pytest.fixture
def damaged(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A session in a folder with a space in its name, saved with backups, then cut short."""
    monkeypatch.setattr(repository, "BACKUP_INTERVAL", 0.0)
    opened, _ = new_session(folder / "HR files", "Peer mentor")
    svc = opened.as_tool("test")
    for name in ("Ada One", "Bo Two", "Cy Three"):
        svc.add_candidate(name)
    opened.path.write_bytes(opened.path.read_bytes()[:80])
    return opened.path


@pytest.mark.parametrize("command", ["check", "open"])
def test_the_damaged_message_gives_a_command_that_puts_the_newest_good_backup_back(
    run_cli: RunCli, damaged: Path, command: str
) -> None:
    backup_path(damaged, 1).write_bytes(b"{")  # the newest backup is damaged too: backup 2 is the good one
    before = listing(damaged.parent)
    told = run_cli(command, damaged)
    assert told.code == 1
    assert f"The session file {damaged} is damaged" in told.err
    assert "Backup 2, from " in told.err and "is the newest good one" in told.err
    line = next(x for x in told.err.splitlines() if "panel-tui restore" in x)
    words = shlex.split(line)
    assert words == ["panel-tui", "restore", str(damaged), "--from", "2"]
    assert listing(damaged.parent) == before, f"'{command}' changes nothing"
    done = run_cli(*words[1:])
    assert done.code == 0, done.err
    assert names_in(damaged) == ["Ada One"]
    kept = [p for p in damaged.parent.iterdir() if p.name.startswith(f"{damaged.name}.damaged-")]
    assert len(kept) == 1 and kept[0].read_bytes() == before[damaged.name]
    assert f"kept beside it as {kept[0].name}" in done.out
    assert "is sound" in done.out
    assert SessionFile.open(damaged).audit_events()[-1].actor_name == "panel-tui restore"
    assert run_cli("check", damaged).code == 0


def test_restore_by_default_takes_the_newest_good_backup(run_cli: RunCli, damaged: Path) -> None:
    done = run_cli("restore", damaged)
    assert done.code == 0, done.err
    assert "Put backup 1 (taken on" in done.out
    assert names_in(damaged) == ["Ada One", "Bo Two"]


@pytest.mark.parametrize("number", ["0", "4", "3"])
def test_restore_from_a_backup_that_is_not_there_or_not_good_is_exit_2_and_changes_nothing(
    run_cli: RunCli, damaged: Path, number: str
) -> None:
    backup_path(damaged, 3).write_bytes(b"[]")
    before = listing(damaged.parent)
    result = run_cli("restore", damaged, "--from", number)
    assert result.code == 2, result.err
    assert "Nothing was changed" in result.err and "1 is good" in result.err
    assert listing(damaged.parent) == before


def test_restore_with_no_good_backup_is_exit_1_and_changes_nothing(run_cli: RunCli, damaged: Path) -> None:
    for n in (1, 2, 3):
        backup_path(damaged, n).write_bytes(b"")
    before = listing(damaged.parent)
    result = run_cli("restore", damaged)
    assert result.code == 1, result.err
    assert "No backup of" in result.err and "passes the checks" in result.err and "Nothing was changed" in result.err
    assert listing(damaged.parent) == before
    told = run_cli("check", damaged)
    assert "There is no good backup of it to put back" in told.err


def test_restore_over_a_sound_file_needs_force(run_cli: RunCli, damaged: Path) -> None:
    assert run_cli("restore", damaged).code == 0
    before = listing(damaged.parent)
    refused = run_cli("restore", damaged, "--from", "2")
    assert refused.code == 2
    assert "is not damaged" in refused.err and "--force" in refused.err
    assert listing(damaged.parent) == before
    forced = run_cli("restore", damaged, "--from", "2", "--force")
    assert forced.code == 0, forced.err
    assert "The file it replaced is kept beside it as" in forced.out
    assert names_in(damaged) == ["Ada One"]


def test_restore_help_says_what_it_does_in_plain_words(run_cli: RunCli) -> None:
    text = " ".join(run_cli("restore", "--help").out.split())
    for words in ("damaged", "FILE.1.bak is the newest", "nothing is deleted", "audit trail", "--force", "--from N"):
        assert words in text
