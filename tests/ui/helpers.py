"""Steps many UI tests share: sign in as someone, open set-up."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot

from panel_tui.ui.screens.overview import OverviewScreen
from panel_tui.ui.screens.sign_in import SignInScreen


async def wait_for(pilot: Pilot[object], ready: Callable[[], bool], seconds: float = 10.0) -> None:
    """Let the app run until `ready()` (opening a file and signing in happen off the event loop)."""
    deadline = time.monotonic() + seconds
    while not ready():
        if time.monotonic() > deadline:
            raise AssertionError(f"the app did not get there in {seconds:g} s (on {type(pilot.app.screen).__name__})")
        await pilot.pause(0.02)


async def sign_in_as(pilot: Pilot[object], name: str) -> None:
    """From 'Who are you?', move to the person's name and press Enter."""
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, SignInScreen) and pilot.app.screen.people != {})
    screen = pilot.app.screen
    assert isinstance(screen, SignInScreen)
    names = [str(o.prompt) for o in screen.query_one("#people").options]
    index = next(i for i, n in enumerate(names) if n.startswith(name))
    await pilot.press(*(["down"] * (index + 1)), "enter")  # nobody is highlighted at first
    await settle(pilot)
    await wait_for(pilot, lambda: not isinstance(pilot.app.screen, SignInScreen))


async def open_setup(pilot: Pilot[object], chair: str = "Sam Chair") -> None:
    await sign_in_as(pilot, chair)
    assert isinstance(pilot.app.screen, OverviewScreen)
    await pilot.press("u")
    await pilot.pause()


async def start_scoring(pilot: Pilot[object], name: str, agree_briefing: bool = True) -> None:
    """Sign in, press S for Score, Enter on the first candidate, confirm the briefing."""
    from panel_tui.ui.screens.briefing import BriefingScreen

    await sign_in_as(pilot, name)
    await pilot.press("s")
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    if agree_briefing and isinstance(pilot.app.screen, BriefingScreen):
        await pilot.press("y")
        await pilot.pause()


async def settle(pilot: Pilot[object]) -> None:
    """Wait until every queued save is on disk and its message handled."""
    pilot.app.saves.drain()  # type: ignore[attr-defined]
    await pilot.pause()
    await pilot.pause()


SAVE_ONCE = (
    "import sys\n"
    "from panel_tui.services import OpenedSession\n"
    "OpenedSession.open(sys.argv[1]).as_tool('other terminal').add_candidate('Bo Lee')\n"
)
"""Another terminal's one change to a session: a process of its own, taking the lock as any terminal would."""


async def stays_open_while_busy(pilot: Pilot[object], path: Path, key: str, busy: Callable[[], bool], what: str) -> None:
    """Press `key` to start slow work in a worker; while it runs, another terminal saves and F1 answers.

    The work holds no lock and never waits on the event loop, so neither has to wait for it.
    """
    from panel_tui.ui.screens.help import HelpScreen

    await pilot.press(key)
    await wait_for(pilot, busy)
    other = subprocess.run([sys.executable, "-c", SAVE_ONCE, str(path)], capture_output=True, text=True, timeout=60)
    assert other.returncode == 0, other.stderr
    assert busy(), f"{what} is still running: another terminal saved during it, without waiting"
    await pilot.press("f1")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, HelpScreen), seconds=5)
    assert busy(), f"F1 answered while {what} was still running"
    await pilot.press("escape")
    await wait_for(pilot, lambda: not busy(), seconds=60)
    await settle(pilot)
