"""Keys typed faster than the screen draws, as a browser tab sends them: Down, Down, Enter chooses the second name."""

from __future__ import annotations

import pytest
from textual import events

from panel_tui.ui.screens.overview import OverviewScreen
from panel_tui.ui.screens.sign_in import SignInScreen

from .conftest import SIZE
from .helpers import wait_for


@pytest.mark.xfail(
    strict=True,
    reason=(
        "Known, left for later: Enter is a priority key on 'Who are you?', so it acts before arrows typed in the "
        "same instant have moved the list ('First move to your own name...'). Nobody is signed in as someone "
        "else: the PIN box names the person. Making Enter a normal key changes the footer and the lock tests."
    ),
)
async def test_enter_typed_in_the_same_instant_as_the_arrows_signs_in_the_name_they_reached(panel, app_for):
    app = app_for(panel.path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, SignInScreen) and app.screen.people != {})
        screen = app.screen
        names = [str(o.prompt).split("  (")[0] for o in screen.query_one("#people").options]
        for key in ("down", "down", "enter"):  # all at once, nothing waited for in between
            app.post_message(events.Key(key, "\r" if key == "enter" else None))
        await wait_for(pilot, lambda: isinstance(app.screen, OverviewScreen))
        assert app.service is not None and app.service.actor.name == names[1]
