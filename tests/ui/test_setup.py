"""The chair's set-up through the keys, checked in the session file itself."""

from __future__ import annotations

from panel_tui.services import Actor, PanelService
from panel_tui.store import SessionFile
from panel_tui.ui.screens.candidate_form import CandidateForm
from panel_tui.ui.screens.confirm import ConfirmScreen
from panel_tui.ui.screens.member_form import MemberForm
from panel_tui.ui.screens.setup import SetupScreen

from .conftest import SIZE, visible_text
from .helpers import open_setup, settle


async def test_chair_adds_a_candidate_and_it_is_in_the_file(panel, app_for):
    app = app_for(panel.path)
    async with app.run_test(size=SIZE) as pilot:
        await open_setup(pilot)
        assert isinstance(app.screen, SetupScreen)
        await pilot.press("f5", "a")
        await settle(pilot)
        assert isinstance(app.screen, CandidateForm)
        assert app.screen.query_one("#code").value == "C02"
        await pilot.press(*"Jo Banks")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SetupScreen)
        assert "Jo Banks" in visible_text(app)
    on_disk = SessionFile.open(panel.path).state()
    added = [c for c in on_disk.candidates if c.name == "Jo Banks"]
    assert len(added) == 1 and added[0].code == "C02"
    assert any(e.action == "added candidate" and e.actor_name == "Sam Chair" for e in SessionFile.open(panel.path).audit_events())


async def test_chair_adds_a_panel_member_with_group_and_role(panel, app_for):
    app = app_for(panel.path)
    async with app.run_test(size=SIZE) as pilot:
        await open_setup(pilot)
        await pilot.press("f4", "a")
        await settle(pilot)
        assert isinstance(app.screen, MemberForm)
        await pilot.press(*"Rae Staff")
        app.screen.query_one("#group").value = "staff"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Panel: 1 Member, 1 Volunteer, 2 Staff" in visible_text(app)
    members = {m.name: m for m in SessionFile.open(panel.path).state().members}
    assert members["Rae Staff"].group.value == "staff"


async def test_empty_name_is_refused_and_nothing_saved(panel, app_for):
    before = SessionFile.open(panel.path).state()
    app = app_for(panel.path)
    async with app.run_test(size=SIZE) as pilot:
        await open_setup(pilot)
        await pilot.press("f5", "a", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CandidateForm)
        assert any("type the candidate's name" in n.message for n in app._notifications)
    assert SessionFile.open(panel.path).state().candidates == before.candidates


async def test_removing_someone_who_has_scored_is_refused_with_the_reason(panel, app_for):
    state = panel.file.state()
    as_dee = PanelService(panel.file, Actor.of(panel.member))
    as_dee.record_score(panel.member.id, state.candidates[0].id, state.agreed_questions[0].id, 3)
    app = app_for(panel.path)
    async with app.run_test(size=SIZE) as pilot:
        await open_setup(pilot)
        await pilot.press("f4")
        await settle(pilot)
        table = app.screen.query_one("#members")
        table.move_cursor(row=table.get_row_index(panel.member.id))
        await pilot.press("delete")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert any("Dee Member has already given scores, so they cannot be removed" in m for m in messages)
    assert any(m.name == "Dee Member" for m in SessionFile.open(panel.path).state().members)


async def test_chair_changes_session_details(panel, app_for):
    app = app_for(panel.path)
    async with app.run_test(size=SIZE) as pilot:
        await open_setup(pilot)
        field = app.screen.query_one("#label-member")
        field.value = "Expert by experience"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Panel: 1 Expert by experience, 1 Volunteer, 1 Staff" in visible_text(app)
    session = SessionFile.open(panel.path).state().session
    assert session.group_labels["member"] == "Expert by experience"


async def test_a_panel_member_cannot_open_setup(panel, app_for):
    from panel_tui.ui.screens.overview import OverviewScreen

    from .helpers import sign_in_as

    app = app_for(panel.path)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_as(pilot, "Dee Member")
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(app.screen, OverviewScreen)
        assert app.screen.check_action("setup", ()) is False


async def test_chair_sets_a_retention_date_and_a_bad_date_gets_a_plain_message(panel, app_for):
    app = app_for(panel.path)
    async with app.run_test(size=SIZE) as pilot:
        await open_setup(pilot)
        app.screen.query_one("#retention").value = "30/06/2027"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert any("must be a date written like 2027-06-30" in n.message for n in app._notifications)
        assert SessionFile.open(panel.path).state().session.retention_until is None
        app.screen.query_one("#retention").value = "2027-06-30"
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert str(SessionFile.open(panel.path).state().session.retention_until) == "2027-06-30"


async def test_the_save_button_does_what_ctrl_s_does(panel, app_for):
    app = app_for(panel.path)
    async with app.run_test(size=SIZE) as pilot:
        await open_setup(pilot)
        await pilot.press("f5", "a")
        await settle(pilot)
        assert isinstance(app.screen, CandidateForm)
        await pilot.press(*"Button Person")
        await pilot.click("#save")
        await settle(pilot)
        assert isinstance(app.screen, SetupScreen)
    assert any(c.name == "Button Person" for c in SessionFile.open(panel.path).state().candidates)
