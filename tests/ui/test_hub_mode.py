"""Hub mode (issue 12) through the app: served tabs need PINs, one named member, PIN slips, back where you were,
nothing typed lost when a tab closes, and the hub status file."""

from __future__ import annotations

import io
import json
import re
import stat
from pathlib import Path

import pytest
from textual.widgets import Button

from panel_tui.domain.pins import verify_pin
from panel_tui.services import OpenedSession
from panel_tui.store import SessionFile
from panel_tui.ui.app import PanelApp, make_app
from panel_tui.ui.screens.candidate_picker import CandidatePickerScreen
from panel_tui.ui.screens.overview import OverviewScreen
from panel_tui.ui.screens.pin_prompt import PinPrompt
from panel_tui.ui.screens.pin_slips import PinSlipsScreen
from panel_tui.ui.screens.scoring import ScoringScreen
from panel_tui.ui.screens.setup import SetupScreen
from panel_tui.ui.screens.sign_in import SignInScreen
from panel_tui.ui.widgets.toggles import TickList

from .conftest import SIZE, make_panel, visible_text
from .helpers import open_setup, settle, sign_in_as, start_scoring, wait_for

NEED_A_PIN = "You need a PIN to sign in here. Ask the chair to set one in Set-up."


def build(sessions_dir: Path, path: Path, tmp_path: Path, **options: object) -> PanelApp:
    return make_app(sessions_dir, path, tmp_path / "settings.json", **options)  # type: ignore[arg-type]


async def at_sign_in(pilot) -> SignInScreen:  # type: ignore[no-untyped-def]
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, SignInScreen) and pilot.app.screen.is_mounted)
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, SignInScreen)
    return screen


def notices(app: PanelApp) -> list[str]:
    return [n.message for n in app._notifications]


# PINs required when served ------------------------------------------------------------------------------------------


async def test_served_nobody_signs_in_without_a_pin_and_the_list_says_who_has_none(panel, sessions_dir, tmp_path):
    app = build(sessions_dir, panel.path, tmp_path, served=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await at_sign_in(pilot)
        shown = visible_text(app)
        assert "Dee Member" in shown and "no PIN yet" in shown
        assert "setting up this session" not in shown
        names = [str(o.prompt) for o in screen.query_one("#people").options]
        index = next(i for i, n in enumerate(names) if n.startswith("Dee Member"))
        await pilot.press(*["down"] * (index + 1), "enter")
        await settle(pilot)
        await wait_for(pilot, lambda: NEED_A_PIN in notices(app))
        assert isinstance(app.screen, SignInScreen) and app.service is None


async def test_served_a_member_with_a_pin_signs_in_with_it(sessions_dir, tmp_path):
    panel = make_panel(sessions_dir)
    chair = OpenedSession.open(panel.path).sign_in(panel.chair.id)
    chair.edit_member(panel.chair.id, pin="1357")
    chair.edit_member(panel.member.id, pin="2468")
    app = build(sessions_dir, panel.path, tmp_path, served=True)
    async with app.run_test(size=SIZE) as pilot:
        await at_sign_in(pilot)
        assert "no PIN yet" in visible_text(app), "Vic has none yet"
        names = [str(o.prompt) for o in app.screen.query_one("#people").options]
        index = next(i for i, n in enumerate(names) if n.startswith("Dee Member"))
        await pilot.press(*["down"] * (index + 1), "enter")
        await settle(pilot)
        assert isinstance(app.screen, PinPrompt)
        await pilot.press(*"2468", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, OverviewScreen))


