"""Dialogs never lose what was typed (issue 11): focus starts on the first field, and a refused save
keeps the dialog open with everything typed and the reason shown inside it."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, TextArea

from panel_tui.services import new_session
from panel_tui.store import SessionFile
from panel_tui.ui.screens.reconcile import ReconcileScreen
from panel_tui.ui.screens.reconcile_dialogs import AgreedScoreForm, OutcomeForm, SignOffForm

from .conftest import SIZE, visible_text
from .helpers import settle, sign_in_as, wait_for


@pytest.fixture
def opened_round(sessions_dir: Path) -> Path:
    """One candidate, two questions, two members who submitted different scores, agreement open."""
    opened, chair = new_session(sessions_dir, "Peer mentor", chair_name="Sam Chair", chair_group="staff")
    assert chair is not None
    as_chair = opened.sign_in(chair.id)
    members = [as_chair.add_member("Dee Member", "member"), as_chair.add_member("Vic Volunteer", "volunteer")]
    candidate = as_chair.add_candidate("Alex Kim")
    questions = [as_chair.propose_question(f"Question {n}?") for n in (1, 2)]
    for q in questions:
        as_chair.set_question_status(q.id, "agreed")
    as_chair.lock_questions()
    for member, value in zip(members, (0, 4), strict=True):
        service = opened.sign_in(member.id)
        for q in questions:
            service.record_score(member.id, candidate.id, q.id, value)
        service.submit_sheet(member.id, candidate.id)
    as_chair.open_reconciliation(candidate.id, {chair.id: "chairing"})
    return opened.path


async def _open_grid(pilot) -> None:  # type: ignore[no-untyped-def]
    await sign_in_as(pilot, "Sam Chair")
    await pilot.press("r", "enter")
    await settle(pilot)
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ReconcileScreen))


@pytest.mark.parametrize("key, form", [("o", OutcomeForm), ("s", SignOffForm), ("enter", AgreedScoreForm)])
async def test_focus_starts_on_the_first_field_never_the_frame(opened_round: Path, app_for, key: str, form: type) -> None:
    app = app_for(opened_round)
    async with app.run_test(size=SIZE) as pilot:
        await _open_grid(pilot)
        await pilot.press(key)
        await settle(pilot)
        assert isinstance(app.screen, form)
        assert app.focused is not None and not app.focused.has_class("dialog"), f"focus on {app.focused}"
        assert app.focused.id in {"decision", "mode", "score"}, f"focus on {app.focused}, not the first field"


async def test_typing_after_one_tab_in_the_outcome_dialog_lands_in_the_feedback(opened_round: Path, app_for) -> None:
    app = app_for(opened_round)
    async with app.run_test(size=SIZE) as pilot:
        await _open_grid(pilot)
        await pilot.press("o")
        await settle(pilot)
        await pilot.press("tab", *"Warm and clear")
        assert app.screen.query_one("#feedback", TextArea).text == "Warm and clear"


async def test_a_refused_agreed_score_keeps_the_dialog_and_what_was_typed(opened_round: Path, app_for) -> None:
    app = app_for(opened_round)
    async with app.run_test(size=SIZE) as pilot:
        await _open_grid(pilot)
        await pilot.press("enter")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, AgreedScoreForm)
        score = form.query_one("#score", Input)
        score.value = "1"  # 2 away from the middle: a reason is needed
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form, "the dialog stays open"
        assert score.value == "1"
        assert "✗ Not saved: Please give a reason" in visible_text(app)
        form.query_one("#reason", Input).value = "Strong example in the follow-up"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await wait_for(pilot, lambda: isinstance(app.screen, ReconcileScreen))
    agreed = SessionFile.open(opened_round).state().agreed
    assert [(a.score, a.reason) for a in agreed] == [(1, "Strong example in the follow-up")]


async def test_signing_off_too_early_keeps_the_dialog_and_says_why(opened_round: Path, app_for) -> None:
    app = app_for(opened_round)
    async with app.run_test(size=SIZE) as pilot:
        await _open_grid(pilot)
        await pilot.press("s")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, SignOffForm)
        form.query_one("#note", Input).value = "Kept through a refusal"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert form.query_one("#note", Input).value == "Kept through a refusal"
        assert "have no agreed score yet" in visible_text(app)


async def test_the_easy_part_of_agreement_in_one_key(sessions_dir: Path, app_for) -> None:
    """Three questions: two where the panel agrees, one flagged. A agrees the two at their middle score."""
    opened, chair = new_session(sessions_dir, "Peer mentor", chair_name="Sam Chair", chair_group="staff")
    assert chair is not None
    as_chair = opened.sign_in(chair.id)
    members = [as_chair.add_member("Dee Member", "member"), as_chair.add_member("Vic Volunteer", "volunteer")]
    candidate = as_chair.add_candidate("Alex Kim")
    questions = [as_chair.propose_question(f"Question {n}?") for n in (1, 2, 3)]
    for q in questions:
        as_chair.set_question_status(q.id, "agreed")
    as_chair.lock_questions()
    for member, values in zip(members, ([3, 2, 0], [3, 3, 4]), strict=True):
        service = opened.sign_in(member.id)
        for q, value in zip(questions, values, strict=True):
            service.record_score(member.id, candidate.id, q.id, value)
        service.submit_sheet(member.id, candidate.id)
    as_chair.open_reconciliation(candidate.id, {chair.id: "chairing"})
    app = app_for(opened.path)
    async with app.run_test(size=SIZE) as pilot:
        await _open_grid(pilot)
        await pilot.press("a")
        await settle(pilot)
        await wait_for(pilot, lambda: any("Agreed 2 unflagged" in str(n.message) for n in app._notifications))
        assert any("1 flagged question(s) still need the panel" in str(n.message) for n in app._notifications)
    state = SessionFile.open(opened.path).state()
    agreed = {a.question_id: a.score for a in state.agreed}
    assert agreed == {questions[0].id: 3, questions[1].id: 2}, "the flagged question (0 and 4) is left for the panel"
