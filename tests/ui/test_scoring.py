"""Scoring during the interview, by keys alone, checked in the session file."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from panel_tui.store import SessionFile
from panel_tui.ui.screens.candidate_picker import CandidatePickerScreen
from panel_tui.ui.screens.confirm import ConfirmScreen
from panel_tui.ui.screens.scoring import ScoringScreen
from panel_tui.ui.screens.sheet import SheetScreen

from .conftest import SIZE, make_panel, visible_text
from .helpers import settle, sign_in_as, start_scoring


async def test_member_scores_with_digits_adds_a_note_and_submits(panel, app_for):
    app = app_for(panel.path)
    async with app.run_test(size=SIZE) as pilot:
        await start_scoring(pilot, "Dee Member")
        assert isinstance(app.screen, ScoringScreen)
        assert "Question 1 of 1" in visible_text(app)
        await pilot.press("3")
        await settle(pilot)
        assert "▶ 3  Good  ← your score" in visible_text(app)
        assert "✓ Saved: question 1 scored 3 (Good)." in visible_text(app)
        await pilot.press("n", *"Clear example", "escape")
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, SheetScreen)
        assert "Clear example" in visible_text(app)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert "✓ Submitted" in visible_text(app)
    state = SessionFile.open(panel.path).state()
    sheet = state.sheet(panel.member.id, state.candidates[0].id)
    assert sheet is not None and sheet.submitted
    assert list(sheet.scores.values()) == [3]
    assert list(sheet.notes.values()) == ["Clear example"]
    assert state.briefed(panel.member.id)


async def test_a_digit_off_the_scale_is_refused_and_nothing_changes(panel, app_for):
    app = app_for(panel.path)
    async with app.run_test(size=SIZE) as pilot:
        await start_scoring(pilot, "Dee Member")
        await pilot.press("7")
        await settle(pilot)
        assert "✗ 7 is not on the scale. Scores on this panel go from 0 to 4." in visible_text(app)
    assert SessionFile.open(panel.path).state().sheets == ()


async def test_another_member_sees_nothing_until_they_submit_their_own(panel, app_for):
    state = panel.file.state()
    candidate, question = state.candidates[0], state.agreed_questions[0]
    first = app_for(panel.path)
    async with first.run_test(size=SIZE) as pilot:
        await start_scoring(pilot, "Dee Member")
        await pilot.press("4")
        await settle(pilot)
        await pilot.press("v", "s", "y")
        await settle(pilot)
    second = app_for(panel.path)
    async with second.run_test(size=SIZE) as pilot:
        await start_scoring(pilot, "Vic Volunteer")
        await pilot.press("v")
        await settle(pilot)
        text = visible_text(second)
        assert "Dee" not in text, "a member must not see another's scores before submitting"
        assert "4 Strong" not in text
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        await pilot.press("v", "s", "y")
        await settle(pilot)
        text = visible_text(second)
        assert "Dee (Member)" in text
    on_disk = SessionFile.open(panel.path).state()
    assert on_disk.sheet(panel.member.id, candidate.id).scores == {question.id: 4}


async def test_quitting_mid_sheet_keeps_every_score_and_note(sessions_dir, app_for):
    panel = make_panel(sessions_dir, questions=3)
    app = app_for(panel.path)
    async with app.run_test(size=SIZE) as pilot:
        await start_scoring(pilot, "Dee Member")
        await pilot.press("2", "3")
        await pilot.press("n", *"Typed just before quitting")
        await pilot.press("ctrl+q")
        await settle(pilot)
    state = SessionFile.open(panel.path).state()
    sheet = state.sheet(panel.member.id, state.candidates[0].id)
    assert sheet is not None
    ordered = [q.id for q in state.agreed_questions]
    assert sheet.scores == {ordered[0]: 2, ordered[1]: 3}
    assert sheet.notes == {ordered[2]: "Typed just before quitting"}
    assert not sheet.submitted


async def test_a_hard_conflict_stops_scoring_that_candidate(panel, app_for):
    app = app_for(panel.path)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_as(pilot, "Dee Member")
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, CandidatePickerScreen)
        await pilot.press("d")
        await settle(pilot)
        app.screen.query_one("#hard").value = True
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "⛔ conflict declared" in visible_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CandidatePickerScreen)
    state = SessionFile.open(panel.path).state()
    assert state.has_hard_conflict(panel.member.id, state.candidates[0].id)


async def test_chair_types_in_a_paper_sheet_for_a_member(panel, app_for):
    app = app_for(panel.path)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_as(pilot, "Sam Chair")
        await pilot.press("s")
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        names = [str(o.prompt) for o in app.screen.query_one("#paper-members").options]
        await pilot.press(*["down"] * next(i for i, n in enumerate(names) if n.startswith("Vic")), "enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ScoringScreen)
        assert "Vic Volunteer's paper sheet" in visible_text(app)
        await pilot.press("2")
        await settle(pilot)
    state = SessionFile.open(panel.path).state()
    sheet = state.sheet(panel.volunteer.id, state.candidates[0].id)
    assert sheet is not None and sheet.entered_by == "Sam Chair" and list(sheet.scores.values()) == [2]
    events = SessionFile.open(panel.path).audit_events()
    assert events[-1].action == "saved a score from paper" and events[-1].actor_name == "Sam Chair"


async def test_chairs_overview_shows_progress_from_another_process(panel, app_for):
    state = panel.file.state()
    script = textwrap.dedent(
        f"""
        from panel_tui.services import Actor, PanelService
        from panel_tui.store import SessionFile
        f = SessionFile.open({str(panel.path)!r})
        member = f.state().member({panel.member.id!r})
        svc = PanelService(f, Actor.of(member))
        svc.record_score(member.id, {state.candidates[0].id!r}, {state.agreed_questions[0].id!r}, 3)
        svc.submit_sheet(member.id, {state.candidates[0].id!r})
        """
    )
    app = app_for(panel.path)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_as(pilot, "Sam Chair")
        assert "0 of 3 score sheets submitted" in visible_text(app)
        subprocess.run([sys.executable, "-c", script], check=True)
        await pilot.pause(1.5)
        text = visible_text(app)
        assert "1 of 3 score sheets submitted" in text
        assert "✓ done" in text
        assert "3 Good" not in text and "| 3 |" not in text


async def test_a_member_who_chose_plain_words_sees_them_first(sessions_dir, app_for):
    from panel_tui.services import new_session

    opened, chair = new_session(sessions_dir, "Support worker", chair_name="Sam Chair")
    svc = opened.sign_in(chair.id)
    svc.add_member("Pip Plain", "member", plain_language=True)
    svc.add_candidate("Alex Kim")
    q = svc.propose_question("Describe your approach to person-centred planning.", plain_text="How do you plan with the person?")
    svc.set_question_status(q.id, "agreed")
    svc.lock_questions()
    app = app_for(opened.path)
    async with app.run_test(size=SIZE) as pilot:
        await start_scoring(pilot, "Pip Plain")
        text = visible_text(app)
        assert "How do you plan with the person?" in text and "Press L for the question as written." in text
        await pilot.press("l")
        await settle(pilot)
        assert "Describe your approach to person-centred planning." in visible_text(app)
