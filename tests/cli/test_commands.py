"""The `panel-tui` command: help, new, check, open, and where files go."""

from __future__ import annotations

from pathlib import Path

import pytest

from panel_tui import __version__
from panel_tui.domain.models import Group, Role
from panel_tui.locations import SESSIONS_ENV
from panel_tui.store import SessionFile
from tests.folders import folder_bytes

from .conftest import RunCli, without_sessions_env

ALTERNATE_SCREEN = "\x1b[?1049h"
"""What a full-screen app writes first: its absence shows the UI never started."""


# Help and version ------------------------------------------------------------


def test_help_names_every_command(run_cli: RunCli) -> None:
    result = run_cli("--help")
    assert result.code == 0
    for command in ("open", "demo", "new", "check", "--sessions-dir"):
        assert command in result.out
    assert "volunteers, members and staff" in result.out


def test_each_command_has_its_own_help(run_cli: RunCli) -> None:
    result = run_cli("new", "--help")
    assert result.code == 0
    assert "--vacancy" in result.out and "--chair-group" in result.out


def test_version(run_cli: RunCli) -> None:
    result = run_cli("--version")
    assert result.code == 0
    assert result.out.strip() == f"panel-tui {__version__}"


def test_an_unknown_command_is_a_usage_error(run_cli: RunCli) -> None:
    result = run_cli("frobnicate")
    assert result.code == 2
    assert "invalid choice" in result.err


# new -------------------------------------------------------------------------


def test_new_creates_a_session_with_its_chair(run_cli: RunCli, folder: Path) -> None:
    result = run_cli(
        "--sessions-dir",
        folder,
        "new",
        "--vacancy",
        "Peer mentor",
        "--organisation",
        "Harbour Recovery Community",
        "--chair",
        "Dee Morgan",
        "--chair-group",
        "member",
    )
    assert result.code == 0, result.err
    path = folder / "peer-mentor.json"
    assert f"Created {path}" in result.out
    assert f"panel-tui open {path}" in result.out
    state = SessionFile.open(path).state()
    assert state.session.vacancy == "Peer mentor"
    assert state.session.organisation == "Harbour Recovery Community"
    [chair] = state.members
    assert (chair.name, chair.group, chair.role) == ("Dee Morgan", Group.MEMBER, Role.CHAIR)
    assert run_cli("check", path).code == 0


def test_new_picks_a_free_name_rather_than_overwrite(run_cli: RunCli, folder: Path) -> None:
    assert run_cli("--sessions-dir", folder, "new", "--vacancy", "Peer mentor").code == 0
    first = (folder / "peer-mentor.json").read_bytes()
    result = run_cli("--sessions-dir", folder, "new", "--vacancy", "Peer mentor")
    assert result.code == 0
    assert (folder / "peer-mentor-2.json").exists()
    assert (folder / "peer-mentor.json").read_bytes() == first


def test_new_without_a_vacancy_and_no_terminal_asks_plainly(run_cli: RunCli, folder: Path) -> None:
    result = run_cli("--sessions-dir", folder, "new")
    assert result.code == 2
    assert "Please give the vacancy" in result.err
    assert "panel-tui new --vacancy" in result.err
    assert not folder.exists() or not any(folder.iterdir())


def test_new_with_a_blank_vacancy_is_refused_plainly(run_cli: RunCli, folder: Path) -> None:
    result = run_cli("--sessions-dir", folder, "new", "--vacancy", "   ")
    assert result.code != 0
    assert "vacancy" in result.err.lower()
    assert not folder.exists() or not list(folder.glob("*.json"))


def test_new_onto_an_existing_file_fails_plainly_and_changes_nothing(run_cli: RunCli, folder: Path) -> None:
    assert run_cli("--sessions-dir", folder, "new", "--vacancy", "Peer mentor").code == 0
    path = folder / "peer-mentor.json"
    before = folder_bytes(folder)
    result = run_cli("--sessions-dir", folder, "new", "--vacancy", "Cook", "--file", path)
    assert result.code != 0
    assert "already exists" in result.err and str(path) in result.err
    assert folder_bytes(folder) == before


def test_new_with_an_unknown_group_is_a_usage_error(run_cli: RunCli, folder: Path) -> None:
    result = run_cli(
        "--sessions-dir", folder, "new", "--vacancy", "Cook", "--chair", "Sam", "--chair-group", "boss"
    )
    assert result.code == 2
    assert "volunteer" in result.err and "member" in result.err and "staff" in result.err


# Where session files go -------------------------------------------------------


def test_the_environment_variable_chooses_the_folder(run_cli: RunCli, tmp_path: Path) -> None:
    from_env = tmp_path / "from-env"
    result = run_cli("new", "--vacancy", "Cook", env={SESSIONS_ENV: str(from_env)})
    assert result.code == 0, result.err
    assert (from_env / "cook.json").exists()


