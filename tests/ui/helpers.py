"""Steps many UI tests share: sign in as someone, open set-up."""

from __future__ import annotations

from textual.pilot import Pilot

from panel_tui.ui.screens.overview import OverviewScreen
from panel_tui.ui.screens.sign_in import SignInScreen


async def sign_in_as(pilot: Pilot[object], name: str) -> None:
    """From 'Who are you?', move to the person's name and press Enter."""
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, SignInScreen)
    names = [str(o.prompt) for o in screen.query_one("#people").options]
    index = next(i for i, n in enumerate(names) if n.startswith(name))
    await pilot.press(*(["down"] * index), "enter")
    await pilot.pause()


async def open_setup(pilot: Pilot[object], chair: str = "Sam Chair") -> None:
    await sign_in_as(pilot, chair)
    assert isinstance(pilot.app.screen, OverviewScreen)
    await pilot.press("s")
    await pilot.pause()
