"""The chair agrees scores in plain mode: what is said per question, and what is saved."""

from __future__ import annotations

import io
from pathlib import Path

from panel_tui.plain import run_plain
from panel_tui.services import OpenedSession

from .conftest import TypeLines, number_of

CHAIR = "Priya Shah"
AGREE = "3"
"""The chair's menu: 1 score, 2 declare a conflict, 3 agree scores, 4 sign out."""


def _ids(path: Path) -> tuple[dict[str, str], list[str]]:
    state = OpenedSession.open(path).as_tool("test").state
    return {c.code: c.id for c in state.candidates}, [q.id for q in state.agreed_questions]


def test_the_chair_opens_agreement_hears_the_figures_and_agrees_a_score_with_a_reason(demo: Path, type_lines: TypeLines) -> None:
    codes, questions = _ids(demo)
    typed = [
        number_of(demo, CHAIR), AGREE, "1",  # C01: everyone has submitted, so agreement opens
        "4", "2", "We talked it through: safety was missing from some answers",
        "b", "b", "b", "q",
    ]
    run = type_lines(typed)
    assert run.code == 0, run.err
    out = run.out
    assert "1. C01 Jordan Ellis. Ready: everyone has submitted." in out
    assert "Opened: agreeing scores for C01." in out
    assert "The panel differs on question 4: talk about it first." in out
    assert "The panel's scores: Panel member A" in out  # pseudonyms, as the session asks
    assert "Lowest 1, highest 4, spread 3. Middle (median) 3, average (mean) 2.6." in out
    assert "Group averages: Member 3.5; Volunteer 3.0; Staff 1.5." in out
    assert "The panel differs here: talk about it first." in out
    assert "A reason is needed" in out
    assert "Saved: question 4, agreed score 2, Some. Reason: We talked it through" in out
    assert "Next to agree: question 5." in out

    state = OpenedSession.open(demo).as_tool("test").state
    agreed = state.agreed_score(codes["C01"], questions[3])
    assert agreed is not None and agreed.score == 2
    assert agreed.reason == "We talked it through: safety was missing from some answers"
    assert sum(1 for q in questions if state.agreed_score(codes["C01"], q)) == 1


def _in_process(path: Path, typed: list[str]) -> str:
    out = io.StringIO()
    code = run_plain(path.parent, path, stdin=io.StringIO("".join(f"{t}\n" for t in typed)), stdout=out)
    assert code == 0
    return out.getvalue()


def test_opening_before_everyone_submitted_asks_a_reason_for_each_missing_sheet(demo: Path) -> None:
    codes, _ = _ids(demo)
    out = _in_process(demo, [number_of(demo, CHAIR), AGREE, "2", "Absent", "Left early", "b", "b", "q"])
    assert "2. C02 Sam Okafor. Waiting for 2 sheets." in out
    assert "have not submitted a sheet for C02" in out
    assert "Opened: agreeing scores for C02." in out
    opened = OpenedSession.open(demo).as_tool("test").state.reconciliation(codes["C02"])
    assert opened is not None and sorted(opened.missing_reasons.values()) == ["Absent", "Left early"]


def test_going_back_instead_of_a_reason_opens_nothing(demo: Path) -> None:
    codes, _ = _ids(demo)
    _in_process(demo, [number_of(demo, CHAIR), AGREE, "2", "", "b", "q"])
    assert OpenedSession.open(demo).as_tool("test").state.reconciliation(codes["C02"]) is None


def test_an_agreed_score_off_the_scale_is_refused_and_nothing_is_saved(demo: Path) -> None:
    codes, questions = _ids(demo)
    out = _in_process(demo, [number_of(demo, CHAIR), AGREE, "1", "4", "9", "b", "b", "b", "q"])
    assert "9 is not on the scale. Scores on this panel go from 0 to 4. Nothing was saved." in out
    assert OpenedSession.open(demo).as_tool("test").state.agreed_score(codes["C01"], questions[3]) is None


def test_agreeing_every_question_the_panel_does_not_differ_on_at_once(demo: Path) -> None:
    codes, questions = _ids(demo)
    out = _in_process(demo, [number_of(demo, CHAIR), AGREE, "1", "a", "b", "b", "q"])
    assert out.count("Saved: question") == 6  # all but question 4, where the panel differs
    state = OpenedSession.open(demo).as_tool("test").state
    assert state.agreed_score(codes["C01"], questions[3]) is None
    assert all(state.agreed_score(codes["C01"], q) is not None for i, q in enumerate(questions) if i != 3)
