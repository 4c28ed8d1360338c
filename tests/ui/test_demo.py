"""The demo session, as a new user meets it: open, pick yourself, score, agree."""

from __future__ import annotations

from pathlib import Path

import pytest

from panel_tui.services.demo import ensure_demo
from panel_tui.store import SessionFile
from panel_tui.ui.screens.overview import OverviewScreen
from panel_tui.ui.screens.reconcile import ReconcileScreen
from panel_tui.ui.screens.reconcile_dialogs import AgreedScoreForm

from .conftest import SIZE, visible_text
from .helpers import settle, sign_in_as, start_scoring


@pytest.fixture
def demo(sessions_dir: Path) -> Path:
    path, created = ensure_demo(sessions_dir)
    assert created
    return path


async def test_open_the_demo_pick_yourself_and_see_the_overview(demo, app_for):
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "Peer mentor" in visible_text(app)
        await pilot.press("enter")
        await sign_in_as(pilot, "Dee Morgan")
        assert isinstance(app.screen, OverviewScreen)
        text = visible_text(app)
        assert "You: Dee Morgan (Member, Panel member)" in text
        assert "Panel: 2 Member, 1 Volunteer, 2 Staff" in text
        assert "8 of 20 score sheets submitted. 7 agreed questions (locked)." in text


async def test_a_member_scores_the_next_candidate_in_the_demo(demo, app_for):
    app = app_for(demo)
    async with app.run_test(size=SIZE) as pilot:
        await start_scoring(pilot, "Marcus Bell")
        text = visible_text(app)
        assert "C02 Sam Okafor" in text, "the next candidate Marcus has not scored comes first"
        assert "Question 1 of 7" in text and "What a good answer shows" in text
        await pilot.press(*"3232323")
        await settle(pilot)
    state = SessionFile.open(demo).state()
    marcus = next(m for m in state.members if m.name == "Marcus Bell")
    c02 = next(c for c in state.candidates if c.code == "C02")
    assert list(state.sheet(marcus.id, c02.id).scores.values()) == [3, 2, 3, 2, 3, 2, 3]


async def test_chair_agrees_scores_in_the_demo_flagged_first(demo, app_for):
    app = app_for(demo)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_as(pilot, "Priya Shah")
        await pilot.press("r", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ReconcileScreen)
        grid = app.screen.query_one("#grid")
        assert grid.get_row_at(0)[1].plain == "⚑"
        assert "in the next hour" in visible_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AgreedScoreForm)
        app.screen.query_one("#score").value = "2"
        app.screen.query_one("#reason").value = "Safety check was missing in most answers"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Outcome: appoint" in visible_text(app)
    state = SessionFile.open(demo).state()
    c01 = next(c for c in state.candidates if c.code == "C01")
    assert [a.score for a in state.agreed if a.candidate_id == c01.id] == [2]
    assert state.outcome(c01.id).decision.value == "appoint"
