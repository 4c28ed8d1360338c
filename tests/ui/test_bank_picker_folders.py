"""The app's bank picker lists your own banks first, and the starter banks stay listed.

Once a person has their own `questions/` folder (saving the agreed set
makes one), the starter banks used to disappear from the picker. It now
lists both, as `panel-tui questions list` does, and says which file the
chosen bank is.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Select

from panel_tui.locations import QUESTIONS_ENV, starter_banks_dir
from panel_tui.services import new_session
from panel_tui.store import SessionFile
from panel_tui.ui.screens.bank_import import BankImport
from panel_tui.ui.screens.questions import QuestionsScreen

from .conftest import SIZE, visible_text
from .helpers import settle, sign_in_as

OWN_BANK = """\
title = "Our own questions"

[[question]]
id = "why-here"
text = "Why do you want to work here?"

[[question]]
id = "a-hard-day"
text = "Tell us about a hard day."
"""


@pytest.fixture
def writing(sessions_dir: Path) -> Path:
    opened, chair = new_session(sessions_dir, "Support worker", chair_name="Sam Chair", chair_group="staff")
    opened.sign_in(chair.id).add_member("Dee Member", "member")
    return opened.path


@pytest.fixture
def own_banks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """panel-tui runs in a folder with its own `questions/` holding one bank."""
    monkeypatch.delenv(QUESTIONS_ENV, raising=False)
    here = tmp_path / "here"
    (here / "questions").mkdir(parents=True)
    (here / "questions" / "ours.toml").write_text(OWN_BANK)
    monkeypatch.chdir(here)
    return here / "questions"


async def _open_picker(pilot) -> None:  # type: ignore[no-untyped-def]
    await sign_in_as(pilot, "Sam Chair")
    await pilot.press("q")
    await settle(pilot)
    assert isinstance(pilot.app.screen, QuestionsScreen)
    await pilot.press("m")
    await settle(pilot)
    options = pilot.app.screen.query_one("#choices")
    options.highlighted = next(i for i in range(options.option_count) if options.get_option_at_index(i).id == "import_bank")
    await pilot.press("enter")
    await settle(pilot)
    await settle(pilot)
    assert isinstance(pilot.app.screen, BankImport)


async def test_own_banks_come_first_and_the_starter_banks_stay(writing, app_for, own_banks):
    app = app_for(writing)
    async with app.run_test(size=SIZE) as pilot:
        await _open_picker(pilot)
        assert "File: questions/ours.toml" in " ".join(visible_text(app).split()), "your own bank, by its file from here"
        app.screen.query_one("#bank", Select).focus()
        await pilot.press("enter")
        await settle(pilot)
        overlay = app.screen.query_one("SelectOverlay")
        listed = [str(overlay.get_option_at_index(i).prompt) for i in range(overlay.option_count)]
        assert listed[:2] == [
            "Yours: Our own questions (2 questions)",
            "Starter: Peer mentor in a recovery community (10 questions)",
        ]
        assert len(listed) == 4 and all(line.startswith("Starter: ") for line in listed[1:])


async def test_a_starter_bank_is_imported_though_you_have_banks_of_your_own(writing, app_for, own_banks):
    app = app_for(writing)
    async with app.run_test(size=SIZE) as pilot:
        await _open_picker(pilot)
        bank = app.screen.query_one("#bank", Select)
        bank.value = str(starter_banks_dir() / "volunteer-coordinator.toml")
        await settle(pilot)
        assert "Comes with panel-tui: volunteer-coordinator.toml" in " ".join(visible_text(app).split())
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, QuestionsScreen)
    assert len(SessionFile.open(writing).state().questions) == 10
