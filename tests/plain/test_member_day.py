"""A panel member's day in plain mode, typed line by line into a real process.

What was saved is read back through the services, as the member (rule 1:
nobody else may read a sheet before agreement opens).
"""

from __future__ import annotations

import io
from pathlib import Path

from panel_tui.domain.models import ConflictKind
from panel_tui.plain import run_plain
from panel_tui.services import OpenedSession, SheetForScoring, sheet_for_scoring

from .conftest import TypeLines, number_of, run_plain_process


def _ids(path: Path) -> tuple[dict[str, str], list[str], dict[str, str]]:
    """(candidate code -> id, agreed question ids in order, member name -> id)."""
    state = OpenedSession.open(path).as_tool("test").state
    return (
        {c.code: c.id for c in state.candidates},
        [q.id for q in state.agreed_questions],
        {m.name: m.id for m in state.members},
    )


def _sheet(path: Path, member_id: str, candidate_id: str, pin: str = "") -> SheetForScoring:
    service = OpenedSession.open(path).sign_in(member_id, pin)
    return sheet_for_scoring(service.view(), member_id, candidate_id)


def _set_pins(path: Path, pins: dict[str, str]) -> None:
    """PINs through the services, the chair's first (the rule: once anyone has a PIN, the chair needs one)."""
    tool = OpenedSession.open(path).as_tool("test")
    for member_id, pin in pins.items():
        tool.edit_member(member_id, pin=pin)


def test_a_new_member_signs_in_declares_a_conflict_scores_and_submits_a_whole_sheet(demo: Path) -> None:
    sam = OpenedSession.open(demo).as_tool("test").add_member("Sam New", "volunteer", plain_language=True)
    codes, questions, people = _ids(demo)
    _set_pins(demo, {people["Priya Shah"]: "9999", sam.id: "1234"})
    typed = [
        number_of(demo, "Sam New"), "1234",
        "2", "4", "1", "1", "We met at a group once",  # I know C04: a peer; soft
        "1", "3", "yes",  # score C03; agree to the confidentiality statement
        "w", "w", " 3 ", "Clear example from their own life",  # question 1: Easy Read, as written, then a score with spaces
        "4", "",
        "p", "2", "",  # back to question 2, and change its score
        "three", "",
        "2", "", "1", "", "0", "", "4", "",
        "s", "y",  # the last question leads to the whole sheet: submit it
        "b", "q",
    ]
    run = run_plain_process(demo, typed)
    assert run.code == 0, run.err
    out = run.out
    assert "Saved: a soft conflict with C04 (peer). The chair will see it." in out
    assert "Saved: you agreed to the confidentiality statement." in out
    assert "In plain words: How would you use your own recovery story to help someone?" in out
    assert "In Easy Read:" in out and "You have your own story of recovery." in out  # after w: the next version
    assert "Tell us how you would use your own experience of recovery" in out  # after another w: as written
    assert "0: No evidence." in out and "4: Strong." in out  # the scale, every point with its label
    assert "Saved: question 1, score 3, Good." in out
    assert "Saved: note for question 1." in out
    assert "Saved: question 2, score 4, Strong." in out
    assert "Saved: question 2, score 2, Some." in out
    assert "Every question has a score (7 questions)." in out
    assert "Submitted: your sheet for C03" in out
    assert "1234" not in out  # the PIN is never repeated back

    sheet = _sheet(demo, sam.id, codes["C03"], "1234")
    assert sheet.submitted
    assert [sheet.scores[q] for q in questions] == [3, 2, 3, 2, 1, 0, 4]
    assert sheet.notes == {questions[0]: "Clear example from their own life"}
    state = OpenedSession.open(demo).sign_in(sam.id, "1234").state
    conflict = state.conflict(sam.id, codes["C04"])
    assert conflict is not None and conflict.kind is ConflictKind.SOFT and conflict.detail == "We met at a group once"
    assert state.briefed(sam.id)


def test_a_score_off_the_scale_is_refused_in_one_plain_sentence_and_changes_nothing(demo: Path, type_lines: TypeLines) -> None:
    codes, _, people = _ids(demo)
    run = type_lines([number_of(demo, "Dee Morgan"), "1", "3", "7", "2.5", "q"])
    assert run.code == 0, run.err
    assert "7 is not on the scale. Scores on this panel go from 0 to 4. Your score was not changed." in run.out
    assert "A score is a whole number. Scores on this panel go from 0 to 4. Your score was not changed." in run.out
    assert "Saved:" not in run.out
    assert _sheet(demo, people["Dee Morgan"], codes["C03"]).scores == {}


