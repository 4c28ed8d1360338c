"""Task cost (issue 11): the keys a person presses for the jobs of interview day, counted by driving the UI.

Each job starts where a person would start it and ends with the result on
disk, checked. Typing a reason is counted apart from the keys around it.
The README's "Task cost" table shows these counts (the last test keeps it
true) beside a spreadsheet's: two keys a score (a digit, then Enter), after
someone has typed in the panel members' paper sheets again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from panel_tui.services import OpenedSession, new_session
from panel_tui.store import SessionFile
from panel_tui.ui.app import make_app
from panel_tui.ui.screens.reconcile import ReconcileScreen

from .conftest import SIZE
from .helpers import settle, sign_in_as, wait_for

README = Path(__file__).resolve().parents[2] / "README.md"
QUESTIONS = 7
FLAGGED = {0: [0, 4, 2], 1: [4, 0, 2]}
"""Questions where the three panel members' scores are far apart (spread 4 on a 0-4 scale)."""
REASON = "We talked it through"

EXPECTED = {
    "member-sheet": 12,
    "agree-flagged-with-reason": 4,
    "sign-off-two-flagged": 9,
    "hr-export": 2,
}
"""Keys (not counting typed reasons) for each job; the README's table says the same."""


@dataclass
class Counted:
    pilot: Any
    keys: int = 0
    typed: list[str] = field(default_factory=list)

    async def press(self, *keys: str) -> None:
        for key in keys:
            self.keys += 1
            await self.pilot.press(key)
            await settle(self.pilot)

    async def type(self, text: str) -> None:
        self.typed.append(text)
        await self.pilot.press(*text)
        await settle(self.pilot)


@dataclass
class Round:
    path: Path
    member_id: str
    candidate_id: str
    question_ids: list[str]


def build_round(folder: Path, *, scored: bool) -> Round:
    """A chair, a member, a volunteer and HR; one candidate; seven agreed questions; sheets submitted if `scored`."""
    opened, chair = new_session(folder, "Peer mentor", chair_name="Sam Chair", chair_group="staff")
    assert chair is not None
    svc = opened.sign_in(chair.id)
    dee = svc.add_member("Dee Member", "member")
    vic = svc.add_member("Vic Volunteer", "volunteer")
    svc.add_member("Hana HR", "staff", role="observer")
    candidate = svc.add_candidate("Alex Kim")
    questions = []
    for n in range(QUESTIONS):
        question = svc.propose_question(f"Question {n + 1}: tell us about a time you helped someone.")
        svc.set_question_status(question.id, "agreed")
        questions.append(question.id)
    svc.lock_questions()
    if scored:
        for index, member in enumerate((chair, dee, vic)):
            scorer = opened.sign_in(member.id)
            scorer.confirm_briefing()
            for q, question_id in enumerate(questions):
                scorer.record_score(member.id, candidate.id, question_id, FLAGGED.get(q, [3, 3, 3])[index])
            scorer.submit_sheet(member.id, candidate.id)
    return Round(opened.path, dee.id, candidate.id, questions)


def app_for(path: Path, tmp_path: Path) -> Any:
    return make_app(sessions_dir=path.parent, session_path=path, settings_file=tmp_path / "settings.json")


def saved() -> Any:
    return None


async def test_a_member_scores_a_sheet_of_seven_questions_from_the_overview(tmp_path: Path) -> None:
    round_ = build_round(tmp_path / "sessions", scored=False)
    app = app_for(round_.path, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_as(pilot, "Dee Member")
        you = Counted(pilot)
        await you.press("s", "enter", "y")  # Score, the first candidate, agree to the confidentiality statement
        await you.press(*"3213421")  # one digit a question; the screen moves on by itself
        await you.press("s", "y")  # submit, yes
    sheet = SessionFile.open(round_.path).state().sheet(round_.member_id, round_.candidate_id)
    assert sheet is not None and sheet.submitted and len(sheet.scores) == QUESTIONS
    assert you.keys == EXPECTED["member-sheet"]


async def _agree_scores(pilot: Any) -> None:
    await sign_in_as(pilot, "Sam Chair")


async def test_the_chair_agrees_one_flagged_question_with_a_reason(tmp_path: Path) -> None:
    round_ = build_round(tmp_path / "sessions", scored=True)
    app = app_for(round_.path, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_as(pilot, "Sam Chair")
        await pilot.press("r", "enter")
        await settle(pilot)
        await wait_for(pilot, lambda: isinstance(app.screen, ReconcileScreen))
        chair = Counted(pilot)  # on the agree-scores screen, the flagged questions first
        await chair.press("enter", "1", "tab")  # agree this one: 1, below the median, so a reason
        await chair.type(REASON)
        await chair.press("ctrl+s")
    agreed = SessionFile.open(round_.path).state().agreed
    assert [(a.question_id, a.score, a.reason) for a in agreed] == [(round_.question_ids[0], 1, REASON)]
    assert chair.keys == EXPECTED["agree-flagged-with-reason"]


async def test_the_chair_signs_off_a_candidate_with_two_flagged_questions(tmp_path: Path) -> None:
    round_ = build_round(tmp_path / "sessions", scored=True)
    app = app_for(round_.path, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_as(pilot, "Sam Chair")
        chair = Counted(pilot)
        await chair.press("r", "enter")  # Agree scores, the first candidate
        await chair.press("a")  # every unflagged question at its median, at once
        await chair.press("enter", "ctrl+s")  # the first flagged question, at its median
        await chair.press("enter", "ctrl+s")  # the second: the cursor moved on to it
        await chair.press("s", "ctrl+s")  # sign off: panel consensus
    state = OpenedSession.open(round_.path).as_tool("test").view().state
    assert len(state.agreed) == QUESTIONS
    reconciliation = next(r for r in state.reconciliations if r.candidate_id == round_.candidate_id)
    assert reconciliation.sign_off is not None
    assert chair.keys == EXPECTED["sign-off-two-flagged"], chair.keys


async def test_hr_exports_every_format_from_the_overview(tmp_path: Path) -> None:
    round_ = build_round(tmp_path / "sessions", scored=True)
    OpenedSession.open(round_.path).as_tool("test").open_reconciliation(round_.candidate_id)
    app = app_for(round_.path, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_as(pilot, "Hana HR")
        hr = Counted(pilot)
        await hr.press("e", "ctrl+e")
        out = Path(app.screen.query_one("#folder").value)  # type: ignore[attr-defined]
        await wait_for(pilot, lambda: (out / "report.html").exists(), seconds=30)
        await settle(pilot)
    assert {"summary.csv", "scores.csv", "audit.csv", "session.xlsx", "session.json", "report.html"} <= {p.name for p in out.iterdir()}
    assert hr.keys == EXPECTED["hr-export"]


@pytest.mark.parametrize("job", list(EXPECTED))
def test_the_readme_shows_each_count(job: str) -> None:
    rows = [line for line in README.read_text().splitlines() if line.startswith("| ") and f"`{job}`" in line]
    assert rows and f"| {EXPECTED[job]} |" in rows[0], f"README's task cost row for {job} should say {EXPECTED[job]}"
