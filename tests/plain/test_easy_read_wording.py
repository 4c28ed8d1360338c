"""In plain mode, w goes round the versions a question has (as written, plain words, Easy Read), saying which one is read."""

from __future__ import annotations

from pathlib import Path

from panel_tui.services import new_session

from .conftest import number_of, run_plain_process


def _round(folder: Path) -> Path:
    """Three agreed questions: every version; plain words only; as written only."""
    opened, chair = new_session(folder, "Support worker", chair_name="Sam Chair", chair_group="staff")
    assert chair is not None
    svc = opened.sign_in(chair.id)
    svc.add_member("Dee Member", "member")
    svc.add_candidate("Alex Kim")
    for words in (
        {
            "text": "Describe your approach to planning?",
            "plain_text": "How do you plan?",
            "easy_read": "You help someone make a plan. How do you find out what they want?",
        },
        {"text": "Second, as written?", "plain_text": "Second, plain?"},
        {"text": "Third, only as written?"},
    ):
        q = svc.propose_question(**words)
        svc.set_question_status(q.id, "agreed")
    svc.lock_questions()
    return opened.path


def test_w_reads_each_version_in_turn_and_says_which_it_is(tmp_path: Path) -> None:
    path = _round(tmp_path / "sessions")
    typed = [number_of(path, "Dee Member"), "1", "1", "yes", "w", "w", "w", "", "", "w", "q"]
    run = run_plain_process(path, typed)
    assert run.code == 0, run.err
    out = run.out
    question_1 = out[out.index("Question 1 of 3.") : out.index("Question 2 of 3.")]
    expected = [
        "As written: Describe your approach to planning?\nType w to hear this question in plain words.",
        "In plain words: How do you plan?\nType w to hear this question in Easy Read.",
        "In Easy Read:\nYou help someone make a plan.\nHow do you find out what they want?\n"
        "Type w to hear this question as it was written.",
        "As written: Describe your approach to planning?\nType w to hear this question in plain words.",
    ]
    at = 0
    for part in expected:  # in this order: round the three versions and back to the first
        at = question_1.index(part, at) + len(part)
    assert "As written: Second, as written?\nType w to hear this question in plain words." in out
    assert "Question 3 of 3.\nThird, only as written?\nThe scale goes from 0 to 4:" in out, "one version: nothing to choose"
    assert "This question has only one wording." in out