async def test_in_a_terminal_nobody_is_marked_as_having_no_pin(panel, sessions_dir, tmp_path):
    app = build(sessions_dir, panel.path, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await at_sign_in(pilot)
        assert "no PIN yet" not in visible_text(app)


# One named member ----------------------------------------------------------------------------------------------------


async def test_a_named_member_sees_only_their_own_name_and_signs_in(panel, sessions_dir, tmp_path):
    app = build(sessions_dir, panel.path, tmp_path, member="dee MEMBER")
    async with app.run_test(size=SIZE) as pilot:
        screen = await at_sign_in(pilot)
        names = [str(o.prompt) for o in screen.query_one("#people").options]
        assert len(names) == 1 and names[0].startswith("Dee Member")
        await sign_in_as(pilot, "Dee Member")
        assert isinstance(app.screen, OverviewScreen) and app.service is not None
        assert app.service.actor.id == panel.member.id


async def test_a_named_member_with_a_pin_is_asked_for_it(sessions_dir, tmp_path):
    panel = make_panel(sessions_dir)
    chair = OpenedSession.open(panel.path).sign_in(panel.chair.id)
    chair.edit_member(panel.chair.id, pin="1357")
    chair.edit_member(panel.member.id, pin="2468")
    app = build(sessions_dir, panel.path, tmp_path, member="Dee Member")
    async with app.run_test(size=SIZE) as pilot:
        screen = await at_sign_in(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, PinPrompt) and screen.people
        await pilot.press(*"2468", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, OverviewScreen))


async def test_a_name_nobody_has_says_so_and_nobody_signs_in(panel, sessions_dir, tmp_path):
    app = build(sessions_dir, panel.path, tmp_path, member="Zed Nobody")
    async with app.run_test(size=SIZE) as pilot:
        screen = await at_sign_in(pilot)
        assert screen.query_one("#people").option_count == 0
        assert "Nobody called Zed Nobody is on this panel" in visible_text(app)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, SignInScreen) and app.service is None


# PIN slips -----------------------------------------------------------------------------------------------------------


async def _open_pin_slips(pilot) -> PinSlipsScreen:  # type: ignore[no-untyped-def]
    await open_setup(pilot)
    assert isinstance(pilot.app.screen, SetupScreen)
    await pilot.press("f4", "k")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, PinSlipsScreen)
    return screen


def _pins_in(page: str) -> dict[str, str]:
    """name -> PIN, read back from the page as a person would."""
    found = re.findall(r"<h2[^>]*>(.*?)</h2>.*?Your PIN: (\d{4})", page, flags=re.S)
    return dict(found)


async def test_the_chair_makes_pin_slips_in_set_up_and_is_told_where_the_page_is(panel, sessions_dir, tmp_path):
    app = build(sessions_dir, panel.path, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_setup(pilot)
        await pilot.press("f4")
        await settle(pilot)
        footer = {b.binding.description for b in app.screen.active_bindings.values() if b.binding.show and b.enabled}
        assert "PIN slips" in footer
        await pilot.press("k")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PinSlipsScreen)
        ticks = screen.query_one(TickList)
        assert len(ticks.selected) == 3, "nobody has a PIN yet, so everyone is ticked"
        assert "old PIN stops working" in visible_text(app)
        screen.query_one("#save", Button).press()
        await wait_for(pilot, lambda: isinstance(app.screen, SetupScreen))
        await settle(pilot)
        page_path = panel.path.parent / "exports" / panel.path.stem / "pin-slips.html"
        said = "\n".join(notices(app))
        assert str(page_path) in said and "Print it, then delete it: it holds everyone's PIN." in said
    assert stat.S_IMODE(page_path.stat().st_mode) == 0o600
    pins = _pins_in(page_path.read_text(encoding="utf-8"))
    assert set(pins) == {"Sam Chair", "Dee Member", "Vic Volunteer"}
    members = {m.name: m for m in SessionFile.open(panel.path).state().members}
    for name, pin in pins.items():
        stored = members[name].pin_hash
        assert stored is not None and verify_pin(pin, stored)


async def test_only_the_people_ticked_get_a_new_pin(sessions_dir, tmp_path):
    panel = make_panel(sessions_dir)
    chair = OpenedSession.open(panel.path).sign_in(panel.chair.id)
    chair.edit_member(panel.chair.id, pin="1357")
    app = build(sessions_dir, panel.path, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_as(pilot, "Sam Chair")
        await pilot.press(*"1357", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, OverviewScreen))
        await pilot.press("u")
        await settle(pilot)
        await pilot.press("f4", "k")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PinSlipsScreen)
        ticks = screen.query_one(TickList)
        assert sorted(ticks.selected) == sorted([panel.member.id, panel.volunteer.id]), "the chair has a PIN: not ticked"
        ticks.deselect(panel.volunteer.id)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, SetupScreen))
        await settle(pilot)
    members = {m.name: m for m in SessionFile.open(panel.path).state().members}
    assert members["Vic Volunteer"].pin_hash is None
    assert members["Sam Chair"].pin_hash is not None and verify_pin("1357", members["Sam Chair"].pin_hash)
    assert members["Dee Member"].pin_hash is not None


