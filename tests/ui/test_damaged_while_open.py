"""A session file damaged while it is open: the app's message names the backup to put back, and how.

Opening a damaged file already says so (test_damaged_advice.py); a file
that goes bad while people are working in it must give the same advice,
not only the bare reason.
"""

from __future__ import annotations

import shlex
from pathlib import Path

from panel_tui.store import repository

from .conftest import SIZE, make_panel
from .helpers import settle, sign_in_as, wait_for

TITLE = "The session file cannot be read"


async def _message_after_damage(sessions_dir, app_for, monkeypatch) -> tuple[Path, str]:  # type: ignore[no-untyped-def]
    """Open the session, sign in, damage the file from outside; the app's notification about it."""
    monkeypatch.setattr(repository, "BACKUP_INTERVAL", 0.0)
    panel = make_panel(sessions_dir)  # every save leaves a backup
    path = panel.path
    app = app_for(path)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_as(pilot, "Dee Member")
        await settle(pilot)
        path.write_bytes(path.read_bytes()[:70])

        await wait_for(pilot, lambda: any(n.title == TITLE for n in app._notifications))

        return path, next(n.message for n in app._notifications if n.title == TITLE)


async def test_a_file_damaged_while_open_says_which_backup_to_put_back_and_how(sessions_dir, app_for, monkeypatch):
    path, message = await _message_after_damage(sessions_dir, app_for, monkeypatch)
    assert message.startswith(f"The session file {path} is damaged")
    assert "Backup 1, from " in message and "is the newest good one" in message
    command = next(line for line in message.splitlines() if "panel-tui restore" in line)
    assert shlex.split(command)[:5] == ["panel-tui", "restore", str(path.absolute()), "--from", "1"]
    assert "Nothing more will be saved to it" in message


async def test_the_restore_command_is_a_line_of_its_own_that_runs_as_it_is(sessions_dir, app_for, monkeypatch):
    path, message = await _message_after_damage(sessions_dir, app_for, monkeypatch)
    command = next(line for line in message.splitlines() if "panel-tui restore" in line)
    assert shlex.split(command) == ["panel-tui", "restore", str(path.absolute()), "--from", "1"]
