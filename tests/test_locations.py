"""Where panel-tui finds question banks, and where it saves one (issue 11, point 10)."""

from __future__ import annotations

from pathlib import Path

import pytest

import panel_tui
from panel_tui.locations import QUESTIONS_ENV, bank_files, own_banks_dir, questions_dir, starter_banks_dir

STARTER_BANKS = {"peer-mentor-recovery.toml", "support-worker-learning-disability.toml", "volunteer-coordinator.toml"}


def test_the_starter_banks_are_inside_the_package() -> None:
    folder = starter_banks_dir()
    assert folder.is_relative_to(Path(panel_tui.__file__).parent)
    assert {p.name for p in bank_files(folder)} == STARTER_BANKS
    assert (folder / "README.md").is_file(), "the format is described beside the banks"


def test_banks_are_found_in_the_chosen_folder_then_your_own_then_the_starter_banks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(QUESTIONS_ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    assert questions_dir() == starter_banks_dir()

    (tmp_path / "questions").mkdir()
    assert questions_dir() == tmp_path / "questions"

    monkeypatch.setenv(QUESTIONS_ENV, str(tmp_path / "chosen"))
    assert questions_dir() == tmp_path / "chosen"


def test_a_saved_bank_never_goes_into_the_installed_starter_banks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(QUESTIONS_ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    assert own_banks_dir() == tmp_path / "questions"
    monkeypatch.setenv(QUESTIONS_ENV, str(tmp_path / "chosen"))
    assert own_banks_dir() == tmp_path / "chosen"