async def test_nobody_ticked_changes_nothing_and_says_why(panel, sessions_dir, tmp_path):
    before = panel.path.read_bytes()
    app = build(sessions_dir, panel.path, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_pin_slips(pilot)
        screen.query_one(TickList).deselect_all()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PinSlipsScreen)
        assert "Tick at least one panel member" in visible_text(app)
    assert panel.path.read_bytes() == before


async def test_served_the_page_also_opens_in_the_chairs_browser(panel, sessions_dir, tmp_path, monkeypatch):
    delivered: list[tuple[str, dict[str, object]]] = []

    def deliver_text(self, path_or_file, **options):  # type: ignore[no-untyped-def]
        text = path_or_file.read() if isinstance(path_or_file, io.TextIOBase) else Path(path_or_file).read_text()
        delivered.append((text, options))
        return "key"

    monkeypatch.setattr(PanelApp, "deliver_text", deliver_text)
    monkeypatch.setattr(PanelApp, "is_web", property(lambda self: True))
    chair = OpenedSession.open(panel.path).sign_in(panel.chair.id)
    chair.edit_member(panel.chair.id, pin="1357")
    app = build(sessions_dir, panel.path, tmp_path, served=True)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_as(pilot, "Sam Chair")
        await pilot.press(*"1357", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, OverviewScreen))
        await pilot.press("u")
        await settle(pilot)
        await pilot.press("f4", "k")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: bool(delivered))
    ((text, options),) = delivered
    assert options.get("open_method") == "browser" and options.get("mime_type") == "text/html"
    assert "Your PIN: " in text and "Dee Member" in text