def test_the_option_wins_over_the_environment_variable(run_cli: RunCli, tmp_path: Path, folder: Path) -> None:
    from_env = tmp_path / "from-env"
    result = run_cli("--sessions-dir", folder, "new", "--vacancy", "Cook", env={SESSIONS_ENV: str(from_env)})
    assert result.code == 0, result.err
    assert (folder / "cook.json").exists()
    assert not from_env.exists()


def test_without_option_or_variable_sessions_go_in_the_current_folder(
    run_cli: RunCli, cwd_of_runs: Path
) -> None:
    result = run_cli("new", "--vacancy", "Cook", env=without_sessions_env())
    assert result.code == 0, result.err
    assert (cwd_of_runs / "sessions" / "cook.json").exists()


@pytest.mark.parametrize("command", [["new", "--vacancy", "Cook"], ["demo", "--create-only"]])
def test_a_folder_that_cannot_be_written_gives_a_plain_message(
    run_cli: RunCli, tmp_path: Path, command: list[str]
) -> None:
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not a folder")
    result = run_cli("--sessions-dir", a_file / "sessions", *command)
    assert result.code != 0
    assert "Cannot save in" in result.err and "--sessions-dir" in result.err
    assert a_file.read_text() == "not a folder"


def test_a_sessions_folder_that_is_a_file_gives_a_plain_message(run_cli: RunCli, tmp_path: Path) -> None:
    a_file = tmp_path / "sessions"
    a_file.write_text("not a folder")
    result = run_cli("--sessions-dir", a_file, "demo", "--create-only")
    assert result.code != 0
    assert f"Cannot save in {a_file}" in result.err and "it is a file, not a folder" in result.err
    assert a_file.read_text() == "not a folder"


# check -----------------------------------------------------------------------


@pytest.fixture
def sound_file(run_cli: RunCli, folder: Path) -> Path:
    assert (
        run_cli("--sessions-dir", folder, "new", "--vacancy", "Peer mentor", "--chair", "Priya Shah").code
        == 0
    )
    return folder / "peer-mentor.json"


def test_check_a_sound_file(run_cli: RunCli, sound_file: Path) -> None:
    before = folder_bytes(sound_file.parent)
    result = run_cli("check", sound_file)
    assert result.code == 0
    assert f"{sound_file} is sound" in result.out
    assert "'Peer mentor', 1 panel members" in result.out
    assert folder_bytes(sound_file.parent) == before


DAMAGE = {
    "truncated": lambda good: good[: len(good) // 2],
    "empty": lambda good: b"",
    "not JSON": lambda good: b"scores: 3, 4, 2\n",
    "not a session": lambda good: b'{"people": {"1": {"name": "Sam"}}}',
}


@pytest.mark.parametrize("damage", DAMAGE, ids=list(DAMAGE))
def test_check_a_damaged_file_names_it_and_leaves_it_exactly_as_it_was(
    run_cli: RunCli, sound_file: Path, damage: str
) -> None:
    sound_file.write_bytes(DAMAGE[damage](sound_file.read_bytes()))
    before = folder_bytes(sound_file.parent)
    result = run_cli("check", sound_file)
    assert result.code == 1
    assert str(sound_file) in result.err
    assert "damaged" in result.err
    assert result.out == ""
    assert folder_bytes(sound_file.parent) == before


def test_check_a_missing_file(run_cli: RunCli, tmp_path: Path) -> None:
    missing = tmp_path / "no-such-session.json"
    result = run_cli("check", missing)
    assert result.code == 1
    assert f"There is no session file at {missing}" in result.err
    assert not missing.exists()


def test_check_a_folder_instead_of_a_file(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("check", tmp_path)
    assert result.code == 1
    assert str(tmp_path) in result.err and "folder" in result.err


# open ------------------------------------------------------------------------


def test_open_a_damaged_file_exits_without_starting_the_app(run_cli: RunCli, sound_file: Path) -> None:
    sound_file.write_bytes(sound_file.read_bytes()[:40])
    before = folder_bytes(sound_file.parent)
    result = run_cli("open", sound_file)
    assert result.code == 1
    assert str(sound_file) in result.err and "damaged" in result.err
    assert ALTERNATE_SCREEN not in result.out + result.err
    assert folder_bytes(sound_file.parent) == before


def test_open_a_missing_file_exits_without_starting_the_app(run_cli: RunCli, tmp_path: Path) -> None:
    missing = tmp_path / "no-such-session.json"
    result = run_cli("open", missing)
    assert result.code == 1
    assert "There is no session file" in result.err
    assert ALTERNATE_SCREEN not in result.out + result.err
    assert not missing.exists()
