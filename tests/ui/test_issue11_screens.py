"""Issue 11, screen faults a new user saw: whose voice carried, names in the results, codes on the
overview, footers at 80 and 60 columns, and the sheet after submitting at 60x20.

Each test reproduces what was seen, on the demo session (as a new user would meet it) or on a
session built through the services.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App
from textual.widgets import Footer, Static
from textual.widgets._footer import FooterKey

from panel_tui.services import OpenedSession
from panel_tui.services.demo import ensure_demo
from panel_tui.ui.screens.overview import OverviewScreen
from panel_tui.ui.screens.reconcile import ReconcileScreen
from panel_tui.ui.screens.results import ResultsScreen
from panel_tui.ui.screens.sheet import SheetScreen

from .conftest import visible_text
from .helpers import settle, sign_in_as, wait_for

CHAIR, MEMBER, HR = "Priya Shah", "Dee Morgan", "Hana Hart"
DEMO_NAMES = ("Priya", "Dee", "Aisha", "Vic", "Marcus")


def _as_chair(path: Path):  # type: ignore[no-untyped-def]
    opened = OpenedSession.open(path)
    chair = next(p for p in opened.who_are_you().people if p.name == CHAIR)
    return opened.sign_in(chair.id)


@pytest.fixture
def demo(sessions_dir: Path) -> Path:
    """The demo, with HR added (the demo has none) and agreement opened for C01, whose sheets are all in."""
    path, _ = ensure_demo(sessions_dir)
    chair = _as_chair(path)
    chair.add_member(HR, "staff", role="observer")
    first = chair.state.candidates_in_order[0]
    chair.open_reconciliation(first.id)
    chair.agree_unflagged_at_median(first.id)
    return path


def screen_lines(app: App[object]) -> list[str]:
    """The terminal's lines as a person sees them (what is cut off is not there)."""
    return ["".join(segment.text for segment in strip) for strip in app.screen._compositor.render_strips()]


def cut_keys(app: App[object]) -> list[str]:
    """Footer keys drawn only in part: past the right edge, or under the command palette's key."""
    footer = app.screen.query_one(Footer)
    keys = [k for k in footer.query(FooterKey) if k.display and k.region.width]
    palette = [k for k in keys if k.has_class("-command-palette")]
    limit = palette[0].region.x if palette else footer.region.right
    return [f"{k.key_display} {k.description}" for k in keys if not k.has_class("-command-palette") and k.region.right > limit]


def shown_keys(app: App[object]) -> set[str]:
    footer = app.screen.query_one(Footer)
    return {k.description for k in footer.query(FooterKey) if k.display and k.region.width}


async def open_reconcile(pilot) -> None:  # type: ignore[no-untyped-def]
    await sign_in_as(pilot, CHAIR)
    await pilot.press("r")
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ReconcileScreen))


# 1. Whose voice carried ------------------------------------------------------------


