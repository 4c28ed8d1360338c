"""Every screen and dialog as a picture, at 80x24, in the default and the high-contrast theme (issue 11).

Each picture is reached as a person reaches it, on a copy of the demo round
(plus HR, and a round with PINs for the PIN prompt). The scoring screen, the
sheet and the question form are also taken at 60x20 (a magnifier user's
screen): see test_snapshots.py. Pilot cannot see a box with no height or a
label cut off; these pictures can, so look at each new one as a picture
(`../shared/tools/svg-to-png FILE.svg`) before accepting it with
`pytest tests/ui/test_snapshots_every_screen.py --snapshot-update`.
"""

from __future__ import annotations

import random
import shutil
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any
from unittest import mock

import pytest

from panel_tui.domain import models
from panel_tui.services import OpenedSession, new_session
from panel_tui.services.demo import ensure_demo
from panel_tui.ui.app import make_app

from .helpers import settle, sign_in_as, wait_for

Steps = Callable[[Any], Awaitable[None]]
THEMES = ["dark", "high-contrast"]


async def keys(pilot: Any, *pressed: str) -> None:
    for key in pressed:
        await pilot.press(key)
        await settle(pilot)


def signed_in(name: str, *pressed: str) -> Steps:
    async def steps(pilot: Any) -> None:
        await sign_in_as(pilot, name)
        await keys(pilot, *pressed)

    return steps


def back_from_resume(name: str, *pressed: str) -> Steps:
    """Someone with an unfinished sheet lands back on it after signing in: go back to the overview first."""

    async def steps(pilot: Any) -> None:
        await sign_in_as(pilot, name)
        await wait_for(pilot, lambda: type(pilot.app.screen).__name__ == "ScoringScreen")
        await keys(pilot, "escape", "escape")
        await wait_for(pilot, lambda: type(pilot.app.screen).__name__ == "OverviewScreen")
        pilot.app.clear_notifications()
        await keys(pilot, *pressed)

    return steps


async def at_sign_in(pilot: Any) -> None:
    await wait_for(pilot, lambda: type(pilot.app.screen).__name__ == "SignInScreen")


async def at_session_list(pilot: Any) -> None:
    await wait_for(pilot, lambda: type(pilot.app.screen).__name__ == "SessionListScreen")
    await settle(pilot)


async def new_session_form(pilot: Any) -> None:
    await at_session_list(pilot)
    await keys(pilot, "n")


async def help_on_scoring(pilot: Any) -> None:
    await signed_in("Marcus Bell", "s", "enter", "y", "f1")(pilot)


async def submit_confirm(pilot: Any) -> None:
    await signed_in("Marcus Bell", "s", "enter", "y", *"3213421", "s")(pilot)