async def test_a_panel_member_has_no_pin_slips_key(panel, sessions_dir, tmp_path):
    app = build(sessions_dir, panel.path, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_as(pilot, "Dee Member")
        assert "pin_slips" not in {b.binding.action for b in app.screen.active_bindings.values()}


# Back where you were -------------------------------------------------------------------------------------------------


async def test_signing_in_again_goes_back_to_the_question_you_were_on(sessions_dir, tmp_path):
    panel = make_panel(sessions_dir, questions=4)
    first = build(sessions_dir, panel.path, tmp_path)
    async with first.run_test(size=SIZE) as pilot:
        await start_scoring(pilot, "Dee Member")
        assert isinstance(first.screen, ScoringScreen)
        await pilot.press("2", "3")
        await settle(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)
    again = build(sessions_dir, panel.path, tmp_path)
    async with again.run_test(size=SIZE) as pilot:
        await sign_in_as(pilot, "Dee Member")
        await wait_for(pilot, lambda: isinstance(again.screen, ScoringScreen))
        screen = again.screen
        assert isinstance(screen, ScoringScreen)
        assert screen.index == 2 and "Question 3 of 4" in visible_text(again)
        assert "Welcome back. You were scoring C01, question 3 of 4." in notices(again)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(again.screen, CandidatePickerScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(again.screen, OverviewScreen)


async def test_nothing_started_means_the_overview_as_usual(panel, sessions_dir, tmp_path):
    app = build(sessions_dir, panel.path, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_as(pilot, "Dee Member")
        await settle(pilot)
        assert isinstance(app.screen, OverviewScreen)
        assert not any(n.startswith("Welcome back") for n in notices(app))


async def test_a_note_typed_just_before_the_tab_closes_is_saved(sessions_dir, tmp_path):
    """The browser closing its tab (or the hub stopping) asks the app to exit, not to quit by Ctrl+Q."""
    panel = make_panel(sessions_dir, questions=2)
    app = build(sessions_dir, panel.path, tmp_path, served=False)
    async with app.run_test(size=SIZE) as pilot:
        await start_scoring(pilot, "Dee Member")
        await pilot.press("n", *"Typed as the tab closed")
        app.exit()  # what textual-serve's "quit" and SIGTERM do (messages.ExitApp)
        await pilot.pause()
    state = SessionFile.open(panel.path).state()
    sheet = state.sheet(panel.member.id, state.candidates[0].id)
    assert sheet is not None and sheet.notes == {state.agreed_questions[0].id: "Typed as the tab closed"}


# The hub status file -------------------------------------------------------------------------------------------------


@pytest.fixture
def hub(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "hub"
    folder.mkdir()
    monkeypatch.setenv("PANEL_TUI_HUB_DIR", str(folder))
    monkeypatch.setenv("PANEL_TUI_HUB_TAB", "tab-7")
    return folder


async def _status(pilot, path: Path, name: str | None) -> dict[str, object]:  # type: ignore[no-untyped-def]
    def shows() -> bool:
        try:
            return bool(json.loads(path.read_text()).get("name") == name)
        except (OSError, ValueError):
            return False

    await wait_for(pilot, shows)
    return json.loads(path.read_text())  # type: ignore[no-any-return]


async def test_the_hub_status_file_says_who_signed_in_then_out_and_goes_at_exit(panel, sessions_dir, tmp_path, hub):
    status = hub / "tab-7.json"
    app = build(sessions_dir, panel.path, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_as(pilot, "Dee Member")
        signed_in = await _status(pilot, status, "Dee Member")
        assert set(signed_in) == {"name", "role", "vacancy", "at"}
        assert (signed_in["role"], signed_in["vacancy"]) == ("panel member", "Peer mentor")
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d.*", str(signed_in["at"]))
        assert stat.S_IMODE(status.stat().st_mode) == 0o600
        await pilot.press("w")
        await settle(pilot)
        signed_out = await _status(pilot, status, None)
        assert signed_out["role"] is None and signed_out["vacancy"] == "Peer mentor"
        await sign_in_as(pilot, "Sam Chair")
        assert (await _status(pilot, status, "Sam Chair"))["role"] == "chair"
        assert [p.name for p in hub.iterdir()] == ["tab-7.json"], "no temp file left behind"
    assert not status.exists(), "removed when the app exits"


@pytest.mark.parametrize("tab", ["../escape", "tab 7", "tab/7", "", ".hidden", "x" * 200])
async def test_an_unsafe_tab_id_writes_nothing(panel, sessions_dir, tmp_path, hub, monkeypatch, tab):
    monkeypatch.setenv("PANEL_TUI_HUB_TAB", tab)
    app = build(sessions_dir, panel.path, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_as(pilot, "Dee Member")
        await settle(pilot)
        await pilot.pause(0.1)
    assert list(hub.iterdir()) == [] and not (tmp_path / "escape.json").exists()


async def test_a_hub_folder_that_cannot_be_written_never_stops_the_app(panel, sessions_dir, tmp_path, monkeypatch):
    not_a_folder = tmp_path / "hub-file"
    not_a_folder.write_text("in the way")
    monkeypatch.setenv("PANEL_TUI_HUB_DIR", str(not_a_folder))
    monkeypatch.setenv("PANEL_TUI_HUB_TAB", "tab-1")
    app = build(sessions_dir, panel.path, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_as(pilot, "Dee Member")
        assert isinstance(app.screen, OverviewScreen)
        await pilot.press("w")
        await settle(pilot)
        assert isinstance(app.screen, SignInScreen)
    assert not_a_folder.read_text() == "in the way"


async def test_without_the_hub_variables_no_status_file_is_written(panel, sessions_dir, tmp_path, monkeypatch):
    monkeypatch.delenv("PANEL_TUI_HUB_DIR", raising=False)
    monkeypatch.delenv("PANEL_TUI_HUB_TAB", raising=False)
    app = build(sessions_dir, panel.path, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_as(pilot, "Dee Member")
        assert app.hub_status is None
