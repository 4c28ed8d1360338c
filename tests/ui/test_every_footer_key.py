"""Every key in a screen's footer does something there, or says why not (issue 11, "keys tell the truth").

For each screen a person reaches in the demo round (as a member, the chair
and HR), the test presses each key the footer shows, one at a time, and
checks that something a person can see changed: another screen or dialog,
different words on the screen, a message, the focus or the colours. A key
that does nothing, silently, fails the test and is named.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.app import App

from panel_tui.services import OpenedSession
from panel_tui.services.demo import ensure_demo
from panel_tui.ui.app import make_app
from panel_tui.ui.screens.briefing import BriefingScreen

from .conftest import SIZE, visible_text
from .helpers import settle, sign_in_as, wait_for

Reach = Callable[[Any], Awaitable[None]]
APP_WIDE = {"ctrl+q"}
"""Quitting ends the test's app: it is checked by its own tests."""


async def _member_overview(pilot: Any) -> None:
    await sign_in_as(pilot, "Dee Morgan")


async def _chair_overview(pilot: Any) -> None:
    await sign_in_as(pilot, "Priya Shah")


async def _hr_overview(pilot: Any) -> None:
    await sign_in_as(pilot, "Hana Jones")


async def _keys(pilot: Any, *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


async def _scoring(pilot: Any) -> None:
    await _member_overview(pilot)
    await _keys(pilot, "s", "enter")
    if isinstance(pilot.app.screen, BriefingScreen):
        await _keys(pilot, "y")


async def _sheet(pilot: Any) -> None:
    await _scoring(pilot)
    await _keys(pilot, "v")


async def _member_questions(pilot: Any) -> None:
    await _member_overview(pilot)
    await _keys(pilot, "q")


async def _chair_questions(pilot: Any) -> None:
    await _chair_overview(pilot)
    await _keys(pilot, "q")


async def _reconcile(pilot: Any) -> None:
    await _chair_overview(pilot)
    await _keys(pilot, "r", "enter")


async def _setup(pilot: Any) -> None:
    await _chair_overview(pilot)
    await _keys(pilot, "u")


async def _export(pilot: Any) -> None:
    await _hr_overview(pilot)
    await _keys(pilot, "e")


async def _sign_in(pilot: Any) -> None:
    await wait_for(pilot, lambda: type(pilot.app.screen).__name__ == "SignInScreen")


SCREENS: dict[str, Reach] = {
    "sign-in": _sign_in,
    "member overview": _member_overview,
    "chair overview": _chair_overview,
    "HR overview": _hr_overview,
    "scoring": _scoring,
    "sheet": _sheet,
    "member questions": _member_questions,
    "chair questions": _chair_questions,
    "reconcile": _reconcile,
    "set-up": _setup,
    "export": _export,
}


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    path, _ = ensure_demo(folder)
    chair = next(p for p in OpenedSession.open(path).who_are_you().people if p.name == "Priya Shah")
    OpenedSession.open(path).sign_in(chair.id).add_member("Hana Jones", "staff", role="observer")
    return path


def _fresh_copy(template: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for source in template.parent.iterdir():
        if source.name.startswith(template.stem) and not source.name.endswith((".lock", ".turns")):
            (folder / source.name).write_bytes(source.read_bytes())
    return folder / template.name


def _footer_keys(app: App[object]) -> list[tuple[str, str]]:
    """(key, label) of each key the footer shows, Done/Back (which leave the screen) last."""
    shown = []
    for key, active in app.screen.active_bindings.items():
        binding = active.binding
        if binding.show and binding.description and key not in APP_WIDE:
            shown.append((key, binding.description))
    return sorted(shown, key=lambda item: item[0] == "escape")


def _seen(app: App[object]) -> tuple[object, ...]:
    return (
        id(app.screen), len(app.screen_stack), visible_text(app), len(app._notifications),
        id(app.focused), app.theme,
    )


@pytest.mark.timeout(300)
@pytest.mark.parametrize("where", list(SCREENS))
async def test_every_key_in_the_footer_does_something_or_says_why_not(
    where: str, demo_template: Path, tmp_path: Path
) -> None:
    reach = SCREENS[where]
    silent: list[str] = []
    pressed: set[str] = set()
    attempt = 0
    while True:
        attempt += 1
        path = _fresh_copy(demo_template, tmp_path / f"try-{attempt}")
        app = make_app(sessions_dir=path.parent, session_path=path, settings_file=tmp_path / "settings.json")
        async with app.run_test(size=SIZE) as pilot:
            await reach(pilot)
            await settle(pilot)
            home = app.screen
            keys = [(k, label) for k, label in _footer_keys(app) if k not in pressed]
            if not keys:
                break
            for key, label in keys:
                pressed.add(key)
                before = _seen(app)
                await pilot.press(key)
                await settle(pilot)
                await pilot.pause(0.1)
                if _seen(app) == before:
                    silent.append(f"{key} ({label})")
                    continue
                for _ in range(3):  # back to the screen under test, if the key opened another
                    if app.screen is home or home not in app.screen_stack:
                        break
                    await pilot.press("escape")
                    await settle(pilot)
                if app.screen is home and key != "escape" and id(app.focused) != before[4]:
                    await pilot.press("escape")  # out of the box the key moved into (a note), as a person would
                    await settle(pilot)
                if app.screen is not home:
                    break  # the key left the screen: start again from a fresh copy for the keys left
            else:
                break
    assert not silent, f"on the {where} screen these footer keys did nothing and said nothing: {', '.join(silent)}"
