"""Set-up by keyboard, as a new chair uses it (issue 11).

What was seen in tmux at 80x24, on the demo, as the chair:

- U, Tab x7 (the cursor is on "Hide panel members' names"), Down x4: the form
  scrolls and the group names come into view, but the cursor stays on the tick
  box; typing "Peer ally" then loses the letters and the space ticks the box.
- The first Tab stopped on the form's frame, where nothing shows the cursor.
- F3 pressed while the cursor is in a Details field shows the Scale tab for a
  moment and then Details again, with the cursor moved to the Vacancy; F2
  pressed in a field of the Scale tab is ignored the same way (Textual moves
  the cursor of a hidden field to a field beside it, and that brings its tab back).
- The scale stayed editable after scoring had started; saving then said no.
"""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Button, Checkbox, DataTable, Input, Select, Tabs, TextArea

from panel_tui.services import Actor, PanelService
from panel_tui.store import SessionFile
from panel_tui.ui.messages import SessionChanged
from panel_tui.ui.screens.setup import SetupScreen

from .conftest import SIZE, visible_text
from .helpers import open_setup, settle, wait_for

MAGNIFIED = (60, 20)
FIELDS = (Input, Select, Checkbox, TextArea, Button, DataTable, Tabs)
"""What the cursor may rest on: something a person types in, chooses or presses, or the row of tabs."""
TAB_KEYS = {"details": "f2", "scale": "f3", "panel": "f4", "candidates": "f5"}
LOCKED = "The scale cannot change once scoring has started: 1 score uses it."


def shown(widget: Widget) -> bool:
    """The whole widget is on screen: not hidden, not scrolled out of any scrolling box it is in."""
    region = widget.region
    if region.area == 0:
        return False
    for ancestor in widget.ancestors:
        if isinstance(ancestor, Widget) and ancestor.is_scrollable and ancestor.region.area:
            if not ancestor.scrollable_content_region.contains_region(region):
                return False
    return widget.screen.region.contains_region(region)


def where(app) -> str:  # type: ignore[no-untyped-def]
    focused = app.screen.focused
    return "nothing" if focused is None else f"{type(focused).__name__}#{focused.id} at {tuple(focused.region)}"


def pane_of(widget: Widget) -> str | None:
    from textual.widgets import TabPane

    for ancestor in widget.ancestors:
        if isinstance(ancestor, TabPane):
            return ancestor.id
    return None


def check_cursor(app, tab: str | None = None) -> Widget:  # type: ignore[no-untyped-def]
    """The cursor is on a field a person can see (in `tab`'s pane, if given)."""
    focused = app.screen.focused
    assert focused is not None, "the cursor is nowhere"
    assert isinstance(focused, FIELDS), f"the cursor is on a frame: {where(app)}"
    assert shown(focused), f"the cursor is on a field out of sight: {where(app)}"
    if tab is not None:
        assert app.screen.active_tab == tab, f"on tab {app.screen.active_tab}, not {tab}"
        if not isinstance(focused, Tabs):
            assert pane_of(focused) == tab, f"the cursor is in another tab: {where(app)}"
    return focused


