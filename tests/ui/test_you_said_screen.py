""""You said, we did" through Pilot: a panel member's own page, P prints, the chair's W, and R for the record."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from textual.widgets import TextArea
from textual.widgets._footer import FooterKey

from panel_tui.store import SessionFile
from panel_tui.ui.screens.you_said import PanelDifferenceForm, YouSaidScreen
from tests.closing_round import Finished, build_finished

from .conftest import visible_text
from .helpers import settle, sign_in_as, wait_for


@pytest.fixture
def done(sessions_dir: Path) -> Finished:
    return build_finished(sessions_dir)


async def _open(pilot, app, name: str) -> None:  # type: ignore[no-untyped-def]
    await sign_in_as(pilot, name)
    app.push_screen(YouSaidScreen(app.screen.service))
    await wait_for(pilot, lambda: isinstance(app.screen, YouSaidScreen))
    await settle(pilot)


def _footer(app) -> set[str]:  # type: ignore[no-untyped-def]
    return {k.description for k in app.screen.query(FooterKey) if k.display}


async def test_a_member_reads_their_own_page_and_prints_it(done: Finished, app_for) -> None:  # type: ignore[no-untyped-def]
    done.chair.set_panel_difference("Members' questions changed who we offered the post to.")
    app = app_for(done.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot, app, "Dee Morgan")
        text = visible_text(app)
        assert "You said, we did: Dee Morgan" in text
        assert "Members' questions changed who we offered the post to." in text
        assert "You wrote this question. It was used in the interviews." in text
        assert "C01 Jordan Ellis: Offered the role" in text
        assert "Question 1: 1 point higher than agreed" in text
        for other in ("Priya Chair", "Vic Taylor", "Hana Jones"):
            assert other not in text
        assert "Write what changed" not in _footer(app)
        await pilot.press("p")
        await settle(pilot)
        folder = done.path.parent / "exports" / done.path.stem
        await wait_for(pilot, lambda: any(folder.glob("you-said-we-did-dee-morgan-*.html")))
        await settle(pilot)
        assert any("Open it in a web browser to print it" in str(n.message) for n in app._notifications)


async def test_before_outcomes_are_final_it_says_so(tmp_path: Path, app_for) -> None:  # type: ignore[no-untyped-def]
    done = build_finished(tmp_path / "s", final=False)
    app = app_for(done.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot, app, "Vic Taylor")
        assert "Not yet. Outcomes are final for 0 of 2 candidates." in visible_text(app)
        assert "C01 Jordan Ellis" not in visible_text(app)
        await pilot.press("p")
        await settle(pilot)
        assert any("Not yet" in str(n.message) for n in app._notifications)


async def test_the_chair_writes_what_changed_with_w(done: Finished, app_for) -> None:  # type: ignore[no-untyped-def]
    app = app_for(done.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot, app, "Priya Chair")
        assert "Write what changed" in _footer(app)
        assert "The chair has not written this yet." in visible_text(app)
        await pilot.press("w")
        await wait_for(pilot, lambda: isinstance(app.screen, PanelDifferenceForm))
        app.screen.query_one("#difference", TextArea).text = "Volunteers' scores on boundaries carried."
        await pilot.press("ctrl+s")
        await settle(pilot)
        await wait_for(pilot, lambda: isinstance(app.screen, YouSaidScreen))
        await settle(pilot)
        assert "Volunteers' scores on boundaries carried." in visible_text(app)
    assert SessionFile.open(done.path).state().session.panel_difference == "Volunteers' scores on boundaries carried."


def test_r_is_bound_to_my_record() -> None:
    keys = {b.key: b for b in YouSaidScreen.BINDINGS}  # type: ignore[union-attr]
    assert keys["r"].action == "record" and keys["r"].description == "My record"


@pytest.mark.skipif(importlib.util.find_spec("panel_tui.ui.screens.recognition") is None, reason="recognition screen not built yet")
async def test_r_opens_my_recognition_record(done: Finished, app_for) -> None:  # type: ignore[no-untyped-def]
    from panel_tui.ui.screens.recognition import RecognitionScreen

    app = app_for(done.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot, app, "Dee Morgan")
        await pilot.press("r")
        await settle(pilot)
        await wait_for(pilot, lambda: isinstance(app.screen, RecognitionScreen))


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_the_chair_s_keys_all_show(done: Finished, app_for, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    app = app_for(done.path)
    async with app.run_test(size=size) as pilot:
        await _open(pilot, app, "Priya Chair")
        assert {"Print", "Write what changed", "Back"} <= _footer(app), _footer(app)