async def test_whose_voice_carried_opens_a_dialog_with_its_own_title(demo: Path, app_for) -> None:
    app = app_for(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reconcile(pilot)
        await pilot.press("v")
        await settle(pilot)
        title = str(app.screen.query_one(".dialog-title", Static).render())
        assert title == "Whose voice carried", title
        assert "Agreed scores were closest to" in visible_text(app)
        await pilot.press("escape", "n")
        await settle(pilot)
        assert str(app.screen.query_one(".dialog-title", Static).render()) == "Notes"


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_whose_voice_is_in_the_chairs_footer_with_nothing_cut(demo: Path, app_for, size: tuple[int, int]) -> None:
    app = app_for(demo)
    async with app.run_test(size=size) as pilot:
        await open_reconcile(pilot)
        shown = shown_keys(app)
        assert "Whose voice" in shown, shown
        assert {"Agree", "Agree rest", "More", "Back", "Help"} <= shown, shown
        assert cut_keys(app) == []


async def test_the_footer_fits_again_when_the_terminal_is_made_narrower_or_wider(demo: Path, app_for) -> None:
    app = app_for(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reconcile(pilot)
        wide = shown_keys(app)
        await pilot.resize_terminal(60, 20)
        await settle(pilot)
        assert cut_keys(app) == [] and "Whose voice" in shown_keys(app)
        assert shown_keys(app) < wide, "fewer keys, each whole"
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert shown_keys(app) == wide


async def test_keys_left_out_of_the_footer_are_in_the_more_menu_and_work(demo: Path, app_for) -> None:
    app = app_for(demo)
    async with app.run_test(size=(60, 20)) as pilot:
        await open_reconcile(pilot)
        assert "Outcome" not in shown_keys(app), "at 60 columns the outcome key is in the menu"
        await pilot.press("m")
        await settle(pilot)
        menu = visible_text(app)
        for words in ("O  Record the outcome", "S  Sign off", "N  Notes", "G  ", "H  "):
            assert words in menu, menu
        await pilot.press("down", "down", "down", "enter")  # the fourth choice: V, whose voice carried
        await settle(pilot)
        assert str(app.screen.query_one(".dialog-title", Static).render()) == "Whose voice carried"
        await pilot.press("escape", "o")  # the key works without the menu, too
        await settle(pilot)
        assert str(app.screen.query_one(".dialog-title", Static).render()) == "Outcome"


# 2. Results: calibration never by a hidden name -------------------------------------


async def test_results_show_calibration_by_pseudonym_when_names_are_hidden(demo: Path, app_for) -> None:
    assert _as_chair(demo).state.session.pseudonymous, "the demo hides panel members' names while agreeing"
    app = app_for(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in_as(pilot, CHAIR)
        await pilot.press("r", "t")
        await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)
        calibration = visible_text(app).split("Calibration")[1]
        for name in DEMO_NAMES:
            assert name not in calibration, calibration
        lines = [line.strip() for line in calibration.splitlines() if line.strip().startswith("Panel member")]
        assert [line.split()[2] for line in lines] == ["A", "B", "C", "D", "E"], "in letter order: name order would tell"


async def test_results_show_calibration_by_name_when_names_are_not_hidden(demo: Path, app_for) -> None:
    _as_chair(demo).update_details(pseudonymous=False)
    app = app_for(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in_as(pilot, CHAIR)
        await pilot.press("r", "t")
        await settle(pilot)
        calibration = visible_text(app).split("Calibration")[1]
        assert "Aisha Khan (Member): +" in calibration and "Panel member" not in calibration


def test_the_results_read_model_names_only_whom_the_reader_may_see(demo: Path) -> None:
    from panel_tui.services.results import results_for

    chair = _as_chair(demo)
    hidden = results_for(chair.view())
    assert hidden.calibration and all(line.who.startswith("Panel member ") for line in hidden.calibration)
    chair.update_details(pseudonymous=False, anonymised=True)
    shown = results_for(_as_chair(demo).view())
    assert {line.who for line in shown.calibration} >= {"Aisha Khan (Member)", "Priya Shah (Staff)"}
    assert shown.ranking[0].label == "C01 Jordan Ellis", "the chair may see candidates' names"


# 3. The overview shows a hidden candidate's code once ---------------------------------


async def test_overview_shows_a_hidden_name_as_the_code_once(demo: Path, app_for) -> None:
    _as_chair(demo).update_details(anonymised=True)
    app = app_for(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in_as(pilot, MEMBER)
        assert isinstance(app.screen, OverviewScreen)
        for tab in ("1", "3"):
            await pilot.press(tab)
            await settle(pilot)
            text = "\n".join(screen_lines(app))
            assert "C01" in text and "C01 C01" not in text and "C01  C01" not in text, text
            assert "Jordan" not in text


# 4. No footer shows a cut label ----------------------------------------------------------


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
@pytest.mark.parametrize("who", [MEMBER, CHAIR, HR])
async def test_the_overview_footer_shows_whole_keys_only(demo: Path, app_for, who: str, size: tuple[int, int]) -> None:
    app = app_for(demo)
    async with app.run_test(size=size) as pilot:
        await sign_in_as(pilot, who)
        assert isinstance(app.screen, OverviewScreen)
        assert cut_keys(app) == []
        footer_line = screen_lines(app)[-1]
        assert footer_line.rstrip()[-1:] != "C", f"a stray letter at the end: {footer_line!r}"
        assert {"Sign out", "Help", "Questions"} <= shown_keys(app)


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_results_and_sheet_footers_show_whole_keys_only(demo: Path, app_for, size: tuple[int, int]) -> None:
    app = app_for(demo)
    async with app.run_test(size=size) as pilot:
        await sign_in_as(pilot, CHAIR)
        await pilot.press("r", "t")
        await settle(pilot)
        assert isinstance(app.screen, ResultsScreen) and cut_keys(app) == []


# 5. The sheet after submitting, readable at 60x20 and 80x24 ------------------------------------


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_the_sheet_after_submitting_is_readable_by_keyboard(demo: Path, app_for, size: tuple[int, int]) -> None:
    state = OpenedSession.open(demo).as_tool("test").state
    first = state.candidates_in_order[0]
    dee = next(m for m in state.members if m.name == MEMBER)
    app = app_for(demo)
    async with app.run_test(size=size) as pilot:
        await sign_in_as(pilot, MEMBER)
        app.push_screen(SheetScreen(app.screen.service, dee.id, first.id))  # type: ignore[attr-defined]
        await settle(pilot)
        assert "✓ Submitted" in visible_text(app)
        sheet = app.screen.query_one("#sheet")
        area = sheet.scrollable_content_region  # the words, without the scroll bar
        assert area.right <= size[0], "nothing to the right of the screen"
        seen: list[str] = []
        for _ in range(12):  # read it all by keyboard, as a person would: Page Down to the end
            seen += [line[area.x : area.right] for line in screen_lines(app)[area.y : area.bottom]]
            await pilot.press("pagedown")
            await pilot.pause()
        text = " ".join(" ".join(line.split()) for line in seen)
        for question in state.agreed_questions:
            assert question.text in text, f"cut: {question.text!r}"
        assert "Good example from their own group work; clear about what they kept private." in text
        for other in ("Aisha (Member) 3", "Marcus (Staff) 3", "Priya (Staff) 3", "Vic (Volunteer) 4"):
            assert other in text, other
        assert cut_keys(app) == []


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
def test_the_sheet_after_submitting_as_a_picture(sessions_dir: Path, tmp_path: Path, snap_compare, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    """The demo's own content only (names, scores, notes): the same picture every run."""
    from panel_tui.ui.app import make_app

    path, _ = ensure_demo(sessions_dir)
    settings = tmp_path / "settings.json"
    settings.write_text('{"theme": "textual-dark"}')
    app = make_app(sessions_dir=sessions_dir, session_path=path, settings_file=settings)

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await sign_in_as(pilot, MEMBER)
        await pilot.press("s", "down", "enter")  # C01, submitted
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(pilot.app.screen, SheetScreen)

    assert snap_compare(app, terminal_size=size, run_before=run_before)
