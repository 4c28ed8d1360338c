"""Follow-ups of issue 11 on the command line, run as a real process.

- `panel-tui export FILE` with no `--out` writes to `exports/<session>/` in the
  sessions folder, made with a `.gitignore` there; a repeat says "Already up
  to date".
- `panel-tui questions list` lists your own banks first, then the starter
  banks, each with its folder; `questions import` takes a bank's name.
- Output piped into `head` never ends in a BrokenPipe traceback.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from panel_tui.locations import QUESTIONS_ENV, starter_banks_dir
from panel_tui.services import new_session
from panel_tui.store import SessionFile

from .conftest import TIMEOUT, RunCli

STARTER = starter_banks_dir()
NO_QUESTIONS_ENV: dict[str, str | None] = {QUESTIONS_ENV: None}
OWN_BANK = """\
title = "Our peer mentor questions"

[[question]]
id = "why-here"
text = "Why do you want to work here?"

[[question]]
id = "a-hard-day"
text = "Tell us about a hard day."
"""


@pytest.fixture
def session(folder: Path) -> Path:
    opened, _ = new_session(folder, "Peer mentor", chair_name="Priya Shah", chair_group="staff")
    return opened.path


# export: the default folder ----------------------------------------------------


def test_export_with_no_out_writes_under_the_sessions_folder_git_ignored_and_a_repeat_is_up_to_date(
    session: Path, folder: Path, run_cli: RunCli
) -> None:
    default = folder / "exports" / session.stem

    first = run_cli("export", session, "--format", "csv")

    assert first.code == 0, first.err
    assert sorted(p.name for p in default.iterdir()) == ["audit.csv", "scores.csv", "summary.csv"]
    assert "*" in (folder / "exports" / ".gitignore").read_text().splitlines()
    assert f"Wrote 3 file(s) to {default}" in first.out

    again = run_cli("export", session, "--format", "csv")

    assert again.code == 0, again.err
    assert again.out.splitlines()[0] == (
        f"Already up to date: {default} (the session has not changed since these files were written)."
    )
    assert "Wrote" not in again.out


def test_an_out_folder_inside_exports_gets_the_gitignore_from_the_service(
    session: Path, folder: Path, run_cli: RunCli
) -> None:
    chosen = folder / "exports" / "for-hr"
    done = run_cli("export", session, "--format", "json", "--out", chosen)
    assert done.code == 0, done.err
    assert (chosen / "session.json").is_file()
    assert "*" in (folder / "exports" / ".gitignore").read_text().splitlines()


def test_an_out_folder_elsewhere_makes_no_exports_folder(session: Path, folder: Path, tmp_path: Path, run_cli: RunCli) -> None:
    done = run_cli("export", session, "--format", "json", "--out", tmp_path / "elsewhere")
    assert done.code == 0, done.err
    assert not (folder / "exports").exists()
    assert not (tmp_path / "elsewhere" / ".gitignore").exists()


def test_the_export_help_says_where_the_files_go_by_default(run_cli: RunCli) -> None:
    done = run_cli("export", "--help")
    assert done.code == 0
    assert "exports" in done.out and "sessions folder" in done.out


# questions list ----------------------------------------------------------------


def test_questions_list_shows_the_starter_banks_with_their_folder(run_cli: RunCli) -> None:
    done = run_cli("questions", "list", env=NO_QUESTIONS_ENV)
    assert done.code == 0, done.err
    lines = done.out.splitlines()
    assert str(STARTER) in lines[0]
    assert lines[1:4] == [
        "  peer-mentor-recovery: Peer mentor in a recovery community (10 questions)",
        "  support-worker-learning-disability: Support worker for people with learning disabilities (10 questions)",
        "  volunteer-coordinator: Volunteer coordinator (10 questions)",
    ]


def test_your_own_banks_are_listed_first_and_the_starter_banks_stay(run_cli: RunCli, cwd_of_runs: Path) -> None:
    own = cwd_of_runs / "questions"
    own.mkdir()
    (own / "ours.toml").write_text(OWN_BANK)
    (own / "broken.toml").write_text("title = \n")

    done = run_cli("questions", "list", env=NO_QUESTIONS_ENV)

    assert done.code == 0, done.err
    lines = done.out.splitlines()
    assert "Your" in lines[0] and str(own) in lines[0]
    assert lines[1].startswith("  broken: ") and "broken.toml" in lines[1]
    assert lines[2] == "  ours: Our peer mentor questions (2 questions)"
    starter_heading = next(i for i, line in enumerate(lines) if str(STARTER) in line)
    assert starter_heading == 3 and "Starter" in lines[3]
    assert lines[4].startswith("  peer-mentor-recovery: ")


# questions import by name --------------------------------------------------------


def test_questions_import_takes_a_banks_name(session: Path, run_cli: RunCli) -> None:
    done = run_cli("questions", "import", "volunteer-coordinator", "--into", session, env=NO_QUESTIONS_ENV)
    assert done.code == 0, done.err
    assert "Imported 10 question(s) from 'Volunteer coordinator'" in done.out
    assert len(SessionFile.open(session).state().questions) == 10


def test_your_own_bank_of_the_same_name_wins(session: Path, run_cli: RunCli, cwd_of_runs: Path) -> None:
    own = cwd_of_runs / "questions"
    own.mkdir()
    (own / "volunteer-coordinator.toml").write_text(OWN_BANK)
    done = run_cli("questions", "import", "volunteer-coordinator", "--into", session, env=NO_QUESTIONS_ENV)
    assert done.code == 0, done.err
    assert "from 'Our peer mentor questions'" in done.out
    assert len(SessionFile.open(session).state().questions) == 2


def test_an_unknown_bank_name_is_one_plain_sentence_listing_the_names(session: Path, run_cli: RunCli) -> None:
    before = session.read_bytes()
    done = run_cli("questions", "import", "peer-mentor", "--into", session, env=NO_QUESTIONS_ENV)
    assert done.code == 1
    assert "There is no question bank called 'peer-mentor'" in done.err
    assert "peer-mentor-recovery" in done.err
    assert session.read_bytes() == before


def test_a_bank_path_still_works(session: Path, run_cli: RunCli, tmp_path: Path) -> None:
    bank = tmp_path / "copy.toml"
    shutil.copy(STARTER / "peer-mentor-recovery.toml", bank)
    done = run_cli("questions", "import", bank, "--into", session, "--id", "boundaries", env=NO_QUESTIONS_ENV)
    assert done.code == 0, done.err
    assert "Imported 1 question(s)" in done.out


@pytest.mark.parametrize("action", [[], ["list"], ["import"], ["export"]])
def test_the_questions_help_no_longer_points_at_a_questions_folder_that_may_not_exist(
    run_cli: RunCli, action: list[str]
) -> None:
    done = run_cli("questions", *action, "--help")
    assert done.code == 0, done.err
    assert "questions/" not in done.out


def test_the_questions_help_offers_list_and_import_by_name(run_cli: RunCli) -> None:
    assert "list" in run_cli("questions", "--help").out
    words = " ".join(run_cli("questions", "import", "--help").out.split())
    assert "name" in words and "panel-tui questions list" in words


# piped into head -----------------------------------------------------------------


def test_output_cut_short_by_a_closed_pipe_is_no_traceback(session: Path, tmp_path: Path) -> None:
    """As `panel-tui questions import … | head -1` once head has gone: the reader closed the pipe."""
    process = subprocess.Popen(
        [sys.executable, "-m", "panel_tui.cli", "questions", "import", "peer-mentor-recovery", "--into", str(session)],
        cwd=tmp_path, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # nobody reads: every line written meets a closed pipe
    err = process.stderr.read().decode()
    code = process.wait(timeout=TIMEOUT)
    assert "Traceback" not in err and "BrokenPipe" not in err and "Exception ignored" not in err, err
    assert err == ""
    assert code == 141, "as a command stopped by SIGPIPE: the shell's 128 + 13"
    assert len(SessionFile.open(session).state().questions) == 10, "the import itself was done"