async def press(pilot: Pilot[object], *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
    await pilot.pause()


async def tab_to(pilot: Pilot[object], field_id: str, limit: int = 15) -> None:
    """Press Tab, as a person would, until the cursor is on `field_id`."""
    for _ in range(limit):
        if pilot.app.screen.focused is not None and pilot.app.screen.focused.id == field_id:
            return
        await press(pilot, "tab")
    raise AssertionError(f"Tab never reached #{field_id}")


def score_once(panel) -> None:  # type: ignore[no-untyped-def]
    state = panel.file.state()
    as_dee = PanelService(panel.file, Actor.of(panel.member))
    as_dee.record_score(panel.member.id, state.candidates[0].id, state.agreed_questions[0].id, 3)


# 1. The cursor goes where a person expects it, and what is typed goes there ------------


async def test_set_up_opens_with_the_cursor_in_the_first_field(panel, app_for) -> None:  # type: ignore[no-untyped-def]
    app = app_for(panel.path)
    async with app.run_test(size=SIZE) as pilot:
        await open_setup(pilot)
        await settle(pilot)
        assert check_cursor(app, "details").id == "vacancy"


@pytest.mark.parametrize(
    ("tab", "size"),
    [("details", SIZE), ("details", MAGNIFIED), ("scale", MAGNIFIED), ("panel", MAGNIFIED), ("candidates", MAGNIFIED)],
    ids=["details-80x24", "details-60x20", "scale-60x20", "panel-60x20", "candidates-60x20"],
)
async def test_tab_and_shift_tab_stop_only_on_fields_a_person_can_see(panel, app_for, tab, size) -> None:  # type: ignore[no-untyped-def]
    """Round the whole tab with Tab, then back with shift+Tab (the smaller screen is the harder one)."""
    app = app_for(panel.path)
    async with app.run_test(size=size) as pilot:
        await open_setup(pilot)
        await press(pilot, TAB_KEYS[tab])
        start, steps = check_cursor(app, tab), 0
        while steps < 16:
            steps += 1
            await press(pilot, "tab")
            if check_cursor(app, tab) is start:
                break
        for _ in range(steps):
            await press(pilot, "shift+tab")
            check_cursor(app, tab)


async def test_down_from_a_tick_box_goes_to_the_next_field_and_typing_lands_there(panel, app_for) -> None:  # type: ignore[no-untyped-def]
    app = app_for(panel.path)
    async with app.run_test(size=SIZE) as pilot:
        await open_setup(pilot)
        await tab_to(pilot, "pseudonymous")
        ticked = app.screen.query_one("#pseudonymous", Checkbox).value
        await press(pilot, "down")
        assert check_cursor(app, "details").id == "label-member", "Down goes to the next field"
        await press(pilot, *"Peer ally")
        assert app.screen.query_one("#label-member", Input).value.endswith("Peer ally")
        assert app.screen.query_one("#pseudonymous", Checkbox).value is ticked, "the space did not tick the box"


@pytest.mark.parametrize("size", [SIZE, MAGNIFIED], ids=["80x24", "60x20"])
async def test_arrows_and_page_keys_never_leave_the_cursor_out_of_sight(panel, app_for, size) -> None:  # type: ignore[no-untyped-def]
    app = app_for(panel.path)
    async with app.run_test(size=size) as pilot:
        await open_setup(pilot)
        await tab_to(pilot, "threshold")
        order = ["threshold", "anonymised", "pseudonymous", "label-member", "label-volunteer", "label-staff",
                 "retention-months", "retention", "legal-hold"]
        for expected in order[1:]:
            await press(pilot, "down")
            assert check_cursor(app, "details").id == expected
        await press(pilot, "down")
        assert check_cursor(app, "details").id == "confidentiality"
        await press(pilot, "shift+tab")
        for expected in reversed(order[:-1]):
            await press(pilot, "up")
            assert check_cursor(app, "details").id == expected
        for key in ["pagedown"] * 3 + ["pageup"] * 3:
            await press(pilot, key)
            check_cursor(app, "details")


async def test_typing_after_tabbing_goes_into_the_field_with_the_cursor(panel, app_for) -> None:  # type: ignore[no-untyped-def]
    app = app_for(panel.path)
    async with app.run_test(size=SIZE) as pilot:
        await open_setup(pilot)
        await tab_to(pilot, "label-staff")
        await press(pilot, "end", *" team")
        assert app.screen.query_one("#label-staff", Input).value == "Staff team"
        assert app.screen.query_one("#label-volunteer", Input).value == "Volunteer"


# 3. F2 to F5 change tab from wherever the cursor is -----------------------------------


async def test_f2_works_on_the_scale_tab_after_tabbing_into_it(panel, app_for) -> None:  # type: ignore[no-untyped-def]
    app = app_for(panel.path)
    async with app.run_test(size=SIZE) as pilot:
        await open_setup(pilot)
        await press(pilot, "f3")
        check_cursor(app, "scale")
        await tab_to(pilot, "point-2")
        await press(pilot, "f2")
        check_cursor(app, "details")


async def test_f3_from_a_tick_box_opens_the_scale_and_does_not_jump_back(panel, app_for) -> None:  # type: ignore[no-untyped-def]
    app = app_for(panel.path)
    async with app.run_test(size=SIZE) as pilot:
        await open_setup(pilot)
        await tab_to(pilot, "anonymised")
        await press(pilot, "f3")
        check_cursor(app, "scale")
        assert app.screen.query_one("#vacancy", Input).value == "Peer mentor"


async def test_every_f_key_works_from_every_field_of_every_tab(panel, app_for) -> None:  # type: ignore[no-untyped-def]
    app = app_for(panel.path)
    async with app.run_test(size=SIZE) as pilot:
        await open_setup(pilot)
        screen = app.screen
        assert isinstance(screen, SetupScreen)
        others = [t for t in TAB_KEYS]
        turn = 0
        for tab, key in TAB_KEYS.items():
            await press(pilot, key)
            seen: list[str] = []
            for step in range(16):
                focused = check_cursor(app, tab)
                name = f"{type(focused).__name__}#{focused.id}"
                if name in seen:
                    break
                seen.append(name)
                if step % 2 == 0 or tab != "details":  # every other field of the long details form: each kind is met
                    target = [t for t in others if t != tab][turn % 3]
                    turn += 1
                    await press(pilot, TAB_KEYS[target])
                    check_cursor(app, target)
                    await press(pilot, key)
                    focused.focus()
                await press(pilot, "tab")


# 2. A scale in use is shown read-only, with the reason -------------------------------


async def test_the_scale_can_be_edited_before_anyone_scores(panel, app_for) -> None:  # type: ignore[no-untyped-def]
    app = app_for(panel.path)
    async with app.run_test(size=SIZE) as pilot:
        await open_setup(pilot)
        await press(pilot, "f3")
        assert not app.screen.query_one("#preset", Select).is_disabled
        assert not any(field.is_disabled for field in app.screen.query(".scale-label").results(Input))
        assert "scoring has started" not in visible_text(app)


@pytest.mark.parametrize("size", [SIZE, MAGNIFIED], ids=["80x24", "60x20"])
async def test_once_scored_the_scale_is_read_only_and_says_why(panel, app_for, size) -> None:  # type: ignore[no-untyped-def]
    score_once(panel)
    before = panel.path.read_bytes()
    app = app_for(panel.path)
    async with app.run_test(size=size) as pilot:
        await open_setup(pilot)
        await press(pilot, "f3")
        screen = app.screen
        assert screen.query_one("#preset", Select).is_disabled
        labels = list(screen.query(".scale-label").results(Input))
        assert labels and all(field.is_disabled for field in labels)
        save = screen.query_one("#save-scale", Button)
        assert save.is_disabled or not save.display, "no Save button that cannot save"
        reason = screen.query_one("#scale-locked")
        assert LOCKED in visible_text(app) and shown(reason)
        await press(pilot, "ctrl+s")
        await settle(pilot)
        assert any(LOCKED in str(n.message) for n in app._notifications), "Ctrl+S says why not"
        # a magnified reader can still read the whole scale by keyboard
        assert app.screen.focused is not None and shown(app.screen.focused)
        for _ in range(4):
            await press(pilot, "pagedown")
        assert shown(labels[-1]), "the last label can be scrolled into view"
    assert panel.path.read_bytes() == before, "nothing was saved"


async def test_the_scale_locks_while_set_up_is_open_when_someone_scores(panel, app_for) -> None:  # type: ignore[no-untyped-def]
    app = app_for(panel.path)
    async with app.run_test(size=SIZE) as pilot:
        await open_setup(pilot)
        await press(pilot, "f3", "tab")
        score_once(panel)
        app.screen.post_message(SessionChanged())
        await wait_for(pilot, lambda: app.screen.query_one("#preset", Select).is_disabled)
        assert LOCKED in visible_text(app)
        focused = app.screen.focused
        assert focused is not None and shown(focused), "the cursor is not lost with the field it was in"
    assert SessionFile.open(panel.path).state().session.scale.high == 4


# The panel member and candidate forms move the same way -------------------------------


@pytest.mark.parametrize("size", [SIZE, MAGNIFIED], ids=["80x24", "60x20"])
async def test_in_the_member_form_down_goes_to_the_next_field_not_into_the_pin(panel, app_for, size) -> None:  # type: ignore[no-untyped-def]
    from panel_tui.ui.screens.member_form import MemberForm

    app = app_for(panel.path)
    async with app.run_test(size=size) as pilot:
        await open_setup(pilot)
        await press(pilot, "f4", "a")
        await settle(pilot)
        assert isinstance(app.screen, MemberForm)
        await press(pilot, *"Rae Staff")
        await tab_to(pilot, "pin")
        await press(pilot, "down")
        assert check_cursor(app).id == "plain"
        await press(pilot, "down")
        assert check_cursor(app).id == "access"
        await press(pilot, *"large text")
        form = app.screen
        assert form.query_one("#access", Input).value == "large text"
        assert form.query_one("#pin", Input).value == "", "nothing typed went into the PIN"
        assert form.query_one("#plain", Checkbox).value is False, "the space did not tick the box"
        await press(pilot, "down", "down")
        check_cursor(app)  # on to the buttons, still in sight


@pytest.mark.parametrize("size", [SIZE, MAGNIFIED], ids=["80x24", "60x20"])
async def test_in_the_candidate_form_down_goes_to_the_next_field(panel, app_for, size) -> None:  # type: ignore[no-untyped-def]
    from panel_tui.ui.screens.candidate_form import CandidateForm

    app = app_for(panel.path)
    async with app.run_test(size=size) as pilot:
        await open_setup(pilot)
        await press(pilot, "f5", "a")
        await settle(pilot)
        assert isinstance(app.screen, CandidateForm)
        await press(pilot, *"Jo Banks", "down", "down")
        assert check_cursor(app).id == "slot"
        await press(pilot, *"Tue 10:00", "down", "up", "up")
        assert check_cursor(app).id == "code"
        assert app.screen.query_one("#slot", Input).value == "Tue 10:00"
        assert app.screen.query_one("#code", Input).value == "C02"
