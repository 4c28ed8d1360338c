"""The chair agrees scores: flagged questions first, a reason where needed, an outcome."""

from __future__ import annotations

from pathlib import Path

import pytest

from panel_tui.services import new_session
from panel_tui.store import SessionFile
from panel_tui.ui.screens.overview import OverviewScreen
from panel_tui.ui.screens.reconcile import ReconcileScreen
from panel_tui.ui.screens.reconcile_dialogs import AgreedScoreForm, OutcomeForm
from panel_tui.ui.screens.reconcile_pick import MissingReasons, ReconcilePickScreen
from panel_tui.ui.screens.results import ResultsScreen

from .conftest import SIZE, visible_text
from .helpers import settle, sign_in_as

SCORES = {  # member name -> scores for questions 1..4
    "Sam Chair": [3, 1, 4, 2],
    "Dee Member": [3, 4, 4, 3],
    "Vic Volunteer": [2, 4, 3, 3],
}


@pytest.fixture
def scored(sessions_dir: Path):  # type: ignore[no-untyped-def]
    opened, chair = new_session(sessions_dir, "Peer mentor", chair_name="Sam Chair", chair_group="staff")
    svc = opened.sign_in(chair.id)
    members = {"Sam Chair": chair, "Dee Member": svc.add_member("Dee Member", "member"), "Vic Volunteer": svc.add_member("Vic Volunteer", "volunteer")}
    candidate = svc.add_candidate("Alex Kim")
    svc.add_candidate("Bo Lee")
    questions = []
    for n in range(4):
        q = svc.propose_question(f"Question {n + 1} text?")
        svc.set_question_status(q.id, "agreed")
        questions.append(q)
    svc.lock_questions()
    for name, values in SCORES.items():
        member = members[name]
        as_member = opened.sign_in(member.id)
        for q, v in zip(questions, values, strict=True):
            as_member.record_score(member.id, candidate.id, q.id, v)
        as_member.set_note(member.id, candidate.id, questions[1].id, f"{name.split()[0]}'s note")
        as_member.submit_sheet(member.id, candidate.id)
    return opened, candidate, questions


async def test_chair_agrees_flagged_question_first_with_a_reason_and_records_an_outcome(scored, app_for):
    opened, candidate, questions = scored
    before = {s.id: s for s in SessionFile.open(opened.path).state().sheets}
    app = app_for(opened.path)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_as(pilot, "Sam Chair")
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ReconcilePickScreen)
        assert "ready" in visible_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReconcileScreen)
        grid = app.screen.query_one("#grid")
        first_row = grid.get_row_at(0)
        assert first_row[0].plain == "2" and first_row[1].plain == "⚑", "the flagged question comes first"
        text = visible_text(app)
        assert "Sam" not in text.split("Columns:")[1].split("\n")[0], "pseudonymous: no names in the columns"
        assert "Group averages: Member 4.0 · Volunteer 4.0 · Staff 1.0" in text
        # Agree 1 on question 2 (median 4): a reason is needed.
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AgreedScoreForm)
        score = app.screen.query_one("#score")
        assert score.value == "4", "pre-filled with the median"
        score.value = "1"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert any("Please give a reason" in n.message for n in app._notifications)
        await pilot.press("enter")
        await settle(pilot)
        app.screen.query_one("#score").value = "1"
        app.screen.query_one("#reason").value = "Safeguarding answer missed the key step"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ReconcileScreen)
        assert app.screen.query_one("#grid").cursor_row == 1, "the cursor moves on to the next question to agree"
        await pilot.press("up")
        await settle(pilot)
        assert "Agreed: 1 (Limited). Reason: Safeguarding answer missed the key step" in visible_text(app)
        await pilot.press("n")
        await settle(pilot)
        text = visible_text(app)
        assert "Dee's note" in text and "Panel member" in text
        await pilot.press("escape", "o")
        await settle(pilot)
        assert isinstance(app.screen, OutcomeForm)
        app.screen.query_one("#decision").value = "reserve"
        app.screen.query_one("#feedback").load_text("Strong on listening.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Outcome: reserve" in visible_text(app)
    state = SessionFile.open(opened.path).state()
    assert state.agreed_score(candidate.id, questions[1].id).score == 1
    assert state.outcome(candidate.id).decision.value == "reserve"
    assert {s.id: s for s in state.sheets} == before, "agreement never changes an independent score"


async def test_opening_with_a_missing_sheet_needs_a_reason(scored, app_for):
    opened, _, _ = scored
    app = app_for(opened.path)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_as(pilot, "Sam Chair")
        await pilot.press("r", "down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, MissingReasons)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert any("has not submitted" in n.message or "have not submitted" in n.message for n in app._notifications)
        assert isinstance(app.screen, MissingReasons), "a refusal keeps the dialog open, with what was typed"
    assert len(SessionFile.open(opened.path).state().reconciliations) == 0


async def test_a_panel_member_cannot_open_agreement(scored, app_for):
    opened, _, _ = scored
    app = app_for(opened.path)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_as(pilot, "Dee Member")
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, OverviewScreen)
        assert app.screen.check_action("reconcile", ()) is False


async def test_results_show_ranking_agreement_and_whose_voice(scored, app_for):
    opened, candidate, questions = scored
    chair = next(m for m in SessionFile.open(opened.path).state().members if m.name == "Sam Chair")
    svc = opened.sign_in(chair.id)
    svc.open_reconciliation(candidate.id)
    for q, value in zip(questions, [3, 1, 4, 2], strict=True):
        svc.set_agreed_score(candidate.id, q.id, value, reason="Panel agreed after discussion")
    app = app_for(opened.path)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_as(pilot, "Sam Chair")
        await pilot.press("r", "t")
        await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)
        text = visible_text(app)
        assert "C01 Alex Kim" in text and "10/16" in text
        assert "Krippendorff's alpha" in text
        assert "closest to Staff scores" in text
