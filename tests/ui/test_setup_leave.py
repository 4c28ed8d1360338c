"""Set-up never loses what was typed (issue 11): leaving with unsaved changes asks first; long values show in full."""

from __future__ import annotations

from panel_tui.store import SessionFile
from panel_tui.ui.screens.confirm import ConfirmScreen
from panel_tui.ui.screens.overview import OverviewScreen
from panel_tui.ui.screens.setup import SetupScreen

from .conftest import SIZE, visible_text
from .helpers import open_setup, settle

LONG_NEEDS = "Large text on every screen; short breaks between interviews; questions read aloud as well"


async def test_escape_with_unsaved_details_asks_and_n_keeps_what_was_typed(panel, app_for) -> None:  # type: ignore[no-untyped-def]
    app = app_for(panel.path)
    async with app.run_test(size=SIZE) as pilot:
        await open_setup(pilot)
        await pilot.press("end", *" (part time)")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert "session details" in visible_text(app)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, SetupScreen)
        assert app.screen.query_one("#vacancy").value == "Peer mentor (part time)"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, OverviewScreen), "saved: nothing to ask about"
    assert SessionFile.open(panel.path).state().session.vacancy == "Peer mentor (part time)"


async def test_leaving_without_saving_when_the_person_says_so_changes_nothing(panel, app_for) -> None:  # type: ignore[no-untyped-def]
    app = app_for(panel.path)
    async with app.run_test(size=SIZE) as pilot:
        await open_setup(pilot)
        await pilot.press("end", *" (part time)")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, OverviewScreen)
    assert SessionFile.open(panel.path).state().session.vacancy == "Peer mentor"


async def test_escape_with_nothing_changed_leaves_at_once(panel, app_for) -> None:  # type: ignore[no-untyped-def]
    app = app_for(panel.path)
    async with app.run_test(size=SIZE) as pilot:
        await open_setup(pilot)
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, OverviewScreen)


async def test_a_long_access_need_shows_in_full_under_the_panel_table(panel, app_for) -> None:  # type: ignore[no-untyped-def]
    from panel_tui.services import OpenedSession

    chair = OpenedSession.open(panel.path).sign_in(panel.chair.id)
    chair.edit_member(panel.member.id, access_needs=LONG_NEEDS, version=None)
    app = app_for(panel.path)
    async with app.run_test(size=SIZE) as pilot:
        await open_setup(pilot)
        await pilot.press("f4")
        await settle(pilot)
        table = app.screen.query_one("#members")
        table.move_cursor(row=table.get_row_index(panel.member.id))  # type: ignore[attr-defined]
        await settle(pilot)
        detail = app.screen.query_one("#member-detail")
        assert detail.region.height >= 2 and detail.region.bottom <= SIZE[1] - 1, "visible above the footer"
        words = " ".join(visible_text(app).split())
        assert f"Access needs: {LONG_NEEDS}" in words
