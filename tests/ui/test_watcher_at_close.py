"""The watcher may post once more while the app is closing: with no screen left, the message is dropped quietly."""

from __future__ import annotations

from panel_tui.ui.messages import SessionChanged

from .conftest import SIZE
from .helpers import settle


async def test_a_change_noticed_after_the_last_screen_closed_is_dropped(panel, app_for):
    app = app_for(panel.path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        stack = app._screen_stacks[app._current_mode]
        kept = list(stack)
        stack.clear()  # as at the end of the app's life, when the watcher's last message can still arrive
        try:
            app.on_session_changed(SessionChanged())  # before the fix: ScreenStackError("No screens on stack")
        finally:
            stack.extend(kept)
