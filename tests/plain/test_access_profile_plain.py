"""Plain mode applies a panel member's access profile: the wording they chose first, and moving on or not."""

from __future__ import annotations

from pathlib import Path

from panel_tui.services import new_session

from .conftest import number_of, run_plain_process


def _round(folder: Path, profile: dict[str, object]) -> Path:
    """Two agreed questions (every version; plain words only); Dee Member's profile as given."""
    opened, chair = new_session(folder, "Support worker", chair_name="Sam Chair", chair_group="staff")
    assert chair is not None
    svc = opened.sign_in(chair.id)
    dee = svc.add_member("Dee Member", "member")
    svc.edit_member(dee.id, profile=profile)
    svc.add_candidate("Alex Kim")
    for words in (
        {"text": "Describe your approach to planning?", "plain_text": "How do you plan?",
         "easy_read": "You help someone make a plan. How do you find out what they want?"},
        {"text": "Second, as written?", "plain_text": "Second, plain?"},
    ):
        q = svc.propose_question(**words)
        svc.set_question_status(q.id, "agreed")
    svc.lock_questions()
    return opened.path


def test_easy_read_first_and_a_score_stays_on_the_question(tmp_path: Path) -> None:
    path = _round(tmp_path / "sessions", {"wording": "Easy Read", "auto_advance": False, "timer": False})
    typed = [number_of(path, "Dee Member"), "1", "1", "yes", "3", "", "", "q"]
    run = run_plain_process(path, typed)
    assert run.code == 0, run.err
    out = run.out
    first = out[out.index("Question 1 of 2.") :]
    assert first.startswith(
        "Question 1 of 2.\nIn Easy Read:\nYou help someone make a plan.\nHow do you find out what they want?\n"
    ), "Easy Read is read first, as the profile asks"
    saved = first.index("Saved: question 1, score 3, Good.")
    stay = first.index("Press Enter alone for the next question.", saved)
    assert first.index("Question 2 of 2.") > stay, "the score did not move on: Enter alone did"
    assert "Question 2 of 2.\nIn plain words: Second, plain?" in out, "no Easy Read there: the nearest version"


def test_as_written_and_moving_on_for_someone_who_asked_for_nothing(tmp_path: Path) -> None:
    path = _round(tmp_path / "sessions", {})
    typed = [number_of(path, "Dee Member"), "1", "1", "yes", "3", "", "q"]
    run = run_plain_process(path, typed)
    assert run.code == 0, run.err
    out = run.out
    assert "Question 1 of 2.\nAs written: Describe your approach to planning?" in out
    assert "Press Enter alone for the next question." not in out
    assert out.index("Question 2 of 2.") > out.index("Saved: question 1, score 3, Good."), "a score moves on"
