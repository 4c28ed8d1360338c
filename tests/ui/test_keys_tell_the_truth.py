"""Keys tell the truth (issue 11): after the last score the screen says how to submit, S submits from the
scoring screen, a submitted sheet offers no keys that would do nothing, and HR's S says "Paper sheet"."""

from __future__ import annotations

from panel_tui.services import OpenedSession
from panel_tui.store import SessionFile
from panel_tui.ui.screens.confirm import ConfirmScreen
from panel_tui.ui.screens.scoring import ScoringScreen
from panel_tui.ui.screens.sheet import SheetScreen

from .conftest import SIZE, visible_text
from .helpers import settle, sign_in_as, start_scoring, wait_for


def _footer(app) -> set[str]:  # type: ignore[no-untyped-def]
    return {b.binding.description for b in app.screen.active_bindings.values() if b.binding.show and b.enabled}


async def test_after_the_last_score_the_screen_says_how_to_submit_and_s_submits(panel, app_for) -> None:
    app = app_for(panel.path)
    async with app.run_test(size=SIZE) as pilot:
        await start_scoring(pilot, "Dee Member")
        await pilot.press("3")
        await settle(pilot)
        assert "All scored: press S to submit, or V to check first." in visible_text(app)
        await pilot.press("s")
        await settle(pilot)
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await settle(pilot)
        await wait_for(pilot, lambda: isinstance(app.screen, SheetScreen) and "✓ Submitted" in visible_text(app))
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ScoringScreen)
        shown = _footer(app)
        assert "Note" not in shown and "Score" not in shown and "Auto" not in shown, shown
    state = SessionFile.open(panel.path).state()
    assert state.sheet(panel.member.id, state.candidates[0].id).submitted  # type: ignore[union-attr]


async def test_hr_sees_paper_sheet_not_score(panel, app_for) -> None:
    OpenedSession.open(panel.path).sign_in(panel.chair.id).add_member("Hana HR", "staff", role="observer")
    app = app_for(panel.path)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_as(pilot, "Hana HR")
        shown = _footer(app)
        assert "Paper sheet" in shown and "Score" not in shown, shown


async def test_help_lists_only_the_apps_own_keys_and_the_digits_of_the_scale(panel, app_for) -> None:
    app = app_for(panel.path)
    async with app.run_test(size=SIZE) as pilot:
        await start_scoring(pilot, "Dee Member")
        await pilot.press("f1")
        await settle(pilot)
        text = visible_text(app)
        for jargon in ("Focus", "Copy", "Page Left", "super+", "Scroll"):
            assert jargon not in text, f"{jargon!r} is the framework's, not ours"
        score_keys = [line.split()[0] for line in text.splitlines() if line.rstrip().endswith("  Score")]
        assert score_keys == ["0-4"], "one line for the digits of this session's scale, and no others"


async def test_the_colours_have_plain_names(panel, app_for) -> None:
    app = app_for(panel.path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        names = []
        for _ in range(3):
            await pilot.press("ctrl+t")
            await settle(pilot)
            names.append(str(list(app._notifications)[-1].message))
        assert names == ["Colours: light", "Colours: high contrast", "Colours: dark"]


async def test_a_locked_set_says_why_propose_improve_and_support_are_not_offered(panel, app_for) -> None:
    app = app_for(panel.path)  # the panel fixture's question set is locked
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_as(pilot, "Dee Member")
        await pilot.press("q")
        await settle(pilot)
        shown = _footer(app)
        assert not {"New", "Improve", "Support"} & shown, shown
        assert "Locked for the interviews: no proposing, improving or supporting now." in visible_text(app)