def test_the_input_ending_mid_sheet_exits_cleanly_with_everything_entered_saved(demo: Path, type_lines: TypeLines) -> None:
    codes, questions, people = _ids(demo)
    run = type_lines([number_of(demo, "Marcus Bell"), "1", "3", "3", "Calm answer", "2"])  # ends at the note for question 2
    assert run.code == 0, run.err
    assert run.out.rstrip().endswith("End of input. Everything you entered is saved. Goodbye.")
    sheet = _sheet(demo, people["Marcus Bell"], codes["C03"])
    assert sheet.scores == {questions[0]: 3, questions[1]: 2}
    assert sheet.notes == {questions[0]: "Calm answer"}
    assert not sheet.submitted


def test_a_wrong_pin_is_refused_and_the_right_one_then_signs_in(demo: Path) -> None:
    _, _, people = _ids(demo)
    _set_pins(demo, {people["Priya Shah"]: "9999", people["Dee Morgan"]: "1234"})
    run = run_plain_process(demo, [number_of(demo, "Dee Morgan"), "0000", "1234", "q"])
    assert run.code == 0, run.err
    assert "Dee Morgan (Member, Panel member). Has a PIN." in run.out
    assert "That PIN is not right. Please try again." in run.out
    assert run.out.index("That PIN is not right") < run.out.index("Signed in as Dee Morgan (Member).")
    assert "0000" not in run.out and "1234" not in run.out


def test_a_wrong_pin_never_signs_in(demo: Path) -> None:
    _, _, people = _ids(demo)
    _set_pins(demo, {people["Priya Shah"]: "9999", people["Dee Morgan"]: "1234"})
    run = run_plain_process(demo, [number_of(demo, "Dee Morgan"), "4321", ""])  # a wrong PIN, then back to the names
    assert run.code == 0, run.err
    assert "That PIN is not right." in run.out
    assert "Signed in" not in run.out


def _in_process(path: Path, typed: list[str]) -> str:
    out = io.StringIO()
    code = run_plain(path.parent, path, stdin=io.StringIO("".join(f"{t}\n" for t in typed)), stdout=out)
    assert code == 0
    return out.getvalue()


def test_a_submitted_sheet_is_read_with_the_others_scores_and_cannot_change(demo: Path) -> None:
    out = _in_process(demo, [number_of(demo, "Dee Morgan"), "1", "1", "", "q"])
    assert "Your sheet for C01 Jordan Ellis. Submitted: it cannot change." in out
    assert "Other panel members: Aisha Khan (Member) 3; Marcus Bell (Staff) 3;" in out
    assert "Type a score" not in out


def test_going_back_to_a_question_from_the_sheet_and_the_choices_on_asking(demo: Path) -> None:
    codes, questions, people = _ids(demo)
    out = _in_process(demo, [number_of(demo, "Marcus Bell"), "1", "3", "v", "5", "h", "g 7", "1", "", "q"])
    assert "Questions 1, 2, 3, 4, 5, 6 and 7 have no score yet." in out
    assert "Other choices: press Enter alone for the next question" in out
    assert "Saved: question 7, score 1, Limited." in out
    assert _sheet(demo, people["Marcus Bell"], codes["C03"]).scores == {questions[6]: 1}


def test_signing_in_again_offers_the_sheet_left_part_scored(demo: Path) -> None:
    out = _in_process(demo, [number_of(demo, "Vic Taylor"), "y", "q"])
    assert "Welcome back. You were scoring C02, question 4 of 7." in out
    assert "C02 Sam Okafor. Question 4 of 7." in out


def test_a_score_typed_where_the_note_is_asked_is_not_saved_as_a_note_unless_meant(demo: Path) -> None:
    codes, questions, people = _ids(demo)
    out = _in_process(demo, [number_of(demo, "Marcus Bell"), "1", "3", "3", "4", "n", "2", "4", "y", "q"])
    assert '"4" looks like a score. Save it as your note for question 1?' in out
    assert "Your note for question 1 was not changed." in out
    assert "Saved: note for question 2." in out
    sheet = _sheet(demo, people["Marcus Bell"], codes["C03"])
    assert sheet.scores == {questions[0]: 3, questions[1]: 2}
    assert sheet.notes == {questions[1]: "4"}
