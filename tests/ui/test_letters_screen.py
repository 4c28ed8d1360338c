"""The chair's letters screen through Pilot: draft, edit (the words typed are kept), mark sent, print."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import TextArea
from textual.widgets._footer import FooterKey

from panel_tui.store import SessionFile
from panel_tui.ui.screens.confirm import ConfirmScreen
from panel_tui.ui.screens.letter_form import LetterForm
from panel_tui.ui.screens.letters import LettersScreen
from tests.closing_round import MEMBER_NAMES, Finished, build_finished

from .conftest import visible_text
from .helpers import settle, sign_in_as, wait_for


@pytest.fixture
def done(sessions_dir: Path) -> Finished:
    return build_finished(sessions_dir)


async def _open_letters(pilot, app) -> None:  # type: ignore[no-untyped-def]
    await sign_in_as(pilot, "Priya Chair")
    app.push_screen(LettersScreen(app.screen.service))
    await wait_for(pilot, lambda: isinstance(app.screen, LettersScreen))
    await settle(pilot)


def _letter(done: Finished, code: str):  # type: ignore[no-untyped-def]
    state = SessionFile.open(done.path).state()
    return next((f for f in state.letters if f.candidate_id == done.candidates[code]), None)


async def test_the_chair_drafts_edits_marks_sent_and_prints_a_letter(done: Finished, app_for) -> None:  # type: ignore[no-untyped-def]
    app = app_for(done.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_letters(pilot, app)
        text = visible_text(app)
        assert "C01 Jordan Ellis" in text and "No letter yet" in text
        await pilot.press("down", "d")
        await settle(pilot)
        await wait_for(pilot, lambda: _letter(done, "C02") is not None)
        await settle(pilot)
        assert "Dear Sam Okafor," in visible_text(app) and "Draft" in visible_text(app)
        for name in MEMBER_NAMES:
            assert name not in visible_text(app)

        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, LetterForm))
        area = app.screen.query_one("#letter-text", TextArea)
        area.text = "Dear Sam,\n\nThank you for coming. Do apply again."
        await pilot.press("ctrl+s")
        await settle(pilot)
        await wait_for(pilot, lambda: isinstance(app.screen, LettersScreen))
        assert _letter(done, "C02").text == "Dear Sam,\n\nThank you for coming. Do apply again."

        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert "cannot change" in visible_text(app)
        await pilot.press("y")
        await settle(pilot)
        await wait_for(pilot, lambda: _letter(done, "C02").sent_on is not None)
        await settle(pilot)
        assert "Sent on" in visible_text(app)

        await pilot.press("p")
        await settle(pilot)
        folder = done.path.parent / "exports" / done.path.stem
        await wait_for(pilot, lambda: (folder / "feedback-letter-C02.txt").exists())
        assert (folder / "feedback-letter-C02.html").exists()
        await settle(pilot)
        assert any("feedback-letter-C02.html" in str(n.message) for n in app._notifications)


async def test_a_refused_save_keeps_every_word_typed(done: Finished, app_for) -> None:  # type: ignore[no-untyped-def]
    done.chair.draft_feedback_letter(done.candidates["C01"])
    app = app_for(done.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_letters(pilot, app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, LetterForm))
        done.chair.mark_letter_sent(done.candidates["C01"])  # another terminal marks it sent meanwhile
        area = app.screen.query_one("#letter-text", TextArea)
        area.text = "Words I typed and must not lose."
        await pilot.press("ctrl+s")
        await settle(pilot)
        await settle(pilot)
        assert isinstance(app.screen, (LetterForm,)) or "changed this" in visible_text(app)
        await wait_for(pilot, lambda: any(isinstance(s, LetterForm) for s in app.screen_stack))
        form = next(s for s in app.screen_stack if isinstance(s, LetterForm))
        assert form.query_one("#letter-text", TextArea).text == "Words I typed and must not lose."
    assert _letter(done, "C01").text != "Words I typed and must not lose."


async def test_escape_with_changes_asks_first(done: Finished, app_for) -> None:  # type: ignore[no-untyped-def]
    done.chair.draft_feedback_letter(done.candidates["C01"])
    app = app_for(done.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_letters(pilot, app)
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, LetterForm))
        app.screen.query_one("#letter-text", TextArea).text = "Changed."
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, LetterForm)
        assert app.screen.query_one("#letter-text", TextArea).text == "Changed."


async def test_no_outcome_is_said_plainly(tmp_path: Path, app_for) -> None:  # type: ignore[no-untyped-def]
    done = build_finished(tmp_path / "s")
    done.chair.add_candidate("Riley Chen")
    app = app_for(done.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_letters(pilot, app)
        await pilot.press("down", "down")
        await settle(pilot)
        assert "C03 has no outcome yet. Record the outcome first, then draft the letter." in visible_text(app)
        await pilot.press("d")
        await settle(pilot)
        assert any("C03 has no outcome yet" in str(n.message) for n in app._notifications)


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_every_key_shows_in_the_footer(done: Finished, app_for, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    app = app_for(done.path)
    async with app.run_test(size=size) as pilot:
        await _open_letters(pilot, app)
        shown = {k.description for k in app.screen.query(FooterKey) if k.display}
        assert {"Draft", "Edit", "Mark sent", "Print", "Back"} <= shown, shown


async def test_a_letter_s_words_are_shown_as_typed_never_as_markup(done: Finished, app_for) -> None:  # type: ignore[no-untyped-def]
    c01 = done.candidates["C01"]
    done.chair.draft_feedback_letter(c01)
    done.chair.edit_feedback_letter(c01, "Dear Jordan, [/] [b]well done[/b] \x1b[2J")
    app = app_for(done.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_letters(pilot, app)
        assert "Dear Jordan, [/] [b]well done[/b] \\x1b[2J" in visible_text(app)