SCREENS: dict[str, tuple[Steps, bool]] = {
    # name: (steps from a fresh app, opens the demo file at once)
    "session list": (at_session_list, False),
    "new session": (new_session_form, False),
    "sign in": (at_sign_in, True),
    "overview, member": (signed_in("Dee Morgan"), True),
    "overview, HR": (signed_in("Hana Jones"), True),
    "candidate picker": (signed_in("Marcus Bell", "s"), True),
    "paper sheet": (signed_in("Hana Jones", "s", "enter", "enter"), True),
    "submit, are you sure": (submit_confirm, True),
    "paper sheet, whose": (signed_in("Hana Jones", "s"), True),
    "declare a conflict": (signed_in("Marcus Bell", "s", "d"), True),
    "questions, member": (signed_in("Dee Morgan", "q"), True),
    "questions, chair": (signed_in("Priya Shah", "q"), True),
    "chair's question menu": (signed_in("Priya Shah", "q", "m"), True),
    "improve a question": (back_from_resume("Vic Taylor", "q", "e"), True),
    "comment on a question": (back_from_resume("Vic Taylor", "q", "c"), True),
    "agree scores, pick a candidate": (signed_in("Priya Shah", "r"), True),
    "agree scores": (signed_in("Priya Shah", "r", "enter"), True),
    "agreed score": (signed_in("Priya Shah", "r", "enter", "enter"), True),
    "notes for a question": (signed_in("Priya Shah", "r", "enter", "n"), True),
    "whose voice carried": (signed_in("Priya Shah", "r", "enter", "v"), True),
    "sign off": (signed_in("Priya Shah", "r", "enter", "s"), True),
    "outcome": (signed_in("Priya Shah", "r", "enter", "o"), True),
    "missing sheets": (signed_in("Priya Shah", "r", "down", "enter"), True),
    "results": (signed_in("Priya Shah", "r", "t"), True),
    "set-up, details": (signed_in("Priya Shah", "u"), True),
    "set-up, scale": (signed_in("Priya Shah", "u", "f3"), True),
    "set-up, panel": (signed_in("Priya Shah", "u", "f4"), True),
    "set-up, candidates": (signed_in("Priya Shah", "u", "f5"), True),
    "add a panel member": (signed_in("Priya Shah", "u", "f4", "a"), True),
    "add a candidate": (signed_in("Priya Shah", "u", "f5", "a"), True),
    "export": (signed_in("Hana Jones", "e"), True),
    "help": (help_on_scoring, True),
}


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo round with the same ids every run.

    Ids are random, and the agree-scores grid letters panel members by id
    (so the letters say nothing about who is who); a picture of it must
    have the same ids each time.
    """
    folder = tmp_path_factory.mktemp("demo")
    same_every_run = random.Random(2026)
    with mock.patch("secrets.token_hex", lambda n: f"{same_every_run.getrandbits(8 * n):0{2 * n}x}"):
        path, _ = ensure_demo(folder)
        opened = OpenedSession.open(path)
        chair = next(p for p in opened.who_are_you().people if p.name == "Priya Shah")
        opened.sign_in(chair.id).add_member("Hana Jones", "staff", role="observer")
    return folder


@pytest.fixture
def app_at(demo_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """An app on a fresh copy of the demo, run from the folder that holds it: the paths it shows are the same every run."""
    monkeypatch.chdir(tmp_path)

    def build(opens_file: bool, theme: str):  # type: ignore[no-untyped-def]
        folder = Path("sessions")
        shutil.copytree(demo_folder, folder, ignore=shutil.ignore_patterns("*.lock", "*.turns"))
        settings = tmp_path / "settings.json"
        settings.write_text(f'{{"theme": "{theme}"}}')
        session = next(folder.glob("*.json")) if opens_file else None
        return make_app(sessions_dir=folder, session_path=session, settings_file=settings)

    return build


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("screen", list(SCREENS))
def test_every_screen_at_80x24(app_at, snap_compare, screen: str, theme: str) -> None:  # type: ignore[no-untyped-def]
    steps, opens_file = SCREENS[screen]
    assert snap_compare(app_at(opens_file, theme), terminal_size=(80, 24), run_before=steps)


@pytest.mark.parametrize("theme", THEMES)
def test_the_confidentiality_statement(sessions_dir: Path, tmp_path: Path, snap_compare, theme: str) -> None:  # type: ignore[no-untyped-def]
    """What a panel member sees before their first score: a round of their own, as nobody in the demo is new."""
    opened, chair = new_session(sessions_dir, "Support worker", chair_name="Sam Chair", chair_group="staff")
    assert chair is not None
    svc = opened.sign_in(chair.id)
    svc.add_member("Dee Member", "member")
    svc.add_candidate("Alex Kim")
    question = svc.propose_question("Tell us about a time you supported someone.")
    svc.set_question_status(question.id, "agreed")
    svc.lock_questions()
    settings = tmp_path / "settings.json"
    settings.write_text(f'{{"theme": "{theme}"}}')
    app = make_app(sessions_dir=sessions_dir, session_path=opened.path, settings_file=settings)
    assert snap_compare(app, terminal_size=(80, 24), run_before=signed_in("Dee Member", "s", "enter"))


@pytest.mark.parametrize("theme", THEMES)
def test_the_pin_prompt(sessions_dir: Path, tmp_path: Path, snap_compare, theme: str) -> None:  # type: ignore[no-untyped-def]
    opened, chair = new_session(sessions_dir, "Support worker", chair_name="Sam Chair", chair_group="staff")
    assert chair is not None
    opened.sign_in(chair.id).edit_member(chair.id, pin="2468")
    settings = tmp_path / "settings.json"
    settings.write_text(f'{{"theme": "{theme}"}}')
    app = make_app(sessions_dir=sessions_dir, session_path=opened.path, settings_file=settings)

    async def steps(pilot: Any) -> None:
        await wait_for(pilot, lambda: type(pilot.app.screen).__name__ == "SignInScreen")
        await keys(pilot, "down", "enter")

    assert snap_compare(app, terminal_size=(80, 24), run_before=steps)


def _writing_round(folder: Path) -> Path:
    """A round still writing its questions (the demo's set is locked): a chair, a volunteer, one proposed question."""
    opened, chair = new_session(folder, "Support worker", chair_name="Sam Chair", chair_group="staff")
    assert chair is not None
    svc = opened.sign_in(chair.id)
    volunteer = svc.add_member("Vic Volunteer", "volunteer")
    opened.sign_in(volunteer.id).propose_question("How do you make someone feel welcome on their first day?")
    return opened.path


WRITING: dict[str, Steps] = {
    "improve a question": signed_in("Vic Volunteer", "q", "e"),
    "import from a question bank": signed_in("Sam Chair", "q", "m", *["down"] * 5, "enter"),
    "copy another session's questions": signed_in("Sam Chair", "q", "m", *["down"] * 6, "enter"),
}


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("screen", list(WRITING))
def test_writing_the_questions(demo_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, snap_compare, screen: str, theme: str) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    folder = Path("sessions")
    shutil.copytree(demo_folder, folder, ignore=shutil.ignore_patterns("*.lock", "*.turns"))  # another session to copy from
    path = _writing_round(folder)
    settings = tmp_path / "settings.json"
    settings.write_text(f'{{"theme": "{theme}"}}')
    app = make_app(sessions_dir=folder, session_path=path, settings_file=settings)
    assert snap_compare(app, terminal_size=(80, 24), run_before=WRITING[screen])


class _AtTenPastNine(datetime):
    """The clock of "the other terminal", so the picture says the same time every run."""

    @classmethod
    def now(cls, tz: tzinfo | None = None) -> datetime:  # type: ignore[override]
        return datetime(2026, 12, 3, 9, 10, tzinfo=UTC).astimezone(tz) if tz else datetime(2026, 12, 3, 9, 10)


@pytest.mark.parametrize("theme", THEMES)
def test_someone_else_changed_it_meanwhile(app_at, snap_compare, monkeypatch: pytest.MonkeyPatch, theme: str) -> None:  # type: ignore[no-untyped-def]
    """The chair edits Dee while another terminal renames her: both versions are shown and the chair chooses."""
    monkeypatch.setenv("TZ", "UTC")  # the time is shown as local time
    time.tzset()
    app = app_at(True, theme)

    async def steps(pilot: Any) -> None:
        await signed_in("Priya Shah", "u", "f4")(pilot)
        table = pilot.app.screen.query_one("#members")
        opened = OpenedSession.open(pilot.app.opened.path)
        people = {p.name: p.id for p in opened.who_are_you().people}
        table.move_cursor(row=table.get_row_index(people["Dee Morgan"]))
        await keys(pilot, "e")
        pilot.app.screen.query_one("#access").value = "Large print"
        with mock.patch.object(models, "datetime", _AtTenPastNine):
            opened.sign_in(people["Priya Shah"]).edit_member(people["Dee Morgan"], name="Dee Morgan-Hall")
        await keys(pilot, "ctrl+s")
        await wait_for(pilot, lambda: type(pilot.app.screen).__name__ == "ChangedElsewhereScreen")

    assert snap_compare(app, terminal_size=(80, 24), run_before=steps)
