"""The app's damaged-file message names the newest good backup and the exact command to put it back."""

from __future__ import annotations

import shlex

from panel_tui.store import repository
from panel_tui.ui.screens.session_list import SessionListScreen

from .conftest import SIZE, make_panel
from .helpers import settle


async def test_opening_a_damaged_session_says_which_backup_to_put_back_and_how(sessions_dir, app_for, monkeypatch):
    monkeypatch.setattr(repository, "BACKUP_INTERVAL", 0.0)
    panel = make_panel(sessions_dir)
    damaged = panel.path
    damaged.write_bytes(damaged.read_bytes()[:70])
    before = damaged.read_bytes()
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SessionListScreen)
        message = next(n.message for n in app._notifications if "is damaged" in n.message)
    assert message.startswith(f"The session file {damaged} is damaged")
    assert "Backup 1, from " in message and "is the newest good one" in message
    command = next(line for line in message.splitlines() if "panel-tui restore" in line)
    assert shlex.split(command) == ["panel-tui", "restore", str(damaged.absolute()), "--from", "1"]
    assert damaged.read_bytes() == before
