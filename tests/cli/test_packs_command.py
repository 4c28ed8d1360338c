"""`panel-tui packs` as a real process: which files, where, and one plain sentence for every problem.

Until `panel_tui.cli` adds the command, it runs as `python -m panel_tui.cli_packs FILE ...`, which
parses the same arguments (`add_packs_command`) and runs the same handler (`run_packs`) inside
`cli`'s handling of a session's problems. Once wired, `PACKS` becomes ("-m", "panel_tui.cli", "packs").
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from panel_tui.services import new_session

from .conftest import TIMEOUT, Run

PACKS = ("-m", "panel_tui", "packs")


def packs(*args: object, cwd: Path) -> Run:
    done = subprocess.run(
        [sys.executable, *PACKS, *map(str, args)], cwd=cwd, stdin=subprocess.DEVNULL,
        capture_output=True, text=True, timeout=TIMEOUT,
    )
    assert "Traceback" not in done.stderr + done.stdout, done.stderr
    return Run(done.returncode, done.stdout, done.stderr)


def _session(folder: Path, *, lock: bool = True) -> Path:
    opened, chair = new_session(folder, "Peer mentor", chair_name="Sam Chair", chair_group="staff")
    assert chair is not None
    svc = opened.sign_in(chair.id)
    svc.add_member("Dee Member", "member")
    svc.add_candidate("Alex Kim")
    svc.add_candidate("Jo Park")
    question = svc.propose_question("Tell us about supporting someone.", plain_text="How do you help people?")
    svc.set_question_status(question.id, "agreed")
    if lock:
        svc.lock_questions()
    return opened.path


@pytest.fixture
def session(tmp_path: Path) -> Path:
    return _session(tmp_path / "sessions")


def test_every_pack_goes_to_the_sessions_exports_folder(session: Path, tmp_path: Path) -> None:
    run = packs(session, cwd=tmp_path)
    folder = session.parent / "exports" / session.stem
    assert run.code == 0, run.err
    assert run.out.splitlines() == [
        f"Wrote 4 file(s) to print to {folder}:",
        "  questions-large-print.html",
        "  questions-large-print-plain-words.html",
        "  questions-easy-read.html",
        "  score-sheets.html",
        "Open each one in a web browser and print it on A4.",
        "Note: The question has no Easy Read version yet. The Easy Read pack shows the plain words, or the words as written, and says so.",
    ]
    assert sorted(p.name for p in folder.iterdir()) == sorted(line.strip() for line in run.out.splitlines()[1:5])
    assert (folder.parent / ".gitignore").exists()


def test_score_sheets_for_one_candidate_into_a_chosen_folder(session: Path, tmp_path: Path) -> None:
    run = packs(session, "--score-sheets", "--candidate", "c02", "--out", tmp_path / "print", cwd=tmp_path)
    assert run.code == 0, run.err
    assert [p.name for p in (tmp_path / "print").iterdir()] == ["score-sheets-C02.html"]
    page = (tmp_path / "print" / "score-sheets-C02.html").read_text()
    assert "Jo Park" in page and "Alex Kim" not in page


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("--score-sheets", "--candidate", "C09"), 2, "No candidate in this session has the code C09. Check the code and try again."),
        (("--questions", "--candidate", "C01"), 2, "--candidate chooses whose score sheets to print: add --score-sheets, or leave it out."),
    ],
)
def test_a_wrong_choice_is_one_plain_sentence_and_nothing_is_written(
    session: Path, tmp_path: Path, args: tuple[str, ...], code: int, message: str
) -> None:
    run = packs(session, *args, "--out", tmp_path / "print", cwd=tmp_path)
    assert (run.code, run.err.strip(), run.out) == (code, message, "")
    assert not (tmp_path / "print").exists()


def test_questions_not_locked_yet_is_a_session_problem(tmp_path: Path) -> None:
    path = _session(tmp_path / "sessions", lock=False)
    run = packs(path, cwd=tmp_path)
    assert run.code == 1
    assert run.err.strip() == (
        "The questions are not locked yet, so there is nothing to print. The chair agrees and locks the "
        "questions first, so the packs match what the panel will ask."
    )


def test_a_folder_that_cannot_be_written_is_a_usage_problem(session: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    run = packs(session, "--easy-read", "--out", blocker, cwd=tmp_path)
    assert run.code == 2
    assert run.err.strip() == f"Cannot write the export to {blocker} (it is a file, not a folder). Choose another folder with --out."


def test_a_missing_session_file_says_so(tmp_path: Path) -> None:
    run = packs(tmp_path / "nowhere.json", cwd=tmp_path)
    assert run.code == 1 and "There is no session file at" in run.err
