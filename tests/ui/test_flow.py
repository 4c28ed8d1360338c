"""Open a session, say who you are, see the overview: as a person would, by keys."""

from __future__ import annotations

from panel_tui.store import SessionFile
from panel_tui.ui.screens.overview import OverviewScreen
from panel_tui.ui.screens.session_list import SessionListScreen
from panel_tui.ui.screens.sign_in import SignInScreen

from .conftest import SIZE, visible_text
from .helpers import settle, sign_in_as


async def test_session_list_opens_a_session_and_the_member_signs_in(panel, app_for):
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SessionListScreen)
        assert "Peer mentor" in visible_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SignInScreen)
        text = visible_text(app)
        assert "Dee Member" in text and "Member, Panel member" in text
        # names in alphabetical order, nobody chosen: Enter alone signs nobody in
        names = [str(o.prompt) for o in app.screen.query_one("#people").options]
        assert names == sorted(names, key=str.casefold)
        assert app.screen.query_one("#people").highlighted is None
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SignInScreen), "one careless Enter signs nobody in"
        await pilot.press(*["down"] * (next(i for i, n in enumerate(names) if n.startswith("Dee")) + 1))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, OverviewScreen)
        text = visible_text(app)
        assert "You: Dee Member (Member, Panel member)" in text
        assert "Panel: 1 Member, 1 Volunteer, 1 Staff" in text
        assert "0 of 3 score sheets submitted" in text
        assert "⚠" not in text


async def test_open_file_directly_goes_to_who_are_you(panel, app_for):
    app = app_for(panel.path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SignInScreen)


async def test_a_damaged_file_is_reported_and_left_alone(sessions_dir, app_for):
    damaged = sessions_dir / "broken.json"
    damaged.write_bytes(b'{"_meta": {"meta": {"schema_vers')
    before = damaged.read_bytes()
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "⚠ damaged" in visible_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SessionListScreen)
        messages = [n.message for n in app._notifications]
        assert any("broken.json is damaged" in m for m in messages)
    assert damaged.read_bytes() == before


async def test_the_overview_updates_when_another_terminal_saves(panel, app_for):
    from panel_tui.services import Actor, PanelService

    app = app_for(panel.path)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_as(pilot, "Sam Chair")
        assert isinstance(app.screen, OverviewScreen)
        other = PanelService(SessionFile.open(panel.path), Actor.of(panel.chair))
        other.add_candidate("Bo Lee")
        await pilot.pause(1.3)
        await pilot.press("3")
        await settle(pilot)
        assert "Bo Lee" in visible_text(app)


async def test_after_signing_out_nobody_is_chosen_for_the_next_person(panel, app_for):
    app = app_for(panel.path)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_as(pilot, "Dee Member")
        await pilot.press("w")
        await settle(pilot)
        assert isinstance(app.screen, SignInScreen)
        assert app.screen.query_one("#people").highlighted is None
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SignInScreen), "Enter alone does not sign the last person in again"
