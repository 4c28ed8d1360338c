"""Easy Read on screen: a box for it in the question form with the checker's hint live under it,
and L on the scoring screen going round the versions a question has, saying which one is shown.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static, TextArea

from panel_tui.services import OpenedSession, new_session
from panel_tui.store import SessionFile
from panel_tui.ui.screens.question_form import QuestionForm
from panel_tui.ui.screens.scoring import ScoringScreen

from .conftest import visible_text
from .helpers import settle, start_scoring
from .test_questions import open_questions

WRITTEN = "Describe your approach to person-centred planning with stakeholders."
PLAIN = "How do you plan with the person?"
EASY = "You help someone make a plan. How do you find out what they want?"


@pytest.fixture
def writing(sessions_dir: Path) -> Path:
    opened, chair = new_session(sessions_dir, "Support worker", chair_name="Sam Chair", chair_group="staff")
    assert chair is not None
    opened.sign_in(chair.id).add_member("Dee Member", "member")
    return opened.path


def _hint(form: QuestionForm) -> str:
    return str(form.query_one("#easy-read-hint", Static).render())


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_the_easy_read_box_can_be_seen_and_its_hint_follows_the_typing(writing: Path, app_for, size: tuple[int, int]) -> None:
    app = app_for(writing)
    async with app.run_test(size=size) as pilot:
        await open_questions(pilot, "Dee Member")
        await pilot.press("p")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, QuestionForm)
        await pilot.press(*"How do you plan?")
        box = form.query_one("#easy-read", TextArea)
        box.scroll_visible(animate=False, immediate=True)
        await pilot.pause()
        assert box.region.height >= 3, f"the Easy Read box is {box.region.height} lines tall at {size[0]}x{size[1]}"
        assert "Easy Read version (optional)" in visible_text(app)
        assert _hint(form).startswith("Easy Read: short sentences of up to 15 words")

        box.focus()
        await pilot.press(*"Who are the stakeholders?")
        await pilot.pause()
        assert _hint(form) == "Easy Read: 'stakeholder' is jargon (say 'people involved')."
        box.load_text("Who are the people involved?")
        await pilot.pause()
        assert _hint(form) == "Easy Read: no problems found."
        await pilot.press("ctrl+s")
        await settle(pilot)
    saved = SessionFile.open(writing).state().questions[0]
    assert (saved.text, saved.easy_read) == ("How do you plan?", "Who are the people involved?")


async def test_improving_a_question_shows_its_easy_read_version_and_what_the_checker_says(writing: Path, app_for) -> None:
    state = SessionFile.open(writing).state()
    dee = next(m for m in state.members if m.name == "Dee Member")
    OpenedSession.open(writing).sign_in(dee.id).propose_question("How do you plan?", easy_read="It was done by you.")
    app = app_for(writing)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_questions(pilot, "Dee Member")
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, QuestionForm)
        assert form.query_one("#easy-read", TextArea).text == "It was done by you."
        assert _hint(form) == "Easy Read: 'was done' may be passive (say who does it)."
        form.query_one("#easy-read", TextArea).load_text("You did it.")
        await pilot.press("ctrl+s")
        await settle(pilot)
    saved = SessionFile.open(writing).state().questions[0]
    assert saved.easy_read == "You did it." and saved.revisions == []


@pytest.fixture
def scoring(sessions_dir: Path) -> Path:
    """Three agreed questions: every version; plain words only; as written only."""
    opened, chair = new_session(sessions_dir, "Support worker", chair_name="Sam Chair", chair_group="staff")
    assert chair is not None
    svc = opened.sign_in(chair.id)
    svc.add_member("Dee Member", "member")
    svc.add_candidate("Alex Kim")
    for words in (
        {"text": WRITTEN, "plain_text": PLAIN, "easy_read": EASY},
        {"text": "Second, as written?", "plain_text": "Second, plain?"},
        {"text": "Third, only as written?"},
    ):
        q = svc.propose_question(**words)
        svc.set_question_status(q.id, "agreed")
    svc.lock_questions()
    return opened.path


async def test_l_goes_round_the_versions_a_question_has_and_says_which_is_shown(scoring: Path, app_for) -> None:
    app = app_for(scoring)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_scoring(pilot, "Dee Member")
        assert isinstance(app.screen, ScoringScreen)
        assert WRITTEN in visible_text(app) and "As written. Press L for plain words." in visible_text(app)
        await pilot.press("l")
        await pilot.pause()
        text = visible_text(app)
        assert PLAIN in text and WRITTEN not in text
        assert "In plain words. Press L for the Easy Read version." in text
        await pilot.press("l")
        await pilot.pause()
        text = visible_text(app)
        assert "You help someone make a plan.\nHow do you find out what they want?" in text, "one sentence a line"
        assert "In Easy Read. Press L for the question as written." in text

        await pilot.press("right")  # Easy Read chosen; this question has plain words at most
        await pilot.pause()
        text = visible_text(app)
        assert "Second, plain?" in text and "In plain words. Press L for the question as written." in text
        await pilot.press("l")
        await pilot.pause()
        assert "Second, as written?" in visible_text(app)
        await pilot.press("right")
        await pilot.pause()
        text = visible_text(app)
        assert "Third, only as written?" in text and "Press L" not in text
        await pilot.press("l")
        await pilot.pause()
        assert "This question has only one wording." in visible_text(app)
