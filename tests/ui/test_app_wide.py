"""What holds on every screen: literal names, warnings, help, colours, palette, PINs."""

from __future__ import annotations

from pathlib import Path

from panel_tui.services import new_session
from panel_tui.settings import load_settings
from panel_tui.ui.screens.help import HelpScreen
from panel_tui.ui.screens.overview import OverviewScreen
from panel_tui.ui.screens.pin_prompt import PinPrompt
from panel_tui.ui.screens.sign_in import SignInScreen

from .conftest import SIZE, visible_text
from .helpers import open_setup, settle, sign_in_as, wait_for

HOSTILE_NAME = "Ann [bold]Bold[/bold] [link=https://example.org]x[/link]"
ESCAPE_NAME = "Esc \x1b[31mRed\x1b[0m"


async def test_names_with_markup_and_escape_codes_are_shown_literally(sessions_dir: Path, app_for):
    opened, chair = new_session(sessions_dir, "Role [i]with[/i] markup", chair_name=HOSTILE_NAME, chair_group="member")
    svc = opened.sign_in(chair.id)
    svc.add_member(ESCAPE_NAME, "staff")
    svc.add_candidate("[red]Cand[/red]")
    app = app_for(opened.path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = visible_text(app)
        assert "Session: Role [i]with[/i] markup" in text
        assert HOSTILE_NAME in text
        assert "Esc \\x1b[31mRed\\x1b[0m" in text
        assert "\x1b" not in text
        await sign_in_as(pilot, "Ann [bold]")
        text = visible_text(app)
        assert f"You: {HOSTILE_NAME}" in text
        await pilot.press("3")
        assert "[red]Cand[/red]" in visible_text(app)
        await pilot.press("u", "f4")
        await settle(pilot)
        text = visible_text(app)
        assert HOSTILE_NAME in text and "Esc \\x1b[31mRed\\x1b[0m" in text


async def test_a_staff_only_panel_shows_a_warning_in_words(sessions_dir: Path, app_for):
    opened, chair = new_session(sessions_dir, "Support worker", chair_name="Sam Chair", chair_group="staff")
    opened.sign_in(chair.id).add_member("Pat Staff", "staff")
    app = app_for(opened.path)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_as(pilot, "Sam Chair")
        text = visible_text(app)
        assert "Panel: 0 Member, 0 Volunteer, 2 Staff" in text
        assert "⚠ Warning: No member or volunteer is on this panel." in text
        assert "⚠ Warning: Staff are more than half of this panel." in text


async def test_f1_explains_the_screen_in_plain_words(panel, app_for):
    app = app_for(panel.path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = visible_text(app)
        assert "Move to your own name" in text
        assert "That's me" in text
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, SignInScreen)


async def test_high_contrast_theme_is_chosen_with_a_key_and_remembered(panel, app_for, tmp_path: Path):
    app = app_for(panel.path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+t", "ctrl+t")
        await settle(pilot)
        assert app.theme == "high-contrast"
    assert load_settings(tmp_path / "settings.json").theme == "high-contrast"
    again = app_for(panel.path)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert again.theme == "high-contrast"


async def test_every_footer_action_is_in_the_command_palette(panel, app_for):
    app = app_for(panel.path)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_as(pilot, "Sam Chair")
        titles = {c.title for c in app.get_system_commands(app.screen)}
        for action in ("Progress", "Panel", "Candidates", "Questions", "Set-up", "Sign out", "Help", "Colours"):
            assert action in titles
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"Set-up")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause(0.5)
        from panel_tui.ui.screens.setup import SetupScreen

        assert isinstance(app.screen, SetupScreen)


async def test_every_main_key_fits_in_the_footer_at_80x24(panel, app_for):
    from textual.widgets import Footer
    from textual.widgets._footer import FooterKey

    app = app_for(panel.path)
    async with app.run_test(size=SIZE) as pilot:
        await open_setup(pilot)
        await pilot.press("f4")
        await settle(pilot)
        footer = app.screen.query_one(Footer)
        shown = {k.description for k in footer.query(FooterKey) if k.region.right <= SIZE[0] and k.region.width}
        for description in ("Add", "Change", "Remove", "Back", "Help", "Colours"):
            assert description in shown
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, OverviewScreen)
        footer = app.screen.query_one(Footer)
        shown = {k.description for k in footer.query(FooterKey) if k.region.right <= SIZE[0] and k.region.width}
        for description in ("Score", "Questions", "Agree", "Set-up", "Sign out", "Help", "Colours"):
            assert description in shown


async def test_wrong_pin_then_a_wait_after_three_tries(sessions_dir: Path, app_for, monkeypatch):
    from datetime import timedelta

    from panel_tui.domain.models import now
    from panel_tui.services import sessions

    opened, chair = new_session(sessions_dir, "Peer mentor", chair_name="Sam Chair")
    as_chair = opened.sign_in(chair.id)
    as_chair.edit_member(chair.id, pin="1357")
    as_chair.add_member("Pip Pin", "member", pin="2468")

    async def choose_pip(pilot) -> None:
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, SignInScreen) and pilot.app.screen.people != {})
        names = [str(o.prompt) for o in pilot.app.screen.query_one("#people").options]
        await pilot.press(*["down"] * (next(i for i, n in enumerate(names) if n.startswith("Pip")) + 1), "enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, PinPrompt)

    first = app_for(opened.path)
    async with first.run_test(size=SIZE) as pilot:
        await choose_pip(pilot)
        for _ in range(2):
            await pilot.press(*"1111", "enter")
            await settle(pilot)
        assert "Please try again" in str(first.screen.query_one("#pin-message").render())
    second = app_for(opened.path)  # another terminal continues the count: it is kept in the session
    async with second.run_test(size=SIZE) as pilot:
        app = second
        await choose_pip(pilot)
        await pilot.press(*"1111", "enter")
        await settle(pilot)
        message = str(app.screen.query_one("#pin-message").render())
        assert "wait 30 seconds" in message
        await pilot.press(*"2468", "enter")
        await settle(pilot)
        assert isinstance(app.screen, PinPrompt), "the right PIN must wait too, after three wrong tries"
        assert "Too many wrong tries" in str(app.screen.query_one("#pin-message").render())
        later = now() + timedelta(seconds=31)
        monkeypatch.setattr(sessions, "now", lambda: later)
        await pilot.press(*"2468", "enter")
        await settle(pilot)
        assert isinstance(app.screen, OverviewScreen)
        assert "You: Pip Pin" in visible_text(app)
