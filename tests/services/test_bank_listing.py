"""Which question banks exist: your own first, then the starter banks, and a bank found by its name.

Once a person has their own `questions/` folder the starter banks must not
disappear: the CLI (`panel-tui questions list`) and the app's bank picker
both list what `services.banks.find_banks` finds.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from panel_tui.locations import QUESTIONS_ENV, starter_banks_dir
from panel_tui.services import BankError
from panel_tui.services.banks import bank_folders, bank_named, find_banks

STARTER = starter_banks_dir()
STARTER_NAMES = ["peer-mentor-recovery", "support-worker-learning-disability", "volunteer-coordinator"]
OWN_BANK = """\
title = "Our peer mentor questions"

[[question]]
id = "why-here"
text = "Why do you want to work here?"
"""


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The folder panel-tui runs in, with no PANEL_TUI_QUESTIONS_DIR."""
    monkeypatch.delenv(QUESTIONS_ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_with_no_folder_of_your_own_only_the_starter_banks_are_listed(here: Path) -> None:
    assert bank_folders() == [STARTER]
    found = find_banks()
    assert [b.name for b in found] == STARTER_NAMES
    assert all(b.starter and b.folder == STARTER and b.bank is not None and not b.problem for b in found)
    assert [len(b.bank.questions) for b in found if b.bank] == [10, 10, 10]


def test_your_own_banks_come_first_and_the_starter_banks_stay(here: Path) -> None:
    own = here / "questions"
    own.mkdir()
    (own / "ours.toml").write_text(OWN_BANK)
    assert bank_folders() == [own, STARTER]
    found = find_banks()
    assert [(b.name, b.folder, b.starter) for b in found] == [("ours", own, False)] + [
        (name, STARTER, True) for name in STARTER_NAMES
    ]
    assert found[0].bank is not None and found[0].bank.title == "Our peer mentor questions"


def test_an_empty_folder_of_your_own_still_lists_the_starter_banks(here: Path) -> None:
    (here / "questions").mkdir()
    assert [b.name for b in find_banks()] == STARTER_NAMES


def test_the_chosen_folder_comes_first_and_the_starter_banks_are_not_listed_twice(
    here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(QUESTIONS_ENV, str(here / "chosen"))
    assert bank_folders() == [here / "chosen", STARTER]
    monkeypatch.setenv(QUESTIONS_ENV, str(STARTER))
    assert bank_folders() == [STARTER]
    assert [b.name for b in find_banks()] == STARTER_NAMES


def test_a_bank_that_cannot_be_read_is_listed_with_its_problem_and_the_others_still_are(here: Path) -> None:
    own = here / "questions"
    own.mkdir()
    (own / "broken.toml").write_text("title = \n")
    found = find_banks()
    assert found[0].name == "broken" and found[0].bank is None
    assert "broken.toml" in found[0].problem
    assert [b.name for b in found[1:]] == STARTER_NAMES


def test_a_bank_is_found_by_its_name_your_own_first(here: Path) -> None:
    assert bank_named("peer-mentor-recovery") == STARTER / "peer-mentor-recovery.toml"
    assert bank_named("peer-mentor-recovery.toml") == STARTER / "peer-mentor-recovery.toml"
    own = here / "questions"
    own.mkdir()
    shutil.copy(STARTER / "peer-mentor-recovery.toml", own / "peer-mentor-recovery.toml")
    assert bank_named("peer-mentor-recovery") == own / "peer-mentor-recovery.toml"


def test_a_path_is_still_a_path(here: Path) -> None:
    elsewhere = here / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "ours.toml").write_text(OWN_BANK)
    assert bank_named(elsewhere / "ours.toml") == elsewhere / "ours.toml"
    assert bank_named("elsewhere/ours.toml") == Path("elsewhere/ours.toml")
    (here / "volunteer-coordinator.toml").write_text(OWN_BANK)
    assert bank_named("volunteer-coordinator.toml") == Path("volunteer-coordinator.toml"), "a file here wins"


def test_an_unknown_name_says_which_banks_there_are(here: Path) -> None:
    with pytest.raises(BankError) as raised:
        bank_named("peer-mentor")
    message = str(raised.value)
    assert "There is no question bank called 'peer-mentor'" in message
    for name in STARTER_NAMES:
        assert name in message
    assert "Traceback" not in message
