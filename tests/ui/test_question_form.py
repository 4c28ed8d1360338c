"""Co-writing on screen (issue 11): the boxes you type in can be seen, and an improvement starts from the words.

Pilot cannot see a box with no height, so these tests ask each box for its
size on the screen, at 80x24 and at a magnifier user's 60x20.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import TextArea

from panel_tui.services import OpenedSession, new_session
from panel_tui.store import SessionFile
from panel_tui.ui.screens.question_form import QuestionForm
from panel_tui.ui.screens.questions import QuestionsScreen

from .conftest import visible_text
from .helpers import settle, wait_for
from .test_questions import open_questions

BOXES = ("#text", "#guidance", "#follow-ups")


@pytest.fixture
def writing(sessions_dir: Path) -> Path:
    opened, chair = new_session(sessions_dir, "Support worker", chair_name="Sam Chair", chair_group="staff")
    assert chair is not None
    as_chair = opened.sign_in(chair.id)
    dee = as_chair.add_member("Dee Member", "member")
    opened.sign_in(dee.id).propose_question(
        "How would you make someone feel welcome on their first day?",
        guidance=["Greets them by name", "Shows them round"],
        follow_ups=["What if they seem nervous?"],
    )
    as_chair.add_member("Vic Volunteer", "volunteer")
    return opened.path


@pytest.mark.parametrize("size", [(80, 24), (60, 20), (120, 40)])
async def test_every_box_in_the_question_form_can_be_seen(writing: Path, app_for, size: tuple[int, int]) -> None:
    app = app_for(writing)
    async with app.run_test(size=size) as pilot:
        await open_questions(pilot, "Vic Volunteer")
        await pilot.press("p")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, QuestionForm)
        for box in BOXES:
            area = form.query_one(box, TextArea)
            area.scroll_visible(animate=False, immediate=True)
            await pilot.pause()
            assert area.region.height >= 3, f"{box} is {area.region.height} lines tall at {size[0]}x{size[1]}"


async def test_a_box_grows_with_what_is_typed(writing: Path, app_for) -> None:
    app = app_for(writing)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_questions(pilot, "Vic Volunteer")
        await pilot.press("p")
        await settle(pilot)
        area = app.screen.query_one("#guidance", TextArea)
        before = area.region.height
        area.load_text("\n".join(f"Point {n}" for n in range(6)))
        await pilot.pause()
        assert area.region.height > before, "the box grows to show what was typed"


async def test_improve_shows_the_current_words_and_typing_at_the_end_adds_at_the_end(writing: Path, app_for) -> None:
    app = app_for(writing)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_questions(pilot, "Vic Volunteer")
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, QuestionForm)
        assert "Now: How would you make someone feel welcome on their first day?" in visible_text(app)
        area = form.query_one("#text", TextArea)
        assert area.has_focus and area.cursor_location == area.document.end, "the cursor starts after the last word"
        await pilot.press("ctrl+end", *" And on the second?")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await wait_for(pilot, lambda: isinstance(app.screen, QuestionsScreen))
        text = visible_text(app)
        assert "{+" not in text and "[-" not in text, "a change reads as before and after, with no markup syntax"
        assert "Before: How would you make someone feel welcome on their first day?" in text
        assert "After: How would you make someone feel welcome on their first day? And on the second?" in text
    question = SessionFile.open(writing).state().questions[0]
    assert question.text == "How would you make someone feel welcome on their first day? And on the second?"


async def test_you_cannot_support_your_own_question(writing: Path, app_for) -> None:
    opened = OpenedSession.open(writing)
    dee = next(p for p in opened.who_are_you().people if p.name == "Dee Member")
    question = SessionFile.open(writing).state().questions[0]
    from panel_tui.domain.errors import NotAllowed

    with pytest.raises(NotAllowed, match="your own question"):
        opened.sign_in(dee.id).support_question(question.id)
    app = app_for(writing)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_questions(pilot, "Dee Member")
        footer = {b.binding.description for b in app.screen.active_bindings.values() if b.binding.show and b.enabled}
        assert "Support" not in footer, "the key is not offered on your own question"
    assert SessionFile.open(writing).state().questions[0].supporters == []
